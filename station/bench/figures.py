"""Summaries of timings, and the machine they were measured on, for every `station bench`.

labels/bench.py and scanner/bench.py keep small ones of their own: those packages stand alone,
importing nothing of station/ nor of each other.
"""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values_ms: Sequence[float]) -> str:
    return (f"n={len(values_ms)} median={statistics.median(values_ms):.1f} ms "
            f"p95={percentile(values_ms, 95):.1f} ms p99={percentile(values_ms, 99):.1f} ms "
            f"max={max(values_ms):.1f} ms")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
