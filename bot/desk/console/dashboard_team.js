/* The dashboard's "Team now": each agent online, away or offline, the chats they hold, how
 * many of those buyers wait for them and for how long, and today's replies and resolved
 * chats (GET /api/team), refreshed every REFRESH_MS. A wait past LATE_S is shown in red: a
 * supervisor looks there first. Values go on the page with textContent only. */
"use strict";

(() => {
  const REFRESH_MS = 15000;
  const LATE_S = 300;
  const $ = (id) => document.getElementById(id);

  function cell(text, data) {
    const td = document.createElement("td");
    td.textContent = text;
    Object.assign(td.dataset, data || {});
    return td;
  }

  function waited(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    if (seconds < 60) return `${seconds} s`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
    return `${(seconds / 3600).toFixed(1)} h`;
  }

  function row(member) {
    const tr = document.createElement("tr");
    tr.dataset.agent = member.username;
    const name = document.createElement("th");
    name.textContent = member.display_name === member.username
      ? member.username : `${member.display_name} (${member.username})`;
    const wait = cell(waited(member.longest_wait_s), { team: "longest_wait" });
    if (member.longest_wait_s >= LATE_S) wait.classList.add("late");
    tr.append(
      name,
      cell(member.state, { team: "state", state: member.state }),
      cell(String(member.held), { team: "held" }),
      cell(String(member.awaiting_reply), { team: "awaiting_reply" }),
      wait,
      cell(String(member.replies_today), { team: "replies_today" }),
      cell(String(member.resolved_today), { team: "resolved_today" }),
    );
    return tr;
  }

  async function refresh() {
    try {
      const team = await Kefu.api("GET", "/api/team");
      $("team-body").replaceChildren(...team.agents.map(row));
      document.body.dataset.teamShown = String(Date.now());
    } catch (error) {
      // The KPIs above show the page's error; a role without the team view sees no empty table.
      if (error.status === 403) $("team-now").hidden = true;
    }
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
})();
