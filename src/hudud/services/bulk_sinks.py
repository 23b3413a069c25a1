"""Where bulk screening writes its hits: the node database (``bulk_hits``, PostgreSQL COPY) or Parquet.

Every write is idempotent per (job, partition): the database sink deletes that partition's rows and
copies the new ones in one transaction; the Parquet sink writes ``part-NNNNNN.parquet`` under a
temporary name and renames it into place. A partition re-run after a crash therefore replaces its
earlier output instead of adding to it, which is what lets a resumed job count every record once."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import Table, delete, insert, select

from hudud.errors import N_, InvalidInput
from hudud.store.bulk_tables import BulkHit
from hudud.store.db import engine_for

# One stored hit: record_id, rank, entry_id, list_name, entry_name, score, match, explanation.
HitRow = tuple[str, int, str, str, str, float, bool, str]
HIT_COLUMNS = ("record_id", "rank", "entry_id", "list_name", "entry_name", "score", "match", "explanation")


class Sink(Protocol):
    """What the bulk service needs from a sink."""

    def spec(self) -> dict[str, Any]: ...

    def describe(self) -> str: ...

    def write(self, job_id: str, partition: int, rows: Sequence[HitRow]) -> None: ...

    def hits(self, job_id: str) -> Iterator[dict[str, Any]]: ...


@dataclass(frozen=True)
class DatabaseSink:
    """The ``bulk_hits`` table of a database (usually the node's own)."""

    url: str

    def spec(self) -> dict[str, Any]:
        return {"kind": "database", **asdict(self)}

    def describe(self) -> str:
        return "database bulk_hits"

    def write(self, job_id: str, partition: int, rows: Sequence[HitRow]) -> None:
        table = cast(Table, BulkHit.__table__)
        engine = engine_for(self.url)
        with engine.begin() as conn:
            conn.execute(delete(table).where(table.c.job_id == job_id, table.c.partition == partition))
            if not rows:
                return
            if conn.dialect.name == "postgresql":
                # COPY: one round trip per partition instead of one INSERT per hit.
                raw = conn.connection.driver_connection
                columns = ", ".join(("job_id", "partition", *HIT_COLUMNS))
                with raw.cursor() as cursor, cursor.copy(f"COPY bulk_hits ({columns}) FROM STDIN") as copy:  # type: ignore[union-attr]
                    for row in rows:
                        copy.write_row((job_id, partition, *row))
            else:
                conn.execute(
                    insert(table),
                    [
                        {"job_id": job_id, "partition": partition, **dict(zip(HIT_COLUMNS, r, strict=True))}
                        for r in rows
                    ],
                )

    def hits(self, job_id: str) -> Iterator[dict[str, Any]]:
        table = cast(Table, BulkHit.__table__)
        columns = [table.c[name] for name in HIT_COLUMNS]
        query = select(*columns).where(table.c.job_id == job_id).order_by(table.c.record_id, table.c.rank)
        with engine_for(self.url).connect() as conn:
            for row in conn.execute(query.execution_options(yield_per=10_000)).mappings():
                yield dict(row)


@dataclass(frozen=True)
class ParquetSink:
    """A folder: ``<folder>/<job id>/part-NNNNNN.parquet``, one file per partition."""

    folder: str

    def spec(self) -> dict[str, Any]:
        return {"kind": "parquet", **asdict(self)}

    def describe(self) -> str:
        return f"parquet {self.folder}"

    def write(self, job_id: str, partition: int, rows: Sequence[HitRow]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        target = Path(self.folder) / job_id / f"part-{partition:06d}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(HIT_COLUMNS)
        table = pa.table(
            {
                name: pa.array(list(values), type=kind)
                for name, values, kind in zip(HIT_COLUMNS, columns, _TYPES(), strict=True)
            }
        )
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        pq.write_table(table, temporary)
        os.replace(temporary, target)  # atomic: readers see the old file or the new one, never half

    def hits(self, job_id: str) -> Iterator[dict[str, Any]]:
        import pyarrow.parquet as pq

        for path in sorted((Path(self.folder) / job_id).glob("part-*.parquet")):
            yield from pq.read_table(path).to_pylist()


def _TYPES() -> list[Any]:
    import pyarrow as pa

    return [
        pa.string(),
        pa.int16(),
        pa.string(),
        pa.string(),
        pa.string(),
        pa.float64(),
        pa.bool_(),
        pa.string(),
    ]


def sink_from_spec(spec: Mapping[str, Any]) -> Sink:
    """Rebuild a sink from what a job stored (to resume it)."""
    kind, rest = spec["kind"], {k: v for k, v in spec.items() if k != "kind"}
    if kind == "database":
        return DatabaseSink(**rest)
    if kind == "parquet":
        return ParquetSink(**rest)
    raise InvalidInput(N_("unknown sink kind %(kind)s"), values={"kind": repr(kind)}, field="sink")
