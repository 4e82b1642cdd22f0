"""A rule's validated options as plain read-only attributes, without pydantic.

The settings cache (:mod:`dbnamelint.runner.settingscache`) stores the
configured rules. Stored with their pydantic options models, reading them
back would import pydantic and build every model: about half of a one-file
``check``. A rule is therefore pickled with its options' field values in a
:class:`FrozenOptions` (:meth:`dbnamelint.rules.base.Rule.__getstate__`), and
a rule reads its options the same way from either: as attributes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any


class FrozenOptions:
    """Field name -> validated value of a rule's options model, as attributes.

    Iterating yields ``(name, value)`` pairs, as iterating a pydantic model
    does, and a ``FrozenOptions`` equals any options object that yields the
    same pairs, so two configurations compare alike whether their rules came
    from the cache or not (the gate's policy comparison).

    The values are the instance's own attributes (its ``__dict__``), so
    reading one is a plain attribute lookup: rules read their options for
    every object they judge (46,000 reads in a 13,000-line dump's check), and
    a ``__getattr__`` method on every read cost more than the rest of some rules.
    """

    def __init__(self, values: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        self.__dict__.update(dict(values))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"rule options are frozen: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"rule options are frozen: cannot delete {name!r}")

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.__dict__.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenOptions):
            return self.__dict__ == other.__dict__
        if not isinstance(other, Iterable) or isinstance(other, (str, bytes)):
            return NotImplemented
        try:
            pairs: dict[Any, Any] = dict(other)
        except (TypeError, ValueError):  # not (name, value) pairs
            return NotImplemented
        return self.__dict__ == pairs

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.__dict__)))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"FrozenOptions({fields})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenOptions, (dict(self.__dict__),))
