"""The whole custody log as CSV, streamed in batches: memory stays flat however long the log.

Each batch is read in a short transaction of its own, keyed on the event id, so a slow
download holds no database snapshot open; the export ends at the last event that existed
when it began. A cell a spreadsheet would run as a formula (=, +, -, @ first) is written
with a leading apostrophe, which is how spreadsheet tools expect it to be neutralised.

`details` keeps the JSON the hash chain covers, for programs that verify it; `details_words` says
the same in the export's language (kept messages said, codes named), for a coordinator to read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select

from station.catalogue import Joined
from station.catalogue import ops as ops_text
from station.catalogue.locale import current_locale, say
from station.custody.chain import canonical_time
from station.custody.models import CustodyEvent
from station.db import Database
from station.parcels.models import Parcel
from station.dashboard import text as words
from station.dashboard.audit import detail_pairs
from station.dashboard.cells import safe_cell
from station.timefmt import local

HEADER = ("parcel_code", "tracking_number", "seq", "type", "actor", "gate", "at_utc", "at_local",
          "details", "details_words", "hash", "prev_hash")
BATCH = 2000


def details_words(details: dict[str, Any], timezone: str) -> str:
    """An event's details as the audit trail shows them, in the reader's language, on one line."""
    pairs = (ops_text.DETAIL(name=words.detail(key), value=words.value(key, text))
             for key, text in detail_pairs(details, timezone))
    return say(Joined.of(pairs, "; "))


def custody_csv(db: Database, *, timezone: str, batch: int = BATCH, locale: str | None = None) -> Iterator[bytes]:
    """CSV chunks of every custody event in log order, header first (UTF-8 with a BOM); the words
    in `locale`, the reader's language when the export is asked for by default."""
    return _custody_rows(db, timezone=timezone, batch=batch, locale=locale or current_locale.get())


def _custody_rows(db: Database, *, timezone: str, batch: int, locale: str) -> Iterator[bytes]:
    with db.read() as session:
        last = session.scalar(select(func.max(CustodyEvent.id))) or 0
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield buffer.getvalue().encode("utf-8-sig")
    after = 0
    while after < last:
        with db.read() as session:
            rows = session.execute(
                select(CustodyEvent, Parcel.code, Parcel.tracking_number)
                .join(Parcel, Parcel.id == CustodyEvent.parcel_id)
                .where(CustodyEvent.id > after, CustodyEvent.id <= last)
                .order_by(CustodyEvent.id).limit(batch)).all()
        if not rows:
            break
        yield _batch_csv(rows, timezone, locale).encode("utf-8")
        after = rows[-1][0].id


def _batch_csv(rows: list[Any], timezone: str, locale: str) -> str:
    # The locale is set around the batch only: a generator must not hold a context variable across a yield.
    token = current_locale.set(locale)
    try:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        for event, code, tracking in rows:
            writer.writerow((
                code, safe_cell(tracking), event.seq, event.type, safe_cell(event.actor),
                safe_cell(event.gate), canonical_time(event.at),
                local(event.at, timezone).strftime("%Y-%m-%d %H:%M:%S"),
                json.dumps(event.details or {}, ensure_ascii=False, sort_keys=True),
                safe_cell(details_words(event.details or {}, timezone)),
                event.hash, event.prev_hash))
        return buffer.getvalue()
    finally:
        current_locale.reset(token)
