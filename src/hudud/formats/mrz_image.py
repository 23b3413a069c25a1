"""Read the MRZ on a photo or scan, offline on a CPU, with RapidOCR (ONNX models inside the wheel).

Steps: decode and bound the image; detect text boxes on a reduced copy; keep the long thin boxes an
MRZ line makes; crop them from the full image along the (possibly skewed) box; recognise only
those crops; pick the 2-3 lines that make the best MRZ. If none validates, the same crops are read
again turned 180 degrees (an upside-down document) - cheaper than a second detection.
"""

from __future__ import annotations

import io
import logging
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hudud.documents.mrz import MRZ
from hudud.errors import N_, InvalidInput, PayloadTooLarge
from hudud.formats.mrz_glyphs import settle_by_height
from hudud.formats.mrz_lines import TextLine, best_mrz, check_failures

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 80_000_000  # beyond this the file is refused before it is decoded
WORK_SIDE = 2000  # the full image is reduced to this longest side before cropping lines
DET_SIDE = 960  # and to this for text detection
MIN_ASPECT = 4.0  # an MRZ line (or a piece of one split at its fillers) is this much wider than high
WIDE_SHARE = 0.5  # boxes at least this share of the widest box's width are read first
_lock = threading.Lock()
_engine: Any = None


class InvalidImage(InvalidInput):
    """The upload or file is not a readable JPEG/PNG image."""

    code = "invalid_image"


@dataclass(frozen=True, slots=True)
class MRZReading:
    """What was read from one image: the MRZ lines (empty if none), and why not when empty."""

    lines: tuple[str, ...]
    message: str = ""
    texts: tuple[str, ...] = field(default=(), repr=False)
    seconds: float = 0.0


def _get_engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            from rapidocr import RapidOCR

            _engine = RapidOCR(
                params={
                    "Global.log_level": "error",
                    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                    "Det.limit_side_len": DET_SIDE,
                    "Det.limit_type": "max",
                }
            )
        return _engine


