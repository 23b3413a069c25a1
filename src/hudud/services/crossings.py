"""Processing a traveller at a crossing point: read and check the document, screen against every list
in force, find the person's previous crossings and stay status, record the crossing and open cases —
in one transaction — then record the officer's decision.

Every submission carries an idempotency key chosen by the officer's page (or API client). The same
key from the same officer always answers with the crossing it first created, so a double click or a
retry after a connection dropped mid-submit stores one crossing and one set of cases, never two."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hudud.documents.errors import InvalidMRZ
from hudud.documents.mrz import parse_mrz
from hudud.documents.transliteration import mrz_to_arabic
from hudud.errors import Conflict, InvalidInput, NotFound
from hudud.names.tokens import analyse_name
from hudud.policy import Caller, Permission
from hudud.rules.stay import StayStatus
from hudud.screening.engine import Hit
from hudud.screening.entries import BirthDate, IdentityDocument, Traveller
from hudud.services import audit, cases
from hudud.services.border import (
    DECISIONS,
    DIRECTIONS,
    DOCUMENT_TYPES,
    N_,
    NOT_VISIBLE,
    REFUSAL_REASONS,
    VEHICLE_TYPES,
    VISA_TYPES,
    crossing_point_for,
    home_state,
    person_stay,
    require,
)
from hudud.services.documents import mrz_result
from hudud.services.node_screening import NodeScreening, generation
from hudud.store.border_tables import BorderCase, BorderCrossing, BorderDocument
from hudud.store.tables import CrossingPoint, TravellerRecord, utcnow

KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
HISTORY = 10


@dataclass(frozen=True)
class Presented:
    """What the traveller hands over: an MRZ (read, pasted or from a photo) or fields typed by hand."""

    source: str = "mrz"  # mrz, photo, manual
    mrz_text: str = ""
    surname: str = ""
    given_names: str = ""
    name_arabic: str = ""
    birth_date: date | None = None
    sex: str | None = None
    nationality: str | None = None
    document_type: str = "P"
    document_number: str = ""
    document_issuer: str | None = None
    document_expiry: date | None = None
    visa_type: str = "none"
    visa_until: date | None = None
    vehicle_plate: str | None = None
    vehicle_type: str | None = None


@dataclass(frozen=True)
class Desk:
    """Where and how: the direction of the lane, the post, the submission's idempotency key."""

    direction: str
    idempotency_key: str
    crossing_point_id: int | None = None
    group_id: int | None = None


@dataclass
class Inspection:
    """Everything the officer sees about one traveller, on one screen."""

    crossing: BorderCrossing
    point: CrossingPoint
    check: dict[str, Any] | None
    hits: list[dict[str, Any]]
    cases: list[BorderCase]
    history: list[BorderCrossing]
    stay: StayStatus
    replayed: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Fields:
    surname: str
    given_names: str
    name_arabic: str | None
    birth_date: date | None
    sex: str | None
    nationality: str | None
    document_type: str
    document_number: str
    document_issuer: str | None
    document_expiry: date | None


