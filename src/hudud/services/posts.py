"""Border posts that keep working offline, and their national node's side of the exchange.

A post screens against a signed, dated snapshot of its state's lists and the alerts in scope; every
crossing it records is written, with its signed message, to the local outbox in one transaction, so
the link being down loses nothing. When the link returns the outbox is sent with idempotent message
ids; the national node stores each crossing once by id and settles two versions of one crossing with
``hudud.sharing.crossings.prevails``. Hits on another state's alert found at a post are notified to
the originator by the national node, which signs the notice."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from hudud.errors import N_, Forbidden, InvalidInput, NotFound
from hudud.messaging import subjects
from hudud.policy import Caller, Permission
from hudud.screening.engine import Hit, Screener
from hudud.screening.entries import LostDocument, Traveller
from hudud.screening.index import ScreeningIndex
from hudud.services import audit, lists, sharing
from hudud.services.heap import long_lived
from hudud.services.sharing import NETWORK, NodeContext
from hudud.sharing.alerts import Decision
from hudud.sharing.crossings import Crossing, CrossingHit, crossing_from_body, prevails
from hudud.sharing.envelope import Envelope, Rejected, parse, seal, timestamp
from hudud.store.entry_codec import entry_from_json, entry_to_json
from hudud.store.sharing_tables import CrossingRecord, PostSnapshot, SeenEnvelope
from hudud.store.tables import utcnow


# ----- the snapshot ------------------------------------------------------------------------------
def build_snapshot(session: Session, ctx: NodeContext) -> bytes:
    """National node: sign the lists and alerts its posts screen against, dated now."""
    if ctx.role != "national":
        raise Forbidden(N_("snapshots are issued by national nodes"))
    entries = [
        *lists.active_entries(session, owner=ctx.country),
        *sharing.alert_entries(session, ctx.country),
    ]
    documents = [
        *lists.active_lost_documents(session, owner=ctx.country),
        *sharing.alert_lost_documents(session, ctx.country),
    ]
    now = utcnow()
    body = {
        "country": ctx.country,
        "version": f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}",
        "issued_at": timestamp(now),
        "entries": [entry_to_json(e) for e in entries],
        "documents": [
            {
                "number": d.number,
                "state": d.issuing_state,
                "kind": d.kind,
                "status": d.status,
                "source": d.source,
                "reported_on": d.reported_on.isoformat() if d.reported_on else None,
            }
            for d in documents
        ],
    }
    return seal(ctx.key.private, ctx.node_id, "snapshot", body, at=now).to_bytes()


def load_snapshot(session: Session, ctx: NodeContext, raw: bytes) -> PostSnapshot:
    """Post: keep a snapshot signed by this state's national node, if newer than the one held."""
    try:
        envelope = parse(raw)
        if envelope.type != "snapshot":
            raise Rejected("malformed", f"expected a snapshot, got a {envelope.type}")
        node = sharing.current_directory(session).authenticate(envelope)
        if node.country != ctx.country or envelope.body.get("country") != ctx.country:
            raise Rejected(
                "not_allowed", f"snapshot from {node.id} is not from {ctx.country}'s national node"
            )
    except Rejected as error:
        raise sharing.refused(error, raw) from None
    held = current_snapshot(session)
    if held is not None and held.issued_at >= envelope.at:
        return held
    row = PostSnapshot(
        version=str(envelope.body.get("version")),
        issuer=envelope.sender,
        issued_at=envelope.at,
        raw=raw.decode(),
    )
    session.add(row)
    session.flush()
    audit.append(session, NETWORK, "snapshot.load", record_type="snapshot", record_id=row.version)
    return row


def current_snapshot(session: Session) -> PostSnapshot | None:
    return session.scalars(select(PostSnapshot).order_by(PostSnapshot.issued_at.desc()).limit(1)).first()


