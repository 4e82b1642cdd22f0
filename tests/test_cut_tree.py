"""One database (``--database``) or one dialect copy cut from a tree: every part of it.

``choose_database`` and ``choose_copy`` both cut a read tree to a subset of
its files; they cut different fields (the copy kept another copy's replay
notes in ``schema.diagnostics``, neither cut the inline directives), so
both now go through :func:`dbnamelint.runner.pipeline.cut`. Each field of
the cut must hold only what the kept files produced, and the left-out part
must have had something in each field, or the check proves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dbnamelint.config.load import load_settings
from dbnamelint.runner.pipeline import Loaded, load_paths
from dbnamelint.services.databases import choose_database
from dbnamelint.services.lint import source_settings
from dbnamelint.services.migrate.copies import choose_copy

PG = "CREATE TABLE city (slug text PRIMARY KEY, name text NOT NULL);\n"
#: The copy left out: a table created twice (a replay note, DBN010) and an
#: inline directive, each located in its file.
SQLITE = (
    "CREATE TABLE city (slug text PRIMARY KEY);\n"
    "-- dbnamelint: ignore[DBN105] checked by hand\n"
    "CREATE TABLE city (slug text PRIMARY KEY, name text NOT NULL);\n"
)
DATABASES = "paths: [postgresql, sqlite]\ndatabases:\n  main: [postgresql]\n  lite: [sqlite]\n"
COPIES = "paths: [postgresql, sqlite]\n"


def _read(root: Path, config: str) -> Loaded:
    for folder, sql in (("postgresql", PG), ("sqlite", SQLITE)):
        (root / folder).mkdir()
        (root / folder / "0001_init.sql").write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(config, encoding="utf-8")
    settings = load_settings(root)
    return load_paths([str(root / "postgresql"), str(root / "sqlite")], source_settings(settings))


def _paths(loaded: Loaded) -> dict[str, set[str]]:
    """The files each per-file field of ``loaded`` comes from."""
    return {
        "files": {f.path for f in loaded.files},
        "events": {e.source.path for e in loaded.events},
        "diagnostics": {d.location.path for d in loaded.diagnostics},
        "directives": {d.start.path for d in loaded.directives},
        "objects": {o.source.path for o in loaded.schema.objects},
        "schema files": {f.path for f in loaded.schema.files},
        "schema diagnostics": {d.location.path for d in loaded.schema.diagnostics},
    }


CUTS: dict[str, tuple[str, Callable[[Loaded], Loaded]]] = {
    "database": (DATABASES, lambda loaded: choose_database(loaded, "main")),
    "copy": (COPIES, lambda loaded: choose_copy(loaded, "postgres", None).loaded),
}


@pytest.mark.parametrize("how", sorted(CUTS))
def test_every_field_of_the_cut_is_the_kept_files_own(tmp_path: Path, how: str) -> None:
    config, choose = CUTS[how]
    loaded = _read(tmp_path, config)
    whole = _paths(loaded)
    left_out = {p for p in whole["files"] if "/sqlite/" in p.replace("\\", "/")}
    assert len(left_out) == 1, whole["files"]
    for field in ("events", "diagnostics", "directives", "objects", "schema diagnostics"):
        assert whole[field] & left_out, (field, whole)  # the left-out file has some
    cut = _paths(choose(loaded))
    assert cut["files"] == whole["files"] - left_out
    for field, paths in cut.items():
        assert not paths & left_out, (field, paths)
    assert cut["objects"] == cut["files"]  # the kept file's table is still there