def _read(presented: Presented, today: date) -> tuple[Fields, Any]:
    """The fields of the document and the parsed MRZ (None for manual entry)."""
    if presented.source in ("mrz", "photo"):
        try:
            mrz = parse_mrz(presented.mrz_text, today=today)
        except InvalidMRZ as exc:
            raise InvalidInput(exc.message, field="mrz") from None
        code = mrz.document_code.rstrip("<")
        kind = "P" if code.startswith("P") else "I" if code[:1] in ("I", "A", "C") else "O"
        return (
            Fields(
                surname=mrz.primary_identifier,
                given_names=mrz.secondary_identifier,
                name_arabic=presented.name_arabic.strip() or None,
                birth_date=mrz.birth_date,
                sex=mrz.sex if mrz.sex in ("F", "M", "X") else None,
                nationality=mrz.nationality or None,
                document_type=kind,
                document_number=mrz.document_number,
                document_issuer=mrz.issuing_state or None,
                document_expiry=mrz.expiry_date,
            ),
            mrz,
        )
    if presented.source != "manual":
        raise InvalidInput(N_("the document comes from an MRZ, a photo or manual entry"), field="source")
    if not (presented.surname.strip() or presented.name_arabic.strip()):
        raise InvalidInput(N_("type the surname, in Latin or Arabic script"), field="surname")
    if not presented.document_number.strip():
        raise InvalidInput(N_("type the document number"), field="document_number")
    if presented.document_type not in DOCUMENT_TYPES:
        raise InvalidInput(N_("unknown document type"), field="document_type")
    if presented.sex not in (None, "", "F", "M", "X"):
        raise InvalidInput(N_("sex is F, M or X"), field="sex")
    return (
        Fields(
            surname=presented.surname.strip().upper(),
            given_names=presented.given_names.strip().upper(),
            name_arabic=presented.name_arabic.strip() or None,
            birth_date=presented.birth_date,
            sex=presented.sex or None,
            nationality=(presented.nationality or "").strip().upper() or None,
            document_type=presented.document_type,
            document_number=re.sub(r"\s+", "", presented.document_number).upper(),
            document_issuer=(presented.document_issuer or presented.nationality or "").strip().upper()
            or None,
            document_expiry=presented.document_expiry,
        ),
        None,
    )


def traveller_of(fields: Fields, arabic_from_mrz: str | None) -> Traveller:
    latin = " ".join(p for p in (fields.given_names, fields.surname) if p)
    names = tuple(dict.fromkeys(n for n in (latin, fields.name_arabic, arabic_from_mrz) if n))
    born = fields.birth_date
    return Traveller(
        id="desk",
        names=names,
        given=fields.given_names or None,
        family=fields.surname or None,
        birth_date=BirthDate(born.year, born.month, born.day) if born else None,
        nationalities=(fields.nationality,) if fields.nationality else (),
        gender=fields.sex if fields.sex in ("M", "F") else None,  # type: ignore[arg-type]
        documents=(
            IdentityDocument(
                fields.document_number,
                "passport" if fields.document_type == "P" else "national_id",
                fields.document_issuer,
            ),
        ),
    )


def identity_key(fields: Fields) -> str:
    """Nationality, birth date and the name's spelling-independent keys: links a person's documents."""
    names = " ".join(p for p in (fields.given_names, fields.surname) if p) or (fields.name_arabic or "")
    keys = " ".join(sorted({t.key for t in analyse_name(names)}))
    return f"{fields.nationality or ''}|{fields.birth_date or ''}|{keys}"[:300]


def _link_person(
    session: Session, caller: Caller, country: str, fields: Fields
) -> tuple[TravellerRecord, bool]:
    """The person this document belongs to: by the document, else by identity, else a new record."""
    issuer = fields.document_issuer or ""
    doc = session.scalar(
        select(BorderDocument).where(
            BorderDocument.country == country,
            BorderDocument.issuer == issuer,
            BorderDocument.number == fields.document_number,
        )
    )
    key = identity_key(fields)
    traveller_id = doc.traveller_id if doc else None
    if traveller_id is None and fields.birth_date is not None:
        traveller_id = session.scalar(
            select(BorderDocument.traveller_id)
            .where(BorderDocument.country == country, BorderDocument.identity_key == key)
            .limit(1)
        )
    person = session.get(TravellerRecord, traveller_id) if traveller_id else None
    created = person is None
    if person is None:
        person = TravellerRecord(
            country=country,
            surname=fields.surname or (fields.name_arabic or ""),
            created_by=caller.principal.user_id if caller.principal and caller.principal.user_id else None,
        )
        session.add(person)
    person.given_names, person.name_arabic = fields.given_names, fields.name_arabic or person.name_arabic
    person.birth_date, person.sex, person.nationality = fields.birth_date, fields.sex, fields.nationality
    person.document_type, person.document_number = fields.document_type, fields.document_number
    person.document_issuer, person.document_expiry = fields.document_issuer, fields.document_expiry
    session.flush()
    if doc is None:  # the same new document at two desks at once: the first one wins
        _insert_ignoring_duplicate(
            session,
            BorderDocument,
            {
                "country": country,
                "traveller_id": person.id,
                "issuer": issuer,
                "number": fields.document_number,
                "kind": fields.document_type,
                "identity_key": key,
                "first_seen": utcnow(),
            },
        )
    return person, created


