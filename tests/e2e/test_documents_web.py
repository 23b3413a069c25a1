"""Documents through the API and the officer's page: fields, failed checks, findings, Arabic name."""

from __future__ import annotations

from datetime import date

import pytest

from hudud.services.documents import check_mrz, make_mrz_text
from tests.e2e.conftest import sign_in, token_for

SPECIMEN = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _arabic_passport() -> str:
    """A Moroccan passport whose name is written with the ICAO Doc 9303 Arabic table."""
    return make_mrz_text(
        format="TD3", surname="عبدالرحيم", given_names="محمود", document_number="MA1234567", issuing_state="MAR",
        nationality="MAR", birth_date=date(1980, 5, 17), sex="M", expiry_date=date(2031, 1, 1),
    )  # fmt: skip


def test_api_checks_text_and_reports_each_failure(client, node) -> None:
    headers = {"Authorization": f"Bearer {token_for(node, 'officer.mar')}"}
    passport = _arabic_passport()
    broken = passport.replace("800517", "800518", 1)  # birth date altered: its check digit no longer holds
    text = passport + "\n\n" + broken + "\n\n" + SPECIMEN
    response = client.post("/api/documents/mrz", json={"text": text}, headers=headers)
    assert response.status_code == 200
    good, bad, specimen = response.json()["results"]
    assert good["valid"] and good["issuing_state"] == "MAR" and good["birth_date"] == "1980-05-17"
    assert good["arabic_name"] == {"primary": "عبدالرحيم", "secondary": "محمود"}
    assert not bad["valid"] and any("birth" in e["field"] for e in bad["errors"])
    assert not specimen["valid"] and {f["code"] for f in specimen["findings"]} >= {"expired", "specimen"}


def test_api_needs_a_role_that_checks_documents(client, node) -> None:
    assert client.post("/api/documents/mrz", json={"text": SPECIMEN}).status_code == 401
    admin = {"Authorization": f"Bearer {token_for(node, 'admin.mar')}"}
    assert client.post("/api/documents/mrz", json={"text": SPECIMEN}, headers=admin).status_code == 403


def test_api_image_upload_reads_a_real_specimen(client, node, shared_data) -> None:
    image = shared_data / "mrz" / "images-passporteye" / "passport-td3.png"
    if not image.exists():
        pytest.skip(f"{image} not in shared data")
    headers = {"Authorization": f"Bearer {token_for(node, 'officer.mar')}"}
    response = client.post(
        "/api/documents/mrz/image",
        files={"file": ("p.png", image.read_bytes(), "image/png")},
        headers=headers,
    )
    assert response.status_code == 200
    result = response.json()
    assert len(result["lines"]) == 2 and result["format"] == "TD3"


def test_api_image_upload_that_is_not_an_image_gets_a_clear_error(client, node) -> None:
    headers = {"Authorization": f"Bearer {token_for(node, 'officer.mar')}"}
    response = client.post(
        "/api/documents/mrz/image",
        files={"file": ("x.png", b"not an image at all", "image/png")},
        headers=headers,
    )
    assert response.status_code == 200
    result = response.json()
    assert (
        result["valid"] is False
        and result["errors"][0]["field"] == "image"
        and result["errors"][0]["message"]
    )


@pytest.mark.browser
def test_officer_checks_a_passport_in_arabic(page, live_server, artifacts) -> None:
    sign_in(page, live_server, "officer.mar")
    page.click("[data-testid=lang-ar]")
    page.wait_for_load_state()
    page.goto(f"{live_server}/documents")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("[data-testid=mrz-input]", _arabic_passport())
    page.click("[data-testid=mrz-check]")
    result = page.locator("[data-testid=mrz-result]")
    result.wait_for()
    assert "صالحة" in result.locator("h2").inner_text()
    arabic = page.locator("[data-testid=arabic-name]")
    assert arabic.inner_text().split() == ["محمود", "عبدالرحيم"]
    assert arabic.get_attribute("dir") == "rtl"
    assert "المغرب" in result.inner_text()  # issuing state named in Arabic
    page.screenshot(path=str(artifacts / "documents-ar.png"), full_page=True)

    page.fill("[data-testid=mrz-input]", SPECIMEN.replace("7408122", "7408123"))
    page.keyboard.press("Control+Enter")
    page.locator("[data-testid=mrz-result].invalid").wait_for()
    assert page.locator("[data-testid=mrz-result] .errors li").count() >= 1
    assert "رقم التحقق في السطر" in page.locator("[data-testid=mrz-result] .errors").inner_text()
    page.screenshot(path=str(artifacts / "documents-ar-invalid.png"), full_page=True)


def _checks_page(client, node, text: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    headers = {
        "Authorization": f"Bearer {token_for(node, 'officer.mar')}",
        "Accept-Language": lang,
        "HX-Request": "true",
    }
    response = client.post("/documents/check", data={"mrz": text}, headers=headers)
    assert response.status_code == 200, response.text
    return response.text


@pytest.mark.parametrize(
    ("lang", "check_digit", "field", "unreadable"),
    [
        (
            "ar",
            "رقم التحقق في السطر <bdi>2</bdi>، العمود <bdi>20</bdi> لا يطابق تاريخ الميلاد",
            "تاريخ الميلاد",
            "ليس هذا شكل منطقة مقروءة آليًا",
        ),
        (
            "fr",
            "le chiffre de contrôle ligne <bdi>2</bdi>, colonne <bdi>20</bdi> ne correspond pas au champ date de naissance",
            "date de naissance",
            "pas une ZLA",
        ),
    ],
)
def test_page_words_failed_checks_in_the_readers_language(  # type: ignore[no-untyped-def]
    client, node, lang, check_digit, field, unreadable
) -> None:
    """An officer reading Arabic or French reads the failed check in that language (the field
    named too); the CLI and the API keep the English sentence."""
    broken = SPECIMEN.replace("7408122", "7408123")  # the birth date's check digit no longer holds
    english = "check digit at line 2, column 20 does not match the birth date"
    page = _checks_page(client, node, broken, lang)
    assert check_digit in page and f"<strong>{field}</strong>" in page
    assert english not in page
    assert english in _checks_page(client, node, broken, "en")
    assert any(e["message"] == english for e in check_mrz(broken)["errors"])
    unreadable_page = _checks_page(client, node, "HELLO", lang)
    assert unreadable in unreadable_page and "not an MRZ shape" not in unreadable_page
