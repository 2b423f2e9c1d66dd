"""Each channel against a local server: the app's JSON shape, signing, and how failures read."""

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import quote_plus

import pytest

from station.notify.channels import ChannelError, OutgoingMessage, dingtalk, feishu, mail, webhook, wecom
from station.site import Channel
from tests.notify.servers import ChatServer, free_port

MESSAGE = OutgoingMessage(subject="10号楼 包裹动态 10:00", body="在站待送：快递 5 件\n配送中：快递 4 件",
                          dedupe_key="digest:b10:B10:2026-11-27T10:00", kind="digest", scope="B10")


def channel(kind, url, **extra):
    return Channel(code="c", kind=kind, buildings=("10",), url=url, **extra)


def test_wecom_posts_markdown_content(chat):
    wecom.send(MESSAGE, channel("wecom", chat.url + "/cgi-bin/webhook/send?key=abc"))
    [got] = chat.received
    assert (got.path, got.query) == ("/cgi-bin/webhook/send", {"key": "abc"})
    assert got.json == {"msgtype": "markdown", "markdown": {
        "content": "**10号楼 包裹动态 10:00**\n在站待送：快递 5 件\n配送中：快递 4 件"}}
    assert got.headers["content-type"].startswith("application/json")


def test_dingtalk_signs_with_timestamp_and_secret(chat):
    secret = "SEC0123456789abcdef"
    before = int(time.time() * 1000)
    dingtalk.send(MESSAGE, channel("dingtalk", chat.url + "/robot/send?access_token=tok", secret=secret))
    [got] = chat.received
    timestamp = int(got.query["timestamp"])
    assert before <= timestamp <= int(time.time() * 1000)
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert got.query["sign"] == expected and got.query["access_token"] == "tok"
    assert f"sign={quote_plus(expected)}" in got.path + "?" + _raw_query(got)
    assert got.json["msgtype"] == "markdown"
    assert got.json["markdown"]["title"] == MESSAGE.subject
    assert got.json["markdown"]["text"] == "#### 10号楼 包裹动态 10:00\n\n在站待送：快递 5 件  \n配送中：快递 4 件"


def _raw_query(got):
    return "&".join(f"{k}={quote_plus(v)}" for k, v in got.query.items())


def test_dingtalk_without_a_secret_is_not_signed(chat):
    dingtalk.send(MESSAGE, channel("dingtalk", chat.url + "/robot/send?access_token=tok"))
    assert chat.received[0].query == {"access_token": "tok"}


def test_feishu_signs_an_empty_message_keyed_by_timestamp_and_secret(chat):
    chat.ok_body = {"code": 0, "msg": "success", "data": {}}
    secret = "fs-secret"
    feishu.send(MESSAGE, channel("feishu", chat.url + "/open-apis/bot/v2/hook/abc", secret=secret))
    got = chat.received[0].json
    timestamp = int(got["timestamp"])
    assert abs(timestamp - time.time()) < 60
    expected = base64.b64encode(hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()).decode()
    assert got["sign"] == expected
    assert got["msg_type"] == "text"
    assert got["content"] == {"text": "10号楼 包裹动态 10:00\n在站待送：快递 5 件\n配送中：快递 4 件"}


def test_the_generic_webhook_carries_the_dedupe_key_and_a_body_signature(chat):
    webhook.send(MESSAGE, channel("webhook", chat.url + "/hook", secret="s3"))
    got = chat.received[0]
    assert got.json == {"subject": MESSAGE.subject, "body": MESSAGE.body, "building": "B10",
                        "dedupe_key": MESSAGE.dedupe_key, "kind": "digest"}
    assert got.headers["idempotency-key"] == MESSAGE.dedupe_key
    assert got.headers["x-station-signature"] == "sha256=" + hmac.new(b"s3", got.raw, hashlib.sha256).hexdigest()


def test_email_has_a_message_id_made_from_the_dedupe_key(smtp):
    config = Channel(code="lead", kind="email", role="coordinator", smtp_host="127.0.0.1", smtp_port=smtp.port,
                     smtp_from="station@gate.example", smtp_to=("lead@example.org", "b@example.org"))
    mail.send(MESSAGE, config)
    mail.send(MESSAGE, config)
    first, second = smtp.messages
    assert first["Subject"] == MESSAGE.subject
    assert first["To"] == "lead@example.org, b@example.org"
    assert first.get_content().replace("\r\n", "\n").strip() == MESSAGE.body
    assert first["Message-ID"] == second["Message-ID"] == mail.message_id(MESSAGE.dedupe_key, "station@gate.example")
    assert first["Message-ID"].endswith("@gate.example>")


def test_email_to_a_server_that_is_not_there_can_be_retried():
    config = Channel(code="lead", kind="email", role="coordinator", smtp_host="127.0.0.1", smtp_port=free_port(),
                     smtp_from="station@gate.example", smtp_to=("lead@example.org",))
    with pytest.raises(ChannelError) as caught:
        mail.send(MESSAGE, config)
    assert caught.value.retryable and not caught.value.maybe_delivered
    assert "cannot reach the mail server 127.0.0.1" in caught.value.reason


@pytest.mark.parametrize("answer, retryable, reason", [
    ((500, {}), True, "answered 500"),
    ((429, {}), True, "answered 429"),
    ((404, {}), False, "refused the message (404)"),
    ((200, {"errcode": 93000, "errmsg": "invalid webhook url"}), False, "WeCom refused the message: 93000 invalid webhook url"),
    ((200, {"errcode": 45009, "errmsg": "api freq out of limit"}), True, "WeCom is limiting how fast"),
])
def test_failures_say_why_and_whether_to_retry(chat, answer, retryable, reason):
    chat.answers.append(answer)
    with pytest.raises(ChannelError) as caught:
        wecom.send(MESSAGE, channel("wecom", chat.url + "/send?key=k"))
    assert caught.value.retryable is retryable
    assert caught.value.maybe_delivered is False
    assert reason in caught.value.reason


def test_a_server_that_is_down_can_be_retried():
    down = ChatServer()  # never started: connection refused
    with pytest.raises(ChannelError) as caught:
        wecom.send(MESSAGE, channel("wecom", down.url + "/send"))
    assert caught.value.retryable and not caught.value.maybe_delivered
    assert caught.value.reason.startswith(f"cannot reach 127.0.0.1:{down.port}")


def test_no_answer_in_time_may_have_arrived(chat, monkeypatch):
    from station.notify.channels import base

    monkeypatch.setattr(base, "TIMEOUT", base.httpx2.Timeout(0.2))
    chat.answers.append(1.0)
    with pytest.raises(ChannelError) as caught:
        feishu.send(MESSAGE, channel("feishu", chat.url + "/hook"))
    assert caught.value.maybe_delivered
    assert "no answer from" in caught.value.reason
    assert len(chat.received) == 1


def test_a_dingtalk_signature_the_app_refuses_is_not_retried(chat):
    chat.answers.append((200, {"errcode": 310000, "errmsg": "sign not match"}))
    with pytest.raises(ChannelError) as caught:
        dingtalk.send(MESSAGE, channel("dingtalk", chat.url + "/robot/send?access_token=t", secret="SECx"))
    assert not caught.value.retryable and "310000 sign not match" in caught.value.reason


def test_feishu_answers_with_code(chat):
    chat.answers.append((200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}))
    with pytest.raises(ChannelError) as caught:
        feishu.send(MESSAGE, channel("feishu", chat.url + "/hook", secret="x"))
    assert "Feishu refused the message: 19021" in caught.value.reason
    assert json.loads(chat.received[0].raw)["sign"]
