/* Sign in: POST /api/login, keep the token, go to the console. */
"use strict";

(() => {
  const form = document.getElementById("login-form");
  const error = document.getElementById("login-error");
  const submit = document.getElementById("login-submit");

  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  // Where to go once signed in: back to the console page (and conversation) the session
  // ended on, never to another site.
  const asked = new URLSearchParams(window.location.search);
  const next = (asked.get("next") || "").startsWith("/console") ? asked.get("next") : null;
  if (asked.get("ended")) showError("Your session has ended; please sign in again. Your unsent reply is kept.");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const username = form.username.value.trim();
    const password = form.password.value;
    if (!username || !password) {
      showError("Enter your username and password.");
      return;
    }
    submit.disabled = true;
    submit.textContent = "Signing in…";
    try {
      const reply = await Kefu.api("POST", "/api/login", { username, password });
      Kefu.saveToken(reply.token);
      window.location.replace(next || (reply.agent.role === "trainer" ? "/console/trainer" : "/console"));
    } catch (e) {
      showError(e.status === 401 ? "Wrong username or password." : e.message);
      form.password.value = "";
      form.password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = "Sign in";
    }
  });
})();
