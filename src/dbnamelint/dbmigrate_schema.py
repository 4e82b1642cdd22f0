"""db-migrate's and node-pg-migrate's builder calls in a JS migration, as the SQL they run.

A db-migrate migration (``exports.up = function (db, callback) {
db.createTable('t', {id: {type: 'int', primaryKey: true}, name: 'string'},
callback); }``, ``db.addColumn``, ``db.renameColumn``, ``db.addIndex``...,
in callback, promise or ``async.series([db.addColumn.bind(db, ...)])``
style) makes its names with no DDL string the gate reads. :func:`builder_sql`
gives each such call outside the migration's ``down`` as the SQL
db-migrate-pg 1.5.2 sends (db-migrate 0.11; ``db-migrate-base`` and
``db-migrate-pg``'s ``index.js``), each name at its literal (the plumbing of
:mod:`dbnamelint.kysely_schema`); a computed name is a ``${...}`` hole (the
gate's ``DBN013``) and a DDL call not read is returned as unread (``DBN013``,
never a silent pass). What db-migrate-pg sends:

- ``createTable(t, specs | {columns: specs, ifNotExists})``:
  ``CREATE TABLE [IF NOT EXISTS] "t" ("c" <type>[(<length>)] [SERIAL]
  [PRIMARY KEY] [NOT NULL] [UNIQUE] [DEFAULT ...], ... [, PRIMARY KEY ("a",
  "b")])`` (one ``primaryKey`` column is inline, several a table key: both
  ``<t>_pkey``; ``unique``: PostgreSQL's ``<t>_<c>_key``; a spec that is a
  string is the type), then for each column's ``foreignKey: {name, table,
  mapping, rules}`` ``addForeignKey``;
- ``addColumn(t, c, spec)``: ``ALTER TABLE "t" ADD COLUMN "c" ...``;
  ``renameColumn(t, a, b)``, ``renameTable(a, b)``, ``removeColumn(t, c)``;
- ``changeColumn(t, c, spec)``: ``SET``/``DROP NOT NULL``, then ``unique:
  true`` ``ADD CONSTRAINT "<t>_<c>_key" UNIQUE ("c")`` (the name db-migrate-pg
  writes), the default, the type;
- ``addIndex(t, name, columns[, unique])``: ``CREATE [UNIQUE] INDEX "name"
  ON "t" (...)``; ``removeIndex([t,] name)``: ``DROP INDEX "name"``;
- ``addForeignKey(t, referenced, name, {col: refcol}, rules)``: ``ALTER
  TABLE "t" ADD CONSTRAINT "name" FOREIGN KEY ("col") REFERENCES
  "referenced" ("refcol")``; ``removeForeignKey(t, name)``; ``dropTable``.

Types: db-migrate's ``dataType`` names (``string`` ``VARCHAR``, ``int``
``INTEGER``, ``datetime`` ``TIMESTAMP``, ``blob`` ``BYTEA``; ``timestamptz``
``TIMESTAMP WITH TIME ZONE``; any other upper-cased), also as ``type.STRING``.
``createSequence`` (backquoted: fails on PostgreSQL), ``createDatabase`` and
``switchDatabase`` are not read.

node-pg-migrate 7.9 (``exports.up = (pgm) => { pgm.createTable(...) }``,
``dist/operations/tables/*.js``): ``createTable(t, {c: 'type' | {type,
notNull, unique, primaryKey, default, references, referencesConstraintName,
onDelete}}, {ifNotExists, constraints: {unique}})`` (``'id'``: ``serial
PRIMARY KEY``; several ``primaryKey`` columns ``CONSTRAINT "<t>_pkey"``; a
table's ``unique`` ``CONSTRAINT "<t>_uniq_<cols>"``), ``addColumns``/
``addColumn`` (``ALTER TABLE "t" ADD "c" ...``), ``renameColumn``,
``renameTable``, ``createIndex``/``addIndex(t, cols, {name, unique})`` (no
name: ``generateIndexName``'s ``<t>_<cols joined by _>[_unique]_index``),
``dropColumns``, ``dropTable``, ``dropIndex``, ``alterColumn``,
``addConstraint``/``createConstraint`` (``parseConstraints``' names),
``createType``/``addType``, ``addTypeValue``, ``renameType``,
``renameTypeValue`` (``operations/tables/alterColumn.js``,
``addConstraint.js``, ``operations/types/*.js``); its other calls that make a
name (``createFunction``, ``createDomain``...) are unread (``DBN013``);
``pgm.sql('...')`` is a DDL string the gate reads. A table name given as a
string is one name (``'s.t'``: ``"s.t"``), ``{schema, name}`` qualified
(:func:`_pgm_table`); so is db-migrate's (``escapeDDL``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dbnamelint.knexseq_schema import _keys, _option, _seq_receivers, _str, _strs
from dbnamelint.kysely_schema import (
    Builder,
    _args,
    _Call,
    _hole,
    _items,
    _literal,
    _Sql,
    _Tok,
    _tokens,
    down_spans,
    flag_not_literal,
    literal_flag,
    literal_truth,
    receiver_calls,
    with_constants,
)
from dbnamelint.laravel_schema import Unread

#: A db-migrate migration by its words: the template's ``exports.setup``
#: (``dbm = options.dbmigrate``), ``require('db-migrate')``.
_DBMIGRATE = re.compile(r"\bexports\.setup\b|\bdbm\b|['\"]db-migrate['\"]|\bdbmigrate\b")
#: node-pg-migrate's ``up(pgm)`` (its ``MigrationBuilder``).
_NODE_PG_MIGRATE = re.compile(
    r"['\"]node-pg-migrate['\"]|\bMigrationBuilder\b|\bup\b[^\n{]*\(\s*pgm\s*[:,)]"
)
#: Sequelize's words: its ``up(queryInterface, Sequelize)`` reads column types from them.
_SEQUELIZE_WORDS = re.compile(r"\bSequelize\b|\bqueryInterface\b|\bDataTypes\b")

#: db-migrate's ``dataType`` (db-migrate-shared ``data_type.js``) by member name.
_DATA_TYPE = {
    "CHAR": "char",
    "STRING": "string",
    "TEXT": "text",
    "SMALLINT": "smallint",
    "BIGINT": "bigint",
    "INTEGER": "int",
    "SMALL_INTEGER": "smallint",
    "BIG_INTEGER": "bigint",
    "REAL": "real",
    "DATE": "date",
    "DATE_TIME": "datetime",
    "TIME": "time",
    "BLOB": "blob",
    "TIMESTAMP": "timestamp",
    "BINARY": "binary",
    "BOOLEAN": "boolean",
    "DECIMAL": "decimal",
}
#: db-migrate-pg ``mapDataType`` (then db-migrate-base's; any other upper-cased).
_PG_TYPE = {
    "json": "JSON",
    "jsonb": "JSONB",
    "string": "VARCHAR",
    "datetime": "TIMESTAMP",
    "blob": "BYTEA",
    "text": "TEXT",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "real": "REAL",
    "timestamp": "TIMESTAMP",
    "binary": "BINARY",
    "boolean": "BOOLEAN",
    "decimal": "DECIMAL",
    "char": "CHAR",
    "date": "DATE",
    "smallint": "SMALLINT",
}
#: db-migrate builder calls read (db-migrate-base / db-migrate-pg ``index.js``).
_READ = frozenset(
    {
        "createTable",
        "addColumn",
        "renameColumn",
        "renameTable",
        "removeColumn",
        "changeColumn",
        "addIndex",
        "removeIndex",
        "addForeignKey",
        "removeForeignKey",
        "dropTable",
    }
)
#: db-migrate calls that make or rename a name, not read (``DBN013``).
_UNREAD = frozenset({"createSequence", "createDatabase", "switchDatabase", "createCollection"})
#: node-pg-migrate's ``MigrationBuilder`` calls that make, rename or drop a
#: name (node-pg-migrate's ``src/migration-builder.ts``): not read (``DBN013``).
_PGM_DDL = frozenset(
    {
        "createTable",
        "dropTable",
        "renameTable",
        "alterTable",
        "addColumns",
        "addColumn",
        "dropColumns",
        "dropColumn",
        "renameColumn",
        "alterColumn",
        "addConstraint",
        "createConstraint",
        "dropConstraint",
        "renameConstraint",
        "addIndex",
        "createIndex",
        "dropIndex",
        "createType",
        "addType",
        "dropType",
        "renameType",
        "addTypeAttribute",
        "addTypeValue",
        "renameTypeAttribute",
        "renameTypeValue",
        "createFunction",
        "dropFunction",
        "renameFunction",
        "createTrigger",
        "dropTrigger",
        "renameTrigger",
        "createSchema",
        "dropSchema",
        "renameSchema",
        "createDomain",
        "dropDomain",
        "renameDomain",
        "alterDomain",
        "createSequence",
        "dropSequence",
        "alterSequence",
        "renameSequence",
        "createView",
        "dropView",
        "alterView",
        "alterViewColumn",
        "renameView",
        "createMaterializedView",
        "dropMaterializedView",
        "alterMaterializedView",
        "renameMaterializedView",
        "renameMaterializedViewColumn",
        "refreshMaterializedView",
        "createExtension",
        "addExtension",
        "createPolicy",
        "alterPolicy",
        "renamePolicy",
        "createRole",
        "alterRole",
        "renameRole",
        "createOperator",
        "createOperatorClass",
        "renameOperatorClass",
        "createOperatorFamily",
        "renameOperatorFamily",
        "createCast",
    }
)


def migration_tool(text: str) -> str | None:
    """``"db-migrate"`` or ``"node-pg-migrate"`` for such a migration's
    ``text``, else None. A db-migrate migration is known by its template's
    words (``exports.setup``, ``dbm``), or by its shape: ``up``'s first
    parameter's ``runSql`` or ``.bind(db, ...)`` calls, a callback-style
    ``up(db, callback)`` whose second parameter is called or passed on, or an
    ``up(db)`` in a file without Sequelize's words."""
    if _NODE_PG_MIGRATE.search(text) is not None:
        return "node-pg-migrate"
    if _DBMIGRATE.search(text) is not None:
        return "db-migrate"
    if re.search(r"[\w$\]]\s*\.\s*schema\s*\.", text):
        return None  # Knex's (or Kysely's) up(db) => db.schema.createTable(...)
    m = re.search(
        r"\bup\s*[=:]\s*(?:async\s+)?(?:function\s*)?\(\s*([A-Za-z_$][\w$]*)\s*"
        r"(?:,\s*([A-Za-z_$][\w$]*)\s*)?\)",
        text,
    ) or re.search(
        r"(?:\bfunction\s+up|\bup)\s*\(\s*([A-Za-z_$][\w$]*)\s*(?:,\s*([A-Za-z_$][\w$]*)\s*)?\)\s*\{",
        text,
    )
    if m is None:
        return None
    db, second = re.escape(m.group(1)), m.group(2)
    if re.search(rf"(?<![\w$.]){db}\s*\.\s*(?:runSql\s*\(|\w+\s*\.\s*bind\s*\(\s*{db}\b)", text):
        return "db-migrate"
    if second and second not in ("Sequelize", "DataTypes"):
        s = re.escape(second)
        if re.search(rf"(?<![\w$.]){s}\s*\(|[,(]\s*{s}\s*\)", text[m.end() :]) and not re.search(
            rf"(?<![\w$.]){s}\s*\.", text[m.end() :]
        ):
            return "db-migrate"
    if m.group(1) == "db" and _SEQUELIZE_WORDS.search(text) is None:
        return "db-migrate"
    return None


