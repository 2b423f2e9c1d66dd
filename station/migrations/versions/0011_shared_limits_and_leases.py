"""limit counts (the flood budget counted by every station process) and leases (a job run once)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

import station.db

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'limit_counts',
        sa.Column('key', sa.String(length=160), nullable=False),
        sa.Column('minute', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('process', sa.String(length=32), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('key', 'minute', 'process', name=op.f('pk_limit_counts')),
    )
    op.create_index('ix_limit_counts_minute', 'limit_counts', ['minute'])
    op.create_table(
        'leases',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('holder', sa.String(length=64), nullable=False),
        sa.Column('expires_at', station.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_leases')),
    )


def downgrade() -> None:
    op.drop_table('leases')
    op.drop_index('ix_limit_counts_minute', table_name='limit_counts')
    op.drop_table('limit_counts')
