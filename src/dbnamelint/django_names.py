"""The names Django's schema editor gives on PostgreSQL that a migration does not write.

:mod:`dbnamelint.django_ops` writes each operation's tables, columns and
the indexes and constraints named in it. ``manage.py migrate`` makes more
(Django 5.2, ``django/db/backends/base/schema.py`` and
``postgresql/schema.py``; ``manage.py sqlmigrate`` prints them):

- a primary key (``<table>_pkey``: PostgreSQL's name) and, for an
  ``AutoField``/``BigAutoField``/``SmallAutoField``, an identity column (its
  sequence ``<table>_<column>_seq``);
- ``unique=True`` (and a ``OneToOneField``): an inline ``UNIQUE``
  (``<table>_<column>_key``);
- ``db_index=True`` (a ``ForeignKey``'s and a ``SlugField``'s default)
  without ``unique``: ``CREATE INDEX <table>_<column>_<hash>``;
- a ``varchar``/``text`` column indexed or unique (``CharField``,
  ``SlugField``, ``EmailField``, ``URLField``, ``FileField``...,
  ``TextField``): also ``<table>_<column>_<hash>_like`` (``varchar_pattern_ops``,
  ``_create_like_index_sql``);
- a foreign key: ``<table>_<column>_<hash>_fk_<target table>_<target column>``;
- a ``ManyToManyField``'s table (``<table>_<field>``): ``id``,
  ``<model>_id``, ``<target model>_id`` (``from_<model>_id`` and
  ``to_<model>_id`` when it points at its own model), their foreign keys and
  indexes, and ``<table>_<from>_<to>_<hash>_uniq``;
- ``unique_together``: ``<table>_<columns>_<hash>_uniq``.

``<hash>`` is ``names_digest(table, *columns, length=8)`` (MD5 of the
names, the first 8 hex digits) and a name longer than 63 characters is cut
as ``BaseDatabaseSchemaEditor._create_index_name`` cuts it. ``RemoveIndex``
and ``RemoveConstraint`` drop the named one. What Django does that is not
followed here is said (:func:`implicit_sql`'s unread): ``AlterUniqueTogether``,
``AlterIndexTogether``, ``AlterOrderWithRespectTo``, a foreign key to a
model named by a setting (``settings.AUTH_USER_MODEL``).
"""

from __future__ import annotations

import ast
import hashlib

from dbnamelint.django_ops import _calls, _column, _earlier_tables, _string, _Tables, app_label
from dbnamelint.django_reverse import _argument, _callee, _Offsets, in_spans, reverse_spans

__all__ = ["implicit_sql", "index_name"]

_AUTO = frozenset({"AutoField", "BigAutoField", "SmallAutoField"})
_VARCHAR = frozenset(
    {
        "CharField",
        "SlugField",
        "EmailField",
        "URLField",
        "FilePathField",
        "FileField",
        "ImageField",
        "TextField",
    }
)
_FOREIGN = frozenset({"ForeignKey", "OneToOneField"})
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
        "HStoreExtension",
        "UnaccentExtension",
        "CITextExtension",
        "CryptoExtension",
    }
)
#: Operations :mod:`dbnamelint.django_ops` and this module read.
_READ = frozenset(
    {
        "CreateModel",
        "AddField",
        "RenameField",
        "AlterModelTable",
        "RenameModel",
        "AddIndex",
        "AddConstraint",
        "AlterField",
        "RenameIndex",
        "RemoveField",
        "DeleteModel",
        "RemoveIndex",
        "RemoveConstraint",
    }
)
MAX_NAME = 63  # PostgreSQL's max_name_length()


def _digest(*names: str) -> str:
    """``django.db.backends.utils.names_digest(*names, length=8)``."""
    h = hashlib.md5(usedforsecurity=False)
    for name in names:
        h.update(name.encode())
    return h.hexdigest()[:8]


