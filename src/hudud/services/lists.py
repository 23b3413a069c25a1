"""Watch lists: atomic, versioned imports with a diff, and the active entries screening uses.

An import reads the whole file first (nothing touches the database if it cannot be read), writes a new
version in one transaction and only then makes it active. A failed import — an unreadable or cut-off
file, a database error half-way — leaves the previous version in force."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from hudud.errors import N_, Forbidden, InvalidInput, NotFound
from hudud.formats.lists import entry_fingerprint, read_list
from hudud.formats.lists.common import ListReadResult
from hudud.policy import Caller, Permission
from hudud.screening.entries import ListEntry, LostDocument
from hudud.services import audit
from hudud.store.entry_codec import entry_from_json, entry_to_json
from hudud.store.list_tables import LostDocumentRow, Watchlist, WatchlistEntry, WatchlistVersion

KEEP_ERRORS = 50  # record errors kept with a version (the import report shows them all)
KEEP_VERSIONS = 5  # versions whose entries stay stored (for "what changed"); older ones keep their summary
BATCH = 2000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportReport:
    """What an import did, for the operator and the audit log."""

    list_name: str
    version: int
    format: str
    entries: int
    documents: int
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unchanged_source: bool = False

    def summary(self) -> str:
        return (
            f"{self.list_name} v{self.version}: {self.entries} entries, {self.documents} documents; "
            f"+{len(self.added)} added, ~{len(self.changed)} changed, -{len(self.removed)} removed, "
            f"{len(self.errors)} records rejected"
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _require_manage(caller: Caller, action: str) -> None:
    if not caller.can(Permission.LISTS_MANAGE):
        raise Forbidden(N_("only list administrators import lists")).then(audit.denial(caller, action))


def import_list(
    session: Session,
    caller: Caller,
    path: Path | str,
    *,
    list_name: str | None = None,
    owner: str | None = None,
    progress: Progress | None = None,
    read: ListReadResult | None = None,
) -> ImportReport:
    """Import one list file as a new version of its list and make it active."""
    _require_manage(caller, "list.import")
    path = Path(path)
    result = read or read_list(path, list_name=list_name)
    if not result.complete:
        raise InvalidInput(
            N_("%(file)s is cut off (%(problem)s); the list in force was kept — import the complete file"),
            values={
                "file": path.name,
                "problem": result.errors[-1].message if result.errors else "truncated",
            },
        )
    if not result.entries and not result.lost_documents:
        raise InvalidInput(
            N_("%(file)s holds no usable entry; the list in force was kept"), values={"file": path.name}
        )
    name = list_name or result.list_name
    kind = "documents" if result.lost_documents and not result.entries else "persons"
    watchlist = session.scalar(select(Watchlist).where(Watchlist.name == name))
    if watchlist is None:
        watchlist = Watchlist(
            name=name, kind=kind, format=result.format, owner=owner or _owner_of(caller, name)
        )
        session.add(watchlist)
        session.flush()
    previous = _fingerprints(session, watchlist.active_version_id)
    number = (
        session.scalar(
            select(func.max(WatchlistVersion.number)).where(WatchlistVersion.list_id == watchlist.id)
        )
        or 0
    ) + 1
    version = WatchlistVersion(
        list_id=watchlist.id,
        number=number,
        imported_by=caller.name,
        source_name=path.name,
        source_sha256=_sha256(path),
        generated_on=result.generated_on,
        entries=len(result.entries),
        documents=len(result.lost_documents),
        rejected=len(result.errors),
        errors=[
            {"line": e.line, "record": e.record, "message": e.message} for e in result.errors[:KEEP_ERRORS]
        ],
    )
    session.add(version)
    session.flush()

    current: dict[str, str] = {}
    rows: list[dict[str, object]] = []
    total = len(result.entries) + len(result.lost_documents)
    done = 0
    for entry in result.entries:
        fingerprint = entry_fingerprint(entry)
        current[entry.id] = fingerprint
        rows.append(
            {
                "version_id": version.id,
                "entry_id": entry.id,
                "fingerprint": fingerprint,
                "primary_name": entry.primary_name,
                "payload": entry_to_json(entry),
            }
        )
        if len(rows) >= BATCH:
            session.execute(insert(WatchlistEntry), rows)
            done += len(rows)
            rows = []
            if progress:
                progress(done, total)
    if rows:
        session.execute(insert(WatchlistEntry), rows)
        done += len(rows)
    docs = [
        {
            "version_id": version.id,
            "number": d.number,
            "issuing_state": d.issuing_state,
            "kind": d.kind,
            "status": d.status,
            "reported_on": d.reported_on,
        }
        for d in result.lost_documents
    ]
    for start in range(0, len(docs), BATCH):
        session.execute(insert(LostDocumentRow), docs[start : start + BATCH])
        current.update({f"doc:{d['issuing_state']}:{d['number']}": "" for d in docs[start : start + BATCH]})
    if progress:
        progress(total, total)

    added = sorted(k for k in current if k not in previous)
    removed = sorted(k for k in previous if k not in current)
    changed = sorted(k for k in current if k in previous and previous[k] != current[k])
    version.added, version.changed, version.removed = len(added), len(changed), len(removed)
    watchlist.active_version_id = version.id
    watchlist.format = result.format
    session.flush()
    prune_versions(session, watchlist)
    audit.append(
        session,
        caller,
        "list.import",
        record_type="watchlist",
        record_id=f"{name}#{number}",
        detail=f"entries={len(result.entries)} documents={len(result.lost_documents)} added={len(added)} "
        f"changed={len(changed)} removed={len(removed)} rejected={len(result.errors)}",
    )
    return ImportReport(
        list_name=name,
        version=number,
        format=result.format,
        entries=len(result.entries),
        documents=len(result.lost_documents),
        added=added,
        changed=changed,
        removed=removed,
        errors=[f"line {e.line}: {e.message}" if e.line else e.message for e in result.errors],
    )


def _owner_of(caller: Caller, name: str) -> str | None:
    """National and lost-document lists belong to the importing state; UN/OFAC/EU lists to no one."""
    if name.split(":", 1)[0] in ("un", "ofac", "eu", "ftm"):
        return None
    return caller.country


def _fingerprints(session: Session, version_id: int | None) -> dict[str, str]:
    if version_id is None:
        return {}
    rows = session.execute(
        select(WatchlistEntry.entry_id, WatchlistEntry.fingerprint).where(
            WatchlistEntry.version_id == version_id
        )
    )
    found = {entry_id: fingerprint for entry_id, fingerprint in rows}
    for state, number in session.execute(
        select(LostDocumentRow.issuing_state, LostDocumentRow.number).where(
            LostDocumentRow.version_id == version_id
        )
    ):
        found[f"doc:{state}:{number}"] = ""
    return found


def lists_in_force(session: Session, caller: Caller) -> list[tuple[Watchlist, WatchlistVersion | None]]:
    """Lists visible to the caller with their active version: shared lists, and the caller's own national lists."""
    if not (caller.can(Permission.LISTS_READ) or caller.can(Permission.SCREEN)):
        raise Forbidden(N_("your role does not give access to lists"))
    query = select(Watchlist).order_by(Watchlist.name)
    if caller.principal is not None:
        query = query.where((Watchlist.owner.is_(None)) | (Watchlist.owner == caller.principal.country))
    out = []
    for watchlist in session.scalars(query):
        version = (
            session.get(WatchlistVersion, watchlist.active_version_id)
            if watchlist.active_version_id
            else None
        )
        out.append((watchlist, version))
    return out


