from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station.db import Base, UTCDateTime


class SiteVersion(Base):
    __tablename__ = "site_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    toml: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    loaded_by: Mapped[str] = mapped_column(String(64))
