"""Keys as a USB scanner sends them: a fast burst ending in Enter, also through a Chinese input method."""

from __future__ import annotations

import time

SYMBOL_CODES = {"-": "Minus", "/": "Slash", ".": "Period"}


def burst(page, text: str, delay: int = 5) -> None:
    """A scanner's burst wherever the focus is (nothing is focused first)."""
    page.keyboard.type(text, delay=delay)
    page.keyboard.press("Enter")


def key_code(ch: str) -> str:
    if ch.isdigit():
        return f"Digit{ch}"
    if ch.isalpha():
        return f"Key{ch.upper()}"
    return SYMBOL_CODES[ch]


def ime_burst(page, text: str) -> None:
    """A burst while an input method composes: every key, Enter too, arrives as "Process"."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Input.imeSetComposition", {"text": "s", "selectionStart": 1, "selectionEnd": 1})
        for code in [key_code(ch) for ch in text] + ["Enter"]:
            for kind in ("rawKeyDown", "keyUp"):
                cdp.send("Input.dispatchKeyEvent", {"type": kind, "key": "Process", "code": code,
                                                    "windowsVirtualKeyCode": 229, "nativeVirtualKeyCode": 229})
            time.sleep(0.005)
    finally:
        cdp.detach()
