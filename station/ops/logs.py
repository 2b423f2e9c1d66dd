"""Logging through the standard `logging` module: one handler on stderr, text or JSON lines,
and an access log of one line per request."""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime

LEVELS = ("debug", "info", "warning", "error")
FORMATS = ("text", "json")
ACCESS = logging.getLogger("station.access")
# What a record carries besides the standard attributes: the access log's fields.
ACCESS_FIELDS = ("method", "path", "status", "duration_ms", "client")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        line.update({k: getattr(record, k) for k in ACCESS_FIELDS if hasattr(record, k)})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(level: str = "info", fmt: str = "text", stream=None) -> logging.Handler:
    """Send the station's and uvicorn's records at `level` or above to stderr; the handler it set."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines() if fmt == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "station", False)]:
        root.removeHandler(old)
    handler.station = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    return handler


class AccessLog:
    """One INFO line per request on `station.access`: method, path, status, milliseconds, client.

    The query string is left out: /track's carries a room and a phone tail.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not ACCESS.isEnabledFor(logging.INFO):
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def watching_send(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        finally:
            took = round((time.perf_counter() - started) * 1000, 1)
            client = (scope.get("client") or ("-",))[0]
            ACCESS.info("%s %s %s %.1fms %s", scope["method"], scope["path"], status, took, client,
                        extra={"method": scope["method"], "path": scope["path"], "status": status,
                               "duration_ms": took, "client": client})
