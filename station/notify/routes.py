"""The coordinator's /notify page: the outbox with delivery states, retry, cancel, test a channel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from station.catalogue import Joined
from station.catalogue import notify as notify_text
from station.db import Database, utcnow
from station.errors import InvalidInput, StationError
from station.notify import outbox, triggers
from station.notify.models import STATES
from station.notify.schemas import NotificationOut
from station.notify.routing import channel_by_code, ranges, target_of
from station.site import Site
from station.timefmt import local
from station.web.auth import Actor, Allowed
from station.web.i18n import gettext, say
from station.web.deps import DbDep, SiteDep
from station.web.pages import render

router = APIRouter(tags=["notifications"])
KIND_NAMES = {"wecom": "WeCom", "dingtalk": "DingTalk", "feishu": "Feishu", "webhook": "Webhook", "email": "Email"}


def _page(request: Request, db: Database, site: Site, *, state: str | None, status_code: int = 200,
          **context) -> Response:
    now = utcnow()
    with db.read() as session:
        rows = outbox.recent(session, state=state)
        counts = outbox.state_counts(session)
        overdue = outbox.overdue(session, now=now)
    channels = [{"channel": c, "target": target_of(c), "kind": KIND_NAMES.get(c.kind, c.kind),
                 "serves": ", ".join(c.grids) or ", ".join(ranges(c.buildings))} for c in site.channels]
    return render(request, "notify/outbox.html", status_code=status_code, rows=rows, counts=counts,
                  overdue=overdue, channels=channels, state=state if state in STATES else None,
                  states=STATES, when=lambda at: _when(at, site.timezone, now),
                  tr=gettext, say=say, **context)  # tr, not _(): Jinja marks _()'s result safe, and errors quote input


def _when(at: datetime | None, timezone: str, now: datetime) -> str:
    if at is None:
        return ""
    here = local(at, timezone)
    return f"{here:%H:%M}" if here.date() == local(now, timezone).date() else f"{here:%m-%d %H:%M}"


@router.get("/notify", include_in_schema=False)
def notify_page(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("notify:manage")],
                state: Annotated[str | None, Query(max_length=12)] = None,
                done: Annotated[str | None, Query(max_length=80)] = None) -> Response:
    return _page(request, db, site, state=state, done=done)


def _act(request: Request, db: Database, site: Site, action, done: str) -> Response:
    try:
        db.write(action)
    except StationError as exc:
        return _page(request, db, site, state=None, status_code=exc.status_code, error=say(exc))
    return RedirectResponse(f"/notify?done={done}", status_code=303)


@router.post("/notify/{notification_id}/retry", include_in_schema=False)
def retry(notification_id: int, request: Request, db: DbDep, site: SiteDep,
          actor: Annotated[Actor, Allowed("notify:manage")]) -> Response:
    """Queue a failed or cancelled message again; the worker sends it on its next turn."""
    return _act(request, db, site, lambda s: outbox.retry(s, notification_id=notification_id,
                                                          actor=actor.name, now=utcnow()), "retried")


@router.post("/notify/{notification_id}/cancel", include_in_schema=False)
def cancel(notification_id: int, request: Request, db: DbDep, site: SiteDep,
           actor: Annotated[Actor, Allowed("notify:manage")]) -> Response:
    return _act(request, db, site, lambda s: outbox.cancel(s, notification_id=notification_id,
                                                           actor=actor.name), "cancelled")


@router.post("/notify/test", include_in_schema=False)
def send_test(request: Request, db: DbDep, site: SiteDep, _actor: Annotated[Actor, Allowed("notify:manage")],
              channel: Annotated[str, Form(max_length=40)] = "") -> Response:
    """Queue a test message to one channel."""
    def run(session):
        found = channel_by_code(site, channel.strip())
        if found is None:
            raise InvalidInput(notify_text.NO_CHANNEL(channel=channel.strip()[:40]), field="channel")
        return triggers.send_test(session, site=site, channel=found, now=utcnow())

    return _act(request, db, site, run, "test")


@router.get("/api/v1/notifications", response_model=list[NotificationOut])
def notifications(db: DbDep, _actor: Annotated[Actor, Allowed("notify:manage")],
                  state: Annotated[str | None, Query(max_length=12)] = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[NotificationOut]:
    """The outbox, newest first, with each message's delivery state (optionally one state)."""
    if state is not None and state not in STATES:
        raise InvalidInput(notify_text.STATE_ONE_OF(states=Joined.of(STATES)), field="state")
    with db.read() as session:
        return [NotificationOut.model_validate(row) for row in outbox.recent(session, state=state, limit=limit)]
