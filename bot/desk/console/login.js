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
      window.location.assign(reply.agent.role === "trainer" ? "/console/trainer" : "/console");
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
