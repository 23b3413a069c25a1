"""Regional sharing use cases: the node directory, signed alerts, hit notices, and receiving them.

Everything a node sends is written to the outbox in the same transaction as the change it announces
(and its audit record); ``hudud.services.sharing_runtime`` publishes the outbox to JetStream. Every
message received goes through ``open_message``: parse, authenticate against the signed directory,
refuse replays. Refusals are audit-logged in a fresh transaction and never applied."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hudud.errors import N_, ConfigurationError, Conflict, Forbidden, InvalidInput, NotFound
from hudud.messaging import keys as key_files
from hudud.messaging import subjects
from hudud.messaging.keys import NodeKey
from hudud.policy import PERSONAL_DATA_AGENCIES, Caller, Permission
from hudud.screening.entries import ListEntry, LostDocument
from hudud.services import audit
from hudud.settings import Settings
from hudud.sharing.alerts import (
    Alert,
    AlertKind,
    Decision,
    Document,
    Handling,
    HitNotice,
    Person,
    Scope,
    ScopeKind,
    alert_from_body,
    notice_from_body,
)
from hudud.sharing.directory import EMPTY, Directory, DirectoryNode, directory_from_body, open_directory
from hudud.sharing.directory import NodeKey as DirectoryKey
from hudud.sharing.envelope import Envelope, Rejected, key_id, parse, public_from_b64, seal
from hudud.store.sharing_tables import (
    DirectoryVersion,
    HitNoticeRecord,
    OutboxMessage,
    SeenEnvelope,
    SharedAlert,
)
from hudud.store.tables import utcnow

NETWORK = Caller(None, via="nats")  # messages from other nodes, audited as "system"
CLOCK_SKEW = timedelta(minutes=5)
NOT_VISIBLE = N_("this alert does not exist or you may not see it")


@dataclass(frozen=True)
class NodeContext:
    """This node as the sharing services need it: who it is and the key it signs with."""

    node_id: str
    country: str
    role: str
    key: NodeKey
    hub_key: Ed25519PublicKey | None = None
    max_age: timedelta = timedelta(days=30)
    crossing_point: str = ""


def node_context(settings: Settings) -> NodeContext:
    """Load this node's identity and keys from its settings (fails fast when keys are missing)."""
    keys_dir = settings.effective_keys_dir
    key = key_files.load(keys_dir)
    hub = key.public if settings.node_role == "hub" else key_files.hub_key(keys_dir)
    return NodeContext(
        settings.effective_node_id,
        settings.node_country,
        settings.node_role,
        key,
        hub,
        timedelta(days=settings.alert_max_age_days),
        settings.post_crossing_point,
    )


# ----- outbox ---------------------------------------------------------------------------------
def enqueue(session: Session, subject: str, envelope: Envelope, suffix: str = "") -> None:
    """Queue a signed envelope for sending; its id (+ suffix per copy) is the JetStream message id."""
    session.add(
        OutboxMessage(msg_id=envelope.id + suffix, subject=subject, payload=envelope.to_bytes().decode())
    )


def pending(session: Session, limit: int = 1000) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None))
            .order_by(OutboxMessage.seq)
            .limit(limit)
        )
    )


def mark_sent(session: Session, seqs: Sequence[int]) -> None:
    if seqs:
        session.execute(update(OutboxMessage).where(OutboxMessage.seq.in_(seqs)).values(sent_at=utcnow()))


def outbox_backlog(session: Session) -> int:
    return session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None))) or 0


# ----- directory ------------------------------------------------------------------------------
_parsed: dict[str, Directory] = {}  # by signed text: several nodes may share one process (tests, demo)


def current_directory(session: Session) -> Directory:
    """The newest directory this node holds (stored only after its hub signature was checked)."""
    row = session.scalars(select(DirectoryVersion).order_by(DirectoryVersion.version.desc()).limit(1)).first()
    if row is None:
        return EMPTY
    if row.raw not in _parsed:
        if len(_parsed) > 16:
            _parsed.clear()
        _parsed[row.raw] = directory_from_body(parse(row.raw.encode()).body)
    return _parsed[row.raw]


