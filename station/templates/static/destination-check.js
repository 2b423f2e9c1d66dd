// The gate's destination, checked while it is typed: a room of the compound with its households
// as the roster has them (masked), or in red why there is no such room.
"use strict";
window.stationDestinationCheck = function (input, box, T) {
  let checked = {text: null, result: null};
  let timer = null;

  function who(c) {
    return [c.destination, c.name, c.phone].concat(c.care.map((flag) => T.care[flag] || flag)).filter(Boolean).join(" ");
  }
  function show(data) {
    if (!data || !data.understood) { box.textContent = ""; box.className = "destination-check"; return; }
    if (data.problem) {
      box.className = "destination-check problem";
      box.textContent = T.room_problem.replace("{problem}", () => data.problem);
    } else if (data.destination) {
      box.className = "destination-check ok";
      box.textContent = "✓ " + T.room_ok + " " + data.destination + " · "
        + (data.households.length ? data.households.map(who).join(" / ") : T.room_nobody);
    } else {
      box.className = "destination-check";
      box.textContent = data.candidates.length ? T.room_units + " " + data.candidates.map(who).join(" / ") : T.room_nobody;
    }
  }
  async function check() {
    const text = input.value.trim();
    if (text.length < 4) { checked = {text: null, result: null}; return show(null); }
    let data;
    try {
      const response = await fetch("/api/v1/gate/destination?q=" + encodeURIComponent(text),
                                   {credentials: "same-origin", headers: {"Accept": "application/json"}});
      if (!response.ok) return;
      data = await response.json();
    } catch (e) { return; }  // unreachable: intake checks the room when it is sent
    if (input.value.trim() !== text) return;
    checked = {text, result: data};
    show(data);
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 120);
  });
  return {
    check,
    clear() { checked = {text: null, result: null}; show(null); },
    /** Why `text` names no room, when the station said so; else null. */
    problem(text) { return checked.text === text && checked.result ? checked.result.problem : null; },
  };
};
