"""Where in the config a change that hides a finding (``DBN909``) is written.

The gate knows a finding the base's config raises and the current one does
not; the reviewer needs the line that did it. The current config file is
read with key positions (:mod:`dbnamelint.config.located`) and compared with
the base's, key by key, and the first change that can hide the finding's
code on the finding's file is named, most specific first: a ``per_path``
ignore covering the file, an ``ignore`` entry, the rule's ``rules:`` entry
(its option when an option changed), a ``select`` that leaves the code out,
an ``exclude`` pattern covering the file, ``paths``, ``extends``; else the
first top-level key that changed. A config the change deleted, or one that
cannot be read, keeps line 1.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dbnamelint.config import ConfigError, Settings, expand_selector
from dbnamelint.config.located import (
    LocatedDocument,
    load_located_yaml,
    load_pyproject,
    parse_located_yaml,
)
from dbnamelint.core.diagnostics import expand_diagnostic_selector
from dbnamelint.globs import PathGlob
from dbnamelint.model import Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

#: (code, file shown relative to the working directory or None) -> where to report.
Locator = Callable[[str, str | None], Location]


def base_data(text: str | None, toml: bool) -> Mapping[str, Any]:
    """The base's config as data (``{}`` when it had none or it does not parse)."""
    if text is None:
        return {}
    try:
        if toml:
            section = tomllib.loads(text).get("tool", {}).get("dbnamelint")
        else:
            section = parse_located_yaml(text, "base").data
    except (tomllib.TOMLDecodeError, ConfigError):
        return {}
    return section if isinstance(section, dict) else {}


def _document(settings: Settings, shown: str) -> LocatedDocument | None:
    """The current config file read with key positions (None: none, or unreadable)."""
    path = settings.config_path
    if path is None or not path.is_file():
        return None
    try:
        toml = path.suffix == ".toml"
        document = load_pyproject(path, shown) if toml else load_located_yaml(path, shown)
    except ConfigError:
        return None
    return document if document is not None and isinstance(document.data, dict) else None


def _coverage(settings: Settings) -> Callable[[object, str], bool]:
    """Whether a selector as written (a code, a name, a prefix) covers a code."""

    def covers(selector: object, code: str) -> bool:
        if not isinstance(selector, str):
            return False
        try:
            rules = expand_selector(selector, settings.registry)
        except LookupError:
            rules = frozenset()
        return code in rules or code in expand_diagnostic_selector(selector)

    return covers


def relaxation_locator(
    settings: Settings, base: Mapping[str, Any], shown: str, cwd: Path
) -> Locator:
    """A function placing each ``DBN909`` in ``settings``' config file (shown as ``shown``)."""
    document = _document(settings, shown)
    if document is None:
        return lambda code, where: Location(shown, 1, 1)
    doc = document
    current: Mapping[str, Any] = document.data
    root = settings.root.resolve()
    covers = _coverage(settings)

    def relative(where: str | None) -> str | None:
        if where is None:
            return None
        try:
            return (cwd / where).resolve().relative_to(root).as_posix()
        except ValueError:
            return None

    def matches(patterns: object, file: str | None) -> bool:
        if file is None or not isinstance(patterns, list):
            return False
        return any(isinstance(p, str) and PathGlob.compile(p).matches(file) for p in patterns)

    def locate(code: str, where: str | None) -> Location:
        file = relative(where)
        key = _per_path(current, base, code, file, covers, matches)
        if key is None:
            key = _listed(current, base, "ignore", lambda s: covers(s, code))
        if key is None:
            key = _rule(current, base, code, covers)
        if key is None and current.get("select") != base.get("select"):
            selected = current.get("select")
            if isinstance(selected, list) and not any(covers(s, code) for s in selected):
                key = ("select",)
        if key is None:
            key = _listed(current, base, "exclude", lambda p: matches([p], file))
        for name in ("paths", "extends"):
            if key is None and name in current and current.get(name) != base.get(name):
                key = (name,)
        if key is None:
            key = next(((k,) for k, v in current.items() if base.get(k) != v), ())
        return doc.locate(key)

    return locate


