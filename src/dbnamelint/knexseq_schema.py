"""Knex's schema builder and Sequelize's queryInterface in a JS/TS migration, as the SQL they run.

A Knex migration makes its tables with ``knex.schema.createTable('t',
(table) => { table.increments('id'); table.string('userName').unique();
table.index(['a'], 'idx_x'); table.foreign('u_id').references('users.id'); })``,
``alterTable``/``table``, ``renameTable``; a Sequelize one with
``queryInterface.createTable('Users', {id: {...}, firstName: {type:
Sequelize.STRING}})``, ``addColumn``, ``renameColumn``, ``renameTable``,
``addIndex``, ``addConstraint``: no DDL string the gate reads (both passed the
hook and ``check --base``). :func:`builder_sql` gives each such call outside
a migration's ``down`` as the SQL the tool sends to PostgreSQL, each name at
its literal (the plumbing of :mod:`dbnamelint.kysely_schema`: a ``sql```
template on the call's lines; a computed name is a ``${...}`` hole, the
gate's ``DBN013``). A Knex chain is read at every call, after a
``raw(...)`` too, its ``withSchema`` the schema of all its statements, and
on a variable holding ``knex.schema``; a Sequelize migration is known by
the calls on its ``up``'s first parameter, whatever its name; a
queryInterface call that makes DDL not read is returned as unread.

The names each tool makes itself (checked against Knex 3.1.0 and Sequelize
6.37.5 run on PostgreSQL 15, tests/test_gate_knexseq_builder.py):

- Knex (``lib/schema/tablecompiler.js`` ``_indexCommand``):
  ``(<table>_<cols joined by _>_<index|unique|foreign>).toLowerCase()``
  (``.`` and ``-`` of the table as ``_``); a primary key
  ``<table>_pkey`` (``pg-tablecompiler.js``), not lower-cased; an explicit
  name (``table.index(cols, 'name')``, ``{indexName}``, ``{constraintName}``,
  ``foreign(cols, 'name')``, ``primary(cols, 'name')``) as given;
- Sequelize (v6 ``lib/utils.js`` ``nameIndex``): an index without a name is
  ``underscore('<table>_<fields joined by _>')`` (inflection's: ``_``
  before each capital, a leading ``_`` dropped, lower-cased); an
  ``addConstraint`` without a name ``<table>_<fields>_uk`` / ``_ck`` / ``_pk``
  / ``_<referenced table>_fk`` (``query-generator.js``
  ``getConstraintSnippet``); a column's ``unique``/``references`` are inline
  (PostgreSQL names them ``<table>_<col>_key`` / ``_fkey``).
"""

from __future__ import annotations

import re

from dbnamelint.kysely_schema import (
    _KYSELY,
    _UP,
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
    member_accesses,
    with_constants,
)
from dbnamelint.laravel_schema import Unread
from dbnamelint.typeorm_words import TYPEORM_WORDS

#: Knex column types whose SQL type is not ``text`` (names are what the gate judges).
_KNEX_TYPES = {
    "increments": "serial primary key",
    "bigIncrements": "bigserial primary key",
    "integer": "integer",
    "bigInteger": "bigint",
    "bigint": "bigint",
    "tinyint": "smallint",
    "smallint": "smallint",
    "mediumint": "integer",
    "string": "varchar(255)",
    "boolean": "boolean",
    "date": "date",
    "datetime": "timestamptz",
    "timestamp": "timestamptz",
    "time": "time",
    "float": "real",
    "double": "double precision",
    "decimal": "decimal(8, 2)",
    "uuid": "uuid",
    "json": "json",
    "jsonb": "jsonb",
    "binary": "bytea",
}
#: Knex table-callback calls that make no name (drops, options, modifiers alone).
_KNEX_NAMELESS = frozenset(
    {
        "dropForeign",
        "dropUnique",
        "dropIndex",
        "dropPrimary",
        "dropTimestamps",
        "dropChecks",
        "dropNullable",
        "setNullable",
        "comment",
        "engine",
        "charset",
        "collate",
        "inherits",
        "queryContext",
    }
)
#: Knex ``knex.schema`` calls that make no name.
_KNEX_SCHEMA_NAMELESS = frozenset(
    {
        "hasTable",
        "hasColumn",
        "raw",
        "dropTable",
        "dropTableIfExists",
        "dropSchema",
        "dropSchemaIfExists",
        "dropView",
        "dropViewIfExists",
        "dropMaterializedView",
    }
)
#: ``knex.schema`` calls read as SQL.
_KNEX_SCHEMA_READ = frozenset(
    {
        "createTable",
        "createTableIfNotExists",
        "alterTable",
        "table",
        "renameTable",
        "createSchema",
        "createSchemaIfNotExists",
    }
)
#: The other statement methods of Knex's ``SchemaBuilder`` (knex 3.1.0
#: ``lib/schema/builder.js``): they may make a name and are not read. A call
#: on ``.schema`` that is none of Knex's (zod's ``trigger.schema.safeParse(x)``)
#: is no Knex chain (trial s34 documenso: refused as an unread builder call).
_KNEX_SCHEMA_UNREAD = frozenset(
    {
        "createTableLike",
        "createView",
        "createViewOrReplace",
        "createMaterializedView",
        "createExtension",
        "createExtensionIfNotExists",
        "view",
        "alterView",
        "renameView",
    }
)
#: ``SchemaBuilder`` calls that return the builder and add no statement
#: (knex 3.1.0 ``lib/schema/builder.js`` ``withSchema``;
#: ``lib/builder-interface-augmenter.js`` ``options``, ``connection``,
#: ``debug``, ``transacting``; ``queryContext``; EventEmitter's ``on``): the
#: chain goes on after them. Every statement method (``raw`` too) pushes
#: onto the builder's ``_sequence`` and returns it, so
#: ``knex.schema.raw('...').createTable('t', ...)`` runs both.
_KNEX_PASS = frozenset(
    {"withSchema", "options", "connection", "debug", "transacting", "queryContext", "on"}
)
#: Calls that end a ``knex.schema`` chain (running or printing it, not building it).
_KNEX_CHAIN_END = frozenset(
    {
        "then",
        "catch",
        "finally",
        "asCallback",
        "stream",
        "pipe",
        "toString",
        "toSQL",
        "toQuery",
        "generateDdlCommands",
        "timeout",
    }
)
_SEQUELIZE = re.compile(r"\bsequelize\b|\bqueryInterface\b|\bSequelize\.", re.IGNORECASE)
#: Another tool's migration whose ``up(x)`` calls are not Sequelize's:
#: TypeORM's ``MigrationInterface`` (``queryRunner.addColumn(t, new
#: TableColumn(...))``; a JavaScript one's ``up(queryRunner)``), db-migrate's
#: (``exports.setup``, ``dbm``).
_NOT_SEQUELIZE = re.compile(TYPEORM_WORDS + r"|\bexports\.setup\b|\bdbmigrate\b")
_SEQ_READ = frozenset(
    {
        "createTable",
        "createSchema",
        "addColumn",
        "renameColumn",
        "renameTable",
        "addIndex",
        "addConstraint",
        "removeColumn",
        "changeColumn",
        # Sequelize 6 QueryInterface's other DDL (lib/dialects/abstract/query-interface.js,
        # postgres/query-interface.js; the SQL of postgres/query-generator.js)
        "createFunction",
        "renameFunction",
        "createTrigger",
        "renameTrigger",
        "removeIndex",
        "removeConstraint",
        "dropTable",
        "dropEnum",
        "dropFunction",
        "dropTrigger",
        "dropSchema",
    }
)
#: Sequelize 6 ``QueryInterface`` calls that make or rename a name and are
#: not read (``lib/dialects/abstract/query-interface.js``; the postgres one's
#: ``ensureEnums``): the gate's ``DBN013``, never a silent pass
#: (``createDatabase``: a database is no object of the model).
_SEQ_UNREAD = frozenset({"createDatabase", "ensureEnums"})
#: QueryInterface calls that drop, read only when every name is a literal (a drop makes no name).
_SEQ_DROPS = frozenset(
    {
        "removeIndex",
        "removeConstraint",
        "dropTable",
        "dropEnum",
        "dropFunction",
        "dropTrigger",
        "dropSchema",
    }
)
#: ``addConstraint``'s ``type`` values read (``getConstraintSnippet``, upper-cased);
#: ``DEFAULT`` (MSSQL's ``<table>_<fields>_df``; an error on PostgreSQL) and any
#: other is not.
_SEQ_CONSTRAINTS = frozenset({"unique", "check", "primary key", "foreign key"})


