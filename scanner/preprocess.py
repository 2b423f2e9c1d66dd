"""Cheap image fixes tried when the plain image gave nothing.

Each returns the new image and the 2x3 affine matrix that maps its pixel coordinates back to
the input's, so positions are always reported in the caller's image.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

Transform = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
IDENTITY = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


@dataclass(frozen=True, slots=True)
class Prep:
    """A named image transform."""

    name: str
    apply: Transform

    def __call__(self, gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.apply(gray)


def _same(fn: Callable[[np.ndarray], np.ndarray]) -> Transform:
    return lambda gray: (fn(gray), IDENTITY)


def _compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """inner maps stage-2 coordinates to stage-1, outer stage-1 to the original."""
    a = np.vstack([outer, [0, 0, 1]])
    b = np.vstack([inner, [0, 0, 1]])
    return (a @ b)[:2]


def then(first: Prep, second: Prep) -> Prep:
    """`first` then `second`."""

    def apply(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        img1, m1 = first(gray)
        img2, m2 = second(img1)
        return img2, _compose(m1, m2)

    return Prep(f"{first.name}+{second.name}", apply)


def identity() -> Prep:
    return Prep("gray", lambda gray: (gray, IDENTITY))


def clahe(clip: float = 2.0, tile: int = 8) -> Prep:
    """Local contrast: lifts a label in shadow or under a glare gradient."""
    # CLAHE objects are not thread-safe; one per call costs microseconds.
    return Prep("clahe", _same(lambda g: cv2.createCLAHE(clip, (tile, tile)).apply(g)))


def sharpen(sigma: float = 2.0, amount: float = 0.8) -> Prep:
    """Unsharp mask: steepens blurred bar edges."""
    return Prep(
        "sharpen",
        _same(lambda g: cv2.addWeighted(g, 1 + amount, cv2.GaussianBlur(g, (0, 0), sigma), -amount, 0)),
    )


def scale(factor: float, *, max_side: int = 4096) -> Prep:
    """Resize by `factor` (upscaling small symbols helps more than anything else), capped."""

    def apply(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        f = min(factor, max_side / max(gray.shape[:2]))
        if abs(f - 1.0) < 1e-3:
            return gray, IDENTITY
        interp = cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA
        out = cv2.resize(gray, None, fx=f, fy=f, interpolation=interp)
        return out, np.array([[1 / f, 0, 0], [0, 1 / f, 0]])

    return Prep(f"scale{factor:g}", apply)


def rotate(degrees: float) -> Prep:
    """Rotate on an enlarged canvas; helps zbar, which scans rows and columns only."""

    def apply(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        h, w = gray.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
        cos, sin = abs(m[0, 0]), abs(m[0, 1])
        nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
        m[0, 2] += nw / 2 - w / 2
        m[1, 2] += nh / 2 - h / 2
        out = cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        return out, cv2.invertAffineTransform(m)

    return Prep(f"rot{degrees:g}", apply)


def binarize(block: int = 31, offset: int = 5) -> Prep:
    """Adaptive threshold: uneven light on a crumpled bag."""
    return Prep(
        "binarize",
        _same(lambda g: cv2.adaptiveThreshold(
            g, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, offset
        )),
    )


def pad(pixels: int = 32) -> Prep:
    """A white border: symbols cropped to their edge lack the quiet zone decoders need."""

    def apply(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = cv2.copyMakeBorder(gray, pixels, pixels, pixels, pixels, cv2.BORDER_CONSTANT, value=255)
        return out, np.array([[1.0, 0, -pixels], [0, 1.0, -pixels]])

    return Prep("pad", apply)


def map_points(points: tuple[tuple[int, int], ...], matrix: np.ndarray) -> tuple[tuple[int, int], ...]:
    """Points of a preprocessed image in the original's coordinates."""
    if matrix is IDENTITY or not points:
        return points
    arr = np.hstack([np.asarray(points, dtype=float), np.ones((len(points), 1))])
    mapped = arr @ matrix.T
    return tuple((int(round(x)), int(round(y))) for x, y in mapped)
