"""``db/schema.rb``'s calls as the SQL ``bin/rails db:schema:load`` runs for them.

Each call becomes the DDL ActiveRecord's schema statements write on the
file's database (activerecord/lib/active_record/connection_adapters/
abstract/schema_creation.rb, each adapter's ``NATIVE_DATABASE_TYPES``), one
SQL text line per Ruby call, tied to the call's line and column so the SQL
reader's events can be moved back there (as the Liquibase front end does).

Facts used (Rails' source):

- names are quoted (``quote_table_name``/``quote_column_name``), so written
  exactly as in the file; ``"s.t"`` is schema ``s``'s table ``t`` (PostgreSQL);
- ``create_table`` without ``id:``/``primary_key:`` makes ``id`` the primary
  key: ``bigserial primary key`` on PostgreSQL, ``bigint auto_increment
  PRIMARY KEY`` on MySQL, ``integer PRIMARY KEY AUTOINCREMENT NOT NULL`` on
  SQLite; an integer-like ``id:`` type is auto-incrementing (``serial``)
  unless a ``default:`` is given (``integer_like_primary_key?``); ``id:
  :uuid`` defaults to ``gen_random_uuid()``; ``primary_key: "code"`` names
  the column, ``primary_key: ["a", "b"]`` is a composite key over block
  columns, ``id: false`` makes none; the database names the key
  (PostgreSQL ``<table>_pkey``);
- ``t.index`` is a ``CREATE INDEX`` after the table (its ``name:``, else
  ``index_<table>_on_<columns joined by _and_>``), a string column list an
  expression (``"lower((email)::text)"``);
- ``t.datetime`` (and ``t.timestamp``, an alias: ``aliased_types``) without
  ``precision:`` is precision 6 in a file loaded as ``ActiveRecord::Schema[7.0]``
  or later (``TableDefinition#new_column_definition``: ``if type == :datetime &&
  !options.key?(:precision) then options[:precision] = 6``; the dumper then
  leaves ``precision: 6`` out and writes ``precision: nil`` for a column
  without one); ``Schema[6.1]`` and older (``Migration::Compatibility::V6_1``)
  and a file without ``[version]`` (dumped before Rails 7, which wrote
  ``precision: 6`` out) keep no precision; ``t.time`` has no default;
- foreign keys, checks, exclusion and unique constraints without ``name:``
  get Rails' hashed names (:mod:`.names`); SQLite takes foreign keys only
  in ``CREATE TABLE`` (Rails rebuilds the table), so there they are written
  into the table's definition.
"""

from __future__ import annotations

import json

from dbnamelint.frontends.generated_sql import Line
from dbnamelint.frontends.rails import names
from dbnamelint.frontends.rails.ruby import Call, Lambda, Raw, Symbol, Unread, Value

__all__ = ["generate"]

_PG_TYPES = {
    "string": "character varying",
    "text": "text",
    "integer": "integer",
    "bigint": "bigint",
    "float": "float",
    "decimal": "decimal",
    "numeric": "numeric",
    "datetime": "timestamp",
    "timestamp": "timestamp",
    "timestamptz": "timestamp with time zone",
    "time": "time",
    "date": "date",
    "binary": "bytea",
    "boolean": "boolean",
    "bit_varying": "bit varying",
}
_MYSQL_TYPES = {
    "string": "varchar",
    "text": "text",
    "integer": "int",
    "bigint": "bigint",
    "float": "float",
    "decimal": "decimal",
    "numeric": "decimal",
    "datetime": "datetime",
    "timestamp": "timestamp",
    "time": "time",
    "date": "date",
    "binary": "blob",
    "boolean": "tinyint(1)",
    "json": "json",
}
_SQLITE_TYPES = {
    "string": "varchar",
    "text": "text",
    "integer": "integer",
    "bigint": "bigint",
    "float": "float",
    "decimal": "decimal",
    "datetime": "datetime",
    "timestamp": "datetime",
    "time": "time",
    "date": "date",
    "binary": "blob",
    "boolean": "boolean",
    "json": "json",
}
#: Column options that are no column type (``t.column "x", :string``).
_ACTIONS = {"cascade": "CASCADE", "nullify": "SET NULL", "restrict": "RESTRICT"}
_INTEGER_LIKE = frozenset({"integer", "bigint", "primary_key"})


