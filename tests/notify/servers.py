"""Local stand-ins for a chat robot's webhook and a mail server, recording what arrives."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.raw)

    @property
    def text(self) -> str:
        """The message as a person in the group reads it, whatever the app's JSON shape."""
        data = self.json
        for path in (("markdown", "content"), ("markdown", "text"), ("content", "text"), ("body",)):
            value = data
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, str):
                head = data.get("subject", "")
                return f"{head}\n{value}" if head else value
        raise AssertionError(f"unknown message shape: {data}")


class ChatServer:
    """http.server on 127.0.0.1, answering what `answers` says (a status, JSON, or a delay).

    `answers` is consumed one per request; when it is empty every request gets 200 and
    `ok_body`. `down()` stops listening (connection refused) and `up()` listens again on the
    same port, as a chat app's outage and recovery look from the station.
    """

    def __init__(self, ok_body: dict | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.received: list[Received] = []
        self.answers: list[tuple[int, dict] | float] = []
        self.ok_body = ok_body if ok_body is not None else {"errcode": 0, "errmsg": "ok"}
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    def handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                parts = urlsplit(self.path)
                with server._lock:
                    server.received.append(Received(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()},
                                                    {k.lower(): v for k, v in self.headers.items()}, raw))
                    answer = server.answers.pop(0) if server.answers else (200, server.ok_body)
                if isinstance(answer, float):  # answer too late: the station's read times out
                    time.sleep(answer)
                    answer = (200, server.ok_body)
                status, body = answer
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *_args) -> None:
                pass

        return Handler

    def up(self) -> "ChatServer":
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def texts(self) -> list[str]:
        return [r.text for r in self.received]


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = _Mailbox()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list:
        return self.mailbox.messages

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.controller.stop()