def _type(out: _Sql, spec: list[_Tok]) -> str:
    """The column type db-migrate-pg writes for ``spec`` (an object or a type string)."""
    raw = spec if spec and spec[0].text != "{" else _option(spec, "type") or []
    value = _str(raw)
    if value is None and len(raw) >= 3 and raw[-2].text == "." and raw[-1].kind == "w":
        value = _DATA_TYPE.get(raw[-1].text)  # type.STRING, dbm.dataType.STRING
    if value is None:
        return "text"
    zone = re.fullmatch(r"(time|timestamp)tz", value)
    if zone:
        return zone.group(1).upper() + " WITH TIME ZONE"
    return _PG_TYPE.get(value, value.upper())


def _flag(spec: list[_Tok], key: str, out: _Sql | None = None, *, strict: bool = False) -> bool:
    """Whether ``spec``'s ``key`` is set (a truthy literal; ``strict``: the
    literal ``true``, db-migrate-pg's ``spec.notNull === true``); a value that
    is no literal (``unique: isUnique``, ``unique: opts.unique``) is
    ``DBN013`` on ``out`` (:func:`~dbnamelint.kysely_schema.literal_flag`)
    and read as unset."""
    value = _option(spec, key)
    truth = bool(literal_truth(value or [])) if out is None else literal_flag(out, key, value)
    return truth and (not strict or (value is not None and value[0].text == "true"))


