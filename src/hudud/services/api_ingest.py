"""Use case: take in an advance passenger message from any channel, lose none, ingest each once.

Every channel (web upload, ``POST /api/manifests``, the drop folder, the JetStream subject) comes
through ``Ingestor.ingest``:

1. the size is checked before anything is stored (a 50 MB file is refused whole);
2. the bytes are stored raw, alone in their own transaction (the same bytes twice are one message);
3. the message is parsed and screened outside any transaction (no lock held while the CPU works);
4. manifest, flight, travellers, hits and risk flags are stored in one transaction, or nothing is.

A message that cannot be read at all stays stored raw, marked ``rejected`` with the reason. A message
whose interchange (sender + UNB control reference) and content were already ingested is marked
``duplicate`` and adds nothing. Logs and audit records carry counts, never names."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hudud.errors import N_, Forbidden, HududError, InvalidInput, NotFound, PayloadTooLarge
from hudud.formats.paxlst import read_paxlst
from hudud.formats.pnrgov import read_pnrgov
from hudud.passengers.models import Flight, Manifest, ManifestTraveller, ParseIssue, PnrPush
from hudud.policy import Caller, Permission
from hudud.rules import risk
from hudud.services import audit, piu
from hudud.services.api_screening import (
    Screened,
    flight_key,
    identity_key,
    lists_stamp,
    outcome,
    refresh_flight,
    rescreen_flight,
    reusable,
    screened_of,
    seen_names,
    to_screening,
)
from hudud.services.node_screening import NodeScreening
from hudud.services.unit_of_work import UnitOfWork
from hudud.settings import Settings
from hudud.store.manifest_tables import (
    ApiMessage,
    ManifestDocument,
    ManifestFlight,
    ManifestPerson,
    ManifestRecord,
)
from hudud.store.tables import utcnow

log = logging.getLogger("hudud.manifests")
CHANNELS = ("upload", "api", "folder", "nats", "cli")
_PNRGOV = re.compile(rb"UNH.{1,60}?PNRGOV")
READ_FAILED = N_("internal error while reading")
_REUSED = {
    True: N_(
        "interchange reference %(ref)s of %(sender)s was used before for different content; kept as a new list"
    ),
    False: N_(
        "interchange reference %(ref)s of this sender was used before for different content; kept as a new list"
    ),
}


@dataclass
class IngestResult:
    """What became of one message (the API's answer, the CLI's line, the upload page's report)."""

    message_id: int
    status: str  # ingested, duplicate, rejected, received (stored, not processed yet)
    kind: str | None = None
    manifest_id: int | None = None
    flight_id: int | None = None
    travellers: int = 0
    matches: int = 0
    flagged: int = 0
    duplicate_of: int | None = None
    error: str | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    # why the content was refused, when read in this request: pages word it in their language (``error``
    # is its English text, stored and answered by the API)
    rejection: HududError | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The API's answer and the CLI's line: each problem as its segment and English message."""
        body = {k: v for k, v in self.__dict__.items() if k != "rejection"}
        body["errors"] = piu.contract_issues(self.errors)
        return body


def require_ingest(caller: Caller, action: str = "manifests.ingest") -> None:
    """Sending passenger lists in is for roles that screen travellers (airline gateways use such an account)."""
    if not caller.can(Permission.SCREEN):
        raise Forbidden(N_("your role does not take in passenger lists")).then(audit.denial(caller, action))


def booked_as_manifest(push: PnrPush) -> Manifest:
    """A PNRGOV push seen as a passenger list: each booked traveller with its booking locator."""
    travellers = tuple(
        ManifestTraveller(
            surname=t.surname,
            given_names=t.given_names,
            role="passenger",
            party_code="PNR",
            segment=t.segment,
            birth_date=t.birth_date,
            gender=t.gender,
            nationality=t.nationality,
            documents=t.documents,
            references=(("AVF", booking.record_locator),) if booking.record_locator else (),
        )
        for booking in push.bookings
        for t in booking.travellers
    )
    leg = push.flight
    flight = Flight(leg.carrier, leg.number, leg.departure_airport, leg.departure_time,
                    leg.arrival_airport, leg.arrival_time, (leg,))  # fmt: skip
    return Manifest("passenger", flight, travellers, push.issues, push.interchange_ref, push.sender)


def parse(data: bytes, max_bytes: int) -> tuple[str, Manifest]:
    """Read a PAXLST or PNRGOV message; raises InvalidInput/PayloadTooLarge when it cannot be read."""
    if _PNRGOV.search(data[:8192]):
        return "pnrgov", booked_as_manifest(read_pnrgov(data, max_bytes=max_bytes))
    return "paxlst", read_paxlst(data, max_bytes=max_bytes)


def content_digest(manifest: Manifest) -> str:
    """What the message says (flight and travellers, not its envelope or layout), for deduplication."""
    f = manifest.flight
    people = sorted(
        repr((t.role, t.surname, t.given_names, t.birth_date, t.nationality, t.documents, t.references))
        for t in manifest.travellers
    )
    text = repr((manifest.role, f.number, f.departure_airport, f.departure_time, f.arrival_airport,
                 f.arrival_time, people))  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Ingestor:
    """Everything ingestion needs, built once per process (web app, CLI command, consumer)."""

    def __init__(
        self,
        uow: UnitOfWork,
        settings: Settings,
        screening: NodeScreening | None = None,
        rules: Sequence[risk.RiskRule] | None = None,
    ) -> None:
        self.uow = uow
        self.settings = settings
        self.screening = screening or NodeScreening(settings.screening_threshold)
        self.rules = tuple(rules) if rules is not None else load_rules(settings)

    # ----- the whole path ----------------------------------------------------------------------
    def ingest(self, caller: Caller, data: bytes, *, channel: str, source: str) -> IngestResult:
        """Store raw, then process. Raises only for refusals (size, permission); bad content is a result."""
        if channel in ("upload", "api"):
            self.uow.run(lambda s: require_ingest(caller))
        check_size(data, self.settings)
        message_id, new = self.store_raw(caller, data, channel=channel, source=source)
        if not new:
            return self.uow.run(lambda s: _result_of(s, message_id, redelivered=True))
        return self.process(caller, message_id, data)

    def store_raw(self, caller: Caller, data: bytes, *, channel: str, source: str) -> tuple[int, bool]:
        """Step 2 alone (the JetStream consumer acknowledges right after it): (message id, new?)."""
        digest = hashlib.sha256(data).hexdigest()
        country = caller.country or self.settings.node_country

        def store(session: Session) -> tuple[int, bool]:
            existing = session.scalar(select(ApiMessage.id).where(ApiMessage.sha256 == digest))
            if existing is not None:
                return existing, False
            message = ApiMessage(country=country, channel=channel, source=source[:255],
                                 received_by=caller.name, sha256=digest, size=len(data), payload=data)  # fmt: skip
            session.add(message)
            session.flush()
            audit.append(session, caller, "manifests.receive", record_type="api_message",
                         record_id=message.id, detail=f"channel={channel} bytes={len(data)}")  # fmt: skip
            return message.id, True

        try:
            return self.uow.run(store)
        except IntegrityError:  # the same bytes arrived on two channels at once: the other one stored them
            return self.uow.run(store)

    def process(self, caller: Caller, message_id: int, data: bytes | None = None) -> IngestResult:
        """Steps 3-4 for a stored message; never raises for bad content."""
        if data is None:
            data = self.uow.run(lambda s: _payload(s, message_id))
        try:
            kind, manifest = parse(data, self.settings.manifest_max_bytes)
        except HududError as error:
            reason = error.message
            result = self.uow.run(lambda s: _reject(s, caller, message_id, reason))
            if result.error == reason:  # rejected now, for this reason (not an earlier outcome)
                result.rejection = error
            return result
        except Exception:  # a reader bug must not lose the message: it stays stored, marked with a reference
            log.exception("manifests.parse_failed message=%s", message_id)
            result = self.uow.run(lambda s: _reject(s, caller, message_id, READ_FAILED))
            if result.error == READ_FAILED:
                result.rejection = HududError(READ_FAILED)
            return result
        country = self.uow.run(lambda s: _country_of(s, message_id))
        screener, stamp, reuse = self.uow.run(
            lambda s: (
                self.screening.screener(s, country),
                lists_stamp(s, self.screening.threshold),
                reusable(s, country, manifest, lists_stamp(s, self.screening.threshold)),
            )
        )
        # an update of a list already screened with the same lists reuses the results of the same people
        results = [
            reuse.get(identity_key(t)) or screened_of(screener.screen(to_screening(t), limit=3))
            for t in manifest.travellers
        ]
        for attempt in range(2):
            try:
                return self.uow.run(
                    lambda s: self._store(s, caller, message_id, country, kind, manifest, results, stamp)
                )
            except IntegrityError:
                if attempt:  # a second collision is not a race any more
                    raise
        raise AssertionError("unreachable")

    def rescreen(self, caller: Caller, flight_id: int) -> int:
        """Screen a flight's travellers again with the lists in force (a list changed since)."""

        def work(session: Session) -> int:
            piu.require(caller, "manifests.rescreen")
            flight = piu.visible_flight(session, caller, flight_id, "manifests.rescreen")
            screener = self.screening.screener(session, flight.country)
            stamp = lists_stamp(session, self.screening.threshold)
            return rescreen_flight(session, caller, flight, screener, stamp, self.rules)

        return self.uow.run(work)

    def rescreen_arriving(self, caller: Caller, hours: int = 24) -> dict[int, int]:
        """Every flight arriving from an hour ago to ``hours`` ahead whose lists are stale, screened again."""

        def stale(session: Session) -> list[int]:
            stamp = lists_stamp(session, self.screening.threshold)
            now = utcnow()
            query = (
                select(ManifestFlight.id)
                .join(ManifestRecord, ManifestRecord.flight_id == ManifestFlight.id)
                .where(
                    ManifestFlight.arrival_utc >= now - timedelta(hours=1),
                    ManifestFlight.arrival_utc <= now + timedelta(hours=hours),
                    ManifestRecord.screened_with.is_(None) | (ManifestRecord.screened_with != stamp),
                )
                .distinct()
            )
            if caller.country:
                query = query.where(ManifestFlight.country == caller.country)
            return list(session.scalars(query))

        return {flight_id: self.rescreen(caller, flight_id) for flight_id in self.uow.run(stale)}

    def process_pending(self, caller: Caller, limit: int = 1000) -> int:
        """Process messages stored raw but never processed (the node stopped in between)."""
        ids = self.uow.run(
            lambda s: list(
                s.scalars(
                    select(ApiMessage.id)
                    .where(ApiMessage.status == "received")
                    .order_by(ApiMessage.id)
                    .limit(limit)
                )
            )
        )
        for message_id in ids:
            self.process(caller, message_id)
        return len(ids)

    # ----- storing a parsed message ------------------------------------------------------------
    def _store(self, session: Session, caller: Caller, message_id: int, country: str, kind: str,
               manifest: Manifest, results: list[Screened], stamp: str) -> IngestResult:  # fmt: skip
        message = session.get(ApiMessage, message_id)
        assert message is not None
        if message.status != "received":
            return _result_of(session, message_id, redelivered=True)
        sender = manifest.sender or ""
        interchange = _clip(
            f"{kind}|{sender}|{manifest.interchange_ref}" if manifest.interchange_ref else None, 200
        )
        dedup = f"{interchange or kind + '|no-unb'}|{content_digest(manifest)}"
        first = session.scalar(select(ManifestRecord).where(ManifestRecord.dedup_key == dedup))
        message.kind, message.interchange_key, message.processed_at = kind, interchange, utcnow()
        if first is not None:
            message.status, message.duplicate_of = "duplicate", first.message_id
            audit.append(session, caller, "manifests.ingest", record_type="api_message", record_id=message_id,
                         detail=f"status=duplicate of={first.message_id}")  # fmt: skip
            return _result_of(session, message_id)
        issues = [issue_record(i) for i in manifest.issues]
        if interchange and session.scalar(
            select(ManifestRecord.message_id).where(ManifestRecord.interchange_key == interchange).limit(1)
        ):
            named = {"sender": sender} if sender else {}
            reused = ParseIssue.of(0, _REUSED[bool(named)], ref=manifest.interchange_ref, **named)
            issues.append(issue_record(reused))
        flight = _flight_for(session, country, manifest, dedup, self.settings, message.received_at)
        record = ManifestRecord(
            country=country, message_id=message_id, flight_id=flight.id, interchange_key=interchange,
            dedup_key=dedup[:300], kind=kind, role=manifest.role, sender=_clip(manifest.sender, 64),
            prepared=manifest.prepared, received_at=message.received_at, travellers=len(manifest.travellers),
            declared_passengers=manifest.declared_passengers, declared_crew=manifest.declared_crew,
            issues=issues, screened_with=stamp, screened_at=utcnow(),
        )  # fmt: skip
        session.add(record)
        session.flush()
        listed = [r.listed for r in results]
        context = risk.Context(listed, seen_names(session, country, manifest.travellers), today=date.today())
        flags = risk.evaluate(self.rules, manifest.flight, manifest.travellers, context)
        rows = [
            _person(record, flight, t, screened, flagged)
            for t, screened, flagged in zip(manifest.travellers, results, flags, strict=True)
        ]
        # one multi-row INSERT ... RETURNING for the travellers, one for their documents
        ids = (
            list(
                session.scalars(
                    insert(ManifestPerson).returning(ManifestPerson.id, sort_by_parameter_order=True), rows
                )
            )
            if rows
            else []
        )
        documents = [
            {"country": country, "traveller_id": person_id, "issuer": key[0][:3], "number": key[1][:40],
             "name_key": risk.name_key(t.surname, t.given_names)[:400], "seen_at": message.received_at}
            for t, person_id in zip(manifest.travellers, ids, strict=True)
            for doc in t.documents
            if doc.type != "V" and (key := risk.document_key(doc.issuing_state, doc.number)) is not None
        ]  # fmt: skip
        if documents:
            session.execute(insert(ManifestDocument), documents)
        refresh_flight(session, flight)
        message.status = "ingested"
        result = IngestResult(
            message_id, "ingested", kind, record.id, flight.id, len(rows),
            sum(r["match"] for r in rows), sum(bool(r["flags"]) for r in rows), errors=issues,
        )  # fmt: skip
        audit.append(session, caller, "manifests.ingest", record_type="manifest", record_id=record.id,
                     detail=f"message={message_id} travellers={result.travellers} matches={result.matches} "
                     f"flagged={result.flagged} issues={len(issues)}")  # fmt: skip
        log.info("manifests.ingested message=%s travellers=%d matches=%d", message_id, result.travellers,
                 result.matches)  # fmt: skip
        return result


def issue_record(issue: ParseIssue) -> dict[str, Any]:
    """A reading problem as a manifest stores it: the contract's segment and English message, and the
    template and values a page words it with in the reader's language (``hudud.web.issue_text``)."""
    record: dict[str, Any] = {"segment": issue.segment, "message": issue.message}
    if issue.template:
        record.update(template=issue.template, values=dict(issue.params))
    if issue.file is not None:
        record["file"] = issue.file
    return record


def stored_rejection(data: bytes, reason: str, max_bytes: int) -> HududError | None:
    """Why a message was rejected when it was first received, as the error it was, for a page to word in
    its language (the message keeps only the English reason): the same bytes read again give the same
    error. None when they give another reason (the reader changed since) or none."""
    if reason == READ_FAILED:
        return HududError(READ_FAILED)
    try:
        parse(data, max_bytes)
    except HududError as error:
        return error if error.message == reason else None
    except Exception:  # the reader still fails on it: the English reason stays
        return None
    return None


def load_rules(settings: Settings) -> tuple[risk.RiskRule, ...]:
    """The configured rules file, or the built-in rules; a bad file stops start-up with its problem."""
    if settings.risk_rules_file is None:
        return risk.DEFAULT_RULES
    import json

    from hudud.errors import ConfigurationError

    try:
        return risk.parse_rules(json.loads(settings.risk_rules_file.read_text()))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"HUDUD_RISK_RULES_FILE {settings.risk_rules_file}: {exc}") from None


