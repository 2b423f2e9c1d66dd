"""The request's language: picked from ?lang=, the `lang` cookie or Accept-Language.

The catalogues and the locale itself live in station.catalogue.locale (pure, so domain text can
use them); they are named here too for the pages.
"""

from __future__ import annotations

from station.catalogue.locale import (DEFAULT_LOCALE, LOCALE_DIR, LOCALES, catalog, current_locale,
                                      gettext, ngettext, say)

__all__ = ["DEFAULT_LOCALE", "LOCALE_DIR", "LOCALES", "LocaleMiddleware", "catalog", "current_locale",
           "gettext", "ngettext", "pick_locale", "say"]


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
