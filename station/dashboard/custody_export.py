"""The whole custody log as CSV, streamed in batches: memory stays flat however long the log.

Each batch is read in a short transaction of its own, keyed on the event id, so a slow
download holds no database snapshot open; the export ends at the last event that existed
when it began. A cell a spreadsheet would run as a formula (=, +, -, @ first) is written
with a leading apostrophe, which is how spreadsheet tools expect it to be neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from sqlalchemy import func, select

from station.custody.chain import canonical_time
from station.custody.models import CustodyEvent
from station.db import Database
from station.parcels.models import Parcel
from station.dashboard.cells import safe_cell
from station.timefmt import local

HEADER = ("parcel_code", "tracking_number", "seq", "type", "actor", "gate", "at_utc", "at_local",
          "details", "hash", "prev_hash")
BATCH = 2000

def custody_csv(db: Database, *, timezone: str, batch: int = BATCH) -> Iterator[bytes]:
    """CSV chunks of every custody event in log order, header first (UTF-8 with a BOM)."""
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
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        for event, code, tracking in rows:
            writer.writerow((
                code, safe_cell(tracking), event.seq, event.type, safe_cell(event.actor),
                safe_cell(event.gate), canonical_time(event.at),
                local(event.at, timezone).strftime("%Y-%m-%d %H:%M:%S"),
                json.dumps(event.details or {}, ensure_ascii=False, sort_keys=True),
                event.hash, event.prev_hash))
        yield buffer.getvalue().encode("utf-8")
        after = rows[-1][0].id
