"""Random but valid travel documents, and photos of them rendered in OCR-B (Debian fonts-ocr-b).

Used by the image-reading benchmark: each document is drawn on a card-like background with other
printed text and a photo box, then turned up to ±5 degrees, blurred, noised and JPEG-compressed,
so the reader meets what a phone camera or a cheap scanner gives.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from hudud.documents.generate import DocumentFields, make_mrz

OCRB = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
TEXT_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
STATES = [
    "MAR",
    "DZA",
    "TUN",
    "EGY",
    "JOR",
    "LBN",
    "IRQ",
    "SAU",
    "ARE",
    "QAT",
    "FRA",
    "DEU",
    "D",
    "GBR",
    "ESP",
    "ITA",
    "NLD",
    "SWE",
    "USA",
    "CAN",
    "TUR",
    "PAK",
    "NGA",
    "SEN",
    "MLI",
    "XXA",
    "UNO",
]
SURNAMES = [
    "محمود",
    "عبدالرحيم",
    "الزهراء",
    "بن علي",
    "Müller",
    "García López",
    "Østergård",
    "O'Neill",
    "Nguyen",
    "Smith",
    "Dupont-Aignan",
    "Al Hashimi",
    "Kowalska",
    "Ben Youssef",
    "فاطمة",
    "Öztürk",
]
GIVEN = [
    "محمد",
    "عائشة",
    "يوسف",
    "Anna Maria",
    "José",
    "Zoë",
    "Jean-Pierre",
    "Fatima",
    "Omar",
    "Leïla",
    "Sven",
    "Ahmed Ali",
    "Mariam",
    "Karim",
    "Lucía",
    "Björn",
]
FORMATS = ["TD3", "TD3", "TD3", "TD1", "TD1", "TD2", "MRVA", "MRVB"]
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass(frozen=True, slots=True)
class Sample:
    """One generated document: its MRZ text and the JPEG bytes of its photo."""

    mrz: str
    jpeg: bytes
    angle: float


def random_fields(rng: random.Random) -> DocumentFields:
    fmt = rng.choice(FORMATS)
    state = rng.choice(STATES)
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 30000))
    expiry = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 5000))
    length = rng.choice([8, 9, 9, 9]) if fmt != "TD1" else rng.choice([9, 9, 12])
    number = "".join(rng.choice(_ALNUM) for _ in range(length))
    optional = "".join(rng.choice(_ALNUM) for _ in range(rng.choice([0, 0, 5, 9])))
    return DocumentFields(
        format=fmt,
        surname=rng.choice(SURNAMES),
        given_names=rng.choice(GIVEN),
        document_number=number,
        issuing_state=state,
        nationality=rng.choice([state, state, rng.choice(STATES)]),
        birth_date=birth,
        sex=rng.choice("MFX<"),
        expiry_date=expiry,
        optional_data=optional[:3] if fmt == "TD2" else optional[:8] if fmt == "MRVB" else optional,
    )


def render(mrz: str, rng: random.Random) -> tuple[Image.Image, float]:
    """A document-like picture carrying ``mrz`` at the bottom, turned by a random small angle."""
    lines = mrz.split("\n")
    width = 1000 if len(lines[0]) == 44 else 860 if len(lines[0]) == 36 else 760
    height = int(width * (0.70 if len(lines) == 2 else 0.63))
    paper = tuple(rng.randint(215, 250) for _ in range(3))
    page = Image.new("RGB", (width, height), paper)
    draw = ImageDraw.Draw(page)
    for _ in range(rng.randint(20, 60)):  # security-print like background strokes
        x, y = rng.randrange(width), rng.randrange(height)
        tint = tuple(max(0, c - rng.randint(10, 40)) for c in paper)
        draw.line((x, y, x + rng.randint(-200, 200), y + rng.randint(-80, 80)), fill=tint, width=1)
    draw.rectangle((30, 60, 30 + width // 4, 60 + int(width / 4 * 1.3)), fill=(150, 150, 160))
    text_font = ImageFont.truetype(str(TEXT_FONT), size=max(14, width // 50))
    for i, label in enumerate(
        [
            "PASSPORT / PASSEPORT",
            "Surname / Nom",
            "Given names / Prénoms",
            "Nationality",
            "Date of birth",
            "Date of expiry",
        ]
    ):
        draw.text((width // 3, 50 + i * (height // 12)), label, fill=(60, 60, 90), font=text_font)
    size = 40
    font = ImageFont.truetype(str(OCRB), size=size)
    size = int(size * width * 0.90 / font.getlength(lines[0]))
    font = ImageFont.truetype(str(OCRB), size=size)
    line_height = int(size * 1.35)
    top = height - line_height * len(lines) - int(size * 0.6)
    for i, line in enumerate(lines):
        draw.text((int(width * 0.04), top + i * line_height), line, fill=(20, 20, 25), font=font)
    angle = rng.uniform(-5.0, 5.0)
    table = tuple(rng.randint(40, 120) for _ in range(3))
    canvas = Image.new("RGB", (int(width * 1.15), int(height * 1.2)), table)
    canvas.paste(page, (int(width * 0.075), int(height * 0.1)))
    return canvas.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=table), angle


def degrade(image: Image.Image, rng: random.Random) -> bytes:
    """Blur, noise and JPEG-compress ``image``."""
    import numpy as np

    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.0, 1.3)))
    pixels = np.asarray(image).astype(np.float32)
    pixels += np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 10), pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=rng.randint(35, 85))
    return out.getvalue()


def samples(count: int, seed: int = 9303) -> list[Sample]:
    """``count`` reproducible samples."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        mrz = make_mrz(random_fields(rng))
        image, angle = render(mrz, rng)
        out.append(Sample(mrz, degrade(image, rng), angle))
    return out
