"""Traveller records: personal data owned by one state. Every read is authorised and audit-logged.

A record that does not exist and a record of another state get the same refusal, so the API does not
tell a foreign officer which records exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hudud.errors import N_, Forbidden, InvalidInput
from hudud.policy import Caller, Permission, Principal, may_access_personal
from hudud.services import audit
from hudud.store.tables import TravellerRecord

NOT_VISIBLE = N_("this record does not exist or you may not see it")


@dataclass(frozen=True)
class NewTraveller:
    surname: str
    given_names: str = ""
    name_arabic: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    nationality: str | None = None
    document_type: str | None = None
    document_number: str | None = None
    document_issuer: str | None = None
    document_expiry: date | None = None


def get_traveller(session: Session, caller: Caller, traveller_id: int) -> TravellerRecord:
    record = session.get(TravellerRecord, traveller_id)
    if record is None or not may_access_personal(caller, Permission.TRAVELLERS_READ, record.country):
        raise Forbidden(NOT_VISIBLE).then(audit.denial(caller, "traveller.read", "traveller", traveller_id))
    audit.append(session, caller, "traveller.read", record_type="traveller", record_id=record.id)
    return record


def require_search(caller: Caller) -> Principal:
    """Refuse (and audit) a caller whose role does not read traveller records: the search page itself,
    empty, is refused to them (it showed a form whose every search was refused)."""
    if caller.principal is None or not caller.principal.can(Permission.TRAVELLERS_READ):
        raise Forbidden(N_("your role does not give access to traveller records")).then(
            audit.denial(caller, "traveller.search")
        )
    return caller.principal


def search_travellers(session: Session, caller: Caller, text: str, limit: int = 50) -> list[TravellerRecord]:
    """Own-state records whose name or document number contains ``text``; the search itself is audited."""
    principal = require_search(caller)
    needle = text.strip()
    if len(needle) < 2:
        raise InvalidInput(N_("type at least two characters to search"), field="q")
    pattern = f"%{needle}%"
    query = (
        select(TravellerRecord)
        .where(TravellerRecord.country == principal.country)
        .where(
            or_(
                TravellerRecord.surname.ilike(pattern),
                TravellerRecord.given_names.ilike(pattern),
                TravellerRecord.name_arabic.like(pattern),
                TravellerRecord.document_number.ilike(pattern),
            )
        )
        .order_by(TravellerRecord.surname, TravellerRecord.id)
        .limit(limit)
    )
    found = list(session.scalars(query))
    audit.append(session, caller, "traveller.search", record_type="traveller", detail=f"results={len(found)}")
    return found


def create_traveller(
    session: Session, caller: Caller, data: NewTraveller, country: str | None = None
) -> TravellerRecord:
    owner = country or (caller.principal.country if caller.principal else None)
    if not owner:
        raise InvalidInput(N_("the owning state is required"), field="country")
    if not may_access_personal(caller, Permission.TRAVELLERS_WRITE, owner):
        raise Forbidden(N_("you may not record travellers for this state")).then(
            audit.denial(caller, "traveller.create")
        )
    if not data.surname.strip():
        raise InvalidInput(N_("the surname is required"), field="surname")
    if data.sex not in (None, "F", "M", "X"):
        raise InvalidInput(N_("sex is F, M or X"), field="sex")
    record = TravellerRecord(
        country=owner,
        surname=data.surname.strip(),
        given_names=data.given_names.strip(),
        name_arabic=data.name_arabic,
        birth_date=data.birth_date,
        sex=data.sex,
        nationality=data.nationality,
        document_type=data.document_type,
        document_number=data.document_number,
        document_issuer=data.document_issuer,
        document_expiry=data.document_expiry,
        created_by=caller.principal.user_id if caller.principal and caller.principal.user_id else None,
    )
    session.add(record)
    session.flush()
    audit.append(session, caller, "traveller.create", record_type="traveller", record_id=record.id)
    return record
