"""The customer-service KPIs the marketplaces grade sellers on, computed from the desk's
journal and the commerce orders (never estimated), per day in the seller's time zone.

`periods` turns seller days into UTC instants, `facts` reads the journal and orders
with SQL, `figures` turns those facts into each day's KPIs, `report` puts the three
together, `render` prints them as a table or CSV.
"""

from bot.metrics.report import BREAKDOWNS, KpiRow, kpi_report, kpi_totals

__all__ = ["BREAKDOWNS", "KpiRow", "kpi_report", "kpi_totals"]
