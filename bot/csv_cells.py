"""Cells of the CSV files Kefu hands out (KPIs, labelled examples): spreadsheet programs run a
cell that starts with = + - @ (or a tab or carriage return) as a formula, so such a text is
written with a leading apostrophe, which they show as text; reading one back drops it. A
lone sign ("-": no group) is no formula and stays as it is."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if _escaped(text) else text


def unsafe_cell(text: str) -> str:
    return text[1:] if text.startswith("'") and _escaped(text[1:]) else text


def _formula(text: str) -> bool:
    return len(text) > 1 and text.startswith(FORMULA_START)


def _escaped(text: str) -> bool:
    """A formula, or apostrophes before one: a text that itself starts "'=" gets one more, so
    reading it back gives "'=", not "=" (two replies "=x" and "'=x" stay two)."""
    return _formula(text.lstrip("'"))