def knex_index_name(table: str, columns: list[str], kind: str) -> str:
    """Knex's ``_indexCommand`` (lib/schema/tablecompiler.js)."""
    return (re.sub(r"[.-]", "_", table) + "_" + "_".join(columns) + "_" + kind).lower()


def sequelize_underscore(text: str) -> str:
    """inflection's ``underscore`` (Sequelize v6 ``Utils.underscore``)."""
    parts = [re.sub(r"^_", "", re.sub(r"([A-Z])", r"_\1", p)) for p in text.split("::")]
    return "/".join(parts).lower()


def _str(arg: list[_Tok]) -> str | None:
    return _literal(arg[0]) if len(arg) == 1 else None


#: Knex's column check modifiers and the argument giving the constraint's
#: name (columncompiler.js, knex 3.1: ``checkPositive(constraintName)``,
#: ``checkIn(values, constraintName)``, ``checkLength(operator, length,
#: constraintName)``...).
_KNEX_CHECKS = {
    "checkPositive": 0,
    "checkNegative": 0,
    "checkIn": 1,
    "checkNotIn": 1,
    "checkBetween": 1,
    "checkRegex": 1,
    "checkLength": 2,
}


def _check_names(chain: list[_Call]) -> list[list[_Tok]]:
    """The constraint name argument (empty: none given) of each check
    modifier of a column's chain, in the order Knex writes them."""
    return [c.arg(_KNEX_CHECKS[c.name.text]) for c in chain[1:] if c.name.text in _KNEX_CHECKS]


def _strs(arg: list[_Tok]) -> list[str] | None:
    values = [_str(i) for i in _items(arg)]
    return None if any(v is None for v in values) else [v for v in values if v is not None]


def _option(arg: list[_Tok], key: str) -> list[_Tok] | None:
    """The value of ``key`` in object literal ``arg`` (``{key: value}``), else None."""
    if not arg or arg[0].text != "{":
        return None
    depth = 0
    for i, tok in enumerate(arg):
        if tok.kind == "p" and tok.text in "([{":
            depth += 1
        elif tok.kind == "p" and tok.text in ")]}":
            depth -= 1
        elif (
            depth == 1
            and (tok.text == key or _literal(tok) == key)
            and i + 1 < len(arg)
            and arg[i + 1].text == ":"
        ):
            out: list[_Tok] = []
            inner = 0
            for t in arg[i + 2 :]:
                if t.kind == "p" and t.text in "([{":
                    inner += 1
                elif t.kind == "p" and t.text in ")]}":
                    if inner == 0:
                        break
                    inner -= 1
                elif t.kind == "p" and t.text == "," and inner == 0:
                    break
                out.append(t)
            return out
    return None


def _keys(arg: list[_Tok]) -> list[tuple[list[_Tok], list[_Tok]]]:
    """(key token list, value token list) of object literal ``arg``'s entries."""
    out: list[tuple[list[_Tok], list[_Tok]]] = []
    if not arg or arg[0].text != "{":
        return out
    depth = 0
    key: list[_Tok] = []
    value: list[_Tok] = []
    in_value = False
    for tok in arg[1:-1]:
        if tok.kind == "p" and tok.text in "([{":
            depth += 1
        elif tok.kind == "p" and tok.text in ")]}":
            depth -= 1
        if depth == 0 and tok.kind == "p" and tok.text == ",":
            if key:
                out.append((key, value))
            key, value, in_value = [], [], False
            continue
        if depth == 0 and tok.kind == "p" and tok.text == ":" and not in_value:
            in_value = True
            continue
        (value if in_value else key).append(tok)
    if key:
        out.append((key, value))
    return out


def _statements(body: list[_Tok], params: frozenset[str]) -> list[list[_Call]]:
    """The call chains ``param.m(...).m2(...)`` in a Knex table callback's
    body, for each name of ``params`` (its parameter, and ``this``)."""
    chains: list[list[_Call]] = []
    i = 0
    while i + 2 < len(body):
        tok = body[i]
        if not (
            tok.kind == "w"
            and tok.text in params
            and body[i + 1].text == "."
            and (i == 0 or body[i - 1].text != ".")
        ):
            i += 1
            continue
        chain: list[_Call] = []
        j = i + 1
        while j + 2 < len(body) and body[j].text == "." and body[j + 1].kind == "w":
            if body[j + 2].text != "(":
                j += 2
                continue
            name = body[j + 1]
            args, j = _args(body, j + 2)
            chain.append(_Call(name, args))
        chains.append(chain)
        i = max(j, i + 1)
    return chains


def _callback(arg: list[_Tok]) -> tuple[frozenset[str], list[_Tok]] | None:
    """(the names the table builder goes by, body tokens) of ``(table) =>
    {...}``/``function (t) {...}``. Knex calls the callback with the builder
    as ``this`` too (``this._fn.call(this, this)``, tablebuilder.js, knex
    3.1), so a ``function`` (not an arrow) may write ``this.string('c')``,
    with or without a parameter. None: no callback written here."""
    toks = arg[1:] if arg and arg[0].text == "async" else arg
    function = bool(toks) and toks[0].text == "function"
    if function:
        toks = toks[1:]
        if toks and toks[0].kind == "w":
            toks = toks[1:]  # function named(t) {...}
    this = frozenset({"this"}) if function else frozenset()
    if len(toks) >= 3 and toks[0].kind == "w" and toks[1].text == "=>":
        return frozenset({toks[0].text}), toks[2:]
    if len(toks) >= 3 and toks[0].text == "(" and (toks[1].kind == "w" or toks[1].text == ")"):
        close = next((k for k, t in enumerate(toks) if t.text == ")"), None)
        if close is None:
            return None
        rest = toks[close + 1 :]
        if rest and rest[0].text == "=>":
            rest = rest[1:]
        return (frozenset({toks[1].text}) if close > 1 else frozenset()) | this, rest
    return None


def _check_expression(out: _Sql, raw: list[_Tok], bindings: list[_Tok]) -> str | None:
    """The SQL of ``table.check('?? > ?', ['price', 0])`` as Knex binds it
    (``??`` a quoted identifier, ``?`` a value), when the expression and its
    bindings are literals; else None."""
    text = _str(raw)
    if text is None or "`" in text or ";" in text:
        return None
    values: list[tuple[str, bool]] = []  # (value, a number)
    for item in _items(bindings):
        value = _literal(item[0]) if len(item) == 1 else None
        if len(item) == 1 and item[0].kind == "n":
            value = item[0].text
        if value is None:
            return None
        values.append((value, item[0].kind == "n"))
    out_text = ""
    for part in re.split(r"(\?\??)", text):
        if part in ("?", "??"):
            if not values:
                return None
            value, number = values.pop(0)
            literal = value if number else "'" + value.replace("'", "''") + "'"
            out_text += out.quote(value) if part == "??" else literal
        else:
            out_text += part
    return out_text


def _column_ref(out: _Sql, col: list[_Tok]) -> str:
    """Column ``col`` as a check expression names it (a hole when computed)."""
    name = _str(col)
    return out.quote(name) if name is not None else _hole(col)


