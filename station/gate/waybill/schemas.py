"""The answer to a waybill frame."""

from __future__ import annotations

from pydantic import BaseModel

from station.catalogue.locale import Sentence


class WaybillOut(BaseModel):
    destination: str | None  # only when sure; else the candidates
    candidates: list[str]
    confidence: float
    recipient: list[str]  # the recipient lines as read
    reason: Sentence | None
    ms: float
    stale: bool = False  # a newer frame from the same gate came first: this one was not read
