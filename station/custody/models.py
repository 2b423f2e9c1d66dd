from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station.db import Base, UTCDateTime


class CustodyEvent(Base):
    """One hand-off or state change. Append-only: database triggers refuse UPDATE and DELETE."""

    __tablename__ = "custody_events"
    __table_args__ = (
        UniqueConstraint("parcel_id", "seq"),
        Index("ix_custody_events_at", "at"),
        Index("ix_custody_events_actor_at", "actor", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"))
    seq: Mapped[int]
    type: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(64))
    gate: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "type": self.type, "actor": self.actor, "gate": self.gate,
            "at": self.at, "details": self.details, "prev_hash": self.prev_hash, "hash": self.hash,
        }


class CustodySeal(Base):
    """A closed local day's root over every custody event of that day (see custody/seal.py).

    The root is keyed with the custody key, which is never stored in the database.
    """

    __tablename__ = "custody_seals"

    day: Mapped[date] = mapped_column(primary_key=True)
    events: Mapped[int]
    root: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime())