class _Knex:
    def __init__(self, out: _Sql, table: list[_Tok], schema: str | None) -> None:
        self.out = out
        self.table_arg = table
        self.schema = schema
        self.table = _str(table) or "x"
        self.after: list[tuple[str, list[_Tok] | None, list[_Tok] | str, list[list[_Tok]]]] = []

    def generated(self, cols: list[list[_Tok]], kind: str) -> str:
        names = [_str(c) for c in cols]
        if any(n is None for n in names) or _str(self.table_arg) is None:
            return _hole([])
        return self.out.quote(knex_index_name(self.table, [n or "" for n in names], kind))

    def constraint(self, name: list[_Tok] | None, cols: list[list[_Tok]], kind: str) -> None:
        out = self.out
        if out.sqlite and not name:
            # Knex's SQLite compiler writes `constraint <name>` only for a name it is
            # given (sqlite-tablecompiler.js foreignKeys/primaryKeys, knex 3.1)
            return
        out.kw("constraint")
        if name:
            out.name(name)
        elif kind == "pkey":
            out.kw(out.quote(self.table + "_pkey") if _str(self.table_arg) else _hole([]))
        else:
            out.kw(self.generated(cols, kind))

    def column_list(self, cols: list[list[_Tok]]) -> None:
        out = self.out
        out.kw("(")
        for i, c in enumerate(cols):
            out.kw("" if not i else ", ")
            out.name(c, anchored=False)
        out.kw(")")

    def references(self, chain: list[_Call]) -> None:
        out = self.out
        ref = next((c for c in chain if c.name.text == "references"), None)
        # .references('id').on('users'): `on` is inTable's twin (tablebuilder.js
        # foreign(), knex 3.1); .references(['a', 'b']): the referenced columns
        in_table = next((c for c in chain if c.name.text in ("inTable", "on")), None)
        target = _str(ref.arg(0)) if ref else None
        listed = _strs(ref.arg(0)) if ref and ref.arg(0)[:1] and ref.arg(0)[0].text == "[" else None
        out.kw("references")
        if in_table is not None:
            out.name(in_table.arg(0), anchored=False)
            if target:
                out.kw("(" + out.quote(target) + ")")
            elif listed:
                out.kw("(" + ", ".join(out.quote(c) for c in listed) + ")")
            else:
                out.kw("(" + _hole(ref.arg(0) if ref else []) + ")")
        elif target and "." in target:
            t, _, c = target.rpartition(".")
            out.kw(f"{out.qualified(t)} ({out.quote(c)})")
        else:
            out.kw(_hole(ref.arg(0) if ref else []))


def _knex_table(out: _Sql, head: _Call, schema: str | None, create: bool) -> None:
    """``createTable``/``alterTable``/``table``: a create (or alters) then indexes."""
    kx = _Knex(out, head.arg(0), schema)
    cb = _callback(head.arg(1))
    if cb is None and head.arg(1):
        # createTable('t', defineColumns): what the callback makes is not read here
        why = (
            "its table callback is not a function written at the call: the columns, "
            "indexes and constraints it makes are neither checked nor in the model. "
            "Write the callback inline, or the DDL as a raw SQL string"
        )
        out.unread.append(Unread(head.name.start, f"schema.{head.name.text}", why))
    chains = _statements(cb[1], cb[0]) if cb else []
    for chain in chains:
        # table.enu('c', [...], {useNative: true, enumName: 'T'}): Knex creates the type first
        # (pg-columncompiler enu), unless existingType
        if chain and chain[0].name.text in ("enu", "enum"):
            opts = chain[0].arg(2)
            out.at, out.label = chain[0].name.start, f"table.{chain[0].name.text}"
            native = literal_flag(out, "useNative", _option(opts, "useNative"))
            existing = literal_flag(out, "existingType", _option(opts, "existingType"))
            type_name = _str(_option(opts, "enumName") or [])
            if native and type_name and not existing:
                labels = [_literal(t) for t in chain[0].arg(1) if t.kind == "s"]
                values = ", ".join("'" + (v or "x").replace("'", "''") + "'" for v in labels)
                out.kw(f"create type {out.quote(type_name)} as enum ({values or repr('x')});")
    if create:
        out.kw("create table" + (" if not exists" if "IfNotExists" in head.name.text else ""))
    else:
        out.kw("alter table")
    out.name(head.arg(0), schema)
    if create:
        out.kw("(")
    first = True
    indexes: list[tuple[list[_Tok] | None, list[list[_Tok]], str]] = []
    # createTable's form: items in its parentheses until a named index ends them
    # (then each later item is an ALTER TABLE of its own, as alterTable's are)
    in_create = create
    # SQLite: a table is not altered to add keys, so the items stay in its parentheses
    splits = create and "IfNotExists" not in head.name.text and not out.sqlite

    def create_index(name: list[_Tok] | None, cols: list[list[_Tok]], kind: str = "index") -> None:
        out.kw("; create unique index" if kind == "unique" else "; create index")
        if name:
            out.name(name)
        else:
            out.kw(kx.generated(cols, kind))
        out.kw("on")
        out.name(head.arg(0), schema, anchored=False)
        kx.column_list(cols)

    def index(name: list[_Tok] | None, cols: list[list[_Tok]], kind: str = "index") -> None:
        # alterTable: each change a statement of its own, so the index is made where
        # it is written (and located there); createTable: after the table, which a
        # named one ends there: made after the items written later, the SQL reader
        # (which lays SQL at the file's offsets, in order) located its name at the
        # call's end. Without IF NOT EXISTS, the later items as ALTER TABLEs make
        # the same table (IF NOT EXISTS skips them all when the table stands).
        nonlocal first, in_create
        if in_create and not (splits and name is not None and _str(name) is not None):
            indexes.append((name, cols, kind))
            return
        if in_create:
            out.kw(")")
            for earlier, earlier_cols, earlier_kind in indexes:
                create_index(earlier, earlier_cols, earlier_kind)
            indexes.clear()
            in_create = False
            create_index(name, cols, kind)
            return
        if first:
            out.kw("owner to current_user")
            first = False
        create_index(name, cols, kind)

    def sep(add: str = "add") -> None:
        # createTable: the next item in the parentheses; alterTable: a statement of its own
        nonlocal first
        if in_create:
            out.kw("" if first else ", ")
        else:
            if not first:
                out.kw("; alter table")
                out.name(head.arg(0), schema, anchored=False)
            out.kw(add)
        first = False

    for chain in chains:
        if not chain:
            continue
        call = chain[0]
        m = call.name.text
        mods = {c.name.text: c for c in chain[1:]}
        if m in _KNEX_NAMELESS or (m.startswith("drop") and m not in {"dropColumn", "dropColumns"}):
            continue
        if m in ("dropColumn", "dropColumns") and not create:
            for arg in call.args:
                sep("drop column")
                out.name(arg, anchored=False)
            continue
        if m == "renameColumn" and not create:
            sep("rename column")
            out.name(call.arg(0), anchored=False)
            out.kw("to")
            out.name(call.arg(1))
            continue
        if m in ("index", "unique", "primary", "foreign", "check"):
            cols = _items(call.arg(0))
            opts = call.arg(1)
            name = None
            if _str(opts) is not None:
                name = opts
            else:
                name = _option(opts, "indexName") or _option(opts, "constraintName")
            if m == "index" or (m == "unique" and out.sqlite):
                # SQLite: a unique key is a unique index (sqlite-tablecompiler.js unique)
                index(name, cols, m)
                continue
            if m == "check":
                sep()
                named = call.arg(2)
                expr = _check_expression(out, call.arg(0), call.arg(1)) if create else None
                if named or expr is None:
                    out.kw("constraint")
                    # Knex writes the name as given, unquoted (tablecompiler.js check/_addChecks)
                    out.name(named, unquoted=True) if named else out.kw(_hole([]))
                # createTable's check (expr), unnamed: PostgreSQL names it after the
                # one column the expression reads, else <table>_check
                out.kw(f"check ({expr or 'true'})")
                continue
            sep()
            if m == "primary":
                kx.constraint(name, cols, "pkey")
                out.kw("primary key")
                kx.column_list(cols)
            elif m == "unique":
                kx.constraint(name, cols, "unique")
                out.kw("unique")
                kx.column_list(cols)
            else:
                keyed = mods.get("withKeyName")
                kx.constraint(keyed.arg(0) if keyed else name, cols, "foreign")
                out.kw("foreign key")
                kx.column_list(cols)
                kx.references(chain)
            continue
        if m == "timestamps":
            # timestamps(useTimestamps, defaultToNow, useCamelCase), or one object of
            # them (tablebuilder.js, knex 3.1): camelCase makes createdAt/updatedAt
            opts = call.arg(0)
            given = opts[:1] and opts[0].text == "{"
            camel = _option(opts, "useCamelCase") if given else call.arg(2)
            out.at, out.label = call.name.start, "table.timestamps"
            names = ("createdAt", "updatedAt") if literal_flag(out, "useCamelCase", camel) else None
            for n, made in enumerate(names or ("created_at", "updated_at")):
                sep("add column")
                column = out.quote(made) + " timestamptz"
                if indexes:
                    # laid at the call, they would push the name of an index made
                    # after the table (written before them) past it
                    out.kw(column)
                else:
                    # at the call (the second just after the first: pieces go by offset)
                    out.text_at(column, call.name.start + n)
            continue
        if not call.args and m.lower() in ("increments", "bigincrements"):
            # Knex names an increments column it is not given `id`
            # (ColumnCompiler._defaultMap.columnName, knex 3.1)
            sep("add column")
            out.kw(out.quote("id") + " " + _increments_type(m, [], out))
            continue
        if not call.args:
            out.unread.append(Unread(call.name.start, f"table.{m}"))
            continue
        # a column: table.<type>('name', ...).<modifiers>()
        col = call.arg(0)
        if "alter" in mods and not create:
            # table.string('c').alter(): a type change of an existing column
            sep("alter column")
            out.name(col, anchored=False)
            out.kw("type " + _KNEX_TYPES.get(m, "text").replace(" primary key", ""))
            # its checks: one ALTER each, an unnamed one <table>_<column>_<n>, unquoted
            # (ColumnCompiler._pushAlterCheckQuery, knex 3.1)
            for n, named in enumerate(_check_names(chain), start=1):
                sep()
                out.kw("constraint")
                if named:
                    out.name(named, unquoted=True)
                elif _str(col) is not None and _str(head.arg(0)) is not None:
                    out.kw(f"{_str(head.arg(0))}_{_str(col)}_{n}")
                else:
                    out.kw(_hole([]))
                out.kw("check (true)")
            continue
        sep("add column")
        out.name(col)
        out.at, out.label = call.name.start, f"table.{m}"
        if m in ("enu", "enum"):
            opts = call.arg(2)
            native = literal_flag(out, "useNative", _option(opts, "useNative"))
            enum_name = _option(opts, "enumName")
            if native and enum_name:
                literal = _str(enum_name)
                out.kw(_hole(enum_name) if literal is None else out.quote(literal))
            elif out.mysql:
                out.kw("enum('x')")  # MySQL's own type: no constraint (mysql-columncompiler.js)
            else:
                # text check ("c" in (...)): PostgreSQL names it after the column it reads
                out.kw("text check (" + _column_ref(out, col) + " is not null)")
        elif m == "specificType":
            out.kw(_str(call.arg(1)) or "text")
        elif m.lower() in ("increments", "bigincrements"):
            out.kw(_increments_type(m, call.arg(1), out))
        else:
            out.kw(_KNEX_TYPES.get(m, "text"))
        if "notNullable" in mods:
            out.kw("not null")
        if "primary" in mods:
            pk = mods["primary"].arg(0)
            pk_name = pk if _str(pk) is not None else _option(pk, "constraintName")
            sep()
            kx.constraint(pk_name, [col], "pkey")
            out.kw("primary key")
            kx.column_list([col])
        if "unique" in mods and out.sqlite:
            u = mods["unique"].arg(0)
            index(u if _str(u) is not None else _option(u, "indexName"), [col], "unique")
        elif "unique" in mods:
            u = mods["unique"].arg(0)
            u_name = u if _str(u) is not None else _option(u, "indexName")
            sep()
            kx.constraint(u_name, [col], "unique")
            out.kw("unique")
            kx.column_list([col])
        if "references" in mods:
            key_call = mods.get("withKeyName")
            sep()
            kx.constraint(key_call.arg(0) if key_call else None, [col], "foreign")
            out.kw("foreign key")
            kx.column_list([col])
            kx.references(chain)
        for named in _check_names(chain):
            # "c" integer [constraint name] check ("c" > 0): the name as given, unquoted;
            # unnamed, PostgreSQL names it after the one column it reads
            if named:
                out.kw("constraint")
                out.name(named, unquoted=True)
            out.kw("check (" + _column_ref(out, col) + " is not null)")
        if "index" in mods:  # after the column's whole definition: it may end the table
            ix = mods["index"].arg(0)
            index(ix if _str(ix) is not None else None, [col])
    if in_create:
        out.kw(")")
    elif first:
        out.kw("owner to current_user")  # an alter that the callback left empty
    for name, cols, kind in indexes:
        create_index(name, cols, kind)


