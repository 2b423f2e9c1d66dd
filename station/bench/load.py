"""The load client, run as its own process so the server's figures are not the client's.

python -m station.bench.load URL TOKEN MODE CONCURRENCY REQUESTS SEED [KEYS_FILE] -> one JSON
line: {"mode", "concurrency", "ok", "errors", "seconds", "latencies_ms": [...], "first_error"}.
KEYS_FILE holds JSON: {"gate", "rooms_by_building"} for intake and its floors, {"keys"} for
lookups (a tracking number for `lookup`, [room, phone tail] for `room`), and for `burst` also
{"within"}: REQUESTS phones each open /track (the digest's link) at a random moment within that
many seconds, on a connection of their own, then look up their room; CONCURRENCY is not used,
and the answer adds the page's latencies ("open_ms") and the most phones waiting at once.

Each connection speaks plain HTTP/1.1 with keep-alive over asyncio streams: a general-purpose
client costs more CPU per request than /healthz costs the server, and would measure itself.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from urllib.parse import urlencode, urlsplit


# Intake, and intake's request without intake's work (station.bench.floor): the same bodies.
POSTS = {"intake": "/api/v1/intake", "no-write": "/api/v1/bench/no-write",
         "one-row": "/api/v1/bench/one-row"}


def intake_body(rng: random.Random, index: int, seed: int, gate: str,
                rooms_by_building: list[list[str]]) -> dict:
    """Express parcels to the roster's rooms, the buildings in turn: each building's section
    (80 slots in the demo) and the shared overflow then hold a level of thousands of intakes,
    where rooms drawn at random would fill the largest buildings' sections first, and the meal
    and medicine zones would fill within one level."""
    rooms = rooms_by_building[index % len(rooms_by_building)]
    return {"scan": f"SF{seed:04d}{index:09d}", "destination": rng.choice(rooms),
            "category": "express", "gate": gate}


class Connection:
    """One keep-alive HTTP/1.1 connection; enough of the protocol for the station's answers."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.auth = f"Authorization: Bearer {token}\r\n" if token else ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, target: str, body: bytes = b"",
                      headers: str = "") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        extra = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n" if method == "POST" else ""
        self.writer.write(f"{method} {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.auth}"
                          f"{extra}{headers}\r\n".encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in fields:
            payload = await self.reader.readexactly(int(fields["content-length"]))
        else:
            payload = await self._chunked()
        if fields.get("connection", "").lower() == "close":
            self.writer.close()
            self.writer = None
        return status, payload

    async def _chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            parts.append(await self.reader.readexactly(size + 2))
            if size == 0:
                return b"".join(parts)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def run(url: str, token: str, mode: str, concurrency: int, requests: int, seed: int,
              data: dict) -> dict:
    rng = random.Random(seed)
    keys = data.get("keys", [])
    bodies = ([json.dumps(intake_body(rng, i, seed, data["gate"], data["rooms_by_building"])).encode()
               for i in range(requests)] if mode in POSTS else [])
    latencies: list[float] = []
    errors = 0
    first_error = None
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(requests):
        queue.put_nowait(index)
    address = urlsplit(url)

    async def worker() -> None:
        nonlocal errors, first_error
        connection = Connection(address.hostname or "127.0.0.1", address.port or 80, token)
        try:
            while not queue.empty():
                index = queue.get_nowait()
                started = time.perf_counter()
                if mode in POSTS:
                    status, payload = await connection.request(
                        "POST", POSTS[mode], bodies[index], f"Idempotency-Key: {mode}-{seed}-{index}\r\n")
                elif mode == "lookup":
                    status, payload = await connection.request("GET", "/track?" + urlencode({"q": keys[index % len(keys)]}))
                elif mode == "room":
                    room, tail = keys[index % len(keys)]
                    status, payload = await connection.request("GET", "/track?" + urlencode({"room": room, "phone": tail}))
                elif mode == "parcel":
                    status, payload = await connection.request("GET", f"/api/v1/parcels/{keys[index % len(keys)]}")
                else:
                    status, payload = await connection.request("GET", "/healthz")
                latencies.append((time.perf_counter() - started) * 1000)
                if status >= 400:
                    errors += 1
                    first_error = first_error or f"{status} {payload[:200].decode('utf-8', 'replace')}"
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    return {"mode": mode, "concurrency": concurrency, "ok": requests - errors, "errors": errors,
            "seconds": seconds, "latencies_ms": latencies, "first_error": first_error}


async def burst(url: str, phones: int, seed: int, data: dict) -> dict:
    """A building's digest reaching its group chat: phones arrive at random within a window."""
    rng = random.Random(seed)
    keys, within = data["keys"], float(data["within"])
    starts = sorted(rng.uniform(0, within) for _ in range(phones))
    address = urlsplit(url)
    opened: list[float] = []
    looked_up: list[float] = []
    errors, waiting, most = 0, 0, 0
    first_error = None

    async def phone(index: int, start: float, began: float) -> None:
        nonlocal errors, waiting, most, first_error
        await asyncio.sleep(max(0.0, began + start - time.perf_counter()))
        room, tail = keys[index % len(keys)]
        connection = Connection(address.hostname or "127.0.0.1", address.port or 80, "")
        waiting += 1
        most = max(most, waiting)
        problem = None
        try:
            for target, into in (("/track", opened), ("/track?" + urlencode({"room": room, "phone": tail}), looked_up)):
                asked = time.perf_counter()
                status, payload = await connection.request("GET", target)
                into.append((time.perf_counter() - asked) * 1000)
                if status >= 400:
                    problem = problem or f"{status} {payload[:200].decode('utf-8', 'replace')}"
        except (OSError, asyncio.IncompleteReadError) as exc:
            problem = repr(exc)
        finally:
            if problem:
                errors += 1
                first_error = first_error or problem
            waiting -= 1
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(phone(n, start, began) for n, start in enumerate(starts)))
    return {"mode": "burst", "concurrency": most, "ok": phones - errors, "errors": errors,
            "seconds": time.perf_counter() - began, "latencies_ms": looked_up, "open_ms": opened,
            "first_error": first_error}


def main() -> None:
    url, token, mode, concurrency, requests, seed = sys.argv[1:7]
    data = json.loads(open(sys.argv[7], encoding="utf-8").read()) if len(sys.argv) > 7 else {}
    if mode == "burst":
        print(json.dumps(asyncio.run(burst(url, int(requests), int(seed), data))))
        return
    result = asyncio.run(run(url, token, mode, int(concurrency), int(requests), int(seed), data))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