def index_name(table: str, columns: list[str], suffix: str = "", max_length: int = MAX_NAME) -> str:
    """``BaseDatabaseSchemaEditor._create_index_name(table, columns, suffix)``
    (``max_length``: the backend's ``max_name_length()``, PostgreSQL's 63;
    SQLite has none: 200)."""
    hash_part = f"{_digest(table, *columns)}{suffix}"
    name = f"{table}_{'_'.join(columns)}_{hash_part}"
    if len(name) <= max_length:
        return name
    if len(hash_part) > max_length / 3:
        hash_part = hash_part[: max_length // 3]
    other = (max_length - len(hash_part)) // 2 - 1
    name = f"{table[:other]}_{'_'.join(columns)[:other]}_{hash_part}"
    if name[0] == "_" or name[0].isdigit():
        name = f"D{name[:-1]}"
    return name


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


class _Out:
    def __init__(self, sqlite: bool = False) -> None:
        self.sql: list[str] = []
        self.unread: list[str] = []
        #: SQLite (``django/db/backends/sqlite3/schema.py``): no primary key or
        #: foreign key names, no ``_like`` index, a unique set as ``CREATE
        #: UNIQUE INDEX`` (``sql_create_unique``), names up to 200 characters.
        self.sqlite = sqlite
        self.max = 200 if sqlite else MAX_NAME

    def name(self, table: str, columns: list[str], suffix: str = "") -> str:
        return index_name(table, columns, suffix, self.max)

    def unique(self, table: str, columns: list[str], name: str) -> None:
        listed = ", ".join(_q(c) for c in columns)
        if self.sqlite:
            self.add(f"CREATE UNIQUE INDEX {_q(name)} ON {_q(table)} ({listed});")
        else:
            self.add(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} UNIQUE ({listed});")

    def add(self, statement: str) -> None:
        self.sql.append(statement)


def _target(field: ast.Call, app: str, tables: _Tables, model: str) -> tuple[str, str] | None:
    """The table a relation's ``to`` names, and its model's name lowercased."""
    to = _argument(field, 0, "to")
    name = _string(to)
    if name is None:
        return None
    if name == "self":
        return tables.of(model), model.lower()
    if "." in name:
        target_app, target = name.split(".", 1)
        if target_app == app:
            return tables.of(target), target.lower()
        return f"{target_app}_{target.lower()}", target.lower()
    return tables.of(name), name.lower()


def _field(
    out: _Out, table: str, model: str, name: str, field: ast.expr | None, app: str, tables: _Tables
) -> None:
    """What Django makes for field ``name`` of ``model`` (table ``table``)
    beyond its column (see the module docstring)."""
    if not isinstance(field, ast.Call):
        return
    kind = _callee(field.func)
    column, many = _column(name, field)
    if many:
        _many(out, table, model, name, field, app, tables)
        return
    primary = _true(_kw(field, "primary_key"))
    unique = primary or _true(_kw(field, "unique")) or kind == "OneToOneField"
    indexed = _kw(field, "db_index")
    db_index = _true(indexed) or (indexed is None and kind in ("ForeignKey", "SlugField"))
    if primary:
        if out.sqlite:
            return  # INTEGER PRIMARY KEY AUTOINCREMENT: nothing named
        out.add(f"ALTER TABLE {_q(table)} ADD PRIMARY KEY ({_q(column)});")
        if kind in _AUTO:
            out.add(
                f"ALTER TABLE {_q(table)} ALTER COLUMN {_q(column)} "
                "ADD GENERATED BY DEFAULT AS IDENTITY;"
            )
    elif unique:
        out.add(f"ALTER TABLE {_q(table)} ADD UNIQUE ({_q(column)});")
    elif db_index:
        out.add(f"CREATE INDEX {_q(out.name(table, [column]))} ON {_q(table)} ({_q(column)});")
    if (unique or db_index) and kind in _VARCHAR and not out.sqlite:
        like = out.name(table, [column], "_like")
        out.add(f"CREATE INDEX {_q(like)} ON {_q(table)} ({_q(column)});")
    if kind in _FOREIGN and not _false(_kw(field, "db_constraint")) and not out.sqlite:
        target = _target(field, app, tables, model)
        if target is None:
            out.unread.append(
                f"the foreign key constraint of field {name} (its target is no literal: "
                "a setting such as AUTH_USER_MODEL)"
            )
            return
        to_column = _string(_kw(field, "to_field")) or "id"
        fk = index_name(table, [column], f"_fk_{target[0]}_{to_column}")
        out.add(
            f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(fk)} FOREIGN KEY ({_q(column)}) "
            f"REFERENCES {_q(target[0])} ({_q(to_column)});"
        )


def _many(
    out: _Out, table: str, model: str, name: str, field: ast.Call, app: str, tables: _Tables
) -> None:
    """A ``ManyToManyField``'s own table (``create_model`` of its auto-created
    ``through`` model: ``ManyToManyField.contribute_to_class``)."""
    if _kw(field, "through") is not None:
        return  # a model of its own, made by its own CreateModel
    target = _target(field, app, tables, model)
    if target is None:
        out.unread.append(
            f"the table of many-to-many field {name} (its target is no literal: "
            "a setting such as AUTH_USER_MODEL)"
        )
        return
    through = _string(_kw(field, "db_table")) or f"{table}_{name}"
    if len(through) > out.max:
        # django.db.backends.utils.truncate_name(name, max): cut, with a 4-digit hash
        through = f"{through[: out.max - 5]}_{_digest(through)[:4]}"
    source = model.lower()
    if target[1] == source:
        from_col, to_col = f"from_{source}_id", f"to_{source}_id"
    else:
        from_col, to_col = f"{source}_id", f"{target[1]}_id"
    t = _q(through)
    out.add(f"ALTER TABLE {t} ADD COLUMN {_q(from_col)} bigint;")
    out.add(f"ALTER TABLE {t} ADD COLUMN {_q(to_col)} bigint;")
    if not out.sqlite:
        out.add(f'ALTER TABLE {t} ADD PRIMARY KEY ("id");')
        out.add(f'ALTER TABLE {t} ALTER COLUMN "id" ADD GENERATED BY DEFAULT AS IDENTITY;')
    out.unique(through, [from_col, to_col], out.name(through, [from_col, to_col], "_uniq"))
    for column, refers in ((from_col, table), (to_col, target[0])):
        if not out.sqlite:
            fk = out.name(through, [column], f"_fk_{refers}_id")
            out.add(
                f"ALTER TABLE {t} ADD CONSTRAINT {_q(fk)} FOREIGN KEY ({_q(column)}) "
                f'REFERENCES {_q(refers)} ("id");'
            )
        out.add(f"CREATE INDEX {_q(out.name(through, [column]))} ON {t} ({_q(column)});")


