"""A Django migration's operations as the DDL Django's schema editor emits (trial s30 healthchecks).

makemigrations writes no SQL: ``CreateModel``, ``AddField``, ``RenameField``,
``AlterField`` (``db_column``), ``AlterModelTable``, ``RenameModel``,
``AddIndex``, ``RenameIndex``, ``AddConstraint``, ``RemoveField`` and
``DeleteModel`` (drops: what a later operation of the change names)
become DDL only when ``manage.py migrate`` runs them (``manage.py
sqlmigrate app 0125`` prints it). The names that DDL gives are Django's:

- a model's table is ``Meta.db_table`` (``options={"db_table": ...}``,
  ``AlterModelTable``), else ``<app_label>_<model name lowercased>`` (Django
  docs, "Models", "Table names"); the app label is the ``label`` of the
  app's ``AppConfig`` (``apps.py``), else the folder holding ``migrations/``;
- a field's column is ``db_column=``, else the field's name, with ``_id``
  for a ``ForeignKey`` or ``OneToOneField`` (Django docs, "Model field
  reference": ``ForeignKey`` "Database Representation");
- a ``ManyToManyField`` is a table ``db_table=``, else
  ``<model's table>_<field name>``;
- an index or constraint is the ``name=`` given.

:func:`operation_sql` gives each operation of the migration ``text`` as
a :class:`~dbnamelint.code_ddl_text.DdlString` laid over the operation's
call (its line breaks kept, each name at the literal that gives it where it
can be, else the nearest free place after): the gate reads and judges it
as the DDL strings of other code. A model's table made by an earlier
migration of the same folder is found in those files (their
operations, ``state_operations`` included, read in name order), and so is
a field's column (a ``RenameField`` of a field with a ``db_column``
renames nothing; of a foreign key, ``owner_id`` to ``ownerCheck_id``).
The column types are not Django's (every column is ``text``): the names
are what is judged.
"""

from __future__ import annotations

import ast
import bisect
import re
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.django_reverse import _argument, _callee, _Offsets, in_spans, reverse_spans

#: The operations read (see the module docstring).
OPERATIONS = frozenset(
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
    }
)
_FOREIGN = frozenset({"ForeignKey", "OneToOneField"})


