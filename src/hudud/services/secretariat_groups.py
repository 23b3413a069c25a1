"""Working groups (security, intelligence, customs, justice): members, and the proposals they draft
for the ministerial conference, in versions, with comments, up to the Secretariat's approval.

Members of a group (its states' focal points) and Secretariat staff draft, revise, comment and
send a draft for review; only the Secretariat approves a proposal for submission to a conference
and records its submission. An approved text is frozen: see ``hudud.secretariat.workflow``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from hudud.policy import Caller, Permission
from hudud.secretariat import workflow
from hudud.services import audit
from hudud.services import secretariat as core
from hudud.store.secretariat_tables import (
    GroupMember,
    Proposal,
    ProposalComment,
    ProposalVersion,
    SecEvent,
    WorkingGroup,
)
from hudud.store.tables import utcnow

GROUPS = (
    ("security", "Working group on security", "فريق العمل المعني بالأمن", "Groupe de travail sur la sécurité"),
    ("intelligence", "Working group on intelligence", "فريق العمل المعني بالاستخبارات", "Groupe de travail sur le renseignement"),
    ("customs", "Working group on customs", "فريق العمل المعني بالجمارك", "Groupe de travail sur les douanes"),
    ("justice", "Working group on justice", "فريق العمل المعني بالعدالة", "Groupe de travail sur la justice"),
)  # fmt: skip


def ensure_groups(session: Session) -> list[WorkingGroup]:
    """The four working groups of the Rabat Declaration (idempotent)."""
    existing = {g.code: g for g in session.scalars(select(WorkingGroup))}
    for code, en, ar, fr in GROUPS:
        if code not in existing:
            existing[code] = WorkingGroup(code=code, name_en=en, name_ar=ar, name_fr=fr)
            session.add(existing[code])
    session.flush()
    return [existing[code] for code, *_ in GROUPS]


def list_groups(session: Session, caller: Caller) -> list[WorkingGroup]:
    core.require_read(caller, "secretariat.group.list")
    return list(session.scalars(select(WorkingGroup).order_by(WorkingGroup.id)))


def get_group(session: Session, caller: Caller, group_id: int) -> WorkingGroup:
    core.require_read(caller, "secretariat.group.read")
    row = session.get(WorkingGroup, group_id)
    if row is None:
        raise NotFound(N_("no such working group"))
    return row


def add_member(
    session: Session, caller: Caller, group_id: int, kind: str, code: str, name: str = ""
) -> GroupMember:
    core.require_edit(caller, "secretariat.group.member", "working_group", group_id)
    group = get_group(session, caller, group_id)
    core.choice(kind, workflow.MEMBER_KINDS, "kind")
    party = core.party(session, code, "member") if code or kind != "expert" else None
    name = core.text(name, "name", required=kind == "expert", limit=200)
    if kind != "expert" and any(m.party == party and m.kind == kind for m in group.members):
        raise Conflict(N_("%(party)s is already a member of this group"), values={"party": party})
    member = GroupMember(group_id=group.id, kind=kind, party=party, name=name)
    group.members.append(member)
    session.flush()
    audit.append(session, caller, "secretariat.group.member", record_type="working_group", record_id=group.id)
    return member


def is_member(group: WorkingGroup, caller: Caller) -> bool:
    return any(m.party == caller.country for m in group.members if m.party)


def _require_member(caller: Caller, group: WorkingGroup, action: str, record_id: object) -> None:
    if caller.can(Permission.SECRETARIAT_EDIT):
        return
    if caller.can(Permission.SECRETARIAT_REPORT) and is_member(group, caller):
        return
    refusal = (
        Forbidden(
            N_(
                "only members of the %(group)s and Secretariat staff may do this; %(country)s is not a member"
            ),
            values={"group": group.name_en.lower(), "country": caller.country},
        )
        if caller.country
        else Forbidden(
            N_("only members of the %(group)s and Secretariat staff may do this"),
            values={"group": group.name_en.lower()},
        )
    )
    raise refusal.then(audit.denial(caller, action, "proposal", record_id))


def _group(session: Session, group_id: int) -> WorkingGroup:
    row = session.get(WorkingGroup, group_id)
    if row is None:
        raise NotFound(N_("no such working group"))
    return row


def list_proposals(session: Session, caller: Caller, group_id: int | None = None) -> list[Proposal]:
    core.require_read(caller, "secretariat.proposal.list")
    query = select(Proposal).order_by(Proposal.id)
    if group_id is not None:
        query = query.where(Proposal.group_id == group_id)
    return list(session.scalars(query))


def get_proposal(session: Session, caller: Caller, proposal_id: int) -> Proposal:
    core.require_read(caller, "secretariat.proposal.read")
    row = session.get(Proposal, proposal_id)
    if row is None:
        raise NotFound(N_("no such proposal"))
    return row


def create_proposal(
    session: Session, caller: Caller, group_id: int, name_en: str, name_ar: str, body: str, name_fr: str = ""
) -> Proposal:
    group = get_group(session, caller, group_id)
    _require_member(caller, group, "secretariat.proposal.create", None)
    row = Proposal(
        group_id=group.id,
        name_en=core.text(name_en, "name_en", limit=300),
        name_ar=core.text(name_ar, "name_ar", required=False, limit=300),
        name_fr=core.text(name_fr, "name_fr", required=False, limit=300),
    )
    session.add(row)
    session.flush()
    session.add(
        ProposalVersion(
            proposal_id=row.id, number=1, text=core.text(body, "text", limit=20000), author=caller.name
        )
    )
    session.flush()
    session.refresh(row)
    audit.append(session, caller, "secretariat.proposal.create", record_type="proposal", record_id=row.id)
    return row


def add_version(session: Session, caller: Caller, proposal_id: int, body: str) -> ProposalVersion:
    row = get_proposal(session, caller, proposal_id)
    _require_member(caller, _group(session, row.group_id), "secretariat.proposal.version", proposal_id)
    if not workflow.editable(row.status):
        raise Conflict(
            N_("a proposal that is %(status)s cannot be revised; withdraw it to draft a new one"),
            values={"status": row.status},
        )
    version = ProposalVersion(
        proposal_id=row.id,
        number=(row.versions[-1].number if row.versions else 0) + 1,
        text=core.text(body, "text", limit=20000),
        author=caller.name,
    )
    session.add(version)
    session.flush()
    session.refresh(row)
    audit.append(
        session,
        caller,
        "secretariat.proposal.version",
        record_type="proposal",
        record_id=row.id,
        detail=f"v{version.number}",
    )
    return version


def comment(session: Session, caller: Caller, proposal_id: int, body: str) -> ProposalComment:
    row = get_proposal(session, caller, proposal_id)
    _require_member(caller, _group(session, row.group_id), "secretariat.proposal.comment", proposal_id)
    note = ProposalComment(
        proposal_id=row.id,
        version=row.versions[-1].number if row.versions else 1,
        text=core.text(body, "comment", limit=4000),
        author=caller.name,
        country=caller.country,
    )
    session.add(note)
    session.flush()
    session.refresh(row)
    audit.append(session, caller, "secretariat.proposal.comment", record_type="proposal", record_id=row.id)
    return note


def next_conference(session: Session) -> SecEvent | None:
    """The latest ministerial conference (the one proposals are prepared for)."""
    query = (
        select(SecEvent)
        .where(SecEvent.kind == "ministerial_conference")
        .order_by(SecEvent.year.desc().nulls_last(), SecEvent.starts_on.desc().nulls_first())
    )
    return session.scalars(query).first()


def move(
    session: Session, caller: Caller, proposal_id: int, action: str, conference_id: int | None = None
) -> Proposal:
    """Take a workflow action (submit_for_review, return_to_draft, approve, submit_to_conference, withdraw)."""
    row = get_proposal(session, caller, proposal_id)
    try:
        target, secretariat_only = workflow.proposal_move(row.status, action)
    except workflow.BadMove as why:
        raise Conflict(str(why)) from None
    audit_action = f"secretariat.proposal.{action}"
    if secretariat_only:
        core.require_edit(caller, audit_action, "proposal", proposal_id)
    else:
        _require_member(caller, _group(session, row.group_id), audit_action, proposal_id)
    if action == "approve":
        conference = session.get(SecEvent, conference_id) if conference_id else next_conference(session)
        if conference is None or conference.kind != "ministerial_conference":
            raise InvalidInput(
                N_("approve for a ministerial conference: none is recorded yet"), field="conference_id"
            )
        row.conference_id = conference.id
        row.decided_by, row.decided_at = caller.name, utcnow()
    row.status = target
    audit.append(session, caller, audit_action, record_type="proposal", record_id=row.id, detail=target)
    return row
