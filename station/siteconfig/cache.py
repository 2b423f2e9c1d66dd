from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import func, select

from station.db import Database
from station.site import Site
from station.siteconfig.models import SiteVersion
from station.siteconfig.service import current_site


class SiteCache:
    """The site in use, parsed once and again only when a new version is stored.

    The stored version is looked up at most every `check_every` seconds, so a request does not
    pay a query for it; this process's own changes call `forget()` and are seen at once, another
    process's (`station site load` beside a running station) within `check_every`.
    """

    def __init__(self, db: Database, *, check_every: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.db = db
        self.check_every = check_every
        self.clock = clock
        self._lock = threading.Lock()
        self._version: int | None = None
        self._site: Site | None = None
        self._checked_at = float("-inf")
        self._forgotten = 0

    def fresh(self) -> Site | None:
        """The site when no check of its version is due, else None (then call `current()`)."""
        if self._site is not None and self.clock() - self._checked_at < self.check_every:
            return self._site
        return None

    def current(self) -> Site:
        if (site := self.fresh()) is not None:
            return site
        now = self.clock()
        with self._lock, self.db.read() as session:
            forgotten = self._forgotten
            version = session.scalar(select(func.max(SiteVersion.id)))
            if version != self._version or self._site is None:
                self._site = current_site(session)
                self._version = version
            if forgotten == self._forgotten:  # else a site was stored while this looked: look again
                self._checked_at = now
            return self._site

    def forget(self) -> None:
        """Look the version up again on the next request (after this process stored a site)."""
        self._forgotten += 1
        self._checked_at = float("-inf")
