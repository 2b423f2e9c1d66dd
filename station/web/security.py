"""ASGI middleware: security headers on every response, cross-site refusal, body-size limits.

The body limit is enforced while the body streams in, before any handler reads it whole,
because the framework itself does not cap uploads.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(self), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SESSION_COOKIE = "station_session"


async def _send_json(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    header for header in HEADERS if header[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cross_site_reason(method: str, headers: dict[bytes, bytes]) -> str | None:
    """Why a state-changing request must be refused as cross-site, or None (pure)."""
    if method in SAFE_METHODS:
        return None
    if headers.get(b"authorization", b"").lower().startswith(b"bearer "):
        return None  # a device token is not sent by browsers on their own
    fetch_site = headers.get(b"sec-fetch-site", b"").decode("latin-1")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return f"refused a {fetch_site} request: open the station's own page and try again"
    origin = headers.get(b"origin", b"").decode("latin-1")
    host = headers.get(b"host", b"").decode("latin-1")
    if origin and origin != "null" and urlsplit(origin).netloc != host:
        return "refused a request from another site"
    if origin == "null":
        return "refused a request from an opaque origin"
    if not fetch_site and not origin and SESSION_COOKIE.encode() in headers.get(b"cookie", b""):
        return "refused a signed-in request that does not say where it came from"
    return None


class CrossSiteGuard:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            reason = cross_site_reason(scope["method"], headers)
            if reason:
                return await _send_json(send, 403, reason)
        return await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """413 for a body over the limit of its path: by Content-Length at once, else as it streams."""

    def __init__(self, app, *, default: int, limits: dict[str, int]) -> None:
        self.app, self.default, self.limits = app, default, limits

    def limit_for(self, path: str) -> int:
        return next((limit for prefix, limit in self.limits.items() if path.startswith(prefix)),
                    self.default)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope["path"])
        length = dict(scope["headers"]).get(b"content-length")
        too_large = f"the request body is over the {limit // 1024} KiB this address takes"
        try:
            if length is not None and int(length) > limit:
                return await _send_json(send, 413, too_large)
        except ValueError:
            return await _send_json(send, 400, "bad Content-Length")
        seen = 0
        started = refused = False

        async def counting_receive():
            nonlocal seen, started, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Answer now: the framework turns errors raised while it reads the body
                    # into a 400 of its own.
                    if not started:
                        started = refused = True
                        await _send_json(send, 413, too_large)
                    raise _TooLarge
            return message

        async def watching_send(message):
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if not started:
                await _send_json(send, 413, too_large)