def _insert_ignoring_duplicate(session: Session, table: Any, values: dict[str, Any]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING on both engines (one round trip, no savepoint)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())


def generation_key(
    session: Session, screening: NodeScreening | None = None, country: str | None = None
) -> str:
    """The lists-in-force generation as text: crossings screened under an older one get re-screened.

    Right after ``screening.screener(session, country)`` the screener knows the generation it was
    built for, which saves the traveller step a second round trip to the database."""
    built = getattr(screening, "_built", {}).get(country) if screening is not None else None
    current = getattr(built, "generation", None) or generation(session)
    return ".".join(str(part) for part in current)


def hit_dict(hit: Hit) -> dict[str, Any]:
    entry = hit.entry
    return {
        "entry_id": hit.entry_id,
        "list": entry.list_name if entry else "lost",
        "name": entry.primary_name if entry else hit.entry_id,
        "score": hit.score,
        "match": hit.match,
        "explanation": hit.explanation,
    }


def _replay(session: Session, caller: Caller, key: str) -> BorderCrossing | None:
    if caller.principal is None:
        return None
    return session.scalar(
        select(BorderCrossing).where(
            BorderCrossing.officer_id == caller.principal.user_id, BorderCrossing.idempotency_key == key
        )
    )


def inspect(
    session: Session,
    caller: Caller,
    screening: NodeScreening,
    presented: Presented,
    desk: Desk,
    *,
    decision: str | None = None,
    reason_code: str | None = None,
    note: str | None = None,
) -> Inspection:
    """Check, screen, link and record one traveller; optionally decide at once (API clients, groups)."""
    require(caller, Permission.TRAVELLERS_WRITE, "border.inspect")
    require(caller, Permission.SCREEN, "border.inspect")
    if not KEY.match(desk.idempotency_key or ""):
        raise InvalidInput(N_("a submission key of 8-64 letters, digits or -_.: is required"), field="key")
    if desk.direction not in DIRECTIONS:
        raise InvalidInput(N_("the direction is entry or exit"), field="direction")
    if presented.visa_type not in VISA_TYPES:
        raise InvalidInput(N_("unknown visa type"), field="visa_type")
    if presented.vehicle_type and presented.vehicle_type not in VEHICLE_TYPES:
        raise InvalidInput(N_("unknown vehicle type"), field="vehicle_type")
    country = home_state(caller)
    today = utcnow().date()
    fields, mrz = _read(presented, today)
    previous = _replay(session, caller, desk.idempotency_key)
    if previous is not None:
        view = _view(session, previous, mrz, replayed=True)
        if decision:
            decide(session, caller, previous.id, decision, reason_code, note)
        return view
    point = crossing_point_for(session, caller, desk.crossing_point_id)
    screener = screening.screener(session, country)
    hits = screener.screen(traveller_of(fields, _arabic(mrz)), limit=5)
    shown = [hit_dict(h) for h in hits if h.score > 0]
    person, new_person = _link_person(session, caller, country, fields)
    # cleared pairings are noted on the hits before the crossing is written (one INSERT, no UPDATE)
    matches = [h for h in shown if h["match"]]
    to_raise = matches if new_person else cases.note_clearances(session, person.id, matches)
    exit_without_entry = False
    if desk.direction == "exit" and fields.nationality != country:
        last = session.scalar(
            select(BorderCrossing.direction)
            .where(BorderCrossing.traveller_id == person.id, BorderCrossing.decision == "admitted")
            .order_by(BorderCrossing.at.desc())
            .limit(1)
        )
        exit_without_entry = last != "entry"
    crossing = BorderCrossing(
        country=country,
        crossing_point_id=point.id,
        direction=desk.direction,
        at=utcnow(),
        traveller_id=person.id,
        officer_id=caller.principal.user_id if caller.principal else None,
        officer=caller.name,
        idempotency_key=desk.idempotency_key,
        source=presented.source,
        surname=fields.surname,
        given_names=fields.given_names,
        name_arabic=fields.name_arabic,
        birth_date=fields.birth_date,
        sex=fields.sex,
        nationality=fields.nationality,
        document_type=fields.document_type,
        document_number=fields.document_number,
        document_issuer=fields.document_issuer,
        document_expiry=fields.document_expiry,
        document_valid=mrz.valid if mrz is not None else None,
        visa_type=presented.visa_type,
        visa_until=presented.visa_until,
        hits=shown,
        findings=[f["code"] for f in _check(mrz, shown, today, fields)["findings"]],
        top_score=max((h["score"] for h in shown), default=0.0),
        screened_generation=generation_key(session, screening, country),
        exit_without_entry=exit_without_entry,
        group_id=desk.group_id,
        vehicle_plate=(presented.vehicle_plate or "").strip().upper() or None,
        vehicle_type=presented.vehicle_type or None,
    )
    try:
        with session.begin_nested():
            session.add(crossing)
    except IntegrityError:  # the same key submitted twice at the same moment: answer with the first
        first = _replay(session, caller, desk.idempotency_key)
        if first is None:
            raise
        return _view(session, first, mrz, replayed=True)
    opened = cases.raise_cases(session, crossing, to_raise, clearances_noted=True)
    audit.append(
        session,
        caller,
        "border.inspect",
        record_type="border_crossing",
        record_id=crossing.id,
        detail=f"direction={desk.direction} hits={sum(h['match'] for h in shown)} cases={len(opened)}",
    )
    if decision:
        decide(session, caller, crossing.id, decision, reason_code, note)
    return _view(session, crossing, mrz, new_person=new_person, known_cases=opened)


