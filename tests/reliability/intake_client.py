"""A gate's scanner as a separate process: POST each job to /api/v1/intake, log every answer.

    python intake_client.py BASE_URL TOKEN JOBS_FILE ANSWERS_FILE

JOBS_FILE holds one JSON object a line: tracking, key (the Idempotency-Key), destination,
category. Each answer is appended to ANSWERS_FILE as one JSON line and flushed before the next
request, so whatever a crash leaves in the file was really answered. The first lost
connection (the server was killed) ends the client: what it did not log was not answered.
Standard library only, so that eight of them start fast.
"""

from __future__ import annotations

import http.client
import json
import sys
from urllib.parse import urlsplit


def main(base_url: str, token: str, jobs_file: str, answers_file: str) -> int:
    address = urlsplit(base_url)
    jobs = [json.loads(line) for line in open(jobs_file, encoding="utf-8") if line.strip()]
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    with open(answers_file, "a", encoding="utf-8") as answers:
        for job in jobs:
            body = json.dumps({"scan": job["tracking"], "destination": job["destination"],
                               "category": job["category"], "gate": "main"})
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                       "Idempotency-Key": job["key"]}
            try:
                connection.request("POST", "/api/v1/intake", body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as exc:
                print(f"lost the station at {job['tracking']}: {exc!r}", file=sys.stderr)
                return 0
            try:
                answer = json.loads(payload)
            except ValueError:
                answer = {"detail": payload[:200].decode("utf-8", "replace")}
            parcel = answer.get("parcel") or {}
            answers.write(json.dumps({
                "tracking": job["tracking"], "status": response.status, "code": parcel.get("code"),
                "replayed": bool(answer.get("replayed")), "duplicate": answer.get("duplicate"),
                "detail": answer.get("detail"),
            }) + "\n")
            answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
