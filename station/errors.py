"""Domain errors with a message a volunteer can act on; mapped to pages and JSON in app.py."""

from __future__ import annotations

from typing import Any

from station.catalogue import Gettext, Message, Said, said


class StationError(Exception):
    """Raised with a catalogued message (`NotFound(NO_PARCEL(code=...))`); `extra` are the JSON
    fields the API answers beside `detail` and `code` (`field`, `candidates`, ...)."""

    status_code = 400

    def __init__(self, message: Said | Message | str, **extra: Any) -> None:
        self.said = said(message)
        super().__init__(self.said.render())
        self.extra = extra

    @property
    def message(self) -> str:
        """In English, for logs and the terminal."""
        return self.said.render()

    @property
    def code(self) -> str:
        return self.said.code

    def translated(self, gettext: Gettext, locale: str = "en") -> str:
        """The message in the reader's language, as a page or the API shows it."""
        return self.said.render(gettext, locale)


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
