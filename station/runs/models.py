"""Delivery runs and their items; stocktake sessions and their scans."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from station.db import Base, UTCDateTime

RUN_OPEN = text("run_open")


class DeliveryRun(Base):
    """A runner's claimed batch: a building, a grid, or a category (optionally within a grid)."""

    __tablename__ = "delivery_runs"
    __table_args__ = (Index("ix_delivery_runs_open", "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    runner: Mapped[str] = mapped_column(String(64))
    scope_kind: Mapped[str] = mapped_column(String(16))  # building | grid | category
    scope_value: Mapped[str] = mapped_column(String(32))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every category
    gate: Mapped[str | None] = mapped_column(String(32))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(64))

    items: Mapped[list[RunItem]] = relationship(back_populates="run", order_by="RunItem.id")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RunItem(Base):
    """One parcel of a run and what became of it at the door."""

    __tablename__ = "run_items"
    __table_args__ = (
        UniqueConstraint("run_id", "parcel_id"),
        # A parcel is in at most one open run. Two runners claiming the same batch at once
        # both read the items as free; the database lets one insert and turns the other into
        # a unique violation, which Database.write retries: the retry sees the items taken.
        Index("uq_run_items_open_parcel", "parcel_id", unique=True,
              sqlite_where=RUN_OPEN, postgresql_where=RUN_OPEN),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("delivery_runs.id"), index=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"))
    run_open: Mapped[bool] = mapped_column(default=True)  # cleared when the run closes
    outcome: Mapped[str | None] = mapped_column(String(16))  # delivered | returned
    reason: Mapped[str | None] = mapped_column(String(16))  # why it came back
    verified_by: Mapped[str | None] = mapped_column(String(16))  # verification method used
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome_by: Mapped[str | None] = mapped_column(String(64))

    run: Mapped[DeliveryRun] = relationship(back_populates="items")


class Stocktake(Base):
    """A shift-close count of the shelves, shelf by shelf."""

    __tablename__ = "stocktakes"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    gate: Mapped[str | None] = mapped_column(String(32))
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    scans: Mapped[list[StocktakeScan]] = relationship(order_by="StocktakeScan.id")


class StocktakeScan(Base):
    """A shelf sign scanned (kind shelf) or an item seen on the shelf scanned before it."""

    __tablename__ = "stocktake_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    stocktake_id: Mapped[int] = mapped_column(ForeignKey("stocktakes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # shelf | item
    shelf: Mapped[str] = mapped_column(String(16))  # SH-B10-01
    scan: Mapped[str] = mapped_column(String(200))
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("parcels.id"))
    actor: Mapped[str] = mapped_column(String(64))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime())
