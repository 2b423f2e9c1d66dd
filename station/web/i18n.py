"""Interface text in zh-CN (default) and en through gettext catalogs.

Source strings are English; every `station/locale/<locale>/LC_MESSAGES/*.po` holds
translations (one file per part of the station), read with Babel when first needed, so
there is no compile step to forget.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from importlib import resources
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = {"zh_CN": "中文", "en": "English"}
DEFAULT_LOCALE = "zh_CN"
LOCALE_DIR = Path(str(resources.files("station") / "locale"))
current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


@cache
def catalog(locale: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            po = read_po(handle, locale=locale)
        merged.update({message.id: message.string for message in po
                       if message.id and message.string and isinstance(message.id, str)})
    return merged


def gettext(message: str) -> str:
    return catalog(current_locale.get()).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def pick_locale(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LOCALES:
            return candidate
    if accept_language and accept_language.lower().startswith("en"):
        return "en"
    return DEFAULT_LOCALE


class LocaleMiddleware:
    """Sets the request's locale from ?lang=, the `lang` cookie or Accept-Language."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from urllib.parse import parse_qs

        query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
        headers = dict(scope["headers"])
        cookies = headers.get(b"cookie", b"").decode("latin-1")
        cookie = next((part.split("=", 1)[1].strip() for part in cookies.split(";")
                       if part.strip().startswith("lang=")), None)
        locale = pick_locale(query, cookie, headers.get(b"accept-language", b"").decode("latin-1"))
        token = current_locale.set(locale)
        scope.setdefault("state", {})["locale"] = locale

        async def send_with_cookie(message):
            if message["type"] == "http.response.start" and query in LOCALES:
                message["headers"] = list(message.get("headers", [])) + [
                    (b"set-cookie", f"lang={query}; Path=/; Max-Age=31536000; SameSite=Lax".encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_cookie)
        finally:
            current_locale.reset(token)
