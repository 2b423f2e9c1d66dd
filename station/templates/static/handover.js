// Courier hand-over: scan continuously; a beep per item, the running count in huge digits.
"use strict";
(function () {
  const root = document.getElementById("handover");
  const scanBox = document.getElementById("scan");
  if (!root || !scanBox) return;
  const T = JSON.parse(document.getElementById("handover-text").textContent);
  const banner = document.getElementById("banner");
  const beep = (kind) => window.stationSound.beep(kind);
  scanBox.addEventListener("keydown", async (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const scan = scanBox.value.trim().toUpperCase();
    scanBox.value = "";
    if (!scan) return;
    const response = await fetch("/api/v1/handovers/" + root.dataset.id + "/scans", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({scan}),
    });
    const data = await response.json();
    if (!response.ok) {
      beep("error");
      banner.className = "banner error";
      banner.textContent = data.detail || response.statusText;
      return;
    }
    document.getElementById("count").textContent = data.count;
    const flagged = data.duplicate_in_batch || data.already_recorded;
    beep(flagged ? "duplicate" : "ok");
    banner.className = "banner " + (flagged ? "duplicate" : "ok");
    banner.textContent = (data.duplicate_in_batch ? T.twice : data.already_recorded ? T.before : T.counted)
      + " · " + (data.parcel.tracking_number || data.parcel.code);
    if (!data.duplicate_in_batch) {
      const tr = document.createElement("tr");
      for (const text of [data.count, data.parcel.tracking_number || data.parcel.code, data.parcel.pickup_code, "", ""]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      if (data.already_recorded) tr.className = "flag";
      document.getElementById("items").prepend(tr);
    }
  });
}());
