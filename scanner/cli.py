"""`station-scan`: decode photos, run the webcam loop, look after the offline queue."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Sequence
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from scanner.camera import Beeper, Debouncer, capture_frames, run_loop
from scanner.chain import default_chain
from scanner.client import Delivered, Rejected, SendResult, StationClient
from scanner.images import ImageError, load_image
from scanner.replay import ReplayReport, Sender, replay
from scanner.scan_queue import ScanQueue
from scanner.symbols import PARCEL_FORMATS, Symbol

TOKEN_ENV = "STATION_SCAN_TOKEN"


def default_queue_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "station-scan" / "queue.db"


def _formats(value: str) -> frozenset[str]:
    names = frozenset(v.strip().upper() for v in value.split(",") if v.strip())
    unknown = names - PARCEL_FORMATS
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown formats {', '.join(sorted(unknown)) or '(none)'}; choose from {', '.join(sorted(PARCEL_FORMATS))}"
        )
    return names


def _device(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _emit(stream: TextIO, obj: dict[str, Any]) -> None:
    stream.write(json.dumps(obj, ensure_ascii=False) + "\n")
    stream.flush()


# --- image -------------------------------------------------------------------------------------

def cmd_image(args: argparse.Namespace, out: TextIO) -> int:
    # A photo of a whole label: every symbol on it, not just the first kind found.
    chain = default_chain(args.formats, all_symbols=True)
    failed = 0
    for file in args.files:
        start = time.perf_counter()
        try:
            symbols = chain.decode_gray(load_image(Path(file)))
        except ImageError as exc:
            failed += 1
            _emit(out, {"file": file, "error": str(exc), "ms": round((time.perf_counter() - start) * 1000, 1)})
            continue
        _emit(out, {
            "file": file,
            "results": [s.to_dict(position=args.positions) for s in symbols],
            "ms": round((time.perf_counter() - start) * 1000, 1),
        })
    return 1 if failed else 0


# --- camera ------------------------------------------------------------------------------------

def _describe(result: SendResult) -> str:
    if isinstance(result, Delivered):
        p = result.parcel
        where = " ".join(f"{k} {p[k]}" for k in ("zone", "shelf", "slot") if p.get(k) not in (None, ""))
        pickup = f" pickup {p['pickup_code']}" if p.get("pickup_code") else ""
        dup = " (already received)" if result.duplicate else ""
        return f"sent -> {where or 'recorded'}{pickup}{dup}"
    if isinstance(result, Rejected):
        return f"REJECTED by the station: {result.detail}"
    return f"waiting: {result.error}"


def payload_for(symbol: Symbol, args: argparse.Namespace) -> dict[str, Any]:
    payload: dict[str, Any] = {"scan": symbol.text, "gate": args.gate}
    if args.category:
        payload["category"] = args.category
    return payload


def cmd_camera(args: argparse.Namespace, out: TextIO) -> int:
    if args.station and not args.gate:
        print("station-scan camera: --gate is required with --station", file=sys.stderr)
        return 2
    queue_path = args.queue or (default_queue_path() if args.station else None)
    lock = threading.Lock()

    def say(line: str) -> None:
        with lock:
            out.write(f"{datetime.now():%H:%M:%S} {line}\n")
            out.flush()

    queue = ScanQueue(queue_path) if queue_path else None
    sender: Sender | None = None
    if queue is not None and args.station:
        station, token, timeout = args.station, args.token, args.timeout

        def on_result(scan: Any, result: SendResult) -> None:
            # Failed attempts are summed up by on_wait, once per backoff.
            if isinstance(result, (Delivered, Rejected)):
                say(f"#{scan.id} {scan.payload.get('scan')} {_describe(result)}")

        def on_wait(report: ReplayReport, delay: float) -> None:
            say(f"station unreachable ({report.error}); {report.waiting} scan(s) kept, retry in {delay:.0f} s")

        sender = Sender(
            queue_path, lambda: StationClient(station, token=token, timeout=timeout),
            on_result=on_result, on_wait=on_wait,
        ).start()
    beeper = Beeper(sound=not args.no_sound)
    chain = default_chain(args.formats)

    def on_scan(symbol: Symbol) -> None:
        beeper.beep()
        if queue is None:
            say(f"{symbol.format} {symbol.text}")
            return
        scan = queue.enqueue(payload_for(symbol, args))
        say(f"{symbol.format} {symbol.text} queued #{scan.id}")
        if sender:
            sender.wake()

    try:
        # closing(): release the camera now, also on Ctrl-C, not whenever the generator is collected.
        with closing(capture_frames(args.device, max_frames=args.max_frames)) as frames:
            run_loop(frames, chain=chain, on_scan=on_scan, debouncer=Debouncer(args.debounce),
                     budget_ms=args.budget_ms)
    except OSError as exc:
        print(f"station-scan camera: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        beeper.close()
        if sender:
            sender.wake()
            sender.wait_idle(timeout=args.timeout)
            sender.stop(timeout=args.timeout)
        if queue is not None:
            left = queue.counts()["queued"]
            if left:
                say(f"{left} scan(s) waiting in {queue_path}: sent at the next start with --station,"
                    " or by `station-scan queue replay`")
            queue.close()
    return 0


# --- queue -------------------------------------------------------------------------------------

def cmd_queue(args: argparse.Namespace, out: TextIO) -> int:
    path = args.queue or default_queue_path()
    with ScanQueue(path) as queue:
        if args.action == "status":
            _emit(out, {"queue": str(path), **queue.counts()})
        elif args.action == "list":
            for scan in queue.all(state=args.state):
                _emit(out, {
                    "id": scan.id, "state": scan.state, "scan": scan.payload.get("scan"),
                    "created_at": scan.created_at, "attempts": scan.attempts, "last_error": scan.last_error,
                })
        elif args.action == "requeue-rejected":
            _emit(out, {"requeued": queue.requeue_rejected()})
        elif args.action == "replay":
            if not args.station:
                print("station-scan queue replay: --station is required", file=sys.stderr)
                return 2
            with StationClient(args.station, token=args.token, timeout=args.timeout) as client:
                report = replay(queue, client)
            _emit(out, {
                "sent": report.sent, "rejected": report.rejected, "queued": report.waiting, "error": report.error,
            })
            return 0 if report.error is None else 3
    return 0


# --- parser ------------------------------------------------------------------------------------

def _station_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--station", help="station base URL, e.g. http://192.168.1.10:8000")
    p.add_argument("--token", default=os.environ.get(TOKEN_ENV), help=f"API token (default: ${TOKEN_ENV})")
    p.add_argument("--queue", type=Path, help=f"queue file (default: {default_queue_path()})")
    p.add_argument("--timeout", type=float, default=5.0, help="HTTP timeout in seconds")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="station-scan", description="Decode barcode photos, run the webcam loop, look after the offline scan queue."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    formats_help = f"symbologies to read, comma-separated (default: all of {','.join(sorted(PARCEL_FORMATS))})"

    p = sub.add_parser("image", help="decode image files; one JSON line per file")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--formats", type=_formats, default=PARCEL_FORMATS, help=formats_help)
    p.add_argument("--positions", action="store_true", help="include each symbol's corners")
    p.set_defaults(func=cmd_image)

    p = sub.add_parser("camera", help="scan from a webcam (or a video file) and post to the station")
    p.add_argument("--device", type=_device, default=0, help="camera index or video file/URL (default 0)")
    _station_options(p)
    p.add_argument("--gate", help="gate id sent with each scan")
    p.add_argument("--category", help="category sent with each scan")
    p.add_argument("--formats", type=_formats, default=PARCEL_FORMATS, help=formats_help)
    p.add_argument("--debounce", type=float, default=3.0, help="seconds before the same code counts again")
    p.add_argument("--budget-ms", type=float, default=60.0, help="time per frame for the fallback decoders")
    p.add_argument("--no-sound", action="store_true", help="terminal bell only, no aplay")
    p.add_argument("--max-frames", type=int, help="stop after this many frames")
    p.set_defaults(func=cmd_camera)

    p = sub.add_parser("queue", help="show, replay or requeue the offline scan queue")
    p.add_argument("action", choices=["status", "list", "replay", "requeue-rejected"])
    p.add_argument("--state", choices=["queued", "sent", "rejected"], help="list only this state")
    _station_options(p)
    p.set_defaults(func=cmd_queue)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args, out or sys.stdout))


if __name__ == "__main__":
    raise SystemExit(main())
