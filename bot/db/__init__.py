"""Shared SQL plumbing for every room that keeps business data in SQL (commerce, desk).

engine.py  where the database is and how engines are configured
types.py   column types that behave the same on SQLite and PostgreSQL
schema.py  a versioned schema: each room's tables upgrade in turn, recorded
store.py   SqlStore, the base of every repository: short transactions, one retry rule
errors.py  how a command line reports a failed database without buyer data
"""
