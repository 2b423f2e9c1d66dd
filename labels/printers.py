"""Where a label goes: a CUPS queue (`lp`, PDF on the label's exact media) or a label printer's
raw TCP port (ZPL, usually 9100). A printer is named by one string, as settings hold it:

    Zebra_GX420            a CUPS queue (also `cups:Zebra_GX420`)
    zpl://192.168.1.50     ZPL straight to the printer, port 9100
    zpl://192.168.1.50:6101
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from labels.printing import PrintError

RAW_PORT = 9100


@dataclass(frozen=True)
class Printer:
    kind: str  # "cups" | "zpl"
    target: str  # the CUPS queue, or the printer's host
    port: int = RAW_PORT

    @property
    def format(self) -> str:
        return "zpl" if self.kind == "zpl" else "pdf"


def parse_printer(spec: str) -> Printer:
    """ValueError with the accepted forms when `spec` is none of them."""
    spec = spec.strip()
    if spec.startswith("zpl://"):
        parts = urlsplit(spec)
        try:
            port = parts.port or RAW_PORT
        except ValueError:
            port = 0
        if not parts.hostname or not 0 < port < 65536 or parts.path not in ("", "/"):
            raise ValueError(f"{spec!r}: a label printer is zpl://HOST or zpl://HOST:PORT")
        return Printer("zpl", parts.hostname, port)
    queue = spec.removeprefix("cups:")
    if not queue or any(c.isspace() or c in "/#" for c in queue):
        raise ValueError(f"{spec!r}: a printer is a CUPS queue name (cups:NAME) or zpl://HOST[:PORT]")
    return Printer("cups", queue)


def send_raw(data: bytes, printer: Printer, *, timeout: float = 10.0) -> str:
    """Send ZPL to the printer's raw port; what it says is what a volunteer reads."""
    where = f"{printer.target}:{printer.port}"
    try:
        with socket.create_connection((printer.target, printer.port), timeout=timeout) as connection:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
    except TimeoutError:
        raise PrintError(f"label printer {where} did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise PrintError(f"cannot reach label printer {where}: {exc.strerror or exc}") from None
    return f"sent {len(data)} bytes to {where}"
