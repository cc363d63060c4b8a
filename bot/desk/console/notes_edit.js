/* Correcting or deleting an internal note in the console: its author (or a supervisor) gets
 * Edit and Delete beside it (PUT / DELETE /api/conversations/<id>/notes/<note_id>). The notes
 * list is app.js's; this adds the buttons to every note it draws, as it draws them. */
"use strict";

(() => {
  const ui = () => window.KefuConsole;
  const SMALL = "secondary small";

  function path(noteId) {
    return `/api/conversations/${encodeURIComponent(ui().current().conversation.id)}/notes/${noteId}`;
  }

  function mayChange(item) {
    const me = ui().me;
    return me.role === "supervisor" || item.dataset.author === me.username;
  }

  function edit(item) {
    const words = item.querySelector("p");
    const box = document.createElement("textarea");
    box.value = words.textContent;
    box.rows = 3;
    box.dataset.testid = "note-edit-text";
    const done = () => {
      box.remove();
      save.remove();
      cancel.remove();
      words.hidden = false;
    };
    const save = Kefu.button("Save", "note-edit-save", async () => {
      try {
        const data = await Kefu.api("PUT", path(item.dataset.noteId), { text: box.value });
        words.textContent = data.note.text;
        done();
        ui().flash("Note saved.");
      } catch (error) {
        ui().failed(error);
      }
    }, SMALL);
    const cancel = Kefu.button("Cancel", "note-edit-cancel", done, SMALL);
    words.hidden = true;
    words.after(box, save, cancel);
    box.focus();
  }

  async function remove(item) {
    if (!window.confirm("Delete this note?")) return;
    try {
      await Kefu.api("DELETE", path(item.dataset.noteId));
      const notes = ui().current().notes;
      const at = notes.findIndex((n) => String(n.id) === item.dataset.noteId);
      if (at >= 0) notes.splice(at, 1);
      item.remove();
      ui().flash("Note deleted.");
    } catch (error) {
      ui().failed(error);
    }
  }

  function decorate() {
    for (const item of document.querySelectorAll("#notes li[data-testid=note]")) {
      if (item.dataset.editable || !item.dataset.noteId || !mayChange(item)) continue;
      item.dataset.editable = "true";
      const tools = document.createElement("p");
      tools.className = "note-tools";
      tools.append(
        Kefu.button("Edit", "note-edit", () => edit(item), SMALL),
        Kefu.button("Delete", "note-delete", () => remove(item), SMALL),
      );
      item.append(tools);
    }
  }

  function start() {
    new MutationObserver(decorate).observe(document.getElementById("notes"), { childList: true });
    decorate();
  }

  if (window.KefuConsole) start();
  else document.addEventListener("kefu:ready", start, { once: true });
})();
