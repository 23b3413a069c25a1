"""The screening engine compiled to C with mypyc, its pure-Python source kept as the reference.

The hot path of screening (name analysis, candidates, pair similarities, alignment, evidence) is
ordinary typed Python. ``make bootstrap`` (``hudud.compiled.main``) compiles those
modules with mypyc — black and mypy ship the same way — into extension modules beside their
sources, where Python imports them first. The source stays the one definition of the engine: a
machine without a C compiler runs it as it is, and the tests compare both on the UN list.

A compiled module that no longer matches its source would screen with yesterday's rules. So the
build records a digest of every source it compiled, and ``guard()`` (called when ``hudud`` is first
imported) loads the pure-Python source of *every* compiled module when any source changed since —
compiled modules call each other directly, so it is all or none — and says so on stderr. Setting
``HUDUD_PURE_ENGINE=1`` asks for the source on purpose (the reference run of the tests)."""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType

# What is compiled: the modules a screened traveller goes through, and what they import from the
# core. Not entries.py: its frozen dataclasses are pickled and built everywhere (compiled, they
# would not unpickle), and construction is not where the time goes.
MODULES = (
    "hudud.names.arabic",
    "hudud.names.latin",
    "hudud.names.memo",
    "hudud.names.scripts",
    "hudud.names.tables",
    "hudud.names.tokens",
    "hudud.screening.reasons",
    "hudud.screening.explain",
    "hudud.screening.features",
    "hudud.screening.similarity",
    "hudud.screening.index",
    "hudud.screening.engine",
)
PURE_VARIABLE = "HUDUD_PURE_ENGINE"
SOURCE_ROOT = Path(__file__).resolve().parent.parent  # the folder holding the hudud package


def manifest_path(root: Path = SOURCE_ROOT) -> Path:
    """Where a build records the digests it compiled (never committed)."""
    return root / "hudud" / "compiled.json"


MANIFEST = manifest_path()


def source_path(module: str, root: Path = SOURCE_ROOT) -> Path:
    """The ``.py`` file of a module under ``root``."""
    return root.joinpath(*module.split(".")).with_suffix(".py")


def digests(root: Path = SOURCE_ROOT, modules: Sequence[str] = MODULES) -> dict[str, str]:
    """SHA-256 of each module's source, by module name."""
    return {m: hashlib.sha256(source_path(m, root).read_bytes()).hexdigest() for m in modules}


def compiled_modules(root: Path = SOURCE_ROOT) -> list[str]:
    """Every module of the package that has an extension module beside its ``.py`` source — those
    of ``MODULES``, or left over from a build of another set."""
    found = set()
    for ext in (root / "hudud").rglob("*.so"):
        source = ext.with_name(ext.name.split(".", 1)[0] + ".py")
        if source.exists():
            found.add(".".join(source.relative_to(root).with_suffix("").parts))
    return sorted(found)


def compiled_files(root: Path = SOURCE_ROOT) -> list[Path]:
    """The extension modules of ``compiled_modules`` and mypyc's shared library beside the package."""
    found = [
        ext
        for module in compiled_modules(root)
        for ext in source_path(module, root).parent.glob(module.rsplit(".", 1)[1] + ".*.so")
    ]
    return found + sorted(root.glob("*__mypyc.*.so"))


def stale_modules(recorded: Mapping[str, str], current: Mapping[str, str]) -> list[str]:
    """Modules whose source differs from the one compiled (or that the build did not record)."""
    return sorted(m for m, digest in current.items() if recorded.get(m) != digest)


def state(root: Path = SOURCE_ROOT, manifest: Path = MANIFEST) -> tuple[str, list[str]]:
    """("compiled" | "stale" | "absent", stale modules): what the compiled files on disk are worth.
    Extension modules of another set than ``MODULES`` (an older build) count as stale."""
    present = compiled_modules(root)
    if not present:
        return "absent", []
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "stale", present
    stale = stale_modules(recorded if isinstance(recorded, dict) else {}, digests(root))
    stale += sorted(set(present) ^ set(MODULES))
    return ("stale" if stale else "compiled"), sorted(set(stale))


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Imports the listed modules from their ``.py`` source even where an extension module exists."""

    def __init__(self, modules: Sequence[str], root: Path) -> None:
        self._paths = {m: source_path(m, root) for m in modules}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        where = self._paths.get(fullname)
        return None if where is None else importlib.util.spec_from_file_location(fullname, where)


_engine = "pure"


def guard() -> str:
    """Choose, once per process, between the compiled engine and its source (module docstring).
    Returns what was chosen: "compiled" or "pure"."""
    global _engine
    if any(isinstance(f, _SourceFirst) for f in sys.meta_path):
        return _engine
    found, stale = state()
    if found == "compiled" and os.environ.get(PURE_VARIABLE) != "1":
        _engine = "compiled"
        return _engine
    if found == "stale" and os.environ.get(PURE_VARIABLE) != "1":
        print(
            f"hudud: the compiled screening engine does not match its source ({', '.join(stale)}); "
            "running the source instead (slower). Rebuild it: make bootstrap",
            file=sys.stderr,
        )
    sys.meta_path.insert(0, _SourceFirst(sorted({*MODULES, *compiled_modules()}), SOURCE_ROOT))
    _engine = "pure"
    return _engine


def engine() -> str:
    """ "compiled" when this process screens with the compiled engine, else "pure"."""
    return _engine


def build(root: Path = SOURCE_ROOT) -> None:
    """Compile ``MODULES`` with mypyc in place and record their digests (old builds removed first,
    so a failed build leaves only the source)."""
    remove(root)
    before = digests(root)
    paths = [str(source_path(m, root).relative_to(root)) for m in MODULES]
    subprocess.run([sys.executable, "-m", "mypyc", *paths], cwd=root, check=True, stdout=subprocess.DEVNULL)
    if digests(root) != before:
        raise RuntimeError("the engine's source changed while it was being compiled; build again")
    manifest_path(root).write_text(json.dumps(before, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def remove(root: Path = SOURCE_ROOT) -> None:
    """Delete every compiled file and the build's record: the source runs."""
    for old in compiled_files(root):
        old.unlink()
    manifest_path(root).unlink(missing_ok=True)


def main() -> None:
    """Build the compiled engine, or with ``--clean`` remove it (the Makefile runs
    ``python -c 'from hudud.compiled import main; main()'``: ``-m`` would import this module twice)."""
    if "--clean" in sys.argv[1:]:
        remove()
        print("compiled engine removed; the source runs")
        return
    try:
        build()
    except (OSError, subprocess.CalledProcessError, RuntimeError) as exc:
        print(
            f"hudud: could not compile the screening engine ({exc}); the source runs instead", file=sys.stderr
        )
        raise SystemExit(1) from exc
    print(f"compiled screening engine: {len(MODULES)} modules ({', '.join(MODULES)})")


if __name__ == "__main__":
    main()
