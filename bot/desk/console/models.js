/* The models page: what each Rasa server serves now (GET /api/trainer/served), start a
 * retrain (POST /api/trainer/retrain) and follow it (GET, every few seconds while one runs), the report of a chosen retrain (GET /api/trainer/models/<id>),
 * the history of models (GET /api/trainer/models), and the labelled examples as CSV. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const { el } = KefuReport;
  const POLL_MS = 3000;
  const POLL_MAX_MS = 60000;
  let maxDrop = 1; // points of macro-F1; the desk's KEFU_RETRAIN_MAX_DROP, from the status
  const OUTCOME = { done: "done", refused: "refused", failed: "failed" };
  let shown = null; // the retrain whose report is on the page
  let wasRunning = false; // seen running: reload the history once it ends
  let pollFailures = 0; // in a row: the wait before the next poll doubles with each

  const flash = Kefu.flash;

  const when = (iso) => Kefu.when(iso);

  function outcome(job) {
    if (job.stage === "done") return job.promoted ? "promoted" : "done, not loaded";
    return OUTCOME[job.stage] || `${job.stage}…`;
  }

  function showStatus(status) {
    const job = status.job;
    maxDrop = status.max_drop;
    $("max-drop").textContent = String(maxDrop);
    $("retrain").disabled = status.running;
    if (!job) {
      $("retrain-status").textContent = "No model has been retrained from the desk yet.";
      return;
    }
    const what = status.running ? `running: ${job.stage}` : outcome(job);
    $("retrain-status").textContent =
      `#${job.id} by ${job.started_by}, ${when(job.started_at)}: ${what}` + (job.reason ? ` — ${job.reason}` : "");
    $("retrain-stages").replaceChildren(...(job.stages || []).map((s) => el("li", `${s.stage} ${when(s.at)}`, "stage")));
    $("retrain-log").textContent = job.log_tail || "";
  }

  function replicaLine(replica) {
    const what = replica.model_file ? `serves ${replica.model_file}` : "did not answer";
    const line = el("li", `Rasa server ${replica.replica} (${replica.url}) ${what}`, "served-replica");
    if (!replica.model_file) line.className = "warning";
    return line;
  }

  async function loadServed() {
    const served = await Kefu.api("GET", "/api/trainer/served");
    const total = served.replicas.length;
    const count = total === 1 ? "1 Rasa server" : `${served.answering} of ${total} Rasa servers`;
    let text = served.model_file ? `Serving now: ${served.model_file} (${count}).` : "No Rasa server answered.";
    if (!served.consistent) text += " The servers serve different models: retrain or reload to bring them together.";
    $("served").textContent = text;
    $("served").className = served.consistent && served.answering === total ? "" : "warning";
    // Each server named only where there are several, or one is out of line.
    const listed = total > 1 || !served.answering;
    $("served-replicas").replaceChildren(...(listed ? served.replicas.map(replicaLine) : []));
    $("served-replicas").hidden = !listed;
  }

  async function poll() {
    const status = await Kefu.api("GET", "/api/trainer/retrain");
    if (pollFailures) flash("");
    pollFailures = 0;
    showStatus(status);
    if (status.running) {
      wasRunning = true;
      schedulePoll();
    } else if (wasRunning) {
      await loadHistory(); // it just ended: its figures are in, and maybe a new model is served
      await loadServed();
      wasRunning = false; // only now: a failed reload is tried again with the next poll
    }
  }

  /* The next poll, later after each failure in a row (a desk restarting, a network blip):
   * one failed poll must not stop the page following a retrain. */
  function schedulePoll() {
    window.setTimeout(pollOrRetry, Math.min(POLL_MS * 2 ** pollFailures, POLL_MAX_MS));
  }

  async function pollOrRetry() {
    try {
      await poll();
    } catch (e) {
      if (e.status === 401 || e.status === 403) {
        flash(e.message, "error"); // signed out or no longer allowed: asking again will not help
        return;
      }
      pollFailures += 1;
      flash(`${e.message} Trying again to follow the retrain…`);
      schedulePoll();
    }
  }

  async function retrain() {
    // Minutes of training, then a model the buyers get: asked once, not on a stray click.
    const asked = `Retrain the model from the labelled examples now? It takes several minutes; the new model serves buyers only if no language loses more than ${maxDrop} point(s) of macro-F1.`;
    if (!window.confirm(asked)) return;
    $("retrain").disabled = true;
    try {
      const reply = await Kefu.api("POST", "/api/trainer/retrain");
      flash(`Retrain #${reply.job.id} started.`);
      wasRunning = true;
    } catch (e) {
      flash(e.message, "error");
      $("retrain").disabled = false;
      return;
    }
    await pollOrRetry();
  }

  function historyRow(job) {
    const row = el("tr", null, "history-row");
    row.append(el("td", `#${job.id}`), el("td", when(job.started_at)), el("td", job.started_by));
    row.appendChild(el("td", job.model_file || "—"));
    const result = el("td", outcome(job), "history-outcome");
    result.className = `outcome-${job.stage}`;
    row.append(result, el("td", job.reason || ""));
    return row;
  }

  async function loadHistory() {
    const models = (await Kefu.api("GET", "/api/trainer/models")).models;
    $("history").replaceChildren(...models.map(historyRow));
    const measured = models.filter((m) => Object.keys(m.figures || {}).length);
    const select = $("candidate");
    const keep = select.value;
    select.replaceChildren(
      ...measured.map((m) => {
        const option = el("option", `#${m.id} ${m.model_file} (${outcome(m)})`);
        option.value = String(m.id);
        return option;
      }),
    );
    if (measured.some((m) => String(m.id) === keep)) select.value = keep;
    showReportOrWhy(models, measured);
    if (measured.length) await showReport(select.value);
  }

  // Empty tables and an empty heatmap said nothing before a first retrain: say why instead.
  function showReportOrWhy(models, measured) {
    $("report-empty").textContent = models.length
      ? "No retrain has been measured yet (see the history below) — press Retrain now to train and measure a model; its report shows here."
      : "No model has been retrained from the console yet — press Retrain now to train one; its report (figures per language and the confusion matrix) shows here.";
    $("report-empty").hidden = measured.length > 0;
    $("report-body").hidden = measured.length === 0;
  }

  async function showReport(id) {
    shown = (await Kefu.api("GET", `/api/trainer/models/${encodeURIComponent(id)}`)).model;
    $("verdict").textContent = shown.reason || "";
    KefuReport.figures($("figures"), shown, maxDrop);
    const sets = Object.keys(shown.reports || {}).sort();
    const select = $("confusion-set");
    const keep = select.value;
    select.replaceChildren(
      ...sets.map((name) => {
        const option = el("option", name);
        option.value = name;
        return option;
      }),
    );
    select.value = sets.includes(keep) ? keep : sets[0] || "";
    drawConfusion();
  }

  function drawConfusion() {
    const report = shown && shown.reports ? shown.reports[$("confusion-set").value] : null;
    KefuReport.heatmap($("confusion"), report ? report.confusion : null);
  }

  async function importExamples(event) {
    event.preventDefault();
    const file = $("examples-file").files[0];
    if (!file) {
      flash("Choose a CSV file first.");
      return;
    }
    try {
      const reply = await Kefu.api("POST", "/api/trainer/examples.csv", await file.arrayBuffer(), "text/csv");
      const refused = reply.refused || [];
      const left = refused.length ? `; ${refused.length} left out, listed below` : "";
      flash(`Imported ${reply.imported} examples (${reply.skipped} already there or repeated${left}).`);
      showRefused(refused);
    } catch (e) {
      showRefused([]);
      flash(e.message, "error");
    }
  }

  // The rows an import left out, by line, so the trainer can mend them in the sheet.
  function showRefused(rows) {
    $("import-refused").replaceChildren(
      ...rows.map((row) => el("li", `line ${row.line}: "${row.text}" as ${row.intent}: ${row.reason}`)),
    );
    $("import-refused").hidden = !rows.length;
  }

  async function start() {
    if (!Kefu.token()) {
      Kefu.toLogin(false);
      return;
    }
    const me = (await Kefu.api("GET", "/api/me")).agent;
    $("whoami").textContent = `${me.display_name || me.username} · ${me.role}`;
    $("retrain").addEventListener("click", retrain);
    $("candidate").addEventListener("change", () => showReport($("candidate").value).catch((e) => flash(e.message, "error")));
    $("confusion-set").addEventListener("change", drawConfusion);
    $("import-form").addEventListener("submit", importExamples);
    try {
      await poll(); // first: it brings the rule's limit the report marks drops with
      await loadServed();
      await loadHistory();
    } catch (e) {
      if (e.status === 403) Kefu.noAccess("Your role has no access to the models.");
      else flash(e.message, "error");
    }
  }

  start().catch((e) => flash(e.message, "error"));
})();
