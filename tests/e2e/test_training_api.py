"""Training centre over HTTP: the JSON API flow with tokens, clear refusals, the public verification
page and API, CSV/XLSX export, and every training page rendering in English, Arabic and French."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from hudud.services import identity
from tests.e2e.conftest import PASSWORD, SYSTEM, Node, token_for

EXTRA_USERS = (
    ("focal.mar", "MAR", "border_police", ("focal_point",)),
    ("focal.dza", "DZA", "border_police", ("focal_point",)),
    ("trainee.mar", "MAR", "border_police", ("trainee",)),
)


def add_training_users(node: Node) -> None:
    """Focal points of two states and a trainee, besides the shared fixture's ``trainer.rtc``."""
    for username, country, agency, roles in EXTRA_USERS:
        node.run(
            lambda s, u=username, c=country, a=agency, r=roles: identity.create_user(
                s, SYSTEM, username=u, full_name=u.title(), password=PASSWORD, country=c, agency=a, roles=r
            )
        )


@pytest.fixture
def tokens(node: Node) -> dict[str, dict[str, str]]:
    add_training_users(node)
    names = ("trainer.rtc", "focal.mar", "focal.dza", "trainee.mar")
    return {n: {"Authorization": f"Bearer {token_for(node, n)}"} for n in names}


def test_api_flow_with_refusals(client, tokens) -> None:
    trainer, focal = tokens["trainer.rtc"], tokens["focal.mar"]
    course = {
        "code": "RISK-1", "name_en": "Risk analysis", "name_ar": "تحليل المخاطر", "duration_days": 2,
        "language": "ar", "partner": "INTERPOL", "modules": [{"name_en": "Indicators", "name_ar": "المؤشرات"}],
    }  # fmt: skip
    assert client.post("/api/training/courses", json=course, headers=focal).status_code == 403
    course_id = client.post("/api/training/courses", json=course, headers=trainer).json()["id"]
    session = {
        "course_id": course_id,
        "start": "2026-05-04",
        "end": "2026-05-05",
        "venue": "Tunis",
        "capacity": 2,
    }
    session_id = client.post("/api/training/sessions", json=session, headers=trainer).json()["id"]
    over = client.put(
        f"/api/training/sessions/{session_id}/seats", json={"country": "MAR", "seats": 3}, headers=trainer
    )
    assert over.status_code == 409 and "overbooked" in over.json()["message"]
    assert (
        client.put(
            f"/api/training/sessions/{session_id}/seats", json={"country": "MAR", "seats": 1}, headers=trainer
        ).status_code
        == 204
    )

    wrong = client.post(
        f"/api/training/sessions/{session_id}/nominations",
        json={"country": "MAR", "name": "X"},
        headers=tokens["focal.dza"],
    )
    assert wrong.status_code == 403 and "own state only" in wrong.json()["message"]
    body = {"country": "MAR", "name": "Amina Tazi", "name_ar": "أمينة التازي", "username": "trainee.mar"}
    first = client.post(f"/api/training/sessions/{session_id}/nominations", json=body, headers=focal).json()
    second = client.post(
        f"/api/training/sessions/{session_id}/nominations",
        json={"country": "MAR", "name": "Omar Said"},
        headers=focal,
    ).json()
    assert (first["status"], second["status"]) == ("pending", "waitlisted")
    assert (
        client.post(
            f"/api/training/nominations/{first['id']}/decision", json={"decision": "approve"}, headers=trainer
        ).status_code
        == 200
    )
    full = client.post(
        f"/api/training/nominations/{second['id']}/decision", json={"decision": "approve"}, headers=trainer
    )
    assert full.status_code == 409 and "overbooked" in full.json()["message"]

    for day in ("2026-05-04", "2026-05-05"):
        put = client.put(
            f"/api/training/sessions/{session_id}/attendance",
            json={"day": day, "present": [first["id"]]},
            headers=trainer,
        )
        assert put.status_code == 204
    assert client.post(
        f"/api/training/nominations/{first['id']}/assessments", json={"score": 91}, headers=trainer
    ).json()["passed"]
    cert = client.post(f"/api/training/nominations/{first['id']}/certificate", headers=trainer).json()

    public = client.get(f"/api/training/verify/{cert['code']}")  # no token
    assert public.status_code == 200
    assert public.json()["name_ar"] == "أمينة التازي" and public.json()["status"] == "valid"
    assert set(public.json()) == {"code", "name", "name_ar", "course", "issued_on", "status"}
    forged = cert["code"][:-1] + ("Z" if cert["code"][-1] != "Z" else "Y")
    refused = client.get(f"/verify/{forged}")
    assert refused.status_code == 404 and "forged" in refused.text
    page = client.get(f"/verify/{cert['code']}")
    assert page.status_code == 200 and "Amina Tazi" in page.text and "Risk analysis" in page.text

    csv_text = client.get("/training/reports.csv?by=country", headers=trainer).text
    assert csv_text.splitlines() == [
        "country,trained,assessed,passed,pass_rate_percent,certified",
        "MAR,1,1,1,100,1",
    ]
    book = load_workbook(io.BytesIO(client.get("/training/reports.xlsx", headers=trainer).content))
    assert book.sheetnames == ["country", "agency", "course", "year"]
    assert [c.value for c in book["course"][2]] == ["RISK-1", 1, 1, 1, 100, 1]
    assert client.get("/training/reports.csv", headers=tokens["trainee.mar"]).status_code == 403


@pytest.mark.parametrize("lang", ["en", "ar", "fr"])
def test_every_training_page_renders(client, tokens, lang: str) -> None:
    trainer = tokens["trainer.rtc"]
    course = {
        "code": "API-PNR",
        "name_en": "API and PNR",
        "name_ar": "بيانات الركاب",
        "duration_days": 1,
        "language": "en",
    }
    course_id = client.post("/api/training/courses", json=course, headers=trainer).json()["id"]
    session = {
        "course_id": course_id,
        "start": "2026-06-01",
        "end": "2026-06-01",
        "venue": "Rabat",
        "capacity": 4,
    }
    session_id = client.post("/api/training/sessions", json=session, headers=trainer).json()["id"]
    for user in ("trainer.rtc", "focal.mar", "trainee.mar"):
        headers = tokens[user] | {"Accept-Language": lang}
        paths = [
            "/training",
            f"/training/courses/{course_id}",
            f"/training/sessions/{session_id}",
            "/training/exercises",
        ]
        if user == "trainer.rtc":
            paths.append("/training/reports")
        for path in paths:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (user, path, response.text[:500])
            assert f'lang="{lang}"' in response.text
    assert client.get("/verify", headers={"Accept-Language": lang}).status_code == 200


def test_course_language_names_carry_their_own_language(client, tokens) -> None:
    trainer = tokens["trainer.rtc"] | {"Accept-Language": "ar"}
    for code, language in (("API-EN", "en"), ("API-AR", "ar"), ("API-FR", "fr")):
        course = {"code": code, "name_en": code, "name_ar": code, "duration_days": 1, "language": language}
        assert client.post("/api/training/courses", json=course, headers=trainer).status_code == 201
    catalogue = client.get("/training", headers=trainer).text  # an Arabic page
    assert '<span lang="en" dir="ltr" data-testid="course-language">English</span>' in catalogue
    assert '<span lang="fr" dir="ltr" data-testid="course-language">Français</span>' in catalogue
    assert '<span lang="ar" dir="rtl" data-testid="course-language">العربية</span>' in catalogue
    assert '<option value="en" lang="en" dir="ltr">English</option>' in catalogue  # the new-course form