def load_image(source: str | Path | bytes) -> np.ndarray:
    """Decode ``source`` (path or bytes) to an RGB array no larger than ``WORK_SIDE``.

    Raises ``InvalidImage`` for missing files and non-images, ``PayloadTooLarge`` for huge ones.
    """
    from PIL import Image, UnidentifiedImageError

    if isinstance(source, bytes):
        data = source
        name = "upload"
    else:
        path = Path(source)
        name = path.name
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise PayloadTooLarge(
                    N_("%(name)s: file larger than %(limit)s MiB"),
                    values={"name": name, "limit": MAX_FILE_BYTES // 2**20},
                )
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidImage(
                N_("%(name)s: cannot read the file (%(reason)s)"),
                values={"name": name, "reason": exc.strerror or exc},
            ) from None
    if len(data) > MAX_FILE_BYTES:
        raise PayloadTooLarge(
            N_("%(name)s: file larger than %(limit)s MiB"),
            values={"name": name, "limit": MAX_FILE_BYTES // 2**20},
        )
    try:
        opened = Image.open(io.BytesIO(data))
        width, height = opened.size
        if width * height > MAX_PIXELS:
            raise PayloadTooLarge(
                N_("%(name)s: image of %(width)sx%(height)s pixels is too large to read"),
                values={"name": name, "width": width, "height": height},
            )
        opened.draft("RGB", (WORK_SIDE, WORK_SIDE))  # JPEG: decode at reduced size, much faster
        image = opened.convert("RGB")
    except Image.DecompressionBombError:
        raise PayloadTooLarge(
            N_("%(name)s: image has too many pixels to read"), values={"name": name}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidImage(
            N_("%(name)s: not a readable JPEG or PNG image (%(kind)s)"),
            values={"name": name, "kind": type(exc).__name__},
        ) from None
    if max(image.size) > WORK_SIDE:
        image.thumbnail((WORK_SIDE, WORK_SIDE))
    if min(image.size) < 20:
        raise InvalidImage(
            N_("%(name)s: image of %(width)sx%(height)s pixels is too small"),
            values={"name": name, "width": image.size[0], "height": image.size[1]},
        )
    return np.asarray(image)


def _crop(image: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The quadrilateral ``box`` (clockwise from top-left) straightened into a rectangle."""
    import cv2

    pts = box.astype(np.float32)
    width = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    height = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(pts, target)
    crop = cv2.warpPerspective(
        image, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    if height > width * 1.5:  # a vertical line: the document is turned 90 degrees
        crop = np.rot90(crop)
    return np.ascontiguousarray(crop)


def _line_boxes(engine: Any, image: np.ndarray) -> list[np.ndarray]:
    """Boxes (in ``image`` coordinates) long and thin enough to be MRZ lines."""
    import cv2

    scale = min(1.0, DET_SIDE / max(image.shape[:2]))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    det = engine._load_det_model()(np.ascontiguousarray(small[:, :, ::-1]))
    if det.boxes is None:
        return []
    keep = []
    for box in det.boxes:
        w = max(float(np.linalg.norm(box[0] - box[1])), 1.0)
        h = max(float(np.linalg.norm(box[0] - box[3])), 1.0)
        if max(w / h, h / w) >= MIN_ASPECT:
            keep.append(np.asarray(box, dtype=np.float32) / scale)
    return keep


@dataclass(frozen=True, slots=True)
class _Text:
    """One crop as recognised: the text, the x centre (crop pixels) of each character, and the
    text with O/0 settled by glyph height."""

    text: str
    xs: tuple[float, ...] = ()
    alt: str = ""  # O/0 settled by glyph height


def _recognise(engine: Any, crops: list[np.ndarray]) -> list[_Text]:
    """Recognise each crop on its own, so no crop is padded to the width of the widest in a batch
    (the recogniser's cost grows with the padded width; MRZ lines are 4-6 times wider than labels)."""
    rec = engine._load_rec_model()
    charset = rec.postprocess_op.character
    _, height, width = rec.rec_image_shape
    out = []
    for crop in crops:
        h, w = crop.shape[:2]
        bgr = np.ascontiguousarray(crop[:, :, ::-1])
        ratio = max(width / height, w / max(h, 1))
        norm = rec.resize_norm_img(bgr, ratio)[np.newaxis].astype(np.float32)
        best = rec.session(norm)[0].argmax(axis=1)
        frames = norm.shape[3] / len(best)  # input pixels per output frame
        scale = w / min(norm.shape[3], math.ceil(height * w / max(h, 1)))  # input -> crop pixels
        chars, xs, prev = [], [], 0
        for t, k in enumerate(best.tolist()):
            if k and k != prev:  # CTC: 0 is the blank, a repeat without a blank is one character
                chars.append(charset[k])
                xs.append((t + 0.5) * frames * scale)
            prev = k
        text = "".join(chars)
        out.append(_Text(text, tuple(xs), settle_by_height(crop, text, xs)))
    return out


def _best(texts: list[_Text], places: list[tuple[float, float, float]]) -> tuple[list[str], MRZ | None]:
    return best_mrz([TextLine(t.text, y, x, h, t.alt) for t, (y, x, h) in zip(texts, places, strict=True)])


def read_mrz_image(source: str | Path | bytes) -> MRZReading:
    """Find and read the MRZ on one image. Raises ``InvalidImage``/``PayloadTooLarge`` for bad files."""
    started = time.perf_counter()
    image = load_image(source)
    engine = _get_engine()
    boxes = _line_boxes(engine, image)
    if not boxes:
        return MRZReading(
            (), "no text line long enough for an MRZ was found", seconds=time.perf_counter() - started
        )
    crops = [_crop(image, box) for box in boxes]
    places = [
        (float(b[:, 1].mean()), float(b[:, 0].min()), float(np.linalg.norm(b[0] - b[3]))) for b in boxes
    ]
    # MRZ lines are the widest text on a document: read those first, the rest only if they fail
    widths = [max(c.shape[:2]) for c in crops]
    wide = [i for i, w in enumerate(widths) if w >= WIDE_SHARE * max(widths)]
    texts = dict(zip(wide, _recognise(engine, [crops[i] for i in wide]), strict=True))
    lines, mrz = _best([texts[i] for i in wide], [places[i] for i in wide])
    if mrz is None or check_failures(mrz):
        rest = [i for i in range(len(crops)) if i not in texts]
        texts.update(zip(rest, _recognise(engine, [crops[i] for i in rest]), strict=True))
        if rest:
            lines, mrz = _best([texts[i] for i in range(len(crops))], places)
    read = [texts[i].text for i in sorted(texts)]
    if mrz is None or check_failures(mrz):
        flipped = _recognise(engine, [np.ascontiguousarray(c[::-1, ::-1]) for c in crops])
        lines2, mrz2 = _best(flipped, [(-y, -x, h) for y, x, h in places])
        if mrz2 is not None and (mrz is None or check_failures(mrz2) < check_failures(mrz)):
            lines, mrz, read = lines2, mrz2, [t.text for t in flipped]
    seconds = time.perf_counter() - started
    log.info("mrz.image.read boxes=%d found=%s ms=%.0f", len(boxes), bool(lines), seconds * 1000)
    if not lines:
        return MRZReading((), "text was found but no MRZ could be read from it", tuple(read), seconds)
    return MRZReading(tuple(lines), "", tuple(read), seconds)