def _clip(value: str | None, size: int) -> str | None:
    """Airline fields can be padded far past their codes (the Astra samples): keep what fits."""
    return value[:size] if value else value


def _payload(session: Session, message_id: int) -> bytes:
    message = session.get(ApiMessage, message_id)
    if message is None:
        raise NotFound(N_("no message %(message_id)s"), values={"message_id": message_id})
    return message.payload


def _country_of(session: Session, message_id: int) -> str:
    return session.scalar(select(ApiMessage.country).where(ApiMessage.id == message_id)) or ""


def _reject(session: Session, caller: Caller, message_id: int, reason: str) -> IngestResult:
    message = session.get(ApiMessage, message_id)
    assert message is not None
    if message.status == "received":
        message.status, message.error, message.processed_at = "rejected", reason, utcnow()
        audit.append(session, caller, "manifests.ingest", record_type="api_message", record_id=message_id,
                     outcome="failed", detail="status=rejected")  # fmt: skip
    return _result_of(session, message_id)


def _result_of(session: Session, message_id: int, *, redelivered: bool = False) -> IngestResult:
    """The stored outcome of a message (for a message delivered again: its first outcome, as duplicate)."""
    message = session.get(ApiMessage, message_id)
    assert message is not None
    record = session.scalar(select(ManifestRecord).where(ManifestRecord.message_id == message_id))
    status = "duplicate" if redelivered and message.status == "ingested" else message.status
    result = IngestResult(message_id, status, message.kind, error=message.error,
                          duplicate_of=message.duplicate_of or (message_id if redelivered else None))  # fmt: skip
    if record is not None:
        result.manifest_id, result.flight_id, result.travellers = (
            record.id,
            record.flight_id,
            record.travellers,
        )
        result.errors = list(record.issues)
    return result


