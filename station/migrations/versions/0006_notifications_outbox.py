"""notifications outbox and reminder marks

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

Every message is a row of `notifications` first (dedupe_key unique), sent by the worker after
the commit; `notification_reminders` keeps which item was reminded about in which window.
"""
from alembic import op
import sqlalchemy as sa

import station.db


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('lease_until', station.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', station.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('changed_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_notifications_dedupe_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_due', ['state', 'next_attempt_at'], unique=False)

    op.create_table('notification_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('item_key', sa.String(length=120), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=False),
    sa.Column('created_at', station.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_notification_reminders_notification_id_notifications')),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], name=op.f('fk_notification_reminders_parcel_id_parcels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_reminders')),
    sa.UniqueConstraint('channel', 'item_key', name=op.f('uq_notification_reminders_channel'))
    )
    with op.batch_alter_table('notification_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_reminders_parcel_id'), ['parcel_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notification_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_reminders_parcel_id'))

    op.drop_table('notification_reminders')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_due')

    op.drop_table('notifications')
