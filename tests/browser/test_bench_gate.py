"""`station bench gate` drives the gate page like a scanner and prints its figures beside HTTP alone."""

from __future__ import annotations

import re

from click.testing import CliRunner

from station.cli import main
from tests.reliability.live_station import free_port


def test_the_gate_bench_times_the_page_and_the_http_calls_for_every_item():
    result = CliRunner().invoke(main, ["bench", "gate", "--items", "3", "--port", str(free_port())])
    assert result.exit_code == 0, result.output
    for step in ("burst Enter -> destination step shown", "category key -> slot shown, label image loaded",
                 "POST /api/v1/scan", "POST /api/v1/intake + GET label PNG"):
        assert re.search(re.escape(step) + r":\s+n=3 median=[\d.]+ ms p95=[\d.]+ ms p99=[\d.]+ ms", result.output), step
