"""Answers remembered by Idempotency-Key, so a client's retry after a lost answer is harmless."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from station.catalogue import ops as ops_text
from station.errors import InvalidInput
from station.parcels import statements
from station.parcels.models import IdempotencyKey

# Plain rows: asked on every intake from the gate page and the scanner, which both send a key.
SEEN = (select(IdempotencyKey.endpoint, IdempotencyKey.request_digest, IdempotencyKey.response)
        .where(IdempotencyKey.key == bindparam("key")))


def digest(request: Mapping[str, Any]) -> str:
    """The request's fields, in any order, as 64 hex characters."""
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str | None) -> None:
    if key and len(key) > 80:
        raise InvalidInput(ops_text.KEY_TOO_LONG, field="Idempotency-Key")


def once(session: Session, *, key: str | None, endpoint: str, request: Mapping[str, Any], now: datetime,
         compute: Callable[[], dict[str, Any]], seen: bool = True) -> dict[str, Any]:
    """compute() the first time a key is seen in this transaction's commit; its answer after.

    The same key with another request is refused: replaying the first answer would tell the
    client that its second item was recorded. `seen=False`: the caller has read, in this
    transaction, that the key is new.
    """
    if not key:
        return compute()
    check_key(key)
    fingerprint = digest(request)
    seen = session.connection().execute(SEEN, {"key": key}).first() if seen else None
    if seen is not None:
        if seen.endpoint != endpoint:
            raise InvalidInput(ops_text.KEY_OTHER_KIND, field="Idempotency-Key")
        if seen.request_digest not in (None, fingerprint):
            raise InvalidInput(ops_text.KEY_OTHER_REQUEST, field="Idempotency-Key")
        return seen.response | {"replayed": True}
    response = compute()
    cursor, sql = statements.cursor_of(session)
    sql.remember(cursor, {"key": key, "endpoint": endpoint, "request_digest": fingerprint,
                          "response": response, "created_at": now})
    return response
