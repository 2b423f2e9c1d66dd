"""Sorting: where an item goes (zone, shelf, slot) and how soon."""