def _spec(out: _Sql, what: str, value: list[_Tok], strings: bool = False) -> None:
    """``DBN013`` on ``out`` when ``value``, where the tool reads an object
    literal of options (or, ``strings``, a type string), is neither: its
    flags are unknown (``db.createTable('t', columns)``)."""
    if not value or value[0].text == "{" or (strings and _str(value) is not None):
        return
    flag_not_literal(out, what, value)


def _column(out: _Sql, name: list[_Tok], spec: list[_Tok], inline_pk: bool) -> None:
    """db-migrate-pg ``createColumnDef``: ``"c" <type>[(len)] <constraints>``."""
    out.name(name)
    pk = spec[:1] != [] and spec[0].text == "{" and _flag(spec, "primaryKey", out)
    if pk and _flag(spec, "autoIncrement", out):
        big = _type(out, spec) == "BIGINT"
        out.kw("BIGSERIAL" if big else "SERIAL")
    else:
        out.kw(_type(out, spec))
        length = _option(spec, "length")
        if length and len(length) == 1 and length[0].kind == "n":
            out.kw("(" + length[0].text + ")")
    if pk and inline_pk:
        out.kw("primary key")
    if _flag(spec, "notNull", out, strict=True):
        out.kw("not null")
    if _flag(spec, "unique", out):
        out.kw("unique")
    default = _option(spec, "defaultValue")
    if default and len(default) == 1:
        value = _literal(default[0])
        if value is not None:
            out.kw("default '" + value.replace("'", "''") + "'")
        elif default[0].kind == "n" or default[0].text in ("true", "false", "null"):
            out.kw("default " + default[0].text)


def _foreign_key(
    out: _Sql,
    table: list[_Tok],
    name: list[_Tok],
    ref: list[_Tok],
    mapping: list[_Tok],
    rules: list[_Tok],
) -> None:
    """db-migrate-pg ``addForeignKey``."""
    out.kw("alter table")
    out.name(table, anchored=False)
    out.kw("add constraint")
    out.name(name)
    pairs = _keys(mapping)
    out.kw("foreign key (")
    for i, (key, _value) in enumerate(pairs):
        out.kw(", " if i else "")
        out.name(_as_string(key), anchored=False)
    out.kw(") references")
    out.name(ref, anchored=False)
    out.kw("(")
    for i, (_key, value) in enumerate(pairs):
        out.kw(", " if i else "")
        out.name(value, anchored=False)
    out.kw(")")
    for rule, word in (("onDelete", "on delete"), ("onUpdate", "on update")):
        action = _str(_option(rules, rule) or [])
        if action and re.fullmatch(r"[A-Za-z ]+", action):
            out.kw(f"{word} {action}")


def _references(
    out: _Sql, name: list[_Tok], ref: list[_Tok], mapping: list[_Tok], rules: list[_Tok]
) -> None:
    """A column spec's ``foreignKey`` as the column's inline ``CONSTRAINT
    "name" REFERENCES``: the constraint db-migrate's ``addForeignKey`` adds
    after the statement (the same name, columns and rules), its name at
    its literal."""
    out.kw("constraint")
    out.name(name)
    out.kw("references")
    out.name(ref, anchored=False)
    out.kw("(")
    for i, (_key, value) in enumerate(_keys(mapping)):
        out.kw(", " if i else "")
        out.name(value, anchored=False)
    out.kw(")")
    for rule, word in (("onDelete", "on delete"), ("onUpdate", "on update")):
        action = _str(_option(rules, rule) or [])
        if action and re.fullmatch(r"[A-Za-z ]+", action):
            out.kw(f"{word} {action}")


def _as_string(key: list[_Tok]) -> list[_Tok]:
    """An object key (``widgetName:``) as the string literal it is."""
    if len(key) == 1 and key[0].kind == "w":
        return [_Tok("s", "'" + key[0].text + "'", key[0].start, key[0].end)]
    return key


