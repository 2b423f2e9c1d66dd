"""The optional [notifications] table and [[channels]] tables of a site file (pure).

    [notifications]
    digest_times = ["10:00", "16:00"]     # building digests at these local times
    show_pickup_codes = false             # pickup codes in group messages (anyone in the group reads them)
    remind_before_end_minutes = 60        # remind the coordinator this long before the last window ends
    medicine_wait_minutes = 30            # ... and of medicine waiting longer than this

    [[channels]]
    code = "g1"                           # a name for the coordinator page
    kind = "wecom"                        # wecom | dingtalk | feishu | webhook | email
    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=..."
    grids = ["G1"]                        # or buildings = "1-4"
    language = "zh"                       # zh | en

    [[channels]]
    code = "lead"
    kind = "email"
    role = "coordinator"                  # reminders go here; building channels get digests
    smtp_host = "smtp.example.org"
    smtp_port = 587
    smtp_starttls = true
    smtp_user = "station@example.org"     # optional; the password is `secret`
    smtp_from = "station@example.org"
    smtp_to = ["lead@example.org"]

`secret` signs DingTalk and Feishu robot messages (their "加签"/"签名校验" setting) and generic
webhook bodies (X-Station-Signature), and is the SMTP password for email. `secret` and `url` may
be `${NAME}` references to the environment or the secrets file (station/site/secrets.py).
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from station.site.reader import Reader, expand_codes, join_key
from station.site.model import Channel, Grid, Notifications
from station.site.secrets import REFERENCE

CHANNEL_KINDS = ("wecom", "dingtalk", "feishu", "webhook", "email")
ROLES = ("building", "coordinator")
LANGUAGES = ("zh", "en")
CHANNEL_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_notifications(data: dict, reader: Reader) -> Notifications:
    table = reader.table(data, "notifications", "", required=False)
    known = {"digest_times", "show_pickup_codes", "remind_before_end_minutes", "medicine_wait_minutes"}
    _no_unknown(table, known, "notifications", reader)
    return Notifications(
        digest_times=_times(table, "notifications", reader) or (),
        show_pickup_codes=_flag(table, "show_pickup_codes", "notifications", reader),
        remind_before_end_minutes=reader.integer(table, "remind_before_end_minutes", "notifications",
                                                 60, low=5, high=12 * 60),
        medicine_wait_minutes=reader.integer(table, "medicine_wait_minutes", "notifications", 30,
                                             low=5, high=24 * 60),
    )


def parse_channels(data: dict, reader: Reader, buildings: set[str],
                   grids: tuple[Grid, ...]) -> tuple[Channel, ...]:
    if "channels" not in data:
        return ()
    channels = tuple(_channel(entry, f"channels[{index}]", reader, buildings, grids)
                     for index, entry in enumerate(reader.tables(data, "channels")))
    seen: set[str] = set()
    for index, channel in enumerate(channels):
        if channel.code in seen:
            raise reader.fail(f"channels[{index}].code", "a code used only once", channel.code)
        seen.add(channel.code)
    return channels


KNOWN_KEYS = {"code", "kind", "role", "buildings", "grids", "language", "url", "secret", "smtp_host",
              "smtp_port", "smtp_from", "smtp_to", "smtp_starttls", "smtp_user", "digest_times"}


def _channel(entry: dict, path: str, reader: Reader, buildings: set[str],
             grids: tuple[Grid, ...]) -> Channel:
    _no_unknown(entry, KNOWN_KEYS, path, reader)
    code = reader.text(entry, "code", path)
    if not CHANNEL_CODE.match(code):
        raise reader.fail(f"{path}.code", "lower-case letters, digits, - or _ (at most 40)", code)
    kind = _choice(entry, "kind", path, CHANNEL_KINDS, None, reader)
    role = _choice(entry, "role", path, ROLES, "building", reader)
    language = _choice(entry, "language", path, LANGUAGES, "zh", reader)

    served_grids = _grids(entry, path, reader, grids)
    served = list(expand_codes(entry["buildings"], f"{path}.buildings", reader)) if "buildings" in entry else []
    for code_ in served:
        if code_ not in buildings:
            raise reader.fail(f"{path}.buildings", "buildings of this site", code_)
    for grid in grids:
        if grid.code in served_grids:
            served.extend(b for b in grid.buildings if b not in served)
    if role == "building" and not served:
        raise reader.fail(f"{path}.buildings", "the buildings or grids this channel serves "
                          '(buildings = "1-4" or grids = ["G1"]), or role = "coordinator"')

    fields: dict[str, Any] = {}
    if kind == "email":
        fields["smtp_host"] = reader.text(entry, "smtp_host", path)
        fields["smtp_port"] = reader.integer(entry, "smtp_port", path, 25, low=1, high=65535)
        fields["smtp_from"] = _address(reader.text(entry, "smtp_from", path), f"{path}.smtp_from", reader)
        to = entry.get("smtp_to")
        to = [to] if isinstance(to, str) else to
        if not isinstance(to, list) or not to:
            raise reader.fail(f"{path}.smtp_to", 'an address or a list of addresses ["lead@example.org"]', to)
        fields["smtp_to"] = tuple(_address(a, f"{path}.smtp_to", reader) for a in to)
        fields["smtp_starttls"] = _flag(entry, "smtp_starttls", path, reader)
        fields["smtp_user"] = reader.text(entry, "smtp_user", path) if "smtp_user" in entry else None
    else:
        url = reader.text(entry, "url", path)
        if not (re.match(r"^https?://[^\s/]+", url) or REFERENCE.fullmatch(url)):
            raise reader.fail(f"{path}.url", "the robot's webhook address, starting with https://", url)
        fields["url"] = url
    if "secret" in entry:
        if kind == "wecom":
            raise reader.fail(f"{path}.secret", "no secret: a WeCom robot is not signed "
                              "(its address is the secret; keep the site file private)")
        fields["secret"] = reader.text(entry, "secret", path)
    return Channel(code=code, kind=kind, role=role, buildings=tuple(served), grids=served_grids,
                   language=language, digest_times=_times(entry, path, reader), **fields)


def _grids(entry: dict, path: str, reader: Reader, grids: tuple[Grid, ...]) -> tuple[str, ...]:
    if "grids" not in entry:
        return ()
    value = entry["grids"]
    value = [value] if isinstance(value, str) else value
    codes = {grid.code for grid in grids}
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v in codes for v in value):
        raise reader.fail(join_key(path, "grids"), "grid codes of this site such as [\"G1\"]", entry["grids"])
    return tuple(dict.fromkeys(value))


def _times(table: dict, path: str, reader: Reader) -> tuple[time, ...] | None:
    if "digest_times" not in table:
        return None
    value = table["digest_times"]
    if not isinstance(value, list) or not all(isinstance(v, str) and CLOCK.match(v) for v in value):
        raise reader.fail(join_key(path, "digest_times"), 'local times such as ["10:00", "16:00"]', value)
    return tuple(sorted({time(int(v[:2]), int(v[3:])) for v in value}))


def _choice(entry: dict, key: str, path: str, allowed: tuple[str, ...], default: str | None,
            reader: Reader) -> str:
    value = entry.get(key, default)
    if value not in allowed:
        raise reader.fail(join_key(path, key), "one of " + ", ".join(allowed), value)
    return value


def _flag(table: dict, key: str, path: str, reader: Reader) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise reader.fail(join_key(path, key), "true or false", value)
    return value


def _address(value: Any, key: str, reader: Reader) -> str:
    if not isinstance(value, str) or not EMAIL.match(value.strip()):
        raise reader.fail(key, "an email address such as lead@example.org", value)
    return value.strip()


def _no_unknown(table: dict, known: set[str], path: str, reader: Reader) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise reader.fail(join_key(path, unknown[0]), "one of the keys " + ", ".join(sorted(known)), unknown[0])
