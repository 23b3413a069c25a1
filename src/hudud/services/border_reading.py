"""Reading what a traveller presents and finding the person it belongs to: the MRZ (read, pasted or
from a photo) or fields typed by hand become ``Fields``; ``link_person`` joins them to the state's
record of the person by document, else by identity (a renewed passport, an identity card at a land
post), else records a new person. Used by the traveller step (``hudud.services.crossings``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.documents.countries import SPECIMEN_CODES, is_known_code
from hudud.documents.errors import InvalidMRZ
from hudud.documents.mrz import parse_mrz
from hudud.documents.transliteration import mrz_to_arabic
from hudud.errors import InvalidInput
from hudud.names.tokens import analyse_name
from hudud.policy import Caller
from hudud.screening.entries import BirthDate, IdentityDocument, Traveller
from hudud.services.border import DOCUMENT_TYPES, N_
from hudud.store.border_tables import BorderCrossing, BorderDocument
from hudud.store.tables import TravellerRecord, utcnow

STATE_CODE = re.compile(r"^[A-Z]{1,3}$")  # ICAO codes (D for Germany)
DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9<-]{1,32}$")
UNKNOWN_STATE = {  # a typed code must be one the MRZ check accepts (ISO 3166-1 alpha-3 or ICAO's own)
    "nationality": N_(
        "nationality %(code)s is not a state code: type the ICAO three-letter code, e.g. MAR, DZA or XXA"
    ),
    "document_issuer": N_(
        "issuing state %(code)s is not a state code: type the ICAO three-letter code, e.g. MAR"
    ),
}


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


def read_document(presented: Presented, today: date) -> tuple[Fields, Any]:
    """The fields of the document and the parsed MRZ (None for manual entry)."""
    if presented.source in ("mrz", "photo"):
        try:
            mrz = parse_mrz(presented.mrz_text, today=today)
        except InvalidMRZ as exc:
            raise InvalidInput(exc.template, values=exc.values, field="mrz") from None
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
    for field_name, state in (
        ("nationality", presented.nationality),
        ("document_issuer", presented.document_issuer),
    ):
        code = (state or "").strip().upper()
        if state and not STATE_CODE.match(code):
            raise InvalidInput(
                N_("a state is written with its three-letter code, e.g. MAR"), field=field_name
            )
        if code and (code in SPECIMEN_CODES or not is_known_code(code)):  # the MRZ check's code table
            raise InvalidInput(UNKNOWN_STATE[field_name], values={"code": code}, field=field_name)
    if not DOCUMENT_NUMBER.match(re.sub(r"\s+", "", presented.document_number).upper()):
        raise InvalidInput(N_("a document number has letters and digits only"), field="document_number")
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


def link_person(
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


def arabic_of(mrz: Any) -> str | None:
    """The Arabic name an MRZ carries in the Doc 9303 Arabic table, when it decodes."""
    if mrz is None:
        return None
    primary = mrz_to_arabic(mrz.primary_identifier.replace(" ", "<"))
    secondary = mrz_to_arabic(mrz.secondary_identifier.replace(" ", "<")) if mrz.secondary_identifier else ""
    return f"{secondary} {primary}".strip() if primary else None


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
