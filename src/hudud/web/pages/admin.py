"""Administration pages: accounts of the administrator's state, and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hudud.errors import N_, Forbidden
from hudud.policy import Permission
from hudud.services import audit, identity
from hudud.web.templating import page

router = APIRouter(prefix="/admin")


@router.get("/users")
def users(request: Request) -> Response:
    return page(request, "admin_users.html", lambda s, c: {"users": identity.list_users(s, c)})


@router.get("/audit")
def audit_log(request: Request) -> Response:
    def use_case(session, caller):  # type: ignore[no-untyped-def]
        if not caller.can(Permission.AUDIT_READ):
            raise Forbidden(N_("only administrators read the audit log")).then(
                audit.denial(caller, "audit.read")
            )
        report = audit.verify(session)
        records = audit.recent(session, 100)
        audit.append(session, caller, "audit.read")
        return {"records": records, "report": report}

    return page(request, "audit.html", use_case)
