"""`station serve --workers N`: N processes answering on one listening socket (pre-fork).

The parent binds the socket, loads the code once (the children share its pages), then forks
the workers and only watches them: it starts a worker again when one dies, and on SIGTERM or
Ctrl+C stops them all. Each worker opens its own database connections after the fork; nothing
that decides who may act or what is free is kept in one worker's memory (see the README).
A worker dies with its parent (kill -9 of the parent leaves no worker serving).
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable

log = logging.getLogger("station.workers")

PR_SET_PDEATHSIG = 1
RESTART_PAUSE = 1.0  # seconds before a worker that died is started again
STOP_GRACE = 30.0  # seconds a worker has to finish its requests on SIGTERM


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def bind(host: str, port: int, *, wait: float = 5.0) -> socket.socket:
    """The listening socket; a port still held by workers of a killed station is waited for."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    deadline = time.monotonic() + wait
    while True:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            sock.close()
            if exc.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                raise
            time.sleep(0.1)
            continue
        sock.listen(2048)
        sock.set_inheritable(True)
        return sock


def _die_with_parent(parent: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the supervisor still stops its workers on SIGTERM
    if os.getppid() != parent:
        os._exit(1)


class Supervisor:
    """Forks `count` workers, each running `work(index, sock)`, and keeps them running."""

    def __init__(self, work: Callable[[int, socket.socket], None], sock: socket.socket, count: int) -> None:
        self.work, self.sock, self.count = work, sock, count
        self.children: dict[int, int] = {}  # pid -> worker index
        self.stopping = False

    def _fork(self, index: int) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _die_with_parent(parent)
                self.work(index, self.sock)
            except BaseException:  # noqa: BLE001 - a worker reports and exits, never returns to the parent's loop
                log.exception("worker %d stopped on an error", index)
                code = 1
            finally:
                logging.shutdown()
                os._exit(code)
        self.children[pid] = index
        log.info("worker %d started (pid %d)", index, pid)

    def _stop(self, *_signal: object) -> None:
        self.stopping = True
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def run(self) -> None:
        if threading.active_count() > 1:
            log.warning("threads were started before the workers were forked: they do not run in the workers")
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for index in range(self.count):
            self._fork(index)
        stop_deadline: float | None = None
        while self.children:
            if self.stopping and stop_deadline is None:
                stop_deadline = time.monotonic() + STOP_GRACE
            if stop_deadline is not None and time.monotonic() > stop_deadline:
                for pid in list(self.children):
                    os.kill(pid, signal.SIGKILL)
                stop_deadline = float("inf")
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                time.sleep(0.2)
                continue
            index = self.children.pop(pid, None)
            if index is None:
                continue
            if not self.stopping:
                log.warning("worker %d (pid %d) ended (%s); starting it again", index, pid, _how(status))
                time.sleep(RESTART_PAUSE)
                if not self.stopping:
                    self._fork(index)
        self.sock.close()


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"
