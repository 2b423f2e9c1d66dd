from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from station.db import Base, UTCDateTime


class LimitHit(Base):
    """One failed attempt (a wrong phone tail, a wrong password) under a key such as `room:10-2-301`."""

    __tablename__ = "limit_hits"
    __table_args__ = (Index("ix_limit_hits_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class LimitCount(Base):
    """How many attempts one station process let through under a key in one minute (`minute`:
    minutes since the epoch), so that every process's flood budget counts all of them."""

    __tablename__ = "limit_counts"
    __table_args__ = (Index("ix_limit_counts_minute", "minute"),)

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    minute: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    process: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int]
