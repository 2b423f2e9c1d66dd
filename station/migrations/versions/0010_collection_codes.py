"""collection codes: a household's own code for each parcel, apart from its shelf position;
contested pre-registrations; the unused per-session CSRF token dropped

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

from station import codes

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place, never by rebuilding `parcels` (batch mode): other tables' foreign keys point
    # at it, and SQLite refuses to drop a table they reference. SQLite adds a NOT NULL column only
    # with a default, so there it gets '' until every row has its code.
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column('parcels', sa.Column('collection_code', sa.String(length=8), nullable=not sqlite,
                                       server_default='' if sqlite else None))
    connection = op.get_bind()
    parcels = sa.table('parcels', sa.column('id', sa.Integer), sa.column('collection_code', sa.String))
    issued: set[str] = set()
    for (parcel_id,) in connection.execute(sa.select(parcels.c.id)).all():
        code = codes.new_collection_code()
        while code in issued:
            code = codes.new_collection_code()
        issued.add(code)
        connection.execute(parcels.update().where(parcels.c.id == parcel_id).values(collection_code=code))
    if not sqlite:
        op.alter_column('parcels', 'collection_code', existing_type=sa.String(length=8), nullable=False)
    op.create_index('uq_parcels_collection_code', 'parcels', ['collection_code'], unique=True)
    op.add_column('preregistrations', sa.Column('contested', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("ALTER TABLE web_sessions DROP COLUMN csrf_token")


def downgrade() -> None:
    op.add_column('web_sessions', sa.Column('csrf_token', sa.String(length=64), nullable=False, server_default=''))
    op.execute("ALTER TABLE preregistrations DROP COLUMN contested")
    op.drop_index('uq_parcels_collection_code', table_name='parcels')
    op.execute("ALTER TABLE parcels DROP COLUMN collection_code")