def _fk_specs(
    table: list[_Tok], column: list[_Tok], spec: list[_Tok]
) -> list[tuple[list[_Tok], ...]]:
    """A column spec's ``foreignKey: {name, table, mapping, rules}``
    (db-migrate-base ``bindForeignKey``: a string ``mapping`` maps the column)."""
    fk = _option(spec, "foreignKey") if spec and spec[0].text == "{" else None
    if not fk:
        return []
    mapping = _option(fk, "mapping") or []
    if mapping and mapping[0].kind == "s":
        # {col: 'refcol'}
        mapping = [
            _Tok("p", "{", 0, 0),
            *column,
            _Tok("p", ":", 0, 0),
            *mapping,
            _Tok("p", "}", 0, 0),
        ]
    return [
        (
            table,
            _option(fk, "name") or [],
            _option(fk, "table") or [],
            mapping,
            _option(fk, "rules") or [],
        )
    ]


def _dbmigrate(out: _Sql, call: _Call, args: list[list[_Tok]]) -> None:
    """``call`` (its arguments ``args``) as the SQL db-migrate-pg sends, into ``out``."""
    m = call.name.text

    def arg(i: int) -> list[_Tok]:
        return args[i] if i < len(args) else []

    table = arg(0)
    if m == "createTable":
        specs = arg(1)
        _spec(out, "column spec", specs)
        columns = _option(specs, "columns")
        if columns is not None:
            if_not = _flag(specs, "ifNotExists", out)
            specs = columns
        else:
            if_not = False
        entries = _keys(specs)
        pks = [k for k, v in entries if v and v[0].text == "{" and _flag(v, "primaryKey", out)]
        out.kw("create table" + (" if not exists" if if_not else ""))
        out.name(table)
        out.kw("(")
        for i, (key, value) in enumerate(entries):
            out.kw(", " if i else "")
            _spec(out, "column spec", value, strings=True)
            _column(out, _as_string(key), value, len(pks) == 1)
            for fk in _fk_specs(table, _as_string(key), value):
                _references(out, *fk[1:])
        if len(pks) > 1:
            out.kw(", primary key (")
            for i, key in enumerate(pks):
                out.kw(", " if i else "")
                out.name(_as_string(key), anchored=False)
            out.kw(")")
        out.kw(")")
    elif m == "addColumn":
        out.kw("alter table")
        out.name(table)
        out.kw("add column")
        _spec(out, "column spec", arg(2), strings=True)
        _column(out, arg(1), arg(2), False)
        for fk in _fk_specs(table, arg(1), arg(2)):
            _references(out, *fk[1:])
    elif m == "renameColumn":
        out.kw("alter table")
        out.name(table)
        out.kw("rename column")
        out.name(arg(1))
        out.kw("to")
        out.name(arg(2))
    elif m == "renameTable":
        out.kw("alter table")
        out.name(table)
        out.kw("rename to")
        out.name(arg(1))
    elif m == "removeColumn":
        out.kw("alter table")
        out.name(table)
        out.kw("drop column")
        out.name(arg(1))
    elif m == "changeColumn":
        spec = arg(2)
        _spec(out, "column spec", spec)
        out.kw("alter table")
        out.name(table)
        out.kw("alter column")
        out.name(arg(1))
        out.kw(("set" if _flag(spec, "notNull", out, strict=True) else "drop") + " not null")
        unique = _option(spec, "unique")
        if unique and literal_truth(unique) is None:
            flag_not_literal(out, "unique", unique)
        elif unique and unique[0].text in ("true", "false"):
            # db-migrate-pg: constraintName = tableName + '_' + columnName + '_key'
            t, c = _str(table), _str(arg(1))
            made = out.quote(f"{t}_{c}_key") if t is not None and c is not None else _hole([])
            out.kw(";alter table")
            out.name(table, anchored=False)
            if unique[0].text == "true":
                out.kw("add constraint " + made + " unique (")
                out.name(arg(1), anchored=False)
                out.kw(")")
            else:
                out.kw("drop constraint " + made)
        if _option(spec, "type") is not None:
            out.kw(";alter table")
            out.name(table, anchored=False)
            out.kw("alter column")
            out.name(arg(1), anchored=False)
            out.kw("type " + _type(out, spec))
    elif m == "addIndex":
        # db-migrate-pg: addIndex(tableName, indexName, columns, unique, callback),
        # `unique ? 'UNIQUE' : ''` (a function there is the callback)
        unique = arg(3)
        truth = literal_truth(unique) if unique else False
        if truth is None:
            flag_not_literal(out, "unique argument", unique)
        out.kw("create" + (" unique" if truth else "") + " index")
        out.name(arg(1))
        out.kw("on")
        out.name(table, anchored=False)
        out.names(arg(2))
    elif m == "removeIndex":
        name = arg(1) if len(args) >= 2 and arg(1)[:1] and arg(1)[0].kind == "s" else table
        out.kw("drop index")
        out.name(name, anchored=False)
    elif m == "addForeignKey":
        _foreign_key(out, table, arg(2), arg(1), arg(3), arg(4))
    elif m == "removeForeignKey":
        out.kw("alter table")
        out.name(table, anchored=False)
        out.kw("drop constraint")
        out.name(arg(1), anchored=False)
    elif m == "dropTable":
        out.kw("drop table" + (" if exists" if _flag(arg(1), "ifExists", out) else ""))
        out.name(table, anchored=False)


#: (fewest, most) arguments each read call takes before its callback.
_ARITY = {
    "createTable": (2, 2),
    "addColumn": (3, 3),
    "renameColumn": (3, 3),
    "renameTable": (2, 2),
    "removeColumn": (2, 2),
    "changeColumn": (3, 3),
    "addIndex": (3, 4),
    "removeIndex": (1, 2),
    "addForeignKey": (4, 5),
    "removeForeignKey": (2, 2),
    "dropTable": (1, 2),
}


