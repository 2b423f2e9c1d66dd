"""What of a resident may be shown (pure)."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """138****1234: enough for a resident to recognise their own number, no more."""
    if not phone:
        return ""
    if len(phone) >= 11:
        return phone[:3] + "****" + phone[-4:]
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


def mask_name(name: str | None) -> str:
    """张** / J*** : the first character only."""
    if not name:
        return ""
    return name[0] + "*" * min(max(len(name) - 1, 1), 3)


def mask_room(building: str | None, unit: int | None, room: str | None) -> str:
    """10-2-3**: the building, unit and floor, enough to see a parcel went to the right stairwell."""
    if not building or unit is None or not room:
        return ""
    return f"{building}-{unit}-{room[:-2]}**" if len(room) > 2 else f"{building}-{unit}-**"
