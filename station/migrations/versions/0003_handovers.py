"""courier hand-overs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa

import station.db

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('courier_name', sa.String(length=64), nullable=False),
    sa.Column('carrier', sa.String(length=32), nullable=True),
    sa.Column('gate', sa.String(length=32), nullable=True),
    sa.Column('opened_by', sa.String(length=64), nullable=False),
    sa.Column('opened_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.Column('closed_at', station.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handovers'))
    )
    op.create_table('handover_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handover_id', sa.Integer(), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('scanned_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('already_recorded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['handover_id'], ['handovers.id'], name=op.f('fk_handover_items_handover_id_handovers')),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], name=op.f('fk_handover_items_parcel_id_parcels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_items')),
    sa.UniqueConstraint('handover_id', 'parcel_id', name=op.f('uq_handover_items_handover_id'))
    )
    with op.batch_alter_table('handover_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handover_items_handover_id'), ['handover_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('handover_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handover_items_handover_id'))
    op.drop_table('handover_items')
    op.drop_table('handovers')
