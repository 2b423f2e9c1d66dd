"""Who is asking: a device token (Authorization: Bearer) or a signed-in browser session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from station.accounts import service as accounts
from station.accounts import token_cache
from station.accounts.permissions import Action, may, roles_for
from station.db import utcnow
from station.catalogue import Joined, Word
from station.catalogue import accounts as text
from station.errors import Forbidden, Unauthorized
from station.web.security import SESSION_COOKIE


@dataclass(frozen=True)
class Actor:
    name: str
    role: str


class SignInRequired(Unauthorized):
    """Raised for a page (not the API): answered with a redirect to /login."""


def _bearer(request: Request) -> str | None:
    authorization = request.headers.get("authorization", "")
    return authorization[7:].strip() if authorization.lower().startswith("bearer ") else None


def _remembered(request: Request) -> Actor | None:
    """The device actor from the token cache, when that needs no query and no write."""
    secret = _bearer(request)
    token = request.app.state.tokens.get(secret) if secret else None
    if token is None or accounts.needs_touch(token.last_used_at, utcnow()):
        return None
    return Actor(token.user, token.role)


def _resolve(request: Request) -> Actor | None:
    db = request.app.state.db
    settings = request.app.state.settings
    now = utcnow()
    if (secret := _bearer(request)) is not None:
        generation = token_cache.generation()
        with db.read() as session:
            token = accounts.live_token(session, secret=secret)
        if token is None:
            raise Unauthorized(text.TOKEN_UNKNOWN)
        tokens = request.app.state.tokens
        tokens.put(secret, token, generation=generation)
        if accounts.needs_touch(token.last_used_at, now):
            db.write(lambda s: accounts.touch_token(s, token_id=token.token_id, now=now))
            tokens.touched(secret, now)
        return Actor(token.user, token.role)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    idle = timedelta(minutes=settings.session_idle_minutes)
    with db.read() as session:
        row = accounts.session_user(session, token=cookie, now=now, idle=idle)
        if row is None:
            return None
        actor = Actor(row.user.name, row.user.role)
        digest, last = row.token_hash, row.last_seen_at
    if accounts.needs_touch(last, now):
        db.write(lambda s: accounts.touch_session(s, token_hash_value=digest, now=now))
    return actor


async def optional_actor(request: Request) -> Actor | None:
    """Who asks; a device token seen a moment ago is answered without leaving the event loop."""
    if not hasattr(request.state, "actor_resolved"):
        request.state.actor = _remembered(request) or await run_in_threadpool(_resolve, request)
        request.state.actor_resolved = True
    return request.state.actor


class NotPermitted(Forbidden):
    """A role the permission table does not let do an action; its fields are shown translated."""

    def __init__(self, role: str, action: Action) -> None:
        self.role, self.roles = role, sorted(roles_for(action))
        super().__init__(text.NOT_PERMITTED(role=Word(role), roles=Joined.of(map(Word, self.roles))))


@cache
def _check(action: Action) -> Callable[[Request], Awaitable[Actor]]:
    async def allowed(request: Request) -> Actor:
        actor = await optional_actor(request)
        if actor is None:
            if request.url.path.startswith("/api/"):
                raise Unauthorized(text.SIGN_IN_API)
            raise SignInRequired(text.SIGN_IN)
        if not may(actor.role, action):
            raise NotPermitted(actor.role, action)
        return actor

    return allowed


def Allowed(action: Action | str) -> Any:
    """The signed-in actor whose role may do `action`: `actor: Annotated[Actor, Allowed("parcel:release")]`.

    Nobody signed in: 401 for the API, a redirect to the sign-in page for a page; another role: 403.
    """
    return Depends(_check(Action(action)))


def action_of(dependency: Callable[..., Any]) -> Action | None:
    """The action a dependency made by Allowed() checks; None for any other dependency."""
    return next((action for action in Action if _check(action) is dependency), None)
