"""Reading MRZs from real photos and scans (shared data), offline, with RapidOCR.

Which real images read correctly is measured over the whole folder by benchmarks/mrz_images.py; here
a few of each format are pinned to their exact lines, plus rotation, upside-down and bad files.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest

from hudud.documents.mrz import parse_mrz
from hudud.errors import HududError, PayloadTooLarge
from hudud.formats.mrz_image import InvalidImage, read_mrz_image
from hudud.services.documents import read_mrz_image_bytes, read_mrz_images

NLD = ("P<NLDMEULENDIJK<<LOES<ALBERTINE<<<<<<<<<<<<<", "XA00000148NLD7110195F0604121123456782<<<<<02")
READ_EXACTLY = [
    ("images-passporteye/98_pass-nld.jpg", NLD),  # TD3 photo, small JPEG
    (
        "images-passporteye/100_id-che.jpg",  # TD1; OCR gives 1 for I and 0 for O: repaired by position
        (
            "IDCHES0002068<8<<<<<<<<<<<<<<<",
            "8102287F1301014CHE<<<<<<<<<<<4",
            "VADIS<<QUO<<<<<<<<<<<<<<<<<<<<",
        ),
    ),
    (
        "images-passporteye/100_visa-usa.jpg",  # MRV-A
        ("VIUSATRAVELER<<HAPPYPERSON<<<<<<<<<<<<<<<<<<", "555123ABC6GBR6502056F0412236IFLND00AMS803085"),
    ),
    (
        "images-passporteye/passport-td2.png",  # TD2 (ICAO specimen)
        ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"),
    ),
    (
        "images-specimens/visas/United_Kingdom.png",  # MRV-B
        ("VDGBRMUNIR<<FAISAL<<<<<<<<<<<<<<<<<<", "AD07259817PAK7608151M0611165<<<<<<<<"),
    ),
]


def _image(shared_data: Path, name: str) -> Path:
    path = shared_data / "mrz" / name
    if not path.exists():
        pytest.skip(f"{path} not in shared data")
    return path


@pytest.mark.parametrize(("name", "lines"), READ_EXACTLY, ids=[n for n, _ in READ_EXACTLY])
def test_real_images_read_exactly(shared_data: Path, name: str, lines: tuple[str, ...]) -> None:
    reading = read_mrz_image(_image(shared_data, name))
    assert parse_mrz("\n".join(reading.lines)).lines == lines


def _turned(path: Path, degrees: float) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.open(path).convert("RGB").rotate(degrees, expand=True, fillcolor=(90, 90, 90)).save(out, "PNG")
    return out.getvalue()


CAN = ("P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<", "ZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<08")


@pytest.mark.parametrize("degrees", [4.0, -4.0, 180.0], ids=["+4", "-4", "upside-down"])
def test_turned_photos_still_read(shared_data: Path, degrees: float) -> None:
    data = _turned(_image(shared_data, "images-specimens/passports/Canada.png"), degrees)
    result = read_mrz_image_bytes(data)
    assert result["valid"] is True and tuple(parse_mrz("\n".join(result["lines"])).lines) == CAN


def test_service_reads_a_batch_and_reports_each_image(shared_data: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)  # a PNG signature and nothing else
    results = read_mrz_images([_image(shared_data, "images-passporteye/98_pass-nld.jpg"), junk])
    assert [r["valid"] for r in results] == [True, False]
    assert results[0]["document_number"] == "XA0000014" and results[0]["lines"] == list(NLD)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares a huge size (no pixel data): must be refused before decoding."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = b"IDAT"
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", 0)
        + idat
        + struct.pack(">I", zlib.crc32(idat))
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", InvalidImage),
        (b"GIF89a not really", InvalidImage),
        (b"%PDF-1.7\n", InvalidImage),
        (_png_header(40_000, 40_000), PayloadTooLarge),
    ],
    ids=["empty", "garbage", "pdf", "huge"],
)
def test_bad_files_get_a_clear_error(data: bytes, error: type[HududError]) -> None:
    with pytest.raises(error):
        read_mrz_image(data)
    result = read_mrz_image_bytes(data)
    assert result["valid"] is False and result["errors"][0]["field"] == "image"


def test_a_photo_without_an_mrz_says_so() -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 400), (240, 240, 240))
    ImageDraw.Draw(image).text((40, 40), "HELLO WORLD", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    result = read_mrz_image_bytes(out.getvalue())
    assert result["valid"] is False and result["lines"] == [] and "MRZ" in result["errors"][0]["message"]
