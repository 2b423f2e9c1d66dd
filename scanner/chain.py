"""The default decoding chain: the fastest reader first, the rest only when it found nothing.

A chain is a list of steps (decoder, preprocessing). Steps run in order and the chain stops at
the first step after which it has an accepted result. What a step's result needs to count:

- zxing-cpp on the image as given: nothing (no wrong text on the reference photos);
- zxing-cpp on a preprocessed image: nothing for symbologies with strong error detection
  (QR, DataMatrix, PDF417: Reed-Solomon; Code 128: mod-103 check); for EAN/UPC, ITF and Code 39
  a second sighting, because on sharpened or binarised photos it misread EAN-13s whose check
  digit still held;
- pyzbar and OpenCV: `plausible` text and a second sighting by another step (pyzbar alone
  returned wrong Code 128 and ITF texts; OpenCV read Code 128 labels as EANs).

The order of `default_chain()` comes from `python -m scanner.bench`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from scanner import preprocess as pp
from scanner.decoders import Decoder, PyzbarDecoder, ZXingDecoder
from scanner.images import ImageSource, load_image
from scanner.plausible import plausible
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
    Symbol,
)

# Symbologies whose own error detection makes a single read from a trusted decoder enough.
SELF_CHECKING: frozenset[str] = frozenset({QR, DATAMATRIX, PDF417, CODE128})
# What zxing-cpp looks for first: the linear readers share one row scan, QR's finder is cheap;
# DataMatrix and PDF417 detection doubles the time of a 1280x720 frame (bench).
FAST_FORMATS: frozenset[str] = frozenset({CODE128, CODE39, ITF, EAN13, EAN8, UPCA, QR})


@dataclass(frozen=True, slots=True)
class Step:
    """One decoder run on one preprocessing of the image."""

    decoder: Decoder
    prep: pp.Prep = field(default_factory=pp.identity)

    @property
    def name(self) -> str:
        return self.decoder.name if self.prep.name == "gray" else f"{self.decoder.name}+{self.prep.name}"

    def accepts_alone(self, fmt: str) -> bool:
        """Whether this step's reading of a `fmt` symbol counts without a second sighting."""
        if not self.decoder.trusted:
            return False
        return self.prep.name == "gray" or fmt in SELF_CHECKING


def _overlap(a: Symbol, b: Symbol) -> bool:
    ax, ay, aw, ah = a.bbox
    bx, by, bw, bh = b.bbox
    return ax <= bx + bw and bx <= ax + aw and ay <= by + bh and by <= ay + ah


def _add_unique(found: list[Symbol], symbol: Symbol) -> None:
    # Two labels with the same code in one picture are two symbols; the same symbol read
    # twice (by two steps, or at two scales) is one.
    for other in found:
        if other.format == symbol.format and other.text == symbol.text and _overlap(other, symbol):
            return
    found.append(symbol)


class DecoderChain:
    """Decoders and preprocessings tried in turn; see the module docstring."""

    def __init__(self, steps: Sequence[Step], *, confirmations: int = 2, name: str = "chain") -> None:
        if not steps:
            raise ValueError("a chain needs at least one step")
        self.steps = tuple(steps)
        self.confirmations = confirmations
        self.name = name

    def decode_gray(self, gray: np.ndarray, *, budget_ms: float | None = None) -> list[Symbol]:
        """Decode a gray uint8 array; with a budget, no new step starts once it is spent."""
        start = time.perf_counter()
        prepared: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        # Untrusted readings: (format, text) -> (first symbol, names of the steps that saw it).
        sightings: dict[tuple[str, str], tuple[Symbol, set[str]]] = {}
        for i, step in enumerate(self.steps):
            if i and budget_ms is not None and (time.perf_counter() - start) * 1000 >= budget_ms:
                break
            if step.prep.name not in prepared:
                prepared[step.prep.name] = step.prep(gray)
            image, matrix = prepared[step.prep.name]
            accepted: list[Symbol] = []
            for s in step.decoder(image):
                symbol = Symbol(s.format, s.text, pp.map_points(s.position, matrix), step.name)
                if step.accepts_alone(symbol.format):
                    _add_unique(accepted, symbol)
                    continue
                if not plausible(symbol.format, symbol.text):
                    continue
                first, seen_by = sightings.setdefault((symbol.format, symbol.text), (symbol, set()))
                seen_by.add(step.name)
            for first, seen_by in sightings.values():
                if len(seen_by) >= self.confirmations:
                    _add_unique(accepted, first)
            if accepted:
                return accepted
        return []

    def decode(self, image: ImageSource, *, budget_ms: float | None = None) -> list[Symbol]:
        """Decode any accepted image source (array, PIL image, encoded bytes, path)."""
        return self.decode_gray(load_image(image), budget_ms=budget_ms)

    __call__ = decode


def default_chain(formats: Iterable[str] = PARCEL_FORMATS, *, all_symbols: bool = False) -> DecoderChain:
    """The chain measured best on the reference photos and the degraded labels (see bench).

    By default zxing-cpp first looks for the symbologies of tracking numbers and waybills
    (linear codes and QR) and only then, if it found none, for DataMatrix and PDF417, whose
    detectors cost as much again on a 1280x720 frame. So a label whose Code 128 is read does
    not also return its PDF417. `all_symbols=True` reads every requested symbology in the
    first pass instead: for photos of whole labels, where completeness beats speed.
    """
    fmts = frozenset(formats)
    zx = ZXingDecoder(fmts)
    zb = PyzbarDecoder(fmts)
    fast, slow = fmts & FAST_FORMATS, fmts - FAST_FORMATS
    if all_symbols or not fast or not slow:
        first = [Step(zx)]
    else:
        first = [Step(ZXingDecoder(fast)), Step(ZXingDecoder(slow))]
    steps = [
        *first,
        # pyzbar twice on two different fixes: reads blurred and low-contrast EAN-13 and
        # Code 128 that zxing-cpp misses, and the pair confirms each other.
        Step(zb, pp.clahe()),
        Step(zb, pp.sharpen()),
        Step(zx, pp.then(pp.scale(2.0), pp.clahe())),
        Step(zx, pp.sharpen()),
        # zxing-cpp's linear readers scan rows and columns: labels at 20-70 degrees need these.
        Step(zx, pp.rotate(45)),
        Step(zx, pp.rotate(-45)),
        Step(zx, pp.scale(2.0)),
        Step(zx, pp.binarize()),
    ]
    return DecoderChain(steps, name="default+all" if all_symbols else "default")


_DEFAULT: DecoderChain | None = None


def decode(image: ImageSource, *, chain: DecoderChain | None = None, budget_ms: float | None = None) -> list[Symbol]:
    """Every symbol the (default) chain reads in `image`."""
    global _DEFAULT
    if chain is None:
        if _DEFAULT is None:
            _DEFAULT = default_chain()
        chain = _DEFAULT
    return chain.decode(image, budget_ms=budget_ms)
