/* The seller's promo campaigns (supervisors): a campaign file checked (a dry run: who it would
 * reach now, nothing sent) or sent (POST /api/seller/promos), and the campaigns started with
 * their progress (GET /api/seller/promos), refreshed while one is running. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const REFRESH_MS = 3000;
  // An example to start from, running from today for three days (a campaign outside its
  // period is refused).
  function example() {
    const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
    return [
      "id: weekend-sale",
      `period: {start: ${day(0)}T00:00:00Z, end: ${day(3)}T23:59:00Z}`,
      "default_language: en",
      "messages:",
      '  en: "Weekend sale: 10% off everything until Sunday!"',
      "audience:",
      "  marketplaces: [lazada]",
    ].join("\n");
  }

  function problems(list) {
    $("problems").replaceChildren(...(list || []).map((p) => {
      const li = document.createElement("li");
      li.textContent = p;
      return li;
    }));
    $("problems").hidden = !(list && list.length);
  }

  function failed(error) {
    Kefu.flash(error.message, "error");
    problems(error.body && error.body.problems);
  }

  async function check() {
    problems([]);
    try {
      const outcome = await Kefu.api("POST", "/api/seller/promos", { yaml: $("promo-yaml").value, dry_run: true });
      const skipped = Object.entries(outcome.skipped || {}).map(([why, n]) => `${n} ${why.replace(/_/g, " ")}`);
      $("promo-outcome").textContent =
        `${outcome.campaign}: ${outcome.audience} buyers match; ${outcome.sent} would get it now` +
        (skipped.length ? `; skipped: ${skipped.join(", ")}` : "") +
        (outcome.held ? `; ${outcome.held} held (quiet hours or the daily cap)` : "") +
        (outcome.before ? `; ${outcome.before} reached by an earlier run` : "") + ".";
      $("promo-outcome").dataset.audience = String(outcome.audience);
    } catch (error) {
      failed(error);
    }
  }

  async function send() {
    problems([]);
    if (!window.confirm("Send this campaign to its buyers now?")) return;
    try {
      const progress = await Kefu.api("POST", "/api/seller/promos", { yaml: $("promo-yaml").value });
      Kefu.flash(`Started ${progress.campaign}: ${progress.audience} buyers.`);
      await load();
    } catch (error) {
      failed(error);
    }
  }

  function row(campaign) {
    const tr = document.createElement("tr");
    tr.dataset.campaign = campaign.campaign;
    const values = [
      campaign.campaign, campaign.state, campaign.audience, campaign.sent, campaign.sending,
      campaign.skipped, campaign.failed, campaign.held, Kefu.when(campaign.started_at),
    ];
    const names = ["campaign", "state", "audience", "sent", "sending", "skipped", "failed", "held", "started"];
    values.forEach((value, i) => {
      const td = document.createElement("td");
      td.textContent = String(value);
      td.dataset.promo = names[i];
      tr.append(td);
    });
    return tr;
  }

  async function load() {
    const data = await Kefu.api("GET", "/api/seller/promos");
    $("campaign-body").replaceChildren(...data.campaigns.map(row));
    $("no-campaigns").hidden = data.campaigns.length > 0;
    if (data.campaigns.some((c) => c.state === "running")) setTimeout(() => load().catch(failed), REFRESH_MS);
  }

  async function start() {
    try {
      const me = (await Kefu.api("GET", "/api/me")).agent;
      $("whoami").textContent = `${me.display_name} · ${me.role}`;
      $("promo-yaml").value = example();
      $("promo-check").addEventListener("click", check);
      $("promo-send").addEventListener("click", send);
      await load();
    } catch (error) {
      failed(error);
      if (error.status === 403) $("promo-form").hidden = true;
    }
  }

  start();
})();
