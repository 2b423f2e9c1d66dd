"""The load client, run as its own process so the server's figures are not the client's.

python -m station.bench.load URL TOKEN MODE CONCURRENCY REQUESTS SEED [KEYS_FILE] -> one JSON
line: {"mode", "concurrency", "ok", "errors", "seconds", "latencies_ms": [...], "first_error"}.
KEYS_FILE holds JSON: {"gate", "destinations"} for intake, {"keys"} for lookups.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time

import httpx

def intake_body(rng: random.Random, index: int, seed: int, gate: str, destinations: list[str]) -> dict:
    """Express parcels to the roster's rooms: the building sections have room for thousands,
    where the meal and medicine zones would fill within one run of the benchmark."""
    return {"scan": f"SF{seed:04d}{index:09d}", "destination": rng.choice(destinations),
            "category": "express", "gate": gate}


async def run(url: str, token: str, mode: str, concurrency: int, requests: int, seed: int,
              data: dict) -> dict:
    rng = random.Random(seed)
    keys = data.get("keys", [])
    bodies = ([intake_body(rng, i, seed, data["gate"], data["destinations"]) for i in range(requests)]
              if mode == "intake" else [])
    latencies: list[float] = []
    errors = 0
    first_error = None
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(requests):
        queue.put_nowait(index)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"},
                                 limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal errors, first_error
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
                    first_error = first_error or f"{response.status_code} {response.text[:200]}"

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return {"mode": mode, "concurrency": concurrency, "ok": requests - errors, "errors": errors,
            "seconds": seconds, "latencies_ms": latencies, "first_error": first_error}


def main() -> None:
    url, token, mode, concurrency, requests, seed = sys.argv[1:7]
    data = json.loads(open(sys.argv[7], encoding="utf-8").read()) if len(sys.argv) > 7 else {}
    result = asyncio.run(run(url, token, mode, int(concurrency), int(requests), int(seed), data))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
