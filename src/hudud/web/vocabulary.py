"""Words the pages translate at render time from data (navigation, roles, agencies, outcomes).

Marked here with ``N_`` so that extraction puts them in the catalogs; templates pass the stored value
through ``_()``."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark for extraction without translating now."""
    return message


VOCABULARY = (
    # navigation and dashboard cards
    N_("Home"), N_("Documents"), N_("Travellers"), N_("Users"), N_("Audit log"), N_("My account"),
    N_("Traveller records"), N_("Accounts"), N_("Audit records"), N_("Crossing points"),
    # navigation groups (areas)
    N_("Border"), N_("Administration"),
    # roles
    N_("officer"), N_("supervisor"), N_("analyst"), N_("liaison_officer"), N_("secretariat_staff"),
    N_("focal_point"), N_("trainer"), N_("trainee"), N_("admin"),
    # agencies
    N_("border_police"), N_("customs"), N_("intelligence"), N_("justice"), N_("secretariat"),
    N_("training_centre"), N_("partner"),
    # crossing point kinds and audit outcomes
    N_("land"), N_("air"), N_("sea"), N_("ok"), N_("denied"), N_("failed"), N_("throttled"),
    # document findings (codes of hudud.documents.findings)
    N_("expired"), N_("expiring_soon"), N_("lost_or_stolen"), N_("minor"), N_("name_truncated"),
    N_("nationality_differs"), N_("specimen"),
)  # fmt: skip
