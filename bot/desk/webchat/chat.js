// The buyers' web chat: sends to and polls the endpoint the page names (POST/GET /chat/messages).
"use strict";
const params = new URLSearchParams(location.search);
let buyer = params.get("buyer_id") || localStorage.getItem("kefu_buyer");
if (!buyer) { buyer = "v-" + crypto.randomUUID(); }
localStorage.setItem("kefu_buyer", buyer);
const identity = {buyer_id: buyer};
for (const key of ["marketplace", "signature", "opened_from"]) {
  if (params.get(key)) identity[key] = params.get(key);
}
let after = 0;
const seen = new Set();
const log = document.getElementById("log");
const endpoint = document.getElementById("form").dataset.endpoint;
function show(text, who, buttons) {
  const div = document.createElement("div");
  div.className = "msg " + who;
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
  const response = await fetch(endpoint, {method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({...identity, text, message_id: crypto.randomUUID()})});
  if (response.ok) showReplies((await response.json()).messages);
}
async function poll() {
  const query = new URLSearchParams({...identity, after: String(after)});
  try {
    const response = await fetch(endpoint + "?" + query);
    if (response.ok) showReplies((await response.json()).messages);
  } catch (e) {}
  setTimeout(poll, 2000);
}
document.getElementById("form").onsubmit = (event) => {
  event.preventDefault();
  const input = document.getElementById("text");
  if (input.value.trim()) send(input.value.trim());
  input.value = "";
};
poll();
