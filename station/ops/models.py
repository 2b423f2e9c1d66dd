"""Leases: which one of several station processes (or machines) does a job that must run once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from station.db import Base, UTCDateTime


class Lease(Base):
    """`holder` does the job `name` until `expires_at`; it renews the lease while it runs."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