def _increments_type(
    method: str, options: list[_Tok], out: _Sql | None = None, *, mysql: bool = False
) -> str:
    """The type Knex's PostgreSQL column compiler writes for ``increments``/
    ``bigIncrements``: ``serial``/``bigserial``, with ``primary key`` unless
    ``{ primaryKey: false }`` is given (``increments(options = { primaryKey:
    true })`` of pg-columncompiler.js, knex 3.1). A key Knex leaves out
    because the table already has one (``_canBeAddPrimaryKey``) is not known
    here. On MySQL (``mysql``, or ``out``'s), mysql-columncompiler.js's
    ``int unsigned not null auto_increment``: MySQL's ``SERIAL`` would add a
    ``UNIQUE`` key named after the column, which Knex never makes (trial s38)."""
    if out is not None and out.sqlite:
        # sqlite-columncompiler.js: one type for both, its options not read (knex 3.1)
        return "integer not null primary key autoincrement"
    if mysql or (out is not None and out.mysql):
        big = "bigint" if method.lower() == "bigincrements" else "int"
        serial = big + " unsigned not null auto_increment"
    else:
        serial = "bigserial" if method.lower() == "bigincrements" else "serial"
    flag = _option(options, "primaryKey")
    truth = literal_truth(flag) if flag else True
    if truth is None and out is not None:
        flag_not_literal(out, "primaryKey", flag or [])  # `if (primaryKey)`: unknown
    if truth is False:
        return serial
    return serial + " primary key"


def _seq_type(value: list[_Tok]) -> str:
    words = [t.text for t in value if t.kind == "w"]
    for w in words:
        if w in ("STRING", "CHAR"):
            return "varchar(255)"
        if w in (
            "INTEGER",
            "BIGINT",
            "BOOLEAN",
            "DATE",
            "UUID",
            "JSONB",
            "JSON",
            "FLOAT",
            "DOUBLE",
        ):
            return {"DATE": "timestamptz", "DOUBLE": "double precision"}.get(w, w.lower())
    return "text"


