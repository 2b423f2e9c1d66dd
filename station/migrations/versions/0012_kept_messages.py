"""messages kept as messages: an item's unresolved reason, an outbox row's last error and a
pre-registration's note hold the JSON of what the station said (station.catalogue.kept), said
in the reader's language when shown; the English sentences already there are converted

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08
"""
import json

from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# (table, column, its length before): each becomes TEXT.
COLUMNS = (('parcels', 'unresolved_reason', 200), ('notifications', 'last_error', 500),
           ('preregistrations', 'note', 200))
# The sentences the station wrote with no parameters, and the messages they are now.
KNOWN = {
    'no destination given': 'parcel.no_destination_given',
    'two rooms pre-registered this number': 'parcel.prereg_contested',
    'pre-registered for a room without a checked roster entry': 'parcel.prereg_unchecked',
    'pre-registered, not confirmed against the waybill': 'parcel.prereg_unconfirmed',
}


def kept(sentence: str) -> str:
    """What station.catalogue.kept.keep writes for the sentence: its message, else the sentence
    as the generic message (which still looks it up in the catalogue when said)."""
    said = ({'code': KNOWN[sentence], 'params': {}} if sentence in KNOWN
            else {'code': 'station.error', 'params': {'text': {'word': sentence}}})
    return json.dumps(said, ensure_ascii=False, separators=(',', ':'))


def _replace(table: str, column: str, new_type: sa.types.TypeEngine, convert) -> None:
    """The column again with `new_type` and every value converted: added beside it, filled, then
    put in its place. In place, never by rebuilding the table (batch mode): SQLite refuses to drop
    `parcels`, which other tables' foreign keys point at."""
    new = f'{column}_new'
    op.add_column(table, sa.Column(new, new_type, nullable=True))
    rows = sa.table(table, sa.column(column, sa.Text), sa.column(new, sa.Text))
    connection = op.get_bind()
    values = connection.execute(sa.select(rows.c[column]).where(rows.c[column].is_not(None)).distinct()).scalars()
    for value in list(values):
        converted = convert(value)
        if converted is not None:
            connection.execute(rows.update().where(rows.c[column] == value).values({new: converted}))
    op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
    op.execute(f'ALTER TABLE {table} RENAME COLUMN {new} TO {column}')


def upgrade() -> None:
    for table, column, _length in COLUMNS:
        _replace(table, column, sa.Text(), lambda value: kept(value) if value else None)


def downgrade() -> None:
    from station.catalogue.kept import kept as said_again

    for table, column, length in COLUMNS:
        _replace(table, column, sa.String(length=length),
                 lambda value, length=length: (message.render()[:length] if (message := said_again(value)) else None))