def _function(arg: list[_Tok]) -> bool:
    """``arg`` is a function expression (``function (...) {...}``, ``(err) => ...``)."""
    return arg[0].text in ("function", "async") or any(t.text == "=>" for t in arg)


#: A bare name db-migrate code gives as a callback: ``cb``, ``callback``,
#: ``done``, ``next`` (``up``'s second parameter in db-migrate's template).
_CALLBACK = re.compile(r"(?i)(?:cb|callback|done|next)\w*|\w*(?:Callback|Cb|Done)")


def _read_args(
    method: str, args: list[list[_Tok]], callbacks: frozenset[str] = frozenset()
) -> list[list[_Tok]]:
    """The arguments db-migrate reads, its callback (a function, or a bare
    name past the call's fewest arguments: ``cb``) left off. A bare name
    where the call takes a flag (``addIndex``'s ``unique``) is the callback
    only when it is named as one (:data:`_CALLBACK`, or ``callbacks``: the
    ``up`` function's second parameter): db-migrate-pg tests ``typeof unique
    === 'function'`` at run time, and ``addIndex(t, n, cols, isUnique)`` is
    the flag (``DBN013``: not a literal)."""
    fewest, most = _ARITY[method]
    used = list(args)
    while used and (
        _function(used[-1])
        or (
            len(used) > fewest
            and len(used[-1]) == 1
            and used[-1][0].kind == "w"
            and used[-1][0].text not in ("true", "false")
            and (
                len(used) > most
                or method != "addIndex"
                or used[-1][0].text in callbacks
                or _CALLBACK.fullmatch(used[-1][0].text) is not None
            )
        )
    ):
        used.pop()
    return used[:most]


def _callback_names(text: str) -> frozenset[str]:
    """The second parameter of each ``up`` function of ``text``
    (``exports.up = function (db, callback)``): db-migrate's callback."""
    found = re.finditer(
        r"\bup\s*[=:]?\s*(?:async\s+)?(?:function\s*)?\(\s*[A-Za-z_$][\w$]*\s*,\s*"
        r"([A-Za-z_$][\w$]*)\s*\)",
        text,
    )
    return frozenset(m.group(1) for m in found)


#: node-pg-migrate calls read (node-pg-migrate 7.9 ``dist/operations/tables``, ``indexes``).
_PGM_READ = frozenset(
    {
        "createTable",
        "addColumns",
        "addColumn",
        "renameColumn",
        "renameTable",
        "createIndex",
        "addIndex",
        "dropColumns",
        "dropColumn",
        "dropTable",
        "dropIndex",
        "alterColumn",
        "addConstraint",
        "createConstraint",
        "createType",
        "addType",
        "addTypeValue",
        "renameType",
        "renameTypeValue",
    }
)


def _pgm_column(
    out: _Sql, table: list[_Tok], key: list[_Tok], spec: list[_Tok], inline_pk: bool
) -> None:
    """node-pg-migrate ``parseColumns``: ``"c" <type> [DEFAULT x] [UNIQUE]
    [PRIMARY KEY] [NOT NULL] [CONSTRAINT "n"] [REFERENCES "t"]``; a spec that
    is a string is the type, ``'id'`` its shorthand ``serial PRIMARY KEY``."""
    out.name(key)
    if spec and spec[0].text != "{":
        value = _str(spec)
        if value == "id":
            out.kw("serial" + (" primary key" if inline_pk else ""))
        else:
            out.kw(_pgm_type(value))
        return
    typ = _str(_option(spec, "type") or [])
    if typ == "id":
        out.kw("serial")
        pk = True
    else:
        out.kw(_pgm_type(typ))
        pk = _flag(spec, "primaryKey", out)
    default = _option(spec, "default")
    if default and len(default) == 1:
        value = _literal(default[0])
        if value is not None:
            out.kw("default '" + value.replace("'", "''") + "'")
        elif default[0].kind == "n" or default[0].text in ("true", "false", "null"):
            out.kw("default " + default[0].text)
    if _flag(spec, "unique", out):
        out.kw("unique")
    if pk and inline_pk:
        out.kw("primary key")
    if _flag(spec, "notNull", out):
        out.kw("not null")
    ref = _option(spec, "references")
    if ref:
        name = _option(spec, "referencesConstraintName")
        if name:
            out.kw("constraint")
            out.name(name)
        _pgm_references(out, spec)


def _pgm_references(out: _Sql, spec: list[_Tok]) -> None:
    """node-pg-migrate ``parseReferences``: ``REFERENCES <references>`` (a
    string parenthesised or starting with ``"`` is SQL written as it is,
    another a name quoted whole, ``{schema, name}`` qualified), then ``ON
    DELETE``/``ON UPDATE``."""
    ref = _option(spec, "references") or []
    out.kw("references")
    target = _str(ref)
    if (
        target is not None
        and (target.endswith(")") or target.startswith('"'))
        and re.fullmatch(r'[\w$".]+\s*(?:\([\w$", ]*\))?', target)
    ):
        # 'users(id)', 's.users(id)', '"s"."users"': SQL as it is
        # (s.users is schema s's users, Users folds to users)
        out.kw(target)
    else:
        name, schema = _pgm_table(ref)
        out.name(name, schema, anchored=False)
    for rule, word in (("onDelete", "on delete"), ("onUpdate", "on update")):
        action = _str(_option(spec, rule) or [])
        if action and re.fullmatch(r"[A-Za-z ]+", action):
            out.kw(f"{word} {action}")


def _pgm_index_name(out: _Sql, table: list[_Tok], columns: list[_Tok], unique: bool) -> str:
    """node-pg-migrate's ``generateIndexName``, quoted (a hole when computed)."""
    t, names = _str(table), _strs(columns)
    if not t or not names:
        return _hole([])
    return out.quote(f"{t}_{'_'.join(names)}{'_unique' if unique else ''}_index")


