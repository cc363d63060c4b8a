"""The seller's orders, shipments, tracking events, refunds and after-sales cases.

Actions read and change them only through CommerceRepository (repository.py),
which hands back the immutable views in views.py; nothing outside this package
writes SQL.
"""
