"""What a Django migration makes for the model beyond :mod:`dbnamelint.django_ops`.

:mod:`dbnamelint.django_ops` writes each operation's tables, columns, the
indexes and constraints named in it, and the names Django's schema editor
gives itself (:func:`~dbnamelint.django_ops.own_names`: foreign keys and
their indexes, ``db_index``, ``_like``, ``_uniq``, ``_idx``, a
many-to-many table's columns), per database: the gate and the model read
the same SQL. The model needs a little more of what ``manage.py migrate``
makes (Django 5.2, ``django/db/backends/base/schema.py``; ``manage.py
sqlmigrate`` prints it), written here (:func:`implicit_sql`):

- a primary key (PostgreSQL's ``<table>_pkey``, MySQL's ``PRIMARY``) and,
  on PostgreSQL, for an ``AutoField``/``BigAutoField``/``SmallAutoField``,
  an identity column (its sequence ``<table>_<column>_seq``); a
  many-to-many table's ``id`` is one too (SQLite's ``INTEGER PRIMARY KEY
  AUTOINCREMENT`` names nothing);
- on SQLite a ``unique`` column's ``UNIQUE`` (the database's
  ``sqlite_autoindex_<table>_<n>``, which it lists);
- ``RemoveIndex`` and ``RemoveConstraint`` drop the named one
  (``sql_delete_index``: MySQL's ``DROP INDEX <name> ON <table>``), a
  ``UniqueConstraint`` as it was made (:mod:`dbnamelint.django_unique`:
  a partial or expression one an index, ``DROP INDEX``; one the database
  never made, nothing).

What Django does that is not followed is said (:func:`implicit_sql`'s
unread): an operation neither reads (``AlterOrderWithRespectTo``...), a
foreign key or many-to-many table to a model named by a setting the
project's settings set to no literal (``AUTH_USER_MODEL = env(...)``; a
setting not set is Django's default, ``auth.User``:
:func:`~dbnamelint.django_ops.related_model`).
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from dbnamelint import python_trees
from dbnamelint.django_ops import (
    _FOREIGN,
    _MANY,
    _NO_COLUMN,
    OPERATIONS,
    _calls,
    _column,
    _keyword,
    _quoted,
    _string,
    _Tables,
    constraint_made,
    index_unread,
    m2m_table,
    operation_of,
    read_migration,
    related_model,
    sqlite_remade,
    truncate_name,
)
from dbnamelint.django_ops import _unique as _unique_field
from dbnamelint.django_reverse import _argument, _callee, in_spans

__all__ = ["implicit_sql", "runpython_unread"]

_AUTO = frozenset({"AutoField", "BigAutoField", "SmallAutoField"})
#: Operations that make no name (or whose SQL is read elsewhere: RunSQL's strings).
_NAMELESS = frozenset(
    {
        "RunPython",
        "RunSQL",
        "SeparateDatabaseAndState",
        "AlterModelOptions",
        "AlterModelManagers",
        "AlterModelTableComment",
        "CreateExtension",
        "BtreeGinExtension",
        "TrigramExtension",
        "BtreeGistExtension",
        "BloomExtension",
        "ValidateConstraint",
        "HStoreExtension",
        "UnaccentExtension",
        "CITextExtension",
        "CryptoExtension",
    }
)
#: Operations :mod:`dbnamelint.django_ops` and this module read.
_READ = OPERATIONS | {"RemoveIndex", "RemoveConstraint"}


def _true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


class _Out:
    def __init__(self, family: str) -> None:
        self.sql: list[str] = []
        self.unread: list[str] = []
        self.family = family

    def add(self, statement: str) -> None:
        self.sql.append(statement)


def _field(out: _Out, tables: _Tables, table: str, name: str, field: ast.expr | None) -> None:
    """What Django makes for field ``name`` of table ``table`` that
    :func:`~dbnamelint.django_ops.own_names` does not write (see the module
    docstring)."""
    if not isinstance(field, ast.Call):
        return
    kind = _callee(field.func)
    column, many = _column(name, field)
    to = related_model(field, tables)
    if many:
        if _keyword(field, "through") is None and to is None:
            out.unread.append(
                f"the table of many-to-many field {name} (its target is no literal, "
                "nor a setting the project's settings set to one)"
            )
        elif _keyword(field, "through") is None and out.family != "sqlite":
            through = _string(_keyword(field, "db_table")) or m2m_table(table, name, out.family)
            _primary(out, through, "id", auto=True)
        return
    if kind in _FOREIGN and not _false(_keyword(field, "db_constraint")) and to is None:
        out.unread.append(
            f"the foreign key constraint of field {name} (its target is no literal, "
            "nor a setting the project's settings set to one)"
        )
    primary = _true(_keyword(field, "primary_key"))
    if primary and out.family != "sqlite":
        _primary(out, table, column, auto=kind in _AUTO)
    unique = _true(_keyword(field, "unique")) or kind == "OneToOneField"
    if unique and not primary and out.family == "sqlite":
        # the column's UNIQUE: SQLite's sqlite_autoindex_<table>_<n>, which
        # the database lists (the gate has no name to judge in it)
        out.add(f"ALTER TABLE {_quoted(table)} ADD UNIQUE ({_quoted(column)});")


def _unique_columns(tables: _Tables, model: str) -> list[str]:
    """The columns of ``model``'s unique fields, in the table's column order
    (each one's ``UNIQUE``: SQLite's ``sqlite_autoindex_<table>_<n>``, numbered so)."""
    lower = model.lower()
    return [
        tables.column(model, name)
        for (owner, name), field in tables.fields.items()
        if owner == lower
        and isinstance(field, ast.Call)
        and _callee(field.func) not in _MANY | _NO_COLUMN
        and _unique_field(field)
    ]


def _lite_autoindexes(call: ast.Call, before: _Tables, out: _Out) -> None:
    """SQLite's rebuild of a table for an ``AlterField`` or ``RemoveField``
    that changes which fields are unique (``_remake_table`` makes the table
    anew): its ``sqlite_autoindex_<table>_<n>`` are numbered again from 1
    over the unique columns left, in column order (trial s38 paperless-ngx:
    ``checksum`` no longer unique, the model kept ``_1`` on it and ``_4`` on
    ``archive_serial_number``, which the database calls ``_3``)."""
    model = _string(_argument(call, 0, "model_name"))
    if model is None or sqlite_remade(call, before) is None:
        return
    after = before.copy()
    after.learn(call)
    was, now = _unique_columns(before, model), _unique_columns(after, model)
    if was == now:
        return
    table = after.of(model)
    for number in range(1, len(was) + 1):
        name = _quoted(f"sqlite_autoindex_{table}_{number}")
        out.add(f"ALTER TABLE {_quoted(table)} DROP CONSTRAINT IF EXISTS {name};")
    for column in now:
        out.add(f"ALTER TABLE {_quoted(table)} ADD UNIQUE ({_quoted(column)});")


def _primary(out: _Out, table: str, column: str, *, auto: bool) -> None:
    """The primary key (PostgreSQL's ``<table>_pkey``, MySQL's ``PRIMARY``)
    and PostgreSQL's identity column (MySQL's ``AUTO_INCREMENT`` names nothing)."""
    out.add(f"ALTER TABLE {_quoted(table)} ADD PRIMARY KEY ({_quoted(column)});")
    if auto and out.family == "postgres":
        out.add(
            f"ALTER TABLE {_quoted(table)} ALTER COLUMN {_quoted(column)} "
            "ADD GENERATED BY DEFAULT AS IDENTITY;"
        )


def _drop_index(out: _Out, tables: _Tables, model: str | None, name: str) -> None:
    """``sql_delete_index`` (MySQL's ``DROP INDEX <name> ON <table>``)."""
    if out.family == "mysql" and model is not None:
        out.add(f"DROP INDEX {_quoted(name)} ON {_quoted(tables.of(model))};")
    else:
        out.add(f"DROP INDEX {_quoted(name)};")


def _fields(call: ast.Call) -> list[tuple[str, ast.expr]]:
    fields = _argument(call, 1, "fields")
    out = []
    for item in fields.elts if isinstance(fields, (ast.List, ast.Tuple)) else []:
        if isinstance(item, ast.Tuple) and len(item.elts) == 2:
            name = _string(item.elts[0])
            if name is not None:
                out.append((name, item.elts[1]))
    return out


#: A field's arguments that name what Django makes for it: its column, a
#: many-to-many field's table.
_NAMING = ("db_column", "db_table")


def _field_unread(field: ast.expr | None) -> str | None:
    """What of a field of a ``CreateModel``/``AddField``/``AlterField`` is not
    read, None when it is: a value that is no field call written in the
    migration (a module variable, a helper's result), ``*args``/``**kwargs``
    (which may hold ``db_column=``), a ``db_column=``/``db_table=`` that is no
    string literal. Each was taken as the field's default column, so the name
    Django gives (trial s40 paperless: ``field=FIELD`` with ``db_column=
    "VarFieldCol"``) was never judged."""
    if field is None:
        return None
    if not isinstance(field, ast.Call) or not _callee(field.func)[:1].isupper():
        # a class is CapWords (PEP 8): mk() is a helper whose field is not read
        return "the field (no field class call written in the migration)"
    kind = _callee(field.func)
    if any(k.arg is None for k in field.keywords) or any(
        isinstance(a, ast.Starred) for a in field.args
    ):
        return f"the field {kind}(...) (its *args or **kwargs are not read)"
    for keyword in field.keywords:
        value = keyword.value
        none = isinstance(value, ast.Constant) and value.value is None
        if keyword.arg in _NAMING and _string(value) is None and not none:
            return f"the field {kind}(...) (its {keyword.arg}= is no string literal)"
    return None


def _fields_unread(call: ast.Call) -> list[str]:
    """What of a ``CreateModel``'s ``fields`` is not read (see
    :func:`_field_unread`): a list that is not written out (``[...] + [...]``,
    a variable), an item that is no ``(name, field)`` pair written in the
    migration (a module tuple ``ID``), each field not read."""
    fields = _argument(call, 1, "fields")
    if fields is None:
        return []
    if not isinstance(fields, (ast.List, ast.Tuple)):
        return ["the fields= list (no list of (name, field) pairs written in the migration)"]
    out = []
    for item in fields.elts:
        if not (isinstance(item, ast.Tuple) and len(item.elts) == 2 and _string(item.elts[0])):
            out.append("a field (no (name, field) pair written in the migration)")
            continue
        unread = _field_unread(item.elts[1])
        if unread is not None:
            out.append(f"{unread} of field {_string(item.elts[0])}")
    return out


def _operation(call: ast.Call, tables: _Tables, out: _Out) -> None:
    """What operation ``call`` makes that :mod:`.django_ops` does not write;
    ``tables`` as the operations before it left them (this one learnt by the caller)."""
    operation = operation_of(call)
    if operation == "CreateModel":
        out.unread.extend(_fields_unread(call))
    elif operation in ("AddField", "AlterField"):
        unread = _field_unread(_argument(call, 2, "field"))
        if unread is not None:
            out.unread.append(unread)
    if operation == "CreateModel":
        model = _string(_argument(call, 0, "name"))
        if model is None:
            return
        after = tables.copy()
        after.learn(call)
        table = after.of(model)
        if model.lower() not in after.named and truncate_name(table, out.family) != table:
            # Options.contribute_to_class: the default <app>_<model> is
            # truncate_name'd to the backend's max_name_length()
            out.unread.append(
                f"the table of model {model} (its default name {table} is longer than the "
                f"database takes: Django names it {truncate_name(table, out.family)}, which "
                "is not followed)"
            )
        for field_name, field in _fields(call):
            _field(out, after, table, field_name, field)
        options = _argument(call, 3, "options")
        if isinstance(options, ast.Dict):
            for key, value in zip(options.keys, options.values, strict=False):
                if _string(key) not in ("indexes", "constraints"):
                    continue
                if not isinstance(value, (ast.List, ast.Tuple)):
                    out.unread.append(
                        f"the {_string(key)} option (no list written in the migration)"
                    )
                    continue
                for thing in value.elts:
                    unread = index_unread(thing, _string(key) == "constraints")
                    if unread is not None:
                        out.unread.append(unread)
    elif operation in ("AddIndex", "AddConstraint"):
        constraint = operation == "AddConstraint"
        added = _argument(call, 1, "constraint" if constraint else "index")
        unread = index_unread(added, constraint)
        if unread is not None:
            out.unread.append(unread)
    elif operation == "AddField":
        model = _string(_argument(call, 0, "model_name"))
        name = _string(_argument(call, 1, "name"))
        if model is not None and name is not None:
            _field(out, tables, tables.of(model), name, _argument(call, 2, "field"))
    elif operation in ("AlterField", "RemoveField") and out.family == "sqlite":
        _lite_autoindexes(call, tables, out)
    elif operation == "RemoveIndex":
        model = _string(_argument(call, 0, "model_name"))
        name = _string(_argument(call, 1, "name"))
        if name is not None:
            _drop_index(out, tables, model, name)
    elif operation == "RemoveConstraint":
        model = _string(_argument(call, 0, "model_name"))
        name = _string(_argument(call, 1, "name"))
        if model is None or name is None:
            return
        # as it was made (_delete_unique_sql): a unique index is dropped as
        # one, one the database never made is not
        made = constraint_made(tables.constraints.get((model.lower(), name)), out.family)
        if made == "index":
            _drop_index(out, tables, model, name)
        elif made == "constraint":
            out.add(f"ALTER TABLE {_quoted(tables.of(model))} DROP CONSTRAINT {_quoted(name)};")
    elif operation not in _READ and operation not in _NAMELESS:
        out.unread.append(f"the {operation} operation")


#: The arguments of each operation read that must be string literals for it
#: to be read: (position, keyword).
_NAMES: dict[str, tuple[tuple[int, str], ...]] = {
    "CreateModel": ((0, "name"),),
    "DeleteModel": ((0, "name"),),
    "AddField": ((0, "model_name"), (1, "name")),
    "AlterField": ((0, "model_name"), (1, "name")),
    "RemoveField": ((0, "model_name"), (1, "name")),
    "RenameField": ((0, "model_name"), (1, "old_name"), (2, "new_name")),
    "RenameModel": ((0, "old_name"), (1, "new_name")),
    "AlterModelTable": ((0, "name"),),
    "AddIndex": ((0, "model_name"),),
    "AddConstraint": ((0, "model_name"),),
    "RemoveIndex": ((0, "model_name"), (1, "name")),
    "RemoveConstraint": ((0, "model_name"), (1, "name")),
    "RenameIndex": ((0, "model_name"), (1, "new_name")),
    "AlterUniqueTogether": ((0, "name"),),
    "AlterIndexTogether": ((0, "name"),),
}
_LOOPS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp, ast.For, ast.While)