def _flight_for(session: Session, country: str, manifest: Manifest, dedup: str, settings: Settings,
                received: datetime) -> ManifestFlight:  # fmt: skip
    f = manifest.flight
    key = flight_key(country, manifest, dedup) or ""
    flight = session.scalar(select(ManifestFlight).where(ManifestFlight.flight_key == key))
    if flight is None:
        offset = timedelta(minutes=settings.arrival_utc_offset_minutes)
        arrival = f.arrival_time or f.departure_time
        flight = ManifestFlight(
            country=country, flight_key=key, carrier=_clip(f.carrier, 8), number=_clip(f.number, 16),
            departure_airport=_clip(f.departure_airport, 8), arrival_airport=_clip(f.arrival_airport, 8),
            departure_local=f.departure_time, arrival_local=f.arrival_time,
            arrival_utc=(arrival - offset).replace(tzinfo=UTC) if arrival else None,
            first_received=received, last_received=received,
        )  # fmt: skip
        session.add(flight)
        session.flush()
    flight.last_received = max(flight.last_received, received)
    return flight


def _person(record: ManifestRecord, flight: ManifestFlight, t: ManifestTraveller, screened: Screened,
            flags: list[risk.Flag]) -> dict[str, Any]:  # fmt: skip
    """The row of one traveller (a dict: travellers are inserted many at a time)."""
    return dict(
        manifest_id=record.id, flight_id=flight.id, segment=t.segment, role=t.role,
        surname=t.surname[:200], given_names=t.given_names[:200], birth_date=t.birth_date, gender=_clip(t.gender, 1),
        nationality=_clip(t.nationality, 3), embarkation=_clip(t.embarkation, 8), debarkation=_clip(t.debarkation, 8),
        booking=(t.reference("AVF") or "")[:64] or None, seat=(t.reference("SEA") or "")[:16] or None,
        identity_key=identity_key(t),
        documents=[{"type": d.type, "number": d.number, "issuing_state": d.issuing_state,
                    "expiry": d.expiry.isoformat() if d.expiry else None} for d in t.documents],
        **outcome(screened, flags),
    )  # fmt: skip


def check_size(data: bytes, settings: Settings) -> None:
    """Refusals that store nothing: an empty message, or one over the size limit."""
    if len(data) > settings.manifest_max_bytes:
        raise PayloadTooLarge(
            N_("the message is %(size)s bytes; the limit is %(limit)s bytes"),
            values={"size": f"{len(data):,}", "limit": f"{settings.manifest_max_bytes:,}"},
        )
    if not data.strip():
        raise InvalidInput(N_("the message is empty"))
