"""The Secretariat over HTTP: the API flow with tokens (meeting → decision → commitment → progress
with evidence → overdue → report), the refusals a person must understand (another state's
commitment, an attachment too large or of a forbidden type) that change nothing, and every
Secretariat page rendering in English, Arabic and French."""

from __future__ import annotations

import pytest

from hudud.services import identity, secretariat_demo
from tests.e2e.conftest import PASSWORD, SYSTEM, Node, token_for

SECRETARIAT_USERS = (
    ("staff.sec", "SEC", "secretariat", ("secretariat_staff",)),
    ("focal.lby", "LBY", "border_police", ("focal_point",)),
    ("focal.mar", "MAR", "border_police", ("focal_point",)),
)
LIMIT = 64 * 1024  # a small attachment limit keeps the "too large" files small


def add_secretariat_users(node: Node) -> None:
    """Secretariat staff in party SEC and the focal points of Libya and Morocco; founding texts."""
    for username, country, agency, roles in SECRETARIAT_USERS:
        node.run(
            lambda s, u=username, c=country, a=agency, r=roles: identity.create_user(
                s, SYSTEM, username=u, full_name=u.title(), password=PASSWORD, country=c, agency=a, roles=r
            )
        )
    node.run(secretariat_demo.seed_founding_texts)


@pytest.fixture
def node(tmp_path) -> Node:  # type: ignore[no-untyped-def]
    """The shared node, with a small attachment limit and the Secretariat's users."""
    from hudud.services import reference
    from hudud.settings import load_settings
    from hudud.store.migrate import upgrade
    from tests.e2e.conftest import USERS

    settings = load_settings(
        var_dir=tmp_path, max_body_bytes=2 * 1024 * 1024, secretariat_max_attachment_bytes=LIMIT
    )
    upgrade(settings.effective_database_url)
    built = Node(settings)
    built.run(reference.load_reference_data)
    for username, country, agency, roles in USERS:
        built.run(
            lambda s, u=username, c=country, a=agency, r=roles: identity.create_user(
                s, SYSTEM, username=u, full_name=u, password=PASSWORD, country=c, agency=a, roles=r
            )
        )
    add_secretariat_users(built)
    return built


@pytest.fixture
def tokens(node: Node) -> dict[str, dict[str, str]]:
    names = ("staff.sec", "focal.lby", "focal.mar", "officer.mar")
    return {n: {"Authorization": f"Bearer {token_for(node, n)}"} for n in names}


def _commitment(client, headers, code: str) -> dict:  # type: ignore[no-untyped-def]
    rows = client.get("/api/secretariat/commitments", headers=headers).json()
    return next(r for r in rows if r["code"] == code)


def _audit(node: Node, action: str, outcome: str) -> int:
    from sqlalchemy import func, select

    from hudud.store.tables import AuditRecord

    return node.run(
        lambda s: s.scalar(
            select(func.count()).where(AuditRecord.action == action, AuditRecord.outcome == outcome)
        )
    )


