// The page's outbox: every record the page sends (an intake, a hand-over scan) is kept in
// localStorage with its Idempotency-Key until the station answers it, so a dropped Wi-Fi or a
// restarting station loses nothing, not even across a reload. Unanswered sends are retried with
// backoff; the station answers a retry with the same key exactly once. An answer of any kind
// (recorded, or refused with a reason) takes the item out; no answer, a 5xx, 401, 408 or 429
// keeps it.
"use strict";
window.stationOutbox = function (name, options) {
  const STORE = "station-outbox:" + name;
  const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];
  const banner = options.banner;
  let timer = null, pumping = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || []; } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(STORE, JSON.stringify(items)); }
  function update(key, change) {
    const items = load();
    const item = items.find((i) => i.key === key);
    if (item) change(item);
    save(items);
  }
  function remove(key) { save(load().filter((i) => i.key !== key)); }

  let shownCount = 0;
  function showCount() {
    const count = load().length;
    if (banner) {
      banner.hidden = count === 0;
      banner.textContent = options.text.replace("{count}", count);
    }
    const before = shownCount;
    shownCount = count;
    if (options.onChange) options.onChange(count, before);
  }

  // One attempt: {answered: true, status, data} or {answered: false}.
  async function attempt(item) {
    let response;
    try {
      response = await fetch(item.url, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": item.key},
        body: JSON.stringify(item.body),
      });
    } catch (e) { return {answered: false}; }
    if (response.status >= 500 || [401, 408, 429].includes(response.status)) {
      return {answered: false, status: response.status};
    }
    let data = {};
    try { data = await response.json(); } catch (e) { data = {detail: response.statusText}; }
    return {answered: true, status: response.status, data};
  }
  function failed(item) {
    update(item.key, (i) => {
      i.tries = (i.tries || 0) + 1;
      i.due = Date.now() + BACKOFF_MS[Math.min(i.tries, BACKOFF_MS.length) - 1];
    });
    window.stationSound.beep("error");
    showCount();
    schedule();
  }
  function schedule() {
    clearTimeout(timer);
    const items = load();
    if (!items.length) return;
    const next = Math.min(...items.map((i) => i.due || 0));
    timer = setTimeout(pump, Math.max(0, next - Date.now()));
  }

  async function pump(now) {
    if (pumping) return;
    pumping = true;
    try {
      for (const item of load()) {
        if (!now && (item.due || 0) > Date.now()) continue;
        if (item.sending) continue;
        const answer = await attempt(item);
        if (!answer.answered) { failed(item); if (answer.status === 401) break; continue; }
        remove(item.key);
        showCount();
        if (answer.status < 300) options.onAck && options.onAck(item, answer.data);
        else options.onRefused && options.onRefused(item, answer.data);
      }
    } finally {
      pumping = false;
      schedule();
    }
  }

  /** Keep one record and try it at once: {answered, status, data}; unanswered, it stays queued. */
  async function send(url, body, key, meta) {
    const item = {key, url, body, meta: meta || {}, tries: 0, due: 0, sending: true};
    save(load().filter((i) => i.key !== key).concat([item]));
    const answer = await attempt(item);
    if (!answer.answered) {
      update(key, (i) => { delete i.sending; });
      failed(item);
      return answer;
    }
    remove(key);
    showCount();
    return answer;
  }

  // Whatever an earlier page left unsent goes now; "sending" marks from a closed page are stale.
  save(load().map((i) => { delete i.sending; return i; }));
  window.addEventListener("online", () => pump(true));
  showCount();
  pump(true);
  /** Take back a record not yet being sent; false when it is gone or on its way. */
  function discard(key) {
    const item = load().find((i) => i.key === key);
    if (!item || item.sending || pumping) return false;
    remove(key);
    showCount();
    return true;
  }
  return {send, discard, count: () => load().length, pending: load};
};

/** A fresh Idempotency-Key; crypto.randomUUID needs a secure origin, getRandomValues does not. */
window.stationOutbox.newKey = function () {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
};
