"""Administration use cases: check and apply a site file, import a roster upload, volunteers, gates.

Checking a site file writes nothing; applying it checks it again, in the same transaction
that stores it, so what was confirmed is what is stored, or nothing is.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.accounts import service as accounts
from station.accounts.models import ApiToken, User, WebSession
from station.admin import rules
from station.custody import states
from station.catalogue import Joined, Said, problem_of
from station.catalogue import accounts as accounts_text
from station.catalogue import admin as admin_text
from station.errors import Conflict, Forbidden, InvalidInput, StationError
from station.parcels.models import Parcel
from station.residents.files import read_rows
from station.residents.models import Household
from station.residents.roster import Rejected, RosterRow, parse_rows
from station.site import Site, SiteError, parse_site
from station.site.secrets import take_secrets
from station.siteconfig.models import SiteVersion
from station.siteconfig.service import current_site

ROSTER_SUFFIXES = (".csv", ".xlsx", ".xlsm")
NOT_FINAL = tuple(status for status in states.STATUSES if status not in states.FINAL)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_toml(text: str) -> str:
    """Browsers send a textarea's lines with CR LF; the file is stored with plain newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class SiteCheck:
    """What a new site file would change, or why it cannot be used."""

    toml: str
    source: str
    base_version: int | None  # the site version in use when the check was made
    error: SiteError | None = None
    site: Site | None = None
    changes: list[rules.Change] = field(default_factory=list)
    windows: list[rules.WindowChange] = field(default_factory=list)
    blockers: list[Said] = field(default_factory=list)
    warnings: list[Said] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.error is None and not self.blockers

    @property
    def digest(self) -> str:
        return text_digest(self.toml)


def site_version(session: Session) -> int | None:
    return session.scalar(select(func.max(SiteVersion.id)))


def current_toml(session: Session) -> SiteVersion | None:
    return session.scalars(select(SiteVersion).order_by(SiteVersion.id.desc()).limit(1)).first()


def check_site(session: Session, *, toml: str, source: str) -> SiteCheck:
    """Validate a site file and compare it with the one in use; nothing is written."""
    toml = normalise_toml(toml)
    check = SiteCheck(toml, source, site_version(session))
    if not toml.strip():
        check.error = SiteError(source, "(file)", "a site file: paste it or choose one to upload")
        return check
    try:
        check.site = parse_site(toml, source)
    except SiteError as exc:
        check.error = exc
        return check
    try:
        old = current_site(session)
    except (StationError, SiteError):  # no site loaded yet, or the stored one no longer parses
        old = None
    check.changes = rules.site_changes(old, check.site)
    check.windows = rules.window_changes(old, check.site)
    occupied = session.execute(
        select(Parcel.zone, Parcel.shelf, func.max(Parcel.slot), func.count(Parcel.id))
        .where(Parcel.slot.is_not(None)).group_by(Parcel.zone, Parcel.shelf)).all()
    waiting = session.execute(
        select(Parcel.building, func.count(Parcel.id))
        .where(Parcel.status.in_(NOT_FINAL), Parcel.building.is_not(None))
        .group_by(Parcel.building)).all()
    check.blockers = rules.stranded(check.site, [tuple(row) for row in occupied],
                                    [tuple(row) for row in waiting])
    households = session.execute(select(Household.building, Household.unit, Household.room)).all()
    off_site = sum(1 for building, unit, room in households
                   if check.site.room_problem(building, unit, room))
    if off_site:
        check.warnings.append(admin_text.ROSTER_OFF_SITE(count=off_site))
    return check


def apply_site(session: Session, *, toml: str, source: str, digest: str, base_version: int | None,
               actor: str, now: datetime, keep_secrets_out: bool = False) -> Site:
    """Store the checked site file as the one in use, or refuse and change nothing."""
    check = check_site(session, toml=toml, source=source)
    if check.digest != digest:
        raise InvalidInput(admin_text.NOT_THE_CHECKED_FILE, field="toml")
    if check.base_version != base_version:
        raise Conflict(admin_text.SITE_CHANGED)
    if check.error is not None:
        raise InvalidInput(str(check.error), field="toml")
    if check.blockers:
        raise Conflict(admin_text.STRANDS_ITEMS(blockers=Joined.of(check.blockers, "; ")))
    stored = take_secrets(check.toml)[0] if keep_secrets_out else check.toml
    session.add(SiteVersion(toml=stored, source=source[:200], loaded_at=now, loaded_by=actor))
    session.flush()
    return check.site