def store_directory(session: Session, ctx: NodeContext, raw: bytes) -> Directory:
    """Accept a directory signed by the hub if it is newer than the one held."""
    if ctx.hub_key is None:
        raise Rejected("unknown_key", "this node has no hub key to check the directory with")
    envelope, directory = open_directory(raw, ctx.hub_key)
    held = current_directory(session)
    if directory.version <= held.version:
        if directory.version == held.version:
            return held
        raise Rejected("stale", f"directory v{directory.version} is older than v{held.version} held")
    session.add(DirectoryVersion(version=directory.version, raw=raw.decode(), issued_at=envelope.at))
    audit.append(session, NETWORK, "directory.update", record_type="directory", record_id=directory.version)
    return directory


def register_node(
    session: Session,
    caller: Caller,
    ctx: NodeContext,
    node_id: str,
    country: str,
    role: str,
    public_b64: str,
    national: str | None = None,
) -> Directory:
    """Hub: add a node, or a new key of a node (rotation), and issue the next directory version."""
    _require_hub(caller, ctx, "directory.register")
    directory = current_directory(session)
    kid = key_id(public_from_b64(public_b64))
    now = utcnow()
    node = directory.node(node_id) or DirectoryNode(node_id, country, role, (), national)
    if node.country != country or node.role != role:
        raise InvalidInput(
            N_("node %(node_id)s is registered as %(role)s of %(country)s"),
            values={"node_id": node_id, "role": node.role, "country": node.country},
        )
    if node.key(kid) is None:
        node = replace(node, keys=(*node.keys, DirectoryKey(kid, public_b64, now - CLOCK_SKEW)))
    return _issue(session, caller, ctx, directory.with_node(node), f"register {node_id} key {kid}")


def retire_key(session: Session, caller: Caller, ctx: NodeContext, node_id: str, kid: str) -> Directory:
    """Hub: end a node key's validity now (after a rotation, or at once when a key is compromised)."""
    _require_hub(caller, ctx, "directory.retire")
    directory = current_directory(session)
    node = directory.node(node_id)
    if node is None or node.key(kid) is None:
        raise NotFound(N_("node %(node_id)s has no key %(kid)s"), values={"node_id": node_id, "kid": kid})
    now = utcnow()
    keys = tuple(replace(k, retired_at=k.retired_at or now) if k.kid == kid else k for k in node.keys)
    return _issue(
        session, caller, ctx, directory.with_node(replace(node, keys=keys)), f"retire {node_id} key {kid}"
    )


def _require_hub(caller: Caller, ctx: NodeContext, action: str) -> None:
    if ctx.role != "hub" or not caller.is_system:
        raise Forbidden(N_("only the hub's operator manages the node directory")).then(
            audit.denial(caller, action)
        )


def _issue(session: Session, caller: Caller, ctx: NodeContext, directory: Directory, what: str) -> Directory:
    if directory.node(ctx.node_id) is None:  # the hub lists itself so nodes can check who signs
        hub = DirectoryNode(
            ctx.node_id, ctx.country, "hub", (DirectoryKey(ctx.key.kid, ctx.key.public_b64, utcnow()),)
        )
        directory = directory.with_node(hub)
    directory = replace(directory, version=directory.version + 1, issued_at=utcnow())
    envelope = seal(ctx.key.private, ctx.node_id, "directory", directory.to_body(), at=directory.issued_at)
    session.add(
        DirectoryVersion(version=directory.version, raw=envelope.to_bytes().decode(), issued_at=envelope.at)
    )
    enqueue(session, subjects.DIRECTORY_SUBJECT, envelope)
    audit.append(
        session, caller, "directory.issue", record_type="directory", record_id=directory.version, detail=what
    )
    return directory


