"""Where bulk screening reads travellers from, in partitions: the node's crossings, any table or query
with the crossings' columns, or Parquet files.

A source is a small picklable value (a URL or a path, never an open connection): the driver asks it for
the plan (the partitions, fixed when a job starts so a resumed job reads the same ones) and each Dask
worker reads its partition itself, so records never travel through the driver. ``spec()`` and
``source_from_spec`` let a job be resumed from what the database remembers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Select, func, select, text

from hudud.errors import N_, InvalidInput
from hudud.screening.entries import Traveller
from hudud.services.crossings import Fields, traveller_of
from hudud.store.border_tables import BorderCrossing
from hudud.store.db import engine_for

# The columns a table, query or Parquet file may carry (besides ``id``); missing ones count as empty.
COLUMNS = (
    "surname",
    "given_names",
    "name_arabic",
    "birth_date",
    "sex",
    "nationality",
    "document_type",
    "document_number",
    "document_issuer",
)


@dataclass(frozen=True)
class Record:
    """One traveller to screen and the key its hits are stored under."""

    id: str
    traveller: Traveller


def record_of(row: Mapping[Any, Any]) -> Record:
    """A row (crossing, query result, Parquet row) as the same Traveller the border desk screens."""

    def value(name: str) -> Any:
        item = row.get(name)
        return None if item == "" else item

    born = value("birth_date")
    if isinstance(born, datetime):
        born = born.date()
    elif isinstance(born, str):
        born = date.fromisoformat(born[:10])
    fields = Fields(
        surname=str(value("surname") or ""),
        given_names=str(value("given_names") or ""),
        name_arabic=value("name_arabic"),
        birth_date=born,
        sex=value("sex"),
        nationality=value("nationality"),
        document_type=str(value("document_type") or "P"),
        document_number=str(value("document_number") or ""),
        document_issuer=value("document_issuer"),
        document_expiry=None,
    )
    return Record(str(row["id"]), traveller_of(fields, None))


class Source(Protocol):
    """What the bulk service needs from a source."""

    def spec(self) -> dict[str, Any]: ...

    def describe(self) -> str: ...

    def plan(self, partition_size: int) -> list[list[Any]]: ...

    def read(self, part: list[Any]) -> Iterator[Record]: ...


def _boundaries(url: str, ids: Select[Any], size: int) -> list[list[Any]]:
    """Id ranges [lo, hi) holding ``size`` records each (the last fewer), from one scan of the ids."""
    sub = ids.subquery()
    numbered = select(sub.c.id, func.row_number().over(order_by=sub.c.id).label("n")).subquery()
    starts_q = select(numbered.c.id).where((numbered.c.n - 1) % size == 0).order_by(numbered.c.id)
    with engine_for(url).connect() as conn:
        starts = [int(v) for v in conn.scalars(starts_q)]
        last = conn.scalar(select(func.max(sub.c.id)))
    return _ranges(starts, last)


def _ranges(starts: list[int], last: Any) -> list[list[Any]]:
    if not starts:
        return []
    ends = [*starts[1:], max(int(last or 0), starts[-1]) + 1]
    return [[lo, hi] for lo, hi in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class CrossingsSource:
    """The node's border crossings, optionally of one state, since a time, or not yet screened under a
    list generation (what retrospective screening re-reads)."""

    url: str
    country: str | None = None
    since: str | None = None  # ISO timestamp
    not_generation: str | None = None

    def _where(self, query: Select[Any]) -> Select[Any]:
        if self.country:
            query = query.where(BorderCrossing.country == self.country)
        if self.since:
            query = query.where(BorderCrossing.at >= datetime.fromisoformat(self.since))
        if self.not_generation is not None:
            query = query.where(BorderCrossing.screened_generation != self.not_generation)
        return query

    def spec(self) -> dict[str, Any]:
        return {"kind": "crossings", **asdict(self)}

    def describe(self) -> str:
        parts = [f"country={self.country or 'all'}"]
        if self.since:
            parts.append(f"since={self.since}")
        if self.not_generation is not None:
            parts.append(f"not_generation={self.not_generation}")
        return "crossings " + " ".join(parts)

    def plan(self, partition_size: int) -> list[list[Any]]:
        return _boundaries(self.url, self._where(select(BorderCrossing.id)), partition_size)

    def read(self, part: list[Any]) -> Iterator[Record]:
        columns = [BorderCrossing.id, *(getattr(BorderCrossing, c) for c in COLUMNS)]
        query = self._where(select(*columns)).where(BorderCrossing.id >= part[0], BorderCrossing.id < part[1])
        with engine_for(self.url).connect() as conn:
            for row in conn.execute(query.order_by(BorderCrossing.id)).mappings():
                yield record_of(row)


@dataclass(frozen=True)
class QuerySource:
    """Any SQL query (or table) returning an integer ``id`` and some of ``COLUMNS``: an analyst's
    extract, a passenger-records table, a staging table loaded from elsewhere."""

    url: str
    sql: str

    @classmethod
    def table(cls, url: str, name: str) -> QuerySource:
        if not name.replace("_", "").replace(".", "").isalnum():
            raise InvalidInput(N_("not a table name: %(name)s"), values={"name": repr(name)}, field="table")
        return cls(url, f"SELECT * FROM {name}")

    def spec(self) -> dict[str, Any]:
        return {"kind": "query", **asdict(self)}

    def describe(self) -> str:
        return f"query {self.sql[:80]}"

    def plan(self, partition_size: int) -> list[list[Any]]:
        rows = f"SELECT q.id AS id FROM ({self.sql}) AS q WHERE q.id IS NOT NULL"
        numbered = f"SELECT r.id AS id, row_number() OVER (ORDER BY r.id) AS n FROM ({rows}) AS r"
        with engine_for(self.url).connect() as conn:
            starts = [
                int(v)
                for v in conn.scalars(
                    text(f"SELECT b.id FROM ({numbered}) AS b WHERE (b.n - 1) % :size = 0 ORDER BY b.id"),
                    {"size": partition_size},
                )
            ]
            last = conn.scalar(text(f"SELECT max(r.id) FROM ({rows}) AS r"))
        return _ranges(starts, last)

    def read(self, part: list[Any]) -> Iterator[Record]:
        query = text(f"SELECT * FROM ({self.sql}) AS q WHERE q.id >= :lo AND q.id < :hi ORDER BY q.id")
        with engine_for(self.url).connect() as conn:
            for row in conn.execute(query, {"lo": part[0], "hi": part[1]}).mappings():
                yield record_of(row)


@dataclass(frozen=True)
class ParquetSource:
    """A Parquet file, or a folder of them, with an ``id`` column; one partition per row group (write
    the files with row groups of 10,000-100,000 rows)."""

    path: str

    def _files(self) -> list[Path]:
        root = Path(self.path)
        files = sorted(root.rglob("*.parquet")) if root.is_dir() else [root]
        if not files or not all(f.is_file() for f in files):
            raise InvalidInput(N_("no Parquet file at %(path)s"), values={"path": self.path}, field="parquet")
        return files

    def spec(self) -> dict[str, Any]:
        return {"kind": "parquet", **asdict(self)}

    def describe(self) -> str:
        return f"parquet {self.path}"

    def plan(self, partition_size: int) -> list[list[Any]]:
        import pyarrow.parquet as pq

        return [[str(f), group] for f in self._files() for group in range(pq.ParquetFile(f).num_row_groups)]

    def read(self, part: list[Any]) -> Iterator[Record]:
        import pyarrow.parquet as pq

        table = pq.ParquetFile(part[0]).read_row_group(part[1])
        wanted = [c for c in ("id", *COLUMNS) if c in table.column_names]
        for row in table.select(wanted).to_pylist():
            yield record_of(row)


def source_from_spec(spec: Mapping[str, Any]) -> Source:
    """Rebuild a source from what a job stored (to resume it)."""
    kind, rest = spec["kind"], {k: v for k, v in spec.items() if k != "kind"}
    if kind == "crossings":
        return CrossingsSource(**rest)
    if kind == "query":
        return QuerySource(**rest)
    if kind == "parquet":
        return ParquetSource(**rest)
    raise InvalidInput(N_("unknown source kind %(kind)s"), values={"kind": repr(kind)}, field="source")