def _fields(call: ast.Call) -> list[tuple[str, ast.expr]]:
    fields = _argument(call, 1, "fields")
    out = []
    for item in fields.elts if isinstance(fields, (ast.List, ast.Tuple)) else []:
        if isinstance(item, ast.Tuple) and len(item.elts) == 2:
            name = _string(item.elts[0])
            if name is not None:
                out.append((name, item.elts[1]))
    return out


def _operation(call: ast.Call, tables: _Tables, app: str, out: _Out) -> None:
    """What operation ``call`` makes that :mod:`.django_ops` does not write;
    ``tables`` as the operations before it left them (this one learnt by the caller)."""
    operation = _callee(call.func)
    if operation == "CreateModel":
        model = _string(_argument(call, 0, "name"))
        if model is None:
            return
        after = tables.copy()
        after.learn(call)
        table = after.of(model)
        columns = {}
        for field_name, field in _fields(call):
            _field(out, table, model, field_name, field, app, after)
            columns[field_name] = _column(field_name, field)[0]
        options = _argument(call, 3, "options")
        if isinstance(options, ast.Dict):
            for key, value in zip(options.keys, options.values, strict=False):
                if _string(key) == "unique_together":
                    for group in _groups(value):
                        cols = [columns.get(f, f) for f in group]
                        out.unique(table, cols, out.name(table, cols, "_uniq"))
                elif _string(key) == "index_together" and _groups(value):
                    out.unread.append("the index_together option")
    elif operation == "AddField":
        model = _string(_argument(call, 0, "model_name"))
        name = _string(_argument(call, 1, "name"))
        if model is not None and name is not None:
            _field(out, tables.of(model), model, name, _argument(call, 2, "field"), app, tables)
    elif operation == "RemoveIndex":
        name = _string(_argument(call, 1, "name"))
        if name is not None:
            out.add(f"DROP INDEX {_q(name)};")
    elif operation == "RemoveConstraint":
        model = _string(_argument(call, 0, "model_name"))
        name = _string(_argument(call, 1, "name"))
        if model is not None and name is not None:
            out.add(f"ALTER TABLE {_q(tables.of(model))} DROP CONSTRAINT {_q(name)};")
    elif operation not in _READ and operation not in _NAMELESS:
        out.unread.append(f"the {operation} operation")


def _groups(value: ast.expr | None) -> list[list[str]]:
    """``unique_together``'s field name groups (a set or list of tuples, or one tuple)."""
    if isinstance(value, ast.Call) and value.args:  # set((...),)
        value = value.args[0]
    if not isinstance(value, (ast.Set, ast.List, ast.Tuple)):
        return []
    items = value.elts
    if items and all(isinstance(e, ast.Constant) for e in items):
        items = [value]  # one group: ("a", "b")
    out = []
    for item in items:
        if isinstance(item, (ast.Tuple, ast.List, ast.Set)):
            names = [_string(e) for e in item.elts]
            out.append([n for n in names if n is not None])
    return out


def implicit_sql(
    path: str, text: str, family: str = "postgres"
) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """For each operation of the Django migration ``text`` at ``path`` (its
    ``operations``, not ``state_operations``): ``(start, end, sql, unread)``:
    its span, the statements making what Django names itself (see the module
    docstring), and what it does that is not followed; ``family``: the
    database's (``postgres``, ``sqlite``: :class:`_Out`)."""
    if "migrations.Migration" not in text:
        return []
    app = app_label(path)
    if app is None:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    offsets = _Offsets(text)
    skipped = reverse_spans(text)
    tables = _earlier_tables(path, app)
    out = []
    for call in _calls(tree):
        operation = _callee(call.func)
        if operation in _NAMELESS or (operation not in _READ and not _is_operation(call)):
            continue
        start, end = offsets.span(call)
        if in_spans(skipped, start):
            tables.learn(call)
            continue
        made = _Out(sqlite=family == "sqlite")
        _operation(call, tables, app, made)
        tables.learn(call)
        if made.sql or made.unread:
            out.append((start, end, " ".join(made.sql), tuple(made.unread)))
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
