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
    """

    __slots__ = ("_values",)
    _values: dict[str, Any]

    def __init__(self, values: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"rule options are frozen: cannot set {name!r}")

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self._values.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenOptions):
            return self._values == other._values
        if not isinstance(other, Iterable) or isinstance(other, (str, bytes)):
            return NotImplemented
        try:
            pairs: dict[Any, Any] = dict(other)
        except (TypeError, ValueError):  # not (name, value) pairs
            return NotImplemented
        return self._values == pairs

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values)))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._values.items())
        return f"FrozenOptions({fields})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenOptions, (self._values,))