def versions(session: Session, caller: Caller, name: str) -> list[WatchlistVersion]:
    watchlist = _visible_list(session, caller, name)
    return list(
        session.scalars(
            select(WatchlistVersion)
            .where(WatchlistVersion.list_id == watchlist.id)
            .order_by(WatchlistVersion.number.desc())
        )
    )


def _visible_list(session: Session, caller: Caller, name: str) -> Watchlist:
    for watchlist, _version in lists_in_force(session, caller):
        if watchlist.name == name:
            return watchlist
    raise NotFound(N_("no list named %(name)s"), values={"name": repr(name)})


def active_entries(session: Session, owner: str | None = None) -> Iterator[ListEntry]:
    """Every entry of every active person list in force (for building the screening index).

    ``owner``: include national lists of this state (and the shared lists); None includes all."""
    query = (
        select(WatchlistEntry.payload)
        .join(Watchlist, Watchlist.active_version_id == WatchlistEntry.version_id)
        .where(Watchlist.in_force.is_(True))
    )
    if owner is not None:
        query = query.where((Watchlist.owner.is_(None)) | (Watchlist.owner == owner))
    for (payload,) in session.execute(query.execution_options(yield_per=5000)):
        yield entry_from_json(payload)


def active_lost_documents(session: Session, owner: str | None = None) -> Iterator[LostDocument]:
    query = (
        select(LostDocumentRow, Watchlist.name)
        .join(Watchlist, Watchlist.active_version_id == LostDocumentRow.version_id)
        .where(Watchlist.in_force.is_(True))
    )
    if owner is not None:
        query = query.where((Watchlist.owner.is_(None)) | (Watchlist.owner == owner))
    for row, name in session.execute(query.execution_options(yield_per=5000)):
        yield LostDocument(
            number=row.number,
            issuing_state=row.issuing_state,
            kind=row.kind,
            reported_on=row.reported_on,
            status=row.status,
            source=name,
        )


