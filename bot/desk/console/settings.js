/* The desk's settings (supervisors): working hours and days off in the seller's time zone,
 * first-response targets, automatic assignment, the rating window, whether the bot's own chats
 * ask for a rating and when the bot's quiet chats close (GET / PUT /api/seller/desk-settings). The desk checks every value and names
 * what it cannot use; nothing is saved then. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const DAYS = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
  const QUEUES = { pre_sale: "Pre-sale", after_sale: "After-sale" };
  // The file's version the page shows: sent back with a change, so one made meanwhile (another
  // supervisor's) is a 409 to reload rather than undone.
  let version = null;

  function input(id, value, attributes) {
    const node = document.createElement("input");
    node.id = id;
    node.value = value;
    Object.assign(node, attributes || {});
    node.dataset.testid = id;
    return node;
  }

  function row(title, ...cells) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.textContent = title;
    tr.append(th, ...cells.map((content) => {
      const td = document.createElement("td");
      td.append(content);
      return td;
    }));
    return tr;
  }

  function show(data) {
    const settings = data.settings;
    version = data.version;
    $("time-zone").value = settings.time_zone;
    $("always-open").checked = settings.always_open;
    $("week-body").replaceChildren(...Object.entries(DAYS).map(([day, name]) =>
      row(name, input(`hours-${day}`, (settings.working_hours[day] || []).join(", "), { size: 36 }))));
    $("holidays").value = settings.holidays.join("\n");
    $("first-response").value = settings.first_response_minutes;
    $("targets-body").replaceChildren(...Object.entries(QUEUES).map(([queue, name]) =>
      row(name, ...["1", "2", "3"].map((tier) =>
        input(`target-${queue}-${tier}`, settings.first_response_targets[queue][tier], { type: "number", min: "0.1", step: "any" })))));
    $("max-chats").value = settings.auto_assign.max_chats;
    $("csat-hours").value = settings.csat_window_hours;
    $("idle-minutes").value = settings.bot_idle_minutes;
    $("bot-csat-ask").checked = settings.bot_csat.ask;
    $("week").hidden = settings.always_open;
  }

  const number = (id) => Number($(id).value);

  function collect() {
    const hours = {};
    for (const day of Object.keys(DAYS)) {
      hours[day] = $(`hours-${day}`).value.split(/[,;]/).map((span) => span.trim()).filter(Boolean);
    }
    const targets = {};
    for (const queue of Object.keys(QUEUES)) {
      targets[queue] = {};
      for (const tier of ["1", "2", "3"]) targets[queue][tier] = number(`target-${queue}-${tier}`);
    }
    const settings = {
      time_zone: $("time-zone").value.trim(),
      always_open: $("always-open").checked,
      holidays: $("holidays").value.split(/\s+/).filter(Boolean),
      first_response_minutes: number("first-response"),
      first_response_targets: targets,
      auto_assign: { max_chats: number("max-chats") },
      csat_window_hours: number("csat-hours"),
      bot_idle_minutes: number("idle-minutes"),
      bot_csat: { ask: $("bot-csat-ask").checked },
    };
    if (!settings.always_open) settings.working_hours = hours;
    return settings;
  }

  async function save(event) {
    event.preventDefault();
    try {
      const data = await Kefu.api("PUT", "/api/seller/desk-settings", { settings: collect(), version });
      show(data);
      Kefu.flash(`Saved to ${data.file}: the desk works with these settings now.`);
    } catch (error) {
      Kefu.flash(error.message, "error");
    }
  }

  async function start() {
    try {
      const me = (await Kefu.api("GET", "/api/me")).agent;
      $("whoami").textContent = `${me.display_name} · ${me.role}`;
      const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
      $("zones").replaceChildren(...zones.map((zone) => new Option(zone)));
      show(await Kefu.api("GET", "/api/seller/desk-settings"));
      $("always-open").addEventListener("change", () => { $("week").hidden = $("always-open").checked; });
      $("settings-form").addEventListener("submit", save);
      $("settings-form").hidden = false;
    } catch (error) {
      Kefu.flash(error.message, "error");
    }
  }

  start();
})();
