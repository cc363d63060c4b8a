/* Shared by the console pages: the agent's token and calls to the desk's JSON API.
 *
 * Only the token is kept in the browser (localStorage "kefu.token"); the agent's
 * profile is asked from /api/me on every load. API calls send it as a Bearer
 * token; EventSource cannot send headers, so the event stream relies on the
 * HttpOnly kefu_session cookie that POST /api/login sets (and logout clears). */
"use strict";

const Kefu = (() => {
  const TOKEN_KEY = "kefu.token";

  function token() {
    try {
      return window.localStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  function saveToken(value) {
    window.localStorage.setItem(TOKEN_KEY, value);
  }

  function forget() {
    try {
      window.localStorage.removeItem(TOKEN_KEY);
    } catch (e) {
      /* storage disabled: nothing to forget */
    }
  }

  class ApiError extends Error {
    constructor(status, message, body) {
      super(message);
      this.status = status;
      this.body = body;
    }
  }

  /* fetch() the API as the signed-in agent; JSON in and out (or, with a contentType,
   * the body sent as it is, e.g. a CSV file). A 401 means the session is over: back
   * to the login page. */
  async function api(method, path, body, contentType) {
    const headers = { Accept: "application/json" };
    const current = token();
    if (current) headers.Authorization = `Bearer ${current}`;
    const options = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = contentType || "application/json";
      options.body = contentType ? body : JSON.stringify(body);
    }
    let reply;
    try {
      reply = await fetch(path, options);
    } catch (e) {
      throw new ApiError(0, "The desk cannot be reached. Check your connection.", null);
    }
    let data = null;
    const text = await reply.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = { error: text };
      }
    }
    if (reply.status === 401 && path !== "/api/login") {
      forget();
      toLogin(true);
      throw new ApiError(401, "Your session has ended; please sign in again.", data);
    }
    if (!reply.ok) {
      const message = (data && (data.error || data.message)) || `${reply.status} ${reply.statusText}`;
      throw new ApiError(reply.status, message, data);
    }
    return data;
  }

  /* To the login page, which brings the agent back here (the open conversation too) once
   * signed in; `ended`: say the session ended (a sign-in page with no reason confused). */
  function toLogin(ended) {
    const back = window.location.pathname + window.location.hash;
    const query = new URLSearchParams();
    if (back !== "/console") query.set("next", back); // the console is where sign-in lands anyway
    if (ended) query.set("ended", "1");
    window.location.assign(`/console/login${query.size ? `?${query}` : ""}`);
  }

  /* The page's message line (#flash): news in green, a failure ("error") in red. */
  function flash(message, kind) {
    const line = document.getElementById("flash");
    if (!line) return;
    line.textContent = message || "";
    line.hidden = !message;
    line.dataset.kind = kind || "info";
  }

  /* A page the agent's role may not use: say so in red, and leave nothing to press. */
  function noAccess(message) {
    flash(message, "error");
    for (const control of document.querySelectorAll("main button, main input, main select, main textarea")) {
      control.disabled = true;
    }
    // The page's empty skeleton ("Welcome (first message in h)", empty charts) says nothing
    // to a role that may not use it: only the message stays.
    const notice = document.getElementById("flash");
    for (const part of document.querySelectorAll("main > *")) {
      if (!notice || !part.contains(notice)) part.hidden = true;
    }
  }

  /* Words for the bot's codes (intents, handoff reasons, queues) from /api/names, loaded once
   * per page; a code with no words is shown with its underscores as spaces. */
  let names = { intents: {}, reasons: {}, queues: {} };

  async function loadNames() {
    try {
      names = await api("GET", "/api/names");
    } catch (error) {
      /* the codes are shown as words */
    }
  }

  function nameOf(kind, code) {
    if (!code) return "";
    return (names[kind] || {})[code] || String(code).replace(/_/g, " ");
  }

  /* Every date and time the console shows, one way: "7 Dec 14:05", with the year when it is
   * not this year ("7 Dec 2025 14:05"); a day alone ("2026-12-07") as "7 Dec". In the
   * browser's time zone, or in `zone` (the seller's, where the page says so). */
  function when(value, zone) {
    if (!value) return "";
    const dayOnly = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
    const date = dayOnly ? new Date(`${value}T12:00:00Z`) : new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    const options = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    let format;
    try {
      format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: dayOnly ? "UTC" : zone || undefined });
    } catch (e) {
      format = new Intl.DateTimeFormat("en-US", options); // a zone this browser does not know
    }
    const parts = (d) => Object.fromEntries(format.formatToParts(d).map((p) => [p.type, p.value]));
    const p = parts(date);
    const year = p.year === parts(new Date()).year ? "" : ` ${p.year}`;
    return `${p.day} ${p.month}${year}${dayOnly ? "" : ` ${p.hour}:${p.minute}`}`;
  }

  /* A small button the pages add beside a row (Edit, Delete...): its label, test id and click. */
  function button(label, testid, action, className = "secondary") {
    const b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    b.dataset.testid = testid;
    b.addEventListener("click", action);
    return b;
  }

  return { token, saveToken, forget, api, ApiError, toLogin, flash, noAccess, loadNames, nameOf, when, button };
})();
