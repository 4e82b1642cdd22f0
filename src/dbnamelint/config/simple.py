"""Settings of a simple config file without pydantic: the shipped defaults
plus the file's plain keys (issue 12).

Most projects' configs (what ``dbnamelint init`` writes, the examples'
``paths``/``dialect``/``exclude``) change nothing about the rules: they
either leave ``extends`` out, giving every rule's default, or extend the
``recommended`` pack, which the shipped bundle (:mod:`config.bundled`)
already holds validated. Validating such a file with pydantic costs a
third of a ``check --pre-commit --no-cache`` run (importing pydantic and
building the models), for settings that are the bundle's with a few plain
fields replaced.

:func:`simple_settings` builds exactly those settings, and only when it
fully understands the file: every key is one of :data:`_PLAIN` with a value
of exactly the type pydantic would take unchanged (a list of strings, a
string, a boolean; ``null`` as "not set"), ``extends`` (if any) names
``recommended`` alone, and without ``extends`` the rules that are on by
default are the bundle's set. Anything else (an unknown key, a value
pydantic would coerce or refuse, a dialect that does not normalize, a TOML
config, a bundle miss) returns None and the caller validates as always,
so every error is still pydantic's located one.
``tests/test_simple_settings.py`` holds this to ``load_settings``.
Nothing here imports pydantic.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace

from dbnamelint.config.files import DEFAULT_WHITELIST, absolute, display_path, find_config

if TYPE_CHECKING:
    from dbnamelint.config.settings import Settings

#: Keys whose value is a list of strings, kept as a tuple.
_LISTS = ("paths", "exclude")
#: Keys whose value is a string.
_STRINGS = ("description", "dialect", "whitelist", "extends")
#: Keys whose value is a boolean.
_BOOLS = ("include_down_migrations",)
_PLAIN = frozenset((*_LISTS, *_STRINGS, *_BOOLS))
#: The one pack the bundle holds (``load.DEFAULT_EXTENDS``).
_PACK = "recommended"


def _understood(data: Any) -> dict[str, Any] | None:
    """The keys set (not null) when every key and value is one validation
    leaves as written, else None."""
    if not isinstance(data, dict):
        return None
    out: dict[str, Any] = {}
    for key, value in data.items():
        if type(key) is not str or key not in _PLAIN:
            return None
        if value is None:
            continue  # pydantic's default: the layer does not set it
        if key == "extends":
            if value not in (_PACK, [_PACK]):
                return None
        elif key in _LISTS:
            if type(value) is not list or any(type(item) is not str for item in value):
                return None
        elif key in _STRINGS:
            if type(value) is not str:
                return None
        elif type(value) is not bool:
            return None
        out[key] = value
    return out


def simple_settings(cwd: Path, config: Path | None = None) -> Settings | None:
    """The settings ``load_settings(cwd, config)`` gives, when the config
    file (``config``, else the one found from ``cwd``) is a simple one (see
    the module doc), else None.

    Never raises: a file that cannot be read is left to the caller, whose
    reading reports it.
    """
    from dbnamelint.config import bundled

    try:
        cwd = cwd.resolve()
        if config is not None:
            named = absolute(cwd / config)
            if not os.path.lexists(named):
                return None  # the caller's load reports it
            found: Path | None = named
        else:
            found = find_config(cwd)
        if found is None or found.suffix == ".toml":  # read as YAML otherwise, as layers do
            return None
        from dbnamelint.config.located import load_located_yaml

        # as load_file_doc reads it (config.layers imports pydantic's models)
        doc = load_located_yaml(found, display_path(found, cwd))
        values = _understood({} if doc.data is None else doc.data)
        if values is None:
            return None
        base = bundled.default_settings(cwd)
        if base is None:
            return None
        dialect = values.get("dialect")
        if dialect is not None:
            from dbnamelint.dialects import normalize_dialect

            dialect = normalize_dialect(dialect)  # ValueError: the caller reports it
        root = found.parent
        if "extends" in values:
            layers = (*base.layers[:-1], doc.path)  # the pack's, then this file
        else:
            # No pack: every rule that is on by default, with default options.
            on = {code for code, cls in base.registry.items() if cls.default_enabled}
            if on != {rule.code for rule, _ in base.rules}:
                return None
            layers = (doc.path,)
        whitelist = values.get("whitelist")
        return replace(
            base,
            config_path=found,
            root=root,
            paths=tuple(values.get("paths", ())),
            exclude=tuple(values.get("exclude", ())),
            dialect=dialect,
            whitelist_path=root / whitelist if whitelist is not None else root / DEFAULT_WHITELIST,
            include_down=bool(values.get("include_down_migrations", False)),
            layers=layers,
        )
    except Exception:  # anything unexpected: validate as always
        return None