def _pgm_table(arg: list[_Tok]) -> tuple[list[_Tok], str | None]:
    """A node-pg-migrate table argument: a string is one name, quoted whole
    (``'s.t'`` is the table ``"s.t"`` of the search path: its
    ``createSchemalize`` quotes the string as it is), and ``{schema, name}``
    is ``"schema"."name"``, the names it makes (``<name>_pkey``,
    ``<name>_uniq_<cols>``, ``<name>_<cols>_index``) from ``name`` alone
    (``operations/tables/shared.js``, ``operations/indexes/shared.js``
    ``generateIndexName``). The name's tokens and the schema (None: none,
    or a computed one, then the whole argument is the name: a hole)."""
    if not arg or arg[0].text != "{":
        return arg, None
    name = _option(arg, "name")
    given = _option(arg, "schema")
    schema = _str(given) if given else None
    if not name or (given and schema is None):
        return arg, None
    return name, schema


#: node-pg-migrate's ``TYPE_ADAPTERS`` (``utils/types.js`` ``applyTypeAdapters``).
_PGM_TYPE_ADAPTERS = {
    "int": "integer",
    "string": "text",
    "float": "real",
    "double": "double precision",
    "datetime": "timestamp",
    "bool": "boolean",
}


def _pgm_type(value: str | None) -> str:
    """A node-pg-migrate column type as it writes it (``applyTypeAdapters``;
    anything else as given), ``text`` when computed or not plain."""
    if not value or not re.fullmatch(r"[\w ()\[\],.\"]+", value):
        return "text"
    return _PGM_TYPE_ADAPTERS.get(value, value)


def _pgm_option(options: list[_Tok], key: str) -> list[_Tok] | None:
    """``options``' ``key``, None when absent or ``undefined`` (JavaScript's
    destructuring: not given)."""
    value = _option(options, key)
    return None if not value or value[0].text == "undefined" else value


def _pgm_constraints(
    out: _Sql,
    t: str | None,
    options: list[_Tok],
    given: list[_Tok],
    lead: Callable[[int], str],
) -> None:
    """node-pg-migrate ``parseConstraints`` (``operations/tables/shared.js``)
    for table name ``t`` (None: computed) and the constraint name ``given``
    (``addConstraint``'s; empty: none): ``check`` (``<t>_chck``, in a list
    ``<t>_chck_<n>``), ``unique`` (``<t>_uniq_<cols>``, a list of lists one
    each), ``primaryKey`` (``<t>_pkey``), ``foreignKeys`` (its
    ``referencesConstraintName``, else ``<t>_fk_<cols>``), ``exclude``
    (``<t>_excl``); each after ``lead(i)``."""
    count = 0

    def name(made: str | None, own: list[_Tok] | None = None) -> None:
        nonlocal count
        out.kw(lead(count) + " constraint")
        count += 1
        if own:
            out.name(own)
        elif given:
            out.name(given, anchored=False)
        else:
            out.kw(out.quote(made) if made is not None else _hole([]))

    def raw(expr: list[_Tok]) -> str:
        text = _str(expr)
        return text if text is not None and "`" not in text else "true"

    check = _pgm_option(options, "check")
    if check:
        checks = _items(check) if check[0].text == "[" else [check]
        for i, one in enumerate(checks, 1):
            suffix = f"_chck_{i}" if check[0].text == "[" else "_chck"
            name(f"{t}{suffix}" if t else None)
            out.kw(f"check ({raw(one)})")
    uniques = _pgm_option(options, "unique")
    if uniques:
        sets = _items(uniques)
        if not any(u[0].text == "[" for u in sets):
            sets = [uniques]
        for one in sets:
            listed = _strs(one)
            name(f"{t}_uniq_{'_'.join(listed)}" if t and listed else None)
            out.kw("unique")
            out.names(one)
    key = _pgm_option(options, "primaryKey")
    if key:
        name(f"{t}_pkey" if t else None)
        out.kw("primary key")
        out.names(key)
    foreign = _pgm_option(options, "foreignKeys")
    if foreign:
        for fk in _items(foreign) if foreign[0].text == "[" else [foreign]:
            cols = _option(fk, "columns") or []
            listed = _strs(cols)
            own = _option(fk, "referencesConstraintName")
            name(f"{t}_fk_{'_'.join(listed)}" if t and listed else None, own)
            out.kw("foreign key")
            out.names(cols)
            _pgm_references(out, fk)
    exclude = _pgm_option(options, "exclude")
    if exclude:
        name(f"{t}_excl" if t else None)
        out.kw(f"exclude {raw(exclude)}" if _str(exclude) else "check (true)")


