"""``make bench``: run every benchmark (or those named) and write their sections of docs/benchmarks.md.

Each module in this folder with a ``main()`` is a benchmark; they run one after another so that they
do not compete for the two cores. ``python -m benchmarks mrz_throughput screening`` runs only those."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

SKIP = {"report", "synthetic_names", "mrz_samples"}


def available() -> list[str]:
    folder = Path(__file__).resolve().parent
    names = []
    for module in pkgutil.iter_modules([str(folder)]):
        if module.name.startswith("_") or module.name in SKIP:
            continue
        names.append(module.name)
    return sorted(names)


def main(argv: list[str]) -> int:
    chosen = argv or available()
    unknown = [name for name in chosen if name not in available()]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}",
            file=sys.stderr,
        )
        return 2
    failed = []
    for name in chosen:
        module = importlib.import_module(f"benchmarks.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        saved = sys.argv
        sys.argv = [f"benchmarks.{name}"]  # each benchmark parses its own options: give it none
        try:
            module.main()
        except (Exception, SystemExit):
            traceback.print_exc()
            failed.append(name)
        finally:
            sys.argv = saved
        print(f"== {name} done in {time.perf_counter() - started:.0f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
