"""A generic JSON webhook: POST {"subject", "body", "building", "dedupe_key", "kind"}.

"building" names what the message is about: "B10" for building 10, "G1" for grid G1,
"B1-4+7" for several buildings; null for reminders and tests.

The dedupe key is also sent as the Idempotency-Key header: it is the same on every attempt,
so a receiver that keeps the keys it has seen drops a repeat (after a worker crash the
message is sent again). With a secret, X-Station-Signature is "sha256=" + the hex
HMAC-SHA256 of the body keyed by the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from station.notify.channels.base import OutgoingMessage, post_json
from station.site import Channel

RESEND_SAFE = True


def payload(message: OutgoingMessage) -> dict:
    return {"subject": message.subject, "body": message.body, "building": message.scope,
            "dedupe_key": message.dedupe_key, "kind": message.kind}


def send(message: OutgoingMessage, config: Channel) -> None:
    data = payload(message)
    body = json.dumps(data, ensure_ascii=False).encode()
    headers = {"Idempotency-Key": message.dedupe_key}
    if config.secret:
        headers["X-Station-Signature"] = "sha256=" + hmac.new(config.secret.encode(), body,
                                                               hashlib.sha256).hexdigest()
    post_json(config.url or "", data, headers=headers, body=body)
