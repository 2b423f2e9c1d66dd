"""dashboard and audit indexes: custody events by type and time, parcels by room

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_custody_events_type_at', 'custody_events', ['type', 'at'], unique=False)
    op.create_index('ix_parcels_building_unit_room', 'parcels', ['building', 'unit', 'room'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_parcels_building_unit_room', table_name='parcels')
    op.drop_index('ix_custody_events_type_at', table_name='custody_events')
