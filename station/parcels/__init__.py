"""Parcels: intake, lookup and the moves volunteers make at the gate."""