def _seq_column(
    out: _Sql,
    table: list[_Tok],
    name: list[_Tok],
    spec: list[_Tok],
    pk: list[str],
    *,
    honour_field: bool = True,
    schema: str | None = None,
) -> None:
    """A column ``name: spec``. ``createTable`` names it ``c`` for ``{field:
    'c'}`` (abstract query-generator ``attributesToSQL``: ``attribute.field ||
    key``); ``addColumn`` (``honour_field=False``) by its key alone
    (postgres query-generator ``addColumnQuery`` quotes ``key``; Sequelize
    6.37.5 on PostgreSQL 15 adds ``"reviewPolicy"`` for ``addColumn(t,
    'reviewPolicy', {field: 'review_policy'})``). An ENUM column's type is
    ``enum_<table>_<column>`` (:func:`_seq_enum_type`)."""
    field = _option(spec, "field") if honour_field else None
    if field:
        name = field
    out.name(name)
    typ = _option(spec, "type")
    if typ is None:
        typ = spec
    if any(t.text == "ENUM" for t in typ) and _str(table) and _str(name):
        out.kw(_seq_enum_type(out, table, _str(name) or "", schema))
    else:
        out.kw(
            "serial"
            if literal_flag(out, "autoIncrement", _option(spec, "autoIncrement"))
            else _seq_type(typ)
        )
    allow = _option(spec, "allowNull")
    if allow and literal_truth(allow) is None:
        flag_not_literal(out, "allowNull", allow)
    elif allow and allow[0].text == "false":
        out.kw("not null")
    unique = _option(spec, "unique")
    if unique and literal_truth(unique) is None:
        flag_not_literal(out, "unique", unique)
    elif unique and unique[0].text == "true":
        out.kw("unique")
    if literal_flag(out, "primaryKey", _option(spec, "primaryKey")):
        pk.append(_str(name) or "")
    refs = _option(spec, "references")
    if refs:
        _seq_references(out, refs)


def _seq_references(out: _Sql, refs: list[_Tok]) -> None:
    """``references: {model: 't', key: 'c'}`` as ``references "t" ("c")``."""
    model = _option(refs, "model") or []
    inner = _option(model, "tableName")
    target = inner if inner is not None else model
    key = _str(_option(refs, "key") or []) or "id"
    out.kw("references")
    out.name(target, anchored=False) if _str(target) else out.kw(_hole(target))
    out.kw("(" + out.quote(key) + ")")


def _seq_enum_type(out: _Sql, table: list[_Tok], column: str, schema: str | None) -> str:
    """The type Sequelize makes for an ENUM column: ``enum_<table>_<column>``
    (v6 ``Utils.generateEnumName``, postgres query-generator ``pgEnumName``),
    in the table's schema when the call names one."""
    name = out.quote(f"enum_{_str(table) or 'x'}_{column}")
    return f"{out.quote(schema)}.{name}" if schema else name


def _seq_enum_labels(spec: list[_Tok]) -> str:
    """The labels of ``ENUM('a', 'b')`` / ``{values: ['a', 'b']}`` in ``spec`` as SQL."""
    at = next((k for k, t in enumerate(spec) if t.text in ("ENUM", "values")), len(spec))
    labels: list[str] = []
    depth = 0
    for tok in spec[at + 1 :]:
        if tok.kind == "p" and tok.text in "([{":
            depth += 1
        elif tok.kind == "p" and tok.text in ")]}":
            depth -= 1
            if depth <= 0:
                break
        elif tok.kind == "s" and depth == 1:
            labels.append(_literal(tok) or "x")
    return ", ".join("'" + v.replace("'", "''") + "'" for v in labels) or "'x'"


def _seq_folded(out: _Sql, arg: list[_Tok], anchored: bool = True) -> None:
    """A function name Sequelize writes into the SQL as it is (postgres
    query-generator ``createFunction``/``renameFunction``/``dropFunction``:
    ``${functionName}(``, not quoted): PostgreSQL folds it to lower case
    unless the code quotes it."""
    value = _str(arg)
    if value is None:
        out.kw(_hole(arg))
        return
    parts = [p[1:-1] if p[:1] == p[-1:] == '"' else p.lower() for p in value.split(".")]
    out.name([_Tok("s", "'" + ".".join(parts) + "'", arg[0].start, arg[0].end)], anchored=anchored)


def _field(item: list[_Tok]) -> str | None:
    """An ``addIndex`` field: ``'c'``, or ``{name: 'c', order: 'DESC'}`` /
    ``{attribute: 'c'}`` (``nameIndex``: ``field.name || field.attribute``)."""
    return _str(item) or _str(_option(item, "name") or _option(item, "attribute") or [])


def _sequelize(out: _Sql, call: _Call) -> bool:
    """``call`` as the SQL Sequelize 6 sends to PostgreSQL into ``out``; False
    when it is not read (an unread call is in ``out.unread``; a drop with a
    name that is not a literal is neither: a drop makes no name)."""
    m = call.name.text
    if m == "createSchema":
        # postgres query-generator createSchema: CREATE SCHEMA IF NOT EXISTS "s" (PostgreSQL >= 9.2)
        out.kw("create schema if not exists")
        out.name(call.arg(0))
        return True
    if m == "addConstraint":
        kind_arg = _option(call.arg(1), "type") or []
        if (_str(kind_arg) or "").lower() not in _SEQ_CONSTRAINTS:
            shown = _str(kind_arg)
            out.unread.append(
                Unread(call.name.start, f"addConstraint(type: {shown!r})" if shown else m)
            )
            return False
    table = call.arg(0)
    schema: str | None = None
    tname = _option(table, "tableName")
    if tname is not None:
        s = _option(table, "schema")
        schema = _str(s) if s else None
        table = tname
    if m in _SEQ_DROPS or m in (
        "createFunction",
        "renameFunction",
        "createTrigger",
        "renameTrigger",
    ):
        return _seq_routine(out, call, table, schema)
    if m in ("createTable", "addColumn", "changeColumn"):
        # Sequelize creates each ENUM column's type first: "enum_<table>_<column>"
        # (postgres query-interface ensureEnums for createTable, by ``field || key``;
        # query-generator addColumnQuery by the key, changeColumnQuery by ``field || key``),
        # where no such type exists
        specs = (
            [
                (_str(_option(v, "field") or []) or (k[0].text if k[0].kind == "w" else _str(k)), v)
                for k, v in _keys(call.arg(1))
            ]
            if m == "createTable"
            else [(_str(call.arg(1)), call.arg(2))]
            if m == "addColumn"
            else [(_str(_option(call.arg(2), "field") or call.arg(1)), call.arg(2))]
        )
        for column, spec in specs:
            if any(t.text == "ENUM" for t in spec):
                typ = _seq_enum_type(out, table, column or "x", schema)
                out.kw(f"create type {typ} as enum ({_seq_enum_labels(spec)});")
    if m == "createTable":
        out.kw("create table if not exists")
        out.name(table, schema)
        out.kw("(")
        pk: list[str] = []
        for i, (key, value) in enumerate(_keys(call.arg(1))):
            out.kw("" if not i else ", ")
            key_arg = key
            if len(key) == 1 and key[0].kind == "w":  # firstName: {...}
                key_arg = [_Tok("s", "'" + key[0].text + "'", key[0].start, key[0].end)]
            _seq_column(out, table, key_arg, value, pk, schema=schema)
        if pk:
            out.kw(", primary key (" + ", ".join(out.quote(p) for p in pk) + ")")
        # {uniqueKeys: {k: {fields: ['a', 'b']}}}: postgres createTableQuery's
        # ``UNIQUE ("a", "b")`` (PostgreSQL names it <table>_a_b_key)
        for _key, unique_key in _keys(_option(call.arg(2), "uniqueKeys") or []):
            out.kw(", unique (")
            for k, item in enumerate(_items(_option(unique_key, "fields") or [])):
                out.kw(", " if k else "")
                out.name(item, anchored=False)
            out.kw(")")
        out.kw(")")
        return True
    if m == "addIndex":
        opts = call.arg(1) if call.arg(1) and call.arg(1)[0].text == "{" else call.arg(2)
        fields_arg = (
            call.arg(1)
            if call.arg(1) and call.arg(1)[0].text == "["
            else _option(opts, "fields") or []
        )
        fields = _items(fields_arg)
        name = _option(opts, "name")
        unique = literal_flag(out, "unique", _option(opts, "unique"))
        out.kw("create" + (" unique" if unique else "") + " index")
        if name:
            out.name(name)
        else:
            field_names = [_field(f) for f in fields]
            if _str(table) is None or any(v is None for v in field_names):
                out.kw(_hole([]))
            else:
                out.kw(
                    out.quote(
                        sequelize_underscore(
                            f"{_str(table)}_" + "_".join(v or "" for v in field_names)
                        )
                    )
                )
        out.kw("on")
        out.name(table, schema, anchored=False)
        out.kw("(" + ", ".join(out.quote(_field(f) or "x") for f in fields) + ")")
        return True
    out.kw("alter table")
    out.name(table, schema, anchored=False)
    if m == "addColumn":
        out.kw("add column")
        _seq_column(out, table, call.arg(1), call.arg(2), [], honour_field=False, schema=schema)
    elif m == "changeColumn":
        # postgres query-generator changeColumnQuery, the column named ``field || key``
        # (attributesToSQL): with ``references`` only ADD FOREIGN KEY; else the type, then
        # ADD UNIQUE for ``unique: true`` (PostgreSQL names them <table>_<col>_fkey / _key)
        spec = call.arg(2)
        changed = _option(spec, "field") or call.arg(1)
        refs = _option(spec, "references")
        if refs:
            out.kw("add foreign key (")
            out.name(changed, anchored=False)
            out.kw(")")
            _seq_references(out, refs)
            return True
        out.kw("alter column")
        out.name(changed, anchored=False)
        new_type = _option(spec, "type") or spec
        if any(t.text == "ENUM" for t in new_type) and _str(table) and _str(changed):
            enum = _seq_enum_type(out, table, _str(changed) or "", schema)
            out.kw(f"type {enum} using ({out.quote(_str(changed) or '')}::{enum})")
        else:
            out.kw("type " + _seq_type(new_type))
        unique = literal_flag(out, "unique", _option(spec, "unique"))
        primary = literal_flag(out, "primaryKey", _option(spec, "primaryKey"))
        if unique and not primary:
            out.kw(", add unique (")
            out.name(changed, anchored=False)
            out.kw(")")
    elif m == "removeColumn":
        out.kw("drop column")
        out.name(call.arg(1), anchored=False)
    elif m == "renameColumn":
        out.kw("rename column")
        out.name(call.arg(1), anchored=False)
        out.kw("to")
        out.name(call.arg(2))
    elif m == "renameTable":
        out.kw("rename to")
        out.name(call.arg(1))
    elif m == "addConstraint":
        opts = call.arg(1)
        columns = [_str(f) or "x" for f in _items(_option(opts, "fields") or [])]
        kind = (_str(_option(opts, "type") or []) or "").lower()
        name = _option(opts, "name")
        refs = _option(opts, "references") or []
        ref_table = _str(_option(refs, "table") or []) or "x"
        suffix = {
            "unique": "uk",
            "check": "ck",
            "primary key": "pk",
            "foreign key": f"{ref_table}_fk",
        }.get(kind, "x")
        out.kw("add constraint")
        if name:
            out.name(name)
        elif _str(table) is None:
            out.kw(_hole([]))
        else:
            out.kw(out.quote(f"{_str(table)}_{'_'.join(columns)}_{suffix}"))
        cols = "(" + ", ".join(out.quote(f) for f in columns) + ")"
        if kind == "foreign key":
            ref_field = _str(_option(refs, "field") or []) or "id"
            out.kw(f"foreign key {cols} references {out.quote(ref_table)} ({out.quote(ref_field)})")
        elif kind == "check":
            out.kw("check (true)")
        elif kind == "primary key":
            out.kw(f"primary key {cols}")
        else:
            out.kw(f"unique {cols}")
    return True


