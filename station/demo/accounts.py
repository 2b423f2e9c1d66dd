"""The demo site's volunteers, one per role: for trying the station, never for a real gate."""

from __future__ import annotations

import secrets

DEMO_ACCOUNTS = (("lead", "coordinator"), ("gate1", "gate"), ("disinfect1", "disinfection"),
                 ("runner1", "runner"))


def demo_password() -> str:
    """A fresh random password that says it is a demo one."""
    return "demo-" + secrets.token_urlsafe(9)
