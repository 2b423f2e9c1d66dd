// The disinfection batch: a USB scanner types a code and Enter into the scan box; each code is
// added to the list with what the station knows of it. Submitting posts the same form a browser
// without scripts posts (one code per line), so the server does all the recording.
(function () {
  "use strict";
  var form = document.getElementById("batch");
  var data = document.getElementById("disinfect-text");
  if (!form || !data) return;
  var text = JSON.parse(data.textContent);
  var scan = document.getElementById("scan");
  var codes = document.getElementById("codes");
  var list = document.getElementById("batch-list");
  var status = document.getElementById("batch-status");
  var count = document.getElementById("batch-count");
  var keys = [];

  function say(message, bad) {
    status.textContent = message;
    status.classList.toggle("bad", !!bad);
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function cell(tr, index, value, className) {
    var td = tr.children[index];
    td.textContent = "";
    if (className) {
      var span = document.createElement("span");
      span.className = className;
      span.textContent = value;
      td.appendChild(span);
    } else {
      td.textContent = value;
    }
  }

  function sync() {
    codes.value = keys.join("\n");
    count.textContent = format(text.count, { count: keys.length });
    keep(false);
  }

  // The batch is kept in the browser until the station has answered it (its result page), so a
  // dropped connection or a reload loses nothing. While the station does not answer, a recorded
  // batch waits here and is sent as soon as it does; the station records no item twice.
  var STORE = "station-disinfect-batch";
  var BACKOFF = [1000, 2000, 4000, 8000, 15000];
  var outboxBanner = document.getElementById("outbox-banner");
  var tries = 0;
  var retryTimer = null;

  // A recorded batch carries one Idempotency-Key from its first send to its answer, also over a
  // reload, so a send whose answer was lost is answered again without recording anything twice.
  var batchKey = null;
  function keep(submitted) {
    var chosen = form.querySelector("input[name=method]:checked");
    if (!submitted) batchKey = null;
    else if (!batchKey) batchKey = window.stationOutbox.newKey();
    form.elements.key.value = batchKey || "";
    localStorage.setItem(STORE, JSON.stringify({ keys: keys, method: chosen ? chosen.value : null,
                                                 gate: form.elements.gate.value, submitted: submitted,
                                                 key: batchKey }));
  }
  function kept() {
    try { return JSON.parse(localStorage.getItem(STORE)); } catch (e) { return null; }
  }
  function send() {
    clearTimeout(retryTimer);
    fetch("/healthz", { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        HTMLFormElement.prototype.submit.call(form);
      })
      .catch(function () {
        window.stationSound.beep("error");
        outboxBanner.hidden = false;
        outboxBanner.textContent = format(text.kept, { count: keys.length });
        retryTimer = setTimeout(send, BACKOFF[Math.min(tries++, BACKOFF.length - 1)]);
      });
  }
  window.addEventListener("online", function () {
    var saved = kept();
    if (saved && saved.submitted) send();
  });

  function rowOf(key) {
    return list.querySelector('tr[data-key="' + CSS.escape(key) + '"]');
  }

  function removeButton(tr) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "remove";
    button.textContent = "×";
    button.setAttribute("aria-label", text.remove + " " + tr.dataset.key);
    button.addEventListener("click", function () {
      keys = keys.filter(function (k) { return k !== tr.dataset.key; });
      tr.remove();
      sync();
      say(text.removed + ": " + tr.dataset.key);
      scan.focus();
    });
    tr.lastElementChild.appendChild(button);
  }

  function fill(tr, line) {
    tr.classList.remove("pending");
    if (line.code) tr.dataset.code = line.code;
    tr.classList.toggle("ready", !!line.ready);
    tr.classList.toggle("flagged", !line.ready);
    cell(tr, 0, line.tracking_number || line.key);
    cell(tr, 1, line.destination || (line.known ? "—" : ""));
    cell(tr, 2, line.category ? (text.names.categories[line.category] || line.category) : "");
    if (!line.known) {
      cell(tr, 3, text.unknown, "flag");
    } else {
      var word = text.names.statuses[line.status] || line.status;
      cell(tr, 3, word, line.ready ? null : "flag");
    }
  }

  function newRow(key) {
    var tr = document.createElement("tr");
    tr.dataset.key = key;
    tr.className = "pending";
    for (var i = 0; i < 5; i++) tr.appendChild(document.createElement("td"));
    tr.children[0].textContent = key;
    tr.children[3].textContent = text.checking;
    removeButton(tr);
    list.insertBefore(tr, list.firstChild);
    return tr;
  }

  function add(key, line) {
    var existing = rowOf(key);
    if (existing) {
      existing.classList.add("flash");
      setTimeout(function () { existing.classList.remove("flash"); }, 800);
      say(key + ": " + text.already, true);
      return false;
    }
    keys.push(key);
    var tr = newRow(key);
    sync();
    if (line) {
      fill(tr, line);
      return true;
    }
    say(text.added + ": " + key);
    fetch("/api/v1/disinfect/check?code=" + encodeURIComponent(key),
          { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) {
          fill(tr, response.ok ? body : { key: key, known: false });
          if (!response.ok) say(key + ": " + (body.detail || text.unknown), true);
        });
      })
      .catch(function () { cell(tr, 3, text.not_checked, "flag"); });
    return true;
  }

  // Scripts are on: the scan box replaces the textarea.
  document.getElementById("scanrow").hidden = false;
  codes.hidden = true;
  document.getElementById("codes-label").hidden = true;
  Array.prototype.forEach.call(list.querySelectorAll("tr[data-key]"), function (tr) {
    keys.push(tr.dataset.key);
    removeButton(tr);
  });
  var saved = kept();
  if (document.querySelector(".outcome")) {
    saved = null;  // the station answered the last batch
  } else if (saved && saved.keys && saved.keys.length && !keys.length) {
    saved.keys.forEach(function (key) { add(key); });
    var method = saved.method && form.querySelector('input[name=method][value="' + CSS.escape(saved.method) + '"]');
    if (method) method.checked = true;
    if (saved.gate) form.elements.gate.value = saved.gate;
  }
  sync();
  if (saved && saved.submitted && keys.length) { batchKey = saved.key || null; keep(true); send(); }
  scan.focus();

  window.stationScanInput.listen({ onScan: function (key) { add(key); scan.focus(); } });
  scan.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      var key = scan.value.trim().toUpperCase();
      scan.value = "";
      if (key) add(key);
      if (event.ctrlKey) form.requestSubmit();
    } else if (event.key === "Escape") {
      scan.value = "";
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.ctrlKey && event.target !== scan) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  // The scan box keeps the focus unless the volunteer moved it to another control on purpose.
  scan.addEventListener("blur", function () {
    setTimeout(function () {
      if (!document.activeElement || document.activeElement === document.body) scan.focus();
    }, 0);
  });
  Array.prototype.forEach.call(form.querySelectorAll("input[name=method]"), function (radio) {
    radio.addEventListener("click", function (event) { if (event.detail > 0) scan.focus(); });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var pending = scan.value.trim().toUpperCase();
    if (pending) { add(pending); scan.value = ""; }
    sync();
    if (!keys.length) {
      say(text.empty, true);
      scan.focus();
      return;
    }
    keep(true);
    send();
  });

  // "All items received since HH:MM" adds to the list instead of starting a new page.
  var sinceForm = document.getElementById("since-form");
  sinceForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams(new FormData(sinceForm));
    fetch("/api/v1/disinfect/since?" + params.toString(),
          { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { say(body.detail, true); return; }
          var added = 0;
          body.items.forEach(function (line) {
            var known = list.querySelector('tr[data-code="' + CSS.escape(line.code) + '"]');
            if (!known && !rowOf(line.key) && add(line.key, line)) added++;
          });
          say(format(text.since_added, { count: added, since: params.get("since") }));
        });
      })
      .catch(function () { sinceForm.submit(); })
      .then(function () { scan.focus(); });
  });

  // Dwell times: refreshed from the station every 20 seconds.
  var dwellList = document.getElementById("dwell-list");
  function clock(iso) {
    return new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: text.timezone });
  }
  function refreshDwell() {
    fetch("/api/v1/dwell", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) return;
        var rows = document.createDocumentFragment();
        body.items.forEach(function (item) {
          var tr = document.createElement("tr");
          [item.pickup_code, item.destination || "—", clock(item.dwell_until),
           format(text.minutes, { minutes: item.minutes_left })].forEach(function (value, index) {
            var td = document.createElement("td");
            if (index === 0) {
              var code = document.createElement("code");
              code.textContent = value;
              td.appendChild(code);
            } else {
              td.textContent = value;
            }
            tr.appendChild(td);
          });
          rows.appendChild(tr);
        });
        if (!body.items.length) {
          var tr = document.createElement("tr");
          tr.className = "empty";
          var td = document.createElement("td");
          td.colSpan = 4;
          td.className = "muted";
          td.textContent = text.no_dwell;
          tr.appendChild(td);
          rows.appendChild(tr);
        }
        dwellList.replaceChildren(rows);
      })
      .catch(function () {});
  }
  setInterval(refreshDwell, 20000);
})();
