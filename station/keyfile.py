"""Secrets kept in files beside the station, never in its database: readable by their owner alone."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from station.custody.seal import KEY_BYTES, parse_key


def write_private(path: Path, data: bytes) -> None:
    """Write a secret readable by its owner alone from its first byte (no window at 0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def read_secrets(path: Path | None) -> dict[str, str]:
    """NAME=value lines (systemd's EnvironmentFile= reads the same file); {} when there is none."""
    if path is None or not path.exists():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and not name.startswith("#"):
            found[name.strip()] = value.strip()
    return found


def save_secrets(path: Path, values: dict[str, str]) -> None:
    """Add or replace `values` in the secrets file, kept readable by its owner alone."""
    if not values:
        return
    merged = {**read_secrets(path), **values}
    write_private(path, "".join(f"{name}={value}\n" for name, value in sorted(merged.items())).encode())


def channel_secrets(path: Path | None, environ: dict[str, str]) -> dict[str, str]:
    """The values `${NAME}` references in the site's channels resolve to: the environment over the file."""
    return {**read_secrets(path), **{k: v for k, v in environ.items() if k.startswith("STATION_CHANNEL_")}}


def create_custody_key(path: Path) -> bool:
    """Make the custody key file unless it exists; True when it was made."""
    if path.exists():
        return False
    write_private(path, (secrets.token_hex(KEY_BYTES) + "\n").encode())
    return True


def load_custody_key(path: Path) -> bytes | None:
    """The custody key, or None when there is no key file; ValueError when the file is not a key."""
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read as a custody key ({exc})") from None
    try:
        return parse_key(text)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
