"""Channels: one small module per kind, each with `send(message, config) -> None` raising
ChannelError, and RESEND_SAFE (whether the receiver can drop a repeat of a message)."""

from __future__ import annotations

from types import ModuleType

from station.notify.channels import dingtalk, feishu, mail, webhook, wecom
from station.notify.channels.base import ChannelError, OutgoingMessage

KINDS: dict[str, ModuleType] = {
    "wecom": wecom,
    "dingtalk": dingtalk,
    "feishu": feishu,
    "webhook": webhook,
    "email": mail,
}


def module_for(kind: str) -> ModuleType:
    return KINDS[kind]


__all__ = ["KINDS", "ChannelError", "OutgoingMessage", "module_for"]
