// Courier hand-over: scan continuously; a beep per item, the running count in huge digits.
"use strict";
(function () {
  const root = document.getElementById("handover");
  const scanBox = document.getElementById("scan");
  if (!root || !scanBox) return;
  const T = JSON.parse(document.getElementById("handover-text").textContent);
  const banner = document.getElementById("banner");
  const beep = (kind) => window.stationSound.beep(kind);
  window.stationScanInput.listen({onScan: (text) => { scanBox.focus(); count(text); }});
  scanBox.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const scan = scanBox.value.trim().toUpperCase();
    scanBox.value = "";
    if (scan) count(scan);
  });
  const outbox = window.stationOutbox("handover-" + root.dataset.id, {
    banner: document.getElementById("outbox-banner"), text: T.outbox_waiting,
    onAck: (item, data) => counted(data), onRefused: (item, data) => refused(data),
  });
  async function count(scan) {
    const url = "/api/v1/handovers/" + root.dataset.id + "/scans";
    const answer = await outbox.send(url, {scan}, window.stationOutbox.newKey());
    if (!answer.answered) {
      banner.className = "banner error";
      banner.textContent = T.queued + " · " + scan;
    } else if (answer.status >= 300) refused(answer.data);
    else counted(answer.data);
  }
  function refused(data) {
    beep("error");
    banner.className = "banner error";
    banner.textContent = data.detail || T.error;
  }
  function counted(data) {
    document.getElementById("count").textContent = data.count;
    const flagged = data.duplicate_in_batch || data.already_recorded;
    beep(flagged ? "duplicate" : "ok");
    banner.className = "banner " + (flagged ? "duplicate" : "ok");
    banner.textContent = (data.duplicate_in_batch ? T.twice : data.already_recorded ? T.before : T.counted)
      + " · " + (data.parcel.tracking_number || data.parcel.code);
    if (!data.duplicate_in_batch) {
      const tr = document.createElement("tr");
      const waits = !data.already_recorded && data.parcel.zone === T.unres ? T.waits : "";
      for (const text of [data.count, data.parcel.tracking_number || data.parcel.code, data.parcel.pickup_code, "", waits]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      if (data.already_recorded) tr.className = "flag";
      document.getElementById("items").prepend(tr);
    }
  }
}());
