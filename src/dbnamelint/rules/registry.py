"""Finding every rule: built-ins, entry-point plugins and a project's local modules.

Rules are identified by code and by name in configs, whitelists and inline
suppressions, so two rules sharing either would make those ambiguous; the
registry refuses to load such a set instead of letting one silently win.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import inspect
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, NoReturn

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.rules.base import Rule
from dbnamelint.rules.builtin import BUILTIN_MODULES
from dbnamelint.rules.plugin_scan import may_declare

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

ENTRY_POINT_GROUP = "dbnamelint.rules"
_CODE = lazy_compile(r"[A-Z]{2,}[0-9]{3,}")
_NAME = lazy_compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class RuleLoadError(Exception):
    """A rule source could not be loaded or clashes with another rule."""


class UnknownRuleError(LookupError):
    """A code or name that no loaded rule has; carries close matches."""

    def __init__(self, key: str, suggestions: Sequence[str]) -> None:
        self.key = key
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown rule {key!r}{hint}")


def rules_in_module(module: ModuleType) -> tuple[type[Rule], ...]:
    """The concrete rule classes a module defines (not ones it imports)."""
    found = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, Rule)
        and obj.__module__ == module.__name__
        and "code" in _declared(obj)
    ]
    return tuple(sorted(found, key=lambda cls: cls.code))


def _declared(cls: type[Rule]) -> set[str]:
    """Class attributes declared on ``cls`` or a base below :class:`Rule`."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is Rule:
            break
        names.update(vars(klass))
    return names


def _describe(cls: type[Rule]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _validate(cls: type[Rule], origin: str) -> None:
    code = getattr(cls, "code", None)
    name = getattr(cls, "name", None)
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise RuleLoadError(
            f"{origin}: rule {_describe(cls)} has code {code!r}; expected e.g. 'DBN101'"
        )
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise RuleLoadError(
            f"{origin}: rule {_describe(cls)} has name {name!r}; expected kebab-case"
        )


def entry_points(group: str) -> tuple[EntryPoint, ...]:
    """``importlib.metadata.entry_points(group=group)``, imported only when an
    installed distribution may declare the group (:mod:`.plugin_scan`)."""
    if not may_declare(group):
        return ()
    from importlib.metadata import entry_points as declared

    return tuple(declared(group=group))


def _from_entry_points() -> Iterator[tuple[str, type[Rule]]]:
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        origin = f"entry point {ep.name!r} ({ep.value})"
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin must not crash the CLI
            raise RuleLoadError(f"{origin}: cannot load: {exc}") from exc
        if inspect.isclass(loaded) and issubclass(loaded, Rule):
            yield origin, loaded
        elif isinstance(loaded, ModuleType):
            for cls in rules_in_module(loaded):
                yield origin, cls
        else:
            raise RuleLoadError(f"{origin}: is neither a Rule subclass nor a module")


def _load_local(spec: str, root: Path | None) -> ModuleType:
    """Import a dotted module (searched from ``root`` first) or a .py file."""
    base = root if root is not None else Path.cwd()
    if spec.endswith(".py") or "/" in spec or "\\" in spec:
        path = (base / spec).resolve()
        if not path.is_file():
            raise RuleLoadError(f"local rule module {spec!r}: no file {path}")
        mod_name = f"dbnamelint_local_rules.{path.stem}"
        file_spec = importlib.util.spec_from_file_location(mod_name, path)
        if file_spec is None or file_spec.loader is None:
            raise RuleLoadError(f"local rule module {spec!r}: cannot import {path}")
        module = importlib.util.module_from_spec(file_spec)
        try:
            with _no_exit():
                file_spec.loader.exec_module(module)
        except Exception as exc:
            raise RuleLoadError(f"local rule module {spec!r}: {exc}") from exc
        return module
    added = str(base.resolve())
    sys.path.insert(0, added)
    try:
        with _no_exit():
            return importlib.import_module(spec)
    except Exception as exc:
        raise RuleLoadError(f"local rule module {spec!r}: {exc}") from exc
    finally:
        if added in sys.path:
            sys.path.remove(added)


class _ExitAttempt(Exception):
    pass


@contextmanager
def _no_exit() -> Iterator[None]:
    """Importing a rule module must not end the run: ``sys.exit`` (SystemExit)
    or ``os._exit`` there would leave a gate run's exit code to the module
    (``os._exit(0)``: a silent pass, trial s36 lemmy F2). Either is a load
    error of the module instead (exit 2)."""
    real = os._exit

    def refuse(status: int) -> NoReturn:
        raise _ExitAttempt(f"os._exit({status}) while being imported")

    os._exit = refuse
    try:
        yield
    except SystemExit as exc:
        raise _ExitAttempt(f"sys.exit({exc.code!r}) while being imported") from None
    finally:
        os._exit = real


def _collect(sources: Iterable[tuple[str, type[Rule]]]) -> Mapping[str, type[Rule]]:
    by_code: dict[str, tuple[str, type[Rule]]] = {}
    by_name: dict[str, tuple[str, type[Rule]]] = {}
    for origin, cls in sources:
        _validate(cls, origin)
        for key, table in ((cls.code, by_code), (cls.name, by_name)):
            if key in table and table[key][1] is not cls:
                other_origin, other = table[key]
                raise RuleLoadError(
                    f"rule {'code' if table is by_code else 'name'} {key!r} is defined twice: "
                    f"{_describe(other)} ({other_origin}) and {_describe(cls)} ({origin})"
                )
            table[key] = (origin, cls)
    return MappingProxyType({code: by_code[code][1] for code in sorted(by_code)})


def discover_rules(
    local_modules: Sequence[str] = (), root: Path | None = None
) -> Mapping[str, type[Rule]]:
    """Every available rule class keyed by code.

    Built-ins come first, then entry points of group ``dbnamelint.rules``
    (each a Rule subclass or a module of them), then ``local_modules`` (dotted
    names or ``.py`` paths relative to ``root``).
    """

    def sources() -> Iterator[tuple[str, type[Rule]]]:
        for name in BUILTIN_MODULES:
            for cls in rules_in_module(importlib.import_module(name)):
                yield f"built-in {name}", cls
        yield from _from_entry_points()
        for spec in local_modules:
            for cls in rules_in_module(_load_local(spec, root)):
                yield f"local module {spec!r}", cls

    return _collect(sources())


def resolve_rule(key: str, rules: Mapping[str, type[Rule]]) -> type[Rule]:
    """The rule a config key names: a code (any case) or a kebab-case name."""
    wanted = key.strip()
    if wanted.upper() in rules:
        return rules[wanted.upper()]
    for cls in rules.values():
        if cls.name == wanted.lower():
            return cls
    candidates = [*rules, *(cls.name for cls in rules.values())]
    close = difflib.get_close_matches(wanted, candidates, n=3, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(wanted.upper(), list(rules), n=3, cutoff=0.6)
    raise UnknownRuleError(key, close)
