"""Answers remembered by Idempotency-Key, so a client's retry after a lost answer is harmless."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from station.errors import InvalidInput
from station.parcels.models import IdempotencyKey

# Plain rows: asked on every intake from the gate page and the scanner, which both send a key.
SEEN = select(IdempotencyKey.endpoint, IdempotencyKey.response).where(IdempotencyKey.key == bindparam("key"))
REMEMBER = insert(IdempotencyKey.__table__)


def once(session: Session, *, key: str | None, endpoint: str, now: datetime,
         compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """compute() the first time a key is seen in this transaction's commit; its answer after."""
    if not key:
        return compute()
    if len(key) > 80:
        raise InvalidInput("Idempotency-Key is longer than 80 characters", field="Idempotency-Key")
    connection = session.connection()
    seen = connection.execute(SEEN, {"key": key}).first()
    if seen is not None:
        if seen.endpoint != endpoint:
            raise InvalidInput("this Idempotency-Key was used for another kind of request")
        return seen.response | {"replayed": True}
    response = compute()
    connection.execute(REMEMBER, {"key": key, "endpoint": endpoint, "response": response, "created_at": now})
    return response
