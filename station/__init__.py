"""Parcel receiving station for the gate of a residential compound."""
