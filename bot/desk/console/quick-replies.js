/* The seller's quick replies (GET /api/quick-replies): every agent reads them here; supervisors
 * write, change and delete them (POST, PUT, DELETE), and move them in and out as CSV
 * (quick_replies_csv.js). Values go on the page with textContent. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let me = null;

  function clearForm() {
    $("qr-id").value = "";
    $("qr-id").dataset.version = "";
    $("qr-title").value = "";
    $("qr-text").value = "";
    $("qr-title").focus();
  }

  function edit(reply) {
    $("qr-id").value = String(reply.id);
    $("qr-id").dataset.version = reply.updated_at; // a colleague's save meanwhile is a 409, not lost
    $("qr-language").value = reply.language;
    $("qr-title").value = reply.title;
    $("qr-text").value = reply.text;
    $("qr-text").focus();
  }

  async function remove(reply) {
    if (!window.confirm(`Delete the quick reply "${reply.title}" (${reply.language})?`)) return;
    try {
      await Kefu.api("DELETE", `/api/quick-replies/${reply.id}`);
      Kefu.flash(`Deleted "${reply.title}".`);
      await load();
    } catch (error) {
      Kefu.flash(error.message, "error");
    }
  }

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function row(reply) {
    const tr = document.createElement("tr");
    tr.dataset.replyId = String(reply.id);
    tr.append(
      cell(reply.language),
      cell(reply.title),
      cell(reply.text),
      cell(`${reply.updated_by}, ${Kefu.when(reply.updated_at)}`),
    );
    const actions = document.createElement("td");
    if (me.role === "supervisor") {
      actions.append(Kefu.button("Edit", "qr-edit", () => edit(reply)), Kefu.button("Delete", "qr-delete", () => remove(reply)));
    }
    tr.append(actions);
    return tr;
  }

  async function load() {
    const data = await Kefu.api("GET", "/api/quick-replies");
    const chosen = $("qr-language").value;
    $("qr-language").replaceChildren(...data.languages.map((l) => new Option(l, l, false, l === chosen)));
    $("qr-body").replaceChildren(...data.quick_replies.map(row));
    $("qr-empty").hidden = data.quick_replies.length > 0;
  }

  async function save(event) {
    event.preventDefault();
    const id = $("qr-id").value;
    const body = { language: $("qr-language").value, title: $("qr-title").value, text: $("qr-text").value };
    if (id) body.updated_at = $("qr-id").dataset.version;
    try {
      const data = await Kefu.api(id ? "PUT" : "POST", id ? `/api/quick-replies/${id}` : "/api/quick-replies", body);
      Kefu.flash(`Saved "${data.quick_reply.title}" (${data.quick_reply.language}).`);
      clearForm();
      await load();
    } catch (error) {
      Kefu.flash(error.message, "error");
    }
  }

  async function start() {
    try {
      me = (await Kefu.api("GET", "/api/me")).agent;
      $("whoami").textContent = `${me.display_name} · ${me.role}`;
      $("qr-form").hidden = me.role !== "supervisor";
      $("qr-files").hidden = me.role !== "supervisor";
      // An import (quick_replies_csv.js) changed the list.
      document.addEventListener("kefu:quick-replies-changed", () => load().catch((e) => Kefu.flash(e.message, "error")));
      $("qr-form").addEventListener("submit", save);
      $("qr-clear").addEventListener("click", clearForm);
      await load();
    } catch (error) {
      Kefu.flash(error.message, "error");
    }
  }

  start();
})();
