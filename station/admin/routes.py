"""/admin: coordinators only. Parse the form, call one service, render or redirect."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from station.accounts.permissions import ROLES
from station.admin import service
from station.dashboard.days import today
from station.db import Database, utcnow
from station.catalogue import admin as admin_text
from station.errors import InvalidInput, StationError
from station.gate.text import PageFormat
from station.limits.rules import HELD, describe
from station.limits.service import clear, held
from station.residents.service import import_roster
from station.keyfile import save_secrets
from station.site import Site
from station.site.secrets import mask_secrets, take_secrets
from station.web.auth import Actor, Allowed
from station.web.deps import DbDep, SiteDep
from station.web.i18n import say
from station.web.pages import render

router = APIRouter(include_in_schema=False)
PRIVATE = {"Cache-Control": "no-store"}
MAX_TOML = 200_000


def _upload_text(text: str, file: UploadFile | None) -> tuple[str, str]:
    """The site file from an upload (preferred) or the text box, and what to call its source."""
    if file is not None and file.filename:
        data = file.file.read(MAX_TOML + 1)
        if len(data) > MAX_TOML:
            raise InvalidInput(admin_text.SITE_FILE_TOO_BIG(file=file.filename, kb=MAX_TOML // 1000))
        try:
            return data.decode("utf-8-sig"), file.filename[:200]
        except UnicodeDecodeError:
            raise InvalidInput(admin_text.NOT_UTF8(file=file.filename)) from None
    return text, "pasted in /admin/site"


@router.get("/admin")
def admin_home(request: Request, db: DbDep, site: SiteDep,
               _actor: Annotated[Actor, Allowed("admin:site")]) -> Response:
    now = utcnow()
    with db.read() as session:
        version = service.current_toml(session)
        households = service.roster_size(session)
        people = service.volunteers(session, now=now)
        locks = held(session, HELD, now=now)
    return render(request, "admin/index.html", site=site, version=version, households=households,
                  people=people, fmt=PageFormat(site, now), locks=[(describe(h.key), h) for h in locks])


@router.post("/admin/locks/lift")
def lift_lock(db: DbDep, _actor: Annotated[Actor, Allowed("limits:lift")],
              key: Annotated[str, Form(max_length=200)]) -> Response:
    """Let a room's lookups or a volunteer's sign-in go on, after the coordinator has checked who it was."""
    if not key.startswith(tuple(HELD)):
        raise InvalidInput(admin_text.NO_SUCH_LOCK, field="key")
    db.write(lambda s: clear(s, key))
    return RedirectResponse("/admin", status_code=303)


def _site_page(request: Request, db: Database, site: Site, status_code: int = 200, **context) -> Response:
    now = utcnow()
    with db.read() as session:
        version = service.current_toml(session)
    return render(request, "admin/site.html", status_code=status_code, site=site, version=version,
                  shown_toml=mask_secrets(version.toml) if version else "", fmt=PageFormat(site, now), **context)


@router.get("/admin/site")
def site_page(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("admin:site")],
              applied: int | None = None) -> Response:
    return _site_page(request, db, site, applied=applied)


@router.post("/admin/site/check")
def site_check(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("admin:site")],
               toml: Annotated[str, Form(max_length=MAX_TOML)] = "",
               file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Validate the new file and show what it changes; nothing is stored yet."""
    try:
        text, source = _upload_text(toml, file)
    except StationError as exc:
        return _site_page(request, db, site, status_code=422, error=say(exc), typed=toml)
    with db.read() as session:
        check = service.check_site(session, toml=text, source=source)
    return _site_page(request, db, site, status_code=200 if check.usable else 422, check=check)


@router.post("/admin/site/apply")
def site_apply(request: Request, db: DbDep, site: SiteDep, actor: Annotated[Actor, Allowed("admin:site")],
               toml: Annotated[str, Form(max_length=MAX_TOML)], digest: Annotated[str, Form(max_length=64)],
               source: Annotated[str, Form(max_length=200)] = "admin",
               base_version: Annotated[str, Form(max_length=12)] = "") -> Response:
    """Store the confirmed file as the site in use (checked again first)."""
    base = int(base_version) if base_version.isdigit() else None
    secrets_file = request.app.state.settings.secrets_file
    try:
        text = service.normalise_toml(toml)
        # Kept before the file that refers to them is stored, and only for the file that was checked.
        if secrets_file is not None and service.text_digest(text) == digest:
            save_secrets(secrets_file, take_secrets(text)[1])
        db.write(lambda s: service.apply_site(s, toml=toml, source=source, digest=digest, base_version=base,
                                              actor=actor.name, now=utcnow(),
                                              keep_secrets_out=secrets_file is not None))
    except StationError as exc:
        return _site_page(request, db, site, status_code=exc.status_code, error=say(exc), typed=toml)
    request.app.state.sites.forget()
    return RedirectResponse("/admin/site?applied=1", status_code=303)