def directory_raw(session: Session) -> bytes | None:
    row = session.scalars(select(DirectoryVersion).order_by(DirectoryVersion.version.desc()).limit(1)).first()
    return row.raw.encode() if row else None


# ----- receiving ------------------------------------------------------------------------------
def authenticate(
    session: Session, ctx: NodeContext, raw: bytes, types: Sequence[str]
) -> tuple[Envelope, DirectoryNode]:
    """Parse one message and check its sender, key, signature, type and age (not yet replays)."""
    envelope = parse(raw)
    if envelope.type not in types:
        raise Rejected("not_allowed", f"a {envelope.type} message is not expected here")
    node = current_directory(session).authenticate(envelope)
    now = utcnow()
    if envelope.at > now + CLOCK_SKEW:
        raise Rejected("malformed", f"message {envelope.id} is dated in the future ({envelope.at})")
    if now - envelope.at > ctx.max_age:
        raise Rejected("replayed", f"message {envelope.id} is older than {ctx.max_age.days} days")
    return envelope, node


def open_message(
    session: Session, ctx: NodeContext, raw: bytes, types: Sequence[str]
) -> tuple[Envelope, DirectoryNode]:
    """Authenticate and replay-check one message; marks it seen (in the caller's transaction)."""
    envelope, node = authenticate(session, ctx, raw, types)
    if session.get(SeenEnvelope, envelope.id) is not None:
        raise Rejected("replayed", f"message {envelope.id} from {envelope.sender} was already received")
    session.add(SeenEnvelope(envelope_id=envelope.id, type=envelope.type, sender=envelope.sender))
    return envelope, node


def refused(error: Rejected, raw: bytes) -> Rejected:
    """Attach the audit record of a refusal (written after the rollback) and return the error."""
    try:
        envelope: Envelope | None = parse(raw)
    except Rejected:
        envelope = None
    detail = f"reason={error.reason} sender={envelope.sender if envelope else '?'}"

    def record(session: Session) -> None:
        audit.append(
            session,
            NETWORK,
            "sharing.refuse",
            record_type=envelope.type if envelope else "message",
            record_id=envelope.id if envelope else None,
            outcome="denied",
            detail=detail,
        )

    error.then(record)
    return error


@dataclass
class Received:
    """What applying one message changed, for the live screening index."""

    kind: str
    added: list[ListEntry] = field(default_factory=list)
    documents: list[LostDocument] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def receive(session: Session, ctx: NodeContext, raw: bytes) -> Received:
    """Apply one alert, hit notice or directory from the network, or raise Rejected (audited)."""
    try:
        if parse(raw).type == "directory":
            store_directory(session, ctx, raw)
            return Received("directory")
        envelope, node = open_message(session, ctx, raw, ("alert", "notice"))
        if envelope.type == "alert":
            return _apply_alert(session, ctx, envelope, node)
        _apply_notice(session, ctx, envelope, node)
        return Received("notice")
    except Rejected as error:
        raise refused(error, raw) from None


def _apply_alert(session: Session, ctx: NodeContext, envelope: Envelope, node: DirectoryNode) -> Received:
    alert = alert_from_body(envelope.body)
    if node.country != alert.origin:
        raise Rejected("not_allowed", f"node {node.id} of {node.country} sent an alert of {alert.origin}")
    row = _alert_row(session, alert.origin, alert.alert_id)
    if row is not None and row.version >= alert.version:
        raise Rejected(
            "stale", f"alert {alert.alert_id} v{alert.version} is not newer than v{row.version} held"
        )
    if not alert.scope.includes(ctx.country, alert.origin):
        if row is None:
            raise Rejected("out_of_scope", f"alert {alert.alert_id} is not shared with {ctx.country}")
        alert = replace(alert, revoked=True)  # the scope was narrowed: this state no longer holds it
    _store_alert(session, alert, envelope.id, row)
    audit.append(
        session,
        NETWORK,
        "alert.receive",
        record_type="alert",
        record_id=alert.alert_id,
        detail=f"origin={alert.origin} version={alert.version} revoked={alert.revoked}",
    )
    change = Received("alert", removed=[alert.alert_id])
    if (entry := alert.as_list_entry()) is not None:
        change.added.append(entry)
    if (doc := alert.as_lost_document()) is not None:
        change.documents.append(doc)
    return change


