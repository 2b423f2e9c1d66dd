"""The load client, run as its own process so the server's figures are not the client's.

python -m station.bench.load URL TOKEN MODE CONCURRENCY REQUESTS SEED  -> one JSON line:
{"mode", "concurrency", "ok", "errors", "seconds", "latencies_ms": [...]}
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time

import httpx

BUILDINGS_SMALL = [(b, 3 if b > 8 else 4) for b in range(1, 21)]


def intake_body(rng: random.Random, index: int, seed: int) -> dict:
    building = rng.randint(1, 20)
    units = 4 if building <= 8 else 3
    category = rng.choices(["express", "meal", "fresh", "medicine", "valuable", "bulky"],
                           weights=[55, 20, 12, 6, 2, 5])[0]
    room = f"{rng.randint(1, 6)}0{rng.randint(1, 2)}"
    return {"scan": f"SF{seed:03d}{index:010d}", "destination": f"{building}-{rng.randint(1, units)}-{room}",
            "category": category, "gate": "main"}


async def run(url: str, token: str, mode: str, concurrency: int, requests: int, seed: int,
              keys: list[str]) -> dict:
    rng = random.Random(seed)
    bodies = [intake_body(rng, i, seed) for i in range(requests)] if mode == "intake" else []
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(requests):
        queue.put_nowait(index)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"},
                                 limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                index = queue.get_nowait()
                started = time.perf_counter()
                if mode == "intake":
                    response = await client.post("/api/v1/intake", json=bodies[index],
                                                 headers={"Idempotency-Key": f"b{seed}-{index}"})
                elif mode == "lookup":
                    response = await client.get("/track", params={"q": keys[index % len(keys)]})
                elif mode == "parcel":
                    response = await client.get(f"/api/v1/parcels/{keys[index % len(keys)]}")
                else:
                    response = await client.get("/healthz")
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code >= 400:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return {"mode": mode, "concurrency": concurrency, "ok": requests - errors, "errors": errors,
            "seconds": seconds, "latencies_ms": latencies}


def main() -> None:
    url, token, mode, concurrency, requests, seed = sys.argv[1:7]
    keys = sys.argv[7].split(",") if len(sys.argv) > 7 and sys.argv[7] else []
    result = asyncio.run(run(url, token, mode, int(concurrency), int(requests), int(seed), keys))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
