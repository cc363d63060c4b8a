/* "Download CSV" on the dashboard: the KPIs of the period and breakdown in the form, every
 * figure a column, for the seller's own spreadsheet (GET /api/kpi.csv). The link is set when
 * clicked, so it follows the fields whichever way they were filled (typed or a quick period). */
"use strict";

(() => {
  const link = document.getElementById("kpi-csv");
  link.addEventListener("click", () => {
    const query = new URLSearchParams({
      from: document.getElementById("kpi-from").value,
      to: document.getElementById("kpi-to").value,
    });
    const by = document.getElementById("kpi-by").value;
    if (by) query.set("by", by);
    link.href = `/api/kpi.csv?${query}`;
  });
})();
