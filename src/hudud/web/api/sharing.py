"""Regional alerts over HTTP: the alerts in force this caller may see, issuing, updating and revoking this
state's alerts, and hit notices. Authorisation and audit live in ``hudud.services.sharing``; a partner's
alert outside the caller's state's scope gets the very answer a missing one gets (404, same body)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Self

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, BeforeValidator, Field, StringConstraints, model_validator

from hudud.errors import InvalidInput
from hudud.services import sharing
from hudud.services.sharing import NodeContext
from hudud.sharing.alerts import (
    Alert,
    AlertKind,
    Document,
    Handling,
    Person,
    Scope,
    ScopeKind,
    alert_from_body,
)
from hudud.store.sharing_tables import HitNoticeRecord
from hudud.web.deps import as_caller

router = APIRouter(prefix="/alerts", tags=["alerts"])


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


CountryCode = Annotated[str, BeforeValidator(_upper), StringConstraints(pattern="^[A-Z]{3}$")]


class ScopeIn(BaseModel):
    kind: ScopeKind = Field(description="national, states (the chosen member states) or all members")
    states: list[CountryCode] = Field(default=[], max_length=10, description="ICAO codes, for kind=states")

    def to_scope(self) -> Scope:
        try:
            return Scope(self.kind, tuple(dict.fromkeys(self.states)))
        except ValueError as error:
            raise InvalidInput(str(error), field="scope") from None


class PersonDocument(BaseModel):
    number: str = Field(min_length=1, max_length=40)
    issuing_state: CountryCode


class PersonIn(BaseModel):
    names: list[str] = Field(
        min_length=1, max_length=10, description="Every known spelling, the main one first (any script)"
    )
    birth_date: date | None = None
    nationalities: list[CountryCode] = Field(default=[], max_length=5)
    gender: Literal["M", "F"] | None = None
    documents: list[PersonDocument] = Field(default=[], max_length=5)

    def to_person(self) -> Person:
        names = tuple(n.strip() for n in self.names if n.strip())
        return Person(
            names,
            self.birth_date,
            tuple(self.nationalities),
            self.gender,
            tuple((d.number.upper(), d.issuing_state) for d in self.documents),
        )


class DocumentIn(BaseModel):
    number: str = Field(min_length=1, max_length=40)
    issuing_state: CountryCode
    kind: Literal["passport", "id_card", "travel_document"] = "passport"
    status: Literal["lost", "stolen"] = "stolen"

    def to_document(self) -> Document:
        return Document(self.number.strip().upper(), self.issuing_state, self.kind, self.status)


class AlertIn(BaseModel):
    kind: AlertKind
    scope: ScopeIn
    handling: Handling
    reference: str = Field(min_length=1, max_length=100, description="Your own file reference")
    person: PersonIn | None = None
    document: DocumentIn | None = None
    remarks: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _person_or_document(self) -> Self:
        if self.kind == AlertKind.DOCUMENT and (self.document is None or self.person is not None):
            raise ValueError("a lost/stolen-document alert takes a document and no person")
        if self.kind != AlertKind.DOCUMENT and (self.person is None or self.document is not None):
            raise ValueError("a person alert takes a person and no document")
        return self


class AlertUpdate(BaseModel):
    scope: ScopeIn | None = None
    handling: Handling | None = None
    remarks: str | None = Field(default=None, max_length=2000)


class ScopeOut(BaseModel):
    kind: ScopeKind
    states: list[str]


class PersonOut(BaseModel):
    names: list[str]
    birth_date: date | None
    nationalities: list[str]
    gender: str | None
    documents: list[PersonDocument]


class DocumentOut(BaseModel):
    number: str
    issuing_state: str
    kind: str
    status: str


class AlertOut(BaseModel):
    alert_id: str
    origin: str
    version: int
    kind: AlertKind
    scope: ScopeOut
    handling: Handling
    reference: str
    issued_at: datetime
    revoked: bool
    remarks: str
    person: PersonOut | None
    document: DocumentOut | None
    received_at: datetime | None = None


class AlertPage(BaseModel):
    alerts: list[AlertOut]
    offset: int
    limit: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page")


class NoticeOut(BaseModel):
    alert_id: str
    alert_version: int
    origin: str = Field(description="The state that issued the alert")
    country: str = Field(description="The state where the hit happened")
    place: str
    at: datetime
    decision: str


def alert_out(alert: Alert, received_at: datetime | None = None) -> AlertOut:
    p, d = alert.person, alert.document
    return AlertOut(
        alert_id=alert.alert_id,
        origin=alert.origin,
        version=alert.version,
        kind=alert.kind,
        scope=ScopeOut(kind=alert.scope.kind, states=list(alert.scope.states)),
        handling=alert.handling,
        reference=alert.reference,
        issued_at=alert.issued_at,
        revoked=alert.revoked,
        remarks=alert.remarks,
        person=PersonOut(
            names=list(p.names),
            birth_date=p.birth_date,
            nationalities=list(p.nationalities),
            gender=p.gender,
            documents=[PersonDocument(number=n, issuing_state=s) for n, s in p.documents],
        )
        if p
        else None,
        document=DocumentOut(number=d.number, issuing_state=d.issuing_state, kind=d.kind, status=d.status)
        if d
        else None,
        received_at=received_at,
    )


def new_alert(body: AlertIn) -> sharing.NewAlert:
    """The service's command from the wire model (the pages build the same model from their form)."""
    return sharing.NewAlert(
        body.kind,
        body.scope.to_scope(),
        body.handling,
        body.reference.strip(),
        body.person.to_person() if body.person else None,
        body.document.to_document() if body.document else None,
        body.remarks.strip(),
    )


