"""The custody log: append-only, hash-chained events whose fold is a parcel's status."""
