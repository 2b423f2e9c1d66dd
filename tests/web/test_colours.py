"""Text stays readable: every colour pair the style sheets declare has a contrast of at least 4.5:1 (WCAG AA).

axe-core (tests/browser/test_pages_fit.py) checks the pages as they render; this reads the style
sheets themselves, so a state the walk does not reach (the OK banner after a scan, a pressed
button) is checked too.
"""

from __future__ import annotations

import re

import pytest

from station.web.pages import STATIC_DIR

SHEETS = sorted(STATIC_DIR.glob("*.css"))
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}\b")


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def variables() -> dict[str, str]:
    root = re.search(r":root\s*\{([^}]*)\}", (STATIC_DIR / "station.css").read_text(encoding="utf-8")).group(1)
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]+)", root))


def colour(value: str | None, names: dict[str, str]) -> str | None:
    if value is None:
        return None
    if named := re.search(r"var\((--[\w-]+)\)", value):
        return names.get(named.group(1))
    found = HEX.search(value)
    return found.group(0) if found else None


def pairs():
    """(sheet, selector, text colour, background) for each rule that sets both."""
    names = variables()
    for sheet in SHEETS:
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        for selector, body in RULE.findall(text):
            declared = dict(part.split(":", 1) for part in body.split(";") if ":" in part)
            declared = {key.strip(): value.strip() for key, value in declared.items()}
            fg = colour(declared.get("color"), names)
            bg = colour(declared.get("background") or declared.get("background-color"), names)
            if fg and bg:
                yield sheet.name, " ".join(selector.split()), fg, bg


def test_every_declared_pair_reads_at_4_5_to_1():
    weak = [f"{sheet} {selector}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"
            for sheet, selector, fg, bg in pairs() if contrast(fg, bg) < 4.5]
    assert not weak, "\n".join(weak)


@pytest.mark.parametrize("name", ["--fg", "--accent", "--bad", "--muted"])
def test_the_text_colours_read_on_the_page_and_on_a_card(name):
    names = variables()
    for background in (names["--bg"], names["--card"]):
        assert contrast(names[name], background) >= 4.5, (name, background)
    if name in ("--accent", "--bad"):  # also the fill of buttons and banners under white text
        assert contrast(names[name], "#fff") >= 4.5