@router.get("/admin/roster")
def roster_page(request: Request, site: SiteDep, _actor: Annotated[Actor, Allowed("admin:roster")]) -> Response:
    return render(request, "admin/roster.html", site=site)


@router.post("/admin/roster")
def roster_upload(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("admin:roster")],
                  file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Import households; rows that cannot be used are listed with their row number and reason."""
    try:
        if file is None or not file.filename:
            raise InvalidInput(admin_text.ROSTER_FILE_NEEDED, field="file")
        parsed = service.roster_rows(site, filename=file.filename, data=file.file.read())
    except StationError as exc:
        return render(request, "admin/roster.html", status_code=exc.status_code, site=site,
                      error=say(exc))
    report = db.write(lambda s: import_roster(s, parsed, now=utcnow()))
    return render(request, "admin/roster.html", site=site, report=report, filename=file.filename)


def _users_page(request: Request, db: Database, site: Site, status_code: int = 200, **context) -> Response:
    now = utcnow()
    with db.read() as session:
        people = service.volunteers(session, now=now)
    response = render(request, "admin/users.html", status_code=status_code, people=people, roles=ROLES,
                      fmt=PageFormat(site, now), **context)
    response.headers.update(PRIVATE)  # a new device token is on it, once
    return response


@router.get("/admin/users")
def users_page(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("admin:users")],
               done: str | None = None, who: str | None = None) -> Response:
    return _users_page(request, db, site, done=done, who=who)


@router.post("/admin/users")
def user_add(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("admin:users")],
             name: Annotated[str, Form(max_length=200)] = "", role: Annotated[str, Form(max_length=20)] = "",
             password: Annotated[str, Form(max_length=200)] = "") -> Response:
    try:
        user = db.write(lambda s: service.add_volunteer(s, name=name, role=role, password=password,
                                                        now=utcnow()))
    except StationError as exc:
        return _users_page(request, db, site, status_code=exc.status_code, error=say(exc),
                           form={"name": name, "role": role})
    return RedirectResponse(f"/admin/users?done=added&who={quote(user.name)}", status_code=303)


@router.post("/admin/users/{name}/disable")
def user_disable(name: str, request: Request, db: DbDep, site: SiteDep,
                 actor: Annotated[Actor, Allowed("admin:users")]) -> Response:
    try:
        db.write(lambda s: service.disable_volunteer(s, actor=actor.name, name=name, now=utcnow()))
    except StationError as exc:
        return _users_page(request, db, site, status_code=exc.status_code, error=say(exc))
    return RedirectResponse(f"/admin/users?done=disabled&who={quote(name)}", status_code=303)


@router.post("/admin/users/{name}/token")
def user_token(name: str, request: Request, db: DbDep, site: SiteDep,
               _actor: Annotated[Actor, Allowed("admin:users")],
               label: Annotated[str, Form(max_length=64)] = "") -> Response:
    """A device token, shown on this page once; only its hash is kept."""
    try:
        secret = db.write(lambda s: service.device_token(s, name=name, label=label, now=utcnow()))
    except StationError as exc:
        return _users_page(request, db, site, status_code=exc.status_code, error=say(exc))
    return _users_page(request, db, site, new_token={"name": name, "label": label.strip(), "secret": secret})


@router.get("/admin/gates")
def gates_page(request: Request, db: DbDep, site: SiteDep,
               _actor: Annotated[Actor, Allowed("admin:site")]) -> Response:
    now = utcnow()
    with db.read() as session:
        lines = service.gates(session, site=site, since=today(now, site.timezone).start)
    return render(request, "admin/gates.html", site=site, gates=lines, fmt=PageFormat(site, now))
