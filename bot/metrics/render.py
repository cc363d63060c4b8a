"""KPI rows as the `kefu metrics` command prints them: a table for people, CSV or JSON for tools."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, List, Sequence, Union

from bot.csv_cells import safe_cell
from bot.metrics.report import KpiRow, KpiTotal

# A day's row, or a period's totals (its day column says the period).
Row = Union[KpiRow, KpiTotal]

# The table's columns (the CSV and JSON carry every figure).
TABLE_COLUMNS = (
    ("day", "day"),
    ("group", "group"),
    ("buyers_served", "buyers"),
    ("buyers_replied", "replied"),
    ("messages_received", "msgs"),
    ("reply_rate", "reply%"),
    ("reply_rate_24h", "24h%"),
    ("first_response_avg_s", "1st resp s"),
    ("resolution_avg_s", "resolve s"),
    ("first_contact_resolution", "FCR%"),
    ("escalation_rate", "escal%"),
    ("bot_containment", "bot%"),
    ("bot_unresolved", "bot-unres"),
    ("sla_breaches", "breach"),
    ("csat_avg", "CSAT"),
    ("consultation_conversion", "conv%"),
    ("guided_gmv", "guided GMV"),
    ("final", "final"),
)
PERCENT = {"reply_rate", "reply_rate_24h", "first_contact_resolution", "escalation_rate", "bot_containment"}
PERCENT.add("consultation_conversion")


def _cell(name: str, value: Any) -> str:
    if value is None:
        return "-"
    if name in PERCENT:
        return f"{value * 100:.1f}"
    if name == "guided_gmv":
        return " ".join(f"{total} {currency}" for currency, total in value.items()) or "0"
    if name == "final":
        return "yes" if value else "no"
    return str(value)


def as_table(rows: Sequence[Row]) -> str:
    lines: List[List[str]] = [[title for _, title in TABLE_COLUMNS]]
    for row in rows:
        data = row.to_json()
        lines.append([_cell(name, data[name]) for name, _ in TABLE_COLUMNS])
    widths = [max(len(line[i]) for line in lines) for i in range(len(TABLE_COLUMNS))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(line, widths)).rstrip() for line in lines)


def as_csv(rows: Sequence[Row]) -> str:
    out = io.StringIO()
    records = [_flat(row.to_json()) for row in rows]
    names = list(records[0]) if records else ["day", "group", "final"]
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def as_json(rows: Sequence[Row]) -> str:
    return json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2)


def _flat(record: dict) -> dict:
    """Nested figures (CSAT distribution, GMV per currency) as columns of their own; a group's
    name (an agent's username) never read as a formula."""
    flat = {}
    for name, value in record.items():
        if name == "csat_distribution":
            flat.update({f"csat_{score}": count for score, count in value.items()})
        elif name == "guided_gmv":
            flat[name] = " ".join(f"{total} {currency}" for currency, total in value.items())
        else:
            flat[name] = safe_cell(value) if isinstance(value, str) else value
    return flat
