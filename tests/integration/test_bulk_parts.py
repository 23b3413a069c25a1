"""The pieces of bulk screening without a cluster: partition plans cover every record once, sinks
replace a partition instead of adding to it, snapshots refuse other lists or other engine code."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from sqlalchemy import text

from hudud.errors import Conflict
from hudud.services import bulk_snapshot
from hudud.services.bulk_sinks import DatabaseSink
from hudud.services.bulk_snapshot import ListFiles, load_snapshot, write_snapshot
from hudud.services.bulk_sources import QuerySource, source_from_spec
from hudud.store.db import engine_for

HIT = ("17", 0, "nat-1", "national:x", "ALI BEN SALAH", 0.91, True, "given name Ali = Ali")


def test_query_partitions_cover_every_record_once(database_url: str) -> None:
    engine = engine_for(database_url)
    ids = sorted({i * 3 + (i % 7) for i in range(1, 1000)})[:450]  # gaps of every size
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE staging_travellers (id integer primary key, surname text)"))
        conn.execute(
            text("INSERT INTO staging_travellers (id, surname) VALUES (:id, :surname)"),
            [{"id": i, "surname": f"NAME{i}"} for i in ids],
        )
    source = QuerySource.table(database_url, "staging_travellers")
    plan = source.plan(100)
    read = [r.id for part in plan for r in source.read(part)]
    assert read == [str(i) for i in ids]  # all, once, in order
    assert [len(list(source.read(p))) for p in plan] == [100, 100, 100, 100, 50]
    assert source_from_spec(source.spec()) == source  # a resumed job rebuilds the same source


def test_database_sink_replaces_a_partition(database_url: str) -> None:
    sink = DatabaseSink(database_url)
    sink.write("job-a", 3, [HIT, HIT])
    sink.write("job-a", 3, [HIT])  # the partition re-run after a crash
    sink.write("job-a", 4, [HIT])
    assert len(list(sink.hits("job-a"))) == 2
    (first, *_) = list(sink.hits("job-a"))
    assert (first["entry_id"], first["score"], first["match"]) == ("nat-1", 0.91, True)


def test_snapshot_fingerprint_follows_the_list_files(tmp_path: Path) -> None:
    path = tmp_path / "national_x.csv"
    path.write_text("id,name,birth_date\nX1,Ali Ben Salah,1970\n", "utf-8")
    before = ListFiles((str(path),)).fingerprint(0.7, 20)
    assert ListFiles((str(path),)).fingerprint(0.8, 20) != before  # the threshold is part of it
    path.write_text("id,name,birth_date\nX1,Ali Ben Salah,1971\n", "utf-8")
    assert ListFiles((str(path),)).fingerprint(0.7, 20) != before


def test_snapshot_from_other_engine_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "national_x.csv"
    path.write_text("id,name,birth_date\nX1,Ali Ben Salah,1970\n", "utf-8")
    lists = ListFiles((str(path),))
    written = write_snapshot(tmp_path / "snap", lists.fingerprint(0.7, 20), lists.build(0.7, 20))
    assert len(load_snapshot(str(written)).index) == 1
    stale = tmp_path / "stale.pkl"
    with open(stale, "wb") as handle:
        pickle.dump({"format": bulk_snapshot.FORMAT, "engine": "older-engine"}, handle)
        pickle.dump(None, handle)
    with pytest.raises(Conflict, match="same Hudud version"):
        load_snapshot(str(stale))


def test_a_lost_snapshot_is_rebuilt_only_for_unchanged_lists(tmp_path: Path) -> None:
    path = tmp_path / "national_x.csv"
    path.write_text("id,name,birth_date\nX1,Ali Ben Salah,1970\n", "utf-8")
    lists = ListFiles((str(path),))
    fingerprint = lists.fingerprint(0.7, 20)
    assert "1 entries" in bulk_snapshot.ensure_snapshot(tmp_path / "s", lists, fingerprint, 0.7, 20)
    path.write_text("id,name,birth_date\nX1,Ali Ben Salah,1971\n", "utf-8")
    with pytest.raises(Conflict, match="lists changed"):
        bulk_snapshot.ensure_snapshot(tmp_path / "other", lists, fingerprint, 0.7, 20)