def _apply_notice(session: Session, ctx: NodeContext, envelope: Envelope, node: DirectoryNode) -> None:
    notice = notice_from_body(envelope.body)
    if notice.origin != ctx.country:
        raise Rejected("out_of_scope", f"hit notice for {notice.origin} delivered to {ctx.country}")
    if notice.country != node.country:
        raise Rejected("not_allowed", f"node {node.id} reported a hit in {notice.country}")
    if _alert_row(session, ctx.country, notice.alert_id) is None:
        raise Rejected("malformed", f"hit notice names unknown alert {notice.alert_id}")
    _record_notice(session, envelope.id, "received", notice)
    audit.append(
        session,
        NETWORK,
        "alert.hit_notice",
        record_type="alert",
        record_id=notice.alert_id,
        detail=f"country={notice.country} place={notice.place} decision={notice.decision.value}",
    )


def _record_notice(session: Session, envelope_id: str, direction: str, n: HitNotice) -> HitNoticeRecord:
    row = HitNoticeRecord(
        envelope_id=envelope_id,
        direction=direction,
        alert_id=n.alert_id,
        alert_version=n.alert_version,
        origin=n.origin,
        country=n.country,
        place=n.place,
        at=n.at,
        decision=n.decision.value,
    )
    session.add(row)
    session.flush()
    return row


# ----- alerts -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewAlert:
    """What an analyst or liaison officer fills in to share an alert."""

    kind: AlertKind
    scope: Scope
    handling: Handling
    reference: str
    person: Person | None = None
    document: Document | None = None
    remarks: str = ""


def _require_share(caller: Caller, ctx: NodeContext, action: str) -> None:
    if ctx.role != "national":
        raise Forbidden(N_("alerts are issued by national nodes")).then(audit.denial(caller, action))
    if not caller.can(Permission.ALERTS_SHARE) or (
        caller.principal and caller.principal.country != ctx.country
    ):
        raise Forbidden(N_("your role does not allow sharing alerts for this state")).then(
            audit.denial(caller, action)
        )


def issue_alert(session: Session, caller: Caller, ctx: NodeContext, new: NewAlert) -> SharedAlert:
    """Create an alert of this state, sign it, and queue it for every state in its scope."""
    _require_share(caller, ctx, "alert.issue")
    for state in new.scope.states:
        if state not in current_directory(session).members() and state != ctx.country:
            raise InvalidInput(
                N_("%(state)s has no node in the regional directory"), values={"state": state}, field="scope"
            )
    try:
        alert = Alert(
            alert_id=f"{ctx.country}-{utcnow():%Y}-{secrets.token_hex(4).upper()}",
            origin=ctx.country,
            version=1,
            kind=new.kind,
            scope=new.scope,
            handling=new.handling,
            reference=new.reference,
            issued_at=utcnow(),
            person=new.person,
            document=new.document,
            remarks=new.remarks,
        )
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    return _publish(session, caller, ctx, alert, None, "alert.issue")


def revise_alert(
    session: Session,
    caller: Caller,
    ctx: NodeContext,
    alert_id: str,
    *,
    revoke: bool = False,
    scope: Scope | None = None,
    handling: Handling | None = None,
    remarks: str | None = None,
) -> SharedAlert:
    """Update or revoke an alert of this state: the next version goes to the union of old and new scope
    (a state dropped from the scope receives a revocation)."""
    _require_share(caller, ctx, "alert.revise")
    row = _alert_row(session, ctx.country, alert_id)
    if row is None:
        raise NotFound(NOT_VISIBLE).then(audit.denial(caller, "alert.revise", "alert", alert_id))
    old = alert_from_body(row.body)
    if old.revoked:
        raise InvalidInput(
            N_("alert %(alert_id)s is revoked; issue a new alert instead"), values={"alert_id": alert_id}
        )
    alert = replace(
        old,
        version=old.version + 1,
        issued_at=utcnow(),
        revoked=revoke,
        scope=scope or old.scope,
        handling=handling or old.handling,
        remarks=old.remarks if remarks is None else remarks,
    )
    return _publish(session, caller, ctx, alert, old, "alert.revoke" if revoke else "alert.update")


