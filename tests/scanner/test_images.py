"""Untrusted uploads: typed errors for anything malformed or too big, never a crash."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from scanner import images
from scanner.images import ImageError, ImageTooLarge, UnsupportedImage, decode_upload, header_size, load_image


def encoded(fmt: str, size=(64, 48), mode="L", **params) -> bytes:
    rng = np.random.default_rng(0)
    channels = {"L": (), "RGB": (3,), "RGBA": (4,)}[mode]
    img = Image.fromarray(rng.integers(0, 255, (size[1], size[0], *channels), dtype=np.uint8), mode)
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A well-formed PNG signature and IHDR claiming the size, with a token IDAT."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("fmt", "params", "mode"), [
    ("JPEG", {"quality": 80}, "RGB"),
    ("JPEG", {"quality": 80}, "L"),
    ("PNG", {}, "RGB"),
    ("WEBP", {"quality": 80}, "RGB"),          # lossy: VP8
    ("WEBP", {"lossless": True}, "RGB"),       # VP8L
    ("WEBP", {"quality": 80}, "RGBA"),         # alpha: VP8X
])
def test_header_size_matches_pillow_for_each_type(fmt, params, mode):
    data = encoded(fmt, (123, 45), mode, **params)
    kind, width, height = header_size(data)
    assert (kind, width, height) == (fmt, 123, 45)
    assert decode_upload(data).shape == (45, 123)


def test_jpeg_size_is_found_after_large_metadata_segments():
    data = encoded("JPEG", (80, 60), "RGB")
    app = b"\xff\xe2" + struct.pack(">H", 65535) + b"\0" * 65533  # a 64 KB ICC-like segment
    padded = data[:2] + app + app + data[2:]
    assert header_size(padded) == ("JPEG", 80, 60)
    assert decode_upload(padded).shape == (60, 80)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"\x00", "not a JPEG"),
    (np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8).tobytes(), "not a JPEG"),
    ("parcel list\nSF1234567890123\n".encode(), "not a JPEG"),
    (b"GIF89a" + b"\0" * 100, "not a JPEG"),
    (b"\xff\xd8\xff", "damaged JPEG"),
    (b"\x89PNG\r\n\x1a\n", "damaged PNG"),
    (b"RIFF\0\0\0\0WEBPVP8 ", "damaged WebP"),
], ids=["zero-bytes", "one-byte", "random", "text", "gif", "jpeg-magic-only", "png-magic-only", "webp-magic-only"])
def test_malformed_uploads_are_unsupported(data, message):
    with pytest.raises(UnsupportedImage, match=message) as err:
        decode_upload(data)
    assert err.value.status_code == 415


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_jpeg_is_unsupported_not_a_crash(cut):
    data = encoded("JPEG", (320, 240), "RGB", quality=90)
    with pytest.raises(UnsupportedImage):
        decode_upload(data[: int(len(data) * cut)])


def test_truncated_png_and_webp_are_unsupported():
    for fmt in ("PNG", "WEBP"):
        data = encoded(fmt, (320, 240), "RGB")
        with pytest.raises(UnsupportedImage):
            decode_upload(data[: len(data) // 2])


def test_corrupted_pixel_data_is_unsupported():
    data = bytearray(encoded("PNG", (64, 64), "RGB"))
    data[60:80] = b"\xff" * 20  # inside the IDAT stream: the CRC and zlib both fail
    with pytest.raises(UnsupportedImage):
        decode_upload(bytes(data))


def test_huge_image_is_refused_from_its_header_without_decoding(monkeypatch):
    data = png_header(30000, 30000)
    assert header_size(data) == ("PNG", 30000, 30000)

    def no_decoding(*args, **kwargs):
        raise AssertionError("the pixels of a refused image were opened")

    monkeypatch.setattr(images.Image, "open", no_decoding)
    with pytest.raises(ImageTooLarge, match="30000x30000") as err:
        decode_upload(data, max_pixels=20_000_000)
    assert err.value.status_code == 413
    with pytest.raises(ImageTooLarge):
        decode_upload(data)  # the default limit too


def test_limit_above_pillows_bomb_limit_still_refuses_without_a_warning():
    # filterwarnings=error turns Pillow's DecompressionBombWarning into a failure here.
    with pytest.raises(ImageTooLarge):
        decode_upload(png_header(12000, 12000), max_pixels=10**12)


def test_byte_and_pixel_limits():
    data = encoded("PNG", (200, 100), "L")
    with pytest.raises(ImageTooLarge, match="bytes"):
        decode_upload(data, max_bytes=len(data) - 1)
    with pytest.raises(ImageTooLarge, match="pixels"):
        decode_upload(data, max_pixels=200 * 100 - 1)
    assert decode_upload(data, max_bytes=len(data), max_pixels=200 * 100).shape == (100, 200)


def test_types_can_be_narrowed():
    with pytest.raises(UnsupportedImage, match="WEBP images are not accepted"):
        decode_upload(encoded("WEBP", mode="RGB"), types=("JPEG", "PNG"))


def test_sixteen_bit_png_keeps_its_contrast():
    ramp = (np.arange(256, dtype=np.uint16) * 257)[None, :].repeat(8, axis=0)
    buf = io.BytesIO()
    Image.fromarray(ramp).save(buf, "PNG")  # uint16 -> mode I;16
    gray = decode_upload(buf.getvalue())
    assert gray.dtype == np.uint8 and gray.min() == 0 and gray.max() == 255


def test_load_image_errors(tmp_path):
    missing = tmp_path / "missing.jpg"
    with pytest.raises(UnsupportedImage, match="cannot read"):
        load_image(missing)
    with pytest.raises(UnsupportedImage, match="uint8"):
        load_image(np.zeros((10, 10), np.float32))
    with pytest.raises(UnsupportedImage, match="shape"):
        load_image(np.zeros((10, 10, 2), np.uint8))
    with pytest.raises(TypeError):
        load_image(12345)


@settings(max_examples=150, deadline=None)
@given(
    magic=st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"RIFF\x00\x00\x00\x00WEBPVP8 ",
                           b"RIFF\x00\x00\x00\x00WEBPVP8L", b"RIFF\x00\x00\x00\x00WEBPVP8X", b""]),
    tail=st.binary(max_size=300),
)
def test_arbitrary_bytes_never_escape_as_anything_but_image_error(magic, tail):
    try:
        decode_upload(magic + tail, max_pixels=4_000_000)
    except ImageError:
        pass
