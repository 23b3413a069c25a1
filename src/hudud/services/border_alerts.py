"""Hit notices from the border desk: when a traveller's decided crossing had a hit on another state's
shared alert, the originating state is told which alert, where, when and the decision — nothing more.

Called after every decision, so the originator learns of a referral and then of the final decision.
Keys are only loaded when a hit really is on an alert: a node that never received alerts needs none."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.services import cases, sharing
from hudud.settings import get_settings
from hudud.sharing.alerts import Decision
from hudud.store.border_tables import BorderCrossing
from hudud.store.sharing_tables import HitNoticeRecord
from hudud.store.tables import CrossingPoint

_DECISIONS = {"admitted": Decision.ADMITTED, "refused": Decision.REFUSED, "referred": Decision.REFERRED}


def load_context() -> sharing.NodeContext:
    """This node's signing context, from its settings."""
    return sharing.node_context(get_settings())


def notify_alert_hits(session: Session, caller: Caller, crossing: BorderCrossing) -> list[HitNoticeRecord]:
    """Send a notice for each case of ``crossing`` that is a hit on a shared alert."""
    decision = _DECISIONS.get(crossing.decision or "")
    if decision is None:
        return []
    alert_hits = [
        c.entry_id for c in cases.cases_of(session, crossing.id) if sharing.alert_for_hit(session, c.entry_id)
    ]
    if not alert_hits:
        return []
    ctx = load_context()
    point = session.get(CrossingPoint, crossing.crossing_point_id)
    place = point.code if point else str(crossing.crossing_point_id)
    sent = []
    for entry_id in alert_hits:
        record = sharing.notify_hit(
            session,
            caller,
            ctx,
            entry_id,
            place=place,
            decision=decision,
            at=crossing.decided_at,
            country=crossing.country,
        )
        if record is not None:
            sent.append(record)
    return sent
