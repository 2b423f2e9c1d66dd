"""A photo to a waybill reading, and the gate's turn at the OCR engine.

OCR costs most of a core for a few hundred milliseconds, so it runs in a thread of its own
(never on the event loop, never in the thread pool intake uses) at a lower CPU priority than
the rest of the server, so that intake, which a volunteer waits for, goes first on a busy
machine; one frame at a time per gate.
A frame that waited while a newer one from the same gate arrived is dropped unread: the
volunteer has moved on to the newer item.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import anyio
import numpy as np

from scanner import ocr
from station.recognize.match import Directory
from station.recognize.waybill import WaybillReading, read_waybill, recipient_focus

NICENESS = 10  # the OCR thread's priority below the server's other threads (Linux: per thread)


def _lower_priority() -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
    except (AttributeError, OSError):  # not Linux, or not allowed: run at the usual priority
        pass


def read_image(image: np.ndarray, directory: Directory, compound: str | None,
               reader: ocr.Engine | None = None) -> dict[str, Any]:
    """The reading of one photo as the CLI and the API give it, with the milliseconds it took; its
    reason as said, for the API to put in the asker's language and the CLI in English."""
    started = time.perf_counter()
    lines = ocr.read_lines(image, reader=reader, focus=recipient_focus)
    reading: WaybillReading = read_waybill(lines, directory, compound=compound)
    return {**reading.as_json(), "reason": reading.reason, "ms": round((time.perf_counter() - started) * 1000, 1)}


@dataclass
class _Gate:
    lock: anyio.Lock = field(default_factory=anyio.Lock)
    latest: int = 0


class GateTurns:
    """One OCR at a time per gate and in all (one thread), newest frame first, stale ones dropped."""

    def __init__(self) -> None:
        self._gates: dict[str, _Gate] = {}
        self._guard = threading.Lock()
        self._thread: ThreadPoolExecutor | None = None

    def _gate(self, gate: str) -> _Gate:
        with self._guard:
            return self._gates.setdefault(gate, _Gate())

    async def run(self, gate: str, work: Any, *args: Any) -> Any | None:
        """`work(*args)` in the OCR thread, or None when a newer frame from `gate` came meanwhile."""
        with self._guard:
            if self._thread is None:
                self._thread = ThreadPoolExecutor(1, thread_name_prefix="waybill-ocr", initializer=_lower_priority)
        state = self._gate(gate)
        state.latest += 1
        ticket = state.latest
        async with state.lock:
            if ticket != state.latest:
                return None
            return await asyncio.get_running_loop().run_in_executor(self._thread, work, *args)
