"""Constants and helpers shared by tests (imported once, as tests.support)."""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from station.catalogue import Joined, Said, render_value
from station.catalogue.locale import catalog
from station.db import utcnow
from station.timefmt import local

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "station" / "site" / "demo"
SHARED_DATA = ROOT.parent / "shared" / "data"
PG_URL = os.environ.get("STATION_TEST_DATABASE_URL")
NOW = datetime(2026, 11, 27, 1, 30, tzinfo=UTC)  # 09:30 in the compound
SITE_TIMEZONE = "Asia/Shanghai"  # the demo sites' clock
PASSWORD = "gate-shift-2026"
ACCOUNTS = {"lead": "coordinator", "gate1": "gate", "disinfect1": "disinfection", "runner1": "runner"}
TOKENS: dict[str, str] = {}  # account name -> device token, the same in every test database


def bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[name]}"}


def copy_demo(tmp_path: Path, name: str = "small") -> Path:
    target = tmp_path / f"{name}.toml"
    shutil.copy(DEMO / f"{name}.toml", target)
    return target


ORIGIN = {"Origin": "http://testserver"}
EN = {"Accept-Language": "en"}  # an API client that asks in English


def signed_in_client(app, name: str):
    """A TestClient signed in as `name` through the sign-in form, as a browser would be."""
    from fastapi.testclient import TestClient

    client = TestClient(app, follow_redirects=False)
    signed = client.post("/login", data={"name": name, "password": PASSWORD, "next": "/gate"}, headers=ORIGIN)
    assert signed.status_code == 303
    return client


def earlier_today(minutes: float) -> datetime:
    """`minutes` before now, or the start of the compound's day if that falls before it.

    Tests that read today's figures place their items here, so they hold at any hour, just after
    midnight too.
    """
    now = utcnow()
    midnight = local(now, SITE_TIMEZONE).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - timedelta(minutes=minutes), midnight.astimezone(UTC))


ENGLISH_SENTENCE = re.compile(r"[A-Za-z]+(?:[\s,;:()'-]+[A-Za-z]+){2,}")  # three English words in a row


def said_in_chinese(said: Said) -> str:
    """`said` through the zh catalogue, checked: translated, each parameter shown (a said one checked
    too), and no English sentence left once the parameters are taken out (a parameter may be data,
    such as a carrier's format name, that is not ours to translate)."""
    zh = catalog("zh_CN")
    assert said.message.text in zh, f"{said.code} has no zh translation"
    chinese = said.render(lambda text: zh.get(text, text), "zh_CN")
    rest = chinese
    for value in said.params.values():
        inner = value.items if isinstance(value, Joined) else (value,)
        for item in inner:
            if isinstance(item, Said):
                said_in_chinese(item)
        shown = str(render_value(value, lambda text: zh.get(text, text), "zh_CN"))
        assert shown in chinese, f"{said.code}: {shown!r} not in {chinese!r}"
        rest = rest.replace(shown, " ")
    assert not ENGLISH_SENTENCE.search(rest), f"{said.code}: {chinese!r}"
    assert re.search(r"[\u4e00-\u9fff]", chinese), f"{said.code}: {chinese!r}"
    return chinese