def policy_locator(settings: Settings, base: Mapping[str, Any], shown: str) -> Locator:
    """A function placing a code the changed config no longer fails on (no
    finding hidden: :mod:`.policy_relaxed`) at the key that relaxes it: for a
    ``per_path`` pattern (the second argument), the new ``ignore`` item of the
    ``per_path`` entry listing that pattern; else, most specific first, a new
    ``ignore`` item, the rule's ``rules:`` entry (its ``severity``), a
    ``select`` leaving the code out, ``fail_on``, ``extends``,
    ``local_rules``, or the first top-level key that changed."""
    document = _document(settings, shown)
    if document is None:
        return lambda code, pattern: Location(shown, 1, 1)
    doc = document
    current: Mapping[str, Any] = document.data
    covers = _coverage(settings)

    def listed(patterns: object, pattern: str | None) -> bool:
        return isinstance(patterns, list) and pattern in patterns

    def locate(code: str, pattern: str | None) -> Location:
        key = _per_path(current, base, code, pattern, covers, listed) if pattern else None
        if key is None:
            key = _listed(current, base, "ignore", lambda s: covers(s, code))
        if key is None:
            key = _rule(current, base, code, covers)
            rules = current.get("rules")
            if key is not None and len(key) == 2 and isinstance(rules, dict):
                entry = rules.get(key[1])
                if isinstance(entry, dict) and "severity" in entry:
                    key = (*key, "severity")
        if key is None and current.get("select") != base.get("select"):
            selected = current.get("select")
            if isinstance(selected, list) and not any(covers(s, code) for s in selected):
                key = ("select",)
        for name in ("fail_on", "extends", "local_rules"):
            if key is None and name in current and current.get(name) != base.get(name):
                key = (name,)
        if key is None:
            key = next(((k,) for k, v in current.items() if base.get(k) != v), ())
        return doc.locate(key)

    return locate


def _listed(
    current: Mapping[str, Any], base: Mapping[str, Any], name: str, hit: Callable[[object], bool]
) -> tuple[str | int, ...] | None:
    """``(name, index)`` of the first item of list ``name`` that ``hit``s and the base lacks."""
    items, before = current.get(name), base.get(name)
    if not isinstance(items, list):
        return None
    old = before if isinstance(before, list) else []
    for index, item in enumerate(items):
        if hit(item) and item not in old:
            return (name, index)
    return None


def _per_path(
    current: Mapping[str, Any],
    base: Mapping[str, Any],
    code: str,
    file: str | None,
    covers: Callable[[object, str], bool],
    matches: Callable[[object, str | None], bool],
) -> tuple[str | int, ...] | None:
    """The ``per_path`` ignore entry that hides ``code`` on ``file`` and is new."""
    entries, before = current.get("per_path"), base.get("per_path")
    if not isinstance(entries, list):
        return None
    old = [e for e in before if isinstance(e, dict)] if isinstance(before, list) else []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not matches(entry.get("paths"), file):
            continue
        ignored = entry.get("ignore")
        if not isinstance(ignored, list):
            continue
        had = [
            s
            for e in old
            if e.get("paths") == entry.get("paths") and isinstance(e.get("ignore"), list)
            for s in e["ignore"]
        ]
        for at, selector in enumerate(ignored):
            if covers(selector, code) and selector not in had:
                return ("per_path", index, "ignore", at)
    return None


def _rule(
    current: Mapping[str, Any],
    base: Mapping[str, Any],
    code: str,
    covers: Callable[[object, str], bool],
) -> tuple[str | int, ...] | None:
    """The ``rules:`` entry of ``code`` that changed (its option, when one did)."""
    rules, before = current.get("rules"), base.get("rules")
    if not isinstance(rules, dict):
        return None
    old: Mapping[str, Any] = before if isinstance(before, dict) else {}
    for key, value in rules.items():
        if not covers(key, code) or old.get(key) == value:
            continue
        was = old.get(key)
        options = value.get("options") if isinstance(value, dict) else None
        if isinstance(options, dict):
            previous = was.get("options") if isinstance(was, dict) else None
            prior: Mapping[str, Any] = previous if isinstance(previous, dict) else {}
            changed: Sequence[str] = [o for o, v in options.items() if prior.get(o) != v]
            if changed:
                return ("rules", key, "options", changed[0])
        return ("rules", key)
    return None
