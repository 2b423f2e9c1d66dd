"""Channel secrets kept out of the stored site file (pure).

A channel's `secret` (robot signing secret, webhook key, SMTP password) and the address of a
robot or of a webhook with a query string (WeCom's `?key=`, DingTalk's `access_token`) are
credentials. In the site file kept in the database, and so in its backups, they are
`${NAME}` references, resolved when a message is sent from the environment or the secrets file
(`STATION_SECRETS_FILE`). A site file given with literal values has them taken out on load.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from station.site.model import Site

REFERENCE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
ROBOTS = ("wecom", "dingtalk", "feishu")
_LINE = re.compile(r"""^(?P<lead>\s*(?P<key>secret|url)\s*=\s*)(?P<value>"(?:[^"\\]|\\.)*"|'[^']*')(?P<tail>\s*(?:#.*)?)$""")
_HEADER = re.compile(r"^\s*\[")
MASK = "••••"


def reference_name(code: str, key: str) -> str:
    return f"STATION_CHANNEL_{re.sub(r'[^A-Z0-9]', '_', code.upper())}_{key.upper()}"


def is_secret(kind: str, key: str, value: str) -> bool:
    """Whether a literal value of a channel is a credential to keep out of the stored file."""
    if REFERENCE.fullmatch(value) or not value:
        return False
    if key == "secret":
        return True
    return kind in ROBOTS or bool(urlsplit(value).query)


def _channel_lines(toml: str):
    """(line index, channel table) for every line inside a [[channels]] table."""
    data = tomllib.loads(toml)
    channels = data.get("channels") if isinstance(data.get("channels"), list) else []
    index, inside = -1, False
    for number, line in enumerate(toml.split("\n")):
        if _HEADER.match(line):
            inside = line.strip().startswith("[[channels]]")
            index += inside
            continue
        if inside and 0 <= index < len(channels) and isinstance(channels[index], dict):
            yield number, channels[index]


def take_secrets(toml: str) -> tuple[str, dict[str, str]]:
    """The site file with its channels' literal credentials replaced by references, and the values taken.

    A file TOML cannot read is returned as it is (the site parser then says why).
    """
    try:
        places = list(_channel_lines(toml))
    except tomllib.TOMLDecodeError:
        return toml, {}
    lines = toml.split("\n")
    taken: dict[str, str] = {}
    for number, channel in places:
        match = _LINE.match(lines[number])
        if not match or not isinstance(channel.get("code"), str):
            continue
        key = match["key"]
        value = tomllib.loads(f"v = {match['value']}")["v"]
        if not is_secret(str(channel.get("kind", "")), key, value):
            continue
        name = reference_name(channel["code"], key)
        taken[name] = value
        lines[number] = f'{match["lead"]}"${{{name}}}"{match["tail"]}'
    return "\n".join(lines), taken


def mask_secrets(toml: str) -> str:
    """The site file as shown on /admin/site: references as they are, literal credentials masked."""
    try:
        places = list(_channel_lines(toml))
    except tomllib.TOMLDecodeError:
        return toml
    lines = toml.split("\n")
    for number, channel in places:
        match = _LINE.match(lines[number])
        if not match:
            continue
        value = tomllib.loads(f"v = {match['value']}")["v"]
        if is_secret(str(channel.get("kind", "")), match["key"], value):
            parts = urlsplit(value)
            shown = f"{parts.scheme}://{parts.netloc}/{MASK}" if match["key"] == "url" and parts.netloc else MASK
            lines[number] = f'{match["lead"]}"{shown}"{match["tail"]}'
    return "\n".join(lines)


def resolve(value: str | None, lookup: Callable[[str], str | None], missing: list[str]) -> str | None:
    if value is None:
        return None

    def one(match: re.Match) -> str:
        found = lookup(match[1])
        if found is None:
            missing.append(match[1])
            return match[0]
        return found

    return REFERENCE.sub(one, value)


def with_secrets(site: Site, secrets: Mapping[str, str]) -> tuple[Site, list[str]]:
    """The site with its channels' references filled in, and the names found nowhere."""
    missing: list[str] = []
    channels = tuple(replace(c, url=resolve(c.url, secrets.get, missing), secret=resolve(c.secret, secrets.get, missing))
                     for c in site.channels)
    return replace(site, channels=channels), sorted(set(missing))
