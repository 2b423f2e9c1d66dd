// The gate's sounds, the same on every page: a high beep for done, two for "already
// recorded", a low buzz for refused. Without a sound device the colours still say it.
"use strict";
window.stationSound = (function () {
  let audio = null;
  const TONES = {ok: [[880, 0.12]], duplicate: [[660, 0.1], [660, 0.1]], error: [[220, 0.45]]};
  return {
    beep(kind) {
      try {
        audio = audio || new AudioContext();
        let at = audio.currentTime;
        for (const [freq, length] of TONES[kind] || TONES.ok) {
          const osc = audio.createOscillator(), gain = audio.createGain();
          osc.type = kind === "error" ? "square" : "sine";
          osc.frequency.value = freq;
          gain.gain.value = 0.2;
          osc.connect(gain).connect(audio.destination);
          osc.start(at);
          osc.stop(at + length);
          at += length + 0.08;
        }
      } catch (e) { /* no sound device */ }
    },
  };
}());
