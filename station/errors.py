"""Domain errors with a message a volunteer can act on; mapped to pages and JSON in app.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class StationError(Exception):
    status_code = 400

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The message in the reader's language, as a page shows it."""
        return gettext(self.message)


class InvalidInput(StationError):
    status_code = 422


class NotFound(StationError):
    status_code = 404


class Conflict(StationError):
    status_code = 409


class InvalidTransition(Conflict):
    """A custody move the state machine does not allow (or not yet: dwell, verification)."""


class ShelvesFull(Conflict):
    pass


class Unauthorized(StationError):
    status_code = 401


class Forbidden(StationError):
    status_code = 403
