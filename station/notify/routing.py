"""Which channel hears about what, and how a channel is named to people (pure)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from station.notify.text import joined, phrase
from station.site import Channel, Site


def building_channels(site: Site) -> list[Channel]:
    return [channel for channel in site.channels if channel.role == "building"]


def coordinator_channels(site: Site) -> list[Channel]:
    return [channel for channel in site.channels if channel.role == "coordinator"]


def channel_by_code(site: Site, code: str) -> Channel | None:
    return next((channel for channel in site.channels if channel.code == code), None)


def channels_for(site: Site, buildings: set[str]) -> list[tuple[Channel, tuple[str, ...]]]:
    """Building channels serving any of `buildings`, each with the ones it serves, in site order."""
    found = []
    for channel in building_channels(site):
        served = tuple(b for b in channel.buildings if b in buildings)
        if served:
            found.append((channel, served))
    return found


def scope_key(channel: Channel, buildings: tuple[str, ...] | None = None) -> str:
    """A short label of what a message is about: 'B10', 'G1', 'B1-4+7'."""
    buildings = channel.buildings if buildings is None else buildings
    if channel.grids and buildings == channel.buildings:
        return "+".join(channel.grids)
    return "B" + "+".join(ranges(buildings))


def scope_title(site: Site, channel: Channel, buildings: tuple[str, ...], lang: str) -> str:
    """'10号楼', '第一网格', 'Buildings 1-4, 7' as the group reads it."""
    if channel.grids and buildings == channel.buildings:
        names = {grid.code: grid.name for grid in site.grids}
        return joined(lang, (phrase(lang, "grid", name=names[code], code=code) for code in channel.grids))
    if len(buildings) == 1:
        return phrase(lang, "building", building=buildings[0])
    return phrase(lang, "buildings", buildings=joined(lang, ranges(buildings)))


def ranges(codes: tuple[str, ...] | list[str]) -> list[str]:
    """['1', '2', '3', '7'] -> ['1-3', '7'] (codes with letters stay as they are)."""
    out: list[str] = []
    start = prev = None
    for code in list(codes) + [None]:
        number = int(code) if code is not None and code.isdigit() else None
        if number is not None and prev is not None and number == prev + 1:
            prev = number
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = None
        if number is not None:
            start = prev = number
        elif code is not None:
            out.append(code)
    return out


LONG_TOKEN = re.compile(r"[A-Za-z0-9_\-]{16,}")


def target_of(channel: Channel) -> str:
    """Where a channel's messages go, safe to show: robot keys and tokens are cut out."""
    if channel.kind == "email":
        return ", ".join(channel.smtp_to)
    parts = urlsplit(channel.url or "")
    path = LONG_TOKEN.sub(lambda m: "…" + m.group()[-4:], parts.path)
    return f"{parts.scheme}://{parts.netloc}{path}"[:200]
