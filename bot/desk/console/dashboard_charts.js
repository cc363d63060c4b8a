/* The dashboard's charts, drawn with the vendored Chart.js (vendor/chart.umd.js):
 * KefuCharts.draw(reports) turns the KPI reports and the dashboard lists into the
 * page's six canvases. Pure drawing: the data comes from dashboard.js. Animation
 * is off so a chart is complete as soon as it is drawn (and screenshots are stable). */
"use strict";

const KefuCharts = (() => {
  const COLOURS = ["#2f6fdf", "#e0892b", "#3a9b5c", "#c0392b", "#8e5bc4", "#6b7785"];
  const SUMMED = ["messages_received", "messages_replied", "escalated", "conversations"];

  function chart(id, config) {
    const canvas = document.getElementById(id);
    const old = Chart.getChart(canvas);
    if (old) old.destroy();
    config.options = { animation: false, responsive: true, maintainAspectRatio: false, ...config.options };
    return new Chart(canvas, config);
  }

  function dataset(label, data, index, extra) {
    const colour = COLOURS[index % COLOURS.length];
    return { label, data, borderColor: colour, backgroundColor: colour, ...extra };
  }

  /* Days of a by=all report: counts per day, the reply rate as a percentage on its own axis.
   * Each day named as every date in the console is ("7 Dec", Kefu.when), on the axis and in
   * the tooltip (which shows the point's label). */
  function trend(days) {
    const labels = days.map((day) => Kefu.when(day.day));
    const percent = (name) => days.map((day) => (day[name] === null ? null : Math.round(day[name] * 1000) / 10));
    chart("chart-trend", {
      type: "line",
      data: {
        labels,
        datasets: [
          dataset("Buyers served", days.map((day) => day.buyers_served), 0),
          dataset("Messages received", days.map((day) => day.messages_received), 1),
          dataset("Messages replied", days.map((day) => day.messages_replied), 2),
          dataset("Reply rate %", percent("reply_rate"), 3, { yAxisID: "rate", borderDash: [4, 4] }),
        ],
      },
      options: {
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 } },
          rate: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } },
        },
      },
    });
  }

  /* The period's totals per group of a breakdown report (counts add up across days). */
  function totals(days) {
    const groups = new Map();
    for (const day of days) {
      const sum = groups.get(day.group) || Object.fromEntries(SUMMED.map((name) => [name, 0]));
      for (const name of SUMMED) sum[name] += day[name] || 0;
      groups.set(day.group, sum);
    }
    return groups;
  }

  /* `none`: what the report's "-" group (no language, never queued) means on this chart. */
  function groupBars(id, days, label, none) {
    const groups = totals(days);
    const names = [...groups.keys()];
    const series = (name) => names.map((group) => groups.get(group)[name]);
    const named = (group) => (group === "-" ? none : label ? `${label} ${group}` : group);
    chart(id, {
      type: "bar",
      data: {
        labels: names.map(named),
        datasets: [
          dataset("Messages received", series("messages_received"), 1),
          dataset("Messages replied", series("messages_replied"), 2),
          dataset("Escalated chats", series("escalated"), 3),
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function ranking(id, rows, name, value, label, colour) {
    chart(id, {
      type: "bar",
      data: { labels: rows.map(name), datasets: [dataset(label, rows.map(value), colour)] },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function csat(days) {
    const scores = ["1", "2", "3", "4", "5"];
    const counts = scores.map((score) => days.reduce((n, day) => n + ((day.csat_distribution || {})[score] || 0), 0));
    chart("chart-csat", {
      type: "bar",
      data: { labels: scores.map((score) => `${score} ★`), datasets: [dataset("Ratings", counts, 4)] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function draw({ all, language, tier, lists }) {
    trend(all.days);
    groupBars("chart-language", language.days, "", "Unknown");
    groupBars("chart-tier", tier.days, "Tier", "Bot only");
    ranking("chart-intents", lists.top_intents, (row) => Kefu.nameOf("intents", row.intent), (row) => row.messages, "Buyer messages", 0);
    ranking("chart-quality", lists.quality, (row) => `${row.title} (${row.sku})`, (row) => row.cases, "Red cases", 3);
    csat(all.days);
  }

  return { draw };
})();
