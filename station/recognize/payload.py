"""QR payloads printed on waybills: web addresses, JSON, or text naming the waybill number."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

# Keys that carry the waybill number, compared lower-case without '_' and '-'. Order is rank:
# a specific key wins over a generic one such as `no` or `code`.
WAYBILL_KEYS = (
    "waybillno", "waybill", "waybillnumber", "waybillcode", "mailno", "mailnum", "billcode",
    "billno", "trackingno", "trackingnumber", "tracking", "trackno", "expressno", "expressnum",
    "logisticsno", "logisticno", "shipmentno", "deliveryno", "orderno", "运单号", "快递单号",
    "单号", "nu", "num", "no", "number", "id", "code", "q",
)
_RANK = {key: index for index, key in enumerate(WAYBILL_KEYS)}
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]{1,15}://|www\.)\S+", re.IGNORECASE)
_QUERY_TEXT = re.compile(r"^[^\s=&]{1,40}=[^\s&]*(?:&[^\s=&]{1,40}=[^\s&]*)*$")
_LABELLED = re.compile(
    r"(?:运单号码|运单号|运单编号|快递单号|单号|waybill\s*(?:no|number)?|tracking\s*(?:no|number)?|"
    r"mail\s*no|awb)\s*[.:：#]?\s*([A-Za-z0-9][A-Za-z0-9 -]{4,45}[A-Za-z0-9])", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9-]{6,45}")
_MAX_NODES = 500


@dataclass(frozen=True)
class Payload:
    form: str  # url | json | text
    values: tuple[str, ...]  # strings that may be the waybill number, most likely first
    host: str | None = None


def _key(name: str) -> str:
    return re.sub(r"[_\-\s]", "", name).lower()


def _ranked(pairs: list[tuple[str, str]]) -> list[str]:
    known = [(rank, i, v) for i, (k, v) in enumerate(pairs)
             if (rank := _RANK.get(_key(k))) is not None and v.strip()]
    return [v.strip() for _rank, _i, v in sorted(known)]


def _from_url(text: str) -> Payload | None:
    found = _URL.match(text)
    if not found or found.end() != len(text):
        return None
    url = text if "://" in text[:20] else "http://" + text
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    pairs = parse_qsl(parts.query, keep_blank_values=False)
    # Single-page apps put the query after the fragment: #/detail?waybillNo=...
    if "?" in parts.fragment:
        pairs += parse_qsl(parts.fragment.split("?", 1)[1])
    values = _ranked(pairs)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    values += [s for s in reversed(segments) if _TOKEN.fullmatch(s) and any(c.isdigit() for c in s)]
    return Payload("url", tuple(values), host)


def _walk_json(node: object) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    stack, seen = [node], 0
    while stack and seen < _MAX_NODES:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, (str, int)) and not isinstance(value, bool):
                    pairs.append((str(key), str(value)))
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return pairs


def _from_json(text: str) -> Payload | None:
    if not text.startswith(("{", "[")):
        return None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return Payload("json", tuple(_ranked(_walk_json(document))))


def extract_payload(text: str) -> Payload | None:
    """The waybill-number candidates of a QR payload, or None when `text` is not one."""
    for reader in (_from_url, _from_json):
        payload = reader(text)
        if payload is not None:
            return payload
    if _QUERY_TEXT.fullmatch(text):
        return Payload("text", tuple(_ranked(parse_qsl(text))))
    labelled = [m[1].strip() for m in _LABELLED.finditer(text)]
    if labelled:
        return Payload("text", tuple(labelled))
    return None
