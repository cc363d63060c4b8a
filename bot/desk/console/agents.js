/* The team's agent accounts (supervisors; GET/POST /api/agents, PUT/DELETE /api/agents/<username>,
 * .../password, .../disable, .../enable) and every agent's own password (POST /api/me/password).
 * Other roles see only "Change my password". Values go on the page with textContent. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let me = null;
  let choices = { roles: [], languages: [] };

  function cell(...content) {
    const td = document.createElement("td");
    td.append(...content);
    return td;
  }

  function select(values, chosen, testid, label) {
    const node = document.createElement("select");
    node.dataset.testid = testid;
    node.setAttribute("aria-label", label);
    const options = values.includes(chosen) ? values : [chosen, ...values];
    node.replaceChildren(...options.map((v) => new Option(v, v, false, v === chosen)));
    return node;
  }

  async function act(work, done) {
    try {
      await work();
      Kefu.flash(done);
      await load();
    } catch (error) {
      Kefu.flash(error.message, "error");
    }
  }

  const path = (agent, rest = "") => `/api/agents/${encodeURIComponent(agent.username)}${rest}`;

  function row(agent) {
    const tr = document.createElement("tr");
    tr.dataset.username = agent.username;
    const mine = agent.username === me.username;
    const name = document.createElement("input");
    Object.assign(name, { value: agent.display_name, maxLength: 128, size: 18 });
    name.dataset.testid = "agent-name";
    name.setAttribute("aria-label", `Name of ${agent.username}`);
    const role = select(choices.roles, agent.role, "agent-role", `Role of ${agent.username}`);
    role.disabled = mine; // another supervisor changes yours
    const language = select(choices.languages, agent.language, "agent-language", `Language of ${agent.username}`);
    const save = Kefu.button("Save", "agent-save", () => act(
      () => Kefu.api("PUT", path(agent), { display_name: name.value, role: role.value, language: language.value }),
      `Saved ${agent.username}.`,
    ));
    const actions = cell(save);
    if (!mine) {
      const password = document.createElement("input");
      Object.assign(password, { type: "password", placeholder: "new password", size: 14, autocomplete: "new-password" });
      password.dataset.testid = "agent-new-password";
      password.setAttribute("aria-label", `New password for ${agent.username}`);
      const reset = Kefu.button("Set password", "agent-set-password", () => act(
        () => Kefu.api("POST", path(agent, "/password"), { password: password.value }),
        `New password set for ${agent.username}; their sessions have ended.`,
      ));
      const toggle = agent.active
        ? Kefu.button("Disable", "agent-disable", () => act(
          () => Kefu.api("POST", path(agent, "/disable")), `Disabled ${agent.username}; their sessions have ended.`))
        : Kefu.button("Enable", "agent-enable", () => act(
          () => Kefu.api("POST", path(agent, "/enable")), `Enabled ${agent.username}.`));
      const remove = Kefu.button("Delete", "agent-delete", () => {
        if (!window.confirm(`Delete the account ${agent.username}? This cannot be undone.`)) return;
        act(() => Kefu.api("DELETE", path(agent)), `Deleted ${agent.username}.`);
      });
      actions.append(" ", password, reset, " ", toggle, remove);
    }
    tr.append(
      cell(agent.username),
      cell(name),
      cell(role),
      cell(language),
      cell(agent.active ? "active" : "disabled"),
      cell(Kefu.when(agent.created_at)),
      actions,
    );
    if (!agent.active) tr.classList.add("disabled");
    return tr;
  }

  function describe(change) {
    const d = change.detail || {};
    const who = change.username;
    switch (change.action) {
      case "added": return `${change.by} added ${who} (${d.role || ""})`;
      case "changed": return `${change.by} changed ${who}: ` + Object.entries(d).map(([k, [from, to]]) => `${k.replace("_", " ")} ${from} → ${to}`).join(", ");
      case "password": return `${change.by} set a new password for ${who}`;
      case "own_password": return `${who} changed their own password`;
      default: return `${change.by} ${change.action} ${who}`;
    }
  }

  async function load() {
    const data = await Kefu.api("GET", "/api/agents");
    choices = { roles: data.roles, languages: data.languages };
    if (!$("add-role").options.length) {
      $("add-role").replaceChildren(...data.roles.map((r) => new Option(r, r, false, r === "tier1")));
      $("add-language").replaceChildren(...data.languages.map((l) => new Option(l, l, false, l === "en")));
    }
    $("agents-body").replaceChildren(...data.agents.map(row));
    $("changes").replaceChildren(...data.changes.map((change) => {
      const li = document.createElement("li");
      li.textContent = `${Kefu.when(change.at)} · ${describe(change)}`;
      return li;
    }));
  }

  async function add(event) {
    event.preventDefault();
    const body = {
      username: $("add-username").value.trim(),
      display_name: $("add-name").value.trim() || undefined,
      role: $("add-role").value,
      language: $("add-language").value,
      password: $("add-password").value,
    };
    try {
      const data = await Kefu.api("POST", "/api/agents", body);
      $("add-form").reset();
      $("add-role").value = "tier1";
      $("add-language").value = "en";
      await load();
      Kefu.flash(`Added ${data.agent.username} (${data.agent.role}).`);
    } catch (error) {
      Kefu.flash(error.message, "error");
    }
  }

  async function changeMine(event) {
    event.preventDefault();
    if ($("new-password").value !== $("repeat-password").value) {
      Kefu.flash("The two new passwords differ.", "error");
      return;
    }
    try {
      const data = await Kefu.api("POST", "/api/me/password", {
        current_password: $("current-password").value,
        new_password: $("new-password").value,
      });
      Kefu.saveToken(data.token); // the old token ended with the old password
      $("mine-form").reset();
      Kefu.flash("Your password is changed. Your other sessions have ended; you stay signed in here.");
      if (me.role === "supervisor") await load();
    } catch (error) {
      Kefu.flash(error.message, "error");
    }
  }

  async function start() {
    try {
      me = (await Kefu.api("GET", "/api/me")).agent;
      $("whoami").textContent = `${me.display_name} · ${me.role}`;
      if (me.role === "trainer") {
        $("home-link").href = "/console/trainer";
        $("home-link").textContent = "Trainer's inbox";
      }
      $("mine-form").addEventListener("submit", changeMine);
      $("mine-form").hidden = false;
      if (me.role !== "supervisor") {
        $("page-title").textContent = "My password";
        document.title = "My password · Kefu desk";
        return;
      }
      $("add-form").addEventListener("submit", add);
      await load();
      $("team").hidden = false;
    } catch (error) {
      Kefu.flash(error.message, "error");
    }
  }

  start();
})();
