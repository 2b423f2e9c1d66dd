"""Who is asking: a device token (Authorization: Bearer) or a signed-in browser session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from station.accounts import service as accounts
from station.db import utcnow
from station.errors import Forbidden, Unauthorized
from station.web.security import SESSION_COOKIE


@dataclass(frozen=True)
class Actor:
    name: str
    role: str
    csrf_token: str | None = None


class SignInRequired(Unauthorized):
    """Raised for a page (not the API): answered with a redirect to /login."""


def _resolve(request: Request) -> Actor | None:
    db = request.app.state.db
    settings = request.app.state.settings
    now = utcnow()
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        secret = authorization[7:].strip()
        with db.read() as session:
            token = accounts.live_token(session, secret=secret)
        if token is None:
            raise Unauthorized("this device token is unknown or revoked")
        if accounts.needs_touch(token.last_used_at, now):
            db.write(lambda s: accounts.touch_token(s, token_id=token.token_id, now=now))
        return Actor(token.user, token.role)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    idle = timedelta(minutes=settings.session_idle_minutes)
    with db.read() as session:
        row = accounts.session_user(session, token=cookie, now=now, idle=idle)
        if row is None:
            return None
        actor = Actor(row.user.name, row.user.role, row.csrf_token)
        digest, last = row.token_hash, row.last_seen_at
    if accounts.needs_touch(last, now):
        db.write(lambda s: accounts.touch_session(s, token_hash_value=digest, now=now))
    return actor


def optional_actor(request: Request) -> Actor | None:
    if not hasattr(request.state, "actor_resolved"):
        request.state.actor = _resolve(request)
        request.state.actor_resolved = True
    return request.state.actor


def require(*roles: str):
    """A dependency that lets in the given roles (and coordinators, who may do everything)."""
    allowed = set(roles) | {"coordinator"}

    def dependency(request: Request) -> Actor:
        actor = optional_actor(request)
        if actor is None:
            if request.url.path.startswith("/api/"):
                raise Unauthorized("sign in, or send a device token as Authorization: Bearer")
            raise SignInRequired("please sign in")
        if roles and actor.role not in allowed:
            raise Forbidden(f"a {actor.role} volunteer may not do this; it needs: "
                            + ", ".join(sorted(allowed)))
        return actor

    return dependency


Anyone = Annotated[Actor, Depends(require())]
GateWork = Annotated[Actor, Depends(require("gate"))]
DisinfectionWork = Annotated[Actor, Depends(require("gate", "disinfection"))]
RunnerWork = Annotated[Actor, Depends(require("runner", "gate"))]
Coordinator = Annotated[Actor, Depends(require("coordinator"))]
