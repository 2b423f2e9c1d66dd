"""The decoders behind one interface: a callable from a gray uint8 array to `Symbol`s.

Each wraps one library and maps its format names to ours. None of them raises on an image it
cannot read: no symbol is an empty list.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Protocol

import cv2
import numpy as np
import zxingcpp

from scanner.symbols import (
    CODE39,
    CODE128,
    DATAMATRIX,
    EAN8,
    EAN13,
    ITF,
    PARCEL_FORMATS,
    PDF417,
    QR,
    UPCA,
    Point,
    Symbol,
    normalise_ean,
)


class Decoder(Protocol):
    """Reads every symbol it can from a gray uint8 image."""

    name: str
    # A trusted decoder's results are taken as they come; others need confirmation (chain.py).
    trusted: bool

    def __call__(self, gray: np.ndarray) -> list[Symbol]: ...


def _corners(points: Iterable[Iterable[float]]) -> tuple[Point, ...]:
    return tuple((int(round(x)), int(round(y))) for x, y in points)


# --- zxing-cpp -------------------------------------------------------------------------------

_ZX = zxingcpp.BarcodeFormat
_ZX_OURS: dict[str, tuple[zxingcpp.BarcodeFormat, ...]] = {
    CODE128: (_ZX.Code128,),
    CODE39: (_ZX.Code39,),
    ITF: (_ZX.ITF,),
    EAN13: (_ZX.EAN13,),
    EAN8: (_ZX.EAN8,),
    UPCA: (_ZX.UPCA,),
    QR: (_ZX.QRCode,),
    DATAMATRIX: (_ZX.DataMatrix,),
    PDF417: (_ZX.PDF417,),
}
# Sub-formats zxing-cpp may report for what we asked as the family above.
_ZX_NAMES: dict[zxingcpp.BarcodeFormat, str] = {
    _ZX.Code39Std: CODE39,
    _ZX.Code39Ext: CODE39,
    _ZX.ITF14: ITF,
    _ZX.QRCodeModel1: QR,
    _ZX.QRCodeModel2: QR,
    _ZX.CompactPDF417: PDF417,
    **{fmts[0]: ours for ours, fmts in _ZX_OURS.items()},
}


def _zx_name(fmt: zxingcpp.BarcodeFormat) -> str:
    return _ZX_NAMES.get(fmt) or "".join(c for c in str(fmt).upper() if c.isalnum())


class ZXingDecoder:
    """zxing-cpp; `formats=None` reads every format it knows (about 4x slower per frame)."""

    trusted = True

    def __init__(
        self,
        formats: Iterable[str] | None = PARCEL_FORMATS,
        *,
        name: str = "zxing-cpp",
        try_rotate: bool = True,
        try_downscale: bool = True,
        try_invert: bool = True,
    ) -> None:
        self.name = name
        self.formats = None if formats is None else frozenset(formats)
        unknown = set(self.formats or ()) - set(_ZX_OURS)
        if unknown:
            raise ValueError(f"zxing-cpp: unknown formats {sorted(unknown)}")
        self._options: dict[str, object] = {
            "try_rotate": try_rotate,
            "try_downscale": try_downscale,
            "try_invert": try_invert,
            # HRI mode renders control characters as visible symbols (GS as U+241D): we want
            # the bytes the label carries, as in a GS1 or ANSI MH10.8 payload.
            "text_mode": zxingcpp.TextMode.Plain,
        }
        if self.formats is not None:
            self._options["formats"] = tuple(f for ours in sorted(self.formats) for f in _ZX_OURS[ours])

    def __call__(self, gray: np.ndarray) -> list[Symbol]:
        found = zxingcpp.read_barcodes(gray, **self._options)
        out = []
        for b in found:
            fmt, text = normalise_ean(_zx_name(b.format), b.text)
            p = b.position
            corners = _corners(
                (pt.x, pt.y) for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
            )
            out.append(Symbol(fmt, text, corners, self.name))
        return out


# --- pyzbar (zbar) ---------------------------------------------------------------------------

# zbar's own names, resolved when pyzbar is first used: without libzbar0 the rest still works.
_ZB_OURS: dict[str, str] = {
    CODE128: "CODE128",
    CODE39: "CODE39",
    ITF: "I25",
    EAN13: "EAN13",
    EAN8: "EAN8",
    UPCA: "UPCA",
    QR: "QRCODE",
    PDF417: "PDF417",
}
_ZB_NAMES = {zbar: ours for ours, zbar in _ZB_OURS.items()}
_log = logging.getLogger(__name__)
_zbar: object | None = None
_zbar_missing = False
_zbar_lock = threading.Lock()


def load_zbar():
    """pyzbar's module, imported on first use; None (said once in the log) when zbar is missing."""
    global _zbar, _zbar_missing
    with _zbar_lock:
        if _zbar is None and not _zbar_missing:
            try:
                from pyzbar import pyzbar
            except ImportError as exc:  # pyzbar raises ImportError when libzbar0 is not installed
                _zbar_missing = True
                _log.warning("zbar is not available (%s): decoding with zxing-cpp and OpenCV only; "
                             "install libzbar0 for the pyzbar step", exc)
            else:
                _zbar = pyzbar
    return _zbar