def _publish(
    session: Session, caller: Caller, ctx: NodeContext, alert: Alert, old: Alert | None, action: str
) -> SharedAlert:
    envelope = seal(ctx.key.private, ctx.node_id, "alert", alert.to_body(), at=alert.issued_at)
    targets = set(alert.scope.targets(alert.origin))
    if old is not None:
        targets |= set(old.scope.targets(alert.origin))
    if len(targets) > 1 and "ALL" in targets:  # one copy per subject: ALL covers every member
        targets = {"ALL"}
    for target in sorted(targets):
        enqueue(session, subjects.alert(target, alert.origin), envelope, f":{target}")
    row = _store_alert(session, alert, envelope.id, _alert_row(session, alert.origin, alert.alert_id))
    audit.append(
        session,
        caller,
        action,
        record_type="alert",
        record_id=alert.alert_id,
        detail=f"version={alert.version} scope={alert.scope.describe()} kind={alert.kind.value}",
    )
    return row


def _alert_row(session: Session, origin: str, alert_id: str) -> SharedAlert | None:
    return session.scalar(
        select(SharedAlert).where(SharedAlert.origin == origin, SharedAlert.alert_id == alert_id)
    )


def _store_alert(session: Session, alert: Alert, envelope_id: str, row: SharedAlert | None) -> SharedAlert:
    if row is None:
        row = SharedAlert(origin=alert.origin, alert_id=alert.alert_id)
        session.add(row)
    row.version = alert.version
    row.kind = alert.kind.value
    row.scope_kind = alert.scope.kind.value
    row.scope_states = list(alert.scope.states)
    row.handling = alert.handling.value
    row.reference = alert.reference
    row.revoked = alert.revoked
    row.doc_number = alert.document.number if alert.document else None
    row.doc_state = alert.document.issuing_state if alert.document else None
    row.body = alert.to_body()
    row.envelope_id = envelope_id
    row.issued_at = alert.issued_at
    row.received_at = utcnow()
    session.flush()
    return row


# ----- visibility -------------------------------------------------------------------------------
def _reads_alerts(caller: Caller) -> bool:
    """Users with an alerts, screening or lists role, in a personal-data agency (and the CLI)."""
    p = caller.principal
    if p is None:
        return True
    if p.agency not in PERSONAL_DATA_AGENCIES:
        return False
    return p.can(Permission.ALERTS_SHARE) or p.can(Permission.SCREEN) or p.can(Permission.LISTS_READ)


def _may_see(caller: Caller, row: SharedAlert) -> bool:
    """``_reads_alerts``, for an alert whose scope includes the caller's state."""
    if not _reads_alerts(caller):
        return False
    p = caller.principal
    if p is None:
        return True
    scope = Scope(ScopeKind(row.scope_kind), tuple(row.scope_states))
    return scope.includes(p.country, row.origin)


def list_alerts(session: Session, caller: Caller, limit: int = 50, offset: int = 0) -> list[Alert]:
    """Alerts in force visible to the caller, newest first, a page at a time (no bulk export)."""
    if caller.principal is not None and caller.principal.agency not in PERSONAL_DATA_AGENCIES:
        raise Forbidden(N_("your agency does not see alerts")).then(audit.denial(caller, "alert.list"))
    if not _reads_alerts(caller):  # (a trainee, a focal point: the list was empty, the page open)
        raise Forbidden(N_("your role does not see alerts")).then(audit.denial(caller, "alert.list"))
    limit = max(1, min(limit, 50))
    rows = session.scalars(
        select(SharedAlert)
        .where(SharedAlert.revoked.is_(False))
        .order_by(SharedAlert.issued_at.desc(), SharedAlert.id)
    )
    visible = [r for r in rows if _may_see(caller, r)][offset : offset + limit]
    audit.append(
        session, caller, "alert.list", record_type="alert", detail=f"shown={len(visible)} offset={offset}"
    )
    return [alert_from_body(r.body) for r in visible]