def _arabic(mrz: Any) -> str | None:
    """The Arabic name an MRZ carries in the Doc 9303 Arabic table, when it decodes."""
    if mrz is None:
        return None
    primary = mrz_to_arabic(mrz.primary_identifier.replace(" ", "<"))
    secondary = mrz_to_arabic(mrz.secondary_identifier.replace(" ", "<")) if mrz.secondary_identifier else ""
    return f"{secondary} {primary}".strip() if primary else None


def _check(mrz: Any, hits: list[dict[str, Any]], today: date, fields: Fields) -> dict[str, Any]:
    """The document check shown to the officer; a lost/stolen hit becomes a finding of the document."""
    lost = next((h["explanation"] for h in hits if h["list"] == "lost" and h["match"]), None)
    if mrz is not None:
        return mrz_result(mrz, today=today, lost_stolen=lambda _m: lost, extended=True)
    findings = []
    if fields.document_expiry and fields.document_expiry < today:
        findings.append({"code": "expired", "message": f"document expired on {fields.document_expiry}"})
    if lost:
        findings.append({"code": "lost_or_stolen", "message": f"document is on a lost/stolen list: {lost}"})
    return {"valid": None, "errors": [], "findings": findings, "manual": True}


def fields_of(crossing: BorderCrossing) -> Fields:
    """The document fields as recorded on a crossing (for re-screening and the view)."""
    return Fields(
        crossing.surname,
        crossing.given_names,
        crossing.name_arabic,
        crossing.birth_date,
        crossing.sex,
        crossing.nationality,
        crossing.document_type or "P",
        crossing.document_number or "",
        crossing.document_issuer,
        crossing.document_expiry,
    )


