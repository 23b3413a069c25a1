"""The FastAPI application: JSON API under /api, pages, health probes, offline API docs."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from hudud import __version__, compiled
from hudud.errors import N_, HududError, NotAuthenticated
from hudud.logs import configure_logging, event
from hudud.services.node_screening import NodeScreening
from hudud.services.runtime import open_node
from hudud.settings import Settings, get_settings
from hudud.store.migrate import is_current
from hudud.web import i18n
from hudud.web.limits import BodySizeLimit

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("hudud.web")


def _wants_json(request: Request) -> bool:
    return (
        request.url.path.startswith("/api")
        or request.url.path.startswith("/match")
        or (
            "application/json" in request.headers.get("accept", "")
            and "text/html" not in request.headers.get("accept", "")
        )
    )


def _error_response(
    request: Request, status: int, body: dict[str, object], headers: dict[str, str] | None = None
) -> Response:
    if _wants_json(request):
        return JSONResponse(body, status_code=status, headers=headers)
    from hudud.web.templating import render

    return render(
        request, "error.html", {"status": status, "message": body.get("message", "")}, status_code=status
    )


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, object]]]:
    problems: list[dict[str, object]] = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        if err.get("type") == "json_invalid":
            return "the request body is not valid JSON: " + str(
                err.get("ctx", {}).get("error", "syntax error")
            ), []
        problems.append({"field": where, "message": err.get("msg", "invalid")})
    summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    return f"invalid request: {summary}", problems


def _validation_page_message(exc: RequestValidationError) -> str:
    """The 422 of a page, in the page's language: which fields, not pydantic's English wording."""
    fields = dict.fromkeys(
        str(loc[-1]) for err in exc.errors() if (loc := [p for p in err.get("loc", ()) if p != "body"])
    )
    template = i18n.gettext_(N_("Invalid request: the address or a form field is not valid (%(fields)s)."))
    return template % {"fields": ", ".join(fields) or "body"}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    app = FastAPI(
        title="Hudud API",
        version=__version__,
        description="Regional border-security information system. Authenticate with a personal API token: "
        "`Authorization: Bearer hud_…` (create one under *My account* or with `hudud token create`).",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.uow = open_node(settings)
    app.state.screening = NodeScreening(settings.screening_threshold)

    @app.exception_handler(HududError)
    async def _hudud_error(request: Request, exc: HududError) -> Response:
        if isinstance(exc, NotAuthenticated) and not _wants_json(request):
            return RedirectResponse("/login?next=" + request.url.path, status_code=303)
        headers = {"Retry-After": str(exc.details["retry_after"])} if "retry_after" in exc.details else None
        event("request.refused", status=exc.status_code, code=exc.code, path=request.url.path)
        body = exc.to_dict()  # the API's answer: English message and code, unchanged
        if not _wants_json(request):
            body["message"] = i18n.error_text(exc)  # a page: in the page's language
        return _error_response(request, exc.status_code, body, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        message, problems = _validation_message(exc)
        if not _wants_json(request):  # a page: in the page's language; the API keeps pydantic's English
            message = _validation_page_message(exc)
        body: dict[str, object] = {"error": "invalid_input", "message": message}
        if problems:
            body["details"] = {"fields": problems}
        return _error_response(request, 422, body)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {404: N_("no such page or resource"), 405: N_("this method is not allowed here")}
        message = messages.get(exc.status_code, str(exc.detail))
        if exc.status_code in messages and not _wants_json(request):
            message = i18n.gettext_(message)  # a page: in the page's language; the API keeps the English
        return _error_response(request, exc.status_code, {"error": "http", "message": message})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        reference = uuid.uuid4().hex[:12]
        log.exception("request.failed ref=%s path=%s", reference, request.url.path)
        template = N_("an internal error occurred (reference %(reference)s); nothing was changed")
        if not _wants_json(request):
            template = i18n.gettext_(template)  # a page: in the page's language; the API keeps the English
        return _error_response(
            request, 500, {"error": "internal", "message": template % {"reference": reference}}
        )

    @app.middleware("http")
    async def _locale_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        lang = request.session.get("lang") if "session" in request.scope else None
        i18n.set_locale(
            str(lang)
            if lang
            else i18n.negotiate(request.headers.get("accept-language")) or settings.default_locale
        )
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    # Order: the body limit wraps everything; sessions must wrap the locale middleware.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie="hudud_session",
        max_age=settings.session_max_age,
        same_site="strict",
        https_only=settings.cookie_secure,
    )
    progress_limit = max(settings.max_body_bytes, settings.secretariat_max_attachment_bytes + 256 * 1024)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        per_path={
            "/api/lists/import": settings.max_list_upload_bytes,
            "/lists/import": settings.max_list_upload_bytes,
            # progress reports with evidence: room for one attachment at its own limit, or several
            "/secretariat/progress": progress_limit,
            "/api/secretariat/progress": progress_limit,
        },
    )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/api/docs", include_in_schema=False)
    def _docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="Hudud API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.get("/healthz", include_in_schema=False)
    def _healthz() -> dict[str, str]:
        """Liveness: the process answers; also which screening engine it runs ("compiled", or
        "pure" — the slower Python source, where the build found no C compiler: hudud.compiled)."""
        return {"status": "ok", "version": __version__, "screening_engine": compiled.engine()}

    @app.get("/readyz", include_in_schema=False)
    def _readyz() -> Response:
        """Readiness: the database answers and its schema is at the code's migration head."""
        try:
            with app.state.uow.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            current = is_current(app.state.uow.engine)
        except Exception as exc:  # any database failure means not ready
            return JSONResponse({"status": "unavailable", "database": type(exc).__name__}, status_code=503)
        if not current:
            return JSONResponse({"status": "unavailable", "database": "migrations pending"}, status_code=503)
        return JSONResponse({"status": "ready"})

    from hudud.web.api import router as api_router
    from hudud.web.api.match import router as match_router
    from hudud.web.pages import router as pages_router

    app.include_router(api_router, prefix="/api")
    app.include_router(match_router)
    app.include_router(pages_router)
    return app
