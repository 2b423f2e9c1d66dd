"""Rendering pages: one Jinja2 environment, autoescape everywhere, gettext installed."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from station.web import i18n

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"
STATIC_DIR = TEMPLATE_DIR / "static"


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), extensions=["jinja2.ext.i18n"],
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    actor = getattr(request.state, "actor", None)
    html = environment().get_template(template).render(
        request=request, actor=actor, csrf_token=actor.csrf_token if actor else "",
        locale=i18n.current_locale.get(), locales=i18n.LOCALES, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)
