"""Screening cost in instructions: what a traveller of the UN batch costs, counted by Valgrind.

The speed benchmark (``benchmarks/screening.py``) reports CPU time, which other tenants of a shared
machine change from one run to the next (on session 3's machine the same code screened the UN batch
at 822 to 1,102 travellers/s in runs minutes apart). An instruction count does not move with load: it is the figure to compare two versions
of the engine by, on any machine. Run: ``.venv/bin/python -m benchmarks.screening_instructions``
(needs ``valgrind``; skipped with a message without it).

Method: the UN list and the batch (the 683 yente positives, then negatives, as in the speed
benchmark) are read once and handed to a child process as a pickle; the child builds the index and
screens a seeded sample of new travellers under ``valgrind --tool=callgrind``, once with no
traveller (the set-up) and once with the sample; the difference divided by the sample size is the
cost of one new traveller, name analysis, candidates, scoring and explanations included."""

from __future__ import annotations

import argparse
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.report import write_section
from benchmarks.screening import un_batch
from hudud import compiled

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def child(data: Path, count: int) -> None:
    """Screen ``count`` sampled travellers (run under Valgrind by ``main``)."""
    from hudud.screening.engine import Screener
    from hudud.screening.index import ScreeningIndex

    entries, batch = pickle.loads(data.read_bytes())
    screener = Screener(ScreeningIndex(entries))
    for traveller in random.Random(5).sample(batch, count) if count else []:
        screener.screen(traveller, limit=5)


def instructions(data: Path, count: int, pure: bool = False) -> int:
    """Instructions Valgrind counts for one child run (the compiled engine, or its source)."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "benchmarks.screening_instructions",
        "--child",
        str(data),
        str(count),
    ]
    env = {**os.environ, compiled.PURE_VARIABLE: "1" if pure else "0"}
    run = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    found = _COLLECTED.search(run.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output: {run.stderr[-500:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=1500)
    parser.add_argument("--child", nargs=2, metavar=("PICKLE", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]))
        return
    if shutil.which("valgrind") is None:
        print("screening_instructions: valgrind is not installed; nothing measured", file=sys.stderr)
        return
    un, batch = un_batch()
    per: dict[bool, float] = {}
    setups: dict[bool, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        pickled = Path(folder) / "batch.pkl"
        pickled.write_bytes(pickle.dumps((un, batch)))
        for pure in (False, True):
            setups[pure] = instructions(pickled, 0, pure)
            per[pure] = (instructions(pickled, args.sample, pure) - setups[pure]) / args.sample
    engine = compiled.engine()
    print(
        f"{per[False] / 1e6:.2f} million instructions per traveller ({engine}), "
        f"{per[True] / 1e6:.2f} million (source)",
        file=sys.stderr,
    )
    first = (
        "compiled engine (mypyc, `hudud.compiled`)" if engine == "compiled" else "engine (not compiled here)"
    )
    write_section(
        "screening-instructions",
        "Screening cost in instructions (issue 4 §6, load-independent)",
        f"{args.sample:,} travellers drawn (seed 5) from the 10,000-traveller UN batch of the speed "
        f"benchmark, each new to the engine, screened against the UN list (2026-02-27) under "
        f"`valgrind --tool=callgrind`; the set-up (reading the pickled list, building the index) is "
        f"counted apart and taken off. Reproduce: `.venv/bin/python -m benchmarks.screening_instructions`.\n\n"
        f"| one new traveller (analysis, candidates, scoring, explanations) | instructions |\n|---|---|\n"
        f"| {first} | {per[False] / 1e6:.2f} million |\n"
        f"| its Python source (`HUDUD_PURE_ENGINE=1`) | {per[True] / 1e6:.2f} million |\n"
        f"| set-up (interpreter, imports, the pickled list, an index of {len(un):,} entries), compiled | "
        f"{setups[False] / 1e6:,.0f} million |\n\n"
        f"At 5,000 travellers/s on one core (the target) a traveller may take 200 µs. On session 3's "
        f"2.1 GHz Xeon the engine ran about 4.8 instructions per nanosecond (about 3.7 million per "
        f"traveller at 1,304 travellers/s), so the target there is about one million instructions per traveller.",
    )


if __name__ == "__main__":
    main()
