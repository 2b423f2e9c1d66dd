"""The frame endpoint: the fallback decoder for the gate page's webcam and for phone photos.

The page decodes frames itself (zxing-wasm); this endpoint takes a JPEG, PNG or WebP body,
checked by magic bytes, size and pixel count before it is decoded.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from scanner import images
from scanner.chain import decode
from station.catalogue import gate as gate_text
from station.errors import StationError
from station.web.auth import Actor, Allowed
from station.web.deps import SettingsDep

api = APIRouter(prefix="/api/v1", tags=["gate"])


class UnsupportedMedia(StationError):
    status_code = 415


class PayloadTooLarge(StationError):
    status_code = 413


class FrameResult(BaseModel):
    format: str
    text: str
    decoder: str


class FrameOut(BaseModel):
    results: list[FrameResult]
    ms: float


def decode_frame(data: bytes, *, max_bytes: int, max_pixels: int) -> FrameOut:
    started = time.perf_counter()
    try:
        gray = images.decode_upload(data, max_bytes=max_bytes, max_pixels=max_pixels)
    except images.ImageTooLarge as exc:
        raise PayloadTooLarge(str(exc)) from None
    except images.ImageError as exc:
        raise UnsupportedMedia(gate_text.NOT_AN_IMAGE(problem=str(exc))) from None
    symbols = decode(gray)
    return FrameOut(results=[FrameResult(format=s.format, text=s.text, decoder=s.decoder) for s in symbols],
                    ms=round((time.perf_counter() - started) * 1000, 2))


@api.post("/frames", response_model=FrameOut,
          openapi_extra={"requestBody": {"required": True, "content": {
              "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
              "image/png": {"schema": {"type": "string", "format": "binary"}},
              "image/webp": {"schema": {"type": "string", "format": "binary"}}}}})
async def frames(request: Request, settings: SettingsDep,
                 _actor: Annotated[Actor, Allowed("parcel:receive")]) -> FrameOut:
    """Decode the barcodes in one camera frame or photo (the body is the image itself)."""
    data = await request.body()
    return await run_in_threadpool(decode_frame, data, max_bytes=settings.max_upload_bytes,
                                   max_pixels=settings.max_upload_pixels)
