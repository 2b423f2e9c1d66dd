"""A worker that dies (SIGKILL) right after the channel accepted its first message.

It stands for a power cut or an OOM kill between "the chat app has it" and "the outbox says
sent": run as `python -m tests.notify.crashing_worker DB_URL`.
"""

import os
import signal
import sys

from station.db import Database, utcnow
from station.notify import worker
from station.siteconfig.service import current_site


def die(_claimed) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    db = Database(sys.argv[1])
    with db.read() as session:
        site = current_site(session)
    worker.deliver_due(db, site, utcnow(), after_send=die)
    sys.exit("the worker was meant to die after its first send")
