"""The station as the scanner sees it: two HTTP endpoints.

`POST {station}/api/v1/intake` with `{"scan", "gate", "category"?, "destination"?}` and an
Idempotency-Key; `GET {station}/healthz`. Every answer is sorted into delivered, rejected for
good (4xx but 408/429) or retry later (5xx, 408, 429, 3xx, timeouts, connection errors).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from typing import Any

import httpx2

INTAKE_PATH = "/api/v1/intake"
HEALTH_PATH = "/healthz"
RETRY_STATUSES = frozenset({408, 429})


@dataclass(frozen=True, slots=True)
class Delivered:
    """The station recorded the scan (or had already: `duplicate`)."""

    status: int
    response: dict[str, Any]

    @property
    def parcel(self) -> dict[str, Any]:
        parcel = self.response.get("parcel")
        return parcel if isinstance(parcel, dict) else {}

    @property
    def duplicate(self) -> bool:
        return bool(self.response.get("duplicate"))


@dataclass(frozen=True, slots=True)
class Rejected:
    """The station refused the scan; sending it again would not help."""

    status: int
    detail: str
    response: Any = None


@dataclass(frozen=True, slots=True)
class RetryLater:
    """The station could not be reached or asked us to come back."""

    error: str
    status: int | None = None
    retry_after: float | None = None


SendResult = Delivered | Rejected | RetryLater


def _detail(response: httpx2.Response) -> tuple[str, Any]:
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        text = response.text.strip()
        return (text[:500] or response.reason_phrase or f"HTTP {response.status_code}"), None
    detail = body.get("detail") if isinstance(body, dict) else None
    if detail is None:
        return (response.reason_phrase or f"HTTP {response.status_code}"), body
    if isinstance(detail, str):
        return detail, body
    # FastAPI's validation errors come as a list of objects.
    return json.dumps(detail, ensure_ascii=False)[:500], body


def _retry_after(response: httpx2.Response, *, now: datetime | None = None) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def classify(response: httpx2.Response) -> SendResult:
    """Sort an answer of the intake endpoint by the contract."""
    status = response.status_code
    if 200 <= status < 300:
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        # A 2xx means the station holds the scan; an odd body must not make us send it again.
        return Delivered(status, body if isinstance(body, dict) else {"raw": response.text[:2000]})
    detail, body = _detail(response)
    if status in RETRY_STATUSES or status >= 500:
        return RetryLater(f"HTTP {status}: {detail}", status, _retry_after(response))
    if 400 <= status < 500:
        return Rejected(status, detail, body)
    # 1xx/3xx: a proxy or a wrong URL; keep the scan until someone fixes the address.
    location = response.headers.get("Location", "")
    return RetryLater(f"HTTP {status} {location}".strip(), status)


class StationClient:
    """HTTP client of the station API; one per thread (httpx2.Client is not shared)."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: float = 5.0,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        headers = {"Accept": "application/json", "User-Agent": "station-scan"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.base_url = base_url.rstrip("/")
        self._http = httpx2.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx2.Timeout(timeout, connect=min(timeout, 3.0)),
            transport=transport,
            follow_redirects=False,
            # The station sits on the gate's LAN: a desktop proxy setting must not reroute it.
            trust_env=False,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StationClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def intake(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult:
        """Send one scan; never raises for network trouble."""
        try:
            response = self._http.post(INTAKE_PATH, json=payload, headers={"Idempotency-Key": idempotency_key})
        except httpx2.TimeoutException as exc:
            return RetryLater(f"timeout: {type(exc).__name__}")
        except httpx2.TransportError as exc:
            return RetryLater(f"cannot reach {self.base_url}: {exc or type(exc).__name__}")
        return classify(response)

    def healthy(self) -> bool:
        """True when GET /healthz answers 200."""
        try:
            return self._http.get(HEALTH_PATH).status_code == 200
        except httpx2.HTTPError:
            return False
