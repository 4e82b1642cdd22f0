"""Which separate database (config ``databases:``) code no entry lists runs on.

``init`` lists each migrations folder under its own database
(``server-postgres: [crates/server-postgres/migrations]``), not the crate
or package around it, so the code beside the migrations was listed by no
entry: ``impact --database server-postgres`` counted the SQLite crate's
and the client crate's queries as its own uses and, taking every file for
shared code, patched none (trial s35 atuin, I2). A package runs the
migrations it holds: a code file is attributed by its package, the folder
of the nearest build manifest above it (``Cargo.toml``, ``go.mod``,
``package.json``...), to the databases whose migration files sit in that
same package (not in a package nested inside it).

A package holding several databases' folders (atuin-client: history,
records, meta) runs each from its own code: a file that runs a migrator on
one of them is that database's (Rust ``sqlx::migrate!("./x")``,
``embed_migrations!("x")``, relative to the crate), and so is every file of
a Go package one of whose files embeds one's folder (``//go:embed x/*.sql``,
relative to the package's folder). Any other file of the package may run on
any of them, and on no other database of the tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_embeds import embed_words, embeds
from dbnamelint.impact.rails_owner import RailsOwners

#: Build manifests, each the root of one package, crate or module.
MANIFESTS = (
    "Cargo.toml",
    "go.mod",
    "package.json",
    "composer.json",
    "pyproject.toml",
    "setup.py",
    "Gemfile",
    "mix.exs",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
)

#: ``sqlx::migrate!("./x")`` / ``migrate!()`` and Diesel's or refinery's
#: ``embed_migrations!("x")``; no argument is ``migrations`` beside Cargo.toml.
_RUST_MIGRATOR = lazy_compile(
    r'\b(?:migrate|embed_migrations)!\s*\(\s*(?:r#*)?(?:"([^"]*)")?\s*#*\s*\)'
)
_GO_EMBED = lazy_compile(r"(?m)^\s*//go:embed\s+(.+)$")


class CodeOwners:
    """The databases each code file's package runs (paths ``/``-separated,
    relative to ``root``)."""

    def __init__(self, root: Path, schema_files: Iterable[tuple[str, str | None]]) -> None:
        """``schema_files``: each schema file's path and the database it builds."""
        self._root = root
        self._packages: dict[str, str | None] = {}
        self._embeds: dict[str, list[PurePosixPath]] = {}
        #: package folder -> database -> its schema files
        self._held: dict[str, dict[str, list[str]]] = {}
        self._rails = RailsOwners(root)
        for path, database in schema_files:
            if database is None:
                continue
            package = self.package(path)
            if package is not None:
                self._held.setdefault(package, {}).setdefault(database, []).append(path)

    def package(self, path: str) -> str | None:
        """The folder (``""`` for the root) of the nearest manifest above ``path``."""
        folder = path.rpartition("/")[0]
        seen: list[str] = []
        found: str | None = None
        while True:
            if folder in self._packages:
                found = self._packages[folder]
                break
            seen.append(folder)
            here = self._root / folder if folder else self._root
            if any((here / name).is_file() for name in MANIFESTS):
                found = folder
                break
            if not folder:
                break
            folder = folder.rpartition("/")[0]
        for name in seen:
            self._packages[name] = found
        return found

    def databases(self, path: str, text: str | None) -> tuple[str, ...]:
        """The databases the code file ``path`` (its ``text``) may run on,
        sorted; empty when its package holds none (it may run on any)."""
        package = self.package(path)
        held = self._held.get(package, {}) if package is not None else {}
        if len(held) > 1 and text is not None and package is not None:
            named = self._migrated(path, text, package, held)
            if named:
                return named
            # a Rails app's Ruby: the primary's unless a connects_to says
            rails = self._rails.database(path, text, package, held)
            if rails is not None:
                return (rails,)
        return tuple(sorted(held))

    def _migrated(
        self, path: str, text: str, package: str, held: dict[str, list[str]]
    ) -> tuple[str, ...]:
        """The databases of ``held`` whose folder the file runs a migrator on."""
        folders: list[str] = []
        if path.endswith(".rs") and ("migrations!" in text or "migrate!" in text):
            for match in _RUST_MIGRATOR.finditer(text):
                folders.append(_joined(package, match.group(1) or "migrations"))
        patterns = self._go_embeds(path.rpartition("/")[0]) if path.endswith(".go") else []
        return tuple(
            sorted(
                database
                for database, files in held.items()
                if any(_under(f, folder) for f in files for folder in folders)
                or any(embeds(p, PurePosixPath(f)) for f in files for p in patterns)
            )
        )

    def _go_embeds(self, folder: str) -> list[PurePosixPath]:
        """The ``//go:embed`` patterns of the Go package in ``folder`` (any of
        its files: the package runs what one embeds), relative to the root."""
        if folder in self._embeds:
            return self._embeds[folder]
        found: list[PurePosixPath] = []
        try:
            names = sorted(e.name for e in os.scandir(self._root / folder) if e.is_file())
        except OSError:
            names = []
        for name in names:
            if not name.endswith(".go"):
                continue
            try:
                text = (self._root / folder / name).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if "go:embed" in text:
                for line in _GO_EMBED.finditer(text):
                    words = embed_words(line.group(1))
                    found += [PurePosixPath(folder, w.removeprefix("./")) for w in words]
        self._embeds[folder] = found
        return found


def _joined(package: str, relative: str) -> str:
    """``relative`` (a crate-relative folder) as a path relative to the root."""
    joined = os.path.normpath(f"{package}/{relative}" if package else relative)
    return joined.replace(os.sep, "/").strip("/")


def _under(path: str, folder: str) -> bool:
    return folder in {"", "."} or path.startswith(folder + "/")
