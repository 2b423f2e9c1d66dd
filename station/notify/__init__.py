"""Notifications: building digests to group chats, reminders to the coordinator, no spam.

Every message is an outbox row first (`outbox.enqueue`, in the transaction that caused it);
`station notify-worker` sends the rows after the commit. Other parts call
`triggers.run_claimed` when a runner claims a run.
"""
