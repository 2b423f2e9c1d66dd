"""Settings, built once (from the environment or by tests) and passed down.

`Settings(...)` takes its values as given, so tests never depend on the environment;
`Settings.from_env()` reads every field from `STATION_<FIELD>` (the README lists them all) and
validates them at start, so a bad value stops the station with the variable's name instead of
failing per request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/station.db"
ENV_PREFIX = "STATION_"
Count = Annotated[int, Field(ge=1)]


class SettingsError(ValueError):
    """A setting the station cannot start with; the message names the variable and its value."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str = DEFAULT_DATABASE_URL
    printer: str | None = None  # every gate's, unless `printers` names the gate's own
    printers: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)  # gate code -> printer
    label_size: str = "60x40"
    label_dpi: int = 203
    secure_cookies: bool = False
    session_idle_minutes: Count = 60
    session_shift_hours: Count = 12
    max_upload_bytes: Count = 8 * 1024 * 1024
    max_upload_pixels: Count = 4096 * 4096
    track_lookups: Count = 300  # resident lookups per client address in 10 minutes, in all processes
    track_failures: Count = 30  # wrong phone tails per client address in 10 minutes, in all processes
    # Addresses whose X-Forwarded-For is believed; comma-separated in the environment.
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    tls_dir: Path | None = None
    custody_key_file: Path = Path("var/custody.key")
    waybill_reading: bool = True  # the gate may send a frame to read the recipient's room off
    # Where channel secrets taken out of a loaded site file go; None (tests): the file is kept as given.
    secrets_file: Path | None = None
    notify_worker: bool = False  # `station serve` also runs the notification worker, in a thread
    workers: Count | None = None  # `station serve` processes; None: one per core
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["text", "json"] = "text"

    @field_validator("printer", mode="before")
    @classmethod
    def _no_empty_printer(cls, value: Any) -> Any:
        return value or None

    @field_validator("printers", mode="before")
    @classmethod
    def _gate_printers(cls, value: Any) -> Any:
        """`main=zpl://192.168.1.50, north=Zebra_GX420` in the environment."""
        if not isinstance(value, str):
            return value
        pairs = [item.partition("=") for item in value.split(",") if item.strip()]
        if any(not sep or not gate.strip() for gate, sep, _ in pairs):
            raise ValueError("expected GATE=PRINTER pairs separated by commas")
        return {gate.strip(): printer.strip() for gate, _, printer in pairs}

    @field_validator("printer")
    @classmethod
    def _printer(cls, value: str | None) -> str | None:
        from labels.printers import parse_printer  # labels' renderers load only when a label is made

        if value is not None:
            parse_printer(value)
        return value

    @field_validator("printers")
    @classmethod
    def _printer_per_gate(cls, value: dict[str, str]) -> dict[str, str]:
        from labels.printers import parse_printer

        for printer in value.values():
            parse_printer(printer)
        return value

    def printer_for(self, gate: str | None) -> str | None:
        """The printer of a gate: its own, else the one for all gates, else none."""
        return self.printers.get(gate or "", self.printer)

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("label_size")
    @classmethod
    def _known_label_size(cls, value: str) -> str:
        from labels.layout import layout_for

        layout_for(value)  # LabelError (a ValueError) names the known sizes
        return value

    @field_validator("label_dpi")
    @classmethod
    def _printable_dpi(cls, value: int) -> int:
        from labels import DPIS

        if value not in DPIS:
            raise ValueError(f"labels are printed at {' or '.join(map(str, DPIS))} dpi")
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_addresses(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(a.strip() for a in value.split(",") if a.strip())
        return value

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Settings from `STATION_*` variables; overrides (command-line options) win unless None."""
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            return cls(**_Environment(**given).model_dump())
        except ValidationError as exc:
            raise SettingsError(describe(exc, given)) from None


class _Environment(BaseSettings, Settings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, extra="forbid", frozen=True)

    secrets_file: Path | None = Path("var/secrets.env")


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


def describe(exc: ValidationError, given: dict[str, object]) -> str:
    """One line per bad setting: `STATION_LABEL_DPI=200dpi: Input should be a valid integer`."""
    lines = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        name = f"--{field.replace('_', '-')}" if field in given else env_name(field)
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"{name}={error.get('input')}: {message}")
    return "\n".join(lines)
