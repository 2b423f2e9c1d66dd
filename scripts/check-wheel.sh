#!/usr/bin/env bash
# The wheel serves every page: built from this checkout, installed into a clean virtual
# environment outside it, `station init` and `station serve` run from an empty folder, and the
# pages and assets a gate needs fetched from it. CI runs it (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
python=${PYTHON:-python3}
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$root"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --require-hashes -r "$root/requirements.lock"
"$work/venv/bin/pip" install --quiet --no-deps "$work"/dist/*.whl

mkdir "$work/empty"
cd "$work/empty"
"$work/venv/bin/station" --version
"$work/venv/bin/station" init --demo small >/dev/null
port=$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$work/venv/bin/station" serve --port "$port" --log-level warning &
server=$!

"$work/venv/bin/python" - "$port" <<'PY'
import sys
import time
import urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"
deadline = time.monotonic() + 60
while True:
    try:
        urllib.request.urlopen(base + "/readyz", timeout=2)
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("the installed station did not become ready within 60 s")
        time.sleep(0.3)
wanted = {
    "/login": "text/html",
    "/track": "text/html",
    "/api/v1/docs": "text/html",
    "/static/station.css": "text/css",
    "/static/gate.js": "javascript",
    "/static/vendor/zxing-wasm/zxing-reader.iife.js": "javascript",
    "/static/vendor/zxing-wasm/zxing_reader.wasm": "application/wasm",
    "/static/vendor/swagger-ui/swagger-ui-bundle.js": "javascript",
}
for path, kind in wanted.items():
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        body, media = answer.read(), answer.headers["content-type"]
    if answer.status != 200 or kind not in media or not body:
        sys.exit(f"{path}: {answer.status} {media} ({len(body)} bytes)")
    print(f"ok {path} ({media}, {len(body)} bytes)")
PY
echo "the installed wheel serves every page"
