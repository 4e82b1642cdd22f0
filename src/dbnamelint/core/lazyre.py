"""Regular expressions compiled on first use.

A one-line ``check`` imports modules holding about 400 module-level
patterns and uses about a fifth of them; compiling the rest cost about
20 ms of a 0.2 s run (``re._compile``, measured on Python 3.11). A pattern
made here is compiled when one of its attributes is first asked for; from
then on its methods are the compiled pattern's own bound methods, kept in
the instance's ``__dict__``, so a call costs what ``PATTERN.match`` costs.

Only attribute access is supported: the value is not a ``re.Pattern``, so
``re.sub(PATTERN, ...)`` and ``isinstance(x, re.Pattern)`` need
``PATTERN.sub(...)`` or ``re.compile`` instead.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

#: What a compiled pattern offers (Python 3.10-3.13 ``re.Pattern``).
_ATTRIBUTES = (
    *("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer"),
    *("scanner", "pattern", "flags", "groups", "groupindex"),
)


class _LazyPattern:
    def __init__(self, pattern: Any, flags: int) -> None:  # str or bytes
        self._source: tuple[Any, int] = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for names not yet in __dict__
        if name.startswith("__") or name == "_source":
            raise AttributeError(name)
        pattern, flags = self._source
        compiled: re.Pattern[Any] = re.compile(pattern, flags)
        for attribute in _ATTRIBUTES:
            self.__dict__[attribute] = getattr(compiled, attribute)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled when first used (see the module).

    Raises ``re.error`` on first use, not here, for a bad pattern: module
    constants only, whose patterns the test suite compiles.
    """
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, int(flags)))
