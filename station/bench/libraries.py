"""`station bench labels` and `station bench decode`: the libraries' own benchmarks, by their station names."""

from __future__ import annotations

import click

PASS_THROUGH = {"ignore_unknown_options": True, "help_option_names": []}


@click.command("labels", context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def labels_bench(args: tuple[str, ...]) -> None:
    """Shelf label PNG/ZPL/PDF, a 1,000-label sheet, a 400-line floor list (python -m labels.bench)."""
    from labels.bench import main

    main(list(args))


@click.command("decode", context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def decode_bench(args: tuple[str, ...]) -> None:
    """Every decoder over real photos and degraded labels, and a 1280x720 frame (python -m scanner.bench)."""
    from scanner.bench import main

    raise SystemExit(main(list(args)))
