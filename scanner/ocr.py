"""Text lines read off a photo of a waybill, offline.

The engine is PP-OCR (detection and recognition models) run by onnxruntime, as shipped inside
the `rapidocr-onnxruntime` wheel: nothing is downloaded at run time. It is built once per process,
on first use, and runs one image at a time, on one core (its sessions are made once and kept).

The library's plain call on a whole 1280x720 frame detects text over the background too and
reads every line at full length. Here the label is found first on a downscaled frame (paper is
the largest bright region), turned upright by the angle of its outline, cut out, and only it is
detected, at a side limit that still resolves the 3-4 mm characters of a recipient block.
Recognition costs most, and grows with a line's width: given a `focus`, only the first
characters of each line are read, and only the lines the focus picks from those (a recipient
block) are then read whole. Whether the label lies upside down is asked of the angle classifier
on a few of its widest lines, not on all of them.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

DETECT_SIDE = 480  # px: the longest side the detector sees first (the label, not the frame)
FINE_SIDE = 736  # px: and when what the focus looks for was not among the lines found
FIND_SIDE = 320  # px: the longest side of the downscaled frame the label is looked for in
MIN_LABEL_SHARE = 0.08  # a bright region smaller than this share of the frame is not the label
MIN_TURN = 1.0  # degrees: a label turned less than this is read as it lies
THREADS = 1  # per OCR run: the other core keeps serving intake
HEAD = 3  # a line's head: its first characters, about this many line heights wide
REC_HEIGHT = 48  # px: the height the recogniser reads a line at
REC_BATCH = 8
BATCH_SPREAD = 2.0  # the widest crop of a batch at most this much wider than its narrowest
TAIL = 0.5  # line heights of blank after a line: the recogniser drops a last character cut at the edge
UPSIDE_DOWN_LINES = 4  # the widest lines the angle classifier is asked about
UPSIDE_DOWN_SCORE = 0.9


@dataclass(frozen=True)
class TextLine:
    text: str
    score: float  # the recogniser's confidence, 0-1
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the upright label's pixels
    whole: bool = True  # False: only the line's head was read

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]


Engine = Callable[[np.ndarray], list[TextLine]]
# From lines' heads, the lines to read whole; None: what it looks for is not there (look closer).
Focus = Callable[[list[TextLine]], list[int] | None]


@dataclass(frozen=True)
class Label:
    """Where the paper lies in a frame: its bounding box and how far it is turned."""

    box: tuple[int, int, int, int]  # x, y, w, h in the frame's pixels
    angle: float  # degrees, counter-clockwise as OpenCV turns: this turn makes the paper upright
    size: tuple[int, int]  # the upright paper's width and height, in the frame's pixels


class RapidEngine:
    """PP-OCR through rapidocr-onnxruntime: detection, then recognition of the crops that matter."""

    def __init__(self, *, detect_side: int = DETECT_SIDE, threads: int = THREADS) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self._ocr = RapidOCR(det_limit_type="max", use_cls=False, intra_op_num_threads=threads,
                             inter_op_num_threads=1)
        self._detect_side = detect_side
        self._lock = threading.Lock()

    def __call__(self, image: np.ndarray) -> list[TextLine]:
        return self.focused(image, None)

    def recognise(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Each crop's text and score. Crops of like width go in one batch, as wide as its widest
        crop: the library pads every crop to 320 px, which costs a short head the price of a line,
        and pads a short line to a long one's width, which costs time and changes what is read."""
        ratios = [crop.shape[1] / crop.shape[0] + TAIL for crop in crops]
        order = sorted(range(len(crops)), key=ratios.__getitem__)
        read: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        batches: list[list[int]] = []
        for i in order:
            if batches and len(batches[-1]) < REC_BATCH and ratios[i] <= BATCH_SPREAD * ratios[batches[-1][0]]:
                batches[-1].append(i)
            else:
                batches.append([i])
        for batch in batches:
            width = math.ceil(REC_HEIGHT * max(ratios[i] for i in batch))
            tensor = np.zeros((len(batch), 3, REC_HEIGHT, width), np.float32)
            for row, i in enumerate(batch):
                drawn = min(width, math.ceil(REC_HEIGHT * (ratios[i] - TAIL)))
                pixels = cv2.resize(crops[i], (drawn, REC_HEIGHT)).astype(np.float32)
                tensor[row, :, :, :drawn] = pixels.transpose(2, 0, 1) / 127.5 - 1
            found = self._ocr.text_rec.postprocess_op(self._ocr.text_rec.session(tensor)[0])
            for row, i in enumerate(batch):
                read[i] = (str(found[row][0]), float(found[row][1]))
        return read

    def upside_down(self, crops: list[np.ndarray]) -> bool:
        """Whether most of the widest lines read upside down to the angle classifier."""
        widest = sorted(crops, key=lambda crop: crop.shape[1], reverse=True)[:UPSIDE_DOWN_LINES]
        _, votes, _elapsed = self._ocr.text_cls(widest)
        turned = sum(1 for label, score in votes if "180" in label and score > UPSIDE_DOWN_SCORE)
        return 2 * turned > len(widest)

    def detect(self, bgr: np.ndarray, side: int) -> list[np.ndarray]:
        """The text boxes' corners in `bgr`, found on a copy no longer than `side` (the library's
        own limit never shrinks an image under 960 px)."""
        scale = min(1.0, side / max(bgr.shape[:2]))
        small = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else bgr
        found, _elapsed = self._ocr.auto_text_det(small)
        return [] if found is None else [(points / scale).astype(np.float32) for points in found]

    def focused(self, image: np.ndarray, focus: Focus | None) -> list[TextLine]:
        bgr = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image
        turned = None
        with self._lock:
            # Without a focus nothing tells whether a coarse detection missed a line: detect finely.
            for side in (self._detect_side, FINE_SIDE) if focus is not None else (FINE_SIDE,):
                found = self.detect(bgr, side)
                crops = self._ocr.get_crop_img_list(bgr, found) if found else []
                boxes = [_box(points) for points in found]
                if turned is None and crops:
                    turned = self.upside_down(crops)
                if turned:
                    height, width = bgr.shape[:2]
                    crops = [np.ascontiguousarray(crop[::-1, ::-1]) for crop in crops]
                    boxes = [(width - x1, height - y1, width - x0, height - y0) for x0, y0, x1, y1 in boxes]
                if focus is None:
                    return [TextLine(t, s, b) for (t, s), b in zip(self.recognise(crops), boxes, strict=True)]
                heads = [crop[:, : max(1, min(crop.shape[1], HEAD * crop.shape[0]))] for crop in crops]
                lines = [TextLine(t, s, b, whole=head.shape[1] == crop.shape[1])
                         for (t, s), b, head, crop in zip(self.recognise(heads), boxes, heads, crops, strict=True)]
                wanted = focus(lines)
                # Small lone characters (a big 收 beside its block) can escape the coarse detection.
                if wanted is not None or side >= max(bgr.shape[:2]):
                    break
            wanted = [i for i in wanted or () if not lines[i].whole]
            for i, (text, score) in zip(wanted, self.recognise([crops[i] for i in wanted]), strict=True):
                lines[i] = TextLine(text, score, boxes[i])
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