def _bytes_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Code 128 and PDF417 carry ISO 8859-1 by default.
        return data.decode("latin-1")


class PyzbarDecoder:
    """zbar through pyzbar: no DataMatrix; reads some blurred frames zxing-cpp misses, but
    also returns wrong texts, so the chain asks for confirmation."""

    trusted = False

    def __init__(self, formats: Iterable[str] | None = PARCEL_FORMATS, *, name: str = "pyzbar") -> None:
        self.name = name
        self._names = None if formats is None else [_ZB_OURS[f] for f in sorted(formats) if f in _ZB_OURS]

    def __call__(self, gray: np.ndarray) -> list[Symbol]:
        pyzbar = load_zbar()
        if gray.size == 0 or pyzbar is None:
            return []
        symbols = None if self._names is None else [pyzbar.ZBarSymbol[n] for n in self._names]
        out = []
        for s in pyzbar.decode(gray, symbols=symbols):
            fmt, text = normalise_ean(_ZB_NAMES.get(s.type, s.type), _bytes_text(s.data))
            if s.polygon and len(s.polygon) == 4:
                corners = _corners((p.x, p.y) for p in s.polygon)
            else:
                r = s.rect
                corners = _corners(
                    [(r.left, r.top), (r.left + r.width, r.top),
                     (r.left + r.width, r.top + r.height), (r.left, r.top + r.height)]
                )
            out.append(Symbol(fmt, text, corners, self.name))
        return out


# --- OpenCV ----------------------------------------------------------------------------------

_CV_NAMES = {"EAN_13": EAN13, "EAN_8": EAN8, "UPC_A": UPCA, "UPC_E": "UPCE"}


class OpenCVDecoder:
    """OpenCV's barcode detector (EAN/UPC only) and its ArUco-based QR detector."""

    trusted = False

    def __init__(self, formats: Iterable[str] | None = PARCEL_FORMATS, *, name: str = "opencv") -> None:
        self.name = name
        wanted = set(PARCEL_FORMATS if formats is None else formats)
        self._linear = bool(wanted & {EAN13, EAN8, UPCA})
        self._qr = QR in wanted
        self._formats = None if formats is None else frozenset(formats) | {UPCA}
        # Detector objects keep per-call state: one per thread.
        self._local = threading.local()

    def _detectors(self) -> tuple[cv2.barcode.BarcodeDetector, cv2.QRCodeDetectorAruco]:
        local = self._local
        if not hasattr(local, "barcode"):
            local.barcode = cv2.barcode.BarcodeDetector()
            local.qr = cv2.QRCodeDetectorAruco()
        return local.barcode, local.qr

    def __call__(self, gray: np.ndarray) -> list[Symbol]:
        if min(gray.shape[:2], default=0) < 16:
            return []
        barcode, qr = self._detectors()
        out: list[Symbol] = []
        if self._linear:
            try:
                ok, texts, types, points = barcode.detectAndDecodeWithType(gray)
            except cv2.error:
                ok = False
            if ok and points is not None:
                for text, kind, quad in zip(texts, types, points):
                    if not text:
                        continue
                    fmt, text = normalise_ean(_CV_NAMES.get(kind, kind), text)
                    if fmt == UPCA and len(text) == 13:
                        text = text[1:]
                    if self._formats is None or fmt in self._formats:
                        out.append(Symbol(fmt, text, _corners(quad), self.name))
        if self._qr:
            try:
                ok, texts, points, _ = qr.detectAndDecodeMulti(gray)
            except cv2.error:
                ok = False
            if ok and points is not None:
                for text, quad in zip(texts, points):
                    if text:
                        out.append(Symbol(QR, text, _corners(quad), self.name))
        return out
