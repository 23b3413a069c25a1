"""Who may do what: the one authorisation policy used by every entry point (web, API, CLI).

Pure: decisions depend only on the caller's roles, country and agency and on the record's owning state.
Personal data of a state is visible only to users of that state, in an agency that works with it, and
holding a role that needs it (sharing between states comes with regional alerts). Passenger information
(airlines' passenger lists and bookings) is narrower still: the passenger information unit's analysts only
(``passengers.analyse``), not every reviewer of border cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ANALYST = "analyst"
    LIAISON = "liaison_officer"
    SECRETARIAT = "secretariat_staff"
    FOCAL_POINT = "focal_point"
    TRAINER = "trainer"
    TRAINEE = "trainee"
    ADMIN = "admin"


class Agency(StrEnum):
    BORDER_POLICE = "border_police"
    CUSTOMS = "customs"
    INTELLIGENCE = "intelligence"
    JUSTICE = "justice"
    SECRETARIAT = "secretariat"
    TRAINING_CENTRE = "training_centre"
    PARTNER = "partner"


class Permission(StrEnum):
    DOCUMENTS_CHECK = "documents.check"
    TRAVELLERS_READ = "travellers.read"
    TRAVELLERS_WRITE = "travellers.write"
    SCREEN = "screening.screen"
    CASES_REVIEW = "cases.review"
    PASSENGERS_ANALYSE = "passengers.analyse"  # the passenger information unit: manifests, board, targets
    LISTS_MANAGE = "lists.manage"
    LISTS_READ = "lists.read"
    ALERTS_SHARE = "alerts.share"
    STATS_READ = "stats.read"
    USERS_MANAGE = "users.manage"
    AUDIT_READ = "audit.read"
    SECRETARIAT_EDIT = "secretariat.edit"
    SECRETARIAT_REPORT = "secretariat.report"
    SECRETARIAT_READ = "secretariat.read"
    TRAINING_MANAGE = "training.manage"
    TRAINING_NOMINATE = "training.nominate"
    TRAINING_OWN = "training.own"


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset(
        {P.DOCUMENTS_CHECK, P.TRAVELLERS_READ, P.TRAVELLERS_WRITE, P.SCREEN, P.TRAINING_OWN}
    ),
    Role.SUPERVISOR: frozenset(
        {P.DOCUMENTS_CHECK, P.TRAVELLERS_READ, P.TRAVELLERS_WRITE, P.SCREEN, P.CASES_REVIEW, P.STATS_READ}
    ),
    Role.ANALYST: frozenset(
        {
            P.DOCUMENTS_CHECK,
            P.TRAVELLERS_READ,
            P.SCREEN,
            P.CASES_REVIEW,
            P.PASSENGERS_ANALYSE,
            P.LISTS_READ,
            P.STATS_READ,
            P.ALERTS_SHARE,
        }
    ),
    Role.LIAISON: frozenset({P.ALERTS_SHARE, P.LISTS_READ, P.STATS_READ, P.SECRETARIAT_READ}),
    Role.SECRETARIAT: frozenset({P.SECRETARIAT_EDIT, P.SECRETARIAT_READ, P.STATS_READ}),
    Role.FOCAL_POINT: frozenset({P.SECRETARIAT_REPORT, P.SECRETARIAT_READ, P.TRAINING_NOMINATE}),
    Role.TRAINER: frozenset({P.TRAINING_MANAGE, P.DOCUMENTS_CHECK}),
    Role.TRAINEE: frozenset({P.TRAINING_OWN}),
    Role.ADMIN: frozenset({P.USERS_MANAGE, P.AUDIT_READ, P.LISTS_MANAGE, P.LISTS_READ, P.STATS_READ}),
}

# Agencies whose work involves personal data of travellers. Secretariat, training centre and partner
# staff never see it, whatever role they are given.
PERSONAL_DATA_AGENCIES = frozenset(
    {Agency.BORDER_POLICE, Agency.CUSTOMS, Agency.INTELLIGENCE, Agency.JUSTICE}
)
PERSONAL_DATA_PERMISSIONS = frozenset(
    {P.TRAVELLERS_READ, P.TRAVELLERS_WRITE, P.SCREEN, P.CASES_REVIEW, P.PASSENGERS_ANALYSE}
)

# The passenger information unit (EU PNR Directive art. 4; UNSCR 2396) is staffed by analysts seconded from
# the competent authorities (art. 4(3)); in this model, border police, customs and intelligence. Justice
# (prosecutors, courts) is a competent authority that asks the unit for data case by case (art. 6(2)(b)),
# not part of it, so its analysts do not browse passenger lists.
PASSENGER_INFORMATION_AGENCIES = frozenset({Agency.BORDER_POLICE, Agency.CUSTOMS, Agency.INTELLIGENCE})
# Permissions that, beyond the role, need the caller to be in one of the agencies given.
AGENCY_BOUND: dict[Permission, frozenset[Agency]] = {P.PASSENGERS_ANALYSE: PASSENGER_INFORMATION_AGENCIES}


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated user as the policy sees them."""

    user_id: int
    username: str
    country: str
    agency: str
    roles: frozenset[str] = field(default_factory=frozenset)
    crossing_point_id: int | None = None

    @property
    def permissions(self) -> frozenset[Permission]:
        granted: set[Permission] = set()
        for role in self.roles:
            try:
                granted |= ROLE_PERMISSIONS[Role(role)]
            except ValueError:
                continue  # an unknown role grants nothing
        if self.agency not in PERSONAL_DATA_AGENCIES:
            granted -= PERSONAL_DATA_PERMISSIONS
        granted -= {p for p, agencies in AGENCY_BOUND.items() if self.agency not in agencies}
        return frozenset(granted)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


SYSTEM = Principal(user_id=0, username="system", country="", agency="system", roles=frozenset())


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, and from where: every service call carries one for authorisation and audit."""

    principal: Principal | None  # None only for the local operator's CLI (trusted, audited as "system")
    remote_addr: str | None = None
    via: str = "web"  # web, api, cli

    @property
    def is_system(self) -> bool:
        return self.principal is None

    @property
    def name(self) -> str:
        return self.principal.username if self.principal else "system"

    @property
    def country(self) -> str | None:
        return self.principal.country if self.principal else None

    def can(self, permission: Permission) -> bool:
        return self.principal is None or self.principal.can(permission)


def may_access_personal(caller: Caller, permission: Permission, owner_country: str) -> bool:
    """Personal data of ``owner_country``: the caller's own state only, with the permission."""
    if caller.principal is None:
        return True
    return caller.principal.can(permission) and caller.principal.country == owner_country


def may_manage_user(caller: Caller, user_country: str) -> bool:
    """Administrators manage the accounts of their own state or organisation."""
    if caller.principal is None:
        return True
    return caller.principal.can(Permission.USERS_MANAGE) and caller.principal.country == user_country