def _loop_calls(tree: ast.AST) -> set[int]:
    """The ids of the calls made inside a comprehension or a loop
    (``*[migrations.AddField(model_name=m, ...) for m in (...)]``): an
    operation run once per item, which the migration's text names once."""
    out: set[int] = set()
    for node in python_trees.walk(tree):
        if isinstance(node, _LOOPS):
            out.update(id(n) for n in python_trees.walk(node) if isinstance(n, ast.Call))
    return out


def _not_literal(call: ast.Call, operation: str) -> str | None:
    """The first argument of ``call`` (operation ``operation``) that must be
    a string literal and is not (``model_name=m``), as ``name=``."""
    for position, keyword in _NAMES.get(operation, ()):
        node = _argument(call, position, keyword)
        if operation == "AlterModelTable" or node is None:
            continue
        if _string(node) is None:
            return f"{keyword}="
    table = _argument(call, 1, "table") if operation == "AlterModelTable" else None
    if (
        table is not None
        and _string(table) is None
        and not (isinstance(table, ast.Constant) and table.value is None)
    ):
        return "table="
    return None


def implicit_sql(
    path: str, text: str, family: str = "postgres"
) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """For each operation of the Django migration ``text`` at ``path`` (its
    ``operations``, not ``state_operations``): ``(start, end, sql, unread)``:
    its span, the statements making what the model needs beyond
    :mod:`dbnamelint.django_ops` on a database of ``family`` (see the module
    docstring; names in double quotes), and what it does that is not followed."""
    read = read_migration(path, text)
    if read is None:
        return []
    tree, offsets, skipped, tables = read
    looped = _loop_calls(tree)
    listed = _listed_operations(tree)
    # a class of the file extending one that makes no name (a RunSQL
    # subclass, whose strings are read where they are written)
    nameless = _NAMELESS | {
        n.name
        for n in python_trees.walk(tree)
        if isinstance(n, ast.ClassDef) and any(_callee(b) in _NAMELESS for b in n.bases)
    }
    elsewhere = imported_runsql(path, tree, listed)
    out = []
    for call in _calls(tree):
        operation = operation_of(call)
        if operation in nameless or (
            operation not in _READ and not _is_operation(call) and id(call) not in listed
        ):
            continue
        start, end = offsets.span(call)
        if in_spans(skipped, start):
            tables.learn(call)
            continue
        made = _Out(family)
        if id(call) in elsewhere:
            where = elsewhere[id(call)]
            if where is None:
                continue  # its SQL given in the migration: read there (a RunSQL)
            made.unread.append(
                f"the {operation} operation (a RunSQL subclass of {where} given no SQL in "
                "the migration: the SQL it runs is written there, and not read)"
            )
            out.append((start, end, "", tuple(made.unread)))
            continue
        if id(call) in looped:
            # never read as one operation: what each pass makes is not known
            made.unread.append(
                f"the {operation} operation built in a loop or a comprehension (each "
                "pass's names are not followed; write each operation out)"
            )
        elif (argument := _not_literal(call, operation)) is not None:
            made.unread.append(f"the {operation} operation (its {argument} is no string literal)")
        _operation(call, tables, made)
        tables.learn(call)
        if made.sql or made.unread:
            out.append((start, end, " ".join(made.sql), tuple(made.unread)))
    return out


