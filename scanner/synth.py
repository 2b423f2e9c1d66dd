"""Generated labels photographed badly: the synthetic half of the benchmark and test fixtures.

Code 128 module strings come from python-barcode and QR matrices from qrcode, so neither depends
on the decoders under test. Each sample is a 1280x720 gray frame: a white label with some text
on a cardboard-like background, placed by a perspective warp, then degraded the way a webcam at
a gate degrades it (blur, noise, low light, JPEG, rotation, perspective).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import barcode
import cv2
import numpy as np
import qrcode

from scanner.symbols import CODE128, QR

FRAME_SIZE = (1280, 720)
OVERSAMPLE = 4  # labels are drawn at 4x and warped down, so module edges fall between pixels


def code128_modules(text: str) -> str:
    """The bar/space modules of a Code 128 symbol ('1' = bar), without quiet zones."""
    return barcode.get_barcode_class("code128")(text, writer=None).build()[0]


def render_code128(text: str, *, module_px: int = 2, height: int = 80, quiet: int = 12) -> np.ndarray:
    """A clean Code 128 symbol, black on white, `module_px` pixels per module."""
    modules = "0" * quiet + code128_modules(text) + "0" * quiet
    row = np.array([0 if m == "1" else 255 for m in modules], dtype=np.uint8)
    return np.ascontiguousarray(np.repeat(row, module_px)[None, :].repeat(height, axis=0))


def render_qr(text: str, *, module_px: int = 4, border: int = 4) -> np.ndarray:
    """A clean QR symbol (error correction M), black on white."""
    code = qrcode.QRCode(border=border, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = np.array(code.get_matrix(), dtype=bool)
    img = np.where(matrix, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.kron(img, np.ones((module_px, module_px), dtype=np.uint8)))


def render(fmt: str, text: str, *, module_px: int) -> np.ndarray:
    if fmt == CODE128:
        return render_code128(text, module_px=module_px, height=40 * module_px)
    if fmt == QR:
        return render_qr(text, module_px=module_px)
    raise ValueError(f"cannot render {fmt}")


def _background(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    coarse = rng.normal(0, 1, (h // 40 + 2, w // 40 + 2)).astype(np.float32)
    smooth = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    fine = cv2.GaussianBlur(rng.normal(0, 4, (h, w)).astype(np.float32), (0, 0), 0.8)
    base = rng.uniform(110, 170)
    return np.clip(base + 14 * smooth + fine, 0, 255).astype(np.float32)


def _label(symbol: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The symbol on white paper with a few lines of 'text' above and below."""
    sh, sw = symbol.shape
    margin = max(16, sw // 12)
    text_band = max(24, sh // 3)
    h, w = sh + 2 * margin + 2 * text_band, sw + 2 * margin
    paper = np.full((h, w), rng.uniform(225, 250), dtype=np.float32)
    for band_top in (margin // 2, h - margin // 2 - text_band):
        y = band_top
        while y + 6 < band_top + text_band:
            x = margin
            line_h = int(rng.integers(4, 8))
            while x < w - margin:
                word = int(rng.integers(6, 40))
                paper[y : y + line_h, x : min(x + word, w - margin)] = rng.uniform(20, 80)
                x += word + int(rng.integers(4, 12))
            y += line_h + int(rng.integers(4, 9))
    paper[margin + text_band : margin + text_band + sh, margin : margin + sw] = symbol
    return paper


def _place(
    label: np.ndarray,
    rng: np.random.Generator,
    *,
    size: tuple[int, int],
    angle: float,
    skew: float,
) -> np.ndarray:
    """Warp the (oversampled) label into a frame at `angle` degrees with corner jitter `skew`."""
    w, h = size
    lh, lw = label.shape
    out_w, out_h = lw / OVERSAMPLE, lh / OVERSAMPLE
    theta = np.deg2rad(angle)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    half = np.array([[-out_w, -out_h], [out_w, -out_h], [out_w, out_h], [-out_w, out_h]]) / 2
    corners = half @ rot.T
    extent = corners.max(axis=0) - corners.min(axis=0)
    room = np.maximum(np.array([w, h]) - extent, 0)
    centre = np.array([w, h]) / 2 + (rng.uniform(-0.5, 0.5, 2) * room * 0.8)
    jitter = rng.uniform(-skew, skew, (4, 2)) * np.array([out_w, out_h])
    dst = (corners + centre + jitter).astype(np.float32)
    src = np.array([[0, 0], [lw, 0], [lw, lh], [0, lh]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    # Pre-blur against aliasing when shrinking by OVERSAMPLE.
    soft = cv2.GaussianBlur(label, (0, 0), OVERSAMPLE * 0.45)
    frame = _background(rng, size)
    warped = cv2.warpPerspective(soft, matrix, size, flags=cv2.INTER_LINEAR, borderValue=-1.0)
    mask = cv2.warpPerspective(np.ones_like(soft), matrix, size, flags=cv2.INTER_LINEAR)
    return frame * (1 - mask) + warped * mask


def photograph(
    fmt: str,
    text: str,
    *,
    seed: int,
    module_px: float = 3.0,
    angle: float = 0.0,
    skew: float = 0.02,
    size: tuple[int, int] = FRAME_SIZE,
) -> np.ndarray:
    """A 1280x720 float frame of a label carrying one symbol (no degradation yet)."""
    rng = np.random.default_rng(seed)
    symbol = render(fmt, text, module_px=max(1, int(round(module_px * OVERSAMPLE))))
    return _place(_label(symbol, rng), rng, size=size, angle=angle, skew=skew)


def empty_frame(*, seed: int, size: tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """A frame with a printed label but no symbol: any decode is a false positive."""
    rng = np.random.default_rng(seed)
    blank = np.full((60 * OVERSAMPLE, 300 * OVERSAMPLE), 240, dtype=np.uint8)
    return _place(_label(blank, rng), rng, size=size, angle=float(rng.uniform(-20, 20)), skew=0.05)


# --- degradations: float frame in, float frame out --------------------------------------------

def blur(frame: np.ndarray, rng: np.random.Generator, level: int) -> np.ndarray:
    """Out of focus (Gaussian) plus a little motion along a random direction."""
    sigma = (0.9, 1.3, 1.7)[level]
    out = cv2.GaussianBlur(frame, (0, 0), sigma)
    length = (3, 4, 5)[level]
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0 / length
    rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
    kernel = cv2.warpAffine(kernel, rot, (length, length))
    return cv2.filter2D(out, -1, kernel / max(kernel.sum(), 1e-6))


def sensor(frame: np.ndarray, rng: np.random.Generator, sd: float = 2.5) -> np.ndarray:
    """The noise every webcam adds; the reference photos measure 0.8-2.8 (Immerkaer sigma)."""
    return frame + rng.normal(0, sd, frame.shape).astype(np.float32)


def noise(frame: np.ndarray, rng: np.random.Generator, level: int) -> np.ndarray:
    """Much more noise than that: dim light and high gain."""
    return sensor(frame, rng, (10, 20, 32)[level])


def low_light(frame: np.ndarray, rng: np.random.Generator, level: int) -> np.ndarray:
    """Dark and noisy, with a gradient: a gate at night under one lamp."""
    gain = (0.35, 0.2, 0.12)[level]
    h, w = frame.shape
    ramp = np.linspace(1.0, 0.45, w, dtype=np.float32)[None, :]
    dark = frame * gain * ramp + 6
    return dark + rng.normal(0, 3 + 2 * level, frame.shape).astype(np.float32)


def jpeg(frame: np.ndarray, rng: np.random.Generator, level: int) -> np.ndarray:
    quality = (30, 15, 8)[level]
    ok, buf = cv2.imencode(".jpg", np.clip(frame, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE).astype(np.float32)


def finish(frame: np.ndarray) -> np.ndarray:
    return np.clip(frame, 0, 255).astype(np.uint8)


@dataclass(frozen=True, slots=True)
class Sample:
    """One benchmark image: what it carries and how it was made."""

    name: str
    format: str  # CODE128, QR or NONE
    text: str
    image: np.ndarray
    degradation: str


CODE128_TEXTS = ("SF1234567890123", "YT2301234567890", "JT3012345678901", "1Z999AA10123456784")
QR_TEXTS = ("https://t.example/p/SF1234567890123", "PARCEL 7Q4K-93 B12-1-0402", "JD0012345678901-1-1-")

Degrade = Callable[[np.ndarray, np.random.Generator, int], np.ndarray]


def degraded_set(*, seed: int = 20220401, levels: tuple[int, ...] = (0, 1, 2)) -> Iterator[Sample]:
    """Clean, blurred, noisy, dark, JPEG-damaged, rotated and skewed labels, plus empty frames."""
    rng = np.random.default_rng(seed)
    simple: dict[str, Degrade] = {"blur": blur, "noise": noise, "low_light": low_light, "jpeg": jpeg}
    n = 0
    for fmt, texts, module in ((CODE128, CODE128_TEXTS, 2.6), (QR, QR_TEXTS, 4.0)):
        for text in texts:
            n += 1
            frame = photograph(fmt, text, seed=n, module_px=module)
            yield Sample(f"{fmt}-{n}-clean", fmt, text, finish(sensor(frame, rng)), "clean")
            for kind, fn in simple.items():
                for level in levels:
                    n += 1
                    frame = photograph(fmt, text, seed=n, module_px=module, angle=float(rng.uniform(-8, 8)))
                    # Sensor noise comes after the optics and the light, before the compression.
                    if kind == "jpeg":
                        frame = sensor(frame, rng)
                    frame = fn(frame, rng, level)
                    if kind in ("blur", "low_light"):
                        frame = sensor(frame, rng)
                    yield Sample(f"{fmt}-{n}-{kind}{level}", fmt, text, finish(frame), kind)
            for level in levels:
                n += 1
                angle = (float(rng.uniform(20, 40)), float(rng.uniform(40, 60)), float(rng.uniform(60, 85)))[level]
                frame = photograph(fmt, text, seed=n, module_px=module, angle=angle * rng.choice([-1, 1]))
                yield Sample(f"{fmt}-{n}-rotation{level}", fmt, text, finish(sensor(frame, rng)), "rotation")
            for level in levels:
                n += 1
                skew = (0.12, 0.2, 0.28)[level]
                frame = photograph(fmt, text, seed=n, module_px=module, angle=float(rng.uniform(-10, 10)), skew=skew)
                yield Sample(f"{fmt}-{n}-perspective{level}", fmt, text, finish(sensor(frame, rng)), "perspective")
            for level in levels:
                # Everything at once, mildly: a phone held by a tired volunteer.
                n += 1
                frame = photograph(fmt, text, seed=n, module_px=module, angle=float(rng.uniform(-30, 30)), skew=0.1)
                frame = jpeg(noise(blur(frame, rng, level), rng, 0), rng, level)
                yield Sample(f"{fmt}-{n}-combined{level}", fmt, text, finish(frame), "combined")
    for i in range(8):
        n += 1
        frame = empty_frame(seed=n)
        yield Sample(f"NONE-{n}", "NONE", "", finish(noise(frame, rng, 0) if i % 2 else sensor(frame, rng)), "none")


def frame_with_code128(text: str = "SF1234567890123", *, seed: int = 7) -> np.ndarray:
    """The timing reference: one Code 128 in a 1280x720 webcam frame, slightly out of focus,
    with the sensor noise of the reference phone photo (sigma 2.8)."""
    rng = np.random.default_rng(seed)
    frame = photograph(CODE128, text, seed=seed, module_px=3.0, angle=3.0)
    return finish(sensor(blur(frame, rng, 0), rng, 2.8))
