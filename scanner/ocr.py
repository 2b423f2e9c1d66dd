"""Text lines read off a photo of a waybill, offline.

The engine is PP-OCR (detection and recognition models) run by onnxruntime, as shipped inside
the `rapidocr-onnxruntime` wheel: nothing is downloaded at run time. It is built once per process,
on first use, and runs one image at a time (its sessions already use the cores it is given).
The plain call on a whole 1280x720 frame detects text over the background too; the label is
found first (paper is the largest bright region), and only it is read, at a detection size that
still resolves the 3-4 mm characters of a recipient block. Recognition costs most, and grows
with a line's length: given a `focus`, only the first characters of each line are read, and the
lines the focus picks from those (a recipient block) are then read whole.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

DETECT_SIDE = 480  # px: the longest side the detector sees (the label, not the frame)
MIN_LABEL_SHARE = 0.08  # a bright region smaller than this share of the frame is not the label
THREADS = 1  # per OCR run: the other core keeps serving intake
HEAD = 5  # a line's head: its first characters, about this many line heights wide


@dataclass(frozen=True)
class TextLine:
    text: str
    score: float  # the recogniser's confidence, 0-1
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the image's pixels
    whole: bool = True  # False: only the line's head was read

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]


Engine = Callable[[np.ndarray], list[TextLine]]
Focus = Callable[[list[TextLine]], list[int]]  # from lines' heads, the lines to read whole


class RapidEngine:
    """PP-OCR through rapidocr-onnxruntime, without the angle classifier (labels lie upright
    within a few degrees; a label upside down is turned by the volunteer, not the model)."""

    def __init__(self, *, detect_side: int = DETECT_SIDE, threads: int = THREADS) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self._ocr = RapidOCR(det_limit_type="max", det_limit_side_len=detect_side, use_cls=False,
                             intra_op_num_threads=threads, inter_op_num_threads=1)
        self._lock = threading.Lock()

    def __call__(self, image: np.ndarray) -> list[TextLine]:
        return self.focused(image, None)

    def focused(self, image: np.ndarray, focus: Focus | None) -> list[TextLine]:
        bgr = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image
        with self._lock:
            found, _elapsed = self._ocr.auto_text_det(bgr)
            if found is None:
                return []
            crops = self._ocr.get_crop_img_list(bgr, found)
            boxes = [_box(points) for points in found]
            if focus is None:
                texts, _elapsed = self._ocr.text_rec(crops)
                return [TextLine(str(t), float(s), b) for (t, s), b in zip(texts, boxes, strict=True)]
            heads = [crop[:, : max(1, min(crop.shape[1], HEAD * crop.shape[0]))] for crop in crops]
            texts, _elapsed = self._ocr.text_rec(heads)
            lines = [TextLine(str(t), float(s), b, whole=head.shape[1] == crop.shape[1])
                     for (t, s), b, head, crop in zip(texts, boxes, heads, crops, strict=True)]
            wanted = [i for i in focus(lines) if not lines[i].whole]
            if wanted:
                again, _elapsed = self._ocr.text_rec([crops[i] for i in wanted])
                for i, (text, score) in zip(wanted, again, strict=True):
                    lines[i] = TextLine(str(text), float(score), boxes[i])
        return lines


def _box(points: np.ndarray) -> tuple[int, int, int, int]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))


_engine: Engine | None = None
_engine_lock = threading.Lock()


def engine() -> Engine:
    """The process's OCR engine, built on first use (loading the models takes about a second)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = RapidEngine()
        return _engine


def to_gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def find_label(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """The bounding box (x, y, w, h) of the paper in the frame, or None when none stands out
    (or the paper fills the frame)."""
    scale = 320 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), 2)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    largest = max(contours, key=cv2.contourArea)
    if cv2.contourArea(largest) < MIN_LABEL_SHARE * small.size:
        return None
    x, y, w, h = cv2.boundingRect(largest)
    if w * h > 0.95 * small.size:  # the whole frame: nothing to cut away
        return None
    pad = 4
    x0, y0 = max(0, int((x - pad) / scale)), max(0, int((y - pad) / scale))
    x1 = min(gray.shape[1], int((x + w + pad) / scale))
    y1 = min(gray.shape[0], int((y + h + pad) / scale))
    return x0, y0, x1 - x0, y1 - y0


def read_lines(image: np.ndarray, *, reader: Engine | None = None, focus: Focus | None = None) -> list[TextLine]:
    """The text lines of the label in `image` (gray or BGR), in the image's coordinates; with a
    `focus` (and an engine that can), only the lines it picks are read whole."""
    gray = to_gray(image)
    found = find_label(gray)
    x, y = 0, 0
    if found is not None:
        x, y, w, h = found
        gray = gray[y: y + h, x: x + w]
    reader = reader or engine()
    crop = np.ascontiguousarray(gray)
    lines = reader.focused(crop, focus) if focus is not None and hasattr(reader, "focused") else reader(crop)
    return [TextLine(line.text, line.score, (line.box[0] + x, line.box[1] + y, line.box[2] + x,
                                             line.box[3] + y), line.whole) for line in lines]

