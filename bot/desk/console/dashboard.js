/* The supervisor's dashboard: for a period (picked, or today / the last 7 or 30 days), the
 * period's totals for all chats and per marketplace, the KPIs (GET /api/kpi) as charts
 * (dashboard_charts.js) and as a table, one row per seller day (and per group of the
 * chosen breakdown), plus the top intents, the quality report and the live queues
 * (GET /api/dashboard). Values are put on the page with textContent only. */
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
    ["bot_unresolved", "Bot unresolved"],
    ["sla_breaches", "SLA breaches"],
    ["csat_avg", "CSAT", "csat"],
    ["consultation_conversion", "Conversion", "pct"],
    ["guided_orders", "Guided orders"],
    ["guided_gmv", "Guided GMV", "money"],
    ["final", "Final", "yes"],
  ];
  // The period's totals: what a seller asks first ("how did we do this week?").
  const TOTALS = [
    ["conversations", "Chats"],
    ["bot_contained", "Settled by the bot", "share", "bot_containment"],
    ["escalated", "Handed to people", "share", "escalation_rate"],
    ["first_response_avg_s", "First response", "time"],
    ["first_response_p90_s", "First response p90", "time"],
    ["csat_avg", "Ratings", "csat"],
    // An average hides the one-star chats: how many to read (the console's history finds them).
    ["csat_distribution", "Rated 1-2", "poor"],
    ["buyers_served", "Buyers"],
    ["messages_received", "Messages"],
    ["reply_rate", "Reply rate", "pct"],
    ["sla_breaches", "SLA breaches"],
  ];
  const $ = (id) => document.getElementById(id);
  let zone = null; // the seller's time zone, once known

  // The KPIs count seller days (the API's time_zone), not the browser's nor UTC's.
  function sellerDay(date, zone) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    }).formatToParts(date);
    const part = (type) => parts.find((p) => p.type === type).value;
    return `${part("year")}-${part("month")}-${part("day")}`;
  }

  // Calendar arithmetic on a YYYY-MM-DD day, free of any zone's daylight saving.
  function daysBefore(day, count) {
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - count);
    return date.toISOString().slice(0, 10);
  }

  // The seller's zone comes with every KPI answer: one day's (today in UTC) tells it.
  async function sellerZone() {
    const utcToday = new Date().toISOString().slice(0, 10);
    return (await kpi({ from: utcToday, to: utcToday })).time_zone;
  }

  function shown(value, kind, day, rateOf) {
    if (value === null || value === undefined) return "–";
    // A count with its share of the chats: "12 (40.0 %)".
    if (kind === "share") return `${value} (${shown(day[rateOf], "pct", day)})`;
    // An average without how many rated it reads "5" for one happy buyer as a great month.
    if (kind === "csat") return `${value} (${day.csat_count} rated)`;
    if (kind === "pct") return `${(value * 100).toFixed(1)} %`;
    if (kind === "poor") return String((value["1"] || 0) + (value["2"] || 0));
    if (kind === "time") {
      if (value < 59.5) return `${Math.round(value)} s`; // "0 min" would hide a quick answer
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
        const td = cell("td", name === "day" ? Kefu.when(day.day) : shown(day[name], kind, day));
        td.dataset.kpi = name;
        row.append(td);
      }
      return row;
    });
    $("kpi-body").replaceChildren(...rows);
  }

  function renderTotals(totals, period) {
    $("totals-head").replaceChildren(cell("th", "Marketplace"), ...TOTALS.map(([, title]) => cell("th", title)));
    const groups = [["all", "All marketplaces", totals.all], ...Object.entries(totals.marketplaces)
      .map(([name, figures]) => [name, name, figures])];
    const rows = groups.map(([group, title, figures]) => {
      const row = document.createElement("tr");
      row.dataset.group = group;
      row.append(cell("th", title));
      for (const [name, , kind, rateOf] of TOTALS) {
        const td = cell("td", shown(figures[name], kind, figures, rateOf));
        td.dataset.kpi = name;
        row.append(td);
      }
      return row;
    });
    $("totals-body").replaceChildren(...rows);
    const days = period.from === period.to ? Kefu.when(period.from) : `${Kefu.when(period.from)} to ${Kefu.when(period.to)}`;
    $("totals-period").textContent = `${days} (${zone})`;
  }

  // The seller's settings that still hold Kefu's examples (delivery days, working hours...).
  function renderUnset(unset) {
    const items = unset.map((setting) => {
      const item = document.createElement("li");
      item.dataset.setting = setting.key;
      item.append(cell("code", `${setting.file}: ${setting.key}`), document.createTextNode(` — ${setting.why}`));
      return item;
    });
    $("unset-list").replaceChildren(...items);
    $("unset-settings").hidden = items.length === 0;
  }

  function renderQueues(queues) {
    const rows = queues.map((tier) => {
      const row = document.createElement("tr");
      row.dataset.tier = tier.tier;
      row.append(cell("th", `Tier ${tier.tier}`));
      for (const name of ["waiting", "breached", "held_late"]) {
        const td = cell("td", String(tier[name] || 0));
        td.dataset.queue = name;
        if (name !== "waiting" && tier[name] > 0) td.classList.add("breached");
        row.append(td);
      }
      return row;
    });
    $("queue-body").replaceChildren(...rows);
  }

  function kpi(period, by) {
    const query = new URLSearchParams(period);
    if (by) query.set("by", by);
    return Kefu.api("GET", `/api/kpi?${query}`);
  }

  async function show(event) {
    if (event) event.preventDefault();
    const period = { from: $("kpi-from").value, to: $("kpi-to").value };
    const by = $("kpi-by").value;
    $("kpi-error").hidden = true;
    try {
      const [all, language, tier, lists] = await Promise.all([
        kpi(period),
        kpi(period, "language"),
        kpi(period, "tier"),
        Kefu.api("GET", `/api/dashboard?${new URLSearchParams(period)}`),
      ]);
      const known = { "": all, language, tier };
      const table = known[by] || (await kpi(period, by));
      zone = all.time_zone;
      $("kpi-note").textContent = `Days in ${all.time_zone}; a day is final three days after it (T+3).`;
      renderTotals(all.totals, period);
      render(table.days);
      renderQueues(lists.queues);
      renderUnset(lists.unset_settings || []);
      KefuCharts.draw({ all, language, tier, lists });
      document.body.dataset.drawn = `${period.from}/${period.to}/${by}`;
    } catch (error) {
      failed(error);
    }
  }

  function failed(error) {
    $("kpi-error").textContent = error.message;
    $("kpi-error").hidden = false;
    if (error.status === 403) {
      // A role with no access saw every empty chart and table under the message.
      for (const part of document.querySelectorAll("main > *")) part.hidden = !part.contains($("kpi-error"));
    }
  }

  async function start() {
    const me = await Kefu.api("GET", "/api/me");
    await Kefu.loadNames();
    $("whoami").textContent = `${me.agent.display_name} · ${me.agent.role}`;
    document.querySelector("[data-testid=auto-replies-link]").hidden = me.agent.role !== "supervisor";
    zone = await sellerZone();
    const today = sellerDay(new Date(), zone);
    $("kpi-to").value = today;
    $("kpi-from").value = daysBefore(today, 6);
    $("kpi-form").addEventListener("submit", show);
    for (const preset of document.querySelectorAll(".period-presets button")) {
      preset.addEventListener("click", () => {
        const last = sellerDay(new Date(), zone); // the seller's today when clicked
        $("kpi-to").value = last;
        $("kpi-from").value = daysBefore(last, Number(preset.dataset.days) - 1);
        show();
      });
    }
    $("kpi-by").addEventListener("change", () => show());
    await show();
  }

  start().catch(failed);
})();
