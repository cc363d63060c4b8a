/* "Reopen" on a resolved chat in the console: the agent who resolved it too soon (or a
 * supervisor) takes it back (POST /api/conversations/<id>/reopen); the server says when it
 * may not be (the buyer has written since, or it is too old) and the console shows why. */
"use strict";

(() => {
  function button() {
    let node = document.getElementById("reopen");
    if (!node) {
      node = document.createElement("button");
      node.id = "reopen";
      node.type = "button";
      node.className = "secondary";
      node.dataset.testid = "reopen";
      node.textContent = "Reopen";
      node.hidden = true;
      document.getElementById("resolve").after(node);
      node.addEventListener("click", reopen);
    }
    return node;
  }

  function mayReopen(conversation, me) {
    if (conversation.status !== "resolved") return false;
    return me.role === "supervisor" || conversation.agent_id == null || conversation.agent_id === me.id;
  }

  async function reopen() {
    const ui = window.KefuConsole;
    const current = ui.current();
    if (!current) return;
    const node = button();
    node.disabled = true;
    try {
      await Kefu.api("POST", `/api/conversations/${encodeURIComponent(current.conversation.id)}/reopen`);
      ui.flash("Reopened: you hold this conversation again; the bot is paused.");
      await ui.refreshConversation();
      ui.loadQueues();
    } catch (error) {
      ui.failed(error);
    } finally {
      node.disabled = false;
    }
  }

  function start() {
    const me = window.KefuConsole.me;
    document.addEventListener("kefu:conversation", (event) => {
      button().hidden = !mayReopen(event.detail, me);
    });
  }

  if (window.KefuConsole) start();
  else document.addEventListener("kefu:ready", start, { once: true });
})();
