// One scan input for every scan box: a USB scanner is a keyboard that types a burst of keys
// ending in Enter faster than any hand. Whatever has the focus, such a burst is a scan: it is
// rebuilt from each keydown's `key` (or its physical `code` while a Chinese input method turns
// keys into "Process"), never read from a field's value, and it never reaches the field or the
// page's own key handlers. Keys pressed on a button (the gate's category keys) are held for a
// moment so the first digit of a scan is not taken as a key; a lone key is then handed on.
"use strict";
window.stationScanInput = (function () {
  const GAP_MS = 35;       // median gap between a scanner's keys
  const BURST_MS = 120;    // longer than this since the last key: a new burst starts
  const STALL_MS = 400;    // ... unless the burst so far is at a scanner's pace (a busy browser stalls)
  const MIN_LENGTH = 4;
  const CODE_CHARS = {Minus: "-", Slash: "/", Period: ".", Space: " ", Equal: "=", Comma: ",",
                      Semicolon: ";", Quote: "'", BracketLeft: "[", BracketRight: "]", Backslash: "\\",
                      NumpadSubtract: "-", NumpadDivide: "/", NumpadDecimal: ".", NumpadAdd: "+",
                      NumpadMultiply: "*"};
  const LOOKS_LIKE_CODE = /^[A-Z0-9][A-Z0-9\-\/.:=+*_#]*$/;

  function charOf(event) {
    if (event.isComposing || event.key === "Process" || event.key === "Unidentified") {
      const code = event.code || "";
      if (/^Key[A-Z]$/.test(code)) return code.slice(3);
      if (/^(Digit|Numpad)[0-9]$/.test(code)) return code.slice(-1);
      return CODE_CHARS[code] || "";
    }
    return event.key && event.key.length === 1 ? event.key : "";
  }
  function isEnter(event) {
    return event.key === "Enter" || event.code === "Enter" || event.code === "NumpadEnter";
  }
  function isTextField(element) {
    if (!element) return false;
    if (element.tagName === "TEXTAREA" || element.isContentEditable) return true;
    return element.tagName === "INPUT" && /^(text|search|tel|url|email|password|number|)$/.test(element.type || "");
  }
  function scannerPaced(times, minLength) {
    if (times.length < (minLength || MIN_LENGTH)) return false;
    const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
    return gaps[Math.floor(gaps.length / 2)] < GAP_MS;
  }

  /**
   * listen({onScan, accept}): onScan(text, target) for every scanner burst on the page.
   * accept(text, target) may say a burst is not a scan (a room code scanned into the
   * destination field is that field's text); it then reaches the field as typed.
   */
  function listen(options) {
    const accept = options.accept || (() => true);
    let burst = null;  // {chars, times, target, value, start, end, held, tainted}
    let holdTimer = null;
    let replaying = false;

    function fresh(target) {
      const text = isTextField(target);
      return {chars: [], times: [], target, held: [], tainted: false,
              value: text ? target.value : null,
              start: text ? target.selectionStart : null, end: text ? target.selectionEnd : null};
    }
    function text() { return burst.chars.join("").trim().toUpperCase(); }
    // A burst continues through a stall of the browser: after three keys at a scanner's pace, or
    // after its first key or two typed into a field (a stall there used to leave a scan's first
    // character in the field and take the rest as another code). Whether it is a scan is still
    // decided at its Enter, by its pace over all its keys.
    function continues(b, now) {
      const since = now - b.times[b.times.length - 1];
      if (since <= BURST_MS) return true;
      if (since > STALL_MS) return false;
      return scannerPaced(b.times, 3) || (b.times.length < 3 && !b.held.length && b.value !== null);
    }
    function restoreField(b) {
      if (b.value === null) return;
      b.target.value = b.value;
      try { b.target.setSelectionRange(b.start, b.end); } catch (e) { /* not every input has a caret */ }
      b.target.dispatchEvent(new Event("input", {bubbles: true}));
    }
    function isScan(b, scanned) {
      return !b.tainted && scannerPaced(b.times) && LOOKS_LIKE_CODE.test(scanned) && accept(scanned, b.target);
    }
    function release(b) {
      // Held keys were not a scan: hand a lone key on as it was pressed; a garbled run is dropped.
      if (b.held.length === 1) {
        const e = b.held[0];
        replaying = true;
        try {
          b.target.dispatchEvent(new KeyboardEvent("keydown", {key: e.key, code: e.code, bubbles: true, cancelable: true}));
        } finally { replaying = false; }
      }
    }
    function flushHeld() {
      holdTimer = null;
      if (!burst || !burst.held.length) return;
      const b = burst;
      burst = null;
      const scanned = b.chars.join("").trim().toUpperCase();
      if (isScan(b, scanned)) options.onScan(scanned, b.target);
      else release(b);
    }

    window.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || replaying) return;
      const now = event.timeStamp || performance.now();
      if (isEnter(event)) {
        if (!burst || !burst.chars.length || !continues(burst, now)) {
          if (burst && burst.held.length) { clearTimeout(holdTimer); flushHeld(); }
          burst = null;
          return;
        }
        const b = burst;
        const scanned = text();
        burst = null;
        clearTimeout(holdTimer);
        if (!isScan(b, scanned)) {
          if (b.held.length) release(b);
          return;
        }
        event.preventDefault();
        event.stopImmediatePropagation();
        restoreField(b);
        options.onScan(scanned, b.target);
        return;
      }
      const ch = charOf(event);
      const target = document.activeElement || document.body;
      if (!ch || (ch === " " && !isTextField(target))) return;
      if (!burst || !continues(burst, now) || burst.target !== target) {
        if (burst && burst.held.length) { clearTimeout(holdTimer); flushHeld(); }
        burst = fresh(target);
      }
      burst.chars.push(ch);
      burst.times.push(now);
      if (!isTextField(target) && target.tagName !== "SELECT") {
        event.preventDefault();
        event.stopImmediatePropagation();
        burst.held.push({key: event.key, code: event.code});
        clearTimeout(holdTimer);
        holdTimer = setTimeout(flushHeld, scannerPaced(burst.times, 3) ? STALL_MS : BURST_MS);
      }
    }, true);
    // Text no key typed (a paste, an input method's commit) is a person's, never a scanner's.
    window.addEventListener("beforeinput", (event) => {
      if (burst && event.inputType === "insertText" && /[^\x20-\x7e]/.test(event.data || "")) burst.tainted = true;
      if (burst && event.inputType === "insertFromPaste") burst.tainted = true;
    }, true);
  }

  return {listen, charOf, isEnter, scannerPaced};
}());