def this_node(request: Request) -> NodeContext:
    """This node's signing context, loaded on each use so that `hudud node init` or a key rotation
    takes effect without a restart; Conflict (409) naming the command when the node has no keys."""
    return sharing.ready_context(request.app.state.settings)


@router.get("", response_model=AlertPage)
def list_alerts(
    request: Request,
    offset: int = Query(0, ge=0, le=100_000),
    limit: int = Query(50, ge=1, le=50),
) -> AlertPage:
    """Alerts in force the caller may see (this state's and partners' shared with it), newest first."""
    rows = as_caller(request, lambda s, c: sharing.alerts_in_force(s, c, limit=limit, offset=offset))
    return AlertPage(
        alerts=[alert_out(a, at) for a, at in rows],
        offset=offset,
        limit=limit,
        next_offset=offset + limit if len(rows) == limit else None,
    )


@router.get("/notices", response_model=list[NoticeOut])
def notices(
    request: Request,
    direction: Literal["received", "sent"] = "received",
    limit: int = Query(50, ge=1, le=200),
) -> list[NoticeOut]:
    """Hits on this state's alerts reported by partners (received), or hits here on partners' alerts
    notified to them (sent): which alert, where, when, the decision — nothing about the traveller."""
    use_case = sharing.list_notices if direction == "received" else sharing.list_notices_sent
    rows: list[HitNoticeRecord] = as_caller(request, lambda s, c: use_case(s, c, limit=limit))
    return [NoticeOut.model_validate(r, from_attributes=True) for r in rows]


@router.get("/{alert_id}", response_model=AlertOut)
def get_alert(alert_id: str, request: Request) -> AlertOut:
    return alert_out(as_caller(request, lambda s, c: sharing.get_alert(s, c, alert_id)))


@router.post("", response_model=AlertOut, status_code=201)
def issue(body: AlertIn, request: Request) -> AlertOut:
    """Sign an alert of this state and queue it for every member state in its scope."""
    new = new_alert(body)
    row = as_caller(request, lambda s, c: sharing.issue_alert(s, c, this_node(request), new))
    return alert_out(alert_from_body(row.body), row.received_at)


@router.patch("/{alert_id}", response_model=AlertOut)
def update(alert_id: str, body: AlertUpdate, request: Request) -> AlertOut:
    """The next version of this state's alert: a new scope, handling code or remarks."""
    scope = body.scope.to_scope() if body.scope else None
    row = as_caller(
        request,
        lambda s, c: sharing.revise_alert(
            s, c, this_node(request), alert_id, scope=scope, handling=body.handling, remarks=body.remarks
        ),
    )
    return alert_out(alert_from_body(row.body), row.received_at)


@router.post("/{alert_id}/revoke", response_model=AlertOut)
def revoke(alert_id: str, request: Request) -> AlertOut:
    """Revoke this state's alert everywhere it was shared (a last, signed version)."""
    row = as_caller(
        request, lambda s, c: sharing.revise_alert(s, c, this_node(request), alert_id, revoke=True)
    )
    return alert_out(alert_from_body(row.body), row.received_at)
