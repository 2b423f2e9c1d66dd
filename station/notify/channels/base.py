"""What every channel shares: the message it is given, the error it raises, an HTTP post."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx2

from station.catalogue import Said
from station.catalogue import notify as text

TIMEOUT = httpx2.Timeout(10.0, connect=5.0)
_client: httpx2.Client | None = None


def client() -> httpx2.Client:
    """One client for the worker's life: its TLS setup is done once, not per message.

    No kept-alive connections: a stale one fails as "server disconnected", which would read
    as "may have arrived" and stop a robot message from being retried.
    """
    global _client
    if _client is None:
        _client = httpx2.Client(follow_redirects=False, limits=httpx2.Limits(max_keepalive_connections=0))
    return _client


@dataclass(frozen=True)
class OutgoingMessage:
    subject: str
    body: str
    dedupe_key: str  # the same on every attempt: receivers that can, drop a repeat by it
    kind: str  # digest | run | reminder | test
    scope: str | None = None


class ChannelError(Exception):
    """A send that did not (surely) work, with a reason a coordinator can act on.

    retryable: trying again later may work (server down, 5xx, rate limit); False for a
    configuration problem (wrong address, bad signature). maybe_delivered: the receiver may
    have the message (no answer in time), so a resend could duplicate it.
    """

    def __init__(self, reason: Said | str, *, retryable: bool = True, maybe_delivered: bool = False) -> None:
        super().__init__(str(reason))
        self.said = reason if isinstance(reason, Said) else None
        self.reason, self.retryable, self.maybe_delivered = str(reason), retryable, maybe_delivered


def post_json(url: str, payload: dict[str, Any], *, headers: dict[str, str] | None = None,
              body: bytes | None = None) -> httpx2.Response:
    """POST JSON with short timeouts; network trouble and non-2xx answers become ChannelError."""
    host = urlsplit(url).netloc
    content = body if body is not None else json.dumps(payload, ensure_ascii=False).encode()
    try:
        response = client().post(url, content=content, timeout=TIMEOUT, headers={
            "Content-Type": "application/json; charset=utf-8", **(headers or {})})
    except (httpx2.ConnectError, httpx2.ConnectTimeout) as exc:
        raise ChannelError(text.CANNOT_REACH(host=host, error=str(exc) or type(exc).__name__)) from None
    except (httpx2.TimeoutException, httpx2.RemoteProtocolError) as exc:
        raise ChannelError(text.NO_ANSWER(host=host, error=type(exc).__name__), maybe_delivered=True) from None
    except httpx2.HTTPError as exc:
        raise ChannelError(text.SEND_FAILED(host=host, error=str(exc) or type(exc).__name__)) from None
    if response.status_code >= 500 or response.status_code == 429:
        raise ChannelError(text.ANSWERED(host=host, status=response.status_code))
    if response.status_code >= 400:
        raise ChannelError(text.REFUSED(host=host, status=response.status_code), retryable=False)
    return response


def answer_code(response: httpx2.Response, *fields: str) -> tuple[int | None, str]:
    """The app's own result code and message from a robot's JSON answer (None when absent)."""
    try:
        data = response.json()
    except ValueError:
        return None, ""
    if not isinstance(data, dict):
        return None, ""
    for name in fields:
        if isinstance(data.get(name), int):
            message = data.get("errmsg") or data.get("msg") or data.get("StatusMessage") or ""
            return data[name], str(message)[:200]
    return None, ""


def check_robot_answer(response: httpx2.Response, app: str, *fields: str, rate_limited: set[int]) -> None:
    """Robots answer 200 with a code of their own; anything but 0 did not post to the group."""
    code, message = answer_code(response, *fields)
    if code in (None, 0):
        return
    if code in rate_limited:
        raise ChannelError(text.RATE_LIMITED(app=app, code=code, message=message))
    raise ChannelError(text.APP_REFUSED(app=app, code=code, message=message), retryable=False)
