"""Project configuration: find it, read it with positions, merge its layers, build Settings.

One module per job (as ruff keeps ``ruff_workspace`` apart from the linter):

* :mod:`~dbnamelint.config.files` finds the config file (cheap: no pydantic);
* :mod:`~dbnamelint.config.yamlsafe` reads untrusted YAML, bounded;
* :mod:`~dbnamelint.config.located` parses YAML/TOML keeping each key's line;
* :mod:`~dbnamelint.config.model` validates one layer (pydantic), located errors;
* :mod:`~dbnamelint.config.layers` follows ``extends`` (packs and files);
* :mod:`~dbnamelint.config.selectors` expands rule selectors to codes;
* :mod:`~dbnamelint.config.merge` merges the layers' settings and rules;
* :mod:`~dbnamelint.config.settings` holds the result, :class:`Settings`;
* :mod:`~dbnamelint.config.load` ties them together in :func:`load_settings`.

The names below are re-exported lazily (PEP 562), so importing
:mod:`dbnamelint.config.files` to look for a config stays as cheap as it
was: pydantic and the rules load only when a name that needs them is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dbnamelint.config.errors import (
        ConfigError,
        KeyPath,
    )
    from dbnamelint.config.files import DEFAULT_WHITELIST
    from dbnamelint.config.layers import (
        MAX_EXTENDS_DEPTH,
    )
    from dbnamelint.config.load import (
        DEFAULT_EXTENDS,
        DEFAULT_MODULE_PATTERN,
        load_settings,
    )
    from dbnamelint.config.located import (
        LocatedDocument,
        load_located_yaml,
        load_pyproject,
        parse_located_yaml,
        read_text,
    )
    from dbnamelint.config.merge import (
        diagnostic_selectors,
    )
    from dbnamelint.config.model import (
        ConfigModel,
        ModuleModel,
        PerPathModel,
        RuleSettingModel,
        best_error,
        validate_layer,
        validation_error,
    )
    from dbnamelint.config.selectors import (
        RuleRegistry,
        expand_selector,
    )
    from dbnamelint.config.settings import (
        PerPathSettings,
        Settings,
        drop_per_path_ignored,
    )

#: Where each re-exported name lives.
_HOMES = {
    "ConfigError": "errors",
    "KeyPath": "errors",
    "LocatedDocument": "located",
    "load_located_yaml": "located",
    "load_pyproject": "located",
    "parse_located_yaml": "located",
    "read_text": "located",
    "ConfigModel": "model",
    "ModuleModel": "model",
    "PerPathModel": "model",
    "RuleSettingModel": "model",
    "best_error": "model",
    "validate_layer": "model",
    "validation_error": "model",
    "MAX_EXTENDS_DEPTH": "layers",
    "RuleRegistry": "selectors",
    "expand_selector": "selectors",
    "PerPathSettings": "settings",
    "Settings": "settings",
    "drop_per_path_ignored": "settings",
    "diagnostic_selectors": "merge",
    "DEFAULT_EXTENDS": "load",
    "DEFAULT_MODULE_PATTERN": "load",
    "DEFAULT_WHITELIST": "files",
    "load_settings": "load",
}

__all__ = [
    "DEFAULT_EXTENDS",
    "DEFAULT_MODULE_PATTERN",
    "DEFAULT_WHITELIST",
    "MAX_EXTENDS_DEPTH",
    "ConfigError",
    "ConfigModel",
    "KeyPath",
    "LocatedDocument",
    "ModuleModel",
    "PerPathModel",
    "PerPathSettings",
    "RuleRegistry",
    "RuleSettingModel",
    "Settings",
    "best_error",
    "diagnostic_selectors",
    "drop_per_path_ignored",
    "expand_selector",
    "load_located_yaml",
    "load_pyproject",
    "load_settings",
    "parse_located_yaml",
    "read_text",
    "validate_layer",
    "validation_error",
]


def __getattr__(name: str) -> object:
    """Import a re-exported name from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