def prune_versions(session: Session, watchlist: Watchlist, keep: int = KEEP_VERSIONS) -> int:
    """Drop the entries of all but the newest ``keep`` versions of a list (their summaries stay),
    so a list refreshed daily does not grow the database without bound."""
    old = session.scalars(
        select(WatchlistVersion.id)
        .where(WatchlistVersion.list_id == watchlist.id)
        .order_by(WatchlistVersion.number.desc())
        .offset(keep)
    ).all()
    old = [v for v in old if v != watchlist.active_version_id]
    if not old:
        return 0
    result = session.execute(delete(WatchlistEntry).where(WatchlistEntry.version_id.in_(old)))
    session.execute(delete(LostDocumentRow).where(LostDocumentRow.version_id.in_(old)))
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class VersionDiff:
    """What changed between two versions of a list, with the names a person recognises."""

    list_name: str
    older: int
    newer: int
    added: list[tuple[str, str]]
    changed: list[tuple[str, str]]
    removed: list[tuple[str, str]]


def diff_versions(session: Session, caller: Caller, name: str, older: int, newer: int) -> VersionDiff:
    """Compare two stored versions entry by entry (ids and content fingerprints)."""
    watchlist = _visible_list(session, caller, name)
    found = {
        v.number: v.id
        for v in session.scalars(
            select(WatchlistVersion).where(
                WatchlistVersion.list_id == watchlist.id, WatchlistVersion.number.in_([older, newer])
            )
        )
    }
    missing = [n for n in (older, newer) if n not in found]
    if missing:
        raise NotFound(
            N_("%(name)s has no version %(version)s"), values={"name": name, "version": missing[0]}
        )

    def content(version_id: int) -> dict[str, tuple[str, str]]:
        rows = session.execute(
            select(WatchlistEntry.entry_id, WatchlistEntry.fingerprint, WatchlistEntry.primary_name).where(
                WatchlistEntry.version_id == version_id
            )
        )
        return {entry_id: (fingerprint, caption) for entry_id, fingerprint, caption in rows}

    before, after = content(found[older]), content(found[newer])
    if not before and not after:
        raise NotFound(
            N_("the entries of %(name)s v%(older)s and v%(newer)s are no longer kept"),
            values={"name": name, "older": older, "newer": newer},
        )
    audit.append(session, caller, "list.diff", record_type="watchlist", record_id=f"{name}#{older}..{newer}")
    return VersionDiff(
        list_name=name,
        older=older,
        newer=newer,
        added=sorted((k, v[1]) for k, v in after.items() if k not in before),
        changed=sorted((k, v[1]) for k, v in after.items() if k in before and before[k][0] != v[0]),
        removed=sorted((k, v[1]) for k, v in before.items() if k not in after),
    )
