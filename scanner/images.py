"""Turn what callers hand us (arrays, PIL images, encoded bytes, paths) into a grayscale array.

Uploads are untrusted: `decode_upload` checks the type by magic bytes, the byte size and the
pixel count read from the file header before any pixel is decoded, and turns every failure into
`UnsupportedImage` (HTTP 415) or `ImageTooLarge` (HTTP 413).
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

JPEG = "JPEG"
PNG = "PNG"
WEBP = "WEBP"
UPLOAD_TYPES: tuple[str, ...] = (JPEG, PNG, WEBP)

# A 48 MP phone photo is 8000x6000; beyond that nobody photographs a parcel label.
DEFAULT_MAX_PIXELS = 50_000_000
DEFAULT_MAX_BYTES = 25 * 1024 * 1024


class ImageError(ValueError):
    """An image we will not decode; `status_code` is the HTTP answer it deserves."""

    status_code = 400


class UnsupportedImage(ImageError):
    """Not a JPEG, PNG or WebP image, or a damaged one."""

    status_code = 415


class ImageTooLarge(ImageError):
    """Too many bytes or too many pixels."""

    status_code = 413


def sniff_type(data: bytes) -> str | None:
    """The image type from the magic bytes: JPEG, PNG, WEBP or None."""
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


def _png_size(data: bytes) -> tuple[int, int]:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise UnsupportedImage("damaged PNG: no IHDR header")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# SOF0..SOF15 without DHT (C4), JPG (C8) and DAC (CC), which share the range.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})


def _jpeg_size(data: bytes) -> tuple[int, int]:
    pos = 2
    end = len(data)
    while pos < end:
        if data[pos] != 0xFF:
            raise UnsupportedImage("damaged JPEG: bad segment marker")
        while pos < end and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= end:
            break
        marker = data[pos]
        pos += 1
        if marker in _JPEG_STANDALONE:
            continue
        if marker in (0xD9, 0xDA):  # end of image or start of scan before any frame header
            break
        if pos + 2 > end:
            break
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2:
            raise UnsupportedImage("damaged JPEG: bad segment length")
        if marker in _JPEG_SOF:
            if pos + 7 > end:
                break
            height, width = struct.unpack(">HH", data[pos + 3 : pos + 7])
            return width, height
        pos += length
    raise UnsupportedImage("damaged JPEG: no frame header")


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    body = data[20:]
    if chunk == b"VP8X" and len(body) >= 10:
        width = 1 + int.from_bytes(body[4:7], "little")
        height = 1 + int.from_bytes(body[7:10], "little")
        return width, height
    if chunk == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", body[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        bits = int.from_bytes(body[1:5], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    raise UnsupportedImage("damaged WebP: no VP8/VP8L/VP8X header")


def header_size(data: bytes) -> tuple[str, int, int]:
    """(type, width, height) from the header alone, without decoding pixels."""
    kind = sniff_type(data)
    if kind is None:
        raise UnsupportedImage("not a JPEG, PNG or WebP image")
    reader = {JPEG: _jpeg_size, PNG: _png_size, WEBP: _webp_size}[kind]
    width, height = reader(data)
    if width <= 0 or height <= 0:
        raise UnsupportedImage(f"damaged {kind}: size {width}x{height}")
    return kind, width, height


def decode_upload(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    types: tuple[str, ...] = UPLOAD_TYPES,
) -> np.ndarray:
    """Decode untrusted image bytes to a grayscale uint8 array, or raise an `ImageError`."""
    if not data:
        raise UnsupportedImage("empty upload")
    if len(data) > max_bytes:
        raise ImageTooLarge(f"image is {len(data)} bytes, the limit is {max_bytes}")
    data = data if isinstance(data, bytes) else bytes(data)
    kind, width, height = header_size(data)
    if kind not in types:
        raise UnsupportedImage(f"{kind} images are not accepted here")
    # Never above Pillow's own bomb limit: it would warn or raise on its own terms.
    limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
    if width * height > limit:
        raise ImageTooLarge(f"image is {width}x{height} pixels, the limit is {limit} pixels")
    try:
        with Image.open(io.BytesIO(data), formats=[kind]) as im:
            # The header we parsed and the one Pillow trusts must agree before decoding.
            if im.size[0] * im.size[1] > limit:
                raise ImageTooLarge(f"image is {im.size[0]}x{im.size[1]} pixels")
            return pil_to_gray(im)
    except ImageError:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    # Decoders of damaged files fail with whatever their parser hits (OSError, SyntaxError,
    # struct.error, ValueError, IndexError, ...): all of them mean the same to the uploader.
    except Exception as exc:
        raise UnsupportedImage(f"damaged or truncated {kind} image: {exc}") from exc


def pil_to_gray(im: Image.Image) -> np.ndarray:
    """A PIL image as a grayscale uint8 array; transparency composited on white."""
    if im.format == JPEG and im.mode not in ("L", "1"):
        # Lets libjpeg decode luminance only: cheaper than decoding colour then dropping it.
        im.draft("L", im.size)
    if im.mode.startswith("I;16"):
        # Pillow's convert("L") clips 16-bit samples instead of scaling them: all white.
        return np.ascontiguousarray((np.asarray(im, dtype=np.uint16) >> 8).astype(np.uint8))
    if "A" in im.getbands() or "transparency" in im.info:
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    return np.ascontiguousarray(np.asarray(im.convert("L"), dtype=np.uint8))


def array_to_gray(array: np.ndarray) -> np.ndarray:
    """A uint8 array (gray, BGR or BGRA, as OpenCV gives them) as a contiguous gray array."""
    if array.dtype == np.bool_:
        array = array.astype(np.uint8) * 255
    if array.dtype != np.uint8:
        raise UnsupportedImage(f"expected a uint8 image array, got {array.dtype}")
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim == 2:
        return np.ascontiguousarray(array)
    if array.ndim == 3 and array.shape[2] == 3:
        return cv2.cvtColor(array, cv2.COLOR_BGR2GRAY)
    if array.ndim == 3 and array.shape[2] == 4:
        return cv2.cvtColor(array, cv2.COLOR_BGRA2GRAY)
    raise UnsupportedImage(f"expected a gray, BGR or BGRA image array, got shape {array.shape}")


ImageSource = Any  # np.ndarray | PIL.Image.Image | bytes | bytearray | memoryview | str | os.PathLike


def load_image(
    source: ImageSource,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> np.ndarray:
    """Any accepted image source as a grayscale uint8 array.

    Arrays are taken as OpenCV gives them (gray, BGR, BGRA); encoded bytes and files go through
    the same checks as uploads.
    """
    if isinstance(source, np.ndarray):
        return array_to_gray(source)
    if isinstance(source, Image.Image):
        return pil_to_gray(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return decode_upload(bytes(source), max_bytes=max_bytes, max_pixels=max_pixels)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise ImageTooLarge(f"{path} is {size} bytes, the limit is {max_bytes}")
            data = path.read_bytes()
        except OSError as exc:
            raise UnsupportedImage(f"cannot read {path}: {exc.strerror or exc}") from exc
        return decode_upload(data, max_bytes=max_bytes, max_pixels=max_pixels)
    raise TypeError(f"cannot read an image from {type(source).__name__}")
