"""A migrate phase as a new Django migration (``--write`` in a Django app).

The migration goes into the ``migrations/`` package of the app whose
migrations made the renamed tables (the anchor's folder), numbered after
the app's single leaf as ``makemigrations`` numbers it
(``MigrationAutodetector.parse_number`` + 1: ``0043_<slug>.py`` after
``0042_...``; a squash ``0001_squashed_0004_x`` counts as 4) and depending
on it. Several leaves are refused, as ``makemigrations`` refuses them
("Conflicting migrations detected"). The leaf is read as ``makemigrations``'
loader (no database) reads the graph: every module of the package not
starting with ``_`` or ``~``, a squashed migration standing for the ones it
``replaces``.

Its one operation runs the forward script's statements with
``migrations.RunSQL(sql=[...], reverse_sql=[...])``, one string each (a
list: Django executes each with no parameters, so a ``%`` stays as written,
and ``manage.py migrate <app> <leaf>`` runs the rollback), inside
``SeparateDatabaseAndState`` when Django's state must follow
(:mod:`.django_state`: ``AlterModelTable``, ``RenameIndex``, ``AlterField``). Django runs it
in the migration's transaction (``atomic = True``), so the scripts carry no
BEGIN/COMMIT.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from dbnamelint.services.migrate.code_script import python_string, statements
from dbnamelint.services.migrate.django_state import StateChanges


class DjangoError(Exception):
    """The new migration cannot be placed (several leaves, a migration not read)."""


class DjangoMigration(Struct, frozen=True):
    """The migration to write: its path and text."""

    path: Path
    text: str


def migration_names(folder: Path) -> list[str]:
    """The migrations of the package ``folder`` as Django's loader lists them
    (``MigrationLoader.load_disk``: modules not starting with ``_`` or ``~``)."""
    return sorted(p.stem for p in folder.glob("*.py") if not p.name.startswith(("_", "~")))


def _read(folder: Path, name: str) -> ast.Module:
    path = folder / f"{name}.py"
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError) as exc:
        raise DjangoError(
            f"{path}: cannot be read as a Django migration ({exc}), so the app's leaf is "
            "unknown; write the migration with `manage.py makemigrations <app> --empty` and "
            "paste the SQL into it"
        ) from None
    if not any(isinstance(n, ast.ClassDef) and n.name == "Migration" for n in tree.body):
        raise DjangoError(
            f"{path}: defines no Migration class, which Django's loader refuses "
            "(BadMigrationError); fix or move it, then run --write again"
        )
    return tree


def _pairs(tree: ast.Module, field: str, path: Path) -> list[tuple[str, str]]:
    """The ``("app", "name")`` pairs of the Migration class's ``field``
    (``dependencies``, ``replaces``); refused when it is not a literal list."""
    from dbnamelint.django_ops import migration_dependencies, migration_replaces

    for cls in tree.body:
        if not (isinstance(cls, ast.ClassDef) and cls.name == "Migration"):
            continue
        for node in cls.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if any(isinstance(t, ast.Name) and t.id == field for t in targets):
                assert isinstance(node, ast.Assign)
                if not isinstance(node.value, (ast.List, ast.Tuple)):
                    raise DjangoError(
                        f"{path}: its {field} is not a literal list, so the app's leaf is "
                        "unknown; write the migration with `manage.py makemigrations <app> "
                        "--empty` and paste the SQL into it"
                    )
    text = ast.unparse(tree)
    if field == "replaces":
        return migration_replaces(text)
    return migration_dependencies(text, path)


def app_label(folder: Path, names: Sequence[str], trees: dict[str, ast.Module]) -> str:
    """The label the app's migrations depend on each other by (a dependency
    on a migration of ``folder``), else its ``apps.py`` ``label``, else the
    folder above ``migrations/`` (:func:`dbnamelint.django_ops.app_label`)."""
    from dbnamelint.django_ops import app_label as label_of

    own = set(names)
    said = {
        app
        for name in names
        for app, other in _pairs(trees[name], "dependencies", folder / f"{name}.py")
        if other in own
    }
    if len(said) == 1:
        return said.pop()
    return label_of((folder / "x.py").as_posix()) or folder.parent.name


def leaf(folder: Path) -> tuple[str, str]:
    """The app label and the single leaf migration of ``folder``. Raises
    :class:`DjangoError` for several leaves or a migration not read."""
    names = migration_names(folder)
    trees = {name: _read(folder, name) for name in names}
    label = app_label(folder, names, trees)
    replaced: dict[str, str] = {}
    for name in names:
        for app, old in _pairs(trees[name], "replaces", folder / f"{name}.py"):
            if app == label:
                replaced[old] = name
    nodes = [n for n in names if n not in replaced]
    parents: set[str] = set()
    for name in nodes:
        for app, other in _pairs(trees[name], "dependencies", folder / f"{name}.py"):
            if app == label:
                parents.add(replaced.get(other, other))
    leaves = [n for n in nodes if n not in parents]
    if len(leaves) != 1:
        raise DjangoError(
            f"{folder}: Conflicting migrations detected; multiple leaf nodes in the "
            f"migration graph: ({', '.join(leaves)} in {label}); run `manage.py "
            "makemigrations --merge`, then --write again"
            if leaves
            else f"{folder}: no leaf migration of app {label} is found (a dependency cycle)"
        )
    return label, leaves[0]


_SQUASHED = re.compile(r".*_squashed_(\d+)")
_NUMBER = re.compile(r"^\d+")


def next_number(name: str) -> int:
    """``MigrationAutodetector.parse_number(name) or 0`` + 1 (Django 4.0+)."""
    squashed = _SQUASHED.match(name)
    if squashed:
        return int(squashed.group(1)) + 1
    found = _NUMBER.match(name)
    return (int(found.group(0)) if found else 0) + 1


def _strings(sqls: Sequence[str], indent: str) -> str:
    return "".join(f"{indent}{python_string(s)},\n" for s in sqls)


def _run_sql(ups: Sequence[str], downs: Sequence[str], indent: str) -> str:
    inner = indent + "    "
    return (
        f"{indent}migrations.RunSQL(\n"
        f"{inner}sql=[\n{_strings(ups, inner + '    ')}{inner}],\n"
        f"{inner}reverse_sql=[\n{_strings(downs, inner + '    ')}{inner}],\n"
        f"{indent}),\n"
    )


def _state_operations(state: StateChanges, indent: str) -> str:
    out = "".join(
        f"{indent}migrations.AlterModelTable(name={model!r}, table={table!r}),\n"
        for model, table in state.tables
    )
    out += "".join(
        f"{indent}migrations.RenameIndex(model_name={model!r}, new_name={new!r}, "
        f"old_name={old!r}),\n"
        for model, old, new in state.indexes
    )
    for change in state.fields:
        out += (
            f"{indent}migrations.AlterField(\n"
            f"{indent}    model_name={change.model!r},\n"
            f"{indent}    name={change.field!r},\n"
            f"{indent}    field={change.definition},\n"
            f"{indent}),\n"
        )
    return out


def migration(
    folder: Path,
    after: tuple[str, str],
    slug: str,
    forward: str,
    rollback: str | None,
    *,
    dialect: str | None,
    state: StateChanges | None,
) -> DjangoMigration:
    """The new migration of ``folder`` after ``after`` (the app label and its
    leaf: :func:`leaf`), with the state operations ``state``."""
    label, last = after
    title = slug.replace("_", " ")
    name = f"{next_number(last):04d}_{slug}"
    ups = statements(forward, dialect)
    downs = statements(rollback, dialect) if rollback else []
    imports = ["from django.db import migrations"]
    if state is not None:
        imports += [i for c in state.fields for i in c.imports]
    if state is not None and state.any:
        body = (
            "        migrations.SeparateDatabaseAndState(\n"
            "            database_operations=[\n"
            f"{_run_sql(ups, downs, ' ' * 16)}"
            "            ],\n"
            "            state_operations=[\n"
            f"{_state_operations(state, ' ' * 16)}"
            "            ],\n"
            "        ),\n"
        )
    else:
        body = _run_sql(ups, downs, " " * 8)
    text = (
        f"# {title}\n"
        "# Written by dbnamelint migrate: RunSQL runs the script's statements, its\n"
        "# reverse_sql the rollback's (manage.py migrate "
        f"{label} {last}).\n\n"
        + "\n".join(dict.fromkeys(imports))
        + "\n\n\nclass Migration(migrations.Migration):\n"
        f"    dependencies = [({label!r}, {last!r})]\n\n"
        f"    operations = [\n{body}    ]\n"
    )
    return DjangoMigration(folder / f"{name}.py", text)
