"""The declarative base every desk table is declared on (one metadata, one schema version:
bot/desk/models.py), apart so that tables may live beside the code that owns them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import declarative_base

# Any: SQLAlchemy 1.4 cannot type a declarative base without its mypy plugin.
DeskBase: Any = declarative_base()
