"""The training pages in Arabic and French: the nominations table's last column (cancel, decisions)
has a translated header and its rows are plain table cells (the flex box inside the cell), and a
module's hours use the language's plural forms (Arabic has six: 1 ساعة واحدة, 2 ساعتان, 8 ساعات,
11 ساعة; French "1 heure", "8 heures")."""

from __future__ import annotations

import html
import re

from tests.e2e.test_training_api import tokens  # noqa: F401  (trainer, focal points, trainee)

HOURS = (1, 2, 8, 11)


def _course_and_session(client, trainer: dict[str, str]) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    modules = [{"name_en": f"Module {h}", "name_ar": f"الوحدة {h}", "hours": h} for h in HOURS]
    course = {"code": "DOC-1", "name_en": "Document fraud", "name_ar": "تزوير الوثائق", "duration_days": 2,
              "language": "ar", "modules": modules}  # fmt: skip
    course_id = client.post("/api/training/courses", json=course, headers=trainer).json()["id"]
    session = {
        "course_id": course_id,
        "start": "2026-05-04",
        "end": "2026-05-05",
        "venue": "Tunis",
        "capacity": 2,
    }
    session_id = client.post("/api/training/sessions", json=session, headers=trainer).json()["id"]
    return course_id, session_id


def _hours(page: str) -> list[str]:
    """What each module's line says about its hours, in order."""
    return [
        html.unescape(h).strip() for h in re.findall(r'<span class="muted">\(([^)]*)\)</span></li>', page)
    ]


def test_nominations_actions_column_has_a_header_and_plain_cells(client, tokens) -> None:  # noqa: F811
    trainer = tokens["trainer.rtc"]
    _, session_id = _course_and_session(client, trainer)
    assert client.put(
        f"/api/training/sessions/{session_id}/seats", json={"country": "MAR", "seats": 1}, headers=trainer
    ).status_code == 204  # fmt: skip
    body = {"country": "MAR", "name": "Amina Tazi", "name_ar": "أمينة التازي"}
    created = client.post(
        f"/api/training/sessions/{session_id}/nominations", json=body, headers=tokens["focal.mar"]
    )
    assert created.status_code == 201, created.text

    for lang, header in (("ar", "الإجراءات"), ("fr", "Actions"), ("en", "Actions")):
        page = client.get(
            f"/training/sessions/{session_id}", headers=trainer | {"Accept-Language": lang}
        ).text
        table = page[
            page.index('data-testid="nominations"') : page.index(
                "</table>", page.index('data-testid="nominations"')
            )
        ]
        headers = re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", table, re.S)
        assert len(headers) == 8 and html.unescape(headers[-1]).strip() == header, (lang, headers)
        row = re.search(r'<tr data-testid="nomination-\d+">(.*?)</tr>', table, re.S)
        assert row is not None
        cells = re.findall(r"<td(\s[^>]*)?>", row.group(1))
        assert len(cells) == 8, cells  # one cell under each header
        assert all("training-actions" not in attributes for attributes in cells)  # no flex box as a cell
        assert 'class="training-actions"' in row.group(1).split("<td")[-1]  # the actions inside the last cell


def test_module_hours_use_plural_forms(client, tokens) -> None:  # noqa: F811
    trainer = tokens["trainer.rtc"]
    course_id, _ = _course_and_session(client, trainer)
    pages = {
        lang: client.get(f"/training/courses/{course_id}", headers=trainer | {"Accept-Language": lang}).text
        for lang in ("ar", "fr", "en")
    }
    assert _hours(pages["ar"]) == ["ساعة واحدة", "ساعتان", "8 ساعات", "11 ساعة"]
    assert _hours(pages["fr"]) == ["1 heure", "2 heures", "8 heures", "11 heures"]
    assert _hours(pages["en"]) == ["1 hour", "2 hours", "8 hours", "11 hours"]
