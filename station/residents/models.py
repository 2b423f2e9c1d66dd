from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station.catalogue import Said
from station.db import Base, KeptMessage, UTCDateTime


class Household(Base):
    """A room of the roster. The phone is kept to check phone tails; it is only shown masked."""

    __tablename__ = "households"
    __table_args__ = (UniqueConstraint("building", "unit", "room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    building: Mapped[str] = mapped_column(String(8))
    unit: Mapped[int]
    room: Mapped[str] = mapped_column(String(8))
    name: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(20))
    elderly_alone: Mapped[bool] = mapped_column(default=False)
    pregnant: Mapped[bool] = mapped_column(default=False)
    chronic_medicine: Mapped[bool] = mapped_column(default=False)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def destination(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"

    @property
    def care_flags(self) -> list[str]:
        return care_flags(self)


CARE_FLAGS = ("elderly_alone", "pregnant", "chronic_medicine")


def care_flags(household) -> list[str]:
    """The care marks of a household, or of a row with its flag columns."""
    return [name for name in CARE_FLAGS if getattr(household, name)]


class PreRegistration(Base):
    """A tracking number announced before the parcel arrives, so its gate scan needs no typing."""

    __tablename__ = "preregistrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_number: Mapped[str] = mapped_column(String(64), unique=True)
    building: Mapped[str] = mapped_column(String(8))
    unit: Mapped[int]
    room: Mapped[str] = mapped_column(String(8))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    category: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[Said | None] = mapped_column(KeptMessage())
    source: Mapped[str] = mapped_column(String(16), default="resident")
    # Another room told the same number: neither is used, the item waits for the coordinator.
    contested: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
