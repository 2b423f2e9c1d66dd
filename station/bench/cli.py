"""`station bench`: the group of every benchmark, each defined in its module here."""

from __future__ import annotations

import click

from station.bench.accuracy import accuracy
from station.bench.burst import burst
from station.bench.check import check
from station.bench.floor_list import main as floor_list
from station.bench.frame_label import frame_to_label
from station.bench.gate import gate_bench
from station.bench.gate_pages import gate_pages
from station.bench.http import intake, lookup
from station.bench.libraries import decode_bench, labels_bench
from station.bench.notify import notify_bench
from station.bench.seed import seed
from station.bench.waybill import waybill_bench
from station.bench.workers import workers_bench


@click.group()
def bench() -> None:
    """Benchmarks: each prints figures and the machine it ran on."""


for _command in (accuracy, burst, check, decode_bench, floor_list, frame_to_label, gate_bench, gate_pages, intake,
                 labels_bench, lookup, notify_bench, seed, waybill_bench, workers_bench):
    bench.add_command(_command)
