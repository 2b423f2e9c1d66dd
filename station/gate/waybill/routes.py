"""The waybill endpoint: one frame from the gate page, answered with the destination it names."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from scanner import images
from station.catalogue import gate as gate_text
from station.errors import Conflict
from station.gate.frames.routes import PayloadTooLarge, UnsupportedMedia
from station.gate.waybill.reader import GateTurns, read_image
from station.gate.waybill.schemas import WaybillOut
from station.gate.waybill.service import waybill_directory
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SettingsDep, SiteDep

api = APIRouter(prefix="/api/v1", tags=["gate"])
turns = GateTurns()
_IMAGE = {"schema": {"type": "string", "format": "binary"}}


def _decode(data: bytes, max_bytes: int, max_pixels: int):
    try:
        return images.decode_upload(data, max_bytes=max_bytes, max_pixels=max_pixels)
    except images.ImageTooLarge as exc:
        raise PayloadTooLarge(str(exc)) from None
    except images.ImageError as exc:
        raise UnsupportedMedia(gate_text.NOT_AN_IMAGE(problem=str(exc))) from None


@api.post("/waybill", response_model=WaybillOut, openapi_extra={"requestBody": {"required": True, "content": {
    "image/jpeg": _IMAGE, "image/png": _IMAGE, "image/webp": _IMAGE}}})
async def waybill(request: Request, db: DbDep, site: SiteDep, settings: SettingsDep,
                  _actor: Annotated[Actor, Allowed("parcel:receive")],
                  gate: Annotated[str, Query(max_length=32)] = "main") -> WaybillOut:
    """Read the recipient's destination off one photo of a waybill (the body is the image)."""
    if not settings.waybill_reading:
        raise Conflict(gate_text.WAYBILL_OFF)
    gray = await run_in_threadpool(_decode, await request.body(), settings.max_upload_bytes,
                                   settings.max_upload_pixels)
    with db.read() as session:
        directory, compound = waybill_directory(session, site)
    read = await turns.run(gate, read_image, gray, directory, compound)
    if read is None:
        return WaybillOut(destination=None, candidates=[], confidence=0.0, recipient=[], reason=None, ms=0.0,
                          stale=True)
    return WaybillOut(**read)
