/* The quick replies as a spreadsheet (supervisors): "Download CSV" is a plain link (GET
 * /api/quick-replies.csv, signed by the session cookie); a file chosen under "Import CSV" is
 * first checked (POST /api/quick-replies.csv?dry_run=1), which lists what it would add or
 * replace, or each bad row's problem; "Import" then sends the same bytes to be written, all
 * or nothing. Values go on the page with textContent. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let checked = null; // the bytes of the file the check passed: what "Import" sends

  function item(text) {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }

  function show(summary, lines, kind) {
    $("qr-check").textContent = summary;
    $("qr-check").dataset.kind = kind || "info";
    $("qr-check").hidden = !summary;
    $("qr-plan").replaceChildren(...lines);
    $("qr-plan").className = kind === "error" ? "error" : "";
    $("qr-plan").hidden = !lines.length;
  }

  function ready(body) {
    checked = body;
    $("qr-import").hidden = !body;
  }

  const DOES = { add: "adds", replace: "replaces the text of" };

  function planned(report) {
    return report.rows
      .filter((row) => row.action in DOES)
      .map((row) => item(`row ${row.row}: ${DOES[row.action]} "${row.title}" (${row.language})`));
  }

  function counts(report) {
    return `${report.added} to add, ${report.replaced} to replace, ${report.unchanged} already the same`;
  }

  /* A refusal: each bad row's problem (400), or what the desk said (not UTF-8, too big...). */
  function refused(name, error) {
    const problems = (error.body && error.body.problems) || [];
    if (!problems.length) {
      show(`${name}: ${error.message}`, [], "error");
      return;
    }
    const more = error.body.problem_count > problems.length ? ` (the first ${problems.length} listed)` : "";
    show(
      `${name}: ${error.body.problem_count} problem(s)${more}; nothing is imported until the file is mended.`,
      problems.map((p) => item(`row ${p.row}: ${p.problem}`)),
      "error",
    );
  }

  async function check() {
    ready(null);
    const file = $("qr-file").files[0];
    if (!file) {
      show("", []);
      return;
    }
    show(`Checking ${file.name}…`, []);
    const body = await file.arrayBuffer();
    try {
      const report = await Kefu.api("POST", "/api/quick-replies.csv?dry_run=1", body, "text/csv");
      const work = report.added + report.replaced;
      show(`${file.name}: ${counts(report)}.${work ? " Import to write them." : " Nothing to import."}`, planned(report));
      if (work) ready(body);
    } catch (error) {
      refused(file.name, error);
    }
  }

  async function importChecked() {
    if (!checked) return;
    const name = $("qr-file").files[0] ? $("qr-file").files[0].name : "the file";
    $("qr-import").disabled = true;
    try {
      const report = await Kefu.api("POST", "/api/quick-replies.csv", checked, "text/csv");
      Kefu.flash(`Imported ${name}: ${report.added} added, ${report.replaced} replaced, ${report.unchanged} unchanged.`);
      $("qr-file").value = "";
      ready(null);
      show("", []);
      document.dispatchEvent(new CustomEvent("kefu:quick-replies-changed"));
    } catch (error) {
      // Changed since the check (another supervisor's replies took a language to its limit...).
      ready(null);
      refused(name, error);
    } finally {
      $("qr-import").disabled = false;
    }
  }

  $("qr-file").addEventListener("change", check);
  $("qr-import").addEventListener("click", importChecked);
})();
