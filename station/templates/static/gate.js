// The gate page: one scan box that always has focus, a USB scanner or the webcam feeding it,
// then destination and category, then the shelf slot in big letters and the label.
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("gate-text").textContent);
  const $ = (id) => document.getElementById(id);
  const scanBox = $("scan"), destination = $("destination"), banner = $("banner");
  const CATEGORY_KEYS = [...document.querySelectorAll("#step-category [data-category]")]
    .map((button) => button.dataset.category);  // keys 1-6, in the page's order
  const ATTACH_WINDOW_MS = 60000; // a second code on the item just taken in

  let step = "scan";
  let pending = null;   // {scan, carrier, destination, key, prereg}
  let offer = null;     // a release being checked: {text, method, items, ...}
  let last = null;      // {code, label, at}
  // Items put aside when the next scan came before their destination or type; kept over a reload.
  const WAITING_STORE = "station-gate-waiting";
  let waiting = [];
  try { waiting = JSON.parse(localStorage.getItem(WAITING_STORE)) || []; } catch (e) { waiting = []; }

  function gate() { return $("gate-select").value; }

  // ---- sound and colour -------------------------------------------------------------------
  const beep = (kind) => window.stationSound.beep(kind);
  function say(kind, text) {
    banner.className = "banner " + kind;
    banner.textContent = text;
  }
  // A sentence of the page's catalogue with its {named} parts filled in.
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  // ---- the scan box: typing by hand, even under a Chinese input method; a scanner's burst is a
  // scan wherever the focus is (scan-input.js), so it never lands in the destination or the keys.
  const ROOM = /^\d{1,4}[A-Z]?-\d{1,2}-\d{3,4}$/;
  window.stationScanInput.listen({
    onScan: (text) => handleScan(text, "scanner"),
    accept: (text, target) => !((target === destination || target.id === "new-destination") && ROOM.test(text)),
  });
  scanBox.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (window.stationScanInput.isEnter(event)) {
      event.preventDefault();
      event.stopPropagation();
      const text = scanBox.value.trim().toUpperCase();
      scanBox.value = "";
      if (text) handleScan(text, "keyboard");
      return;
    }
    if (event.key === "Escape") { cancel(); return; }
    if (event.key === "Backspace") return;
    const ch = window.stationScanInput.charOf(event);
    if (!ch) return;
    event.preventDefault();
    scanBox.value += ch.toUpperCase();
  });
  scanBox.addEventListener("compositionend", () => { scanBox.value = scanBox.value.toUpperCase(); });
  scanBox.addEventListener("paste", (event) => {
    event.preventDefault();
    scanBox.value += (event.clipboardData.getData("text") || "").trim().toUpperCase();
  });
  // Keep the focus where the volunteer's next key press belongs.
  document.addEventListener("click", (event) => {
    if (event.target.closest("button, a, select, input, video")) return;
    focusStep();
  });
  function focusStep() {
    if (step === "destination") destination.focus();
    else if (step === "category") $("step-category").querySelector("[data-category=express]").focus();
    else if (step === "prereg") $("step-prereg").focus();
    else if (step === "pickup") ($("pickup-tail-box").hidden ? $("pickup-go") : $("pickup-tail")).focus();
    else scanBox.focus();
  }

  // ---- talking to the station -----------------------------------------------------------
  // status 0: the station did not answer (no network, or it is restarting).
  async function call(method, url, body, extraHeaders) {
    let response;
    try {
      response = await fetch(url, {
        method, credentials: "same-origin",
        headers: Object.assign({"Content-Type": "application/json", "Accept": "application/json"}, extraHeaders || {}),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) { return {status: 0, data: {}}; }
    let data = {};
    try { data = await response.json(); } catch (e) { data = {detail: response.statusText}; }
    if (response.status === 401) { window.location = "/login?next=/gate"; }
    return {status: response.status, data};
  }

  async function handleScan(text, source) {
    if (pending && step !== "scan" && text.toUpperCase() === pending.scan.toUpperCase()) {
      beep("duplicate");  // a scanner that read the label twice: the item is already in hand
      return say("info", T.in_hand);
    }
    const parked = waiting.find((w) => w.scan.toUpperCase() === text.toUpperCase());
    if (parked) return resume(parked);  // a waiting item scanned again is finished, not copied
    if (step === "destination" && ROOM.test(text)) {
      destination.value = text;  // a scanned room code fills the destination
      return submitDestination();
    }
    if (step !== "scan") { park(); showStep("scan"); }
    const {status, data} = await call("POST", "/api/v1/scan", {scan: text, gate: gate()});
    if (status === 0 || status >= 500) return startUnchecked(text, source);
    if (status !== 200) { beep("error"); return say("error", data.detail || T.error); }
    if (data.kind === "parcel") { beep("duplicate"); say("duplicate", data.message); return showParcel(data.parcel); }
    if (data.kind === "shelf") { beep("ok"); say("info", data.message); return showShelf(data); }
    if (data.kind === "pickup") { beep("ok"); say("info", T.pickup); return showPickup(data.pickup, text); }
    if (data.kind === "destination") return startNoBarcode(text);
    if (data.kind === "invalid") { beep("error"); return say("error", data.message); }
    pending = {scan: text, carrier: data.carrier, destination: null, key: window.stationOutbox.newKey(), source};
    if (data.preregistered && data.preregistered.usable) return askPrereg(data.preregistered);
    pending.what = text + (data.carrier ? " · " + data.carrier
      : data.candidates && data.candidates.length ? " · " + data.candidates.slice(0, 3).join("/") + "?" : "");
    showStep("destination");
    $("pending-what").textContent = pending.what;
    $("candidates").replaceChildren();
    const attach = last && Date.now() - last.at < ATTACH_WINDOW_MS;
    $("attach-hint").hidden = !attach;
    if (attach) $("attach-target").textContent = last.label;
    beep("ok");
    if (data.preregistered) say("info", fill(T.prereg_unusable, {problem: data.preregistered.problem}));
    else say("info", T.new);
    readWaybill();  // not awaited: the suggestion comes while the volunteer looks at the item
  }

  // A pre-registration only proposes a room: the volunteer checks it against the waybill.
  function askPrereg(prereg) {
    pending.prereg = prereg;
    showStep("prereg");
    $("prereg-room").textContent = prereg.destination;
    $("prereg-who").textContent = [prereg.name, prereg.phone].filter(Boolean).join(" · ");
    beep("ok");
    say("info", T.preregistered + " · " + prereg.destination);
  }
  document.addEventListener("keydown", (event) => {
    if (step !== "prereg" || !pending) return;
    if (event.key === "Escape") { event.preventDefault(); return cancel(); }
    if (event.key === "r" || event.key === "R") {
      event.preventDefault();
      $("pending-what").textContent = pending.scan;
      return showStep("destination");
    }
    if (event.key === "Enter") {
      event.preventDefault();
      pending.destination = pending.prereg.destination;
      const category = pending.prereg.category || $("sticky-category").value;
      return category ? intake(category) : showStep("category");
    }
  });

  // Self pickup: a collection code or a household card names items; the screen says whose
  // they are (room, masked name) before the volunteer hands anything over.
  function showPickup(found, text) {
    offer = Object.assign({text}, found);
    const ready = found.items.filter((item) => item.ready);
    $("pickup-whose").textContent = found.room + (found.name ? " · " + found.name : "");
    $("pickup-phone").textContent = found.phone;
    $("pickup-items").querySelector("tbody").replaceChildren(...found.items.map((item) => {
      const tr = row([item.pickup_code, item.tracking_number || item.parcel, T.categories[item.category] || item.category,
                      item.ready_at ? T.dwell_until + " " + item.ready_at : T.statuses[item.status] || item.status]);
      tr.className = item.ready ? "ready" : "not-ready";
      tr.dataset.parcel = item.parcel;
      return tr;
    }));
    $("pickup-tail-box").hidden = !ready.some((item) => item.needs_phone_tail);
    $("pickup-tail").value = "";
    $("pickup-go").disabled = ready.length === 0;
    showStep("pickup");
    if (!ready.length) say("error", T.nothing_ready);
  }
  async function handOver() {
    const current = offer;
    if (!current) return;
    offer = null;  // one hand-over per check, whether Enter or the button started it
    const done = [], failed = [];
    for (const item of current.items.filter((i) => i.ready)) {
      const {status, data} = await call("POST", "/api/v1/pickups", {
        parcel: item.parcel, gate: gate(), collected_by: $("pickup-by").value.trim(),
        verification: {method: current.method, value: current.text, phone_tail: $("pickup-tail").value.trim() || null},
      });
      if (status === 200) done.push(item.pickup_code); else failed.push(data.detail || status);
    }
    const room = current.room;
    showStep("scan");
    if (failed.length) {
      beep("error");
      return say("error", (done.length ? T.handed_over + ": " + done.join(", ") + " · " : "") + failed[0]);
    }
    beep("ok");
    say("ok", T.handed_over + " · " + room + " · " + done.join(", "));
  }
  $("pickup-go").addEventListener("click", handOver);
  document.addEventListener("keydown", (event) => {
    if (step !== "pickup") return;
    if (event.key === "Escape") { event.preventDefault(); return cancel(); }
    if (event.key === "Enter") { event.preventDefault(); handOver(); }
  });

  // A meal box, a bag of vegetables: intake without a scan mints our own parcel code.
  function startNoBarcode(written) {
    if (step !== "scan") { park(); showStep("scan"); }
    pending = {scan: "", carrier: null, destination: null, key: window.stationOutbox.newKey(), source: "none",
               what: T.no_barcode_item};
    showStep("destination");
    $("pending-what").textContent = pending.what;
    $("candidates").replaceChildren();
    $("attach-hint").hidden = true;
    if (written) destination.value = written;
    checkDestination();
    beep("ok");
    say("info", T.no_barcode_new);
  }
  $("no-barcode").addEventListener("click", () => startNoBarcode());
  document.addEventListener("keydown", (event) => {
    if (event.key === "F2" && step === "scan") { event.preventDefault(); startNoBarcode(); }
  });

  // The station is unreachable: the item is taken as new, and its intake waits in the outbox.
  function startUnchecked(text, source) {
    pending = {scan: text, carrier: null, destination: null, key: window.stationOutbox.newKey(), source,
               what: text + " · " + T.unchecked};
    showStep("destination");
    $("pending-what").textContent = pending.what;
    $("candidates").replaceChildren();
    $("attach-hint").hidden = true;
    beep("error");
    say("error", T.unreachable);
  }

  function showStep(name) {
    step = name;
    $("step-destination").hidden = name !== "destination";
    $("step-category").hidden = name !== "category";
    $("step-prereg").hidden = name !== "prereg";
    $("step-pickup").hidden = name !== "pickup";
    if (name !== "scan") { $("result").hidden = true; $("detail").hidden = true; }
    if (name === "destination") {
      destination.value = "";
      destinationCheck.clear();
      destination.classList.remove("suggested");
      $("waybill-state").textContent = "";
    }
    focusStep();
  }
  // ---- items waiting: a scan came while they waited for their destination or type -------------
  function park() {
    if (!pending) return;
    if (step === "destination") pending.typed = destination.value.trim();
    waiting.push(pending);
    pending = null;
    renderWaiting();
  }
  function resume(item) {
    park();
    waiting = waiting.filter((w) => w !== item);
    renderWaiting();
    pending = item;
    showStep("destination");
    $("pending-what").textContent = item.what || item.scan;
    $("candidates").replaceChildren();
    $("attach-hint").hidden = true;
    destination.value = item.destination || item.typed || "";
    checkDestination();
    say("info", T.resumed + " · " + (item.scan || item.what));
  }
  function renderWaiting() {
    localStorage.setItem(WAITING_STORE, JSON.stringify(waiting));
    $("waiting").hidden = !waiting.length;
    $("waiting-list").replaceChildren(...waiting.map((item) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "waiting-item";
      button.dataset.scan = item.scan;
      button.textContent = (item.scan || item.what) + " · " + (item.destination || item.typed || T.no_destination_yet)
        + (item.problem ? " · " + item.problem : "");
      button.addEventListener("click", () => resume(item));
      const li = document.createElement("li");
      li.appendChild(button);
      return li;
    }));
  }

  function cancel(quiet) {
    pending = null;
    offer = null;
    showStep("scan");
    if (!quiet) say("idle", T.ready);
  }

  destination.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); return cancel(); }
    if ((event.key === "a" || event.key === "A") && !destination.value && last && !$("attach-hint").hidden) {
      event.preventDefault();
      return attachToLast();
    }
    if (event.key === "Enter") {
      event.preventDefault();
      event.stopPropagation();  // the category step must not take this same Enter
      submitDestination();
    }
  });
  const destinationCheck = window.stationDestinationCheck(destination, $("destination-check"), T);
  const checkDestination = () => destinationCheck.check();

  function submitDestination() {
    const typed = destination.value.trim();
    const problem = typed && destinationCheck.problem(typed);
    if (problem) {
      beep("error");
      return say("error", fill(T.not_recorded, {why: problem}));
    }
    pending.destination = typed || null;
    const sticky = $("sticky-category").value;
    if (sticky) return intake(sticky);
    showStep("category");
  }
  document.addEventListener("keydown", (event) => {
    if (step !== "category") return;
    if (event.key === "Escape") { event.preventDefault(); return showStep("destination"); }
    if (event.key === "Enter" && !event.target.matches("button")) { event.preventDefault(); return intake("express"); }
    if (event.key === "Enter") return;  // the focused category button takes it
    const index = "123456".indexOf(event.key);
    if (index >= 0) { event.preventDefault(); intake(CATEGORY_KEYS[index]); }
  });
  for (const button of document.querySelectorAll("[data-category]")) {
    button.addEventListener("click", () => intake(button.dataset.category));
  }

  const outbox = window.stationOutbox("intake", {
    banner: $("outbox-banner"), text: T.outbox_waiting,
    onAck: () => refreshRecent(),
    onChange: (count, before) => {
      if (!count && before && banner.classList.contains("error")) say("ok", T.all_sent);
    },
    onRefused: (sent, data) => {
      waiting.push({scan: sent.body.scan, destination: sent.body.destination, key: window.stationOutbox.newKey(),
                    what: sent.meta.what || sent.body.scan, problem: data.detail || T.error});
      renderWaiting();
      beep("error");
      const why = fill(T.item_why, {what: sent.body.scan || sent.meta.what, why: data.detail || T.error});
      say("error", T.refused_later + " · " + why);
    },
  });

  async function intake(category) {
    if (!pending) return;
    const item = pending;
    const body = {scan: item.scan, destination: item.destination, category, gate: gate()};
    const answer = await outbox.send("/api/v1/intake", body, item.key, {what: item.what});
    if (!answer.answered) {
      if (answer.status === 401) { window.location = "/login?next=/gate"; return; }
      if (pending === item) { pending = null; showStep("scan"); }
      return say("error", T.queued + " · " + (item.scan || item.what) + " → " + (body.destination || "UNRES"));
    }
    const {status, data} = answer;
    if (status === 201 || status === 200) {
      const parcel = data.parcel;
      if (pending === item) { pending = null; showStep("scan"); }
      beep(data.duplicate ? "duplicate" : "ok");
      say(data.duplicate ? "duplicate" : "ok", data.duplicate ? T.duplicate + " · " + data.message
        : T.saved + " → " + parcel.pickup_code + (parcel.zone === "UNRES" ? " · " + T.unresolved : ""));
      showResult(parcel, data);
      last = {code: parcel.code, label: (parcel.tracking_number || parcel.code) + " → " + (parcel.destination || "UNRES"), at: Date.now()};
      return refreshRecent();
    }
    beep("error");
    say("error", fill(T.not_recorded, {why: data.detail || status}));
    if (pending !== item) {  // the next item is already in hand: this one waits, with the reason
      waiting.push(Object.assign(item, {key: window.stationOutbox.newKey(), problem: data.detail || T.error}));
      return renderWaiting();
    }
    if (data.field === "destination") {
      showStep("destination");
      destination.value = body.destination || "";
      checkDestination();
      showCandidates(data.candidates || []);
    }
    else if (data.field === "category") { showStep("category"); }
  }

  function showCandidates(candidates) {
    // An address that fits several rooms: one button each, and F1.. to choose by key.
    $("candidates").replaceChildren(...candidates.map((room, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "candidate";
      button.textContent = "F" + (index + 1) + " " + room;
      button.addEventListener("click", () => { destination.value = room; submitDestination(); });
      return button;
    }));
  }
  destination.addEventListener("keydown", (event) => {
    const match = /^F(\d+)$/.exec(event.key);
    const buttons = $("candidates").querySelectorAll("button");
    if (match && buttons[Number(match[1]) - 1]) {
      event.preventDefault();
      event.stopPropagation();
      buttons[Number(match[1]) - 1].click();
    }
  });

  async function attachToLast() {
    const code = pending.scan;
    const {status, data} = await call("POST", "/api/v1/parcels/" + encodeURIComponent(last.code) + "/aliases",
                                      {code, gate: gate()});
    pending = null;
    showStep("scan");
    if (status === 200) { beep("ok"); say("ok", T.attached + " " + last.label + ": " + code); }
    else { beep("error"); say("error", data.detail || T.error); }
  }

  let shown = null;  // the item whose slot and label the result card shows
  function showResult(parcel, data) {
    shown = parcel;
    $("redirect").hidden = true;
    $("move").hidden = true;
    $("result").hidden = false;
    $("detail").hidden = true;
    $("pickup-code").textContent = parcel.pickup_code;
    $("pickup-code").className = "pickup cat-" + parcel.category;
    $("result-text").textContent = (parcel.destination || "UNRES") + " · " + (T.categories[parcel.category] || parcel.category)
      + (parcel.tracking_number ? " · " + parcel.tracking_number : "");
    const label = data.label || {png: "/gate/labels/" + parcel.code + ".png", pdf: "/gate/labels/" + parcel.code + ".pdf", printed: false};
    $("label-img").src = label.png + "?v=" + encodeURIComponent(parcel.pickup_code);
    $("label-pdf").href = label.pdf;
    $("print-state").textContent = label.printed ? T.printed : (label.print_error || T.not_printed);
  }

  // ---- mending the item shown: print its label again, give it another destination ----------
  async function printLabel() {
    if (!shown) return;
    if (!T.printer) {
      window.open("/gate/labels/" + encodeURIComponent(shown.code) + ".pdf?inline=1", "_blank");
      $("print-state").textContent = T.pdf_opened;
      return;
    }
    const {status, data} = await call("POST", "/api/v1/gate/parcels/" + encodeURIComponent(shown.code) + "/print", {});
    if (status !== 200) { beep("error"); return say("error", data.detail || T.error); }
    $("print-state").textContent = data.label.printed ? T.sent_to_printer : (data.label.print_error || T.not_printed);
  }
  $("print-label").addEventListener("click", printLabel);
  document.addEventListener("keydown", (event) => {
    if (event.key === "F4" && !$("result").hidden) { event.preventDefault(); printLabel(); }
  });
  function mended(parcel, data) {
    showResult(parcel, data || {});
    if (last && last.code === parcel.code) {
      last.label = (parcel.tracking_number || parcel.code) + " → " + (parcel.destination || "UNRES");
    }
    refreshRecent();
    focusStep();
  }
  $("change-destination").addEventListener("click", () => {
    $("move").hidden = true;
    $("redirect").hidden = false;
    $("new-destination").value = "";
    $("new-destination").focus();
  });
  $("redirect").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("new-destination").value.trim();
    if (!shown || !text) return;
    const {status, data} = await call("POST", "/api/v1/gate/parcels/" + encodeURIComponent(shown.code) + "/destination",
                                      {destination: text, gate: gate()});
    if (status !== 200) { beep("error"); return say("error", fill(T.not_recorded, {why: data.detail || status})); }
    beep("ok");
    say("ok", T.moved + " → " + data.parcel.pickup_code);
    mended(data.parcel, data);
  });
  function openMove(parcel) {
    showResult(parcel, {});
    $("redirect").hidden = true;
    $("move").hidden = false;
    const zone = $("move-zone");
    if ([...zone.options].some((o) => o.value === parcel.zone)) zone.value = parcel.zone;
    zone.focus();
  }
  $("move").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!shown) return;
    const {status, data} = await call("POST", "/api/v1/parcels/" + encodeURIComponent(shown.code) + "/move",
                                      {zone: $("move-zone").value, gate: gate(), note: "moved at the gate"});
    if (status !== 200) { beep("error"); return say("error", fill(T.not_recorded, {why: data.detail || status})); }
    beep("ok");
    say("ok", T.moved + " → " + data.pickup_code);
    mended(data);
  });
  $("move").addEventListener("keydown", (event) => {
    if (event.key === "Escape") { $("move").hidden = true; focusStep(); }
  });
  $("report-problem").addEventListener("click", async () => {
    if (!shown) return;
    const note = $("problem-kind").value;
    const {status, data} = await call("POST", "/api/v1/parcels/" + encodeURIComponent(shown.code) + "/problem",
                                      {note, gate: gate()});
    if (status !== 200) { beep("error"); return say("error", fill(T.not_recorded, {why: data.detail || status})); }
    beep("duplicate");
    const moved = data.pickup_code !== shown.pickup_code;
    say("duplicate", (moved ? T.problem_moved + " " + data.pickup_code : T.problem_recorded) + " · "
      + (data.tracking_number || data.code) + " · " + $("problem-kind").selectedOptions[0].textContent);
    mended(data);
  });
  $("new-destination").addEventListener("keydown", (event) => {
    if (event.key === "Escape") { $("redirect").hidden = true; focusStep(); }
  });

  function row(cells) {
    const tr = document.createElement("tr");
    for (const cell of cells) {
      const td = document.createElement("td");
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell == null ? "" : cell;
      tr.appendChild(td);
    }
    return tr;
  }
  function localTime(iso) {
    return new Date(iso).toLocaleTimeString([], {hour: "2-digit", minute: "2-digit", hour12: false, timeZone: T.timezone});
  }

  function showParcel(parcel) {
    $("result").hidden = true;
    $("detail").hidden = false;
    $("detail-title").textContent = (parcel.tracking_number || parcel.code) + " · " + parcel.pickup_code
      + " · " + (T.statuses[parcel.status] || parcel.status);
    const body = $("detail-table").querySelector("tbody");
    body.replaceChildren(...parcel.events.map((e) => row([localTime(e.at), T.statuses[e.type] || e.type, e.actor, e.gate,
      e.details.pickup_code || e.details.method || e.details.note || e.details.alias || ""])));
  }
  function showShelf(data) {
    $("result").hidden = true;
    $("detail").hidden = false;
    $("detail-title").textContent = T.shelf + " " + data.shelf + (data.items.length ? "" : " · " + T.empty_shelf);
    const body = $("detail-table").querySelector("tbody");
    body.replaceChildren(...data.items.map((i) => row([i.pickup_code, i.tracking_number || i.code, i.destination,
      T.categories[i.category] || i.category, T.statuses[i.status] || i.status])));
  }

  async function refreshRecent() {
    const {status, data} = await call("GET", "/api/v1/recent?gate=" + encodeURIComponent(gate()));
    if (status !== 200) return;
    $("recent").replaceChildren(...data.items.map((p) => {
      const acts = document.createElement("span");
      if (p.status !== "voided") {
        const label = document.createElement("button");
        label.type = "button";
        label.className = "show-label";
        label.textContent = T.label;
        label.addEventListener("click", () => { showResult(p, {}); focusStep(); });
        acts.appendChild(label);
      }
      if (["received", "disinfected", "shelved"].includes(p.status)) {
        const undo = document.createElement("button");
        undo.type = "button";
        undo.className = "undo";
        undo.textContent = T.undo;
        undo.addEventListener("click", () => voidParcel(p.code));
        const move = document.createElement("button");
        move.type = "button";
        move.className = "move";
        move.textContent = T.move;
        move.addEventListener("click", () => openMove(p));
        acts.append(move, undo);
      }
      // An undone or delivered item holds no slot: the slot it had may be another item's now.
      const tr = row([localTime(p.received_at), p.tracking_number || p.code, p.destination || "—",
        T.categories[p.category] || p.category, p.slot == null ? "—" : p.pickup_code, T.statuses[p.status] || p.status, acts]);
      tr.dataset.code = p.code;
      tr.className = "status-" + p.status;
      return tr;
    }));
  }
  async function voidParcel(code) {
    const {status, data} = await call("POST", "/api/v1/parcels/" + encodeURIComponent(code) + "/void", {note: "undo at the gate", gate: gate()});
    if (status === 200) { beep("ok"); say("idle", T.undone + " · " + (data.tracking_number || data.code)); }
    else { beep("error"); say("error", data.detail || T.error); }
    refreshRecent();
    focusStep();
  }

  // ---- the waybill: the station reads the recipient's room off one frame, the volunteer confirms --
  let waybillOff = false;
  async function readWaybill() {
    if (waybillOff || !camera.running() || step !== "destination" || !pending) return;
    const item = pending;
    const blob = await camera.frame();
    if (!blob) return;
    $("waybill-state").textContent = T.waybill_reading;
    let response;
    try {
      response = await fetch("/api/v1/waybill?gate=" + encodeURIComponent(gate()), {
        method: "POST", body: blob, credentials: "same-origin", headers: {"Content-Type": "image/jpeg"}});
    } catch (e) { return; }
    if (response.status === 409) { waybillOff = true; $("read-waybill").hidden = true; }
    if (!response.ok || pending !== item || step !== "destination") return;
    const data = await response.json();
    if (data.stale) return;
    if (destination.value.trim()) return;  // the volunteer typed meanwhile: typing wins
    if (data.destination) {
      destination.value = data.destination;
      destination.classList.add("suggested");
      destination.select();
      checkDestination();
      $("waybill-state").textContent = T.waybill_suggested + " · " + Math.round(data.confidence * 100) + "%";
    } else if (data.candidates.length) {
      showCandidates(data.candidates);
      $("waybill-state").textContent = T.waybill_candidates;
    } else {
      $("waybill-state").textContent = T.waybill_nothing;
    }
  }
  destination.addEventListener("input", () => destination.classList.remove("suggested"));
  $("read-waybill").addEventListener("click", () => { readWaybill(); destination.focus(); });

  // ---- the webcam (camera.js): a code is taken once, and never over the item in hand -------------
  const camera = window.stationCamera({video: $("camera"), serverDecode: true, onCode: (text) => {
    const busy = pending !== null || scanBox.value.trim() !== "";
    showCameraRead(text, busy);
    if (!busy) handleScan(text, "camera");
    return !busy;
  }});
  function showCameraRead(text, held) {
    const last = $("camera-last");
    last.hidden = false;
    last.textContent = T.camera_last + ": " + text + (held ? " · " + T.camera_held : "");
  }
  function showCameraState(on) {
    $("camera-toggle").setAttribute("aria-pressed", on ? "true" : "false");
    $("camera-word").textContent = on ? T.camera_word_on : T.camera_word_off;
  }
  async function toggleCamera() {
    if (camera.running()) {
      camera.stop();
      $("camera-panel").hidden = true;
      showCameraState(false);
      say("idle", T.camera_off);
      return focusStep();
    }
    let decoder;
    try { decoder = await camera.start(); } catch (e) {
      beep("error");
      return say("error", T.camera_denied);
    }
    $("camera-panel").hidden = false;
    $("camera-state").textContent = decoder === "page" ? T.camera_on : T.decoder_server;
    showCameraState(true);
    say("info", T.camera_on);
    focusStep();
  }
  $("camera-toggle").addEventListener("click", toggleCamera);
  $("gate-select").addEventListener("change", () => { refreshRecent(); focusStep(); });

  renderWaiting();
  refreshRecent();
  focusStep();
}());
