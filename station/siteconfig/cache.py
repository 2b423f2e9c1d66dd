from __future__ import annotations

import threading

from sqlalchemy import func, select

from station.db import Database
from station.site import Site
from station.siteconfig.models import SiteVersion
from station.siteconfig.service import current_site


class SiteCache:
    """The site in use, parsed once and again only when a new version is stored."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._version: int | None = None
        self._site: Site | None = None

    def current(self) -> Site:
        with self.db.read() as session:
            version = session.scalar(select(func.max(SiteVersion.id)))
            if version != self._version or self._site is None:
                with self._lock:
                    self._site = current_site(session)
                    self._version = version
        return self._site
