/* The agent's own day, next to the queues (app.js): "my chats" (read from the
 * desk, so they survive a reload), for a supervisor the chats colleagues hold (to pass
 * on those of an agent who is away), history and search of past conversations,
 * and transferring the open conversation to a colleague or a tier with a note.
 *
 * Everything the API wrote is put on the page with textContent, never as HTML. */
"use strict";

(() => {
  const PAGE = 20;
  const $ = (id) => document.getElementById(id);
  const search = { params: null, offset: 0 };
  // Buyer messages in held chats not open on screen: conversation id -> {count, text}. An
  // agent with several chats could not tell which buyer was waiting for them.
  const unread = new Map();
  const TITLE = document.title;
  let app = null;

  function conversationButton(conversation, testid, extra) {
    const { el, words, clock } = app;
    const open = app.current();
    const selected = open && open.conversation.id === conversation.id;
    return el(
      "li",
      {},
      el(
        "button",
        {
          type: "button",
          class: `queue-item${selected ? " selected" : ""}`,
          "data-testid": testid,
          "data-conversation-id": conversation.id,
          onclick: () => app.open(conversation.id),
        },
        el(
          "span",
          { class: "queue-line" },
          el("strong", { class: "buyer", text: conversation.buyer_id }),
          conversation.language ? el("span", { class: "badge", text: conversation.language.toUpperCase() }) : null,
        ),
        el("span", {
          class: "muted small",
          text: [
            conversation.marketplace,
            words(conversation.opened_from),
            conversation.status,
            clock(conversation.created_at),
            conversation.csat ? `${conversation.csat} ★` : null,
          ]
            .filter(Boolean)
            .join(" · "),
        }),
        extra ? el("span", { class: "last-message", "data-testid": `${testid}-snippet`, text: extra }) : null,
        testid === "my-chat" && unread.has(conversation.id) ? unreadLine(unread.get(conversation.id)) : null,
        // A held chat still owes the buyer a first reply past its deadline: the claim stopped
        // no clock, and the agent should see which of their chats is late.
        testid.endsWith("-chat") && conversation.breached && conversation.status === "assigned"
          ? el("span", { class: "breached-count", "data-testid": `${testid}-breached`, text: "SLA breached" })
          : null,
      ),
    );
  }

  function unreadLine({ count, text }) {
    return app.el(
      "span",
      { class: "unread", "data-testid": "my-chat-unread" },
      app.el("span", { class: "unread-count", text: `${count} new` }),
      app.el("span", { class: "last-message", dir: "auto", text }),
    );
  }

  function noteUnread(event) {
    const { conversation_id: id, message } = event.detail;
    const before = unread.get(id) || { count: 0 };
    unread.set(id, { count: before.count + 1, text: message.text || "" });
    showUnread();
    loadMine();
  }

  function readNow(conversation) {
    if (conversation && unread.delete(conversation.id)) showUnread();
  }

  function showUnread() {
    const total = [...unread.values()].reduce((sum, item) => sum + item.count, 0);
    document.title = total ? `(${total}) ${TITLE}` : TITLE;
  }

  async function loadMine() {
    try {
      const data = await Kefu.api("GET", "/api/my/conversations");
      const mine = data.conversations || [];
      $("my-chats").replaceChildren(...mine.map((c) => conversationButton(c, "my-chat")));
      $("my-chats-count").textContent = `(${mine.length})`;
      $("my-chats-empty").hidden = mine.length > 0;
    } catch (error) {
      if (error.status !== 403) app.failed(error);
    }
  }

  // A supervisor sees who holds what, longest held first, and opens one to pass it on.
  async function loadHeld() {
    if (app.me.role !== "supervisor") return;
    try {
      const data = await Kefu.api("GET", "/api/held");
      const held = (data.conversations || []).filter((c) => String(c.agent_id) !== String(app.me.id));
      $("held-chats").replaceChildren(
        ...held.map((c) => conversationButton(c, "held-chat", `held by ${c.agent || c.agent_id}`)),
      );
      $("held-count").textContent = `(${held.length})`;
      $("held-empty").hidden = held.length > 0;
      $("held-section").hidden = false;
    } catch (error) {
      app.failed(error);
    }
  }

  async function runSearch(more) {
    if (!more) {
      search.params = {
        buyer: $("history-buyer").value.trim(),
        order: $("history-order").value.trim(),
        q: $("history-text").value.trim(),
      };
      if ($("history-rating").value) search.params.rated_at_most = $("history-rating").value;
      search.offset = 0;
      $("history-results").replaceChildren();
    }
    const params = new URLSearchParams({ ...search.params, limit: String(PAGE), offset: String(search.offset) });
    try {
      const data = await Kefu.api("GET", `/api/history?${params}`);
      const found = data.conversations || [];
      search.offset += found.length;
      $("history-results").append(...found.map((c) => conversationButton(c, "history-item", c.snippet)));
      if (!search.offset) $("history-results").append(app.el("li", { class: "muted small", text: "Nothing found." }));
      $("history-more").hidden = !data.more;
    } catch (error) {
      app.failed(error);
    }
  }

  async function loadColleagues() {
    try {
      const data = await Kefu.api("GET", "/api/colleagues");
      const select = $("transfer-to");
      for (const agent of data.agents || []) {
        if (agent.username === app.me.username) continue;
        select.append(app.el("option", { value: `agent:${agent.username}`, text: `${agent.display_name} (${agent.role})` }));
      }
    } catch (error) {
      if (error.status !== 403) app.failed(error);
    }
  }

  /* The holder or a supervisor may pass on a chat that is queued or held. */
  function renderTransfer(conversation) {
    const holds = conversation.status === "assigned" && String(conversation.agent_id) === String(app.me.id);
    const supervisor = app.me.role === "supervisor" && (conversation.status === "queued" || conversation.status === "assigned");
    $("transfer-send").disabled = !(holds || supervisor);
  }

  async function transfer(event) {
    event.preventDefault();
    const open = app.current();
    const note = $("transfer-note").value.trim();
    if (!open || !note) return;
    if (!$("transfer-to").value) {
      // The list started on the agent's own tier: a transfer that moved nothing.
      app.flash("Choose where to transfer it.", "error");
      return;
    }
    const [kind, target] = $("transfer-to").value.split(":");
    const body = kind === "tier" ? { tier: Number(target), note } : { agent: target, note };
    $("transfer-send").disabled = true;
    try {
      await Kefu.api("POST", `/api/conversations/${encodeURIComponent(open.conversation.id)}/transfer`, body);
      $("transfer-note").value = "";
      app.flash(kind === "tier" ? `Transferred to the tier ${target} queue.` : `Transferred to ${target}.`);
      // A chat passed to a tier the agent does not see leaves the view (it showed "tier 2
      // conversations are not visible to tier1" in red after a transfer that worked).
      const highestSeen = { tier1: 1, tier2: 2 }[app.me.role] || 3;
      if (kind === "tier" && Number(target) > highestSeen) app.closeConversation();
      await Promise.all([app.refreshConversation({ goneIsFine: true }), loadMine()]);
      app.loadQueues();
    } catch (error) {
      app.failed(error);
      renderTransfer(open.conversation);
    }
  }

  function start() {
    app = window.KefuConsole;
    $("history-form").addEventListener("submit", (event) => {
      event.preventDefault();
      runSearch(false);
    });
    $("history-more").addEventListener("click", () => runSearch(true));
    // The open chat's buyer in the history search: what they asked before, and how it went.
    $("buyer-history").addEventListener("click", () => {
      const current = app.current();
      if (!current) return;
      for (const id of ["history-order", "history-text", "history-rating"]) $(id).value = "";
      $("history-buyer").value = current.conversation.buyer_id;
      runSearch(false);
      $("history-results").scrollIntoView({ block: "nearest" });
    });
    $("transfer-form").addEventListener("submit", transfer);
    document.addEventListener("kefu:unread", noteUnread);
    document.addEventListener("kefu:conversation", (event) => {
      readNow(event.detail);
      renderTransfer(event.detail);
      loadMine(); // a claim, hand-back or resolve changes what I hold
      loadHeld();
    });
    document.addEventListener("kefu:transfer", () => {
      loadMine();
      loadHeld();
    });
    document.addEventListener("kefu:queue", loadHeld);
    loadMine();
    loadHeld();
    loadColleagues();
  }

  if (window.KefuConsole) start();
  else document.addEventListener("kefu:ready", start, { once: true });
})();