#: ``BaseDatabaseSchemaEditor`` methods that run DDL from a model or a field
#: (Django 5.2 ``db/backends/base/schema.py``): the names they make come from
#: the model's state when the code runs, which no string holds.
_EDITOR_DDL = frozenset(
    {
        "create_model",
        "delete_model",
        "add_index",
        "remove_index",
        "rename_index",
        "add_constraint",
        "remove_constraint",
        "add_field",
        "remove_field",
        "alter_field",
        "alter_db_table",
        "alter_db_table_comment",
        "alter_db_tablespace",
        "alter_unique_together",
        "alter_index_together",
    }
)


def runpython_unread(
    text: str, path: str | None = None, *, literal: bool = False
) -> list[tuple[int, str]]:
    """``(offset, what)`` of each call in the forward code of a Django
    migration's ``RunPython`` (the functions given as ``code``, not
    ``reverse_code``) that runs DDL no string of the file holds: a schema
    editor method (:data:`_EDITOR_DDL`: ``schema_editor.add_index(Model,
    models.Index(name=...))``), or ``<x>.execute(...)`` of SQL that is no
    literal nor a name (a call's result, a subscript, an attribute: built
    or read when the code runs). The strings of those functions are read
    where they are written (a DDL string, a module constant); these are
    not (trial s32 netbox A3).

    A function imported from a module of the project (``from .helpers
    import forward``, ``RunPython(helpers.forward)``: the migration at
    ``path`` resolves it, :func:`~dbnamelint.django_imports.resolve`) runs
    as the migration's own: its calls are said the same, at the
    ``RunPython`` call, and so is each ``execute`` of SQL other than a
    data statement (``SELECT``, ``INSERT``, ``UPDATE``, ``DELETE``...), its
    string being in that module, which the gate does not read as the
    migration's. With ``literal`` (the model's reading, not the gate's,
    which judges such strings where they are written), an ``execute`` in
    the migration's own function of a literal other than data statements
    too: the model does not replay it (confirmation s33: a committed
    ``schema_editor.execute('CREATE TABLE "BadTbl" ...')`` was in the
    database, per Django's ``migrate``, and missing from the model unsaid)."""
    try:
        tree = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return []
    functions = {
        n.name: n
        for n in python_trees.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    index = [0]  # each line's offset
    for line in text.split("\n"):
        index.append(index[-1] + len(line) + 1)
    #: (function, where its calls are said: None at each call, else this
    #: offset; its module, None for the migration's own; its file)
    forward: list[_Forward] = []
    found_in: dict[int, str] = {}  # id of an imported function -> its file, as shown
    here = Path(path) if path is not None else None
    for call in (n for n in python_trees.walk(tree) if isinstance(n, ast.Call)):
        if _callee(call.func) != "RunPython":
            continue
        code = _argument(call, 0, "code")
        if isinstance(code, ast.Name) and code.id in functions:
            forward.append((functions[code.id], None, None, here))
        elif code is not None and path is not None:
            from dbnamelint.django_imports import resolve

            found = resolve(path, tree, code)
            if found is not None and isinstance(found[2], ast.FunctionDef | ast.AsyncFunctionDef):
                found_in[id(found[2])] = _shown_from(found[0], here)
                at = index[code.lineno - 1] + code.col_offset
                forward.append((found[2], at, found[1], found[0]))
    roots = {id(f[0]) for f in forward}
    forward += _called(forward, tree, here, index, found_in)
    out: list[tuple[int, str]] = []
    for function, said_at, module, _file in forward:
        args = function.args.args
        if id(function) in roots:
            given = {args[1].arg if len(args) >= 2 else "schema_editor"}
        else:
            # a helper the code calls: the editor is passed as any argument
            given = {a.arg for a in (*function.args.posonlyargs, *args, *function.args.kwonlyargs)}
        # and one the code opens: ``with connection.schema_editor() as x``
        editors = (
            given
            | {"schema_editor"}
            | {
                item.optional_vars.id
                for node in python_trees.walk(function)
                if isinstance(node, ast.With | ast.AsyncWith)
                for item in node.items
                if isinstance(item.context_expr, ast.Call)
                and _callee(item.context_expr.func) == "schema_editor"
                and isinstance(item.optional_vars, ast.Name)
            }
        )
        of = f"{function.name}()" + ("" if module is None else " (imported from the project)")
        for node in python_trees.walk(function):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            method = node.func.attr
            at = index[node.lineno - 1] + node.col_offset if said_at is None else said_at
            receiver = node.func.value
            if method in _EDITOR_DDL and isinstance(receiver, ast.Name) and receiver.id in editors:
                out.append((at, f"{receiver.id}.{method}() in RunPython code {of}"))
            elif method in ("execute", "executemany") and node.args:
                sql = node.args[0]
                if isinstance(sql, ast.Call | ast.Subscript | ast.Attribute):
                    out.append(
                        (
                            at,
                            f"{ast.unparse(node.func)}() of SQL built or read when RunPython "
                            f"code {of} runs",
                        )
                    )
                elif module is not None and not _data_sql(sql, module):
                    out.append(
                        (
                            at,
                            f"{ast.unparse(node.func)}() in RunPython code {of}, of SQL "
                            f"written in {found_in.get(id(function), 'that module')},",
                        )
                    )
                elif module is None and literal and not _data_sql(sql, tree):
                    out.append((at, f"{ast.unparse(node.func)}() of DDL in RunPython code {of}"))
    return out


def _shown_from(file: Path, here: Path | None) -> str:
    """``file`` relative to the migration's folder (``here``: its path): what
    a file says must not depend on where it is read (the gate reads the base
    from a temporary folder: relative to the working directory, every
    committed note was "new since the base", session 37)."""
    if here is None:
        return Path(os.path.relpath(file)).as_posix()
    return Path(os.path.relpath(file, here.parent)).as_posix() + " (from this migration's folder)"


_Forward = tuple[ast.FunctionDef | ast.AsyncFunctionDef, int | None, ast.Module | None, Path | None]
#: How many functions deep the calls of ``RunPython`` code are followed.
_MAX_CALLED = 64


def _called(
    forward: list[_Forward],
    tree: ast.Module,
    here: Path | None,
    index: list[int],
    found_in: dict[int, str],
) -> list[_Forward]:
    """The functions of the project that ``forward`` (``RunPython`` code)
    calls, and those they call, transitively: Django runs them as part of
    that code, so a helper imported by a module the migration imports from
    (``helpers.forward`` calling ``ddl.add_index``) runs its DDL as the
    migration's own. Each is resolved in the file that calls it
    (:func:`~dbnamelint.django_imports.resolve`), and read once (a cycle of
    calls or imports ends). A function of the migration's own file is said
    at each of its calls, as the migration's; one of another module at the
    ``RunPython`` call, or at the call of it in the migration's own code."""
    from dbnamelint.django_imports import resolve

    def key(function: ast.stmt, file: Path | None) -> tuple[str, int, str]:
        # by place: each resolve parses its module again
        return (str(file), function.lineno, getattr(function, "name", ""))

    seen = {key(f[0], f[3]) for f in forward}
    queue = list(forward)
    out: list[_Forward] = []
    while queue and len(out) < _MAX_CALLED:
        function, said_at, module, file = queue.pop(0)
        if file is None:
            continue
        for node in python_trees.walk(function):
            if not isinstance(node, ast.Call) or not isinstance(
                node.func, ast.Name | ast.Attribute
            ):
                continue
            found = resolve(file, module if module is not None else tree, node.func)
            if found is None or not isinstance(found[2], ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if key(found[2], found[0]) in seen:
                continue
            seen.add(key(found[2], found[0]))
            own = here is not None and found[0] == here
            at = said_at if said_at is not None or own else index[node.lineno - 1] + node.col_offset
            if not own:
                found_in[id(found[2])] = _shown_from(found[0], here)
            entry: _Forward = (found[2], at, None if own else found[1], found[0])
            out.append(entry)
            queue.append(entry)
    return out


#: The statements that change no schema (a data migration's).
_DATA = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "SET", "VALUES", "MERGE"})


