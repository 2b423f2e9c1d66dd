"""Releases at the gate: what a collection code or a household card names, and the item to hand over.

A wrong or stale code names nothing and says nothing about other items: the answer is the same
"no item waits for this code" whether the code never existed or its item left long ago.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station import codes
from station.custody import states
from station.catalogue import residents as residents_text
from station.errors import InvalidInput, NotFound
from station.parcels import service as parcels
from station.parcels.models import Parcel
from station.residents.models import Household
from station.residents.pickup.schemas import OfferItem, OfferOut
from station.residents.privacy import mask_name, mask_phone
from station.timefmt import hhmm

NOTHING_WAITS = residents_text.NOTHING_WAITS
NAME_THE_ITEM = residents_text.NAME_THE_ITEM
MAX_ITEMS = 50


def by_collection_code(session: Session, text: str) -> Parcel | None:
    """The item a collection code names, while it has not been handed over."""
    code = codes.collection_code_of(text)
    if code is None:
        return None
    parcel = session.scalars(select(Parcel).where(Parcel.collection_code == code)).first()
    return parcel if parcel is not None and parcel.status not in states.FINAL else None


def household_by_card(session: Session, text: str) -> Household | None:
    code = (text or "").strip().upper()
    if not codes.is_code(code, codes.HOUSEHOLD_PREFIX):
        return None
    return session.scalars(select(Household).where(Household.code == code)).first()


def offer(session: Session, *, text: str, timezone: str, now: datetime) -> OfferOut | None:
    """Whose item(s) a scanned code or card names, or None when it is neither."""
    household = household_by_card(session, text)
    if household is not None:
        items = list(session.scalars(
            select(Parcel).where(Parcel.household_id == household.id, Parcel.status.not_in(sorted(states.FINAL)))
            .order_by(Parcel.received_at).limit(MAX_ITEMS)))
        method = states.VerificationMethod.household_code
    else:
        parcel = by_collection_code(session, text)
        if parcel is None:
            return None
        items = [parcel]
        household = session.get(Household, parcel.household_id) if parcel.household_id else None
        method = states.VerificationMethod.collection_code
    phone = household.phone if household else None
    return OfferOut(
        method=method, room=household.destination if household else (items[0].destination or ""),
        name=mask_name(household.name) if household else "", phone=mask_phone(phone),
        items=[_item(p, phone=phone, timezone=timezone, now=now) for p in items])


def _item(parcel: Parcel, *, phone: str | None, timezone: str, now: datetime) -> OfferItem:
    in_dwell = parcel.dwell_until is not None and parcel.dwell_until > now
    ready = parcel.status == states.SHELVED and not in_dwell
    why_not, ready_at = None, None
    if parcel.status != states.SHELVED:
        why_not = states.status_word(parcel.status)
    elif in_dwell:
        ready_at = hhmm(parcel.dwell_until, timezone)
        why_not = residents_text.IN_DWELL_UNTIL(time=ready_at)
    return OfferItem(parcel=parcel.code, tracking_number=parcel.tracking_number, category=parcel.category,
                     pickup_code=parcel.pickup_code, status=parcel.status, ready=ready, why_not=why_not,
                     ready_at=ready_at,
                     needs_phone_tail=states.needs_verification(parcel.category) and bool(phone))


def item_to_release(session: Session, *, key: str | None, method: str, value: str) -> Parcel:
    """The item a release names: by the collection code itself, or by a key checked against the code shown."""
    if key:
        return parcels.get_parcel(session, key)
    if method != states.VerificationMethod.collection_code:
        raise InvalidInput(NAME_THE_ITEM, field="parcel")
    parcel = by_collection_code(session, value)
    if parcel is None:
        raise NotFound(NOTHING_WAITS)
    return parcel
