"""Every command `station` had stays there, whichever module defines it (new ones may join)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from station.cli import main

COMMANDS = {
    (): ["backup", "bench", "check", "demo-day", "export", "import-roster", "init", "label", "notify-worker",
         "recognize", "restore", "serve", "signs", "token", "users"],
    ("bench",): ["accuracy", "check", "decode", "floor-list", "frame-to-label", "gate-pages", "intake", "labels",
                 "lookup", "notify", "seed"],
    ("users",): ["add", "disable", "list", "password"],
    ("token",): ["create", "revoke"],
}


@pytest.mark.parametrize("group", COMMANDS, ids=lambda group: " ".join(("station", *group)))
def test_help_lists_every_command(group: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*group, "--help"])
    assert result.exit_code == 0, result.output
    listed = re.findall(r"^  (\S+)", result.output.split("Commands:")[1], flags=re.MULTILINE)
    assert set(COMMANDS[group]) - set(listed) == set()