def _node_pg_migrate(out: _Sql, call: _Call, args: list[list[_Tok]]) -> None:
    """``call`` as the SQL node-pg-migrate 7.9 writes, into ``out``
    (``operations/tables/*.js``, ``operations/indexes/shared.js``
    ``generateIndexName``: ``<table>_<columns joined by _>[_unique]_index``)."""
    m = call.name.text

    def arg(i: int) -> list[_Tok]:
        return args[i] if i < len(args) else []

    table, schema = _pgm_table(arg(0))
    if m == "createTable":
        entries = _keys(arg(1))
        pks = [
            k
            for k, v in entries
            if (
                v
                and v[0].text == "{"
                and (_flag(v, "primaryKey", out) or _str(_option(v, "type") or []) == "id")
            )
            or _str(v) == "id"
        ]
        out.kw("create table" + (" if not exists" if _flag(arg(2), "ifNotExists", out) else ""))
        out.name(table, schema)
        out.kw("(")
        for i, (key, value) in enumerate(entries):
            out.kw(", " if i else "")
            _pgm_column(out, table, _as_string(key), value, len(pks) <= 1)
        t = _str(table)
        if len(pks) > 1:
            out.kw(
                ", constraint " + (out.quote(f"{t}_pkey") if t else _hole([])) + " primary key ("
            )
            for i, key in enumerate(pks):
                out.kw(", " if i else "")
                out.name(_as_string(key), anchored=False)
            out.kw(")")
        constraints = _option(arg(2), "constraints")
        if constraints:
            _pgm_constraints(out, t, constraints, [], lambda _i: ",")
        out.kw(")")
    elif m in ("addColumns", "addColumn"):
        out.kw("alter table")
        out.name(table, schema)
        if_not = " if not exists" if _flag(arg(2), "ifNotExists", out) else ""
        for i, (key, value) in enumerate(_keys(arg(1))):
            out.kw((", " if i else "") + "add" + if_not)
            _pgm_column(out, table, _as_string(key), value, True)
    elif m == "renameColumn":
        out.kw("alter table")
        out.name(table, schema)
        out.kw("rename")
        out.name(arg(1))
        out.kw("to")
        out.name(arg(2))
    elif m == "renameTable":
        out.kw("alter table")
        out.name(table, schema)
        out.kw("rename to")
        out.name(arg(1))
    elif m in ("createIndex", "addIndex"):
        cols = _items(arg(1))
        unique = _flag(arg(2), "unique", out)
        name = _option(arg(2), "name")
        out.kw("create" + (" unique" if unique else "") + " index")
        if name:
            out.name(name)
        else:
            t, names = _str(table), _strs(arg(1))
            made = (
                f"{t}_{'_'.join(names)}{'_unique' if unique else ''}_index" if t and names else None
            )
            out.kw(out.quote(made) if made else _hole([]))
        out.kw("on")
        out.name(table, schema, anchored=False)
        out.kw("(")
        for i, col in enumerate(cols):
            out.kw(", " if i else "")
            out.name(col, anchored=False)
        out.kw(")")
    elif m in ("dropColumns", "dropColumn"):
        out.kw("alter table")
        out.name(table, schema, anchored=False)
        for i, item in enumerate(_items(arg(1))):
            out.kw((", " if i else "") + "drop")
            out.name(item, anchored=False)
    elif m == "dropTable":
        out.kw("drop table")
        out.name(table, schema, anchored=False)
    elif m == "dropIndex":
        # dropIndex(table, columns, {name}): the name generateIndexName gives
        # (for a {schema, name} table, in its schema)
        dropped = _option(arg(2), "name")
        out.kw("drop index")
        if dropped:
            out.name(dropped, schema, anchored=False)
        else:
            made = _pgm_index_name(out, table, arg(1), _flag(arg(2), "unique", out))
            out.kw((out.quote(schema) + "." if schema else "") + made)
    elif m == "alterColumn":
        _pgm_alter_column(out, table, schema, arg(1), arg(2))
    elif m in ("addConstraint", "createConstraint"):
        # addConstraint(table, name | null, expression string | options)
        out.kw("alter table")
        out.name(table, schema)
        given = [] if arg(1)[:1] and arg(1)[0].text == "null" else arg(1)
        expression = _str(arg(2))
        if expression is not None:
            if given:
                out.kw("add constraint")
                out.name(given)
            else:
                out.kw("add")
            out.kw(expression)
        elif arg(2)[:1] and arg(2)[0].text == "{":
            _pgm_constraints(out, _str(table), arg(2), given, lambda i: ", add" if i else "add")
        else:
            flag_not_literal(out, "constraint", arg(2))
            out.kw("add constraint" + " " + _hole(given) + " check (true)")
    elif m in ("createType", "addType"):
        _pgm_create_type(out, table, schema, arg(1))
    elif m == "addTypeValue":
        # ALTER TYPE t ADD VALUE [IF NOT EXISTS] 'v' [BEFORE 'x' | AFTER 'y']
        out.kw("alter type")
        out.name(table, schema)
        out.kw("add value" + (" if not exists" if _flag(arg(2), "ifNotExists", out) else ""))
        out.kw(_pgm_value(arg(1)))
        for word in ("before", "after"):
            other = _option(arg(2), word)
            if other:
                out.kw(f"{word} {_pgm_value(other)}")
    elif m == "renameType":
        out.kw("alter type")
        out.name(table, schema)
        out.kw("rename to")
        out.name(_pgm_table(arg(1))[0])
    elif m == "renameTypeValue":
        out.kw("alter type")
        out.name(table, schema, anchored=False)
        out.kw(f"rename value {_pgm_value(arg(1))} to {_pgm_value(arg(2))}")


_BOOLS = ("true", "false")


def _pgm_value(arg: list[_Tok]) -> str:
    """An enum label as SQL (node-pg-migrate's ``escapeValue`` dollar-quotes
    a string: the same label), ``'x'`` when computed."""
    value = _str(arg)
    return "'" + (value if value is not None else "x").replace("'", "''") + "'"


def _pgm_create_type(out: _Sql, name: list[_Tok], schema: str | None, values: list[_Tok]) -> None:
    """node-pg-migrate ``createType(name, ['a', 'b'])``: ``CREATE TYPE n AS
    ENUM ('a', 'b')``; ``createType(name, {attr: 'type' | {type}})``: ``CREATE
    TYPE n AS ("attr" type, ...)`` (``operations/types/createType.js``)."""
    out.kw("create type")
    out.name(name, schema)
    if values[:1] and values[0].text == "[":
        out.kw("as enum (" + ", ".join(_pgm_value(v) for v in _items(values)) + ")")
        return
    if not values[:1] or values[0].text != "{":
        flag_not_literal(out, "values", values)  # an enum or a composite type: unknown
        out.kw("as enum ('x')")
        return
    out.kw("as (")
    for i, (key, spec) in enumerate(_keys(values)):
        out.kw(", " if i else "")
        out.name(_as_string(key))
        typ = _str(spec) if spec[:1] and spec[0].text != "{" else _str(_option(spec, "type") or [])
        out.kw(_pgm_type(typ))
    out.kw(")")


