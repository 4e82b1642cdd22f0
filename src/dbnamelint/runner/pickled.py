"""Pickles of dbnamelint's own values for the caches, read back by an
unpickler that builds only those.

The settings and whitelist caches (:mod:`.settingscache`,
:mod:`dbnamelint.whitelist.loading`) keep values that are dbnamelint's rules,
their options (as :class:`~dbnamelint.rules.frozenoptions.FrozenOptions`, not
pydantic models: reading an entry must not import pydantic), enums and
frozen msgspec Structs, with paths, dates and mapping proxies inside. An entry
lives in a cache folder that may sit in the project (``.dbnamelint_cache``),
so reading one must never run code it names: :func:`loads` imports no module outside dbnamelint and
returns only classes of those kinds, whose rebuilding from pickle's state
runs nothing of ours beyond ``__setstate__``.
"""

from __future__ import annotations

import copyreg
import io
import pickle
from types import MappingProxyType
from typing import Any


def _mapping_proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Rebuilds a ``MappingProxyType`` (pickle cannot name its class)."""
    return MappingProxyType(items)


def _reduce_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return (_mapping_proxy, (dict(proxy),))


#: Globals outside dbnamelint's classes an entry may name.
_PLAIN = frozenset(
    {
        ("pathlib", "PosixPath"),
        ("pathlib", "WindowsPath"),
        ("pathlib", "PurePosixPath"),
        ("pathlib", "PureWindowsPath"),
        ("datetime", "date"),
        (__name__, "_mapping_proxy"),
    }
)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _PLAIN:
            return super().find_class(module, name)
        if module == "dbnamelint" or module.startswith("dbnamelint."):
            found = super().find_class(module, name)
            if isinstance(found, type) and _allowed_type(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")


def _allowed_type(cls: type) -> bool:
    import dataclasses
    import enum

    from msgspec import Struct

    from dbnamelint.rules.base import Rule
    from dbnamelint.rules.frozenoptions import FrozenOptions

    return issubclass(cls, (Rule, FrozenOptions, enum.Enum, Struct)) or dataclasses.is_dataclass(
        cls
    )


def dumps(value: object) -> bytes:
    """``value`` pickled (mapping proxies as dicts); pickle's errors propagate.

    Raises ``ValueError`` when :func:`loads` would refuse the result (a value
    holding another package's class, such as a plugin's rule): such a value
    is not cached.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    pickler.dump(value)
    data = buffer.getvalue()
    try:
        loads(data)
    except pickle.UnpicklingError as exc:
        raise ValueError(str(exc)) from None
    return data


def loads(data: bytes) -> Any:
    """The value :func:`dumps` wrote; ``pickle.UnpicklingError`` (or another
    exception of pickle's) for anything else."""
    return _Unpickler(io.BytesIO(data)).load()
