"""Typed dependencies shared by routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from station.config import Settings
from station.custody import service as custody
from station.db import Database, utcnow
from station.site import Site


# Async: they do no I/O, and a plain `def` dependency costs a hop to the thread pool.
async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_site(request: Request) -> Site:
    """The cached site; at most once a second a query (off the event loop) checks for a newer one."""
    sites = request.app.state.sites
    return sites.fresh() or await run_in_threadpool(sites.current)


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SiteDep = Annotated[Site, Depends(get_site)]


def seal_closed_days(request: Request, db: Database, site: Site) -> None:
    """Seal the days closed since the last seal, where this station holds the custody key."""
    key = request.app.state.custody_key
    if key is not None:
        db.write(lambda session: custody.seal_closed_days(session, key=key, timezone=site.timezone, now=utcnow()))