def get_alert(session: Session, caller: Caller, alert_id: str) -> Alert:
    """One alert; a missing one and one the caller may not see get the same answer."""
    row = session.scalar(select(SharedAlert).where(SharedAlert.alert_id == alert_id))
    if row is None or not _may_see(caller, row):
        raise NotFound(NOT_VISIBLE).then(audit.denial(caller, "alert.view", "alert", alert_id))
    audit.append(
        session, caller, "alert.view", record_type="alert", record_id=alert_id, detail=f"origin={row.origin}"
    )
    return alert_from_body(row.body)


def list_notices(session: Session, caller: Caller, limit: int = 50) -> list[HitNoticeRecord]:
    """Hits on this state's alerts reported by other states (for its analysts and liaison officers)."""
    if not caller.can(Permission.ALERTS_SHARE):
        raise Forbidden(N_("your role does not receive hit notices")).then(
            audit.denial(caller, "alert.notices")
        )
    query = select(HitNoticeRecord).where(HitNoticeRecord.direction == "received")
    if caller.principal is not None:
        query = query.where(HitNoticeRecord.origin == caller.principal.country)
    rows = list(session.scalars(query.order_by(HitNoticeRecord.at.desc()).limit(max(1, min(limit, 200)))))
    audit.append(session, caller, "alert.notices", record_type="hit_notice", detail=f"shown={len(rows)}")
    return rows


def alerts_in_force(
    session: Session, caller: Caller, limit: int = 50, offset: int = 0
) -> list[tuple[Alert, datetime]]:
    """``list_alerts`` with the time this node stored each alert's version in force (for the pages)."""
    alerts = list_alerts(session, caller, limit, offset)
    ids = [a.alert_id for a in alerts]
    received = {
        (origin, alert_id): at
        for origin, alert_id, at in session.execute(
            select(SharedAlert.origin, SharedAlert.alert_id, SharedAlert.received_at).where(
                SharedAlert.alert_id.in_(ids)
            )
        )
    }
    return [(a, received.get((a.origin, a.alert_id)) or a.issued_at) for a in alerts]


def list_notices_sent(session: Session, caller: Caller, limit: int = 50) -> list[HitNoticeRecord]:
    """Hits in the caller's state on other states' alerts, as notified to their originators."""
    if not caller.can(Permission.ALERTS_SHARE):
        raise Forbidden(N_("your role does not receive hit notices")).then(
            audit.denial(caller, "alert.notices_sent")
        )
    query = select(HitNoticeRecord).where(
        HitNoticeRecord.direction == "sent", HitNoticeRecord.origin != HitNoticeRecord.country
    )
    if caller.principal is not None:
        query = query.where(HitNoticeRecord.country == caller.principal.country)
    rows = list(session.scalars(query.order_by(HitNoticeRecord.at.desc()).limit(max(1, min(limit, 200)))))
    audit.append(session, caller, "alert.notices_sent", record_type="hit_notice", detail=f"shown={len(rows)}")
    return rows


NODE_NOT_INITIALISED = N_(
    "this node has no signing keys yet: the operator must run `hudud node init --hub-key <hub.pub "
    "file from the secretariat>` on the server before alerts can be issued, updated or revoked"
)


