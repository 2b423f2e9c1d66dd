"""Indexes the dashboard and the audit trail read by (the tables belong to other packages)."""

from __future__ import annotations

from sqlalchemy import Index

from station.custody.models import CustodyEvent
from station.parcels.models import Parcel

# Hand-overs per hour and per day, and problems of a day: custody events by type within a
# time range, without reading every event of the day.
EVENTS_BY_TYPE_AND_TIME = Index("ix_custody_events_type_at", CustodyEvent.type, CustodyEvent.at)
# The audit trail of a room (10-2-301) lists its parcels, rostered household or not.
PARCELS_BY_ROOM = Index("ix_parcels_building_unit_room", Parcel.building, Parcel.unit, Parcel.room)
