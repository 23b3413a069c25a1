"""O and 0 told apart by glyph height on lines rendered in OCR-B (Debian fonts-ocr-b)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from hudud.formats.mrz_glyphs import settle_by_height

OCRB = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
LINE = "F5U1L7JM<6TUN8809173M3308279LBOW3<<<<<<<<<<<"


def _render(text: str, size: int = 28, blur: float = 0.8) -> tuple[np.ndarray, list[float]]:
    if not OCRB.exists():
        pytest.skip("fonts-ocr-b is not installed")
    font = ImageFont.truetype(str(OCRB), size)
    pitch = font.getlength("0")
    image = Image.new("L", (int(pitch * len(text)) + 20, size * 2), 235)
    ImageDraw.Draw(image).text((10, size // 2), text, fill=25, font=font)
    image = image.filter(ImageFilter.GaussianBlur(blur))
    return np.asarray(image), [10 + pitch * (i + 0.5) for i in range(len(text))]


def test_an_o_read_as_zero_is_written_o() -> None:
    crop, xs = _render(LINE)
    as_read = LINE.replace("LBOW3", "LB0W3")
    assert settle_by_height(crop, as_read, xs) == LINE


def test_zeros_and_other_digits_stay_digits() -> None:
    line = LINE.replace("LBOW3", "LB0W3")
    crop, xs = _render(line)
    assert settle_by_height(crop, line, xs) == line


def test_a_faint_or_short_line_is_left_as_read() -> None:
    crop, xs = _render(LINE)
    assert settle_by_height(np.full_like(crop, 200), LINE, xs) == LINE  # no ink
    assert settle_by_height(crop[:, :60], "F5U", xs[:3]) == "F5U"
