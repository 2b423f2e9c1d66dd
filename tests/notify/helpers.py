"""Site files with channels, items on the shelves, and the personal-data scan for notify tests."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from station.notify.models import Notification
from station.parcels import handling, service
from station.residents.models import Household
from station.site import Site, parse_site
from station.siteconfig.service import store_site
from tests.support import DEMO, NOW



def local_time(hh: int, mm: int = 0) -> datetime:
    """A clock time in the compound (Asia/Shanghai) on the day of tests.support.NOW (09:30 there)."""
    return NOW.replace(hour=0, minute=0) + timedelta(hours=hh - 8, minutes=mm)


def site_text(extra: str) -> str:
    return (DEMO / "small.toml").read_text(encoding="utf-8") + "\n" + extra


def make_site(extra: str) -> Site:
    return parse_site(site_text(extra), "site.toml")


def use_site(db, extra: str) -> Site:
    """Load the small demo site plus `extra` (channels, [notifications]) as the site in use."""
    text = site_text(extra)
    return db.write(lambda s: store_site(s, toml=text, source="site.toml", actor="test", now=NOW))


def robot(code: str, kind: str, url: str, *, buildings: str | None = None, grids: str | None = None,
          language: str = "zh", role: str | None = None, secret: str | None = None) -> str:
    lines = ["[[channels]]", f'code = "{code}"', f'kind = "{kind}"', f'url = "{url}"', f'language = "{language}"']
    if buildings:
        lines.append(f'buildings = "{buildings}"')
    if grids:
        lines.append(f"grids = {grids}")
    if role:
        lines.append(f'role = "{role}"')
    if secret:
        lines.append(f'secret = "{secret}"')
    return "\n".join(lines) + "\n"


def shelve(db, site: Site, tracking: str, destination: str, category: str = "express", *,
           at: datetime = NOW) -> str:
    """An item taken in, disinfected and shelved at `at`; returns its parcel code."""
    def run(session):
        result = service.intake_parcel(session, site=site, scan=tracking, destination=destination,
                                       category=category, gate="main", actor="gate1", now=at)
        parcel = result.parcel
        handling.disinfect(session, parcel, site=site, method="alcohol", actor="gate1", gate="main", now=at)
        handling.shelve(session, parcel, site=site, actor="gate1", gate="main", now=at)
        return parcel.code
    return db.write(run)


def outbox_rows(db) -> list[Notification]:
    with db.read() as session:
        return list(session.scalars(select(Notification).order_by(Notification.id)))


def roster_people(db, buildings: set[str]) -> tuple[list[str], list[str]]:
    """Names and phones of the demo roster's households in these buildings."""
    with db.read() as session:
        rows = session.execute(select(Household.name, Household.phone).where(Household.building.in_(buildings)))
        names, phones = zip(*rows, strict=True)
    return [n for n in names if n], [p for p in phones if p]


PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
LONG_DIGITS = re.compile(r"\d{11,}")
TRACKING_LIKE = re.compile(r"\b[A-Z]{2,4}\d{9,}\b|\b\d{12,}\b")


def personal_data_in(text: str, *, names=(), phones=(), tracking=()) -> list[str]:
    """Everything in `text` that could identify a resident or a parcel: empty means clean."""
    found = PHONE.findall(text) + LONG_DIGITS.findall(text) + TRACKING_LIKE.findall(text)
    found += [n for n in names if n in text]
    found += [p for p in phones if p in text or p[-8:] in text]
    found += [t for t in tracking if t in text or t.upper() in text.upper()]
    return found
