import io
import struct
import zlib

from PIL import Image

from tests.parcels.helpers import intake


def png_header_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge image; the body is a few bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + b"\x00" * 64)


def test_a_photo_of_a_label_is_decoded(client, db):
    code, _, _ = intake(db, "SF1234567890123")
    label = client.get(f"/gate/labels/{code}.png")
    frame = Image.new("L", (1280, 720), 200)
    frame.paste(Image.open(io.BytesIO(label.content)).convert("L"), (300, 150))
    body = io.BytesIO()
    frame.save(body, "JPEG", quality=85)
    response = client.post("/api/v1/frames", content=body.getvalue(), headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 200, response.text
    assert code in {r["text"] for r in response.json()["results"]}


def test_a_non_image_is_refused_with_415(client):
    response = client.post("/api/v1/frames", content=b"%PDF-1.4 not an image", headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 415
    assert "JPEG, PNG or WebP" in response.json()["detail"]


def test_a_truncated_jpeg_is_refused_with_415(client):
    body = io.BytesIO()
    Image.new("L", (640, 480), 128).save(body, "JPEG")
    response = client.post("/api/v1/frames", content=body.getvalue()[:300], headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 415


def test_huge_dimensions_are_refused_without_decoding(client):
    response = client.post("/api/v1/frames", content=png_header_claiming(30000, 30000),
                           headers={"Content-Type": "image/png"})
    assert response.status_code == 413
    assert "30000x30000" in response.json()["detail"]


def test_an_oversized_upload_is_refused_before_it_is_read(client):
    big = b"\xff\xd8\xff" + b"\x00" * (9 * 1024 * 1024)
    response = client.post("/api/v1/frames", content=big, headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 413


def test_frames_need_a_signed_in_gate_volunteer(client):
    response = client.post("/api/v1/frames", content=b"x", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
