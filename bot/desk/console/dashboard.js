/* The supervisor's dashboard: GET /api/metrics for a period, one table row per
 * seller day (and per group of the chosen breakdown). Values are put on the page
 * with textContent only. */
"use strict";

(() => {
  const COLUMNS = [
    ["day", "Day"],
    ["group", "Group"],
    ["buyers_served", "Buyers served"],
    ["buyers_replied", "Buyers replied"],
    ["messages_received", "Messages"],
    ["messages_replied", "Replied"],
    ["reply_rate", "Reply rate", "pct"],
    ["replies_24h", "24 h replies"],
    ["reply_rate_24h", "24 h rate", "pct"],
    ["first_response_avg_s", "First response", "time"],
    ["first_response_p90_s", "First response p90", "time"],
    ["resolution_avg_s", "Resolution", "time"],
    ["first_contact_resolution", "FCR", "pct"],
    ["escalation_rate", "Escalated", "pct"],
    ["bot_containment", "Bot contained", "pct"],
    ["sla_breaches", "SLA breaches"],
    ["csat_avg", "CSAT"],
    ["consultation_conversion", "Conversion", "pct"],
    ["guided_gmv", "Guided GMV", "money"],
    ["final", "Final", "yes"],
  ];
  const $ = (id) => document.getElementById(id);

  function isoDay(date) {
    return date.toISOString().slice(0, 10);
  }

  function shown(value, kind) {
    if (value === null || value === undefined) return "–";
    if (kind === "pct") return `${(value * 100).toFixed(1)} %`;
    if (kind === "time") {
      if (value < 3600) return `${Math.round(value / 60)} min`;
      return `${(value / 3600).toFixed(1)} h`;
    }
    if (kind === "money") {
      const parts = Object.entries(value).map(([currency, total]) => `${total} ${currency}`);
      return parts.join(", ") || "0";
    }
    if (kind === "yes") return value ? "yes" : "not yet";
    return String(value);
  }

  function cell(tag, text) {
    const node = document.createElement(tag);
    node.textContent = text;
    return node;
  }

  function render(days) {
    const head = $("kpi-head");
    head.replaceChildren(...COLUMNS.map(([, title]) => cell("th", title)));
    const rows = days.map((day) => {
      const row = document.createElement("tr");
      row.dataset.day = day.day;
      row.dataset.group = day.group;
      for (const [name, , kind] of COLUMNS) {
        const td = cell("td", shown(day[name], kind));
        td.dataset.kpi = name;
        row.append(td);
      }
      return row;
    });
    $("kpi-body").replaceChildren(...rows);
  }

  async function show(event) {
    if (event) event.preventDefault();
    const query = new URLSearchParams({ from: $("kpi-from").value, to: $("kpi-to").value });
    if ($("kpi-by").value) query.set("by", $("kpi-by").value);
    $("kpi-error").hidden = true;
    try {
      const report = await Kefu.api("GET", `/api/metrics?${query}`);
      $("kpi-note").textContent = `Days in ${report.time_zone}; a day is final three days after it (T+3).`;
      render(report.days);
    } catch (error) {
      $("kpi-error").textContent = error.message;
      $("kpi-error").hidden = false;
    }
  }

  async function start() {
    const me = await Kefu.api("GET", "/api/me");
    $("whoami").textContent = `${me.agent.display_name} · ${me.agent.role}`;
    const today = new Date();
    $("kpi-to").value = isoDay(today);
    $("kpi-from").value = isoDay(new Date(today.getTime() - 6 * 86400000));
    $("kpi-form").addEventListener("submit", show);
    $("kpi-by").addEventListener("change", () => show());
    await show();
  }

  start().catch((error) => {
    $("kpi-error").textContent = error.message;
    $("kpi-error").hidden = false;
  });
})();