def _data_sql(sql: ast.expr, module: ast.Module) -> bool:
    """Whether ``sql`` (an ``execute`` argument in ``module``) is a string, or
    a module constant holding one, of data statements only (:data:`_DATA`)."""
    if isinstance(sql, ast.Name):
        values = [
            n.value
            for n in module.body
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == sql.id for t in n.targets)
        ]
        if len(values) != 1:
            return False
        sql = values[0]
    if not (isinstance(sql, ast.Constant) and isinstance(sql.value, str)):
        return False
    statements = [s.strip() for s in sql.value.split(";") if s.strip()]
    return bool(statements) and all(
        (s.split(None, 1)[0].upper() if s.split() else "") in _DATA for s in statements
    )


def _runsql_sql(call: ast.Call) -> ast.expr | None:
    """The SQL a ``RunSQL`` (subclass) call is given: its first argument or ``sql=``."""
    return _argument(call, 0, "sql")


def imported_runsql(path: str, tree: ast.Module, listed: set[int]) -> dict[int, str | None]:
    """The operations of the migration (``listed``: the ids of the calls of
    its operations lists) whose class is a ``RunSQL`` subclass another module
    of the project defines (:func:`~dbnamelint.django_imports.resolve`):
    call id -> None when the call gives its SQL (read in the migration, as
    ``RunSQL``'s: Django runs the subclass as ``RunSQL``), else that
    module's path (the SQL is written there, and not read). A class not
    resolved, or not deriving from ``RunSQL``, is not one (``DBN013``)."""
    from dbnamelint.django_imports import resolve, subclasses

    out: dict[int, str | None] = {}
    for call in (n for n in python_trees.walk(tree) if isinstance(n, ast.Call) and id(n) in listed):
        operation = operation_of(call)
        if operation in _READ or operation in _NAMELESS:
            continue
        found = resolve(path, tree, call.func)
        if found is None or not isinstance(found[2], ast.ClassDef):
            continue
        where, module, node = found[0], found[1], found[2]
        if where == Path(path) or not subclasses(where, module, node, _RUNSQL):
            continue
        out[id(call)] = None if _runsql_sql(call) is not None else where.name
    return out


