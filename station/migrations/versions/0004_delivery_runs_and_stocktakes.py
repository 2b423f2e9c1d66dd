"""delivery runs and stocktakes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

A parcel is in at most one open run: a partial unique index on run_items(parcel_id) where
run_open, cleared when the run closes.
"""
from alembic import op
import sqlalchemy as sa

import station.db


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('delivery_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('runner', sa.String(length=64), nullable=False),
    sa.Column('scope_kind', sa.String(length=16), nullable=False),
    sa.Column('scope_value', sa.String(length=32), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('gate', sa.String(length=32), nullable=True),
    sa.Column('opened_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', station.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_runs')),
    sa.UniqueConstraint('code', name=op.f('uq_delivery_runs_code'))
    )
    with op.batch_alter_table('delivery_runs', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_runs_open', ['closed_at'], unique=False)

    op.create_table('stocktakes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_by', sa.String(length=64), nullable=False),
    sa.Column('started_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('gate', sa.String(length=32), nullable=True),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.Column('closed_at', station.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stocktakes'))
    )
    op.create_table('run_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('run_open', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('reason', sa.String(length=16), nullable=True),
    sa.Column('verified_by', sa.String(length=16), nullable=True),
    sa.Column('outcome_at', station.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], name=op.f('fk_run_items_parcel_id_parcels')),
    sa.ForeignKeyConstraint(['run_id'], ['delivery_runs.id'], name=op.f('fk_run_items_run_id_delivery_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run_items')),
    sa.UniqueConstraint('run_id', 'parcel_id', name=op.f('uq_run_items_run_id'))
    )
    with op.batch_alter_table('run_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_run_items_run_id'), ['run_id'], unique=False)
        batch_op.create_index('uq_run_items_open_parcel', ['parcel_id'], unique=True, sqlite_where=sa.text('run_open'), postgresql_where=sa.text('run_open'))

    op.create_table('stocktake_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stocktake_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('shelf', sa.String(length=16), nullable=False),
    sa.Column('scan', sa.String(length=200), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('scanned_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], name=op.f('fk_stocktake_scans_parcel_id_parcels')),
    sa.ForeignKeyConstraint(['stocktake_id'], ['stocktakes.id'], name=op.f('fk_stocktake_scans_stocktake_id_stocktakes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stocktake_scans'))
    )
    with op.batch_alter_table('stocktake_scans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stocktake_scans_stocktake_id'), ['stocktake_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stocktake_scans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stocktake_scans_stocktake_id'))

    op.drop_table('stocktake_scans')
    with op.batch_alter_table('run_items', schema=None) as batch_op:
        batch_op.drop_index('uq_run_items_open_parcel', sqlite_where=sa.text('run_open'), postgresql_where=sa.text('run_open'))
        batch_op.drop_index(batch_op.f('ix_run_items_run_id'))

    op.drop_table('run_items')
    op.drop_table('stocktakes')
    with op.batch_alter_table('delivery_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_runs_open')

    op.drop_table('delivery_runs')