def _text(value: Value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Symbol):
        return value.name
    return None


def _strings(value: Value) -> list[str]:
    if isinstance(value, list):
        return [t for v in value if (t := _text(v)) is not None]
    text = _text(value)
    return [text] if text is not None else []


class _Gen:
    def __init__(self, dialect: str, datetime_precision: int | None = None) -> None:
        self.dialect = dialect
        #: ``t.datetime``'s precision when ``precision:`` is not written (Rails 7+: 6).
        self.datetime_precision = datetime_precision
        self.family = (
            "mysql"
            if dialect in ("mysql", "mariadb")
            else "sqlite"
            if dialect == "sqlite"
            else "pg"
        )
        self.unread: list[Unread] = []
        #: SQLite: foreign keys to write into each table's CREATE TABLE.
        self.inline_fks: dict[str, list[Line]] = {}

    # names and literals -------------------------------------------------

    def quote(self, name: str) -> str:
        if self.family == "mysql":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def table(self, name: str) -> str:
        if self.family == "pg" and "." in name:
            schema, _, rest = name.partition(".")
            return f"{self.quote(schema)}.{self.quote(rest)}"
        return self.quote(name)

    def literal(self, value: Value) -> str | None:
        if isinstance(value, bool):
            return (
                ("TRUE" if value else "FALSE") if self.family == "pg" else ("1" if value else "0")
            )
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        if isinstance(value, Lambda):
            return value.sql if self.family == "pg" else f"({value.sql})"
        if isinstance(value, dict):
            return "'" + json.dumps(_plain(value)).replace("'", "''") + "'"
        if isinstance(value, list):
            if self.family != "pg":
                return "'" + json.dumps(_plain(value)).replace("'", "''") + "'"
            items = ",".join(json.dumps(_plain(v)) for v in value)
            return "'{" + items.replace("'", "''") + "}'"
        return None

    def sql_type(self, kind: str, options: dict[str, Value]) -> str:
        """The SQL type of a ``t.<kind>`` column (``NATIVE_DATABASE_TYPES``,
        ``type_to_sql``); an unknown type as written."""
        if kind == "enum" and self.family == "pg":
            enum = _text(options.get("enum_type"))
            return self.table(enum) if enum else "text"
        table = {"pg": _PG_TYPES, "mysql": _MYSQL_TYPES, "sqlite": _SQLITE_TYPES}[self.family]
        base = table.get(kind, kind.replace("_", " ") if self.family == "pg" else kind)
        limit = options.get("limit")
        precision = options.get("precision")
        scale = options.get("scale")
        if kind == "integer" and isinstance(limit, int) and self.family == "pg":
            base = {1: "smallint", 2: "smallint", 3: "integer", 4: "integer"}.get(limit, "bigint")
        elif kind == "string" and self.family == "mysql" and not isinstance(limit, int):
            base += "(255)"
        elif kind in ("string", "binary") and isinstance(limit, int):
            base += f"({limit})" if kind == "string" or self.family == "mysql" else ""
            if kind == "binary" and self.family == "mysql":
                base = f"varbinary({limit})"
        elif kind in ("decimal", "numeric") and isinstance(precision, int):
            base += f"({precision},{scale})" if isinstance(scale, int) else f"({precision})"
        elif kind in ("datetime", "timestamp", "time") and isinstance(precision, int):
            base += f"({precision})"
        elif (
            kind in ("datetime", "timestamp")
            and "precision" not in options
            and self.datetime_precision is not None
        ):
            base += f"({self.datetime_precision})"
        if options.get("array") is True and self.family == "pg":
            base += "[]"
        if options.get("unsigned") is True and self.family == "mysql":
            base += " unsigned"
        return base

    # columns ----------------------------------------------------------------

    def column(self, name: str, kind: str, options: dict[str, Value]) -> str:
        parts = [self.quote(name)]
        if kind == "virtual":
            parts.append(self.sql_type(_text(options.get("type")) or "text", options))
            expression = _text(options.get("as")) or "NULL"
            stored = " STORED" if options.get("stored") is True else ""
            if self.family == "mysql":
                parts.append(f"AS ({expression}){stored or ' VIRTUAL'}")
            else:
                parts.append(f"GENERATED ALWAYS AS ({expression}){stored or ' VIRTUAL'}")
            return " ".join(parts)
        parts.append(self.sql_type(kind, options))
        if options.get("null") is False:
            parts.append("NOT NULL")
        if "default" in options and options["default"] is not None:
            default = self.literal(options["default"])
            if default is not None:
                parts.append(f"DEFAULT {default}")
        return " ".join(parts)

    def primary_key(self, call: Call) -> tuple[list[str], list[str]]:
        """The implicit primary key column of ``create_table`` (SQL text,
        or none) and the composite key's columns."""
        options = call.options
        key = options.get("primary_key")
        if isinstance(key, list):
            return [], _strings(key)
        raw_id = options.get("id")
        if raw_id is False:
            return [], []
        column = _text(key) if key is not None else "id"
        spec: dict[str, Value] = {}
        if isinstance(raw_id, dict):
            spec = dict(raw_id)
            kind = _text(spec.pop("type", None)) or "primary_key"
        else:
            kind = _text(raw_id) or "primary_key"
            spec = {
                k: options[k] for k in ("default", "limit", "precision", "unsigned") if k in options
            }
        if kind == "primary_key":
            kind = "bigint"
            auto = True
        else:
            auto = kind in _INTEGER_LIKE and "default" not in spec
        name = self.quote(column or "id")
        if self.family == "sqlite" and (auto or kind in ("integer", "bigint")):
            return [f"{name} integer PRIMARY KEY AUTOINCREMENT NOT NULL"], []
        if auto and self.family == "pg":
            return [f"{name} {'bigserial' if kind == 'bigint' else 'serial'} PRIMARY KEY"], []
        if kind in ("serial", "bigserial") and self.family == "pg":
            return [f"{name} {kind} PRIMARY KEY"], []
        if kind == "uuid" and self.family == "pg" and "default" not in spec:
            spec["default"] = Lambda("gen_random_uuid()")
        sql = self.sql_type(kind, spec)
        default = self.literal(spec["default"]) if spec.get("default") is not None else None
        text = f"{name} {sql} NOT NULL"
        if auto and self.family == "mysql":
            text += " AUTO_INCREMENT"
        if default is not None:
            text += f" DEFAULT {default}"
        return [text + " PRIMARY KEY"], []

    # statements -------------------------------------------------------------

    def create_table(self, call: Call) -> list[list[Line]]:
        table = _text(call.args[0]) if call.args else None
        if table is None:
            self.unread.append(Unread(call.line, call.column, "create_table without a name"))
            return []
        at = (call.line, call.column)
        elements: list[Line] = []
        pk_sql, composite = self.primary_key(call)
        elements.extend(Line(t, *at) for t in pk_sql)
        after: list[list[Line]] = []
        keys: list[Line] = []  # t.references' foreign keys, after the columns
        for inner in call.block or []:
            kind = inner.name.partition(".")[2] if "." in inner.name else ""
            where = (inner.line, inner.column)
            if kind == "index":
                made = self.index(table, inner.args[0] if inner.args else None, inner)
                if made is not None:
                    after.append([made])
                continue
            if kind == "check_constraint" and inner.args and isinstance(inner.args[0], str):
                name = _text(inner.options.get("name")) or names.check_name(table, inner.args[0])
                elements.append(
                    Line(f"CONSTRAINT {self.quote(name)} CHECK ({inner.args[0]})", *where)
                )
                continue
            if kind == "unique_constraint" and inner.args and self.family == "pg":
                columns = _strings(inner.args[0])
                name = _text(inner.options.get("name")) or names.unique_name(table, columns)
                listed = ", ".join(self.quote(c) for c in columns)
                deferrable = _text(inner.options.get("deferrable"))
                tail = f" DEFERRABLE INITIALLY {deferrable.upper()}" if deferrable else ""
                elements.append(
                    Line(f"CONSTRAINT {self.quote(name)} UNIQUE ({listed}){tail}", *where)
                )
                continue
            if kind == "exclusion_constraint" and inner.args and self.family == "pg":
                expression = _text(inner.args[0]) or ""
                name = _text(inner.options.get("name")) or names.exclusion_name(table, expression)
                using = _text(inner.options.get("using")) or "gist"
                where_sql = _text(inner.options.get("where"))
                tail = f" WHERE ({where_sql})" if where_sql else ""
                elements.append(
                    Line(
                        f"CONSTRAINT {self.quote(name)} EXCLUDE USING {using} ({expression}){tail}",
                        *where,
                    )
                )
                continue
            if kind == "timestamps":
                # TableDefinition#timestamps: two datetime columns, NOT NULL unless `null:` says
                stamped = {"null": False, **inner.options}
                elements += [
                    Line(self.column(c, "datetime", stamped), *where)
                    for c in ("created_at", "updated_at")
                ]
                continue
            if kind in ("references", "belongs_to") and inner.args:
                made_refs = self.references(table, inner)
                if made_refs is None:
                    self.unread.append(Unread(inner.line, inner.column, _shown(inner)))
                    continue
                elements += made_refs[0]
                after += [[i] for i in made_refs[1]]
                keys += made_refs[2]
                continue
            if kind in ("column", "virtual") or (kind and kind not in _NOT_COLUMNS):
                made_columns = self.columns(kind, inner)
                if made_columns is None:
                    self.unread.append(Unread(inner.line, inner.column, _shown(inner)))
                    continue
                elements.extend(Line(t, *where) for t in made_columns)
                after += [[i] for i in self._column_indexes(table, kind, inner)]
                continue
            self.unread.append(Unread(inner.line, inner.column, _shown(inner)))
        if composite:
            listed = ", ".join(self.quote(c) for c in composite)
            elements.append(Line(f"PRIMARY KEY ({listed})", *at))
        elements += keys
        elements.extend(self.inline_fks.get(table, []))
        lines = [Line(f"CREATE TABLE {self.table(table)} (", *at)]
        for i, element in enumerate(elements):
            comma = "," if i < len(elements) - 1 else ""
            lines.append(Line(element.text + comma, element.line, element.column))
        lines.append(Line(")" + self.table_options(call.options), *at))
        return [lines, *after]

    def references(self, table: str, call: Call) -> _Made | None:
        """``t.references :user`` (``t.belongs_to``) in a ``create_table``
        block: its columns, indexes and foreign keys (Rails'
        ``ReferenceDefinition#add_to``: ``<name>_id`` of ``type:`` (bigint),
        after a ``<name>_type`` string when ``polymorphic:``; an index on
        them unless ``index: false``, named ``index.name``, else
        ``index_<table>_on_<name>`` when polymorphic, else after its
        columns; with ``foreign_key:`` a key to ``to_table:``, else the
        plural of the name, written in the table's definition)."""
        options = dict(call.options)
        polymorphic = options.pop("polymorphic", False)
        index = options.pop("index", True)
        foreign_key = options.pop("foreign_key", False)
        kind = _text(options.pop("type", None)) or "bigint"
        where = (call.line, call.column)
        columns: list[Line] = []
        indexes: list[Line] = []
        keys: list[Line] = []
        for value in call.args:
            name = _text(value)
            if name is None:
                return None
            made = [(f"{name}_id", kind, options)]
            if polymorphic is not False and polymorphic is not None:
                shared = {k: v for k, v in options.items() if k == "null"}
                extra = polymorphic if isinstance(polymorphic, dict) else {}
                made.insert(0, (f"{name}_type", "string", {**extra, **shared}))
            columns += [Line(self.column(c, t, o), *where) for c, t, o in made]
            if index is not False and index is not None:
                spec = dict(index) if isinstance(index, dict) else {}
                if polymorphic and "name" not in spec:
                    spec["name"] = f"index_{table.rpartition('.')[2]}_on_{name}"
                listed: list[Value] = [c for c, _, _ in made]
                line = self.index(table, listed, Call(call.name, [], spec, *where))
                if line is not None:
                    indexes.append(line)
            if foreign_key is not False and foreign_key is not None:
                spec = dict(foreign_key) if isinstance(foreign_key, dict) else {}
                target = _text(spec.pop("to_table", None)) or names.pluralize(name)
                spec["column"] = f"{name}_id"
                fk = self.foreign_key(Call("add_foreign_key", [table, target], spec, *where))
                if fk is not None:
                    keys.append(fk[1])
        return columns, indexes, keys

    def _column_indexes(self, table: str, kind: str, call: Call) -> list[Line]:
        """``t.string "email", index: true`` (or ``index: { unique: true }``):
        an index on each column (``TableDefinition#column``)."""
        index = call.options.get("index")
        if index is None or index is False or kind in ("column", "virtual"):
            return []
        spec = dict(index) if isinstance(index, dict) else {}
        out = []
        for value in call.args:
            name = _text(value)
            made = self.index(table, [name], Call(call.name, [], spec, call.line, call.column))
            if name is not None and made is not None:
                out.append(made)
        return out

    def table_options(self, options: dict[str, Value]) -> str:
        if self.family != "mysql":
            return ""
        out = ""
        written = _text(options.get("options"))
        if written:
            out += " " + written
        if (charset := _text(options.get("charset"))) is not None:
            out += f" DEFAULT CHARSET={charset}"
        if (collation := _text(options.get("collation"))) is not None:
            out += f" COLLATE={collation}"
        return out

    def columns(self, kind: str, call: Call) -> list[str] | None:
        if kind == "column":
            if len(call.args) < 2:
                return None
            name, written = _text(call.args[0]), _text(call.args[1])
            if name is None or written is None:
                return None
            if isinstance(call.args[1], str) and written not in _PG_TYPES:
                # a SQL type as written (`t.column "geom", "geometry(Point,4326)"`)
                return [f"{self.quote(name)} {written}" + self._null_default(call.options)]
            return [self.column(name, written, call.options)]
        listed = [_text(a) for a in call.args]
        if not listed or any(n is None for n in listed):
            return None
        return [self.column(n, kind, call.options) for n in listed if n is not None]

    def _null_default(self, options: dict[str, Value]) -> str:
        out = " NOT NULL" if options.get("null") is False else ""
        if options.get("default") is not None:
            default = self.literal(options["default"])
            if default is not None:
                out += f" DEFAULT {default}"
        return out

    def index(self, table: str, columns: Value, call: Call) -> Line | None:
        options = call.options
        where_at = (call.line, call.column)
        if isinstance(columns, str) and not _identifier(columns):
            body = columns  # an expression index, as written
            listed: list[str] = []
        else:
            listed = _strings(columns)
            if not listed:
                self.unread.append(Unread(call.line, call.column, _shown(call)))
                return None
            orders = options.get("order")
            opclasses = options.get("opclass")
            lengths = options.get("length")
            parts = []
            for c in listed:
                part = self.quote(c)
                length = _per_column(lengths, c)
                if isinstance(length, int) and self.family == "mysql":
                    part += f"({length})"
                opclass = _text(_per_column(opclasses, c))
                if opclass and self.family == "pg":
                    part += f" {opclass}"
                order = _text(_per_column(orders, c))
                if order:
                    part += " " + order.upper().replace("_", " ")
                parts.append(part)
            body = ", ".join(parts)
        # past 62 bytes Rails 7.1+ names it idx_on_..._<hash> (older Rails refuses it)
        name = _text(options.get("name")) or names.index_name(table.rpartition(".")[2], listed)
        unique = "UNIQUE " if options.get("unique") is True else ""
        kind = _text(options.get("type"))
        if kind and self.family == "mysql":
            unique = f"{kind.upper()} "
        using = _text(options.get("using"))
        head = f"CREATE {unique}INDEX {self.quote(name)}"
        if self.family == "pg":
            sql = f"{head} ON {self.table(table)}{f' USING {using}' if using else ''} ({body})"
            included = _strings(options.get("include"))
            if included:
                sql += f" INCLUDE ({', '.join(self.quote(c) for c in included)})"
            if options.get("nulls_not_distinct") is True:
                sql += " NULLS NOT DISTINCT"
        elif self.family == "mysql":
            method = f" USING {using.upper()}" if using else ""
            sql = f"{head}{method} ON {self.table(table)} ({body})"
        else:
            sql = f"{head} ON {self.table(table)} ({body})"
        where = _text(options.get("where"))
        if where and self.family != "mysql":
            sql += f" WHERE {where}"
        return Line(sql, *where_at)

    def foreign_key(self, call: Call) -> tuple[str, Line] | None:
        """``add_foreign_key``: the table it is on and its constraint's SQL
        (``CONSTRAINT ... FOREIGN KEY ... REFERENCES ...``)."""
        if len(call.args) < 2:
            return None
        source, target = _text(call.args[0]), _text(call.args[1])
        if source is None or target is None:
            return None
        options = call.options
        columns = _strings(options.get("column")) or [names.foreign_key_column(target)]
        keys = _strings(options.get("primary_key")) or ["id"]
        name = _text(options.get("name")) or names.foreign_key_name(source, columns)
        listed = ", ".join(self.quote(c) for c in columns)
        sql = (
            f"CONSTRAINT {self.quote(name)} FOREIGN KEY ({listed})"
            f" REFERENCES {self.table(target)} ({', '.join(self.quote(k) for k in keys)})"
        )
        for option, clause in (("on_delete", "ON DELETE"), ("on_update", "ON UPDATE")):
            action = _text(options.get(option))
            if action in _ACTIONS:
                sql += f" {clause} {_ACTIONS[action]}"
        deferrable = _text(options.get("deferrable"))
        if deferrable and self.family != "mysql":
            sql += f" DEFERRABLE INITIALLY {deferrable.upper()}"
        if options.get("validate") is False and self.family == "pg":
            sql += " NOT VALID"
        return source, Line(sql, call.line, call.column)

    def statement(self, call: Call) -> list[list[Line]]:
        at = (call.line, call.column)
        first = _text(call.args[0]) if call.args else None
        name = call.name
        if name == "create_table":
            return self.create_table(call)
        if name == "add_foreign_key":
            made = self.foreign_key(call)
            if made is None:
                self.unread.append(Unread(call.line, call.column, _shown(call)))
                return []
            if self.family == "sqlite":
                return []  # written into the table's CREATE TABLE
            table, line = made
            return [[Line(f"ALTER TABLE {self.table(table)} ADD {line.text}", *at)]]
        if name == "add_index" and first is not None and len(call.args) >= 2:
            made_index = self.index(first, call.args[1], call)
            return [[made_index]] if made_index is not None else []
        if name == "add_check_constraint" and first and len(call.args) >= 2:
            expression = _text(call.args[1]) or ""
            check = _text(call.options.get("name")) or names.check_name(first, expression)
            tail = (
                " NOT VALID"
                if call.options.get("validate") is False and self.family == "pg"
                else ""
            )
            return [
                [
                    Line(
                        f"ALTER TABLE {self.table(first)} ADD CONSTRAINT {self.quote(check)} "
                        f"CHECK ({expression}){tail}",
                        *at,
                    )
                ]
            ]
        if self.family == "pg" and name == "enable_extension" and first:
            schema, _, extension = first.rpartition(".")
            tail = f" SCHEMA {self.quote(schema)}" if schema else ""
            return [[Line(f"CREATE EXTENSION IF NOT EXISTS {self.quote(extension)}{tail}", *at)]]
        if self.family == "pg" and name == "create_schema" and first:
            return [[Line(f"CREATE SCHEMA {self.quote(first)}", *at)]]
        if self.family == "pg" and name == "create_enum" and first and len(call.args) >= 2:
            values = ", ".join(self.literal(v) or "''" for v in _strings(call.args[1]))
            return [[Line(f"CREATE TYPE {self.table(first)} AS ENUM ({values})", *at)]]
        if (
            self.family == "sqlite"
            and name == "create_virtual_table"
            and first
            and len(call.args) >= 2
        ):
            module = _text(call.args[1]) or ""
            arguments = ", ".join(_strings(call.args[2])) if len(call.args) > 2 else ""
            return [
                [Line(f"CREATE VIRTUAL TABLE {self.quote(first)} USING {module}({arguments})", *at)]
            ]
        definition = _text(call.options.get("sql_definition"))
        if name == "create_view" and first and definition:
            # scenic's dump: the view's SELECT as the database prints it
            materialized = "MATERIALIZED " if call.options.get("materialized") is True else ""
            body = definition.strip().rstrip(";").strip()
            lines = [Line(f"CREATE {materialized}VIEW {self.table(first)} AS", *at)]
            lines.extend(Line(text, call.line, call.column) for text in body.splitlines())
            return [lines]
        self.unread.append(Unread(call.line, call.column, _shown(call)))
        return []


