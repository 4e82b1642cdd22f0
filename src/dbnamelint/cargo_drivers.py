"""Which database a Rust crate's migration tool is built for, from its ``Cargo.toml``.

sqlx and Diesel each compile a driver per database, chosen by cargo
features (``sqlx = { features = ["sqlite"] }``, ``diesel = { features =
["postgres"] }``) or, for sqlx, a driver crate (``sqlx-sqlite``). A crate
built with one driver runs its migrations on that database alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct

from dbnamelint.core import readlog, tomlread
from dbnamelint.manifests import nearest_manifest_path

#: The workspace root's folder, kept among its dependencies (no crate is named so).
_ROOT_KEY = " root"
#: Path dependencies followed at most this deep (a workspace's crates).
_MAX_DEPTH = 8


class Tool(Struct, frozen=True):
    """A migration tool's crate and how its drivers are chosen."""

    package: str  #: the crate (``sqlx``)
    feature_driver: Callable[[str], str | None]  #: a feature -> the database it builds for
    driver_crates: Mapping[str, str] = {}  #: crates that are a driver (``sqlx-sqlite``)


def _sqlx_feature(feature: str) -> str | None:
    """sqlx's ``postgres``, ``mysql``, ``sqlite`` and ``sqlite-unbundled``
    (and the other ``sqlite-*`` features, which pull in the SQLite driver
    crate); else None (``runtime-tokio``, ``any``: no driver)."""
    if feature in ("postgres", "mysql"):
        return feature
    if feature == "sqlite" or feature.startswith("sqlite-"):
        return "sqlite"
    return None


def _diesel_feature(feature: str) -> str | None:
    """Diesel's backends: ``postgres``, ``mysql``, ``sqlite`` and the
    ``*_backend`` features (the backend without its client library)."""
    named = feature.removesuffix("_backend")
    return named if named in ("postgres", "mysql", "sqlite") else None


SQLX = Tool(
    "sqlx",
    _sqlx_feature,
    {"sqlx-postgres": "postgres", "sqlx-mysql": "mysql", "sqlx-sqlite": "sqlite"},
)
DIESEL = Tool("diesel", _diesel_feature)


def driver_dialect(anchor: Path, tool: Tool) -> str | None:
    """The one database ``tool`` is built for in ``anchor``'s crate, or None.

    The nearest ``Cargo.toml`` above ``anchor``: the drivers its ``tool``
    dependency enables (its ``features``, with those of a ``{ workspace =
    true }`` dependency's ``[workspace.dependencies]`` entry, a renamed
    ``db = { package = "sqlx" }`` too, and ``sqlx/<driver>`` among the
    crate's default features), a driver crate of its own (``sqlx-sqlite``),
    and those of the crates it depends on by ``path`` (cargo unifies a
    dependency's features over the build: atuin-kv's ``sqlx = { workspace =
    true }`` is SQLite's through atuin-client's). Two drivers, or none, give
    no clue; nor does a manifest that is not valid TOML (cargo refuses it;
    the error is cargo's to tell). Returns ``"postgres"``, ``"mysql"`` or
    ``"sqlite"``.
    """
    manifest = nearest_manifest_path(anchor, "Cargo.toml")
    if manifest is None:
        return None
    drivers = _drivers(manifest, tool, set())
    return drivers.pop() if drivers is not None and len(drivers) == 1 else None


def _side(path: Path) -> None:
    """The run cache checks ``path`` again on every lookup (the crate's
    manifests decide the dialect: an edit changes the verdict)."""
    readlog.note_side(os.path.abspath(path))  # noqa: PTH100 - the read log keeps str paths


def _load(path: Path) -> dict[str, Any] | None:
    _side(path)
    try:
        return tomlread.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):  # UnicodeDecodeError and TOMLDecodeError are ValueErrors
        return None


