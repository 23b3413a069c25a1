"""Statuses and the moves allowed between them (commitments, proposals, projects, offers).

A proposal of a working group is drafted in versions, reviewed by the group, approved by the
Secretariat for submission to the ministerial conference, then marked submitted. Moving backwards
is allowed only from review to draft (to revise), so an approved text cannot change unnoticed:
revising an approved proposal means withdrawing it to draft, which the audit log records."""

from __future__ import annotations


class BadMove(ValueError):
    """The requested status change is not allowed from the current status."""


COMMITMENT_STATUSES = ("not_started", "in_progress", "completed", "delayed", "cancelled")
PROJECT_STATUSES = ("proposed", "approved", "funded", "ongoing", "completed", "suspended")
OFFER_STATUSES = ("offered", "accepted", "delivered", "declined")
EQUIPMENT_CATEGORIES = ("document_reader", "connectivity", "power", "vehicle", "surveillance", "other")
EQUIPMENT_CONDITIONS = ("working", "faulty", "missing")
MEMBER_KINDS = ("state", "organisation", "expert")
EVENT_KINDS = ("ministerial_conference", "members_meeting", "working_group_meeting")
SOURCES = ("tripoli_plan", "rabat_declaration", "decision", "secretariat")

DRAFT, IN_REVIEW, APPROVED, SUBMITTED, WITHDRAWN = "draft", "in_review", "approved", "submitted", "withdrawn"
PROPOSAL_STATUSES = (DRAFT, IN_REVIEW, APPROVED, SUBMITTED, WITHDRAWN)

# action -> (allowed from, to, needs the Secretariat)
PROPOSAL_MOVES: dict[str, tuple[frozenset[str], str, bool]] = {
    "submit_for_review": (frozenset({DRAFT}), IN_REVIEW, False),
    "return_to_draft": (frozenset({IN_REVIEW}), DRAFT, False),
    "approve": (frozenset({IN_REVIEW}), APPROVED, True),
    "submit_to_conference": (frozenset({APPROVED}), SUBMITTED, True),
    "withdraw": (frozenset({DRAFT, IN_REVIEW, APPROVED}), WITHDRAWN, True),
}


def proposal_move(current: str, action: str) -> tuple[str, bool]:
    """The status after ``action`` and whether only the Secretariat may take it; BadMove otherwise."""
    if action not in PROPOSAL_MOVES:
        raise BadMove(f"unknown action {action!r}; use one of {', '.join(PROPOSAL_MOVES)}")
    allowed, target, secretariat_only = PROPOSAL_MOVES[action]
    if current not in allowed:
        raise BadMove(f"a proposal that is {current} cannot be moved by {action}")
    return target, secretariat_only


def editable(status: str) -> bool:
    """New versions are accepted while the text is still a draft or under review."""
    return status in (DRAFT, IN_REVIEW)


def status_after_progress(current: str, percent: int) -> str:
    """A progress report moves a commitment forward: 100% completes it, any progress starts it."""
    if current == "cancelled":
        return current
    if percent >= 100:
        return "completed"
    if percent > 0 and current in ("not_started", "completed"):
        return "in_progress"
    return current
