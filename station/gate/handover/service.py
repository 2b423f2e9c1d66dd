"""Courier hand-over: open, scan continuously, close with a receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.catalogue import Said, at
from station.catalogue import gate as text
from station.db import get_or_not_found
from station.errors import Conflict, InvalidInput
from station.gate.handover.models import Handover, HandoverItem
from station.parcels import service as parcels
from station.parcels.models import Parcel
from station.site import Site


def open_handover(session: Session, *, site: Site, courier_name: str, carrier: str | None,
                  gate: str | None, actor: str, now: datetime) -> Handover:
    site.check_gate(gate)
    name = (courier_name or "").strip()
    if not name:
        raise InvalidInput(text.COURIER_NEEDED, field="courier_name")
    handover = Handover(courier_name=name[:64], carrier=(carrier or "").strip()[:32] or None,
                        gate=gate, opened_by=actor, opened_at=now)
    session.add(handover)
    session.flush()
    return handover


def get_handover(session: Session, handover_id: int) -> Handover:
    return get_or_not_found(session, Handover, handover_id, text.NO_HANDOVER(number=handover_id))


@dataclass(frozen=True)
class HandoverScan:
    parcel: Parcel
    count: int
    duplicate_in_batch: bool
    already_recorded: bool
    message: Said


def scan_into(session: Session, handover: Handover, *, site: Site, scan: str, destination: str | None,
              category: str | None, actor: str, now: datetime) -> HandoverScan:
    """Take one item of the batch in; items without a known destination wait in UNRES for sorting."""
    if handover.closed_at is not None:
        raise Conflict(text.HANDOVER_CLOSED(number=handover.id, time=at(handover.closed_at, site.timezone)))
    if not parcels.normalise_scan(scan):
        raise InvalidInput(text.NOTHING_SCANNED, field="scan")
    result = parcels.intake_parcel(session, site=site, scan=scan, destination=destination,
                                   category=category, gate=handover.gate, actor=actor, now=now,
                                   note=text.HANDOVER_NOTE(number=handover.id, courier=handover.courier_name),
                                   expected_carrier=handover.carrier)
    in_batch = session.scalars(select(HandoverItem).where(
        HandoverItem.handover_id == handover.id, HandoverItem.parcel_id == result.parcel.id)).first()
    if in_batch is None:
        session.add(HandoverItem(handover_id=handover.id, parcel_id=result.parcel.id, scanned_at=now,
                                 already_recorded=result.duplicate))
        session.flush()
    count = session.scalar(select(func.count(HandoverItem.id)).where(
        HandoverItem.handover_id == handover.id)) or 0
    if in_batch is not None:
        message = text.TWICE_IN_HANDOVER()
    elif result.duplicate:
        message = text.COUNTED_ALREADY(already=result.message)
    else:
        message = text.COUNTED(pickup_code=result.parcel.pickup_code)
    return HandoverScan(result.parcel, count, in_batch is not None, result.duplicate, message)


def close_handover(session: Session, handover: Handover, *, actor: str, now: datetime) -> Handover:
    if handover.closed_at is not None:
        return handover
    handover.closed_by, handover.closed_at = actor, now
    return handover