def _workspace_dependencies(crate: Path) -> Mapping[str, Any]:
    """``[workspace.dependencies]`` of the workspace above ``crate``'s
    folder (the nearest ``Cargo.toml`` with a ``[workspace]`` table, the
    crate's own included, as cargo looks for it); empty when none."""
    for folder in (crate.parent, *crate.parent.parents):
        manifest = folder / "Cargo.toml"
        _side(manifest)  # one added nearer may hold the workspace
        if not manifest.is_file():
            continue
        data = _load(manifest)
        workspace = data.get("workspace") if data is not None else None
        if isinstance(workspace, dict):
            found = workspace.get("dependencies")
            # where its `path = ...` entries start from
            return {**found, _ROOT_KEY: str(folder)} if isinstance(found, dict) else {}
    return {}


def _dependency_tables(data: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """``[dependencies]`` and ``[target.<cfg>.dependencies]``: what the
    crate's code (``sqlx::migrate!``) is built with (dev-dependencies are
    the tests' only)."""
    tables = [data.get("dependencies")]
    targets = data.get("target")
    if isinstance(targets, dict):
        tables += [t.get("dependencies") for t in targets.values() if isinstance(t, dict)]
    yield from (t for t in tables if isinstance(t, dict))


def _features(spec: object) -> list[str]:
    if not isinstance(spec, dict):
        return []
    found = spec.get("features")
    return [f for f in found if isinstance(f, str)] if isinstance(found, list) else []


def _package(key: str, spec: object) -> str:
    if isinstance(spec, dict) and isinstance(spec.get("package"), str):
        return str(spec["package"])
    return key


def _default_features(data: Mapping[str, Any]) -> set[str]:
    """The crate's own features its ``default`` enables, transitively
    (``default = ["local"]``, ``local = ["sqlx/sqlite"]``)."""
    table = data.get("features")
    if not isinstance(table, dict):
        return set()
    seen: set[str] = set()
    todo = ["default"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        listed = table.get(name)
        if isinstance(listed, list):
            todo += [f for f in listed if isinstance(f, str)]
    return seen


#: Path dependencies followed at most this deep (a workspace's crates).
_MAX_DEPTH = 8


def _drivers(manifest: Path, tool: Tool, seen: set[Path], depth: int = 0) -> set[str] | None:
    """The ``tool`` drivers the crate of ``manifest`` is built with; None when
    its manifest cannot be read."""
    data = _load(manifest)
    if data is None:
        return None
    seen.add(manifest.resolve())
    drivers: set[str] = set()
    tool_keys: set[str] = set()
    workspace: Mapping[str, Any] | None = None
    for table in _dependency_tables(data):
        for key, spec in table.items():
            features = _features(spec)
            folder = manifest.parent
            if isinstance(spec, dict) and spec.get("workspace") is True:
                if workspace is None:
                    workspace = _workspace_dependencies(manifest)
                inherited = workspace.get(key)
                features += _features(inherited)
                package = _package(key, inherited)
                path = inherited.get("path") if isinstance(inherited, dict) else None
                folder = Path(str(workspace.get(_ROOT_KEY, folder)))
            else:
                package = _package(key, spec)
                path = spec.get("path") if isinstance(spec, dict) else None
            if package in tool.driver_crates:
                drivers.add(tool.driver_crates[package])
            elif package == tool.package:
                tool_keys.add(key)
                drivers.update(d for f in features if (d := tool.feature_driver(f)) is not None)
            elif isinstance(path, str) and depth < _MAX_DEPTH and not _optional(spec):
                other = folder / path / "Cargo.toml"
                _side(other)
                if other.is_file() and other.resolve() not in seen:
                    drivers |= _drivers(other, tool, seen, depth + 1) or set()
    for feature in _default_features(data):
        dependency, slash, named = feature.partition("/")
        if slash and dependency.rstrip("?") in tool_keys:
            driver = tool.feature_driver(named)
            if driver is not None:
                drivers.add(driver)
    return drivers


def _optional(spec: object) -> bool:
    return isinstance(spec, dict) and spec.get("optional") is True
