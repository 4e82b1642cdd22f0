"""Holding CPython's cyclic garbage collector off while a tree is read.

Reading a schema allocates a few objects per statement, per token and per
name, keeps nearly all of them and makes almost no reference cycles; the
allocations alone would trigger full collections that walk every live
object (the statements and events of the files read before), which cost as
much as the parsing itself on a large schema. The pipeline pauses the
collector for the whole read and restores the previous state afterwards.

Pausing does not stop objects from being tracked: the first collection
after the read would walk every one of them, and the next few again (on a
52,000-line dump, a tenth of a second of a cached check). A process that
keeps what it read until it exits (the CLI) can :func:`freeze_after_reads`:
everything alive when a read ends is then moved out of the collector's
sight (``gc.freeze``); it is still freed by reference counting, only
reference cycles among it would stay until the process ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class _Process:
    freeze = False


def freeze_after_reads(on: bool = True) -> None:
    """Freeze what is alive at the end of each read (the CLI asks for it)."""
    _Process.freeze = on


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; restore its previous state."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _Process.freeze:
            gc.freeze()
        if enabled:
            gc.enable()
