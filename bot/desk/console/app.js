/* The agent console: queues by tier with SLA countdowns (pre-sale and after-sale
 * apart, filtered by tag), one conversation at a
 * time (transcript, orders, templates, reply, tags, notes) and the takeover
 * buttons. Live through GET /api/events (server-sent events); when that stream
 * is unavailable it polls /api/queues every 5 seconds instead.
 *
 * Everything the buyer or the API wrote is put on the page with textContent,
 * never as HTML. */
"use strict";

(() => {
  const POLL_MS = 5000;
  const SSE_RETRY_MS = 30000;
  const TIER_NAMES = { 1: "Tier 1 · junior", 2: "Tier 2 · after-sales", 3: "Tier 3 · supervisor" };
  const TAG_MEANINGS = {
    yellow: "reshipped",
    blue: "VIP follow-up",
    green: "refund",
    red: "quality",
    purple: "logistics dispute",
  };
  const PLACEHOLDER = /\{[A-Za-z_][A-Za-z0-9_]*\}/;
  const REPLY_LIMIT = 5000; // characters: the desk refuses longer messages (bot/text_input.py)
  const QUEUE_NAMES = { pre_sale: "Pre-sale", after_sale: "After-sale" };

  const state = {
    me: null,
    tiers: [],
    queueKind: "pre_sale", // the queue shown: pre_sale | after_sale
    tag: "", // show only chats with this tag
    current: null, // {conversation, messages, orders, notes}
    events: null,
    pollTimer: null,
    sseRetryTimer: null,
    templateTimer: null,
    refreshTimer: null,
    templateRequest: 0,
  };

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node[key] = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  /* ---------- small formatting helpers ---------- */

  function languageName(code) {
    if (!code) return "";
    try {
      return new Intl.DisplayNames(["en"], { type: "language" }).of(code) || code;
    } catch (e) {
      return code;
    }
  }

  function words(code) {
    return code ? String(code).replace(/_/g, " ") : "";
  }

  const clock = (iso) => Kefu.when(iso); // "7 Dec 14:05", as on every console page

  function countdown(seconds) {
    const sign = seconds < 0 ? "−" : "";
    const s = Math.abs(seconds);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = String(s % 60).padStart(2, "0");
    return h ? `${sign}${h}:${String(m).padStart(2, "0")}:${rest}` : `${sign}${m}:${rest}`;
  }

  function authorLabel(author) {
    if (!author) return "";
    if (author === "buyer") return "Buyer";
    if (author === "bot") return "Bot";
    if (author === "system") return "System";
    if (author.startsWith("agent:")) return `Agent ${author.slice(6)}`;
    return author;
  }

  function flash(message, kind) {
    const box = $("flash");
    box.textContent = message;
    box.dataset.kind = kind || "info";
    box.hidden = false;
    clearTimeout(flash.timer);
    flash.timer = setTimeout(() => {
      box.hidden = true;
    }, kind === "error" ? 10000 : 4000);
  }

  function failed(error) {
    if (error && error.status === 401) return; // already on the way to the login page
    flash(error && error.message ? error.message : String(error), "error");
  }

  /* ---------- who is signed in ---------- */

  function isMine(conversation) {
    if (!state.me || !conversation || conversation.status !== "assigned") return false;
    const holder = conversation.agent_id === null || conversation.agent_id === undefined ? "" : String(conversation.agent_id);
    return holder === String(state.me.id) || (conversation.agent || holder) === state.me.username;
  }

  /* ---------- queues ---------- */

  function queueItem(item) {
    const seconds = Number(item.seconds_left) || 0;
    const deadline = Date.now() + seconds * 1000;
    const selected = state.current && state.current.conversation.id === item.conversation_id;
    const sla = el("span", {
      class: "sla",
      "data-testid": "sla",
      "data-deadline": String(deadline),
      "data-breached": item.breached ? "true" : "false",
      title: item.sla_deadline ? `First response due ${clock(item.sla_deadline)}` : undefined,
    });
    const button = el(
      "button",
      {
        type: "button",
        class: `queue-item${selected ? " selected" : ""}`,
        "data-testid": "queue-item",
        "data-conversation-id": item.conversation_id,
        "data-queue": item.queue || "pre_sale",
        "aria-current": selected ? "true" : undefined,
        onclick: () => openConversation(item.conversation_id),
      },
      el(
        "span",
        { class: "queue-line" },
        el("strong", { class: "buyer", text: item.buyer_id }),
        item.language ? el("span", { class: "badge", title: languageName(item.language), text: item.language.toUpperCase() }) : null,
      ),
      el(
        "span",
        { class: "queue-line" },
        el("span", { class: "muted small", text: `${item.marketplace || ""} · ${Kefu.nameOf("reasons", item.reason)}` }),
        // The countdown alone read as a clock time ("14:21:39"): say what it counts down to.
        el("span", { class: "sla-due" }, el("span", { class: "sla-label muted small", text: "reply in " }), sla),
      ),
      item.last_message ? el("span", { class: "last-message", text: item.last_message }) : null,
      item.note ? el("span", { class: "transfer-note small", "data-testid": "transfer-note", text: `Note: ${item.note}` }) : null,
      (item.tags || []).length
        ? el("span", { class: "tag-chips" }, ...item.tags.map((tag) => el("span", { class: `chip tag-${tag}`, "data-testid": "queue-tag", title: TAG_MEANINGS[tag] || "", text: tag })))
        : null,
      item.claimed_by ? el("span", { class: "claimed small", text: `Claimed by ${item.claimed_by}` }) : null,
    );
    return el("li", {}, button);
  }

  function renderQueues(tiers) {
    state.tiers = Array.isArray(tiers) ? tiers : [];
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.conversationId
      : undefined;
    const box = $("tiers");
    box.replaceChildren();
    let waiting = 0;
    const sizes = { pre_sale: 0, after_sale: 0 };
    for (const tier of state.tiers) {
      const everything = (tier.conversations || []).filter((i) => !state.tag || (i.tags || []).includes(state.tag));
      for (const i of everything) sizes[i.queue === "after_sale" ? "after_sale" : "pre_sale"] += 1;
      const items = everything.filter((i) => (i.queue || "pre_sale") === state.queueKind);
      waiting += items.filter((i) => !i.claimed_by).length;
      const breached = items.filter((i) => i.breached || Number(i.seconds_left) < 0).length;
      const headingId = `tier-${tier.tier}-heading`;
      box.append(
        el(
          "section",
          { class: "tier", "data-testid": `tier-${tier.tier}`, "data-tier": String(tier.tier), "aria-labelledby": headingId },
          el(
            "h3",
            { id: headingId },
            `${TIER_NAMES[tier.tier] || `Tier ${tier.tier}`} `,
            el("span", { class: "count", "data-testid": `tier-${tier.tier}-count`, text: `(${items.length})` }),
            breached ? el("span", { class: "breached-count", text: ` ${breached} breached` }) : null,
          ),
          items.length
            ? el("ul", { class: "queue-list" }, ...items.map(queueItem))
            : el("p", { class: "muted small", text: "Empty" }),
        ),
      );
    }
    for (const button of document.querySelectorAll("#queue-switch [data-queue]")) {
      const kind = button.dataset.queue;
      button.setAttribute("aria-pressed", kind === state.queueKind ? "true" : "false");
      button.querySelector(".count").textContent = `(${sizes[kind]})`;
    }
    $("queues-empty").hidden = waiting > 0 || state.tiers.length === 0;
    document.title = waiting ? `(${waiting}) Kefu desk` : "Kefu desk";
    if (focused) {
      const again = box.querySelector(`[data-conversation-id="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
    tick();
  }

  function tick() {
    const now = Date.now();
    for (const node of document.querySelectorAll("[data-testid=sla]")) {
      const seconds = Math.round((Number(node.dataset.deadline) - now) / 1000);
      const breached = seconds < 0 || node.dataset.breached === "true";
      node.textContent = breached ? `Breached ${countdown(seconds)}` : countdown(seconds);
      const label = node.parentElement && node.parentElement.querySelector(".sla-label");
      if (label) label.textContent = breached ? "" : "reply in ";
      node.classList.toggle("breached", breached);
      node.classList.toggle("soon", !breached && seconds < 60);
      node.setAttribute("aria-label", breached ? `SLA breached by ${countdown(-seconds)}` : `${countdown(seconds)} left to answer`);
    }
  }

  async function loadQueues() {
    try {
      const data = await Kefu.api("GET", "/api/queues");
      renderQueues(data.tiers);
    } catch (error) {
      if (error.status === 403) {
        renderQueues([]);
        $("queues-empty").textContent = "Your role has no queues.";
        $("queues-empty").hidden = false;
        return;
      }
      failed(error);
    }
  }

  /* ---------- live updates ---------- */

  function setConnection(mode, text) {
    const node = $("connection");
    node.dataset.mode = mode;
    node.textContent = text;
  }

  function startPolling() {
    if (state.pollTimer) return;
    setConnection("polling", "Updating every 5 s");
    state.pollTimer = setInterval(() => {
      loadQueues();
      if (state.current) refreshConversation();
    }, POLL_MS);
  }

  function stopPolling() {
    clearInterval(state.pollTimer);
    state.pollTimer = null;
  }

  function connectEvents() {
    if (!("EventSource" in window)) {
      startPolling();
      return;
    }
    const source = new EventSource("/api/events", { withCredentials: true });
    state.events = source;
    source.onopen = () => {
      stopPolling();
      setConnection("live", "Live");
    };
    source.addEventListener("queue", (event) => {
      try {
        renderQueues(JSON.parse(event.data).tiers);
        document.dispatchEvent(new CustomEvent("kefu:queue")); // a claim: who holds what changed
        // Someone may have claimed or re-tiered the open conversation.
        if (state.current && state.current.conversation.status !== "resolved") refreshSoon();
      } catch (e) {
        /* a malformed event: the next one or the poll fixes the view */
      }
    });
    source.addEventListener("message", (event) => {
      try {
        const data = JSON.parse(event.data);
        if (state.current && data.conversation_id === state.current.conversation.id && data.message) {
          addMessage(data.message);
          refreshSoon(); // the buyer message's language and intent arrive once Rasa parsed it
        } else if (data.message && data.message.direction === "in") {
          // A buyer wrote in another chat (one this agent holds): my chats mark it unread.
          document.dispatchEvent(new CustomEvent("kefu:unread", { detail: data }));
        }
      } catch (e) {
        /* ignore */
      }
    });
    source.addEventListener("transfer", (event) => {
      try {
        const data = JSON.parse(event.data);
        if (state.me && data.to_agent === state.me.username) flash(`${data.by} passed you a chat: ${data.note}`);
        document.dispatchEvent(new CustomEvent("kefu:transfer", { detail: data }));
        if (state.current && data.conversation_id === state.current.conversation.id) refreshSoon();
      } catch (e) {
        /* ignore */
      }
    });
    source.onerror = () => {
      // CONNECTING: the browser retries by itself; poll meanwhile so nothing is missed.
      // CLOSED: the stream was refused (e.g. 503 while Redis is down): poll, try again later.
      startPolling();
      if (source.readyState === EventSource.CLOSED) {
        state.events = null;
        clearTimeout(state.sseRetryTimer);
        state.sseRetryTimer = setTimeout(connectEvents, SSE_RETRY_MS);
      }
    };
  }

  /* ---------- one conversation ---------- */

  function messageItem(message) {
    const fromBuyer = message.direction === "in" || message.author === "buyer";
    const details = el("span", { class: "message-meta" }, el("span", { class: "author", text: authorLabel(message.author) }));
    if (fromBuyer) {
      details.append(
        el("span", {
          class: "badge",
          "data-testid": "message-language",
          title: languageName(message.language) || undefined,
          text: message.language ? `${message.language.toUpperCase()} · ${languageName(message.language)}` : "language not detected",
        }),
        el("span", {
          class: "badge intent",
          "data-testid": "message-intent",
          title: message.intent || "",
          text: message.intent ? `read as: ${Kefu.nameOf("intents", message.intent)}` : "not read by the bot",
        }),
      );
    }
    details.append(el("time", { datetime: message.created_at || "", text: clock(message.created_at) }));
    const attachments = (message.attachments || []).map((url, index) =>
      el("li", {}, el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: `Attachment ${index + 1}` })),
    );
    return el(
      "li",
      {
        class: `message ${fromBuyer ? "in" : "out"} author-${(message.author || "").split(":")[0]}`,
        "data-testid": "message",
        "data-message-id": message.id === undefined ? "" : String(message.id),
        "data-direction": message.direction || "",
        "data-author": message.author || "",
      },
      details,
      el("p", { class: "message-text", "data-testid": "message-text", dir: "auto", text: message.text || "" }),
      buttonsOffered(message.buttons),
      attachments.length ? el("ul", { class: "attachments" }, ...attachments) : null,
    );
  }

  /* The buttons the buyer was offered with a reply ("did you mean…?", which order), as the
   * buyer saw them: the agent read "Did you mean one of these?" with no options. */
  function buttonsOffered(buttons) {
    const titles = (buttons || []).map((button) => button.title || button.payload || "").filter(Boolean);
    if (!titles.length) return null;
    return el(
      "ul",
      { class: "offered-buttons", "data-testid": "message-buttons", "aria-label": "Buttons the buyer was offered" },
      ...titles.map((title) => el("li", { dir: "auto", text: title })),
    );
  }

  /* The newest message in view, scrolling the transcript box only (never the page). */
  function scrollTranscript() {
    const box = document.querySelector(".transcript-box");
    box.scrollTop = box.scrollHeight;
  }

  function addMessage(message) {
    const current = state.current;
    if (!current) return;
    const known = current.messages.some((m) => m.id !== undefined && String(m.id) === String(message.id));
    if (known) return;
    current.messages.push(message);
    $("transcript").append(messageItem(message));
    scrollTranscript();
  }

  function orderCard(order) {
    const items = (order.items || []).map((i) => el("li", { text: `${i.quantity} × ${i.title}` }));
    const shipments = (order.shipments || []).map((s) =>
      el(
        "li",
        { class: "shipment", "data-testid": "shipment" },
        el("span", { text: `${s.carrier || "Carrier ?"} ` }),
        el("code", { "data-testid": "tracking-number", text: s.tracking_number || "" }),
        el("span", { class: "small", text: ` ${words(s.status) || "no scan yet"}${s.place ? `, ${s.place}` : ""}${s.event_date ? `, ${clock(s.event_date)}` : ""}` }),
      ),
    );
    return el(
      "article",
      { class: "order", "data-testid": "order", "data-order-number": order.order_number },
      el("h3", {}, el("span", { text: order.order_number }), " ", el("span", { class: "badge", text: words(order.status) })),
      el("p", { class: "small muted", text: [order.placed_date && `Placed ${order.placed_date}`, order.total].filter(Boolean).join(" · ") }),
      items.length ? el("ul", { class: "items" }, ...items) : null,
      shipments.length ? el("ul", { class: "shipments", "aria-label": "Tracking" }, ...shipments) : el("p", { class: "small muted", text: "Not shipped yet" }),
    );
  }

  function noteItem(note) {
    return el(
      "li",
      { "data-testid": "note", "data-note-id": note.id, "data-author": note.agent || "" },
      el("p", { text: note.text }),
      el("p", { class: "small muted", text: `${note.agent || ""} · ${clock(note.created_at)}` }),
    );
  }

  function renderTags(tags) {
    const chips = $("tag-chips");
    chips.replaceChildren(
      ...(tags || []).map((tag) =>
        el("li", { class: `chip tag-${tag}`, "data-testid": "tag-chip", "data-tag": tag, text: `${tag}: ${TAG_MEANINGS[tag] || ""}` }),
      ),
    );
    for (const box of document.querySelectorAll("#tags input[name=tag]")) {
      box.checked = (tags || []).includes(box.value);
    }
  }

  /* The bot's own tags, on the after-sales cases of the buyer's orders. */
  function renderCaseTags(orders) {
    const cases = (orders || []).flatMap((o) => (o.cases || []).map((c) => ({ ...c, order: o.order_number })));
    $("case-tags").replaceChildren(
      ...cases
        .filter((c) => c.tag)
        .map((c) =>
          el("li", {
            class: `chip tag-${c.tag}`,
            "data-testid": "case-tag",
            "data-tag": c.tag,
            title: `Set by the bot on the ${words(c.kind)} case of order ${c.order} (${words(c.status)})`,
            text: `${c.tag}: ${words(c.kind)} · ${c.order}`,
          }),
        ),
    );
  }

  /* Why the reply box is closed: "claim it" only where Claim can be pressed (a resolved chat,
   * a colleague's or the bot's said "Claim the conversation to reply." under a greyed Claim). */
  function whyNoReply(conversation) {
    if (conversation.status === "queued") return "Claim the conversation to reply.";
    if (conversation.status === "resolved") return "This conversation is resolved: the buyer's next message opens a new one.";
    if (conversation.status === "assigned") {
      const holder = conversation.agent || conversation.agent_id;
      return `${holder} holds this conversation. A supervisor can pass it on with Transfer.`;
    }
    return "The bot is answering this conversation; it comes to the queue if the buyer needs a person.";
  }

  function renderButtons() {
    const conversation = state.current.conversation;
    const mine = isMine(conversation);
    const supervisor = state.me && state.me.role === "supervisor";
    const open = conversation.status === "queued" || conversation.status === "assigned";
    $("claim").disabled = conversation.status !== "queued";
    // A supervisor takes a colleague's chat in one step (a transfer to themselves, noted).
    $("take-over").hidden = !(supervisor && conversation.status === "assigned" && !mine);
    $("handback").disabled = !(mine || (supervisor && open));
    $("resolve").disabled = !(mine || (supervisor && conversation.status !== "resolved"));
    $("reply-send").disabled = !mine;
    $("reply-text").disabled = !mine;
    $("reply-hint").textContent = mine ? "" : whyNoReply(conversation);
  }

  /* The chat's language, else (a buyer Kefu wrote to first, who has not answered yet) the
   * language its latest message went out in; none known: nothing said ("unknown language"). */
  function buyerLanguage(conversation, messages) {
    if (conversation.language) return conversation.language;
    const written = messages.filter((m) => m.language).pop();
    return written ? written.language : "";
  }

  /* Who has the chat now, beside its status: a bare "tier 2" read as still waiting in that
   * queue after an agent had claimed it (and a resolved chat read as held). */
  function whereItIs(conversation) {
    const holder = conversation.agent || conversation.agent_id;
    const tier = conversation.tier ? `tier ${conversation.tier}` : "";
    if (conversation.status === "queued") return tier ? `· waiting in the ${tier} queue` : "· waiting for an agent";
    if (conversation.status === "assigned") {
      return ["· held by", isMine(conversation) ? "you" : holder || "an agent", tier ? `· ${tier}` : ""].join(" ").trim();
    }
    if (conversation.status === "resolved") return holder ? `· last held by ${holder}` : "";
    return "· with the bot";
  }

  function renderConversation() {
    const { conversation, messages, orders, notes } = state.current;
    $("conversation-placeholder").hidden = true;
    $("conversation-view").hidden = false;
    $("side").hidden = false;
    $("conversation-view").dataset.conversationId = conversation.id;
    $("conversation-title").textContent = `${conversation.buyer_id} · ${conversation.marketplace || ""}`;
    const language = buyerLanguage(conversation, messages);
    $("conversation-meta").textContent = [
      language ? `${languageName(language)} (${language})` : null,
      conversation.reason ? Kefu.nameOf("reasons", conversation.reason) : null,
      conversation.opened_from ? Kefu.nameOf("queues", conversation.opened_from) : null,
      conversation.vip ? "VIP" : null,
      conversation.breached ? "SLA breached" : null,
      conversation.csat ? `CSAT ${conversation.csat}/5` : null,
    ]
      .filter((part, index, parts) => part && parts.indexOf(part) === index) // "Product question · Pre-sale"
      .join(" · ");
    $("conversation-status").textContent = conversation.status;
    $("conversation-status").dataset.status = conversation.status;
    $("conversation-agent").textContent = whereItIs(conversation);
    $("reply-language").textContent = language ? `(the buyer reads ${languageName(language)})` : "";
    renderTags(conversation.tags);
    renderCaseTags(orders);
    $("transcript").replaceChildren(...messages.map(messageItem));
    scrollTranscript();
    $("orders").replaceChildren(
      ...(orders.length ? orders.map(orderCard) : [el("p", { class: "muted small", text: "No orders found for this buyer." })]),
    );
    $("notes").replaceChildren(...notes.map(noteItem));
    renderButtons();
    document.dispatchEvent(new CustomEvent("kefu:conversation", { detail: conversation }));
    for (const node of document.querySelectorAll("[data-testid=queue-item]")) {
      const selected = node.dataset.conversationId === conversation.id;
      node.classList.toggle("selected", selected);
      if (selected) node.setAttribute("aria-current", "true");
      else node.removeAttribute("aria-current");
    }
  }

  function accept(data) {
    state.current = {
      conversation: data.conversation,
      messages: data.messages || [],
      orders: data.orders || [],
      notes: data.notes || [],
    };
    renderConversation();
  }

  async function openConversation(id) {
    try {
      const data = await Kefu.api("GET", `/api/conversations/${encodeURIComponent(id)}`);
      const switched = !state.current || state.current.conversation.id !== id;
      accept(data);
      if (switched) {
        history.replaceState(null, "", `#conversation=${encodeURIComponent(id)}`);
        $("reply-text").value = draftOf(id);
        showLength();
        $("template-search").value = "";
        $("conversation").focus({ preventScroll: true });
        loadTemplates();
      }
    } catch (error) {
      failed(error);
    }
  }

  /* Re-read the open conversation; re-render only when something changed, so the
   * agent's scroll position and selection survive the 5-second poll. */
  async function refreshConversation(options) {
    if (!state.current) return;
    const id = state.current.conversation.id;
    try {
      const data = await Kefu.api("GET", `/api/conversations/${encodeURIComponent(id)}`);
      if (!state.current || state.current.conversation.id !== id) return;
      const seen = JSON.stringify(data);
      if (seen === state.current.seen) return;
      accept(data);
      state.current.seen = seen;
    } catch (error) {
      // Passed on to a tier this agent does not see: gone from view, as it should be.
      if (options && options.goneIsFine && (error.status === 403 || error.status === 404)) closeConversation();
      else failed(error);
    }
  }

  function closeConversation() {
    state.current = null;
    $("conversation-view").hidden = true;
    $("side").hidden = true;
    $("conversation-placeholder").hidden = false;
    history.replaceState(null, "", window.location.pathname);
  }

  function refreshSoon() {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(refreshConversation, 400);
  }

  function updateConversation(conversation) {
    if (!state.current || !conversation) return;
    state.current.conversation = conversation;
    renderConversation();
  }

  async function act(button, path, done) {
    if (!state.current) return;
    button.disabled = true;
    try {
      const data = await Kefu.api("POST", `/api/conversations/${encodeURIComponent(state.current.conversation.id)}/${path}`);
      updateConversation(data && data.conversation);
      if (done) flash(done);
      await refreshConversation();
      loadQueues();
    } catch (error) {
      failed(error);
      renderButtons();
    }
  }

  /* ---------- templates and reply ---------- */

  async function loadTemplates() {
    if (!state.current) return;
    const request = ++state.templateRequest;
    const query = $("template-search").value.trim();
    const params = new URLSearchParams({ conversation_id: state.current.conversation.id, q: query });
    try {
      const data = await Kefu.api("GET", `/api/templates?${params}`);
      if (request !== state.templateRequest) return; // a newer search is on its way
      const list = $("template-results");
      const found = data.templates || [];
      list.dataset.query = query;
      const seen = JSON.stringify(found);
      if (seen === list.dataset.seen) return; // same templates: keep the buttons (and focus) as they are
      list.dataset.seen = seen;
      list.replaceChildren(
        ...found.map((t) =>
          el(
            "li",
            {},
            el(
              "button",
              {
                type: "button",
                class: "template",
                "data-testid": "template",
                "data-name": t.name,
                title: "Insert into the reply",
                onclick: () => insertTemplate(t.text),
              },
              el("strong", { class: "template-title", text: t.title }),
              el("span", { class: "template-text", text: t.text }),
            ),
          ),
        ),
      );
      if (!found.length) list.append(el("li", { class: "muted small", text: "No template matches." }));
    } catch (error) {
      failed(error);
    }
  }

  /* ---------- drafts: an unsent reply survives a reload or a session that ended ---------- */

  const DRAFT = "kefu.draft.";

  function saveDraft() {
    if (!state.current) return;
    try {
      const text = $("reply-text").value;
      if (text.trim()) window.localStorage.setItem(DRAFT + state.current.conversation.id, text);
      else window.localStorage.removeItem(DRAFT + state.current.conversation.id);
    } catch (e) {
      /* storage disabled: the draft lives in the box only */
    }
  }

  function draftOf(id) {
    try {
      return window.localStorage.getItem(DRAFT + id) || "";
    } catch (e) {
      return "";
    }
  }

  function showLength() {
    const length = $("reply-text").value.length;
    $("reply-count").textContent = length > REPLY_LIMIT * 0.8 ? `${length} / ${REPLY_LIMIT}` : "";
  }

  function showPlaceholderHint() {
    const text = $("reply-text").value;
    const missing = text.match(PLACEHOLDER);
    $("reply-hint").textContent = missing ? `Fill in ${missing[0]} before sending.` : "";
    return missing;
  }

  function insertTemplate(text) {
    const box = $("reply-text");
    if (box.disabled) {
      flash("Claim the conversation before replying.", "error");
      return;
    }
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    // Two templates one after the other ran together ("...today.Please send..."): a space
    // between, unless the text before already ends in white space.
    const before = box.value.slice(0, start);
    box.setRangeText(before && !/\s$/.test(before) ? ` ${text}` : text, start, end, "end");
    box.focus();
    const missing = box.value.match(PLACEHOLDER);
    if (missing) box.setSelectionRange(missing.index, missing.index + missing[0].length);
    showPlaceholderHint();
  }

  async function sendReply(event) {
    event.preventDefault();
    const box = $("reply-text");
    const text = box.value.trim();
    if (!state.current) return;
    if (!text) {
      flash("Write a reply first.", "error");
      box.focus();
      return;
    }
    const missing = showPlaceholderHint();
    if (missing) {
      box.focus();
      box.setSelectionRange(missing.index, missing.index + missing[0].length);
      return;
    }
    const button = $("reply-send");
    button.disabled = true;
    try {
      const data = await Kefu.api("POST", `/api/conversations/${encodeURIComponent(state.current.conversation.id)}/messages`, { text });
      if (data && data.message) addMessage(data.message);
      box.value = "";
      saveDraft();
      showLength();
      flash("Reply sent.");
    } catch (error) {
      failed(error);
    } finally {
      renderButtons();
    }
  }

  /* ---------- tags and notes ---------- */

  async function saveTags() {
    if (!state.current) return;
    const tags = [...document.querySelectorAll("#tags input[name=tag]:checked")].map((b) => b.value);
    try {
      const data = await Kefu.api("POST", `/api/conversations/${encodeURIComponent(state.current.conversation.id)}/tags`, { tags });
      updateConversation(data && data.conversation);
      flash(tags.length ? `Tagged ${tags.join(", ")}.` : "Tags cleared.");
    } catch (error) {
      failed(error);
      renderTags(state.current.conversation.tags);
    }
  }

  async function addNote(event) {
    event.preventDefault();
    const box = $("note-text");
    const text = box.value.trim();
    const button = event.submitter || document.querySelector("#note-form button");
    if (!text || !state.current || (button && button.disabled)) return;
    if (button) button.disabled = true; // a double click wrote the note twice
    try {
      const data = await Kefu.api("POST", `/api/conversations/${encodeURIComponent(state.current.conversation.id)}/notes`, { text });
      if (data && data.note) {
        state.current.notes.push(data.note);
        $("notes").append(noteItem(data.note));
      }
      box.value = "";
    } catch (error) {
      failed(error);
    } finally {
      if (button) button.disabled = false;
    }
  }

  /* ---------- start ---------- */

  async function signOut() {
    try {
      await Kefu.api("POST", "/api/logout");
    } catch (e) {
      /* signing out locally is what matters */
    }
    Kefu.forget();
    window.location.replace("/console/login");
  }

  function wire() {
    $("logout").addEventListener("click", signOut);
    $("claim").addEventListener("click", () => act($("claim"), "claim", "You hold this conversation; the bot is paused."));
    $("take-over").addEventListener("click", takeOver);
    $("handback").addEventListener("click", () => act($("handback"), "handback", "Handed back to the bot."));
    $("resolve").addEventListener("click", () => act($("resolve"), "resolve", "Resolved; the buyer was asked to rate the chat."));
    $("reply-form").addEventListener("submit", sendReply);
    $("reply-text").addEventListener("input", () => {
      showPlaceholderHint();
      showLength();
      saveDraft();
    });
    $("reply-text").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("reply-form").requestSubmit();
    });
    $("template-search").addEventListener("input", () => {
      clearTimeout(state.templateTimer);
      state.templateTimer = setTimeout(loadTemplates, 200);
    });
    $("tags").addEventListener("change", saveTags);
    $("note-form").addEventListener("submit", addNote);
    for (const button of document.querySelectorAll("#queue-switch [data-queue]")) {
      button.addEventListener("click", () => {
        state.queueKind = button.dataset.queue;
        renderQueues(state.tiers);
      });
    }
    $("tag-filter").addEventListener("change", () => {
      state.tag = $("tag-filter").value;
      renderQueues(state.tiers);
    });
  }

  async function takeOver() {
    const conversation = state.current && state.current.conversation;
    if (!conversation) return;
    const holder = conversation.agent || conversation.agent_id;
    const button = $("take-over");
    button.disabled = true;
    try {
      const note = `Taken over by ${state.me.display_name || state.me.username} (supervisor) from ${holder}.`;
      await Kefu.api("POST", `/api/conversations/${encodeURIComponent(conversation.id)}/transfer`, { agent: state.me.username, note });
      flash(`You hold this conversation now (it was ${holder}'s).`);
      await refreshConversation();
      loadQueues();
    } catch (error) {
      failed(error);
    } finally {
      button.disabled = false;
    }
  }

  async function start() {
    if (!Kefu.token()) {
      Kefu.toLogin(false);
      return;
    }
    wire();
    try {
      const data = await Kefu.api("GET", "/api/me");
      state.me = data.agent;
      await Kefu.loadNames();
    } catch (error) {
      failed(error);
      return;
    }
    const me = state.me;
    if (me.role === "trainer") {
      window.location.replace("/console/trainer"); // a trainer has no queues: their page is the inbox
      return;
    }
    $("whoami").textContent = [me.display_name || me.username, me.role, languageName(me.language)].filter(Boolean).join(" · ");
    // Only the pages this role may use (the API refuses the others with a 403).
    document.querySelector("[data-testid=dashboard-link]").hidden = !["supervisor", "tier3"].includes(me.role);
    for (const page of ["auto-replies", "promos", "settings"]) {
      document.querySelector(`[data-testid=${page}-link]`).hidden = me.role !== "supervisor";
    }
    // Supervisors manage the team's accounts there; everyone changes their own password.
    if (me.role === "supervisor") document.querySelector("[data-testid=agents-link]").textContent = "Agents";
    // For agent_desk.js (my chats, history, transfers): the same page, one conversation at a time.
    window.KefuConsole = { me, el, clock, words, flash, failed, orderCard, open: openConversation, current: () => state.current, loadQueues, refreshConversation, closeConversation };
    document.dispatchEvent(new CustomEvent("kefu:ready"));
    document.body.dataset.ready = "true";
    await loadQueues();
    connectEvents();
    setInterval(tick, 1000);
    const wanted = () => new URLSearchParams(window.location.hash.slice(1)).get("conversation");
    if (wanted()) openConversation(wanted());
    // A conversation link pasted while the console is open opens it too.
    window.addEventListener("hashchange", () => {
      const id = wanted();
      if (id && (!state.current || state.current.conversation.id !== id)) openConversation(id);
    });
  }

  start();
})();