def _seq_routine(out: _Sql, call: _Call, table: list[_Tok], schema: str | None) -> bool:
    """Sequelize 6's other QueryInterface DDL as postgres query-generator writes
    it: ``createFunction(name, params, returns, language, body, options, {force})``
    (``CREATE [OR REPLACE] FUNCTION name(...) RETURNS ... AS $func$ BEGIN body END;
    $func$``, the name not quoted), ``renameFunction(old, params, new)``,
    ``createTrigger(table, name, timing, events, function, ...)`` (``CREATE
    [CONSTRAINT] TRIGGER "name" ...``), ``renameTrigger(table, old, new)``; the
    drops (``removeIndex`` by name or by fields: ``nameIndex``'s name,
    ``removeConstraint``, ``dropTable``, ``dropEnum``, ``dropFunction``,
    ``dropTrigger``, ``dropSchema``) only when each name is a literal. The parameters of a
    function are left out (its name is what the gate judges)."""
    m = call.name.text
    if m == "createFunction":
        force = _option(call.arg(6), "force")
        out.kw(
            "create or replace function" if force and force[0].text == "true" else "create function"
        )
        _seq_folded(out, call.arg(0))
        returns = _str(call.arg(2)) or "trigger"
        body = _str(call.arg(4))
        body = " ".join(body.split()).replace("$func$", "") if body is not None else ""
        out.kw(f"() returns {returns} as $func$ begin {body} end; $func$ language plpgsql")
        return True
    if m == "renameFunction":
        out.kw("alter function")
        _seq_folded(out, call.arg(0), anchored=False)
        out.kw("() rename to")
        _seq_folded(out, call.arg(2))
        return True
    if m == "createTrigger":
        timing = _str(call.arg(2)) or "after"
        events = [
            {"insert": "insert", "update": "update", "delete": "delete"}.get(_str(e) or "", "")
            for e in _items(call.arg(3))
        ]
        out.kw("create constraint trigger" if timing == "after_constraint" else "create trigger")
        out.name(call.arg(1))
        out.kw(
            "instead of" if timing == "instead_of" else "before" if timing == "before" else "after"
        )
        out.kw(" or ".join(e for e in events if e) or "insert")
        out.kw("on")
        out.name(table, schema, anchored=False)
        options = [_str(o) for o in _items(call.arg(6))]  # e.g. 'FOR EACH ROW'
        out.kw(" ".join(o for o in options if o) + " execute procedure")
        _seq_folded(out, call.arg(4), anchored=False)
        out.kw("()")
        return True
    if m == "renameTrigger":
        out.kw("alter trigger")
        out.name(call.arg(1), anchored=False)
        out.kw("on")
        out.name(table, schema, anchored=False)
        out.kw("rename to")
        out.name(call.arg(2))
        return True
    # the drops
    if m == "removeIndex":
        fields = _strs(call.arg(1)) if call.arg(1)[:1] and call.arg(1)[0].text == "[" else None
        name = _str(call.arg(1))
        if fields is not None and _str(table) is not None:
            name = sequelize_underscore(f"{_str(table)}_" + "_".join(fields))
        if name is None:
            return False
        out.kw("drop index if exists " + out.qualified(name))
        return True
    names = {
        "removeConstraint": [table, call.arg(1)],
        "dropTable": [table],
        "dropEnum": [call.arg(0)],
        "dropFunction": [call.arg(0)],
        "dropTrigger": [table, call.arg(1)],
        "dropSchema": [call.arg(0)],
    }[m]
    if any(_str(n) is None for n in names):
        return False
    if m == "removeConstraint":
        out.kw("alter table")
        out.name(table, schema, anchored=False)
        out.kw("drop constraint")
        out.name(call.arg(1), anchored=False)
    elif m == "dropTable":
        out.kw("drop table if exists")
        out.name(table, schema, anchored=False)
    elif m == "dropSchema":
        out.kw("drop schema if exists")  # postgres dropSchema: ... CASCADE
        out.name(call.arg(0), anchored=False)
        out.kw("cascade")
    elif m == "dropEnum":
        out.kw("drop type if exists")
        out.name(call.arg(0), anchored=False)
    elif m == "dropFunction":
        out.kw("drop function")
        _seq_folded(out, call.arg(0), anchored=False)
        out.kw("()")
    else:
        out.kw("drop trigger")
        out.name(call.arg(1), anchored=False)
        out.kw("on")
        out.name(table, schema, anchored=False)
    return True


