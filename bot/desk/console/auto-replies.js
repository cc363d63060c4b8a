/* The seller's auto-replies editor (supervisors): GET /api/seller/auto-replies, edit one
 * marketplace and one language at a time in the page's copy of the document, PUT it
 * back whole; the working hours in force are shown beside the off-hours reply. The desk checks the limits; its problems are listed as they come. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let doc = {};
  let limits = { languages: ["en"], keyword_rules: [3, 9], reply_chars: 300 };

  function flash(message, problems, kind) {
    Kefu.flash(message, kind || (problems && problems.length ? "error" : "info"));
    $("problems").replaceChildren(...(problems || []).map((p) => {
      const li = document.createElement("li");
      li.textContent = p;
      return li;
    }));
    $("problems").hidden = !(problems && problems.length);
    $("problems").dataset.kind = "error"; // what is wrong, in red (it showed in the green of "saved")
  }

  const market = () => $("marketplace").value;
  const language = () => $("language").value;
  function part() {
    doc.marketplaces = doc.marketplaces || {};
    doc.marketplaces[market()] = doc.marketplaces[market()] || {};
    return doc.marketplaces[market()];
  }

  function options(select, values, chosen) {
    select.replaceChildren(...values.map((v) => new Option(v, v, false, v === chosen)));
  }

  // The document may give a reply as a plain string (in its default language) and a rule's
  // keywords as one word (bot/seller/auto_replies.py): the editor reads both shapes.
  function textsOf(value) {
    if (typeof value === "string") return { [doc.default_language || "en"]: value };
    return value && typeof value === "object" ? Object.assign({}, value) : {};
  }
  function wordsOf(value) {
    if (typeof value === "string") return [value];
    return Array.isArray(value) ? value : [];
  }

  function setText(name, value) {
    const texts = textsOf(part()[name]);
    if (value.trim()) texts[language()] = value; else delete texts[language()];
    part()[name] = Object.keys(texts).length ? texts : null;
  }

  function ruleRow(rule) {
    const row = document.createElement("tr");
    row.setAttribute("data-testid", "ar-rule");
    const field = (value, testid, onInput, area) => {
      const td = document.createElement("td");
      const input = document.createElement(area ? "textarea" : "input");
      input.value = value || "";
      input.setAttribute("data-testid", testid);
      if (area) input.maxLength = limits.reply_chars;
      input.addEventListener("input", () => onInput(input.value));
      td.appendChild(input);
      row.appendChild(td);
    };
    field(wordsOf(rule.keywords).join(", "), "ar-keywords", (v) => {
      rule.keywords = v.split(",").map((k) => k.trim()).filter(Boolean);
    });
    field(textsOf(rule.reply)[language()], "ar-reply", (v) => {
      rule.reply = Object.assign(textsOf(rule.reply), { [language()]: v });
    }, true);
    field(rule.image_url, "ar-image", (v) => { rule.image_url = v.trim() || null; });
    field(rule.coupon_code, "ar-coupon", (v) => { rule.coupon_code = v.trim() || null; });
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary";
    remove.textContent = "Remove";
    remove.setAttribute("data-testid", "ar-remove-rule");
    remove.addEventListener("click", () => {
      part().keywords = (part().keywords || []).filter((r) => r !== rule);
      render();
    });
    const td = document.createElement("td");
    td.appendChild(remove);
    row.appendChild(td);
    return row;
  }

  function render() {
    const here = part();
    $("welcome").value = textsOf(here.welcome)[language()] || "";
    $("off-hours").value = textsOf(here.off_hours)[language()] || "";
    $("rules").replaceChildren(...(here.keywords || []).map(ruleRow));
  }

  function show(data) {
    doc = data.document || {};
    limits = data.limits;
    const markets = Object.keys(doc.marketplaces || {});
    if (!markets.includes("default")) markets.unshift("default");
    options($("marketplace"), markets, $("marketplace").value || "default");
    options($("language"), limits.languages, $("language").value || doc.default_language || "en");
    $("welcome-hours").textContent = String(doc.welcome_after_hours || 24);
    showHours(data.hours);
    const [word, cjk, thai] = limits.keyword_letters || [];
    // A short keyword answers nearly every message (码 is inside 号码 and 密码): say so before the save is refused.
    const letters = word ? `; keywords of at least ${word} letters (Chinese ${cjk}, Thai ${thai})` : "";
    $("rule-limits").textContent = `(${limits.keyword_rules[0]} to ${limits.keyword_rules[1]} per marketplace, replies of at most ${limits.reply_chars} characters${letters})`;
    $("saved").textContent = data.saved
      ? `Version ${data.saved.version}, saved by ${data.saved.saved_by} at ${Kefu.when(data.saved.saved_at)}`
      : "From seller/auto_replies.yml (never saved here)";
    $("history").replaceChildren(...data.history.map((v) => {
      const li = document.createElement("li");
      li.textContent = `v${v.version} · ${v.saved_by} · ${Kefu.when(v.saved_at)}`;
      return li;
    }));
    render();
  }

  // The working hours the off-hours reply follows: days with the same hours read as one.
  function showHours(hours) {
    if (!hours) return;
    const groups = [];
    for (const [day, spans] of Object.entries(hours.week)) {
      const last = groups[groups.length - 1];
      if (last && last.spans === spans) last.days.push(day);
      else groups.push({ days: [day], spans });
    }
    const week = groups.map((g) => `${g.days.length > 1 ? `${g.days[0]}-${g.days[g.days.length - 1]}` : g.days[0]} ${g.spans}`);
    $("hours-week").textContent = `${week.join(", ")} (${hours.time_zone})${hours.holidays && hours.holidays.length ? `; days off ${hours.holidays.join(", ")}` : ""}.`;
    // The seller's clock, not the browser's: "back at 09:00" is checked against the desk's hours.
    const reopens = `${Kefu.when(hours.next_opening, hours.time_zone)} (${hours.time_zone})`;
    $("hours-now").textContent = hours.open_now ? "Open now." : `Closed now; open again ${reopens}.`;
    $("hours-file").textContent = hours.file;
  }

  async function save() {
    flash("");
    try {
      show(await Kefu.api("PUT", "/api/seller/auto-replies", { document: doc }));
      flash("Saved: buyers get these from their next message.");
    } catch (e) {
      flash(`Not saved: ${e.status === 400 ? "please fix these" : e.message}`, (e.body && e.body.problems) || [], "error");
    }
  }

  async function start() {
    try {
      const me = (await Kefu.api("GET", "/api/me")).agent;
      $("whoami").textContent = `${me.display_name || me.username} (${me.role})`;
      show(await Kefu.api("GET", "/api/seller/auto-replies"));
    } catch (e) {
      if (e.status === 403) Kefu.noAccess("Only supervisors edit the seller's auto-replies.");
      else flash(e.message, [], "error");
    }
  }

  $("marketplace").addEventListener("change", render);
  $("language").addEventListener("change", render);
  $("welcome").addEventListener("input", () => setText("welcome", $("welcome").value));
  $("off-hours").addEventListener("input", () => setText("off_hours", $("off-hours").value));
  $("add-rule").addEventListener("click", () => {
    part().keywords = (part().keywords || []).concat([{ keywords: [], reply: {} }]);
    render();
  });
  $("add-marketplace").addEventListener("click", () => {
    const name = $("new-marketplace").value.trim().toLowerCase();
    if (!name) return;
    doc.marketplaces = doc.marketplaces || {};
    doc.marketplaces[name] = doc.marketplaces[name] || {};
    options($("marketplace"), Object.keys(doc.marketplaces), name);
    $("new-marketplace").value = "";
    render();
  });
  $("save").addEventListener("click", save);
  start();
})();
