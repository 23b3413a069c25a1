"""``POST /match/{dataset}``: OpenSanctions yente's matching API, so existing clients can use Hudud.

Same request (``{"queries": {"q1": {"schema": "Person", "properties": {...}}}}``) and response
(``responses`` → ``results`` with ``id``, ``caption``, ``schema``, ``properties``, ``datasets``,
``score``, ``features``, ``match``); the dataset is ``default`` (every list in force) or a list name."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from hudud.errors import N_, InvalidInput, NotFound
from hudud.screening.engine import Hit
from hudud.screening.entries import IdentityDocument, ListEntry, Traveller
from hudud.web.api.screening import parse_birth
from hudud.web.deps import as_caller

router = APIRouter(tags=["screening"])


class EntityExample(BaseModel):
    id: str | None = None
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(
        examples=[{"name": ["Youssef El Amrani"], "birthDate": ["1972"]}]
    )


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field(default_factory=dict)
    queries: dict[str, EntityExample]


def _values(example: EntityExample, key: str) -> list[str]:
    value = example.properties.get(key, [])
    items = value if isinstance(value, list) else [value]
    return [str(v) for v in items if v not in (None, "")]


def _traveller(key: str, example: EntityExample) -> Traveller:
    if example.schema_ not in ("Person", "LegalEntity", "Thing"):
        raise InvalidInput(
            N_("query %(key)s: only Person queries are screened here (got %(schema)s)"),
            values={"key": repr(key), "schema": example.schema_},
        )
    names = _values(example, "name") + _values(example, "alias")
    births = _values(example, "birthDate")
    gender = (_values(example, "gender") or [""])[0][:1].upper()
    docs = [
        IdentityDocument(number=n) for n in _values(example, "passportNumber") + _values(example, "idNumber")
    ]
    if not names and not docs:
        raise InvalidInput(N_("query %(key)s has no name and no document number"), values={"key": repr(key)})
    return Traveller(
        id=key,
        names=tuple(names),
        birth_date=parse_birth(births[0][:10]) if births else None,
        nationalities=tuple(
            n.upper() for n in _values(example, "nationality") + _values(example, "citizenship")
        ),
        gender=gender if gender in ("M", "F") else None,  # type: ignore[arg-type]
        documents=tuple(docs),
    )


def _entity(hit: Hit, threshold: float) -> dict[str, Any]:
    entry: ListEntry | None = hit.entry
    properties: dict[str, list[str]] = {}
    if entry is not None:
        properties["name"] = [n.full for n in entry.names if n.quality != "low"]
        properties["weakAlias"] = [n.full for n in entry.names if n.quality == "low"]
        properties["birthDate"] = [b.iso() for b in entry.birth_dates]
        properties["nationality"] = list(entry.nationalities)
        properties["passportNumber"] = [d.number for d in entry.documents if d.kind == "passport"]
        properties["idNumber"] = [d.number for d in entry.documents if d.kind != "passport"]
        properties["topics"] = ["sanction"]
        properties = {k: v for k, v in properties.items() if v}
    return {
        "id": hit.entry_id,
        "caption": entry.primary_name if entry else hit.entry_id,
        "schema": entry.schema if entry else "Person",
        "properties": properties,
        "datasets": [entry.list_name] if entry else [],
        "referents": [],
        "target": True,
        "score": round(hit.score, 4),
        "features": {f.name: round(f.score, 4) for f in hit.features},
        "match": hit.score >= threshold,
        "explanation": hit.explanation,
    }


@router.post("/match/{dataset}")
def match(
    dataset: str,
    body: EntityMatchQuery,
    request: Request,
    limit: int = Query(5, ge=1, le=50),
    threshold: float = Query(0.7, ge=0, le=1),
    cutoff: float = Query(
        0.0,
        ge=0,
        le=1,
        description="As yente's (deprecated there): results scoring at or below min(cutoff, threshold) "
        "are left out. Hudud never returns a result scoring 0.",
    ),
    algorithm: str = Query(
        "hudud", description="Accepted for compatibility; Hudud always uses its own matcher."
    ),
) -> dict[str, Any]:
    """Match entities against the lists in force (yente-compatible)."""
    travellers = {key: _traveller(key, example) for key, example in body.queries.items()}
    engine = request.app.state.screening

    def use_case(session, caller):  # type: ignore[no-untyped-def]
        if dataset != "default":
            from hudud.services import lists

            names = {w.name for w, _ in lists.lists_in_force(session, caller)}
            if dataset not in names:
                raise NotFound(
                    N_("no dataset %(dataset)s; use 'default' or one of: %(names)s"),
                    values={"dataset": repr(dataset), "names": ", ".join(sorted(names))},
                )
        window = limit if dataset == "default" else max(limit * 5, 25)
        return engine.screen_many(
            session, caller, list(travellers.values()), limit=window, threshold=threshold
        )

    results = as_caller(request, use_case)
    responses: dict[str, Any] = {}
    for (key, example), hits in zip(body.queries.items(), results, strict=True):
        if dataset != "default":
            hits = [h for h in hits if h.entry is not None and h.entry.list_name == dataset]
        hits = [h for h in hits if h.score > min(cutoff, threshold)][:limit]
        responses[key] = {
            "status": 200,
            "results": [_entity(h, threshold) for h in hits],
            "total": {"value": len(hits), "relation": "eq"},
            "query": example.model_dump(by_alias=True),
        }
    return {
        "responses": responses,
        "matcher": {
            "name": {"description": "Hudud name matching across Arabic and Latin scripts", "coefficient": 1.0}
        },
        "limit": limit,
    }