def ready_context(settings: Settings) -> NodeContext:
    """This node's context for signing, or Conflict (409) saying what the operator must run."""
    folder = settings.effective_keys_dir
    hub_needed = settings.node_role != "hub"
    if not (folder / key_files.NODE_KEY).exists() or (
        hub_needed and not (folder / key_files.HUB_KEY).exists()
    ):
        raise Conflict(NODE_NOT_INITIALISED, reason="node_not_initialised")
    try:
        return node_context(settings)
    except ConfigurationError as error:
        raise Conflict(
            N_("this node's keys cannot be used: %(message)s"),
            values={"message": error.message},
            reason="node_keys",
        ) from None


def node_ready(settings: Settings) -> str | None:
    """None when this node can sign alerts, else what the operator must do (for a page's banner)."""
    try:
        ready_context(settings)
    except Conflict as problem:
        return problem.message
    return None


# ----- screening and hits -----------------------------------------------------------------------
def alert_entries(session: Session, country: str) -> Iterator[ListEntry]:
    """Person alerts in force for screening on a node of ``country`` (lists ``alert:<origin>``)."""
    for row in session.scalars(
        select(SharedAlert).where(SharedAlert.revoked.is_(False), SharedAlert.doc_number.is_(None))
    ):
        alert = alert_from_body(row.body)
        if alert.scope.includes(country, alert.origin) and (entry := alert.as_list_entry()) is not None:
            yield entry


def alert_lost_documents(session: Session, country: str) -> Iterator[LostDocument]:
    """Lost/stolen-document alerts in force for screening on a node of ``country``."""
    for row in session.scalars(
        select(SharedAlert).where(SharedAlert.revoked.is_(False), SharedAlert.doc_number.is_not(None))
    ):
        alert = alert_from_body(row.body)
        if alert.scope.includes(country, alert.origin) and (doc := alert.as_lost_document()) is not None:
            yield doc


def alerts_generation(session: Session) -> tuple[int, int]:
    """Changes whenever an alert is added, updated or revoked (to know when to rebuild an index)."""
    count, versions = session.execute(
        select(func.count(SharedAlert.id), func.coalesce(func.sum(SharedAlert.version), 0))
    ).one()
    return int(count), int(versions)


def alert_for_hit(session: Session, entry_id: str) -> SharedAlert | None:
    """The alert behind a screening hit: a person alert by id, a document alert by ``lost-<STATE>-<NUMBER>``."""
    if entry_id.startswith("lost-"):
        _, state, number = entry_id.split("-", 2)
        return session.scalar(
            select(SharedAlert).where(SharedAlert.doc_state == state, SharedAlert.doc_number == number)
        )
    return session.scalar(select(SharedAlert).where(SharedAlert.alert_id == entry_id))


def notify_hit(
    session: Session,
    caller: Caller,
    ctx: NodeContext,
    entry_id: str,
    place: str,
    decision: Decision,
    at: datetime | None = None,
    country: str | None = None,
) -> HitNoticeRecord | None:
    """Record a hit on an alert and, when the alert is another state's, notify its originator.

    Returns None when ``entry_id`` is not an alert (a UN or national list entry). The notice carries
    which alert, where, when and the decision taken — nothing about the traveller."""
    if not caller.can(Permission.SCREEN):
        raise Forbidden(N_("your role does not screen travellers")).then(audit.denial(caller, "alert.hit"))
    row = alert_for_hit(session, entry_id)
    if row is None:
        return None
    notice = HitNotice(
        row.alert_id, row.version, row.origin, country or ctx.country, place, at or utcnow(), decision
    )
    envelope_id = str(uuid.uuid4())
    if row.origin != notice.country:
        envelope = seal(
            ctx.key.private, ctx.node_id, "notice", notice.to_body(), at=utcnow(), envelope_id=envelope_id
        )
        enqueue(session, subjects.notice(row.origin, notice.country), envelope)
    record = _record_notice(session, envelope_id, "sent", notice)
    audit.append(
        session,
        caller,
        "alert.hit",
        record_type="alert",
        record_id=row.alert_id,
        detail=f"origin={row.origin} place={place} decision={decision.value}",
    )
    return record
