"""A page whose every read would be refused is refused itself (403, the refusal audited), rather than
shown empty: the traveller search to roles that do not read traveller records, the alerts in force to
roles that see none (a trainee of the border police, an administrator who keeps lists does see them)."""

from __future__ import annotations

from hudud.services import identity
from tests.e2e.conftest import PASSWORD, SYSTEM
from tests.e2e.test_alerts_api import add_sharing_users
from tests.e2e.test_alerts_pages import sign_in
from tests.e2e.test_piu_access import _denied


def test_traveller_search_and_alerts_refuse_roles_that_read_nothing_there(client, node) -> None:
    add_sharing_users(node)
    node.run(
        lambda s: identity.create_user(
            s,
            SYSTEM,
            username="trainee.mar",
            full_name="Trainee",
            password=PASSWORD,
            country="MAR",
            agency="border_police",
            roles=("trainee",),
        )
    )
    sign_in(client, "trainee.mar")
    for path in ("/travellers", "/alerts"):
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert 'name="q"' not in refused.text and "hudud node init" not in refused.text
    assert _denied(node, "trainee.mar") == [("traveller.search", None), ("alert.list", None)]

    sign_in(client, "liaison.mar")  # shares alerts; reads no traveller records
    assert client.get("/alerts").status_code == 200
    assert client.get("/travellers").status_code == 403

    sign_in(client, "officer.mar")  # the desk's officer searches the records of the state
    page = client.get("/travellers")
    assert page.status_code == 200 and 'name="q"' in page.text