_RUNSQL = frozenset({"RunSQL"})


def runsql_calls(path: str | None, tree: ast.Module) -> list[ast.Call]:
    """The calls of a migration's operations lists of a class that derives
    from ``RunSQL`` (the migration's own, or imported from the project): the
    SQL each is given is checked as ``RunSQL``'s (a name, a call's result:
    built when it runs, ``DBN013``)."""
    from dbnamelint.django_imports import resolve, subclasses

    listed = _listed_operations(tree)
    out = []
    for call in (n for n in python_trees.walk(tree) if isinstance(n, ast.Call) and id(n) in listed):
        if _callee(call.func) in _READ or _callee(call.func) in _NAMELESS:
            continue
        found = resolve(path, tree, call.func) if path is not None else None
        if found is None and path is None and isinstance(call.func, ast.Name):
            local = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == call.func.id]
            found = (Path(), tree, local[0]) if local else None
        if (
            found is not None
            and isinstance(found[2], ast.ClassDef)
            and subclasses(found[0], found[1], found[2], _RUNSQL)
        ):
            out.append(call)
    return out


def _listed_operations(tree: ast.AST) -> set[int]:
    """The ids of the calls written as an item of a migration's operation
    list (``operations = [...]``, ``[...] + [...]``, ``*[...]``, the
    ``operations=``/``database_operations=`` of ``SeparateDatabaseAndState``):
    each one an operation, whatever its class (``AddIndexConcurrently`` of
    ``django.contrib.postgres.operations``, a project's own), so one not read
    is said."""
    lists: list[ast.expr] = []
    for node in python_trees.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "operations" for t in node.targets
        ):
            lists.append(node.value)
        elif isinstance(node, ast.Call):
            lists += [
                k.value for k in node.keywords if k.arg in ("operations", "database_operations")
            ]
    out: set[int] = set()
    while lists:
        value = lists.pop()
        if isinstance(value, ast.BinOp):
            lists += [value.left, value.right]
        elif isinstance(value, ast.Starred):
            lists.append(value.value)
        elif isinstance(value, (ast.List, ast.Tuple)):
            for item in value.elts:
                if isinstance(item, ast.Call):
                    out.add(id(item))
                elif isinstance(item, ast.Starred):
                    lists.append(item.value)
    return out


def _is_operation(call: ast.Call) -> bool:
    """Whether ``call`` is ``migrations.<Operation>(...)``."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "migrations"
        and func.attr[:1].isupper()
        and func.attr != "Migration"
    )
