/* "Find any order" in the conversation's side panel: an order by its number or a tracking
 * number, whoever bought it (GET /api/orders/lookup), drawn as the chat's own orders are. A
 * web-chat visitor who is not signed in may name anyone's order, so an order that is not this
 * chat's buyer's comes with a warning: check who you are talking to before saying more. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  function clear() {
    $("order-lookup-result").replaceChildren();
    $("order-lookup-warning").hidden = true;
  }

  async function find(event) {
    event.preventDefault();
    const ui = window.KefuConsole;
    const current = ui.current();
    const reference = $("order-lookup-reference").value.trim();
    clear();
    if (!current || !reference) return;
    const query = new URLSearchParams({ reference, conversation_id: current.conversation.id });
    try {
      const found = await Kefu.api("GET", `/api/orders/lookup?${query}`);
      $("order-lookup-result").replaceChildren(ui.orderCard(found.order));
      if (found.this_buyer === false) {
        $("order-lookup-warning").textContent =
          `This order is ${found.buyer_id}'s on ${found.marketplace}, not this chat's buyer's: ` +
          "check who you are talking to (the name on the order, the address) before sharing its details.";
        $("order-lookup-warning").hidden = false;
      }
    } catch (error) {
      $("order-lookup-warning").textContent = error.message;
      $("order-lookup-warning").hidden = false;
    }
  }

  function start() {
    $("order-lookup").addEventListener("submit", find);
    // Another chat opened: the last one's lookup is not about this buyer.
    document.addEventListener("kefu:conversation", (event) => {
      const shownFor = $("order-lookup").dataset.conversationId;
      if (shownFor !== event.detail.id) {
        clear();
        $("order-lookup-reference").value = "";
      }
      $("order-lookup").dataset.conversationId = event.detail.id;
    });
  }

  if (window.KefuConsole) start();
  else document.addEventListener("kefu:ready", start, { once: true });
})();