def _view(
    session: Session,
    crossing: BorderCrossing,
    mrz: Any,
    *,
    replayed: bool = False,
    new_person: bool = False,
    known_cases: list[BorderCase] | None = None,
) -> Inspection:
    """What the officer sees; a person seen for the first time has no history to look up."""
    person = session.get(TravellerRecord, crossing.traveller_id)
    point = session.get(CrossingPoint, crossing.crossing_point_id)
    assert person is not None and point is not None  # foreign keys
    fields = fields_of(crossing)
    history = (
        []
        if new_person
        else list(
            session.scalars(
                select(BorderCrossing)
                .where(BorderCrossing.traveller_id == person.id, BorderCrossing.id != crossing.id)
                .order_by(BorderCrossing.at.desc())
                .limit(HISTORY)
            )
        )
    )
    stay = person_stay(
        session,
        crossing.country,
        person,
        visa_type=crossing.visa_type,
        visa_until=crossing.visa_until,
        at_entry=crossing.direction == "entry" and crossing.decision is None,
        movements=[] if new_person else None,
    )
    warnings = []
    if crossing.exit_without_entry:
        warnings.append("exit_without_entry")
    if stay.visa_missing and crossing.direction == "entry":
        warnings.append("visa_missing")
    if stay.overstaying:
        warnings.append("overstay")
    check = _check(mrz, crossing.hits, crossing.at.date(), fields)
    return Inspection(
        crossing,
        point,
        check,
        crossing.hits,
        cases.cases_of(session, crossing.id),
        history,
        stay,
        replayed,
        warnings,
    )


def visible_crossing(session: Session, caller: Caller, crossing_id: int, action: str) -> BorderCrossing:
    crossing = session.get(BorderCrossing, crossing_id)
    if crossing is None or not cases.may_see(
        caller, crossing.country, crossing.crossing_point_id, crossing.officer_id
    ):
        raise NotFound(NOT_VISIBLE).then(audit.denial(caller, action, "border_crossing", crossing_id))
    return crossing


def get_inspection(session: Session, caller: Caller, crossing_id: int) -> Inspection:
    """A crossing as the officer saw it (audited read)."""
    crossing = visible_crossing(session, caller, crossing_id, "border.crossing.read")
    audit.append(
        session, caller, "border.crossing.read", record_type="border_crossing", record_id=crossing.id
    )
    return _view(session, crossing, None)


def decide(
    session: Session,
    caller: Caller,
    crossing_id: int,
    decision: str,
    reason_code: str | None = None,
    note: str | None = None,
) -> BorderCrossing:
    """Admit, refer to secondary inspection or refuse. The same decision twice changes nothing; a
    referral can be followed by a final decision; a final decision cannot be changed here."""
    require(caller, Permission.TRAVELLERS_WRITE, "border.decide")
    crossing = visible_crossing(session, caller, crossing_id, "border.decide")
    if decision not in DECISIONS:
        raise InvalidInput(N_("the decision is admitted, referred or refused"), field="decision")
    reason_code = (reason_code or "").strip().upper() or None
    if decision == "refused" and reason_code not in REFUSAL_REASONS:
        raise InvalidInput(N_("choose the reason for the refusal"), field="reason_code")
    if decision != "refused":
        reason_code = None
    if crossing.decision == decision and crossing.reason_code == reason_code:
        return crossing
    if crossing.decision not in (None, "referred"):
        raise Conflict(N_("this crossing is already decided; ask a supervisor to correct it"))
    if decision == "admitted":
        waiting = [c for c in cases.cases_of(session, crossing.id) if _blocks_admission(c)]
        if waiting:
            raise Conflict(N_("a hit is still open or a possible match: refer the traveller or refuse entry"))
    crossing.decision, crossing.reason_code, crossing.note = (
        decision,
        reason_code,
        (note or "").strip() or None,
    )
    crossing.decided_at, crossing.decided_by = utcnow(), caller.name
    audit.append(
        session,
        caller,
        "border.decide",
        record_type="border_crossing",
        record_id=crossing.id,
        detail=f"{decision}{' ' + reason_code if reason_code else ''}",
    )
    return crossing


def _blocks_admission(case: BorderCase) -> bool:
    if case.status == "open" or case.status == "confirmed":
        return True
    return case.status == "review" and case.assessment == "possible"
