"""Sign-in and sign-out pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from station.accounts import service
from station.accounts.permissions import Action, may, start_page
from station.limits import service as limits
from station.limits.rules import sign_in_keys
from station.db import utcnow
from station.errors import StationError, Unauthorized
from station.web.deps import DbDep, SettingsDep
from station.web.i18n import gettext, say
from station.web.pages import render
from station.web.security import SESSION_COOKIE

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only our own paths: never redirect a signed-in volunteer to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/gate"


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "accounts/login.html", next=_safe_next(next), error=None)


@router.post("/login")
def login(request: Request, db: DbDep, settings: SettingsDep,
          name: Annotated[str, Form(max_length=64)], password: Annotated[str, Form(max_length=200)],
          next: Annotated[str, Form(max_length=500)] = "/gate") -> Response:
    now = utcnow()
    keys = sign_in_keys(name, request.client.host if request.client else "?")
    with db.read() as session:
        held_back = limits.wait(session, keys, now=now)
    if held_back:
        return render(request, "accounts/login.html", status_code=429, next=_safe_next(next),
                      error=gettext("too many attempts; try again in a few minutes"))
    try:
        new = db.write(lambda s: service.sign_in(
            s, name=name, password=password, now=now,
            idle=timedelta(minutes=settings.session_idle_minutes),
            shift=timedelta(hours=settings.session_shift_hours)))
    except Unauthorized as exc:
        db.write(lambda s: limits.record_failure(s, [key for key, _ in keys], now=now))
        return render(request, "accounts/login.html", status_code=401, next=_safe_next(next),
                      error=say(exc))
    db.write(lambda s: limits.clear(s, keys[0][0]))
    target = _safe_next(next)
    if target == "/gate" and not may(new.user.role, Action.PARCEL_RECEIVE):  # the default: each role its own start
        target = start_page(new.user.role)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, new.token, httponly=True, samesite="strict",
                        secure=settings.secure_cookies, max_age=settings.session_shift_hours * 3600)
    return response


@router.post("/logout")
def logout(request: Request, db: DbDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            db.write(lambda s: service.sign_out(s, token=token, now=utcnow()))
        except StationError:
            pass
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