def _string(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


#: ``label = "x"`` in an app's ``apps.py`` (its ``AppConfig``).
_LABEL = lazy_compile(r"^\s+label\s*=\s*[\"']([A-Za-z_]\w*)[\"']", re.MULTILINE)


def app_label(path: str) -> str | None:
    """The app label of the migration at ``path``: the ``label`` its app's
    ``apps.py`` sets, else the folder holding ``migrations/`` (Django docs,
    "Applications": ``AppConfig.label`` "Defaults to the last component of name")."""
    parts = path.replace("\\", "/").split("/")
    if len(parts) < 3 or parts[-2] != "migrations":
        return None
    try:
        apps = (Path(path).parent.parent / "apps.py").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return parts[-3]
    found = _LABEL.search(apps)
    return found.group(1) if found else parts[-3]


class _Tables:
    """Each model's table, and its fields' columns, as the migrations so far leave them."""

    def __init__(self, app: str) -> None:
        self.app = app
        self.named: dict[str, str] = {}
        #: (model, field) -> (column, a foreign key, db_column given)
        self.columns: dict[tuple[str, str], tuple[str, bool, bool]] = {}

    def of(self, model: str) -> str:
        lower = model.lower()
        return self.named.get(lower, f"{self.app}_{lower}")

    def column(self, model: str, field: str) -> str:
        """Field ``field``'s column (its name when no migration read defines it)."""
        return self.columns.get((model.lower(), field), (field, False, False))[0]

    def copy(self) -> _Tables:
        out = _Tables(self.app)
        out.named = dict(self.named)
        out.columns = dict(self.columns)
        return out

    def _field(self, model: str, name: str, field: ast.expr | None) -> None:
        column, many = _column(name, field)
        if many:
            return
        kind = _callee(field.func) if isinstance(field, ast.Call) else ""
        given = isinstance(field, ast.Call) and _keyword(field, "db_column") is not None
        self.columns[(model.lower(), name)] = (column, kind in _FOREIGN, given)

    def learn(self, call: ast.Call) -> None:
        """What operation ``call`` does to the tables' and columns' names."""
        operation = _callee(call.func)
        if operation == "CreateModel":
            name = _string(_argument(call, 0, "name"))
            if name is None:
                return
            fields = _argument(call, 1, "fields")
            for item in fields.elts if isinstance(fields, (ast.List, ast.Tuple)) else []:
                if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                    field_name = _string(item.elts[0])
                    if field_name is not None:
                        self._field(name, field_name, item.elts[1])
            options = _argument(call, 3, "options")
            if isinstance(options, ast.Dict):
                for key, value in zip(options.keys, options.values, strict=False):
                    table = _string(value)
                    if _string(key) == "db_table" and table is not None:
                        self.named[name.lower()] = table
        elif operation in ("AddField", "AlterField"):
            model = _string(_argument(call, 0, "model_name"))
            name = _string(_argument(call, 1, "name"))
            if model is not None and name is not None:
                self._field(model, name, _argument(call, 2, "field"))
        elif operation == "RenameField":
            model = _string(_argument(call, 0, "model_name"))
            old = _string(_argument(call, 1, "old_name"))
            new = _string(_argument(call, 2, "new_name"))
            if model is not None and old is not None and new is not None:
                column, foreign, given = self.columns.pop((model.lower(), old), (old, False, False))
                if not given:
                    column = f"{new}_id" if foreign else new
                self.columns[(model.lower(), new)] = (column, foreign, given)
        elif operation == "RemoveField":
            model = _string(_argument(call, 0, "model_name"))
            name = _string(_argument(call, 1, "name"))
            if model is not None and name is not None:
                self.columns.pop((model.lower(), name), None)
        elif operation == "DeleteModel":
            name = _string(_argument(call, 0, "name"))
            if name is not None:
                self.named.pop(name.lower(), None)
                for gone in [k for k in self.columns if k[0] == name.lower()]:
                    del self.columns[gone]
        elif operation == "AlterModelTable":
            name = _string(_argument(call, 0, "name"))
            table = _string(_argument(call, 1, "table"))
            if name is not None and table is not None:
                self.named[name.lower()] = table
        elif operation == "RenameModel":
            old = _string(_argument(call, 0, "old_name"))
            new = _string(_argument(call, 1, "new_name"))
            if old is not None and new is not None:
                if old.lower() in self.named:
                    self.named[new.lower()] = self.named.pop(old.lower())
                for model, field in list(self.columns):
                    if model == old.lower():
                        self.columns[(new.lower(), field)] = self.columns.pop((model, field))


def _calls(tree: ast.AST) -> list[ast.Call]:
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    return sorted(calls, key=lambda c: (c.lineno, c.col_offset))


def _earlier_tables(path: str, app: str) -> _Tables:
    """The tables the migrations before ``path`` in its folder leave."""
    folder = Path(path).parent
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:
        return _Tables(app)
    files = [n for n in names if n.endswith(".py") and n[:1].isdigit()]
    own = Path(path).name
    before = bisect.bisect_left(files, own)  # the files named before it
    return _folder_states(folder, app, tuple(files))[before].copy()


#: The last folder read by :func:`_folder_states` (its key, its states).
_STATES: list[tuple[tuple[object, ...], list[_Tables]]] = []


def _folder_states(folder: Path, app: str, files: tuple[str, ...]) -> list[_Tables]:
    """The tables before each of ``files`` (name order) of ``folder`` and
    after the last, read once while the files are unchanged: reading every
    migration of a folder as SQL asks for each one's (once, not once per file
    before it)."""
    stats: list[tuple[str, int, int]] = []
    for name in files:
        try:
            st = (folder / name).stat()
        except OSError:
            continue
        stats.append((name, st.st_mtime_ns, st.st_size))
    key: tuple[object, ...] = (str(folder), app, tuple(stats))
    if _STATES and _STATES[0][0] == key:
        return _STATES[0][1]
    tables = _Tables(app)
    states = [tables.copy()]
    for name in files:
        try:
            tree = ast.parse((folder / name).read_text(encoding="utf-8", errors="replace"))
        except (OSError, SyntaxError, ValueError):
            states.append(tables.copy())
            continue
        for call in _calls(tree):
            tables.learn(call)
        states.append(tables.copy())
    _STATES[:] = [(key, states)]
    return states


class _Layout:
    """SQL tokens laid over a call's span, line breaks kept."""

    def __init__(self, text: str, start: int, end: int, anchored: bool) -> None:
        self.start = start
        self.anchored = anchored
        self.chars = ["\n" if c == "\n" else " " for c in text[start:end]]
        self.cursor = 0
        self.ok = True

    def put(self, token: str, anchor: int | None = None) -> None:
        """``token`` after the last one: at ``anchor`` (a file offset) when
        it can go there, else word by word where each fits before a line break."""
        if not self.ok:
            return
        if self.anchored and anchor is not None and anchor - self.start >= self.cursor:
            at = anchor - self.start
            if "\n" not in self.chars[at : at + len(token)]:
                self.chars[at : at + len(token)] = token
                self.cursor = at + len(token) + 1
                return
        for word in token.split(" ") if anchor is None else [token]:
            self._word(word)

    def _word(self, word: str) -> None:
        width = len(word) + 1
        at = self.cursor
        while "\n" in self.chars[at : at + width]:
            at = self.chars.index("\n", at) + 1
        if at + width > len(self.chars):
            self.ok = False
            return
        self.chars[at : at + len(word)] = word
        self.cursor = at + width


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal_at(node: ast.expr | None, offsets: _Offsets) -> int | None:
    """Where the literal ``node`` starts (its quote), when it is a plain one."""
    if _string(node) is None or node is None:
        return None
    start, end = offsets.span(node)
    return start if end - start == len(_quoted(_string(node) or "")) else None


def _column(name: str, field: ast.expr | None) -> tuple[str, bool]:
    """(The column of field ``name`` defined by ``field``, whether it is a
    many-to-many field: a table, not a column)."""
    if isinstance(field, ast.Call):
        kind = _callee(field.func)
        if kind == "ManyToManyField":
            return name, True
        column = _string(_keyword(field, "db_column"))
        if column is not None:
            return column, False
        if kind in _FOREIGN:
            return f"{name}_id", False
    return name, False


def _field_anchor(
    name: str, field: ast.expr | None, node: ast.expr | None, offsets: _Offsets
) -> int | None:
    """The literal a field's column name is located at: ``db_column=``'s, else the field's name."""
    if isinstance(field, ast.Call):
        column = _keyword(field, "db_column")
        if column is not None:
            return _literal_at(column, offsets)
        if _callee(field.func) in _FOREIGN:
            return None
    return _literal_at(node, offsets)


def _columns(fields: ast.expr | None) -> list[str]:
    if not isinstance(fields, (ast.List, ast.Tuple)):
        return []
    return [s for s in (_string(e) for e in fields.elts) if s is not None]


def _index_or_constraint(
    layout: _Layout,
    table: str,
    thing: ast.expr | None,
    offsets: _Offsets,
    columns_of: dict[str, str] | None = None,
) -> None:
    if not isinstance(thing, ast.Call):
        return
    name_node = _keyword(thing, "name")
    name = _string(name_node)
    if name is None:
        return
    kind = _callee(thing.func)
    of = columns_of or {}
    fields = _columns(_keyword(thing, "fields"))
    columns = ", ".join(_quoted(of.get(f.lstrip("-"), f.lstrip("-"))) for f in fields) or '"id"'
    if kind == "Index":
        layout.put("CREATE INDEX")
        layout.put(_quoted(name), _literal_at(name_node, offsets))
        layout.put(f"ON {_quoted(table)} ({columns});")
    elif kind in ("UniqueConstraint", "CheckConstraint"):
        layout.put(f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT")
        layout.put(_quoted(name), _literal_at(name_node, offsets))
        layout.put(f"UNIQUE ({columns});" if kind == "UniqueConstraint" else "CHECK (true);")


def _lay(layout: _Layout, call: ast.Call, tables: _Tables, offsets: _Offsets) -> None:
    """``call``'s DDL laid over its span (see the module docstring)."""
    operation = _callee(call.func)
    if operation == "CreateModel":
        name = _string(_argument(call, 0, "name"))
        if name is None:
            layout.ok = False
            return
        tables.learn(call)
        table = tables.of(name)
        options = _argument(call, 3, "options")
        layout.put("CREATE TABLE")
        layout.put(_quoted(table))
        layout.put("(")
        fields = _argument(call, 1, "fields")
        many: list[tuple[str, ast.expr | None]] = []
        columns_of: dict[str, str] = {}
        first = True
        for item in fields.elts if isinstance(fields, (ast.List, ast.Tuple)) else []:
            if not (isinstance(item, ast.Tuple) and len(item.elts) == 2):
                continue
            field_name = _string(item.elts[0])
            if field_name is None:
                continue
            column, is_many = _column(field_name, item.elts[1])
            columns_of[field_name] = column
            if is_many:
                many.append((field_name, item.elts[1]))
                continue
            if not first:
                layout.put(",")
            layout.put(
                _quoted(column), _field_anchor(field_name, item.elts[1], item.elts[0], offsets)
            )
            layout.put("text")
            first = False
        layout.put(");")
        for field_name, field in many:
            through = _string(_keyword(field, "db_table")) if isinstance(field, ast.Call) else None
            layout.put(f'CREATE TABLE {_quoted(through or f"{table}_{field_name}")} ("id" text);')
        if isinstance(options, ast.Dict):
            for key, value in zip(options.keys, options.values, strict=False):
                if _string(key) in ("indexes", "constraints") and isinstance(
                    value, (ast.List, ast.Tuple)
                ):
                    for thing in value.elts:
                        _index_or_constraint(layout, table, thing, offsets, columns_of)
    elif operation == "AddField":
        model = _string(_argument(call, 0, "model_name"))
        name_node = _argument(call, 1, "name")
        name = _string(name_node)
        field = _argument(call, 2, "field")
        if model is None or name is None:
            layout.ok = False
            return
        table = tables.of(model)
        column, is_many = _column(name, field)
        if is_many:
            through = _string(_keyword(field, "db_table")) if isinstance(field, ast.Call) else None
            layout.put("CREATE TABLE")
            layout.put(_quoted(through or f"{table}_{name}"))
            layout.put('("id" text);')
            return
        layout.put(f"ALTER TABLE {_quoted(table)} ADD COLUMN")
        layout.put(_quoted(column), _field_anchor(name, field, name_node, offsets))
        layout.put("text;")
    elif operation in ("RenameField", "AlterField"):
        model = _string(_argument(call, 0, "model_name"))
        old = _string(_argument(call, 1, "old_name" if operation == "RenameField" else "name"))
        if model is None or old is None:
            layout.ok = False
            return
        before = tables.column(model, old)
        after_tables = tables.copy()
        after_tables.learn(call)
        if operation == "RenameField":
            new_node: ast.expr | None = _argument(call, 2, "new_name")
            new = _string(new_node)
            if new is None:
                layout.ok = False
                return
            after = after_tables.column(model, new)
        else:
            field = _argument(call, 2, "field")
            new_node = _keyword(field, "db_column") if isinstance(field, ast.Call) else None
            after = after_tables.column(model, old)
        if after == before:
            layout.ok = False  # Django renames no column (db_column kept)
            return
        layout.put(f"ALTER TABLE {_quoted(tables.of(model))} RENAME COLUMN {_quoted(before)} TO")
        anchor = _literal_at(new_node, offsets) if _string(new_node) == after else None
        layout.put(_quoted(after), anchor)
        layout.put(";")
    elif operation == "RenameIndex":
        old_index = _string(_keyword(call, "old_name"))
        new_node = _argument(call, 1, "new_name")
        if old_index is None or _string(new_node) is None:
            layout.ok = False  # old_fields: an index Django named
            return
        layout.put(f"ALTER INDEX {_quoted(old_index)} RENAME TO")
        layout.put(_quoted(_string(new_node) or ""), _literal_at(new_node, offsets))
        layout.put(";")
    elif operation in ("AlterModelTable", "RenameModel"):
        if operation == "AlterModelTable":
            model = _string(_argument(call, 0, "name"))
            new_node = _argument(call, 1, "table")
        else:
            model = _string(_argument(call, 0, "old_name"))
            new_node = _argument(call, 1, "new_name")
        if model is None or _string(new_node) is None:
            layout.ok = False
            return
        old_table = tables.of(model)
        renamed = model.lower() in tables.named
        tables.learn(call)
        if operation == "RenameModel" and renamed:
            layout.ok = False  # db_table set: Django renames no table
            return
        new_table = tables.of(model if operation == "AlterModelTable" else _string(new_node) or "")
        layout.put(f"ALTER TABLE {_quoted(old_table)} RENAME TO")
        anchor = _literal_at(new_node, offsets) if operation == "AlterModelTable" else None
        layout.put(_quoted(new_table), anchor)
        layout.put(";")
    elif operation == "DeleteModel":
        model = _string(_argument(call, 0, "name"))
        if model is None:
            layout.ok = False
            return
        # Django's base schema editor: DROP TABLE ... CASCADE (SQLite's: no CASCADE).
        layout.put(f"DROP TABLE {_quoted(tables.of(model))} CASCADE;")
    elif operation == "RemoveField":
        model = _string(_argument(call, 0, "model_name"))
        name = _string(_argument(call, 1, "name"))
        if model is None or name is None:
            layout.ok = False
            return
        if (model.lower(), name) not in tables.columns:
            layout.ok = False  # a many-to-many field, or one no migration read defines
            return
        column = tables.column(model, name)
        layout.put(f"ALTER TABLE {_quoted(tables.of(model))} DROP COLUMN {_quoted(column)};")
    elif operation in ("AddIndex", "AddConstraint"):
        model = _string(_argument(call, 0, "model_name"))
        added = _argument(call, 1, "index" if operation == "AddIndex" else "constraint")
        if model is None:
            layout.ok = False
            return
        fields = _keyword(added, "fields") if isinstance(added, ast.Call) else None
        columns_of = {f: tables.column(model, f) for f in _columns(fields)}
        _index_or_constraint(layout, tables.of(model), added, offsets, columns_of)


def operation_sql(path: str, text: str) -> list[tuple[int, int, str]]:
    """``(start, end, sql)`` for each operation of the Django migration
    ``text`` at ``path`` read (see the module docstring): ``sql`` is laid
    over ``text[start:end]``, of its length."""
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
        if operation not in OPERATIONS:
            continue
        start, end = offsets.span(call)
        if in_spans(skipped, start):
            tables.learn(call)  # state_operations: run nothing, name the state
            continue
        # Each name at its literal; where the call has no room left after one
        # for what follows, all of it from the call's start.
        known = tables.copy()
        layout = _Layout(text, start, end - 1, anchored=True)
        _lay(layout, call, tables, offsets)
        if not layout.ok:
            tables = known.copy()
            layout = _Layout(text, start, end - 1, anchored=False)
            _lay(layout, call, tables, offsets)
        if operation not in ("CreateModel", "AlterModelTable", "RenameModel"):
            tables = known
            tables.learn(call)  # what the operation leaves, laid or not
        sql = "".join(layout.chars)
        if layout.ok and sql.strip():
            out.append((start, end - 1, sql))
    return out
