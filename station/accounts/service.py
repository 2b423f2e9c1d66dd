"""Accounts: add, disable, sign in and out, sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from station.accounts.models import ApiToken, User, WebSession
from station.accounts.passwords import check_new_password, hash_password, verify_password
from station.accounts.permissions import ROLES
from station.catalogue import Joined
from station.catalogue import accounts as text
from station.db import get_or_not_found
from station.errors import Conflict, InvalidInput, Unauthorized

SIGN_IN_FAILED = text.SIGN_IN_FAILED
SEEN_WRITE_EVERY = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(session: Session, *, name: str, role: str, password: str | None, now: datetime) -> User:
    name = name.strip()
    if not name or len(name) > 64:
        raise InvalidInput(text.NAME_NEEDED, field="name")
    if role not in ROLES:
        raise InvalidInput(text.ROLE_ONE_OF(roles=Joined.of(ROLES)), field="role")
    if session.scalars(select(User).where(User.name == name)).first():
        raise Conflict(text.NAME_TAKEN(name=name))
    if password is not None:
        check_new_password(password, name=name)
    user = User(name=name, role=role, password_hash=hash_password(password) if password else None,
                active=True, created_at=now)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, name: str) -> User:
    return get_or_not_found(session, User, name, f"no volunteer called {name}", by=User.name)


def set_password(session: Session, *, name: str, password: str) -> None:
    user = get_user(session, name)
    check_new_password(password, name=name)
    user.password_hash = hash_password(password)


def disable_user(session: Session, *, name: str, now: datetime) -> User:
    """Disable a volunteer: their sessions end and their device tokens stop working now."""
    user = get_user(session, name)
    user.active = False
    session.execute(update(WebSession).where(WebSession.user_id == user.id,
                                             WebSession.ended_at.is_(None)).values(ended_at=now))
    session.execute(update(ApiToken).where(ApiToken.user_id == user.id,
                                           ApiToken.revoked_at.is_(None)).values(revoked_at=now))
    return user


@dataclass(frozen=True)
class NewSession:
    token: str
    user: User


def sign_in(session: Session, *, name: str, password: str, now: datetime,
            idle: timedelta, shift: timedelta) -> NewSession:
    """A fresh session for a right name and password; the same answer and time otherwise."""
    user = session.scalars(select(User).where(User.name == name.strip())).first()
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        raise Unauthorized(SIGN_IN_FAILED)
    token = secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=token_hash(token), user_id=user.id,
                           created_at=now, last_seen_at=now, expires_at=now + shift))
    session.flush()
    return NewSession(token, user)


def session_user(session: Session, *, token: str, now: datetime,
                 idle: timedelta) -> WebSession | None:
    """The live session behind a cookie, or None when it ended, idled out or the shift is over."""
    row = session.get(WebSession, token_hash(token))
    if row is None or row.ended_at is not None or now >= row.expires_at or now - row.last_seen_at > idle:
        return None
    if not row.user.active:
        return None
    return row


def needs_touch(last_seen: datetime | None, now: datetime) -> bool:
    """Record activity at most once a minute, so reads stay reads."""
    return last_seen is None or now - last_seen > SEEN_WRITE_EVERY


def touch_session(session: Session, *, token_hash_value: str, now: datetime) -> None:
    session.execute(update(WebSession).where(WebSession.token_hash == token_hash_value)
                    .values(last_seen_at=now))


def touch_token(session: Session, *, token_id: int, now: datetime) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def sign_out(session: Session, *, token: str, now: datetime) -> None:
    row = session.get(WebSession, token_hash(token))
    if row is not None and row.ended_at is None:
        row.ended_at = now


def create_token(session: Session, *, name: str, label: str, now: datetime) -> tuple[ApiToken, str]:
    """A new device token; the secret is returned once and only its hash is kept."""
    user = get_user(session, name)
    if not user.active:
        raise Conflict(text.DISABLED(name=name))
    secret = "st_" + secrets.token_urlsafe(32)
    token = ApiToken(token_hash=token_hash(secret), user_id=user.id, label=label[:64], created_at=now)
    session.add(token)
    session.flush()
    return token, secret


# Built once: on the hot path, building a statement costs more than running it.
LIVE_TOKEN = (select(ApiToken.id, User.name, User.role, ApiToken.last_used_at)
              .join(User, ApiToken.user_id == User.id)
              .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None),
                     User.active.is_(True)))


@dataclass(frozen=True)
class LiveToken:
    token_id: int
    user: str
    role: str
    last_used_at: datetime | None


def live_token(session: Session, *, secret: str) -> LiveToken | None:
    """The device token behind a secret with its volunteer, if neither is revoked or disabled.

    Asked on every API request, so one plain query rather than two ORM objects."""
    row = session.execute(LIVE_TOKEN, {"token_hash": token_hash(secret)}).first()
    return LiveToken(*row) if row else None


def revoke_token(session: Session, *, token_id: int, now: datetime) -> None:
    token = get_or_not_found(session, ApiToken, token_id, f"no token {token_id}")
    token.revoked_at = token.revoked_at or now
