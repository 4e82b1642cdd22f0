"""The packages of its own module a Go file imports, by the name it calls them.

The gate follows a call of another package's DDL helper
(``schemautil.RenameTable(ctx, tx, t, "CrossPkg")``) into that package's
folder (:func:`dbnamelint.go_helper_ddl.qualified_helper_calls`), so it must
know which folder an import names: an import path under the module path of
the nearest ``go.mod`` (``module github.com/x/app``) is the folder below that
``go.mod`` (``github.com/x/app/internal/util`` -> ``<module>/internal/util``);
other modules' packages (the standard library, dependencies, ``vendor/``) are
not read. The name is the import's alias, else the package clause of the
folder's files (Go's rule: the package name, not the path's last element).
Text only; a blank (``_``) or dot (``.``) import names nothing.
"""

from __future__ import annotations

from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.manifests import nearest_manifest, nearest_manifest_path

#: ``import "x"``, ``import alias "x"`` and each line of ``import ( ... )``.
_IMPORT_BLOCK = lazy_compile(r"(?ms)^import\s*\((?P<body>.*?)^\)")
_IMPORT_ONE = lazy_compile(r'(?m)^import\s+(?P<alias>[A-Za-z_]\w*|[._]\s)?\s*"(?P<path>[^"]+)"')
_SPEC = lazy_compile(r'(?m)^\s*(?P<alias>[A-Za-z_]\w*|[._])?\s*"(?P<path>[^"]+)"')
_MODULE = lazy_compile(r"(?m)^module\s+(?P<path>\S+)")
_PACKAGE = lazy_compile(r"(?m)^package\s+(?P<name>[A-Za-z_]\w*)")


def _specs(text: str) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    for block in _IMPORT_BLOCK.finditer(text):
        for spec in _SPEC.finditer(block.group("body")):
            out.append((spec.group("alias"), spec.group("path")))
    for one in _IMPORT_ONE.finditer(text):
        alias = one.group("alias")
        out.append((alias.strip() if alias else None, one.group("path")))
    return out


def _module_root(anchor: Path) -> tuple[Path, str] | None:
    manifest = nearest_manifest_path(anchor, "go.mod")
    text = nearest_manifest(anchor, "go.mod") if manifest is not None else None
    found = _MODULE.search(text) if text is not None else None
    return (manifest.parent, found.group("path")) if manifest and found else None


def package_files(folder: Path) -> list[Path]:
    """The ``.go`` files of the package in ``folder``, tests aside, sorted."""
    return sorted(p for p in folder.glob("*.go") if not p.name.endswith("_test.go"))


def imported_folders(path: Path, text: str) -> dict[str, Path]:
    """The folders of the own module's packages ``text`` (the Go file at
    ``path``) imports, by the name the file calls each."""
    specs = _specs(text)
    if not specs:
        return {}
    found = _module_root(path)
    if found is None:
        return {}
    root, module = found
    out: dict[str, Path] = {}
    for alias, imported in specs:
        if alias in ("_", ".") or not imported.startswith(module + "/"):
            continue
        folder = root / imported[len(module) + 1 :]
        files = package_files(folder) if folder.is_dir() else []
        if not files:
            continue
        name = alias
        if name is None:
            try:
                clause = _PACKAGE.search(files[0].read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            name = clause.group("name") if clause else imported.rpartition("/")[2]
        out[name] = folder
    return out