_DECLARE = frozenset({"const", "let", "var"})
#: ``const { schema } = knex``, ``const { schema: s } = this.knex``.
#: ``const { schema } = knex``, or a function's parameter ``({ schema }) =>``
#: (``exports.up = ({ schema }) => schema.createTable(...)``: Knex passes
#: the knex instance, whose ``schema`` getter is the builder)
_DESTRUCTURED = re.compile(
    r"\{[^{}=]*\bschema\b[^{}=]*\}\s*=|\(\s*\{[^{}=()]*\bschema\b[^{}=()]*\}\s*\)\s*(?:=>|\{)"
)


def _declared(toks: list[_Tok], at: int) -> int | None:
    """The index after the ``=`` of declaration ``const x[: T] = ...`` whose
    name is ``toks[at]`` (``await`` skipped), else None."""
    k = at + 1
    while k < len(toks) and k < at + 12 and toks[k].text not in ("=", ";", "{", "=>"):
        k += 1
    if k + 1 >= len(toks) or toks[k].text != "=":
        return None
    k += 1
    return k + 1 if toks[k].text == "await" and k + 1 < len(toks) else k


def _schema_vars(toks: list[_Tok]) -> dict[str, str | None]:
    """Names that hold a Knex schema builder, and the ``withSchema`` of
    each: ``const schema = knex.schema``, ``let s = this.knex.schema.withSchema('app')``,
    ``const { schema } = knex`` (``knex.schema`` is a getter that returns a
    ``SchemaBuilder``: knex 3.1.0 ``lib/knex-builder/make-knex.js``)."""
    out: dict[str, str | None] = {}
    for i, tok in enumerate(toks[:-3]):
        if tok.text not in _DECLARE or tok.kind != "w":
            continue
        target = toks[i + 1]
        if target.kind == "w":
            k = _declared(toks, i + 1)
            if k is None:
                continue
            while k + 2 < len(toks) and toks[k].kind == "w" and toks[k + 1].text in (".", "?."):
                if toks[k + 2].text == "schema":
                    break
                k += 2
            if not (
                k + 2 < len(toks)
                and toks[k + 1].text in (".", "?.")
                and toks[k + 2].text == "schema"
            ):
                continue
            k += 3
            schema: str | None = None
            if (
                k + 2 < len(toks)
                and toks[k].text == "."
                and toks[k + 1].text == "withSchema"
                and toks[k + 2].text == "("
            ):
                args, k = _args(toks, k + 2)
                arg = args[0] if args else []
                schema = _str(arg) or _hole(arg)
            if k >= len(toks) or toks[k].text not in (".", "?.", "("):
                out[target.text] = schema
        elif target.text == "{":
            close = next((k for k in range(i + 2, len(toks)) if toks[k].text == "}"), None)
            if close is None or close + 2 >= len(toks) or toks[close + 1].text != "=":
                continue
            source = toks[close + 2]
            if source.kind != "w" or source.text in ("require", "await"):
                continue
            out.update(_schema_names(toks[i + 2 : close]))
    for i, tok in enumerate(toks[:-4]):
        # a parameter ({ schema }) => / function up({ schema: s }) {
        if tok.text != "(" or toks[i + 1].text != "{":
            continue
        close = next((k for k in range(i + 2, len(toks)) if toks[k].text in "{}"), None)
        if (
            close is None
            or toks[close].text != "}"
            or close + 2 >= len(toks)
            or toks[close + 1].text != ")"
            or toks[close + 2].text not in ("=>", "{")
        ):
            continue
        out.update(_schema_names(toks[i + 2 : close]))
    return out


def _schema_names(inner: list[_Tok]) -> dict[str, str | None]:
    """The names a destructuring ``{ schema }``/``{ schema: s }`` (its
    tokens between the braces) binds the builder to."""
    out: dict[str, str | None] = {}
    for k, t in enumerate(inner):
        if t.text != "schema" or (k and inner[k - 1].text not in (",", "{")):
            continue
        if k + 2 < len(inner) and inner[k + 1].text == ":" and inner[k + 2].kind == "w":
            out[inner[k + 2].text] = None
        elif k + 1 >= len(inner) or inner[k + 1].text in (",", "="):
            out["schema"] = None
    return out


#: The keys of a context object ``up`` destructures that are its handle:
#: umzug's ``context``, and the ``queryRunner`` n8n's wrapper hands its
#: TypeORM migrations (``up({ queryRunner, tablePrefix })``: trial s39).
_HANDED = frozenset({"context", "queryRunner"})


def _seq_receivers(toks: list[_Tok]) -> set[str]:
    """The names a migration's ``up`` calls its query interface by: its first
    parameter (``up: async (qi, Sequelize) =>``, ``exports.up = function
    (migration, DataTypes)``), umzug's ``up({ context: queryInterface })``
    (``context`` when not renamed; n8n's ``up({ queryRunner })`` alike:
    :data:`_HANDED`), and ``const qi = x.getQueryInterface()``
    (sequelize-cli calls ``up(queryInterface, Sequelize)``; umzug passes
    ``{ name, path, context }``: umzug's ``MigrationParams``)."""
    out: set[str] = set()
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.kind != "w":
            continue
        if tok.text == "getQueryInterface" and i >= 4:
            k = i - 1
            while k > 0 and toks[k].text != "=" and i - k < 10:
                k -= 1
            if toks[k].text == "=" and toks[k - 1].kind == "w":
                start = k - 1
                while start > 0 and toks[start].text not in _DECLARE and k - start < 8:
                    start -= 1
                if toks[start].text in _DECLARE:
                    out.add(toks[start + 1].text)
            continue
        if tok.text in _DECLARE and i + 1 < n and toks[i + 1].text == "{":
            # const { queryRunner } = context: the runner a context hands over (trial s39)
            _, after = _args(toks, i + 1)
            if after < n and toks[after].text == "=":
                out |= _handed(toks[i + 1 : after])
            continue
        if tok.text != "up" or (i and toks[i - 1].text == "." and toks[i - 2].text != "exports"):
            continue
        k = i + 1
        while k < n and toks[k].text in (":", "=", "async", "function"):
            k += 1
        if k + 1 < n and toks[k].kind == "w" and toks[k + 1].text == "=>":
            out.add(toks[k].text)
            continue
        if k >= n or toks[k].text != "(":
            continue
        args, after = _args(toks, k)
        if after >= n or toks[after].text not in ("{", "=>", ":") or not args:
            continue
        param = args[0]
        if param[0].kind == "w":
            out.add(param[0].text)
        elif param[0].text == "{":
            out |= _handed(param)
    return out


def _handed(pattern: list[_Tok]) -> set[str]:
    """The names a destructuring ``pattern`` (from its ``{``) binds the
    handles of :data:`_HANDED` to: ``{ context }``, ``{ context: qi }``,
    ``{ queryRunner, tablePrefix }``."""
    out: set[str] = set()
    for m, t in enumerate(pattern[:-1]):
        if t.text not in _HANDED or pattern[m - 1].text not in ("{", ","):
            continue
        nxt = pattern[m + 1]
        if nxt.text == ":" and m + 2 < len(pattern) and pattern[m + 2].kind == "w":
            out.add(pattern[m + 2].text)
        elif nxt.text in (",", "}", "="):
            out.add(t.text)
    return out


