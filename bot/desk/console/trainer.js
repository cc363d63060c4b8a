/* The trainer's inbox: GET /api/trainer/inbox?lang=, one row per group of near-duplicate
 * buyer messages, the most doubted first (beside how often buyers wrote it at all), opening
 * on its latest messages and what the bot read; pick the intent they meant and Label
 * (POST /api/trainer/label), which adds the example to data/nlu/<lang>/reviewed.yml.
 * Below, the labels newest first (GET /api/trainer/labels?lang=), narrowed by intent,
 * trainer and words and read a page at a time ("Older labels"), each with Undo
 * (POST /api/trainer/unlabel), and who undid which label when. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let nextLabels = null; // the `after` of the labels' next page
  const WHY = {
    clarified: "asked “did you mean”",
    handed_off: "handed to a person",
    low_confidence: "low confidence",
    corrected: "corrected by an agent",
  };

  const flash = Kefu.flash;

  function cell(row, text) {
    const td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function intentSelect(intents, suggested) {
    const select = document.createElement("select");
    select.setAttribute("data-testid", "group-intent");
    select.setAttribute("aria-label", "Intent the buyers meant");
    const choose = document.createElement("option");
    choose.value = "";
    choose.textContent = "Choose what they meant…";
    choose.selected = !suggested;
    select.appendChild(choose);
    for (const name of intents) {
      const option = document.createElement("option");
      option.value = name;
      const words = Kefu.nameOf("intents", name);
      option.textContent = words.replace(/ /g, "_") === name ? name : `${words} (${name})`;
      option.selected = name === suggested;
      select.appendChild(option);
    }
    return select;
  }

  // What the bot read: its likeliest intents with their confidence, then an agent's word.
  function reading(message) {
    const guesses = (message.ranking || [])
      .slice(0, 3)
      .map((r) => `${r.name} ${Math.round(r.confidence * 100)}%`);
    const read = guesses.length ? guesses.join(" · ") : message.intent || "nothing";
    const parts = [`bot read: ${read}`];
    if (message.corrected_intent) parts.push(`agent ${message.corrected_by} said: ${message.corrected_intent}`);
    if (message.created_at) parts.push(Kefu.when(message.created_at));
    return parts.join(" — ");
  }

  // The group's messages (the latest few), so the trainer sees what the label covers.
  function messageList(group) {
    const details = document.createElement("details");
    details.setAttribute("data-testid", "group-details");
    const summary = document.createElement("summary");
    const shown = group.messages.length;
    summary.textContent =
      shown < group.count ? `latest ${shown} of ${group.count} messages` : `${shown} message${shown === 1 ? "" : "s"}`;
    const list = document.createElement("ul");
    for (const message of group.messages) {
      const item = document.createElement("li");
      item.setAttribute("data-testid", "group-message");
      const words = document.createElement("q");
      words.textContent = message.text;
      const note = document.createElement("span");
      note.className = "muted";
      note.setAttribute("data-testid", "group-message-reading");
      note.textContent = reading(message);
      item.append(words, " ", note);
      list.appendChild(item);
    }
    details.append(summary, list);
    return details;
  }

  function render(data) {
    const body = $("groups");
    body.replaceChildren();
    fillIntentFilter(data.intents);
    $("empty").hidden = data.groups.length > 0;
    $("summary").textContent =
      `${data.groups.length} ${data.groups.length === 1 ? "group" : "groups"} in the last ${data.days} days · below ${data.threshold} counts as unsure`;
    for (const group of data.groups) {
      const row = document.createElement("tr");
      row.setAttribute("data-testid", "group");
      const said = cell(row, "");
      const text = document.createElement("span");
      text.textContent = group.text;
      text.setAttribute("data-testid", "group-text");
      said.append(text);
      for (const found of group.trained_as || []) {
        const note = document.createElement("p");
        note.className = "trained-as";
        note.setAttribute("data-testid", "group-trained-as");
        note.textContent = `Already a training example of ${found.intent} (${found.file}): a label must agree with it.`;
        said.appendChild(note);
      }
      if (group.labelled) {
        const note = document.createElement("p");
        note.className = "trained-as";
        note.setAttribute("data-testid", "group-labelled");
        const when = Kefu.when(group.labelled.at);
        note.textContent = `Labelled ${group.labelled.intent} by ${group.labelled.by} (${when}); the model loaded since still misreads it.`;
        said.appendChild(note);
      }
      said.appendChild(messageList(group));
      cell(row, String(group.count)).setAttribute("data-testid", "group-count");
      // How often buyers wrote it at all: 3 doubts of 3 writings weigh more than 3 of 300.
      const share = Math.round((100 * group.count) / group.written);
      cell(row, `${group.written} (${share}% unsure)`).setAttribute("data-testid", "group-written");
      cell(row, Object.keys(group.reasons).map((r) => WHY[r] || r).join(", "));
      const choose = cell(row, "");
      const trained = (group.trained_as || [])[0];
      // The training file's intent or an agent's word is offered; the model's own unsure guess
      // is not (one click on Label taught "ugh nvm" as affirm): the trainer chooses.
      const offered = (trained && trained.intent) || (group.suggested_by === "agent" ? group.suggested_intent : "");
      const select = intentSelect(data.intents, offered);
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Label";
      button.setAttribute("data-testid", "group-label");
      button.disabled = !select.value;
      select.addEventListener("change", () => {
        button.disabled = !select.value;
      });
      button.addEventListener("click", () => label(data.language, group.text, select.value, button));
      choose.append(select, button);
      body.appendChild(row);
    }
  }

  // The latest labels, each undoable (a further page is appended), then the latest undone
  // ones with who undid them.
  function renderLabels(data, append) {
    const body = $("labels");
    if (!append) body.replaceChildren();
    nextLabels = data.next;
    $("labels-more").hidden = !data.next;
    const filtered = $("label-intent").value || $("label-by").value.trim() || $("label-words").value.trim();
    $("labels-empty").textContent = filtered ? "No label matches." : "No labels in this language yet.";
    $("labels-empty").hidden = data.matching > 0;
    $("labels-count").textContent = data.matching ? `${data.matching} label${data.matching === 1 ? "" : "s"}` : "";
    for (const given of data.labels) {
      const row = document.createElement("tr");
      row.setAttribute("data-testid", "recent-label");
      cell(row, given.text).setAttribute("data-testid", "recent-label-text");
      cell(row, given.intent);
      cell(row, `${given.by}, ${Kefu.when(given.at)}`);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = "Undo";
      button.setAttribute("data-testid", "label-undo");
      button.setAttribute("aria-label", `Undo the label ${given.intent} of “${given.text}”`);
      button.addEventListener("click", () => undo(data.language, given, button));
      cell(row, "").appendChild(button);
      body.appendChild(row);
    }
    $("undone-title").hidden = data.undone.length === 0;
    $("undone").replaceChildren(
      ...data.undone.map((u) => {
        const item = document.createElement("li");
        item.setAttribute("data-testid", "undone-label");
        const when = Kefu.when(u.undone_at);
        item.textContent = `“${u.text}” as ${u.intent} (by ${u.labelled_by}), undone by ${u.undone_by} ${when}`;
        return item;
      }),
    );
  }

  async function load() {
    const lang = encodeURIComponent($("language").value);
    try {
      const days = encodeURIComponent($("days").value);
      render(await Kefu.api("GET", `/api/trainer/inbox?lang=${lang}&days=${days}`));
      await loadLabels(false);
    } catch (e) {
      if (e.status === 403) Kefu.noAccess("Your role has no access to the trainer's inbox.");
      else flash(e.message, "error");
    }
  }

  async function loadLabels(append) {
    const query = new URLSearchParams({ lang: $("language").value });
    const filters = { intent: $("label-intent").value, by: $("label-by").value.trim(), words: $("label-words").value.trim() };
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
    if (append && nextLabels) query.set("after", nextLabels);
    renderLabels(await Kefu.api("GET", `/api/trainer/labels?${query}`), append);
  }

  // The intent filter offers the inbox's intents, keeping the one chosen.
  function fillIntentFilter(intents) {
    const select = $("label-intent");
    const chosen = select.value;
    const any = document.createElement("option");
    any.value = "";
    any.textContent = "any";
    select.replaceChildren(
      any,
      ...intents.map((name) => {
        const option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        return option;
      }),
    );
    select.value = intents.includes(chosen) ? chosen : "";
  }

  async function undo(language, given, button) {
    button.disabled = true;
    try {
      const reply = await Kefu.api("POST", "/api/trainer/unlabel", { language, text: given.text });
      flash(
        reply.file
          ? `Label ${given.intent} of “${given.text}” undone: removed from ${reply.file}.`
          : `Label ${given.intent} of “${given.text}” undone (it was not in the training data).`,
      );
      await load();
    } catch (e) {
      flash(e.message, "error");
      button.disabled = false;
    }
  }

  /* A colleague (or this page in another tab) labelled it already as something else: asked
   * before replacing their label, which was overwritten without a word. */
  async function post(language, text, intent) {
    try {
      return await Kefu.api("POST", "/api/trainer/label", { language, text, intent });
    } catch (e) {
      if (e.status !== 409 || !e.message.startsWith("already labelled")) throw e;
      if (!window.confirm(`“${text}” is ${e.message.split(":")[0]}. Replace that label with ${intent}?`)) return null;
      return Kefu.api("POST", "/api/trainer/label", { language, text, intent, replace: true });
    }
  }

  async function label(language, text, intent, button) {
    button.disabled = true;
    try {
      const reply = await post(language, text, intent);
      if (reply === null) {
        flash("Left as it was labelled.");
        await load();
        return;
      }
      flash(
        reply.file
          ? `“${text}” labelled ${intent}: added to ${reply.file}.`
          : `“${text}” labelled ${intent}, not added to the training data: ${reply.not_written}.`,
      );
      await load();
    } catch (e) {
      flash(e.message, "error");
      button.disabled = false;
    }
  }

  async function start() {
    if (!Kefu.token()) {
      Kefu.toLogin(false);
      return;
    }
    const me = (await Kefu.api("GET", "/api/me")).agent;
    await Kefu.loadNames();
    $("whoami").textContent = `${me.display_name || me.username} · ${me.role}`;
    const wanted = new URLSearchParams(window.location.search).get("lang") || me.language;
    if ([...$("language").options].some((o) => o.value === wanted)) $("language").value = wanted;
    $("language").addEventListener("change", load);
    $("days").addEventListener("change", load);
    $("label-filter").addEventListener("submit", (event) => {
      event.preventDefault();
      loadLabels(false).catch((e) => flash(e.message, "error"));
    });
    $("labels-more").addEventListener("click", () => loadLabels(true).catch((e) => flash(e.message, "error")));
    $("logout").addEventListener("click", async () => {
      try {
        await Kefu.api("POST", "/api/logout");
      } finally {
        Kefu.forget();
        Kefu.toLogin(false);
      }
    });
    await load();
  }

  start().catch((e) => flash(e.message, "error"));
})();
