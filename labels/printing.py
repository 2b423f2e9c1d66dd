"""Send a rendered file to a CUPS printer with `lp`. Rendering never prints; callers print
after their transaction has committed."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from labels.layout import layout_for


class PrintError(RuntimeError):
    pass


def media_for(size: str) -> str:
    """CUPS media for a label size key ("60x40" -> Custom.60x40mm) or "a4"."""
    if size.strip().lower() == "a4":
        return "A4"
    return layout_for(size).size.media


def print_file(document: bytes | str | Path, *, printer: str | None, size: str = "60x40",
               copies: int = 1, raw: bool = False, lp: str = "lp",
               run: Callable[..., subprocess.CompletedProcess[Any]] = subprocess.run) -> str:
    """Print `document` (bytes or a file path) on `printer`; returns what lp said (the job id).

    `raw=True` passes the bytes through untouched, as a Zebra queue wants ZPL.
    """
    if not printer:
        raise PrintError("no printer is configured for labels; set one or download the file instead")
    if copies < 1:
        raise PrintError(f"copies must be at least 1, not {copies}")
    lp_path = shutil.which(lp)
    if lp_path is None:
        raise PrintError(f"cannot print: the `{lp}` command is missing "
                         "(install the CUPS client, e.g. `apt-get install cups-client`)")
    try:
        media = media_for(size)
    except ValueError as exc:
        raise PrintError(str(exc)) from None
    command = [lp_path, "-d", printer, "-n", str(copies), "-o", f"media={media}"]
    if raw:
        command += ["-o", "raw"]
    data: bytes | None = None
    if isinstance(document, bytes):
        command.append("-")  # from stdin: no temporary file to leak
        data = document
    else:
        if not Path(document).is_file():
            raise PrintError(f"cannot print {document}: no such file")
        command.append(str(document))
    try:
        done = run(command, input=data, capture_output=True, timeout=30, check=False)
    except subprocess.TimeoutExpired:
        raise PrintError(f"printer {printer} did not accept the job within 30 s") from None
    except OSError as exc:
        raise PrintError(f"cannot run {lp_path}: {exc}") from None
    if done.returncode != 0:
        said = (done.stderr or b"").decode(errors="replace").strip() or f"exit status {done.returncode}"
        raise PrintError(f"printer {printer} refused the job: {said}")
    return (done.stdout or b"").decode(errors="replace").strip()
