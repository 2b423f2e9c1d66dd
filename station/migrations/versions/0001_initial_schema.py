"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa

import station.db


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('building', sa.String(length=8), nullable=False),
    sa.Column('unit', sa.Integer(), nullable=False),
    sa.Column('room', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('elderly_alone', sa.Boolean(), nullable=False),
    sa.Column('pregnant', sa.Boolean(), nullable=False),
    sa.Column('chronic_medicine', sa.Boolean(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('updated_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households')),
    sa.UniqueConstraint('building', 'unit', 'room', name=op.f('uq_households_building')),
    sa.UniqueConstraint('code', name=op.f('uq_households_code'))
    )
    op.create_table('idempotency_keys',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('endpoint', sa.String(length=40), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('created_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_idempotency_keys'))
    )
    op.create_table('site_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('toml', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('loaded_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('loaded_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_versions'))
    )
    op.create_table('parcels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('tracking_number', sa.String(length=64), nullable=True),
    sa.Column('carrier', sa.String(length=32), nullable=True),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('building', sa.String(length=8), nullable=True),
    sa.Column('unit', sa.Integer(), nullable=True),
    sa.Column('room', sa.String(length=8), nullable=True),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('zone', sa.String(length=8), nullable=False),
    sa.Column('shelf', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=True),
    sa.Column('pickup_code', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('unresolved_reason', sa.String(length=200), nullable=True),
    sa.Column('gate', sa.String(length=32), nullable=True),
    sa.Column('received_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('dwell_until', station.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_parcels_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parcels')),
    sa.UniqueConstraint('code', name=op.f('uq_parcels_code'))
    )
    with op.batch_alter_table('parcels', schema=None) as batch_op:
        batch_op.create_index('ix_parcels_household', ['household_id'], unique=False)
        batch_op.create_index('ix_parcels_pickup_code', ['pickup_code'], unique=False)
        batch_op.create_index('ix_parcels_received_at', ['received_at'], unique=False)
        batch_op.create_index('ix_parcels_status_building', ['status', 'building'], unique=False)
        batch_op.create_index('uq_parcels_active_slot', ['zone', 'shelf', 'slot'], unique=True, sqlite_where=sa.text('slot IS NOT NULL'), postgresql_where=sa.text('slot IS NOT NULL'))

    op.create_table('preregistrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tracking_number', sa.String(length=64), nullable=False),
    sa.Column('building', sa.String(length=8), nullable=False),
    sa.Column('unit', sa.Integer(), nullable=False),
    sa.Column('room', sa.String(length=8), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=16), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('created_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_preregistrations_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_preregistrations')),
    sa.UniqueConstraint('tracking_number', name=op.f('uq_preregistrations_tracking_number'))
    )
    op.create_table('aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], name=op.f('fk_aliases_parcel_id_parcels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aliases')),
    sa.UniqueConstraint('code', name=op.f('uq_aliases_code'))
    )
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aliases_parcel_id'), ['parcel_id'], unique=False)

    op.create_table('custody_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('gate', sa.String(length=32), nullable=True),
    sa.Column('at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], name=op.f('fk_custody_events_parcel_id_parcels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_events')),
    sa.UniqueConstraint('parcel_id', 'seq', name=op.f('uq_custody_events_parcel_id'))
    )
    with op.batch_alter_table('custody_events', schema=None) as batch_op:
        batch_op.create_index('ix_custody_events_actor_at', ['actor', 'at'], unique=False)
        batch_op.create_index('ix_custody_events_at', ['at'], unique=False)


    append_only_custody_log()


APPEND_ONLY_MESSAGE = "custody events are append-only: record a correction as a new event"


def append_only_custody_log() -> None:
    """Refuse UPDATE and DELETE on custody events in the database itself."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER custody_events_no_{action.lower()} BEFORE {action} ON custody_events "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION custody_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER custody_events_append_only BEFORE UPDATE OR DELETE ON custody_events "
        "FOR EACH ROW EXECUTE FUNCTION custody_events_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS custody_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS custody_events_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS custody_events_append_only ON custody_events")
        op.execute("DROP FUNCTION IF EXISTS custody_events_append_only()")
    with op.batch_alter_table('custody_events', schema=None) as batch_op:
        batch_op.drop_index('ix_custody_events_at')
        batch_op.drop_index('ix_custody_events_actor_at')

    op.drop_table('custody_events')
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aliases_parcel_id'))

    op.drop_table('aliases')
    op.drop_table('preregistrations')
    with op.batch_alter_table('parcels', schema=None) as batch_op:
        batch_op.drop_index('uq_parcels_active_slot', sqlite_where=sa.text('slot IS NOT NULL'), postgresql_where=sa.text('slot IS NOT NULL'))
        batch_op.drop_index('ix_parcels_status_building')
        batch_op.drop_index('ix_parcels_received_at')
        batch_op.drop_index('ix_parcels_pickup_code')
        batch_op.drop_index('ix_parcels_household')

    op.drop_table('parcels')
    op.drop_table('site_versions')
    op.drop_table('idempotency_keys')
    op.drop_table('households')
