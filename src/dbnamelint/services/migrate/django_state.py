"""What Django's migration state must say after a phase's renames.

Django keeps each model's table (``Meta.db_table``) and each field's column
(``db_column``) in the state its migrations build; ``makemigrations``
compares that state with ``models.py``, and an operation run later (an
``AlterField``, ``AddIndex``) names the table and column the state holds.
So the migration ``migrate --write`` writes for a Django app
(:mod:`.django_migration`) runs the SQL in ``database_operations`` and
tells the state in ``state_operations``:

- a renamed table of a model of the app: ``AlterModelTable(name=<model>,
  table=<new>)``;
- a renamed named index of a model (``Index(name=...)``): ``RenameIndex``
  (:mod:`.django_indexes`);
- a renamed column of a field, or the renamed table of a many-to-many
  field Django makes: ``AlterField`` with the field's definition as the
  app's migrations last wrote it (the call's source, by
  :func:`ast.unparse`), ``db_column=``/``db_table=`` set to the new name,
  and the imports of the migration that wrote it for the names it uses.
  A definition using a name that migration does not import (a function
  of its own) cannot be copied faithfully: its state is left, and the
  note says what to add by hand.

The models' tables and fields are read by :func:`dbnamelint.django_ops.app_state`
(the reader the gate and the model use); the note lists the ``models.py``
edits that make ``makemigrations --check`` find no changes.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from dbnamelint.kinds import ObjectKind

if TYPE_CHECKING:
    from dbnamelint.services.migrate.plan import Step


class FieldChange(Struct, frozen=True):
    """An ``AlterField`` of the state: the model, the field, its new
    definition (source) and the import statements its names need."""

    model: str
    field: str
    definition: str
    imports: tuple[str, ...]


class StateChanges(Struct, frozen=True):
    """The state operations of a Django rename migration, and what the user
    must still do: ``edits`` (``models.py``) and ``by_hand`` (state not written)."""

    tables: tuple[tuple[str, str], ...]
    fields: tuple[FieldChange, ...]
    edits: tuple[str, ...]
    by_hand: tuple[str, ...]
    #: renamed tables of another app's models: ``"<table> (model <app>.<model>)"``
    elsewhere: tuple[str, ...] = ()
    #: ``RenameIndex`` of a named index of the state: (model, old name, new name)
    indexes: tuple[tuple[str, str, str], ...] = ()

    @property
    def any(self) -> bool:
        """Whether a state operation is to be written."""
        return bool(self.tables or self.fields or self.indexes)


def state_changes(folder: Path, app: str, steps: Sequence[Step], family: str) -> StateChanges:
    """The state operations the renames ``steps`` need in the app ``app``
    whose migrations are in ``folder`` (``family``: the database family, for
    a many-to-many table's name). A table or column of no model of the app
    (made by ``RunSQL``) needs none; a table of a model of a sibling app
    (another ``<app>/migrations/`` beside it) is listed in
    :attr:`StateChanges.elsewhere`: only that app's migration can alter it."""
    from dbnamelint.django_ops import app_state
    from dbnamelint.services.migrate.django_indexes import named_indexes

    state = app_state(folder, app)
    named = named_indexes(folder)
    indexes: list[tuple[str, str, str]] = []
    fold = (lambda s: s) if family == "postgres" else str.casefold
    live = {m for m, _ in state.columns} | set(state.named) | {m for m, _ in state.tableless}
    models = {fold(state.of(m)): m for m in sorted(live - state.proxies)}
    columns = {(fold(state.of(m)), fold(c)): (m, f) for (m, f), (c, _, _) in state.columns.items()}
    throughs = {fold(state.through(m, f, family)): (m, f) for m, f in state.many}
    before = {s.new: s.old for s in steps if s.kind is ObjectKind.TABLE}
    # the state keys models lowercased (so do its operations); the note names
    # the class as models.py spells it
    spelt = _class_names(folder)
    tables: list[tuple[str, str]] = []
    keywords: dict[tuple[str, str], list[tuple[str, str]]] = {}
    edits: list[str] = []
    for step in steps:
        if step.kind is ObjectKind.TABLE and fold(step.old) in models:
            model = models[fold(step.old)]
            tables.append((model, step.new))
            edits.append(f'model {spelt.get(model, model)}: class Meta: db_table = "{step.new}"')
        elif step.kind is ObjectKind.TABLE and fold(step.old) in throughs:
            model, field = throughs[fold(step.old)]
            keywords.setdefault((model, field), []).append(("db_table", step.new))
        elif step.kind is ObjectKind.INDEX and step.old in named:
            model = named[step.old]
            indexes.append((model, step.old, step.new))
            edits.append(f'model {spelt.get(model, model)}: Index(name="{step.new}")')
        elif step.kind is ObjectKind.COLUMN and step.table is not None:
            table = fold(before.get(step.table, step.table))
            if (table, fold(step.old)) in columns:
                model, field = columns[(table, fold(step.old))]
                keywords.setdefault((model, field), []).append(("db_column", step.new))
    others = [
        s.old
        for s in steps
        if s.kind is ObjectKind.TABLE and fold(s.old) not in models and fold(s.old) not in throughs
    ]
    elsewhere = _elsewhere(folder, others, family) if others else []
    fields: list[FieldChange] = []
    by_hand: list[str] = []
    # Django has no operation renaming a constraint: its state is left to the user
    for step in steps:
        owner = next(
            (m for m, n in state.constraints if n == step.old),
            None,
        )
        if step.kind is ObjectKind.CONSTRAINT and owner is not None:
            by_hand.append(
                f"the state of constraint {step.old} of model {spelt.get(owner, owner)} is "
                "not written (Django renames no constraint): add migrations.RemoveConstraint("
                f'model_name="{owner}", name="{step.old}") and migrations.AddConstraint('
                f'model_name="{owner}", constraint=<its definition with name="{step.new}">) '
                f'to the migration\'s state_operations, and name="{step.new}" in models.py'
            )
    for (model, field), given in keywords.items():
        said = ", ".join(f'{k}="{v}"' for k, v in given)
        edits.append(f"field {spelt.get(model, model)}.{field}: {said}")
        # a many-to-many field's definition is kept with its table (no column)
        many = state.many.get((model, field))
        node = many[0] if many is not None else state.fields.get((model, field))
        change = _field_change(folder, node, model, field, given)
        if isinstance(change, str):
            by_hand.append(change)
        else:
            fields.append(change)
    return StateChanges(
        tuple(tables), tuple(fields), tuple(edits), tuple(by_hand), tuple(elsewhere), tuple(indexes)
    )


def _elsewhere(folder: Path, tables: Sequence[str], family: str) -> list[str]:
    """Which of ``tables`` a model of a sibling app of ``folder`` has (its
    ``apps.py`` label, else its folder: :func:`dbnamelint.django_ops.app_label`)."""
    from dbnamelint.django_ops import app_label, app_state

    fold = (lambda s: s) if family == "postgres" else str.casefold
    wanted = {fold(t): t for t in tables}
    out: list[str] = []
    for other in sorted(folder.parent.parent.glob("*/migrations")):
        if other == folder or not other.is_dir():
            continue
        label = app_label((other / "x.py").as_posix()) or other.parent.name
        state = app_state(other, label)
        live = {m for m, _ in state.columns} | set(state.named)
        for model in sorted(live - state.proxies):
            table = fold(state.of(model))
            if table in wanted:
                out.append(f"{wanted.pop(table)} (model {label}.{model})")
    return out


def _class_names(folder: Path) -> dict[str, str]:
    """Each model of the migrations in ``folder`` (lowercased) as its
    ``CreateModel`` or last ``RenameModel`` spells it."""
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except (OSError, SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            key = {"CreateModel": "name", "RenameModel": "new_name"}.get(called)
            given = next((k.value for k in node.keywords if k.arg == key), None)
            if given is None and node.args and called == "CreateModel":
                given = node.args[0]
            elif given is None and len(node.args) > 1 and called == "RenameModel":
                given = node.args[1]
            if isinstance(given, ast.Constant) and isinstance(given.value, str):
                out[given.value.lower()] = given.value
    return out


def _field_change(
    folder: Path, node: ast.expr | None, model: str, field: str, given: list[tuple[str, str]]
) -> FieldChange | str:
    """The ``AlterField`` of ``model.field`` with ``given`` keywords set, else
    why it cannot be written (the definition not found, a name it uses not imported)."""
    said = ", ".join(f'{k}="{v}"' for k, v in given)
    manual = (
        f"the state of field {model}.{field} is not written ({{why}}): add "
        f'migrations.AlterField(model_name="{model}", name="{field}", field=<its '
        f"definition with {said}>) to the migration's state_operations"
    )
    if not isinstance(node, ast.Call):
        return manual.format(why="its definition is not a call the migrations spell")
    found = _imports_for(folder, node)
    if isinstance(found, str):
        return manual.format(why=found)
    call = ast.Call(
        func=node.func,
        args=list(node.args),
        keywords=[k for k in node.keywords if k.arg not in {k for k, _ in given}]
        + [ast.keyword(arg=k, value=ast.Constant(v)) for k, v in given],
    )
    return FieldChange(model, field, ast.unparse(call), found)


def _imports_for(folder: Path, node: ast.Call) -> tuple[str, ...] | str:
    """The import statements of the migration in ``folder`` that wrote
    ``node`` binding the names ``node`` uses, else why not (a name bound
    otherwise, the migration not found or found twice with other imports)."""
    names = sorted(
        {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id not in _BUILTIN}
    )
    found: set[tuple[str, ...] | str] = set()
    shape = (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, ast.dump(node))
    for path in sorted(folder.glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except (OSError, SyntaxError, ValueError):
            continue
        for other in ast.walk(tree):
            if (
                isinstance(other, ast.Call)
                and (
                    other.lineno,
                    other.col_offset,
                    other.end_lineno,
                    other.end_col_offset,
                    ast.dump(other),
                )
                == shape
            ):
                found.add(_bound(tree, names, path.name))
    if len(found) != 1:
        return "the migration defining it is not told apart"
    return found.pop()


#: Names a field's definition may use without an import.
_BUILTIN = frozenset({"True", "False", "None", "dict", "list", "tuple", "set", "str", "int"})


def _bound(tree: ast.Module, names: Sequence[str], file: str) -> tuple[str, ...] | str:
    """The top-level imports of ``tree`` binding ``names``, else which name is not imported."""
    kept: list[str] = []
    for name in names:
        # every `import a.b` binds `a` (and loads a.b): all are kept; a
        # `from m import a` rebinds it: the last one is
        statements: list[str] = []
        for node in tree.body:
            if isinstance(node, ast.Import):
                for each in node.names:
                    if (each.asname or each.name.split(".")[0]) == name:
                        statements.append(ast.unparse(ast.Import(names=[each])))
            elif isinstance(node, ast.ImportFrom):
                given = next((a for a in node.names if (a.asname or a.name) == name), None)
                if given is not None:
                    statements = [
                        ast.unparse(
                            ast.ImportFrom(module=node.module, names=[given], level=node.level)
                        )
                    ]
        if not statements:
            return f"it uses {name}, which {file} does not import"
        kept += statements
    return tuple(dict.fromkeys(kept))
