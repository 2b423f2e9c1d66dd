"""Feishu / Lark (飞书) custom bot: POST {"msg_type": "text", "content": {"text": ...}}.

With 签名校验, the JSON also carries "timestamp" (seconds) and "sign": HMAC-SHA256 keyed by
"<timestamp>\\n<secret>" over an empty message, base64. The bot answers {"code": 0} when posted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from station.notify.channels.base import OutgoingMessage, check_robot_answer, post_json
from station.site import Channel

RESEND_SAFE = False


def sign(secret: str, timestamp: int) -> str:
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def payload(message: OutgoingMessage, secret: str | None, timestamp: int) -> dict:
    data: dict = {"msg_type": "text", "content": {"text": f"{message.subject}\n{message.body}"}}
    if secret:
        data = {"timestamp": str(timestamp), "sign": sign(secret, timestamp), **data}
    return data


def send(message: OutgoingMessage, config: Channel) -> None:
    response = post_json(config.url or "", payload(message, config.secret, int(time.time())))
    check_robot_answer(response, "Feishu", "code", "StatusCode", rate_limited={11232})