@dataclass(frozen=True)
class SnapshotStatus:
    """How old the post's lists are: shown on the console so the officer knows what they check against."""

    version: str | None
    issued_at: datetime | None
    age: timedelta | None
    stale: bool

    def describe(self) -> str:
        if self.issued_at is None or self.age is None:
            return "no lists loaded: travellers are recorded but not screened"
        hours = self.age.total_seconds() / 3600
        return f"lists of {self.issued_at:%Y-%m-%d %H:%M} UTC ({hours:.1f} h old{', STALE' if self.stale else ''})"


def _snapshot_meta(session: Session) -> tuple[str, datetime] | None:
    """Version and date of the snapshot in force, without loading its (large) signed text."""
    row = session.execute(
        select(PostSnapshot.version, PostSnapshot.issued_at).order_by(PostSnapshot.issued_at.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def snapshot_status(session: Session, stale_after: timedelta) -> SnapshotStatus:
    meta = _snapshot_meta(session)
    if meta is None:
        return SnapshotStatus(None, None, None, True)
    age = utcnow() - meta[1]
    return SnapshotStatus(meta[0], meta[1], age, age > stale_after)


_screeners: dict[str, Screener] = {}


def snapshot_screener(session: Session) -> tuple[str, Screener]:
    """A screener over the current snapshot (built once per snapshot version)."""
    meta = _snapshot_meta(session)
    if meta is None:
        return "", Screener(ScreeningIndex())
    version = meta[0]
    if version not in _screeners:
        raw = session.scalar(select(PostSnapshot.raw).where(PostSnapshot.version == version)) or "{}"
        body = parse(raw.encode()).body  # verified when it was loaded
        documents = [
            LostDocument(d["number"], d["state"], d["kind"], None, d["status"], d["source"])
            for d in body["documents"]
        ]
        if len(_screeners) > 4:
            _screeners.clear()
        with long_lived():
            index = ScreeningIndex(entry_from_json(e) for e in body["entries"])
            _screeners[version] = Screener(index, lost_documents=documents)
    return version, _screeners[version]


# ----- recording crossings at the post ----------------------------------------------------------
@dataclass(frozen=True)
class CrossingResult:
    crossing: Crossing
    hits: list[Hit]
    snapshot: SnapshotStatus


def traveller_body(t: Traveller) -> dict[str, object]:
    return {
        "id": t.id,
        "names": list(t.names),
        "given": t.given,
        "family": t.family,
        "birth_date": t.birth_date.iso() if t.birth_date else None,
        "nationalities": list(t.nationalities),
        "gender": t.gender,
        "documents": [[d.number, d.issuing_state] for d in t.documents],
    }


def process_traveller(
    session: Session,
    caller: Caller,
    ctx: NodeContext,
    traveller: Traveller,
    direction: str,
    *,
    decision: Decision | None = None,
    stale_after: timedelta = timedelta(hours=24),
    at: datetime | None = None,
) -> CrossingResult:
    """Screen a traveller against the snapshot and record the crossing locally, link or no link.

    Without an explicit decision a traveller with a matching hit is ``referred`` (a supervisor
    decides, see ``revise_decision``) and one without is ``admitted``."""
    if ctx.role != "post":
        raise Forbidden(N_("crossings are recorded at border posts"))
    if not caller.can(Permission.SCREEN):
        raise Forbidden(N_("your role does not screen travellers")).then(
            audit.denial(caller, "crossing.record")
        )
    if direction not in ("entry", "exit"):
        raise InvalidInput(N_("direction must be entry or exit"), field="direction")
    version, screener = snapshot_screener(session)
    hits = [h for h in screener.screen(traveller) if h.match]
    now = at or utcnow()
    crossing = Crossing(
        id=str(uuid.uuid4()),
        post=ctx.node_id,
        country=ctx.country,
        crossing_point=ctx.crossing_point,
        direction=direction,
        at=now,
        traveller=traveller_body(traveller),
        decision=(decision or (Decision.REFERRED if hits else Decision.ADMITTED)).value,
        decided_at=now,
        hits=tuple(CrossingHit(h.entry_id, _list_of(h), h.score) for h in hits),
        snapshot_version=version,
    )
    _save(session, crossing, received=False)
    _send(session, ctx, crossing)
    audit.append(
        session,
        caller,
        "crossing.record",
        record_type="crossing",
        record_id=crossing.id,
        detail=f"hits={len(hits)}",
    )
    return CrossingResult(crossing, hits, snapshot_status(session, stale_after))


def revise_decision(
    session: Session, caller: Caller, ctx: NodeContext, crossing_id: str, decision: Decision
) -> Crossing:
    """Post: a supervisor's later decision on a crossing (a new revision, sent like the first)."""
    if not caller.can(Permission.CASES_REVIEW):
        raise Forbidden(N_("your role does not review cases")).then(audit.denial(caller, "crossing.decide"))
    row = session.get(CrossingRecord, crossing_id)
    if row is None or row.country != ctx.country:
        raise NotFound(N_("no such crossing"))
    crossing = _from_row(row)
    revised = replace(crossing, decision=decision.value, revision=row.revision + 1, decided_at=utcnow())
    _save(session, revised, received=False, row=row)
    _send(session, ctx, revised)
    audit.append(
        session,
        caller,
        "crossing.decide",
        record_type="crossing",
        record_id=crossing_id,
        detail=decision.value,
    )
    return revised


def _list_of(hit: Hit) -> str:
    if hit.entry is not None:
        return hit.entry.list_name
    return "lost-documents"


def _send(session: Session, ctx: NodeContext, crossing: Crossing) -> None:
    envelope = seal(ctx.key.private, ctx.node_id, "crossing", crossing.to_body(), at=utcnow())
    sharing.enqueue(session, subjects.crossing(ctx.country, ctx.node_id), envelope)


def _save(
    session: Session, c: Crossing, *, received: bool, row: CrossingRecord | None = None
) -> CrossingRecord:
    if row is None:
        row = CrossingRecord(id=c.id)
        session.add(row)
    row.post, row.country, row.crossing_point, row.direction = (
        c.post,
        c.country,
        c.crossing_point,
        c.direction,
    )
    row.at, row.decision, row.revision, row.decided_at = c.at, c.decision, c.revision, c.decided_at or c.at
    row.traveller = c.traveller
    row.hits = [{"entry_id": h.entry_id, "list": h.list_name, "score": h.score} for h in c.hits]
    row.snapshot_version = c.snapshot_version
    row.digest = c.digest()
    row.received_at = utcnow() if received else None
    return row


def _from_row(row: CrossingRecord) -> Crossing:
    return crossing_from_body(
        {
            "id": row.id,
            "post": row.post,
            "country": row.country,
            "crossing_point": row.crossing_point,
            "direction": row.direction,
            "at": timestamp(row.at),
            "traveller": row.traveller,
            "decision": row.decision,
            "revision": row.revision,
            "decided_at": timestamp(row.decided_at),
            "hits": row.hits,
            "snapshot": row.snapshot_version,
        }
    )


# ----- receiving crossings at the national node -------------------------------------------------
def receive_crossings(session: Session, ctx: NodeContext, raws: Sequence[bytes]) -> int:
    """National node: store crossings from its posts; returns how many changed what is stored.

    Built for a post's backlog of thousands: signatures are checked one by one, but replays and
    existing crossings are looked up per batch and new crossings inserted together, with one audit
    record per batch. A copy already applied is skipped; an older revision loses to the newer one
    whatever the arrival order; a hit on another state's alert is notified to the originator."""
    opened: list[tuple[Envelope, Crossing]] = []
    for raw in raws:
        try:
            envelope, node = sharing.authenticate(session, ctx, raw, ("crossing",))
            crossing = crossing_from_body(envelope.body)
            if node.country != ctx.country or crossing.country != ctx.country or crossing.post != node.id:
                raise Rejected(
                    "not_allowed", f"post {node.id} of {node.country} may not report for {crossing.country}"
                )
        except Rejected as error:
            raise sharing.refused(error, raw) from None
        opened.append((envelope, crossing))
    ids = [e.id for e, _ in opened]
    seen = set(session.scalars(select(SeenEnvelope.envelope_id).where(SeenEnvelope.envelope_id.in_(ids))))
    fresh: dict[str, Crossing] = {}
    seen_rows: list[dict[str, object]] = []
    for envelope, crossing in opened:
        if envelope.id in seen:
            continue  # a post resending after a crash: an identical, signed copy
        seen.add(envelope.id)
        seen_rows.append(
            {"envelope_id": envelope.id, "type": "crossing", "sender": envelope.sender, "seen_at": utcnow()}
        )
        held = fresh.get(crossing.id)
        if held is None or prevails(crossing, held):
            fresh[crossing.id] = crossing
    if seen_rows:
        session.execute(insert(SeenEnvelope), seen_rows)
    existing = {
        r.id: r for r in session.scalars(select(CrossingRecord).where(CrossingRecord.id.in_(list(fresh))))
    }
    changed = [c for c in fresh.values() if c.id not in existing or prevails(c, _from_row(existing[c.id]))]
    new_rows = [_row_values(c) for c in changed if c.id not in existing]
    if new_rows:
        session.execute(insert(CrossingRecord), new_rows)
    for crossing in changed:
        if crossing.id in existing:
            _save(session, crossing, received=True, row=existing[crossing.id])
        if _alert_hits(crossing.hits):
            _notify_foreign_hits(session, ctx, crossing)
    if changed:
        posts_seen = sorted({c.post for c in changed})
        audit.append(
            session,
            NETWORK,
            "crossing.receive",
            record_type="crossing",
            record_id=",".join(posts_seen)[:64],
            detail=f"crossings={len(changed)} first={changed[0].id} last={changed[-1].id}",
        )
    return len(changed)


def receive_crossing(session: Session, ctx: NodeContext, raw: bytes) -> bool:
    """One crossing (see ``receive_crossings``); True when it changed what is stored."""
    return receive_crossings(session, ctx, [raw]) == 1


def _row_values(c: Crossing) -> dict[str, object]:
    return {
        "id": c.id,
        "post": c.post,
        "country": c.country,
        "crossing_point": c.crossing_point,
        "direction": c.direction,
        "at": c.at,
        "decision": c.decision,
        "revision": c.revision,
        "decided_at": c.decided_at or c.at,
        "traveller": c.traveller,
        "hits": [{"entry_id": h.entry_id, "list": h.list_name, "score": h.score} for h in c.hits],
        "snapshot_version": c.snapshot_version,
        "digest": c.digest(),
        "received_at": utcnow(),
    }


def _notify_foreign_hits(session: Session, ctx: NodeContext, crossing: Crossing) -> None:
    """Tell originators about hits on their alerts: on first receipt, and again when the decision changes."""
    try:
        decision = Decision(crossing.decision)
    except ValueError:
        decision = Decision.REFERRED
    for hit in _alert_hits(crossing.hits):
        sharing.notify_hit(
            session,
            NETWORK,
            ctx,
            hit.entry_id,
            crossing.crossing_point,
            decision,
            at=crossing.decided_at or crossing.at,
        )


def _alert_hits(hits: Iterable[CrossingHit]) -> list[CrossingHit]:
    return [h for h in hits if h.list_name.startswith("alert:") or h.entry_id.startswith("lost-")]


def crossings_count(session: Session, post: str | None = None) -> int:
    query = select(func.count()).select_from(CrossingRecord).where(CrossingRecord.received_at.is_not(None))
    if post:
        query = query.where(CrossingRecord.post == post)
    return session.scalar(query) or 0
