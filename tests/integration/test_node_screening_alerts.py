"""A regional alert received from a partner is screened by the receiving node at once (the index is
rebuilt when alerts change), and only in the states within the alert's scope."""

from __future__ import annotations

from hudud.policy import Caller, Principal
from hudud.screening.entries import BirthDate, Traveller
from hudud.services import reference, sharing
from hudud.services.node_screening import NodeScreening
from hudud.sharing.alerts import Scope, ScopeKind
from tests.integration.test_sharing_services import nodes, share  # noqa: F401  (fixture reuse)


def officer(country: str) -> Caller:
    return Caller(
        Principal(7, f"officer.{country.lower()}", country, "border_police", frozenset({"officer"}))
    )


def test_received_alert_is_screened_only_within_its_scope(nodes) -> None:  # noqa: F811
    mar, uow = nodes["mar"]
    uow.run(reference.load_reference_data)
    engine = NodeScreening(threshold=0.7)
    traveller = Traveller(
        "t1", ("Hocine Ait Ahmed",), birth_date=BirthDate(1979, 5, 2), nationalities=("DZA",)
    )
    before = uow.run(lambda s: engine.screen(s, officer("MAR"), traveller))
    assert not any(h.match for h in before)

    _alert_id, raw = share(nodes, Scope(ScopeKind.STATES, ("MAR",)))
    uow.run(lambda s: sharing.receive(s, mar, raw))

    after = uow.run(lambda s: engine.screen(s, officer("MAR"), traveller))
    assert after and after[0].match and after[0].entry is not None
    assert after[0].entry.list_name == "alert:DZA"
    elsewhere = uow.run(lambda s: engine.screen(s, officer("TUN"), traveller))
    assert not any(h.entry is not None and h.entry.list_name.startswith("alert:") for h in elsewhere)
