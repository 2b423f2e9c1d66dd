"""Rendering pages: one Jinja2 environment, autoescape everywhere, gettext installed."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from markupsafe import Markup

from station.accounts.permissions import may
from station.residents.track import text as track_words
from station.web import i18n

# Package data, so a wheel serves every page: installed packages are plain folders, which the
# loader and the static files read from directly.
TEMPLATE_DIR = Path(str(resources.files("station") / "templates"))
STATIC_DIR = TEMPLATE_DIR / "static"


@cache
def environment() -> Environment:
    # Templates are package data, not edited under a running station: compiled once, never
    # checked again on disk (each page's extends, includes and imports cost a stat each).
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), extensions=["jinja2.ext.i18n"],
                      autoescape=select_autoescape(default=True, default_for_string=True), auto_reload=False)
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = translate
    env.globals["can"] = can
    env.globals["say"] = i18n.say  # a catalogued message (Said) in the page's language
    env.globals["track_words"] = track_words  # a parcel card's words, cheaper than macros
    return env


@pass_eval_context
def translate(eval_context: EvalContext, message: str, **variables: Any) -> str:
    """`_()` in a template, as the i18n extension's new-style gettext answers it (the translation is
    markup, its parameters are escaped, `%%` is a percent sign) without its three calls through
    the template context: a page has dozens, and /track's burst renders hundreds a second."""
    translated = i18n.gettext(message)
    if eval_context.autoescape:
        translated = Markup(translated)
    return translated % variables if variables or "%" in translated else translated


@pass_context
def can(context: Context, action: str) -> bool:
    """In a template: whether the signed-in volunteer may do `action`, so links and buttons show only then."""
    actor = context.get("actor")
    return actor is not None and may(actor.role, action)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    actor = getattr(request.state, "actor", None)
    html = environment().get_template(template).render(
        request=request, actor=actor,
        locale=i18n.current_locale.get(), locales=i18n.LOCALES, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)