def roster_rows(site: Site, *, filename: str, data: bytes) -> list[tuple[int, RosterRow | Rejected]]:
    """Read an uploaded CSV/XLSX roster and check every row; InvalidInput when the file is unusable."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in ROSTER_SUFFIXES:
        raise InvalidInput(admin_text.ROSTER_FILE_KIND, field="file")
    if not data:
        raise InvalidInput(admin_text.FILE_EMPTY(file=filename), field="file")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"roster{suffix}"
        path.write_bytes(data)
        try:
            return list(parse_rows(site, read_rows(path)))
        except ValueError as exc:
            raise InvalidInput(admin_text.FILE_PROBLEM(file=filename, problem=problem_of(exc)), field="file") from None
        except Exception as exc:  # a damaged XLSX raises whatever its zip or XML reader raises
            raise InvalidInput(admin_text.FILE_UNREADABLE(file=filename, kind=suffix[1:].upper(),
                                                          error=type(exc).__name__), field="file") from None


def roster_size(session: Session) -> int:
    return session.scalar(select(func.count(Household.id))) or 0


@dataclass(frozen=True)
class Volunteer:
    name: str
    role: str
    active: bool
    created_at: datetime
    sessions: int
    tokens: int


def volunteers(session: Session, *, now: datetime) -> list[Volunteer]:
    """Every account with its live sessions and device tokens."""
    sessions = dict(session.execute(
        select(WebSession.user_id, func.count())
        .where(WebSession.ended_at.is_(None), WebSession.expires_at > now)
        .group_by(WebSession.user_id)).all())
    tokens = dict(session.execute(
        select(ApiToken.user_id, func.count()).where(ApiToken.revoked_at.is_(None))
        .group_by(ApiToken.user_id)).all())
    users = session.scalars(select(User).order_by(User.active.desc(), User.role, User.name))
    return [Volunteer(u.name, u.role, u.active, u.created_at, sessions.get(u.id, 0) if u.active else 0,
                      tokens.get(u.id, 0) if u.active else 0) for u in users]


def add_volunteer(session: Session, *, name: str, role: str, password: str, now: datetime) -> User:
    if not password:
        raise InvalidInput(accounts_text.PASSWORD_NEEDED, field="password")
    return accounts.add_user(session, name=name, role=role, password=password, now=now)


def disable_volunteer(session: Session, *, actor: str, name: str, now: datetime) -> User:
    """Disable an account (its sessions end, its tokens stop working), never your own or the last coordinator."""
    user = accounts.get_user(session, name)
    coordinators = session.scalar(select(func.count(User.id)).where(
        User.role == "coordinator", User.active)) or 0
    refusal = rules.disable_refusal(actor=actor, target=user.name, target_role=user.role,
                                    target_active=user.active, active_coordinators=coordinators)
    if refusal:
        raise Forbidden(refusal) if user.name == actor else Conflict(refusal)
    return accounts.disable_user(session, name=name, now=now)


def device_token(session: Session, *, name: str, label: str, now: datetime) -> str:
    """A new device token for a volunteer; the secret is returned once, only its hash is kept."""
    label = (label or "").strip()
    if not label:
        raise InvalidInput(accounts_text.DEVICE_LABEL, field="label")
    _token, secret = accounts.create_token(session, name=name, label=label, now=now)
    return secret


@dataclass(frozen=True)
class GateLine:
    code: str
    name: str
    received_today: int
    last_intake: datetime | None


def gates(session: Session, *, site: Site, since: datetime) -> list[GateLine]:
    """The site's gates with their intakes since `since` (the start of the local day)."""
    rows = {gate: (count, last) for gate, count, last in session.execute(
        select(Parcel.gate, func.count(Parcel.id), func.max(Parcel.received_at))
        .where(Parcel.received_at >= since).group_by(Parcel.gate))}
    return [GateLine(gate.code, gate.name, *rows.get(gate.code, (0, None))) for gate in site.gates]
