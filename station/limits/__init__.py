"""Limits on guessing, kept in the database so every station process counts the same attempts."""
