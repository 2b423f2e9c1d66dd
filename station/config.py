"""Settings, built once (from the environment or by tests) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///var/station.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    printer: str | None = None
    label_size: str = "60x40"
    label_dpi: int = 203
    secure_cookies: bool = False
    session_idle_minutes: int = 60
    session_shift_hours: int = 12
    max_upload_bytes: int = 8 * 1024 * 1024
    max_upload_pixels: int = 4096 * 4096
    track_lookups: int = 300  # resident lookups per client address in 10 minutes, in each process
    track_failures: int = 30  # wrong phone tails per client address in 10 minutes, in all processes
    trusted_proxies: tuple[str, ...] = ()  # addresses whose X-Forwarded-For is believed
    labels_dir: Path = field(default=Path("var/labels"))
    tls_dir: Path | None = None
    custody_key_file: Path = field(default=Path("var/custody.key"))
    waybill_reading: bool = True  # the gate may send a frame to read the recipient's room off

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        env = os.environ
        values: dict[str, object] = {
            "database_url": env.get("STATION_DATABASE_URL", DEFAULT_DATABASE_URL),
            "printer": env.get("STATION_PRINTER") or None,
            "label_size": env.get("STATION_LABEL_SIZE", "60x40"),
            "label_dpi": int(env.get("STATION_LABEL_DPI", "203")),
            "secure_cookies": env.get("STATION_SECURE_COOKIES", "") == "1",
            "labels_dir": Path(env.get("STATION_LABELS_DIR", "var/labels")),
            "custody_key_file": Path(env.get("STATION_CUSTODY_KEY_FILE", "var/custody.key")),
            "waybill_reading": env.get("STATION_WAYBILL_READING", "1") != "0",
            "track_lookups": int(env.get("STATION_TRACK_LOOKUPS", "300")),
            "track_failures": int(env.get("STATION_TRACK_FAILURES", "30")),
            "trusted_proxies": tuple(a.strip() for a in env.get("STATION_TRUSTED_PROXIES", "").split(",")
                                     if a.strip()),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
