"""A progress bar on stderr while a long read runs on a terminal; silent otherwise.

A 510,000-line tree takes tens of seconds to read the first time; without a
sign of life a user cannot tell work from a hang. The bar is click's (already
a dependency), counts files, appears only once a read has run for
:data:`DELAY` seconds (short runs never flicker) and only when stderr is a
terminal, so pipes, CI logs and pre-commit output stay clean. Library
callers get no bar unless they :func:`enable` it; the CLI does.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: Seconds of reading before the bar is shown.
DELAY = 1.0


class _Process:
    enabled = False


def enable(on: bool = True) -> None:
    """Show the bar in this process's long reads (the CLI calls this)."""
    _Process.enabled = on


@contextmanager
def reading_progress(total: int, label: str = "reading") -> Iterator[Callable[[], None]]:
    """Yield ``advance()``, to be called once per file read out of ``total``."""
    # Around a recorded run (dbnamelint.runner.runcache) the bar goes to the real
    # stream: it is a sign of life, not output to replay.
    stream = getattr(sys.stderr, "unrecorded", sys.stderr)
    if not _Process.enabled or total < 2 or not stream.isatty():
        yield _nothing
        return
    start = time.monotonic()
    done = 0
    bar: Any = None

    def advance() -> None:
        nonlocal bar, done
        done += 1
        if bar is not None:
            bar.update(1)
        elif time.monotonic() - start >= DELAY:
            import click

            bar = click.progressbar(length=total, label=label, file=stream, show_pos=True)
            bar.__enter__()
            bar.update(done)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _nothing() -> None:
    return None