def _knex_chain(toks: list[_Tok], j: int) -> tuple[list[tuple[_Call, int, int]], int]:
    """The calls of the ``knex.schema`` chain whose first ``.`` is ``toks[j]``:
    (call, index of its ``.``, index after its ``)``), and the index after the chain."""
    chain: list[tuple[_Call, int, int]] = []
    while j + 2 < len(toks) and toks[j].text in (".", "?.") and toks[j + 1].kind == "w":
        if toks[j + 2].text != "(" or toks[j + 1].text in _KNEX_CHAIN_END:
            break  # .then(() => knex.schema...): read on from inside its arguments
        args, after = _args(toks, j + 2)
        chain.append((_Call(toks[j + 1], args), j, after))
        j = after
    return chain, j


def _knex_segments(
    toks: list[_Tok],
    first: int,
    chain: list[tuple[_Call, int, int]],
    schema: str | None,
    mysql: bool,
    unread: list[Unread],
    sqlite: bool = False,
) -> list[tuple[int, int, list[tuple[int, str, int]]]]:
    """The SQL of a ``knex.schema`` chain: a span for each run of calls
    between its ``raw(...)`` calls (each a statement of the builder's
    sequence, its string left to the gate's DDL strings); ``first`` is the
    chain's first token."""
    out_calls: list[tuple[int, int, list[tuple[int, str, int]]]] = []
    segments: list[list[tuple[_Call, int, int]]] = [[]]
    for item in chain:
        if item[0].name.text == "raw":
            segments.append([])
        else:
            segments[-1].append(item)
    for n, segment in enumerate(segments):
        out = _Sql(mysql)
        out.sqlite = sqlite
        statements = 0
        for head, _dot, _after in segment:
            # knex.schema.createTable('a', ...).createTable('b', ...): each a statement
            m = head.name.text
            if m in _KNEX_PASS or m in _KNEX_SCHEMA_NAMELESS or m.startswith(("drop", "has")):
                continue
            if m not in _KNEX_SCHEMA_READ:
                if m in _KNEX_SCHEMA_UNREAD:
                    unread.append(Unread(head.name.start, f"schema.{m}"))
                continue
            if statements:
                out.kw(";")
            statements += 1
            if m in ("createTable", "createTableIfNotExists", "alterTable", "table"):
                _knex_table(out, head, schema, m.startswith("create"))
            elif m == "renameTable":
                out.kw("alter table")
                out.name(head.arg(0), schema, anchored=False)
                out.kw("rename to")
                out.name(head.arg(1))
            else:
                out.kw("create schema" + (" if not exists" if "IfNot" in m else ""))
                out.name(head.arg(0))
        if not statements:
            continue
        unread += out.unread
        start = toks[first].start if n == 0 else toks[segment[0][1]].start
        end = toks[segment[-1][2] - 1].end
        out_calls.append((start, end, out.finish(end)))
    return out_calls


def builder_sql(path: str, text: str, *, mysql: bool = False, sqlite: bool = False) -> Builder:
    """Knex's ``<x>.schema.createTable/alterTable/table/renameTable`` (at any
    place of the chain, after ``raw(...)`` too; on a variable holding
    ``knex.schema``) and Sequelize's ``<queryInterface>.createTable/addColumn/...``
    calls outside a migration's ``down`` as SQL (see the module docstring);
    none in a file that uses Kysely (:mod:`dbnamelint.kysely_schema` reads
    it). A Sequelize migration is known by the word ``sequelize`` or
    ``queryInterface``, or by its shape: the calls on ``up``'s first
    parameter, whatever its name (:func:`_seq_receivers`)."""
    calls: list[tuple[int, int, list[tuple[int, str, int]]]] = []
    unread: list[Unread] = []
    if _KYSELY.search(text) is not None:
        return Builder(calls, unread)
    knex = ".schema" in text or _DESTRUCTURED.search(text) is not None
    any_receiver = _SEQUELIZE.search(text) is not None
    if not knex and not any_receiver and _UP.search(text) is None:
        return Builder(calls, unread)
    toks = with_constants(_tokens(text))
    from dbnamelint import dbmigrate_schema

    # db-migrate's db.createTable(t, specs, cb) and node-pg-migrate's
    # pgm.createTable are other APIs (dbnamelint.dbmigrate_schema reads them)
    other = dbmigrate_schema.migration_tool(text) is not None
    receivers = set() if other or _NOT_SEQUELIZE.search(text) else _seq_receivers(toks)
    sequelize = (any_receiver and not other) or bool(receivers)
    variables = _schema_vars(toks) if knex else {}
    if not knex and not sequelize:
        return Builder(calls, unread)
    for cursor in member_accesses(toks, down_spans(path, text)):
        i = cursor.index
        tok = toks[i]
        if knex and toks[i + 2].text == "schema" and toks[i + 3].text == ".":
            first, j, schema = i, i + 3, None
        elif (
            tok.text in variables
            and (i == 0 or toks[i - 1].text not in (".", "?."))
            and toks[i + 2].kind == "w"
            and toks[i + 3].text == "("
        ):
            first, j, schema = i, i + 1, variables[tok.text]
        else:
            first = -1
        if first >= 0:
            while (
                first >= 2 and toks[first - 1].text in (".", "?.") and toks[first - 2].kind == "w"
            ):
                first -= 2
            chain, j = _knex_chain(toks, j)
            cursor.resume = j
            if any(c.name.text in ("execute", "compile") for c, _, _ in chain):
                continue  # Kysely's (dbnamelint.kysely_schema)
            # withSchema sets the builder's schema for its whole sequence, the
            # calls before it too (SchemaBuilder._schema, read when it compiles)
            for c, _, _ in chain:
                if c.name.text == "withSchema":
                    schema = _str(c.arg(0)) or _hole(c.arg(0))
            calls += _knex_segments(toks, first, chain, schema, mysql, unread, sqlite)
            continue
        if (
            sequelize
            and (any_receiver or tok.text in receivers)
            and toks[i + 3].text == "("
            and (i < 2 or toks[i - 1].text != ".")
            and tok.text != "schema"
        ):
            method = toks[i + 2].text
            if method in _SEQ_UNREAD:
                unread.append(Unread(toks[i + 2].start, method))
            if method not in _SEQ_READ:
                continue
            args, after = _args(toks, i + 3)
            call = _Call(toks[i + 2], args)
            out = _Sql(mysql)
            out.at, out.label = call.name.start, call.name.text
            if call.name.text == "createTable" and not (call.arg(1) and call.arg(1)[0].text == "{"):
                if call.arg(1):  # createTable(t, attributes): its columns and flags unknown
                    flag_not_literal(out, "attributes", call.arg(1))
                unread += out.unread
                continue
            read = _sequelize(out, call)
            unread += out.unread
            if read:
                end = toks[after - 1].end
                calls.append((tok.start, end, out.finish(end)))
            cursor.resume = after
    return Builder(calls, unread)


def migration_tool(text: str) -> str | None:
    """``"knex"`` or ``"sequelize"`` for a Knex or Sequelize (umzug)
    migration holding ``text`` (see :func:`builder_sql`: ``<x>.schema``
    calls; a Sequelize migration's words or the calls on its ``up``'s first
    parameter), None for another tool's (TypeORM, db-migrate,
    node-pg-migrate, Kysely: :mod:`dbnamelint.kysely_schema`)."""
    from dbnamelint import dbmigrate_schema

    if (
        _KYSELY.search(text) is not None
        or _NOT_SEQUELIZE.search(text) is not None
        or dbmigrate_schema.migration_tool(text) is not None
    ):
        return None
    if re.search(r"[\w$\]]\s*\.\s*schema\s*\.", text) or _DESTRUCTURED.search(text):
        return "knex"
    receivers = _seq_receivers(_tokens(text))
    if any(re.search(rf"(?<![\w$.]){re.escape(r)}\s*\.\s*raw\s*\(", text) for r in receivers):
        return "knex"  # exports.up = (knex) => knex.raw('...')
    if "knex" in receivers and _SEQUELIZE.search(text) is None:
        # exports.up = async (knex) => { await helpers.make(knex) }: Knex's handle by name
        return "knex"
    if _SEQUELIZE.search(text) is not None or receivers:
        return "sequelize"
    return None
