"""Screening over HTTP against lists imported into the node: the real UN list, a national list,
the yente-compatible /match endpoint, and who may do what."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SYSTEM, token_for

pytestmark = pytest.mark.usefixtures("un_imported")


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def un_imported(client, node, shared_data):
    un = shared_data / "un" / "consolidated_2026-02-27.xml"
    if not un.exists():
        pytest.skip("UN consolidated list not in shared data")
    admin = _bearer(token_for(node, "admin.mar"))
    response = client.post(
        "/api/lists/import", files={"file": (un.name, un.read_bytes(), "text/xml")}, headers=admin
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_import_reports_counts_and_the_list_is_in_force(client, node, un_imported) -> None:
    assert un_imported["list"] == "un" and un_imported["version"] == 1
    assert un_imported["entries"] == 730 + 273 and un_imported["added"] == un_imported["entries"]
    lists = client.get("/api/lists", headers=_bearer(token_for(node, "officer.mar"))).json()
    assert [(item["name"], item["active"]["entries"]) for item in lists] == [("un", 1003)]


def test_arabic_name_finds_the_listed_person(client, node) -> None:
    officer = _bearer(token_for(node, "officer.mar"))
    response = client.post(
        "/api/screen", json={"name": "إياد نظمي صالح خليل", "birth_date": "1974"}, headers=officer
    )
    assert response.status_code == 200
    best = response.json()["results"][0]
    assert best["id"] == "QDi.400" and best["match"] and best["list"] == "un"
    assert "1974" in best["explanation"]


def test_namesake_with_other_birth_year_and_nationality_stays_below_the_bar(client, node) -> None:
    officer = _bearer(token_for(node, "officer.mar"))
    body = {"name": "Iyad Nazmi Salih Khalil", "birth_date": "1999-02-03", "nationality": "MAR"}
    results = client.post("/api/screen", json=body, headers=officer).json()["results"]
    assert all(not r["match"] for r in results)


def test_yente_compatible_match(client, node) -> None:
    analyst = _bearer(token_for(node, "officer.mar"))
    query = {
        "queries": {
            "q1": {
                "schema": "Person",
                "properties": {"name": ["Eyad Nazmi Saleh Khalil"], "birthDate": ["1974"]},
            }
        }
    }
    response = client.post("/match/default?limit=3", json=query, headers=analyst)
    assert response.status_code == 200
    answer = response.json()["responses"]["q1"]
    assert answer["status"] == 200 and answer["results"][0]["id"] == "QDi.400"
    assert answer["results"][0]["match"] is True and answer["results"][0]["datasets"] == ["un"]
    assert len(answer["results"]) <= 3 and answer["total"]["value"] == len(answer["results"])
    everyone = client.post("/match/default?limit=10", json=query, headers=analyst).json()["responses"]["q1"]
    scores = [r["score"] for r in everyone["results"]]
    assert len(scores) > 1 and all(s > 0 for s in scores), scores  # no result scoring 0
    assert min(scores) <= 0.5 < max(scores), scores  # the cutoff below has something to leave out
    above = client.post("/match/default?limit=10&cutoff=0.5", json=query, headers=analyst).json()
    assert [r["score"] for r in above["responses"]["q1"]["results"]] == [s for s in scores if s > 0.5]
    unknown = client.post("/match/interpol", json=query, headers=analyst)
    assert unknown.status_code == 404 and "default" in unknown.json()["message"]


def test_national_list_screens_for_its_own_state_only(client, node, tmp_path) -> None:
    from hudud.services import identity

    node.run(
        lambda s: identity.create_user(
            s, SYSTEM, username="admin.dza", full_name="", password="correct horse battery", country="DZA",
            agency="border_police", roles=["admin"],
        )
    )  # fmt: skip
    csv = b"id,name,birth_date,nationality\nDZA-7,Djamel Boudiaf,1971-05-02,DZA\n"
    imported = client.post(
        "/api/lists/import", files={"file": ("dza-wanted.csv", csv, "text/csv")}, data={"name": "national:dza-wanted"},
        headers=_bearer(token_for(node, "admin.dza")),
    )  # fmt: skip
    assert imported.status_code == 200 and imported.json()["entries"] == 1
    query = {"name": "Jamal Boudiaf", "birth_date": "1971-05-02"}
    dza = client.post("/api/screen", json=query, headers=_bearer(token_for(node, "officer.dza"))).json()[
        "results"
    ]
    assert dza and dza[0]["id"] == "DZA-7" and dza[0]["match"]
    mar = client.post("/api/screen", json=query, headers=_bearer(token_for(node, "officer.mar"))).json()[
        "results"
    ]
    assert all(r["id"] != "DZA-7" for r in mar)


def test_who_may_screen_and_import(client, node, shared_data) -> None:
    assert client.post("/api/screen", json={"name": "x"}).status_code == 401
    admin = _bearer(token_for(node, "admin.mar"))
    assert client.post("/api/screen", json={"name": "Khalil"}, headers=admin).status_code == 403
    officer = _bearer(token_for(node, "officer.mar"))
    un = shared_data / "un" / "consolidated_2024-09-26.xml"
    refused = client.post(
        "/api/lists/import", files={"file": (un.name, un.read_bytes(), "text/xml")}, headers=officer
    )
    assert refused.status_code == 403


def test_bad_screening_input_is_explained(client, node) -> None:
    officer = _bearer(token_for(node, "officer.mar"))
    empty = client.post("/api/screen", json={"nationality": "MAR"}, headers=officer)
    assert empty.status_code == 422 and "name" in empty.json()["message"]
    impossible = client.post("/api/screen", json={"name": "Ali", "birth_date": "1980-02-31"}, headers=officer)
    assert impossible.status_code == 422 and "birth_date" in impossible.json()["message"]
    garbage = client.post(
        "/api/lists/import",
        files={"file": ("x.xml", b"\x00\x01 not a list", "text/xml")},
        headers=_bearer(token_for(node, "admin.mar")),
    )
    assert garbage.status_code == 422 and garbage.json()["message"]


@pytest.mark.browser
def test_analyst_searches_in_arabic_and_reads_the_explanation(page, live_server, node, artifacts) -> None:
    from tests.e2e.conftest import sign_in

    sign_in(page, live_server, "officer.mar")
    page.click("[data-testid=lang-ar]")
    page.wait_for_load_state()
    page.goto(f"{live_server}/screening")
    page.fill("[data-testid=screen-name]", "Eyad Nazmi Saleh Khalil")
    page.click("[data-testid=screen-search]")
    first = page.locator("[data-testid=hit]").first
    first.wait_for()
    assert first.get_attribute("data-id") == "QDi.400"
    assert "تطابق محتمل" in first.inner_text()
    page.screenshot(path=str(artifacts / "screening-ar.png"), full_page=True)


@pytest.mark.browser
def test_admin_imports_a_list_from_the_page_and_sees_what_changed(
    page, live_server, node, shared_data, artifacts
) -> None:
    from tests.e2e.conftest import sign_in

    sign_in(page, live_server, "admin.mar")
    page.goto(f"{live_server}/lists")
    page.set_input_files("[data-testid=list-file]", str(shared_data / "un" / "consolidated_2024-09-26.xml"))
    page.click("[data-testid=list-import]")
    report = page.locator("[data-testid=import-report]")
    report.wait_for()
    assert "version 2" in report.inner_text()  # the fixture imported 2026 as version 1
    page.goto(f"{live_server}/lists/un/diff?older=1&newer=2")
    assert page.locator("h2.plus").inner_text().startswith("Added (6)")  # the 6 removed in 2026 come back
    page.screenshot(path=str(artifacts / "lists-diff.png"), full_page=True)


@pytest.mark.parametrize(("lang", "count"), [("en", "1,003"), ("fr", "1\u202f003")])
def test_change_counts_are_formatted_like_the_entries(client, node, lang: str, count: str) -> None:
    rows = "".join(f"MAR-{i},Person Number {i},1970-01-01,MAR\n" for i in range(1003))
    admin = _bearer(token_for(node, "admin.mar"))
    imported = client.post(
        "/api/lists/import", files={"file": ("mar-wanted.csv", ("id,name,birth_date,nationality\n" + rows).encode(), "text/csv")},
        data={"name": "national:mar-wanted"}, headers=admin,
    )  # fmt: skip
    assert imported.status_code == 200 and imported.json()["entries"] == 1003
    lists = client.get("/lists", headers=admin | {"Accept-Language": lang}).text
    assert f"<td>{count}</td>" in lists and f'<span class="plus">+{count}</span>' in lists
    versions = client.get("/lists/national:mar-wanted", headers=admin | {"Accept-Language": lang}).text
    assert f"+{count} ~0 −0" in versions