def _pgm_alter_column(
    out: _Sql, table: list[_Tok], schema: str | None, column: list[_Tok], options: list[_Tok]
) -> None:
    """node-pg-migrate ``alterColumn(t, c, {default, type, notNull, allowNull,
    sequenceGenerated | generated})`` (``operations/tables/alterColumn.js``):
    ``ALTER TABLE t ALTER "c" DROP DEFAULT | SET DEFAULT v, ALTER "c" SET DATA
    TYPE x [USING ...], ALTER "c" SET | DROP NOT NULL, ALTER "c" ADD GENERATED
    ... AS IDENTITY | DROP IDENTITY`` (an identity's sequence is PostgreSQL's
    ``<t>_<c>_seq``); no action: nothing sent."""
    _spec(out, "options", options)
    actions: list[str] = []
    default = _pgm_option(options, "default")
    if default is not None and default[:1] and default[0].text == "null":
        actions.append("drop default")
    elif default and len(default) == 1 and (default[0].kind == "n" or default[0].text in _BOOLS):
        actions.append("set default " + default[0].text)
    elif default and len(default) == 1 and _literal(default[0]) is not None:
        actions.append("set default " + _pgm_value(default))
    typ = _pgm_option(options, "type")
    if typ:
        actions.append("set data type " + _pgm_type(_str(typ)))
    not_null = _pgm_option(options, "notNull")
    if literal_flag(out, "notNull", not_null):
        actions.append("set not null")
    elif (not_null and not_null[0].text == "false") or _flag(options, "allowNull", out):
        actions.append("drop not null")
    generated = _pgm_option(options, "sequenceGenerated") or _pgm_option(options, "generated")
    if generated:
        if generated[0].text == "{":
            precedence = _str(_option(generated, "precedence") or []) or "BY DEFAULT"
            if not re.fullmatch(r"ALWAYS|BY DEFAULT", precedence, re.IGNORECASE):
                precedence = "BY DEFAULT"
            actions.append(f"add generated {precedence} as identity")
        elif literal_truth(generated) is False:
            actions.append("drop identity")
        else:
            flag_not_literal(out, "sequenceGenerated", generated)
    if not actions:
        return
    out.kw("alter table")
    out.name(table, schema)
    for i, action in enumerate(actions):
        out.kw(("," if i else "") + " alter")
        out.name(column, anchored=i == 0)
        out.kw(action)


def builder_sql(path: str, text: str, *, mysql: bool = False) -> Builder:
    """db-migrate's builder calls on ``up``'s first parameter (``db.x(...)``,
    ``db.x.bind(db, ...)``) outside ``down`` as SQL, and node-pg-migrate's
    builder calls as unread (see the module docstring); none in a file of
    another tool (:func:`migration_tool`)."""
    calls: list[tuple[int, int, list[tuple[int, str, int]]]] = []
    unread: list[Unread] = []
    tool = migration_tool(text)
    if tool is None:
        return Builder(calls, unread)
    toks = with_constants(_tokens(text))
    receivers = _seq_receivers(toks)
    if not receivers:
        return Builder(calls, unread)
    callbacks = _callback_names(text)
    for cursor in receiver_calls(toks, receivers, down_spans(path, text)):
        i = cursor.index
        tok, method = toks[i], toks[i + 2]
        bound = (
            i + 5 < len(toks)
            and toks[i + 3].text == "."
            and toks[i + 4].text == "bind"
            and toks[i + 5].text == "("
        )
        at = i + 5 if bound else i + 3
        if toks[at].text != "(":
            continue
        if tool == "node-pg-migrate":
            if method.text in _PGM_READ and not bound:
                args, after = _args(toks, at)
                args = [a for a in args if a]
                out = _Sql(mysql)
                out.at, out.label = method.start, f"pgm.{method.text}"
                out.split_dots = False  # 's.t': the table "s.t" (_pgm_table)
                _node_pg_migrate(out, _Call(method, args), args)
                unread += out.unread
                end = toks[after - 1].end
                calls.append((tok.start, end, out.finish(end)))
                cursor.resume = after
            elif method.text in _PGM_DDL:
                unread.append(Unread(method.start, f"pgm.{method.text}"))
            continue
        if method.text in _UNREAD:
            unread.append(Unread(method.start, f"db.{method.text}"))
        if method.text not in _READ:
            continue
        args, after = _args(toks, at)
        if bound:
            args = args[1:]  # db.addColumn.bind(db, 'features', ...)
        args = [a for a in args if a]
        # the arguments db-migrate reads; a callback after them (its calls
        # read on their own: db.createTable(t, spec, function () { db.addIndex(...) }))
        used = _read_args(method.text, args, callbacks)
        out = _Sql(mysql)
        out.at, out.label = method.start, f"db.{method.text}"
        # db-migrate-base escapeDDL: '"' + str + '"', so 's.t' is the table "s.t"
        out.split_dots = False
        _dbmigrate(out, _Call(method, used), used)
        unread += out.unread
        last = used[-1][-1] if used else toks[at]
        end = last.end if used and len(used) < len(args) else toks[after - 1].end
        calls.append((tok.start, end, out.finish(end)))
        cursor.resume = (
            after
            if end == toks[after - 1].end
            else next(k for k in range(at, after) if toks[k] is last) + 1
        )
    return Builder(calls, unread)