def locate_label(gray: np.ndarray) -> Label | None:
    """The paper in the frame, or None when none stands out (or the paper fills the frame)."""
    scale = FIND_SIDE / max(gray.shape)
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
    (_cx, _cy), (rw, rh), angle = cv2.minAreaRect(largest)
    while abs(angle) > 45:  # a rectangle's angle is known up to quarter turns: take the smallest
        angle, rw, rh = angle - math.copysign(90, angle), rh, rw
    pad = 4
    x0, y0 = max(0, int((x - pad) / scale)), max(0, int((y - pad) / scale))
    x1 = min(gray.shape[1], int((x + w + pad) / scale))
    y1 = min(gray.shape[0], int((y + h + pad) / scale))
    return Label((x0, y0, x1 - x0, y1 - y0), float(angle), (int((rw + pad) / scale), int((rh + pad) / scale)))


def find_label(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """The bounding box (x, y, w, h) of the paper in the frame, or None."""
    found = locate_label(gray)
    return found.box if found else None


def upright(gray: np.ndarray, label: Label) -> np.ndarray:
    """The label cut out of the frame and turned so that its edges run square."""
    x, y, w, h = label.box
    crop = gray[y: y + h, x: x + w]
    if abs(label.angle) < MIN_TURN:
        return np.ascontiguousarray(crop)
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), label.angle, 1.0)
    out_w, out_h = min(w, label.size[0]), min(h, label.size[1])
    turn[0, 2] += (out_w - w) / 2
    turn[1, 2] += (out_h - h) / 2
    return cv2.warpAffine(crop, turn, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def read_lines(image: np.ndarray, *, reader: Engine | None = None, focus: Focus | None = None) -> list[TextLine]:
    """The text lines of the label in `image` (gray or BGR), their boxes in the upright label's
    pixels; with a `focus` (and an engine that can), only the lines it picks are read whole."""
    gray = to_gray(image)
    label = locate_label(gray)
    crop = upright(gray, label) if label is not None else np.ascontiguousarray(gray)
    reader = reader or engine()
    return reader.focused(crop, focus) if focus is not None and hasattr(reader, "focused") else reader(crop)
