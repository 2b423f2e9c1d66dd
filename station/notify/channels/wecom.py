"""WeCom (企业微信) group robot: POST {"msgtype": "markdown", "markdown": {"content": ...}}.

The robot's address carries its key; WeCom does not sign requests. Markdown content is at most
4096 bytes; a robot may post 20 messages a minute (errcode 45009 when over).
"""

from __future__ import annotations

from station.notify.channels.base import OutgoingMessage, check_robot_answer, post_json
from station.site import Channel

RESEND_SAFE = False  # a group cannot drop a duplicate


def payload(message: OutgoingMessage) -> dict:
    return {"msgtype": "markdown", "markdown": {"content": f"**{message.subject}**\n{message.body}"}}


def send(message: OutgoingMessage, config: Channel) -> None:
    response = post_json(config.url or "", payload(message))
    check_robot_answer(response, "WeCom", "errcode", rate_limited={45009})
