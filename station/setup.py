"""Setting a database up: the newest schema, a site file and, for a demo site, its made-up roster.

`station init` runs this, and so do the benchmarks and the tests, so each starts from the
database a gate would have. It takes a `Database`, not a session: each step is a use case of
its own, committed before the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station.accounts.service import add_user, create_token
from station.db import Database, utcnow
from station.demo.accounts import demo_password
from station.demo.roster import demo_roster
from station.errors import Conflict, StationError
from station.migrations import upgrade
from station.residents.service import ImportReport, import_roster
from station.site import Site
from station.keyfile import save_secrets
from station.site.secrets import take_secrets
from station.siteconfig.service import current_site, store_site

DEMO_SITES = Path(__file__).parent / "site" / "demo"


@dataclass(frozen=True)
class SetupResult:
    site: Site
    skipped: bool = False  # a site was loaded already, and `if_empty` left the database as it was
    roster: ImportReport | None = None  # the demo roster's import


def demo_site_file(name: str) -> Path:
    """The demo compound `small` (20 buildings) or `large` (117)."""
    return DEMO_SITES / f"{name}.toml"


def set_up(db: Database, site_file: Path, *, demo: bool = False, if_empty: bool = False,
           toml: str | None = None, actor: str = "cli", now: datetime | None = None,
           secrets_file: Path | None = None) -> SetupResult:
    """Upgrade the schema and load `site_file` (or `toml`, its text as changed by the caller).

    `demo` also imports the demo roster; `if_empty` does nothing when a site is loaded already.
    With `secrets_file`, the channels' credentials go there and the stored file keeps references.
    A bad site file raises SiteError and leaves the site in use as it was.
    """
    upgrade(db)
    if if_empty:
        with db.read() as session:
            try:
                return SetupResult(current_site(session), skipped=True)
            except StationError:
                pass
    text = toml if toml is not None else site_file.read_text(encoding="utf-8")
    if secrets_file is not None:
        text, taken = take_secrets(text)
        save_secrets(secrets_file, taken)
    at = now or utcnow()
    site = db.write(lambda s: store_site(s, toml=text, source=site_file.name, actor=actor, now=at))
    if not demo:
        return SetupResult(site)
    rows = list(enumerate(demo_roster(site), start=2))
    return SetupResult(site, roster=db.write(lambda s: import_roster(s, rows, now=at)))


def add_accounts(db: Database, accounts: Iterable[tuple[str, str]], *, password: str | None = None,
                 now: datetime | None = None) -> list[tuple[str, str, str]]:
    """Add each (name, role) not taken yet, with `password` or else a fresh demo password of its own.

    Returns (name, role, password) of the accounts added.
    """
    added = []
    for name, role in accounts:
        secret = password or demo_password()
        try:
            db.write(lambda s: add_user(s, name=name, role=role, password=secret, now=now or utcnow()))
        except Conflict:
            continue
        added.append((name, role, secret))
    return added


def device_token(db: Database, *, name: str, role: str, now: datetime | None = None) -> str:
    """An account without a password and a device token for it, as a scanner program holds; the secret."""
    at = now or utcnow()
    db.write(lambda s: add_user(s, name=name, role=role, password=None, now=at))
    _token, secret = db.write(lambda s: create_token(s, name=name, label=name, now=at))
    return secret
