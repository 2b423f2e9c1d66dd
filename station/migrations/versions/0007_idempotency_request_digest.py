"""idempotency keys remember which request they answered

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

A key sent again with another body is refused instead of replaying the first answer. Rows from
before this revision have no digest and replay as they did.
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('idempotency_keys', sa.Column('request_digest', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('idempotency_keys') as batch:
        batch.drop_column('request_digest')
