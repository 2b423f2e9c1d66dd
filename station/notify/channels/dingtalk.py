"""DingTalk (钉钉) custom robot: POST {"msgtype": "markdown", "markdown": {"title", "text"}}.

With 加签 (a secret starting SEC...), the address gets &timestamp=<ms>&sign=<s>, where s is
HMAC-SHA256 keyed by the secret over "<timestamp>\\n<secret>", base64, then url-encoded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

from station.notify.channels.base import OutgoingMessage, check_robot_answer, post_json
from station.site import Channel

RESEND_SAFE = False


def sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def signed_url(url: str, secret: str | None, timestamp_ms: int) -> str:
    if not secret:
        return url
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={sign(secret, timestamp_ms)}"


def payload(message: OutgoingMessage) -> dict:
    # Markdown joins single newlines; two trailing spaces keep each line on its own.
    text = "  \n".join(message.body.split("\n"))
    return {"msgtype": "markdown", "markdown": {"title": message.subject,
                                                "text": f"#### {message.subject}\n\n{text}"}}


def send(message: OutgoingMessage, config: Channel) -> None:
    url = signed_url(config.url or "", config.secret, int(time.time() * 1000))
    response = post_json(url, payload(message))
    check_robot_answer(response, "DingTalk", "errcode", rate_limited={130101})
