// The gate page: one scan box that always has focus, a USB scanner or the webcam feeding it,
// then destination and category, then the shelf slot in big letters and the label.
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("gate-text").textContent);
  const $ = (id) => document.getElementById(id);
  const scanBox = $("scan"), destination = $("destination"), banner = $("banner");
  const CATEGORY_KEYS = [...document.querySelectorAll("#step-category [data-category]")]
    .map((button) => button.dataset.category);  // keys 1-6, in the page's order
  const SCANNER_GAP_MS = 35;      // a USB scanner types faster than any hand
  const SAME_CODE_MS = 3000;      // the camera sees the same label many times a second
  const ATTACH_WINDOW_MS = 60000; // a second code on the item just taken in

  let step = "scan";
  let pending = null;   // {scan, carrier, destination, key, prereg}
  let offer = null;     // a release being checked: {text, method, items, ...}
  let last = null;      // {code, label, at}
  let keyTimes = [];
  let cameraSeen = {text: "", at: 0};

  function gate() { return $("gate-select").value; }

  // ---- sound and colour -------------------------------------------------------------------
  const beep = (kind) => window.stationSound.beep(kind);
  function say(kind, text) {
    banner.className = "banner " + kind;
    banner.textContent = text;
  }

  // ---- the scan box: rebuild what a scanner typed, even under a Chinese input method ----
  const CODE_CHARS = {Minus: "-", Slash: "/", Period: ".", Space: " ", Equal: "=", Comma: ",",
                      Semicolon: ";", Quote: "'", BracketLeft: "[", BracketRight: "]", Backslash: "\\",
                      NumpadSubtract: "-", NumpadDivide: "/", NumpadDecimal: "."};
  function charOf(event) {
    // With an IME active the key comes as "Process": take the physical key instead.
    if (event.isComposing || event.key === "Process" || event.key === "Unidentified") {
      const code = event.code || "";
      if (/^Key[A-Z]$/.test(code)) return code.slice(3);
      if (/^(Digit|Numpad)[0-9]$/.test(code)) return code.slice(-1);
      return CODE_CHARS[code] || "";
    }
    return event.key.length === 1 ? event.key : "";
  }
  function looksScanned(times) {
    if (times.length < 4) return false;
    const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
    return gaps[Math.floor(gaps.length / 2)] < SCANNER_GAP_MS;
  }
  scanBox.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Enter") {
      event.preventDefault();
      event.stopPropagation();
      const text = scanBox.value.trim().toUpperCase();
      const scanned = looksScanned(keyTimes);
      keyTimes = [];
      scanBox.value = "";
      if (text) handleScan(text, scanned ? "scanner" : "keyboard");
      return;
    }
    if (event.key === "Escape") { cancel(); return; }
    if (event.key === "Backspace") return;
    const ch = charOf(event);
    if (!ch) return;
    event.preventDefault();
    keyTimes.push(performance.now());
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
  async function call(method, url, body, extraHeaders) {
    const response = await fetch(url, {
      method, credentials: "same-origin",
      headers: Object.assign({"Content-Type": "application/json", "Accept": "application/json"}, extraHeaders || {}),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {detail: response.statusText}; }
    if (response.status === 401) { window.location = "/login?next=/gate"; }
    return {status: response.status, data};
  }

  async function handleScan(text, source) {
    if (step === "destination" && /^\d{1,4}[A-Z]?-\d{1,2}-\d{3,4}$/.test(text)) {
      destination.value = text;  // a scanned room code fills the destination
      return submitDestination();
    }
    if (step !== "scan") cancel(true);
    const {status, data} = await call("POST", "/api/v1/scan", {scan: text, gate: gate()});
    if (status !== 200) { beep("error"); return say("error", data.detail || T.error); }
    if (data.kind === "parcel") { beep("duplicate"); say("duplicate", data.message); return showParcel(data.parcel); }
    if (data.kind === "shelf") { beep("ok"); say("info", data.message); return showShelf(data); }
    if (data.kind === "pickup") { beep("ok"); say("info", T.pickup); return showPickup(data.pickup, text); }
    if (data.kind === "invalid" || data.kind === "destination") { beep("error"); return say("error", data.message); }
    pending = {scan: text, carrier: data.carrier, destination: null, key: crypto.randomUUID(), source};
    if (data.preregistered && data.preregistered.usable) return askPrereg(data.preregistered);
    showStep("destination");
    $("pending-what").textContent = text + (data.carrier ? " · " + data.carrier
      : data.candidates && data.candidates.length ? " · " + data.candidates.slice(0, 3).join("/") + "?" : "");
    $("candidates").replaceChildren();
    const attach = last && Date.now() - last.at < ATTACH_WINDOW_MS;
    $("attach-hint").hidden = !attach;
    if (attach) $("attach-target").textContent = last.label;
    beep("ok");
    if (data.preregistered) say("info", T.prereg_unusable + ": " + data.preregistered.problem);
    else say("info", T.new);
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
    if (!offer) return;
    const done = [], failed = [];
    for (const item of offer.items.filter((i) => i.ready)) {
      const {status, data} = await call("POST", "/api/v1/pickups", {
        parcel: item.parcel, gate: gate(), collected_by: $("pickup-by").value.trim(),
        verification: {method: offer.method, value: offer.text, phone_tail: $("pickup-tail").value.trim() || null},
      });
      if (status === 200) done.push(item.pickup_code); else failed.push(data.detail || status);
    }
    const room = offer.room;
    offer = null;
    showStep("scan");
    if (failed.length) {
      beep("error");
      return say("error", (done.length ? T.handed_over + ": " + done.join(", ") + " · " : "") + failed[0]);
    }
    beep("ok");
    say("ok", T.handed_over + " · " + room + " · " + done.join(", "));
  }
  $("pickup-go").addEventListener("click", handOver);
  $("step-pickup").addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); offer = null; return cancel(); }
    if (event.key === "Enter" && !event.target.matches("button")) { event.preventDefault(); handOver(); }
  });

  function showStep(name) {
    step = name;
    $("step-destination").hidden = name !== "destination";
    $("step-category").hidden = name !== "category";
    $("step-prereg").hidden = name !== "prereg";
    $("step-pickup").hidden = name !== "pickup";
    if (name !== "scan") { $("result").hidden = true; $("detail").hidden = true; }
    if (name === "destination") destination.value = "";
    focusStep();
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
  function submitDestination() {
    pending.destination = destination.value.trim() || null;
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

  async function intake(category) {
    if (!pending) return;
    const body = {scan: pending.scan, destination: pending.destination, category, gate: gate()};
    const {status, data} = await call("POST", "/api/v1/intake", body, {"Idempotency-Key": pending.key});
    if (status === 201 || status === 200) {
      const parcel = data.parcel;
      pending = null;
      showStep("scan");
      beep(data.duplicate ? "duplicate" : "ok");
      say(data.duplicate ? "duplicate" : "ok", data.duplicate ? T.duplicate + " · " + data.message
        : T.saved + " → " + parcel.pickup_code + (parcel.zone === "UNRES" ? " · " + T.unresolved : ""));
      showResult(parcel, data);
      last = {code: parcel.code, label: (parcel.tracking_number || parcel.code) + " → " + (parcel.destination || "UNRES"), at: Date.now()};
      return refreshRecent();
    }
    beep("error");
    say("error", T.error + ": " + (data.detail || status));
    if (data.field === "destination") {
      showStep("destination");
      destination.value = body.destination || "";
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

  function showResult(parcel, data) {
    $("result").hidden = false;
    $("detail").hidden = true;
    $("pickup-code").textContent = parcel.pickup_code;
    $("pickup-code").className = "pickup cat-" + parcel.category;
    $("result-text").textContent = (parcel.destination || "UNRES") + " · " + (T.categories[parcel.category] || parcel.category)
      + (parcel.tracking_number ? " · " + parcel.tracking_number : "");
    const label = data.label || {png: "/gate/labels/" + parcel.code + ".png", pdf: "/gate/labels/" + parcel.code + ".pdf", printed: false};
    $("label-img").src = label.png;
    $("label-pdf").href = label.pdf;
    $("print-state").textContent = label.printed ? T.printed : (label.print_error || T.not_printed);
  }

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
      let undo = "";
      if (["received", "disinfected", "shelved"].includes(p.status)) {
        undo = document.createElement("button");
        undo.type = "button";
        undo.className = "undo";
        undo.textContent = T.undo;
        undo.addEventListener("click", () => voidParcel(p.code));
      }
      const tr = row([localTime(p.received_at), p.tracking_number || p.code, p.destination || "—",
        T.categories[p.category] || p.category, p.pickup_code, T.statuses[p.status] || p.status, undo]);
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

  // ---- the webcam: decode in the page (zxing-wasm served by the station), else on the station
  let stream = null, timer = null, pageDecoder = null;
  const canvas = document.createElement("canvas");
  const FORMATS = ["Code128", "QRCode", "Code39", "ITF", "EAN13", "DataMatrix", "PDF417"];

  async function loadDecoder() {
    if (!window.ZXingWASM) return null;
    try {
      window.ZXingWASM.prepareZXingModule({
        overrides: {locateFile: (path, prefix) => path.endsWith(".wasm") ? "/static/vendor/zxing-wasm/" + path : prefix + path},
        fireImmediately: true,
      });
      return (imageData) => window.ZXingWASM.readBarcodes(imageData, {formats: FORMATS, maxNumberOfSymbols: 1, tryHarder: true});
    } catch (e) { return null; }
  }
  async function serverDecode() {
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    const response = await fetch("/api/v1/frames", {method: "POST", body: blob, credentials: "same-origin",
                                                     headers: {"Content-Type": "image/jpeg"}});
    if (!response.ok) return [];
    const data = await response.json();
    return data.results.map((r) => ({text: r.text, isValid: true}));
  }
  async function grab() {
    const video = $("camera");
    if (!video.videoWidth) return;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext("2d", {willReadFrequently: true});
    context.drawImage(video, 0, 0);
    let results = [];
    if (pageDecoder) results = await pageDecoder(context.getImageData(0, 0, canvas.width, canvas.height));
    else results = await serverDecode();
    const found = results.find((r) => r.isValid && r.text);
    if (!found) return;
    const text = found.text.trim().toUpperCase();
    const now = Date.now();
    if (text === cameraSeen.text && now - cameraSeen.at < SAME_CODE_MS) return;
    cameraSeen = {text, at: now};
    handleScan(text, "camera");
  }
  async function toggleCamera() {
    const button = $("camera-toggle");
    if (stream) {
      clearInterval(timer);
      stream.getTracks().forEach((t) => t.stop());
      stream = null;
      $("camera-panel").hidden = true;
      button.setAttribute("aria-pressed", "false");
      say("idle", T.camera_off);
      return focusStep();
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {width: {ideal: 1280}, height: {ideal: 720}, facingMode: "environment"}});
    } catch (e) {
      beep("error");
      return say("error", T.camera_denied);
    }
    pageDecoder = pageDecoder || await loadDecoder();
    const video = $("camera");
    video.srcObject = stream;
    await video.play();
    $("camera-panel").hidden = false;
    $("camera-state").textContent = pageDecoder ? T.camera_on : T.decoder_server;
    button.setAttribute("aria-pressed", "true");
    say("info", T.camera_on);
    let busy = false;
    timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try { await grab(); } finally { busy = false; }
    }, 120);
    focusStep();
  }
  $("camera-toggle").addEventListener("click", toggleCamera);
  $("gate-select").addEventListener("change", () => { refreshRecent(); focusStep(); });

  refreshRecent();
  focusStep();
}());
