"""Holding CPython's cyclic garbage collector off while a tree is read.

Reading a schema allocates a few objects per statement, per token and per
name, keeps nearly all of them and makes almost no reference cycles; the
allocations alone would trigger full collections that walk every live
object (the statements and events of the files read before), which cost as
much as the parsing itself on a large schema. The pipeline pauses the
collector for the whole read and restores the previous state afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; restore its previous state."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