#: What ``t.references`` makes: its columns, its indexes, its foreign keys.
_Made = tuple[list[Line], list[Line], list[Line]]

#: ``t.<method>`` calls of a table block that make no column.
_NOT_COLUMNS = frozenset(
    {"index", "check_constraint", "unique_constraint", "exclusion_constraint", "timestamps"}
    | {"references", "belongs_to", "foreign_key", "remove", "rename", "change"}
)


def _per_column(value: Value, column: str) -> Value:
    """An index option given for all columns (``order: :desc``) or per column
    (``order: { created_at: :desc }``)."""
    if isinstance(value, dict):
        return value.get(column)
    return value


def _identifier(text: str) -> bool:
    return text.replace("_", "a").isalnum()


def _plain(value: Value) -> object:
    if isinstance(value, Symbol):
        return value.name
    if isinstance(value, Lambda | Raw):
        return None
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _shown(call: Call) -> str:
    first = _text(call.args[0]) if call.args else None
    return f"{call.name} {first}" if first else call.name


def datetime_precision(rails_version: str | None) -> int | None:
    """``t.datetime``'s default precision in a file loaded as
    ``ActiveRecord::Schema[rails_version]``: 6 from Rails 7.0 on, else none."""
    if rails_version is None:
        return None
    major, _, _ = rails_version.partition(".")
    return 6 if major.isdigit() and int(major) >= 7 else None


def generate(
    calls: list[Call], dialect: str, rails_version: str | None = None
) -> tuple[list[list[Line]], list[Unread]]:
    """The SQL statements (each a list of :class:`Line`) of ``calls`` on
    ``dialect``, in order, and the calls not read; ``rails_version`` is the
    file's ``ActiveRecord::Schema[...]`` (column defaults differ by version)."""
    gen = _Gen(dialect, datetime_precision(rails_version))
    if gen.family == "sqlite":
        for call in calls:
            if call.name == "add_foreign_key" and (made := gen.foreign_key(call)) is not None:
                gen.inline_fks.setdefault(made[0], []).append(made[1])
    out: list[list[Line]] = []
    for call in calls:
        out.extend(gen.statement(call))
    return out, gen.unread
