"""limit hits: failed attempts (phone tails, passwords) counted by every station process

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

import station.db

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'limit_hits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=160), nullable=False),
        sa.Column('at', station.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_limit_hits')),
    )
    op.create_index('ix_limit_hits_key_at', 'limit_hits', ['key', 'at'])


def downgrade() -> None:
    op.drop_index('ix_limit_hits_key_at', table_name='limit_hits')
    op.drop_table('limit_hits')