def test_api_flow_and_refusals_that_change_nothing(client, node, tokens) -> None:
    staff, lby, mar = tokens["staff.sec"], tokens["focal.lby"], tokens["focal.mar"]
    # The founding texts: RD-2 is due two months after the Rabat Declaration (14 November 2013).
    rd2 = _commitment(client, staff, "RD-2")
    assert (rd2["owner"], rd2["due"], rd2["overdue"]) == ("LBY", "2014-01-14", True)
    # A members' meeting whose decision creates a commitment for Morocco.
    meeting = {"kind": "members_meeting", "name_en": "Members' meeting", "name_ar": "اجتماع الأعضاء",
               "starts_on": "2014-02-10", "venue": "Tripoli", "host": "LBY"}  # fmt: skip
    assert client.post("/api/secretariat/meetings", json=meeting, headers=mar).status_code == 403
    event = client.post("/api/secretariat/meetings", json=meeting, headers=staff).json()
    decision = {
        "text_en": "Morocco shares its border-management strategy",
        "commitment": {"code": "TRIP-14-1", "name_en": "Share the border-management strategy",
                       "name_ar": "تقاسم استراتيجية إدارة الحدود", "owner": "MAR", "source": "decision",
                       "due_event_id": event["id"], "due_months": 1},
    }  # fmt: skip
    made = client.post(f"/api/secretariat/meetings/{event['id']}/decisions", json=decision, headers=staff)
    assert made.status_code == 201 and made.json()["commitments"] == ["TRIP-14-1"]
    created = _commitment(client, staff, "TRIP-14-1")
    assert created["due"] == "2014-03-10" and created["overdue"]

    # Refusals: another state's commitment, a file too large, a forbidden type, a disguised file.
    pdf = b"%PDF-1.4\n" + b"0" * 100
    cases = [
        (lby, {"files": ("report.pdf", pdf, "application/pdf")}, 403, "you represent LBY"),
        (
            mar,
            {"files": ("big.pdf", b"%PDF-" + b"0" * LIMIT, "application/pdf")},
            413,
            "the limit for an attachment",
        ),
        (mar, {"files": ("tool.exe", b"MZ\x90\x00", "application/octet-stream")}, 422, "not accepted"),
        (mar, {"files": ("fake.pdf", b"MZ\x90\x00", "application/pdf")}, 422, "not really a .pdf"),
    ]
    for headers, files, status, message in cases:
        form = {"commitment_id": str(created["id"]), "percent": "40", "note": "tampered"}
        response = client.post("/api/secretariat/progress", data=form, files=files, headers=headers)
        assert response.status_code == status, response.text
        assert message in response.json()["message"]
        assert _commitment(client, staff, "TRIP-14-1")["percent"] == 0  # nothing changed
    assert _audit(node, "secretariat.progress.report", "denied") == 1
    assert not list((node.settings.var_dir / "secretariat").rglob("*.pdf"))

    # Morocco's focal point reports with evidence; the overdue view and the report reflect it.
    form = {"commitment_id": str(created["id"]), "percent": "40", "note": "Strategy drafted"}
    files = [
        ("files", ("strategy.pdf", pdf, "application/pdf")),
        ("files", ("notes.txt", "ملاحظات".encode(), "text/plain")),
    ]
    response = client.post("/api/secretariat/progress", data=form, files=files, headers=mar)
    assert response.status_code == 201, response.text
    assert (
        response.json()["attachments"] == ["strategy.pdf", "notes.txt"]
        and response.json()["status"] == "in_progress"
    )
    overdue = {r["code"]: r for r in client.get("/api/secretariat/overdue", headers=lby).json()}
    assert overdue["TRIP-14-1"]["percent"] == 40
    figures = client.get("/api/secretariat/report", headers=lby).json()
    morocco = next(r for r in figures["by"]["owner"] if r["key"] == "MAR")
    assert morocco == {"key": "MAR", "total": 1, "completed": 0, "overdue": 1, "mean_percent": 40}
    # A body far over the limit is refused by the size limit before any handler runs.
    huge = {"files": ("big.pdf", b"x" * (2 * 1024 * 1024 + 1), "application/pdf")}  # over the body limit
    response = client.post("/api/secretariat/progress", data=form, files=huge, headers=mar)
    assert response.status_code == 413 and "larger than" in response.json()["message"]
    # A report without evidence is fine too (Libya on its own commitment).
    plain = {"commitment_id": str(rd2["id"]), "percent": "100", "note": "Structure proposed"}
    done = client.post("/api/secretariat/progress", data=plain, headers=lby)
    assert done.status_code == 201 and done.json() | {"id": 0} == {
        "id": 0, "commitment_id": rd2["id"], "percent": 100, "status": "completed", "attachments": []
    }  # fmt: skip
    # Officers have no business in the Secretariat's workspace.
    assert client.get("/api/secretariat/commitments", headers=tokens["officer.mar"]).status_code == 403


PAGES = (
    "/secretariat", "/secretariat/commitments", "/secretariat/commitments/2", "/secretariat/overdue",
    "/secretariat/meetings", "/secretariat/meetings/2", "/secretariat/groups", "/secretariat/groups/1",
    "/secretariat/proposals/1", "/secretariat/projects", "/secretariat/projects/1", "/secretariat/capacity",
    "/secretariat/report",
)  # fmt: skip


def test_every_page_renders_in_each_language(client, node, tokens) -> None:
    """One node for the three languages: the demo data fills every page."""
    node.run(lambda s: secretariat_demo.load_secretariat_demo(s, node.settings.var_dir))
    for lang in ("en", "ar", "fr"):
        for user in ("staff.sec", "focal.lby"):
            headers = tokens[user] | {"Accept-Language": lang}
            for path in PAGES:
                response = client.get(path, headers=headers)
                assert response.status_code == 200, (path, response.text[:800])
                assert f'lang="{lang}"' in response.text
        pdf = client.get(f"/secretariat/report.pdf?lang={lang}", headers=tokens["focal.mar"])
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def _csrf(html: str) -> str:
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("lang", "refused"),
    [("en", "not really a .pdf"), ("ar", "ليس في الحقيقة ملفًا"), ("fr", "pas réellement")],
)
def test_a_refused_progress_report_keeps_what_was_typed(
    client, node, tokens, lang: str, refused: str
) -> None:
    """A focal point whose evidence is refused is shown the commitment again with the reason and the
    note and percentage typed, not an error page that loses them."""
    rd2 = _commitment(client, tokens["staff.sec"], "RD-2")
    client.post(
        "/login",
        data={"username": "focal.lby", "password": PASSWORD, "csrf_token": _csrf(client.get("/login").text)},
    )
    csrf = _csrf(client.get("/account").text)
    client.post("/language", data={"lang": lang, "back": "/", "csrf_token": csrf})
    note = "Structure proposée au conseil — ملاحظة"
    form = {"commitment_id": str(rd2["id"]), "percent": "35", "note": note, "csrf_token": csrf}
    fake = {"files": ("report.pdf", b"MZ\x90\x00", "application/pdf")}
    response = client.post("/secretariat/progress", data=form, files=fake)
    assert response.status_code == 422
    assert 'data-testid="report-progress"' in response.text and f'lang="{lang}"' in response.text
    problem = response.text.split('data-testid="progress-problem"', 1)[1].split("</p>", 1)[0]
    assert refused in problem
    assert f">{note}</textarea>" in response.text and 'value="35"' in response.text
    assert _commitment(client, tokens["staff.sec"], "RD-2")["percent"] == 0  # nothing saved
