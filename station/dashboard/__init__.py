"""The coordinator's view: counts, overnight risk, audit trail, exports, and the demo day."""
