"""Volunteer accounts, roles, sign-in sessions and device tokens."""
