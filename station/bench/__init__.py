"""Benchmarks that print figures (never assertions): `station bench ...`."""
