/* The models page's report: per-language macro-F1 of a retrained model beside the model
 * it was measured against (held-out and real-buyer sets side by side, with the change),
 * and a confusion matrix drawn as a table whose cells are shaded by their share of the row. */
"use strict";

const KefuReport = (() => {
  const REAL = "real-";
  const NOT_LANGUAGES = ["external-en"];

  function el(tag, text, testid) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (testid) node.setAttribute("data-testid", testid);
    return node;
  }

  function f1(report) {
    return report && typeof report.macro_f1 === "number" ? report.macro_f1 : null;
  }

  function fixed(value) {
    return value === null ? "—" : value.toFixed(3);
  }

  /* The change in points of macro-F1, coloured when it is a drop the rule refuses or a gain;
   * rounded to 2 decimals as the rule (bot/nlu/promotion.py) rounds it, so a drop of 1.04
   * shows as one, and in red. */
  function changeCell(before, after, maxDrop) {
    const td = el("td");
    if (before === null || after === null) {
      td.textContent = "—";
      return td;
    }
    const points = Math.round((after - before) * 10000) / 100;
    td.textContent = `${points > 0 ? "+" : ""}${points.toFixed(2)}`;
    if (-points > maxDrop) td.className = "change-down";
    else if (points > 0) td.className = "change-up";
    return td;
  }

  function languages(reports, baseline) {
    const names = new Set();
    for (const source of [reports || {}, baseline || {}]) {
      for (const name of Object.keys(source)) {
        if (NOT_LANGUAGES.includes(name)) continue;
        names.add(name.startsWith(REAL) ? name.slice(REAL.length) : name);
      }
    }
    return [...names].sort();
  }

  /* One row per language: served / new / change, held-out then real. */
  function figures(body, job, maxDrop) {
    body.replaceChildren();
    const reports = job.reports || {};
    const baseline = job.baseline || {};
    for (const language of languages(reports, baseline)) {
      const row = el("tr", null, "figure-row");
      row.dataset.language = language;
      row.appendChild(el("td", language));
      for (const name of [language, REAL + language]) {
        const before = f1(baseline[name]);
        const after = f1(reports[name]);
        row.appendChild(el("td", fixed(before)));
        row.appendChild(el("td", fixed(after)));
        row.appendChild(changeCell(before, after, maxDrop));
      }
      body.appendChild(row);
    }
  }

  /* Shade: the cell's share of its row; the diagonal (read right) green, the rest red. */
  function shade(cell, count, total, right) {
    const share = total ? count / total : 0;
    if (!count) return;
    const alpha = (0.15 + 0.85 * share).toFixed(2);
    cell.style.backgroundColor = right ? `rgba(26, 127, 55, ${alpha})` : `rgba(180, 35, 24, ${alpha})`;
    if (share > 0.5) cell.style.color = "#fff";
  }

  function heatmap(table, confusion) {
    table.replaceChildren();
    if (!confusion || !confusion.labels || !confusion.labels.length) {
      table.appendChild(el("caption", "No confusion matrix for this set."));
      return;
    }
    const { labels, matrix } = confusion;
    const head = el("thead");
    const top = el("tr");
    top.appendChild(el("th", "meant \\ read"));
    for (const label of labels) top.appendChild(el("th", label));
    head.appendChild(top);
    const body = el("tbody");
    labels.forEach((label, i) => {
      const row = el("tr", null, "confusion-row");
      const name = el("th", label);
      name.scope = "row";
      row.appendChild(name);
      const total = matrix[i].reduce((a, b) => a + b, 0);
      matrix[i].forEach((count, j) => {
        const cell = el("td", count ? String(count) : "", "confusion-cell");
        cell.title = `${label} read as ${labels[j]}: ${count} of ${total}`;
        shade(cell, count, total, i === j);
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
    table.append(head, body);
  }

  return { figures, heatmap, el };
})();
