from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.catalogue import ops as ops_text
from station.errors import NotFound
from station.site import Site, parse_site
from station.siteconfig.models import SiteVersion


def store_site(session: Session, *, toml: str, source: str, actor: str, now: datetime) -> Site:
    """Validate a site file and make it the one in use (older versions are kept)."""
    site = parse_site(toml, source)
    session.add(SiteVersion(toml=toml, source=source, loaded_at=now, loaded_by=actor))
    session.flush()
    return site


def current_site(session: Session) -> Site:
    row = session.scalars(select(SiteVersion).order_by(SiteVersion.id.desc()).limit(1)).first()
    if row is None:
        raise NotFound(ops_text.NO_SITE)
    return parse_site(row.toml, row.source)
