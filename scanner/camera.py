"""The webcam loop: frames in, new codes out, without knowing where frames come from.

`run_loop` takes any iterable of frames (a camera, a video file through cv2.VideoCapture, a
list in a test), decodes each, drops a code seen again within the debounce window, and hands
every new code to a callback. Sound and capture are small pieces around it.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

import cv2
import numpy as np

from scanner.chain import DecoderChain
from scanner.symbols import Symbol


class Debouncer:
    """Remembers when each code was last seen; a code is new after `window` quiet seconds.

    Every sighting restarts the window, so a label held in front of the camera is one scan.
    """

    def __init__(self, window: float = 3.0) -> None:
        self.window = window
        self._last_seen: dict[tuple[str, str], float] = {}

    def is_new(self, symbol: Symbol, now: float) -> bool:
        key = (symbol.format, symbol.text)
        last = self._last_seen.get(key)
        self._last_seen[key] = now
        if len(self._last_seen) > 256:
            self._last_seen = {k: t for k, t in self._last_seen.items() if now - t <= self.window}
        return last is None or now - last > self.window


def beep_wav(*, freq: float = 1760.0, ms: int = 90, rate: int = 16000) -> bytes:
    """A short sine beep as WAV bytes, faded in and out so it does not click."""
    n = int(rate * ms / 1000)
    t = np.arange(n) / rate
    envelope = np.minimum(1.0, np.minimum(t, t[::-1]) * 200)
    samples = (0.4 * 32767 * envelope * np.sin(2 * math.pi * freq * t)).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return buf.getvalue()


class Beeper:
    """Terminal bell and, when `aplay` exists, a short tone. Never raises: no sound is fine."""

    def __init__(self, *, bell: bool = True, sound: bool = True, stream: TextIO | None = None) -> None:
        self.bell = bell
        self.stream = stream if stream is not None else sys.stderr
        self._aplay = shutil.which("aplay") if sound else None
        self._wav = beep_wav() if self._aplay else b""
        self._player: subprocess.Popen[bytes] | None = None

    def beep(self) -> None:
        if self.bell:
            try:
                self.stream.write("\a")
                self.stream.flush()
            except (OSError, ValueError):
                pass
        if not self._aplay:
            return
        if self._player is not None and self._player.poll() is None:
            return  # still playing the last one
        try:
            self._player = subprocess.Popen(
                [self._aplay, "-q", "-"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            assert self._player.stdin is not None
            self._player.stdin.write(self._wav)
            self._player.stdin.close()
        except (OSError, ValueError):
            # No sound card, no permission, aplay gone: the bell and the printed line remain.
            self._aplay = None

    def close(self) -> None:
        if self._player is not None:
            try:
                self._player.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self._player.kill()
                self._player.wait()


def capture_frames(
    source: int | str,
    *,
    width: int = 1280,
    height: int = 720,
    stop: threading.Event | None = None,
    max_frames: int | None = None,
) -> Iterator[np.ndarray]:
    """Frames from a camera index or a video file/URL; ends when the source does."""
    cap = cv2.VideoCapture(source)
    if not cap.isOpened():
        raise OSError(f"cannot open video source {source!r}")
    try:
        if isinstance(source, int):
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
            # Decoding is slower than 30 fps at times: read the newest frame, not a stale one.
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        count = 0
        while not (stop and stop.is_set()) and (max_frames is None or count < max_frames):
            ok, frame = cap.read()
            if not ok:
                break
            count += 1
            yield frame
    finally:
        cap.release()


def run_loop(
    frames: Iterable[np.ndarray],
    *,
    chain: DecoderChain,
    on_scan: Callable[[Symbol], None],
    debouncer: Debouncer | None = None,
    budget_ms: float | None = 60.0,
    clock: Callable[[], float] = time.monotonic,
    stop: threading.Event | None = None,
) -> int:
    """Decode every frame and call `on_scan` once per new code; returns how many were new.

    The budget stops the slow fallbacks on frames with nothing in them (most frames), so the
    loop keeps up with the camera.
    """
    debouncer = debouncer or Debouncer()
    new = 0
    for frame in frames:
        if stop and stop.is_set():
            break
        for symbol in chain.decode(frame, budget_ms=budget_ms):
            if debouncer.is_new(symbol, clock()):
                new += 1
                on_scan(symbol)
    return new
