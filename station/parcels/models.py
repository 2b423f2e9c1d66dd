from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from station.catalogue import Said
from station.db import Base, KeptMessage, UTCDateTime

ACTIVE_SLOT = text("slot IS NOT NULL")


class Parcel(Base):
    """An item that crossed the gate. `status` caches the fold of its custody events."""

    __tablename__ = "parcels"
    __table_args__ = (
        # A shelf slot holds one item at a time: the database, not the code, settles two gates
        # sorting into the same slot at once.
        Index("uq_parcels_active_slot", "zone", "shelf", "slot", unique=True,
              sqlite_where=ACTIVE_SLOT, postgresql_where=ACTIVE_SLOT),
        Index("ix_parcels_status_building", "status", "building"),
        Index("ix_parcels_household", "household_id"),
        Index("ix_parcels_received_at", "received_at"),
        Index("ix_parcels_pickup_code", "pickup_code"),
        # A collection code is never issued twice: the database, not the draw, settles it.
        Index("uq_parcels_collection_code", "collection_code", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    tracking_number: Mapped[str | None] = mapped_column(String(64))
    carrier: Mapped[str | None] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(16))
    building: Mapped[str | None] = mapped_column(String(8))
    unit: Mapped[int | None]
    room: Mapped[str | None] = mapped_column(String(8))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    zone: Mapped[str] = mapped_column(String(8))
    shelf: Mapped[int]
    slot: Mapped[int | None]
    pickup_code: Mapped[str] = mapped_column(String(20))  # the shelf position: finds the item, proves nothing
    collection_code: Mapped[str] = mapped_column(String(8))  # the household's own code (station.codes)
    status: Mapped[str] = mapped_column(String(24))
    priority: Mapped[int] = mapped_column(default=0)
    unresolved_reason: Mapped[Said | None] = mapped_column(KeptMessage())  # why it waits in UNRES
    gate: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    dwell_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))

    aliases: Mapped[list[Alias]] = relationship(back_populates="parcel", order_by="Alias.id")

    @property
    def destination(self) -> str | None:
        if self.building is None:
            return None
        return f"{self.building}-{self.unit}-{self.room}"


class Alias(Base):
    """Every barcode seen on a parcel, so a scan of any of them finds it."""

    __tablename__ = "aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(200), unique=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    parcel: Mapped[Parcel] = relationship(back_populates="aliases")


class IdempotencyKey(Base):
    """The answer given to a client request, so a retry after a lost answer gets it again."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(40))
    request_digest: Mapped[str | None] = mapped_column(String(64))  # None on rows older than 0007
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
