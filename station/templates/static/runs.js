// Runs: self pickup on the board, scanning hand-offs on a run, printing the list, the stocktake.
"use strict";
(function () {
  const textBlock = document.getElementById("runs-text");
  const T = textBlock ? JSON.parse(textBlock.textContent) : {};
  const beep = (kind) => window.stationSound.beep(kind);

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {detail: response.statusText}; }
    return {ok: response.ok, data};
  }

  function show(banner, kind, text) {
    banner.className = "banner " + kind;
    banner.textContent = text;
  }

  // A run: scan each item as delivered or returned; medicine and valuables ask for a verification.
  const run = document.getElementById("run");
  if (run && run.dataset.open === "yes") {
    const scanBox = document.getElementById("scan");
    const banner = document.getElementById("banner");
    const reason = document.getElementById("reason");
    const verify = document.getElementById("verify");
    const verifyValue = document.getElementById("verify-value");
    const modeButtons = {delivered: document.getElementById("mode-delivered"), returned: document.getElementById("mode-returned")};
    let mode = "delivered";
    let pending = null;  // the item waiting for its verification

    function setMode(next) {
      mode = next;
      for (const [name, button] of Object.entries(modeButtons)) button.setAttribute("aria-pressed", String(name === mode));
      reason.hidden = mode !== "returned";
      scanBox.focus();
    }
    modeButtons.delivered.addEventListener("click", () => setMode("delivered"));
    modeButtons.returned.addEventListener("click", () => setMode("returned"));

    function rowOf(key) {
      for (const li of run.querySelectorAll("li.item")) {
        if (li.dataset.keys.split(" ").includes(key)) return li;
      }
      return null;
    }

    function askVerification(key, label) {
      pending = key;
      document.getElementById("verify-what").textContent = label || key;
      verify.hidden = false;
      verifyValue.value = "";
      verifyValue.focus();
    }

    function closeVerification() {
      pending = null;
      verify.hidden = true;
      scanBox.focus();
    }

    function markDone(item) {
      const li = run.querySelector('li.item[data-code="' + item.parcel + '"]');
      if (!li) return;
      li.className = "item outcome-" + item.outcome;
      li.querySelector(".state").textContent = item.outcome === "delivered"
        ? T.delivered + (item.verified_by ? " · " + T.verifications[item.verified_by] : "")
        : T.returned + " · " + T.reasons[item.reason];
      const acts = li.querySelector(".acts");
      if (acts) acts.remove();
    }

    // Each outcome is kept in the page's outbox with its Idempotency-Key until the station answers
    // it: on a staircase without signal the runner goes on, and the page sends them once it can,
    // also after a reload; the station records each once.
    const outbox = window.stationOutbox("run-" + run.dataset.code, {
      banner: document.getElementById("outbox-banner"), text: T.outbox_waiting,
      onAck: (sent, data) => recorded(data, false),
      onRefused: (sent, data) => refused(sent.meta.code, data),
      onChange: (count, before) => { if (!count && before) show(banner, "ok", T.all_sent); },
    });
    function markKept(code, outcome, reason) {
      const li = run.querySelector('li.item[data-code="' + code + '"]');
      if (!li) return;
      li.className = "item outcome-kept";
      li.querySelector(".state").textContent = T.kept + " · "
        + (outcome === "delivered" ? T.delivered : T.returned + " · " + T.reasons[reason]);
      const acts = li.querySelector(".acts");
      if (acts) acts.remove();
    }
    for (const sent of outbox.pending()) markKept(sent.meta.code, sent.body.outcome, sent.body.reason);

    async function record(key, verification) {
      const body = {outcome: mode};
      if (mode === "returned") body.reason = reason.value;
      if (verification) body.verification = verification;
      const url = "/api/v1/runs/" + encodeURIComponent(run.dataset.code) + "/items/" + encodeURIComponent(key);
      const idempotencyKey = window.stationOutbox.newKey();
      const answer = await outbox.send(url, body, idempotencyKey, {code: key});
      if (!answer.answered) {
        if (answer.status === 401) { window.location = "/login?next=" + encodeURIComponent(location.pathname); return; }
        closeVerification();
        markKept(key, body.outcome, body.reason);
        show(banner, "error", T.queued + " · " + ((rowOf(key) || {dataset: {}}).dataset.label || key));
        offerUndo({parcel: key, outcome: body.outcome}, (rowOf(key) || {dataset: {}}).dataset.label || key, idempotencyKey);
        return;
      }
      if (answer.status >= 300) return refused(key, answer.data);
      recorded(answer.data, true);
    }
    function refused(key, data) {
      beep("error");
      show(banner, "error", data.detail || "");
      const li = rowOf(key);
      if (li && li.classList.contains("outcome-kept")) reopen(li.dataset.code);
      if (data.needs_verification) askVerification(key, (li || {dataset: {}}).dataset.label);
    }
    // direct: the answer to the tap just made; else a kept outcome sent later, which offers its
    // undo only where the button still names that item.
    function recorded(data, direct) {
      closeVerification();
      beep(data.replayed ? "duplicate" : "ok");
      markDone(data.item);
      document.getElementById("done").textContent = data.done;
      const item = data.item;
      const what = [item.building + "-" + item.unit + "-" + item.room, item.pickup_code,
                    item.outcome === "delivered" ? T.delivered : T.returned + " · " + T.reasons[item.reason]];
      if (data.replayed) what.push(T.again);
      if (data.done === data.items) what.push(T.allDone);
      show(banner, data.replayed ? "duplicate" : "ok", what.join(" · "));
      if (!data.replayed && (direct || (!undoButton.hidden && undoButton.dataset.code === item.parcel))) {
        offerUndo(item, what[0]);
      }
    }

    // A mis-tapped outcome can be taken back for a few minutes (the station records the undo).
    const UNDO_MS = 5 * 60 * 1000;
    const undoButton = document.getElementById("undo-last");
    let undoTimer = null;
    function offerUndo(item, where, keptKey) {
      clearTimeout(undoTimer);
      undoButton.hidden = false;
      undoButton.textContent = T.undo + ": " + where + " · "
        + (item.outcome === "delivered" ? T.delivered : T.returned);
      undoButton.dataset.code = item.parcel;
      undoButton.dataset.kept = keptKey || "";
      undoTimer = setTimeout(() => { undoButton.hidden = true; }, UNDO_MS);
    }
    function reopen(code) {
      const li = run.querySelector('li.item[data-code="' + code + '"]');
      if (!li) return;
      li.className = "item outcome-pending";
      li.querySelector(".state").textContent = T.toDeliver;
      if (li.querySelector(".acts")) return;
      const acts = document.createElement("span");
      acts.className = "acts";
      for (const [kind, word] of [["delivered", T.actDelivered], ["returned", T.actReturned]]) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "act-" + kind;
        button.dataset.code = code;
        button.textContent = word;
        acts.append(button, " ");
      }
      li.appendChild(acts);
    }
    undoButton.addEventListener("click", async () => {
      const code = undoButton.dataset.code;
      if (undoButton.dataset.kept && outbox.discard(undoButton.dataset.kept)) {
        undoButton.hidden = true;  // never sent: taken out of the page's outbox, nothing to record
        reopen(code);
        show(banner, "idle", T.undone);
        return scanBox.focus();
      }
      const url = "/api/v1/runs/" + encodeURIComponent(run.dataset.code) + "/items/" + encodeURIComponent(code) + "/undo";
      const {ok, data} = await post(url, {});
      undoButton.hidden = true;
      scanBox.focus();
      if (!ok) { beep("error"); return show(banner, "error", data.detail || ""); }
      beep("ok");
      reopen(code);
      document.getElementById("done").textContent = data.done;
      show(banner, "idle", T.undone + " · " + data.item.building + "-" + data.item.unit + "-" + data.item.room);
    });

    function handle(key) {
      if (!key) return;
      const li = rowOf(key);
      if (mode === "delivered" && li && li.dataset.verify === "yes") {
        askVerification(li.dataset.code, li.dataset.label);
        show(banner, "idle", T.verifyFirst);
        return;
      }
      record(li ? li.dataset.code : key, null);
    }

    // A scanned pickup code in the verification field is that field's answer, not another item.
    window.stationScanInput.listen({
      onScan: (text) => { scanBox.focus(); handle(text); },
      accept: (text, target) => target !== verifyValue,
    });
    scanBox.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const key = scanBox.value.trim().toUpperCase();
      scanBox.value = "";
      handle(key);
    });
    function confirmVerification() {
      const value = verifyValue.value.trim();
      if (!pending || !value) return;
      const tail = document.getElementById("verify-tail");
      record(pending, {method: document.getElementById("verify-method").value, value,
                       phone_tail: tail.value.trim() || null});
      tail.value = "";
    }
    document.getElementById("verify-ok").addEventListener("click", confirmVerification);
    for (const box of [verifyValue, document.getElementById("verify-tail")]) {
      box.addEventListener("keydown", (event) => {
        if (event.key === "Enter") { event.preventDefault(); confirmVerification(); }
        if (event.key === "Escape") closeVerification();
      });
    }
    document.getElementById("verify-cancel").addEventListener("click", closeVerification);

    // The phone's camera reads labels with the same in-page decoder as the gate; a code is taken
    // once while it stays in view, and not while a verification is being asked.
    const toggle = document.getElementById("camera-toggle");
    const video = document.getElementById("camera");
    const camera = window.stationCamera({video, serverDecode: false, onCode: (text) => {
      document.getElementById("camera-last").textContent = T.camera_last + ": " + text;
      if (pending) return false;
      handle(text);
      return true;
    }});
    toggle.addEventListener("click", async () => {
      if (camera.running()) camera.stop();
      else {
        try {
          if (!await camera.start()) throw new Error("no decoder");
        } catch (e) {
          camera.stop();
          beep("error");
          show(banner, "error", T.camera_denied);
        }
      }
      video.hidden = !camera.running();
      toggle.setAttribute("aria-pressed", String(camera.running()));
      toggle.textContent = camera.running() ? T.camera_on : T.camera_off;
    });
    run.addEventListener("click", (event) => {
      const button = event.target.closest("button.act-delivered, button.act-returned");
      if (!button) return;
      setMode(button.classList.contains("act-delivered") ? "delivered" : "returned");
      handle(button.dataset.code);
    });
  }

  // The printable list.
  const printButton = document.getElementById("print");
  if (printButton) printButton.addEventListener("click", () => window.print());

  // The stocktake: a shelf sign starts a shelf; the reconciliation below refreshes after each scan.
  const stocktake = document.getElementById("stocktake");
  const countBox = stocktake && document.getElementById("scan");
  if (countBox) {
    const banner = document.getElementById("banner");
    const log = document.getElementById("scan-log");
    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
    }
    function verdictText(data, scan) {
      if (data.kind === "shelf") return fill(T.shelf, {shelf: data.shelf});
      const p = data.parcel || {};
      return fill(T[data.verdict], {label: p.label, pickup: p.pickup_code, shelf: p.shelf, scan,
                                    status: T.statuses[p.status] || p.status});
    }
    async function refresh() {
      const response = await fetch("/runs/stocktake/" + stocktake.dataset.id + "?fragment=1", {credentials: "same-origin"});
      if (response.ok) document.getElementById("result").innerHTML = await response.text();
    }
    window.stationScanInput.listen({onScan: (text) => { countBox.focus(); count(text); }});
    countBox.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const scan = countBox.value.trim().toUpperCase();
      countBox.value = "";
      if (scan) count(scan);
    });
    async function count(scan) {
      const {ok, data} = await post("/api/v1/stocktakes/" + stocktake.dataset.id + "/scans", {scan});
      const kind = !ok ? "error" : data.kind === "shelf" ? "idle" : data.verdict === "here" ? "ok" : "duplicate";
      beep(kind === "ok" || kind === "idle" ? "ok" : "error");
      const message = ok ? verdictText(data, scan) : (data.detail || "");
      show(banner, kind, message);
      if (ok) {
        document.getElementById("current-shelf").textContent = data.shelf;
        const li = document.createElement("li");
        li.className = "verdict-" + (data.verdict || "shelf");
        li.textContent = message;
        log.prepend(li);
        refresh();
      }
    }
  }
}());
