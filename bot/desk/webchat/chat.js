// The buyers' web chat: gets a session from the desk (POST /chat/session), then sends to and
// polls the endpoint the page names (POST/GET /chat/messages) with that session's token.
// The desk, not this page, says who the buyer is: a new visitor gets an id the desk chose;
// a shop's signed-in buyer comes with the shop's signed, expiring link, presented once.
"use strict";
const params = new URLSearchParams(location.search);
// The shop's link: in the fragment (#marketplace=..&buyer_id=..&expires=..&signature=..,
// which no server or access log sees) or the query. Taken out of the address bar once read,
// so it is not bookmarked, shared or kept in the history; the page keeps it in memory.
const claim = {};
const fragment = new URLSearchParams(location.hash.slice(1));
for (const key of ["marketplace", "buyer_id", "expires", "signature"]) {
  const value = fragment.get(key) || params.get(key);
  if (value) claim[key] = value;
  params.delete(key);
}
const signed = Boolean(claim.signature && claim.buyer_id && claim.marketplace);
if (Object.keys(claim).length) {
  const rest = params.toString();
  history.replaceState(null, "", location.pathname + (rest ? "?" + rest : ""));
}
// Only an anonymous visitor's session is kept across visits. A shop's signed-in buyer's is
// not: on a shared browser the next visitor of an unsigned /chat would otherwise go on as
// that buyer and read their replies (orders, tracking, refunds). The signed link brings a
// fresh one each time.
const STORED = "kefu_chat_visitor";
localStorage.removeItem("kefu_chat_session"); // what earlier versions kept, signed buyers' too
function storedVisitor() {
  try {
    const kept = JSON.parse(localStorage.getItem(STORED));
    return kept && kept.visitor && typeof kept.token === "string" ? kept.token : null;
  } catch (e) {
    return null;
  }
}
const form = document.getElementById("form");
const endpoint = form.dataset.endpoint;
const sessionEndpoint = form.dataset.session;
const extra = params.get("opened_from") ? {opened_from: params.get("opened_from")} : {};
let token = null;
let after = 0;
const seen = new Set();
const log = document.getElementById("log");
async function startSession(fresh) {
  token = fresh || signed ? null : storedVisitor();
  if (token) return;
  const response = await fetch(sessionEndpoint, {method: "POST",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify(signed ? claim : {})});
  if (!response.ok) throw new Error("no chat session: " + response.status);
  token = (await response.json()).token;
  if (!signed) localStorage.setItem(STORED, JSON.stringify({visitor: true, token}));
}
async function call(url, options) {
  await ready;
  const withToken = () => ({...options, headers: {...(options.headers || {}), Authorization: "Bearer " + token}});
  let response = await fetch(url, withToken());
  if (response.status === 401) {  // expired, or the desk's secret changed: a new session
    if (!signed) localStorage.removeItem(STORED);
    await startSession(true);
    response = await fetch(url, withToken());
  }
  return response;
}
function show(text, who, buttons) {
  const div = document.createElement("div");
  div.className = "msg " + who;
  div.dir = "auto"; // Arabic or Hebrew read right to left
  div.textContent = text;
  if (buttons && buttons.length) {
    const row = document.createElement("div");
    row.className = "buttons";
    for (const b of buttons) {
      const button = document.createElement("button");
      button.textContent = b.title;
      button.onclick = () => send(b.payload, b.title);
      row.appendChild(button);
    }
    div.appendChild(row);
  }
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
}
function showReplies(messages) {
  for (const m of messages) {
    if (m.id && seen.has(m.id)) continue;
    if (m.id) { seen.add(m.id); after = Math.max(after, m.id); }
    show(m.text, m.from || "bot", m.buttons);
  }
}
async function send(text, label) {
  show(label || text, "buyer");
  const response = await call(endpoint, {method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({...extra, text, message_id: crypto.randomUUID()})});
  if (response.ok) showReplies((await response.json()).messages);
}
let firstPoll = true; // a reload brings back both sides of the chat, once
async function poll() {
  try {
    const query = {after: String(after), ...(firstPoll ? {history: "1"} : {})};
    const response = await call(endpoint + "?" + new URLSearchParams(query), {});
    firstPoll = false;
    if (response.ok) showReplies((await response.json()).messages);
  } catch (e) {}
  setTimeout(poll, 2000);
}
form.onsubmit = (event) => {
  event.preventDefault();
  const input = document.getElementById("text");
  if (input.value.trim()) send(input.value.trim());
  input.value = "";
};
const ready = startSession(false);
ready.then(poll, () => show("The chat is unavailable right now.", "system"));
