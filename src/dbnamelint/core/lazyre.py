"""Regular expressions compiled on first use.

A one-line ``check`` imports modules holding about 400 module-level
patterns and uses about a fifth of them; compiling the rest cost about
20 ms of a 0.2 s run (``re._compile``, measured on Python 3.11). A pattern
made here is compiled when one of its methods is first called (or its
``pattern``, ``flags``, ``groups`` or ``groupindex`` read); from then on its
methods are the compiled pattern's own bound methods, kept in the
instance's ``__dict__``, so a call costs what ``PATTERN.match`` costs.

Only attribute access is supported: the value is not a ``re.Pattern``, so
``re.sub(PATTERN, ...)`` and ``isinstance(x, re.Pattern)`` need
``PATTERN.sub(...)`` or ``re.compile`` instead.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any, AnyStr, cast

#: A compiled pattern's methods (Python 3.10-3.13 ``re.Pattern``).
_METHODS = (
    *("match", "fullmatch", "search", "sub", "subn"),
    *("split", "findall", "finditer", "scanner"),
)


class _LazyPattern:
    def __init__(self, pattern: Any, flags: int) -> None:  # str or bytes
        self._source: tuple[Any, int] = (pattern, flags)
        # Each method a plain instance attribute: a stub that compiles on
        # first call, then gives way to the compiled pattern's own method. A
        # class ``__getattr__`` (how this was first written) sent every read,
        # ``PATTERN.match`` included, through CPython's slower hook for such
        # classes: about three times an instance attribute's cost.
        for name in _METHODS:
            setattr(self, name, partial(self._first_call, name))

    def _compiled(self) -> re.Pattern[Any]:
        compiled: re.Pattern[Any] = re.compile(*self._source)
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def _first_call(self, name: str, /, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._compiled(), name)(*args, **kwargs)

    # What is not a method: read from the compiled pattern (rarely read).
    @property
    def pattern(self) -> Any:
        return self._compiled().pattern

    @property
    def flags(self) -> int:
        return self._compiled().flags

    @property
    def groups(self) -> int:
        return self._compiled().groups

    @property
    def groupindex(self) -> Any:
        return self._compiled().groupindex

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled when first used (see the module).

    Raises ``re.error`` on first use, not here, for a bad pattern: module
    constants only, whose patterns the test suite compiles.
    """
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, int(flags)))
