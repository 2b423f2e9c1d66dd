from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from station.db import Base, UTCDateTime


class Handover(Base):
    """A courier's batch handed over at the gate, closed with a receipt.

    It answers "the courier says it was delivered": what was counted, when, by whom.
    """

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    courier_name: Mapped[str] = mapped_column(String(64))
    carrier: Mapped[str | None] = mapped_column(String(32))
    gate: Mapped[str | None] = mapped_column(String(32))
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    items: Mapped[list[HandoverItem]] = relationship(order_by="HandoverItem.id")


class HandoverItem(Base):
    __tablename__ = "handover_items"
    __table_args__ = (UniqueConstraint("handover_id", "parcel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handovers.id"), index=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    already_recorded: Mapped[bool] = mapped_column(default=False)
