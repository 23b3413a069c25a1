"""The screening index of a bulk job, built once and handed to every worker as a snapshot file.

Building the index over UN + a 100,000-entry national list takes tens of seconds; a worker that built
its own per partition would spend more time building than screening. The driver builds it once,
pickles the ready ``Screener`` (index, lost documents, threshold) to ``<fingerprint>.pkl``, and each
worker process loads that file once and keeps it for every partition it runs.

The fingerprint covers the lists (the node's list generation and state, or the files' contents), the
threshold, the candidate count and the snapshot format, so a resumed job finds its own snapshot again
and a list change can never be mixed into a job that started under older lists. On a real cluster the
snapshot folder must be shared storage every worker can read (``HUDUD_BULK_SNAPSHOT_DIR``)."""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select

from hudud import names as names_package
from hudud import screening as screening_package
from hudud.errors import N_, Conflict, InvalidInput
from hudud.screening.engine import Screener
from hudud.screening.index import ScreeningIndex
from hudud.services import lists as node_lists
from hudud.services.heap import long_lived
from hudud.services.node_screening import generation
from hudud.services.screening import load_lists
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.db import engine_for
from hudud.store.list_tables import Watchlist

FORMAT = 1  # bump when the pickled shape of the engine changes incompatibly


@dataclass
class Built:
    """A ready screener and what it was built from (for the job record and the audit)."""

    screener: Screener
    description: str


class Lists(Protocol):
    """Where a job's watch lists come from."""

    def spec(self) -> dict[str, Any]: ...

    def fingerprint(self, threshold: float, candidates: int) -> str: ...

    def build(self, threshold: float, candidates: int) -> Built: ...


@cache
def engine_version() -> str:
    """A digest of the engine's source (``hudud.names``, ``hudud.screening``): a pickled index only fits
    the code that pickled it, so a snapshot is never loaded by a worker running other engine code."""
    digest = hashlib.sha256()
    for package in (names_package, screening_package):
        for path in sorted(Path(next(iter(package.__path__))).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _digest(*parts: object) -> str:
    joined = "|".join(str(p) for p in (FORMAT, engine_version(), *parts))
    return hashlib.sha256(joined.encode()).hexdigest()[:40]


@dataclass(frozen=True)
class NodeLists:
    """The lists in force on this node for one state (shared lists + that state's own), as the border
    desk and retrospective screening see them."""

    url: str
    country: str | None = None

    def spec(self) -> dict[str, Any]:
        return {"kind": "node", **asdict(self)}

    def fingerprint(self, threshold: float, candidates: int) -> str:
        with UnitOfWork(engine_for(self.url)).sessions() as session:
            current = generation(session)
        return _digest("node", self.country, current, threshold, candidates)

    def build(self, threshold: float, candidates: int) -> Built:
        with UnitOfWork(engine_for(self.url)).sessions() as session:
            query = select(Watchlist.name).where(Watchlist.in_force.is_(True)).order_by(Watchlist.name)
            if self.country is not None:
                query = query.where(Watchlist.owner.is_(None) | (Watchlist.owner == self.country))
            names = list(session.scalars(query))
            with long_lived():
                index = ScreeningIndex(node_lists.active_entries(session, owner=self.country))
                lost = list(node_lists.active_lost_documents(session, owner=self.country))
                screener = Screener(index, threshold=threshold, candidates=candidates, lost_documents=lost)
        return Built(screener, f"{','.join(names)} ({len(index)} entries, {len(lost)} lost documents)")


@dataclass(frozen=True)
class ListFiles:
    """List files (UN XML, OFAC CSV, national CSV, ...), as ``hudud screen`` reads them."""

    paths: tuple[str, ...] = field(default=())

    def spec(self) -> dict[str, Any]:
        return {"kind": "files", "paths": list(self.paths)}

    def fingerprint(self, threshold: float, candidates: int) -> str:
        hashes = []
        for path in self.paths:
            digest = hashlib.sha256()
            try:
                with open(path, "rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
            except OSError as exc:
                raise InvalidInput(
                    N_("cannot read list file %(path)s: %(strerror)s"),
                    values={"path": path, "strerror": exc.strerror},
                    field="list",
                ) from None
            hashes.append(digest.hexdigest())
        return _digest("files", sorted(hashes), threshold, candidates)

    def build(self, threshold: float, candidates: int) -> Built:
        with long_lived():
            loaded = load_lists([Path(p) for p in self.paths])
            index = ScreeningIndex(loaded.entries)
            screener = Screener(
                index, threshold=threshold, candidates=candidates, lost_documents=loaded.lost_documents
            )
        names = ",".join(Path(p).name for p in self.paths)
        return Built(screener, f"{names} ({len(index)} entries, {len(loaded.lost_documents)} lost documents)")


def lists_from_spec(spec: Mapping[str, Any]) -> Lists:
    """Rebuild a lists source from what a job stored (to resume it)."""
    if spec["kind"] == "node":
        return NodeLists(spec["url"], spec.get("country"))
    if spec["kind"] == "files":
        return ListFiles(tuple(spec["paths"]))
    raise InvalidInput(N_("unknown lists kind %(kind)s"), values={"kind": repr(spec["kind"])}, field="lists")


def snapshot_path(folder: Path, fingerprint: str) -> Path:
    return folder / f"{fingerprint}.pkl"


def write_snapshot(folder: Path, fingerprint: str, built: Built) -> Path:
    """Pickle the screener to ``<folder>/<fingerprint>.pkl`` (atomically; an existing one is kept)."""
    target = snapshot_path(folder, fingerprint)
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    payload = {
        "format": FORMAT,
        "engine": engine_version(),
        "fingerprint": fingerprint,
        "description": built.description,
    }
    with open(temporary, "wb") as handle:
        pickle.dump(payload, handle, protocol=5)
        pickle.dump(built.screener, handle, protocol=5)
    os.chmod(temporary, 0o600)  # the lists hold personal data
    os.replace(temporary, target)
    return target


def ensure_snapshot(folder: Path, lists: Lists, fingerprint: str, threshold: float, candidates: int) -> str:
    """The snapshot for ``fingerprint``: the existing file, or built now if the lists still match.

    Returns the list description; raises Conflict when the lists changed since the job started."""
    target = snapshot_path(folder, fingerprint)
    if target.exists():
        with open(target, "rb") as handle:
            return str(pickle.load(handle)["description"])
    if lists.fingerprint(threshold, candidates) != fingerprint:
        raise Conflict(
            N_("the lists changed since this job started and its index snapshot is gone: start a new job")
        )
    built = lists.build(threshold, candidates)
    write_snapshot(folder, fingerprint, built)
    return built.description


_loaded: dict[str, Screener] = {}
_lock = threading.Lock()


def load_snapshot(path: str) -> Screener:
    """The screener of a snapshot file, loaded once per process (each Dask worker keeps its own)."""
    screener = _loaded.get(path)
    if screener is not None:
        return screener
    with _lock:
        if path not in _loaded:
            with open(path, "rb") as handle:
                header = pickle.load(handle)
                if (header.get("format"), header.get("engine")) != (FORMAT, engine_version()):
                    raise Conflict(
                        N_(
                            "snapshot %(path)s was made by other screening code than this worker runs: install the same Hudud version on the driver and every worker"
                        ),
                        values={"path": path},
                    )
                _loaded.clear()  # one job's index at a time: a worker's memory holds one
                _loaded[path] = pickle.load(handle)
        return _loaded[path]
