/* "Set me away" in the console's top bar: an agent at lunch or in a meeting stays signed in,
 * and the supervisor's "Team now" shows them away rather than online (POST
 * /api/me/availability). The state lives on the server, so every tab and replica agrees. */
"use strict";

(() => {
  const button = () => document.getElementById("availability");

  function show(away) {
    const b = button();
    b.setAttribute("aria-pressed", String(away));
    b.textContent = away ? "Away · I'm back" : "Set me away";
    b.dataset.away = String(away);
    b.hidden = false;
  }

  async function toggle() {
    const away = button().dataset.away !== "true";
    try {
      show((await Kefu.api("POST", "/api/me/availability", { away })).away);
      window.KefuConsole.flash(away ? "You show as away to your supervisor." : "You show as online again.");
    } catch (error) {
      window.KefuConsole.failed(error);
    }
  }

  async function start() {
    try {
      show((await Kefu.api("GET", "/api/me/availability")).away);
    } catch (error) {
      return; // no Redis now: the button stays hidden rather than showing a state it cannot keep
    }
    button().addEventListener("click", toggle);
  }

  if (window.KefuConsole) start();
  else document.addEventListener("kefu:ready", start, { once: true });
})();
