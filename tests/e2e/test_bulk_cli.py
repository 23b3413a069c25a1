"""``hudud bulk-screen`` killed with SIGKILL mid-job (driver, scheduler and workers at once), then run
again with the same ``--job``: it resumes from the partitions already recorded and every record is
counted exactly once; the stored matches equal the single-process engine's, record for record."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.integration.test_bulk import national_list, reference_hits, stored, traveller_rows, write_parquet

HUDUD = [sys.executable, "-m", "hudud.cli"]
RECORDS = 400  # 10 partitions of 40 (Parquet row groups)


def finished_partitions(database: Path) -> int:
    try:
        with sqlite3.connect(database, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM bulk_partitions").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet, or busy


def test_sigkill_mid_job_then_resume_counts_each_record_once(tmp_path: Path) -> None:
    from hudud.services.bulk_sinks import ParquetSink

    env = {
        **os.environ,
        "HUDUD_VAR_DIR": str(tmp_path / "var"),
        "HUDUD_DATABASE_URL": "",
        "HUDUD_BULK_SNAPSHOT_DIR": str(tmp_path / "snapshots"),
    }
    assert subprocess.run([*HUDUD, "migrate"], env=env, capture_output=True, timeout=120).returncode == 0
    database = tmp_path / "var" / "hudud.sqlite3"
    people, lost = national_list(tmp_path)
    rows = traveller_rows(RECORDS)
    parquet = write_parquet(rows, tmp_path / "travellers.parquet")
    command = [*HUDUD, "bulk-screen", "--job", "killed-1", "--workers", "2"]
    first = subprocess.Popen(
        [
            *command,
            "--parquet",
            str(parquet),
            "--list",
            str(people),
            "--list",
            str(lost),
            "--output",
            str(tmp_path / "hits"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the cluster down with it
    )
    deadline = time.monotonic() + 300
    while finished_partitions(database) == 0 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=60)
    before = finished_partitions(database)
    assert 0 < before < 10, "the job was killed part-way"

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)

    assert resumed.returncode == 0, resumed.stderr
    assert f"{RECORDS} records in 10 partitions ({before} finished earlier)" in resumed.stdout
    with sqlite3.connect(database) as conn:
        status, records = conn.execute(
            "SELECT status, records FROM bulk_jobs WHERE id = 'killed-1'"
        ).fetchone()
        partitions = conn.execute("SELECT count(*), sum(records) FROM bulk_partitions").fetchone()
    assert (status, records, partitions) == ("done", RECORDS, (10, RECORDS))
    hits = stored(ParquetSink(str(tmp_path / "hits")).hits("killed-1"))
    assert hits == reference_hits((people, lost), rows, 0.70)
