"""How many statements an intake sends: a check of the hot path's design, not of its speed.

On PostgreSQL every statement is a round trip, so intake reads what it needs before sorting in
one statement, takes the zone's lock with the household in a second, reads the zone's slots in a
third, and writes the parcel, its first event and its barcodes in a fourth; the Idempotency-Key
row is the fifth. It sent twelve before.
"""

from station.parcels.routes import intake_answer
from station.parcels.schemas import IntakeIn
from station.siteconfig.service import current_site
from tests.parcels.helpers import statements_counted

# SQLite adds its transaction's BEGIN IMMEDIATE and COMMIT to the count (a write alone needs no savepoint),
# and writes the first event and the barcodes as statements of their own.
MOST = {"postgresql": 5, "sqlite": 9}


def site_of(db):
    with db.read() as session:
        return current_site(session)


def take_in(db, site, scan: str, key: str) -> dict:
    """The API route's intake transaction, as the route runs it (the app remembers the site)."""
    body = IntakeIn(scan=scan, destination="10-2-301", category="express", gate="main")
    return db.write(lambda session: intake_answer(session, body, site=site, actor="li", idempotency_key=key))


def test_an_intake_sends_few_statements(db):
    site = site_of(db)
    take_in(db, site, "SF1000000000001", "warm-up")  # the recogniser and the statements are built once
    with statements_counted(db) as sent:
        answer = take_in(db, site, "SF1000000000002", "scan-2")
    assert answer["duplicate"] is False and answer["parcel"]["tracking_number"] == "SF1000000000002"
    assert len(sent) <= MOST[db.engine.dialect.name], "\n".join(sent)


def test_a_retry_with_its_key_writes_nothing(db):
    site = site_of(db)
    first = take_in(db, site, "SF1000000000001", "scan-1")
    with statements_counted(db) as sent:
        again = take_in(db, site, "SF1000000000001", "scan-1")
    assert again == first | {"replayed": True}
    assert not any(sql.lstrip().upper().startswith("INSERT") for sql in sent)
