// Residents' pages work without this file; it only adds two conveniences:
// a camera "Scan" button where the browser can read barcodes itself (BarcodeDetector:
// no library is downloaded), and the print button on a household card.
(function () {
  "use strict";
  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
  var button = document.getElementById("scan");
  var input = document.getElementById("tracking");
  var video = document.getElementById("camera");
  if (!button || !input || !video || !("BarcodeDetector" in window) ||
      !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var stream = null;
  var timer = null;

  function stop() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
  }

  function start() {
    var detector = new window.BarcodeDetector();
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        return video.play();
      })
      .then(function () {
        var look = function () {
          if (!stream) { return; }
          detector.detect(video).then(function (codes) {
            var found = codes.map(function (c) { return c.rawValue; }).filter(Boolean)[0];
            if (found) {
              input.value = found;
              stop();
              input.focus();
            } else {
              timer = setTimeout(look, 250);
            }
          }, function () { timer = setTimeout(look, 500); });
        };
        look();
      })
      .catch(function () { stop(); button.hidden = true; });
  }

  button.hidden = false;
  button.addEventListener("click", function () { if (stream) { stop(); } else { start(); } });
  window.addEventListener("pagehide", stop);
}());
