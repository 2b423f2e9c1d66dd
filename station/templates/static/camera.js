// The webcam in the page: frames decoded by the vendored zxing-wasm (else, where the page allows
// it, on the station). A label stays in view for many frames; its code is offered once, and again
// only after it has been out of the frame for ABSENT_MS or another code came.
"use strict";
window.stationCamera = function (options) {
  const ABSENT_MS = 1500;
  const FORMATS = ["Code128", "QRCode", "Code39", "ITF", "EAN13", "DataMatrix", "PDF417"];
  const video = options.video;
  const canvas = document.createElement("canvas");
  let stream = null, timer = null, pageDecoder = null;
  let seen = {text: "", at: 0, taken: false};

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
    if (!video.videoWidth) return;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext("2d", {willReadFrequently: true});
    context.drawImage(video, 0, 0);
    let results = [];
    if (pageDecoder) results = await pageDecoder(context.getImageData(0, 0, canvas.width, canvas.height));
    else if (options.serverDecode) results = await serverDecode();
    const found = results.find((r) => r.isValid && r.text);
    if (!found) return;
    const text = found.text.trim().toUpperCase();
    const now = Date.now();
    if (text !== seen.text || now - seen.at > ABSENT_MS) seen = {text, at: now, taken: false};
    else seen.at = now;
    // onCode answers false when the page cannot take it now: it is offered again next frame.
    if (!seen.taken && options.onCode(text)) seen.taken = true;
  }

  /** Start the camera: "page" or "station" (where frames are decoded), null when it cannot read codes. */
  async function start() {
    stream = await navigator.mediaDevices.getUserMedia(
      {video: {width: {ideal: 1280}, height: {ideal: 720}, facingMode: "environment"}});
    pageDecoder = pageDecoder || await loadDecoder();
    video.srcObject = stream;
    await video.play();
    let busy = false;
    timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try { await grab(); } finally { busy = false; }
    }, 120);
    return pageDecoder ? "page" : options.serverDecode ? "station" : null;
  }
  /** The current frame as a JPEG blob (null when the camera is off): for reading the waybill. */
  async function frame() {
    if (!stream || !video.videoWidth) return null;
    const still = document.createElement("canvas");
    still.width = video.videoWidth;
    still.height = video.videoHeight;
    still.getContext("2d").drawImage(video, 0, 0);
    return await new Promise((resolve) => still.toBlob(resolve, "image/jpeg", 0.85));
  }
  function stop() {
    clearInterval(timer);
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
  }
  return {start, stop, frame, running: () => stream !== null};
};
