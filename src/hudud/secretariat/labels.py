"""Words shown for the stored codes of statuses, sources, kinds and categories.

Codes such as ``in_progress`` stay stable in the database and the API; people read "in progress"
(or its Arabic and French). Marked with ``N_`` for the catalogs; pages and the PDF translate them."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark for extraction without translating now."""
    return message


LABELS: dict[str, str] = {
    # commitment statuses and sources
    "not_started": N_("not started"), "in_progress": N_("in progress"), "completed": N_("completed"),
    "delayed": N_("delayed"), "cancelled": N_("cancelled"), "tripoli_plan": N_("Tripoli Plan of Action"),
    "rabat_declaration": N_("Rabat Declaration"), "decision": N_("meeting decision"),
    "secretariat": N_("Secretariat"),
    # meetings and members
    "ministerial_conference": N_("ministerial conference"), "members_meeting": N_("members' meeting"),
    "working_group_meeting": N_("working-group meeting"), "state": N_("state"),
    "organisation": N_("organisation"), "expert": N_("expert"),
    # proposals and their moves
    "draft": N_("draft"), "in_review": N_("in review"), "approved": N_("approved"),
    "submitted": N_("submitted to the conference"), "withdrawn": N_("withdrawn"),
    "submit_for_review": N_("Send for review"), "return_to_draft": N_("Return to draft"),
    "approve": N_("Approve for the conference"), "submit_to_conference": N_("Mark as submitted"),
    "withdraw": N_("Withdraw"),
    # projects and offers
    "proposed": N_("proposed"), "funded": N_("funded"), "ongoing": N_("ongoing"),
    "suspended": N_("suspended"), "offered": N_("offered"), "accepted": N_("accepted"),
    "delivered": N_("delivered"), "declined": N_("declined"),
    # equipment
    "document_reader": N_("document readers"), "connectivity": N_("connectivity"),
    "power": N_("power supply"), "vehicle": N_("vehicles"), "surveillance": N_("surveillance"),
    "other": N_("other"), "working": N_("working"), "faulty": N_("faulty"), "missing": N_("missing"),
    "high": N_("high"), "medium": N_("medium"), "low": N_("low"),
}  # fmt: skip


def label(code: str) -> str:
    """The English word for ``code`` (translate it with ``_``); unknown codes are shown as they are."""
    return LABELS.get(code, code)
