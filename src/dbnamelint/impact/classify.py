"""How sure we are that a name in code means the table: ORM mappings and SQL.

Generic names (``messages``, ``contacts``) appear all over a code base as
words; what marks a *table* reference is its context on the line: an ORM
mapping that names the table, a query builder's table call, or a SQL
keyword right before it. Everything else is plain text, and comments are
always plain text. Patterns are matched against the text *before* the name
(and its quote), so ``.from('messages')`` and ``FROM public.messages`` are
judged alike whatever follows.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Literal

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.languages import JS_SUFFIXES

Confidence = Literal["high", "plain"]
HIGH: Confidence = "high"
PLAIN: Confidence = "plain"

#: drizzle-orm's table, view and enum constructors (``drizzle-orm/pg-core``, ``sqlite-core``,
#: ``mysql-core``, ``singlestore-core``): their first argument is the database name.
_DRIZZLE_TABLE = (
    r"\b(?:pg|mysql|sqlite|singlestore)(?:Table|View|MaterializedView|Enum|Sequence)\(\s*"
)
#: drizzle-orm's column builders, called with the column's database name as a
#: property of a table's columns object (``userName: text("user_name")``).
_DRIZZLE_COLUMN = (
    r"(?:^|[{,(\s])[A-Za-z_$][\w$]*\s*:\s*(?:[A-Za-z_$][\w$]*Enum|text|varchar|char|integer"
    r"|int|smallint|bigint|tinyint|mediumint|serial|bigserial|smallserial|boolean|timestamp"
    r"|datetime|date|time|interval|year|uuid|json|jsonb|numeric|decimal|real|doublePrecision"
    r"|double|float|blob|binary|varbinary|inet|cidr|macaddr|macaddr8|point|line|vector"
    r"|geometry|tinytext|mediumtext|longtext|bit|halfvec|sparsevec|customType)\(\s*"
)

#: (context label, pattern the text before the opening quote must end with).
#: The name must then be the whole string literal (or ``schema.name`` in it).
_MAPPINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, lazy_compile(pattern + r"\s*$"))
    for label, pattern in (
        (
            "Doctrine ORM Table",
            # Doctrine ORM's mapping of an entity's table and a many-to-many's join
            # table: PHP 8 attributes #[ORM\Table(name: 't')], #[ORM\Table('t')],
            # #[ORM\JoinTable(name: 't')] (also after other attributes in one #[...],
            # and the bare #[Table(...)] its `use` imports), and docblock annotations
            # @ORM\Table(name="t"): trial s41 kimai's entities were plain text.
            # Before JPA's and EF Core's patterns, which #[ORM\JoinTable('t') and
            # #[Table('t') would match too.
            r"(?:#\[(?:[^\]\n]*?[,\s])?(?:\\?Doctrine\\ORM\\Mapping\\|ORM\\)?"
            r"|@(?:\\?Doctrine\\ORM\\Mapping\\|ORM\\))(?:Table|JoinTable)\(\s*"
            r"(?:(?:[^()\[\]{}]*?[,\s])?name\s*[:=]\s*)?",
        ),
        (
            "JPA @Table",
            # JPA/Hibernate @Table, @JoinTable, @CollectionTable, @SecondaryTable(name = "t"),
            # Kotlin's nested JoinTable(...) and Spring Data JDBC's @Table("t").
            r"(?:@(?:\w+:)?(?:(?:jakarta|javax)\.persistence\.)?(?:Table|JoinTable|CollectionTable"
            r"|SecondaryTable)|\b(?:JoinTable|CollectionTable))\(\s*"
            r"(?:(?:[^()\[\]{}]*?[,\s])?(?:name|value)\s*=\s*)?",
        ),
        (
            "MyBatis-Plus @TableName",
            # @TableName("t"), @TableName(value = "t", autoResultMap = true)
            # (com.baomidou.mybatisplus.annotation.TableName).
            r"@(?:com\.baomidou\.mybatisplus\.annotation\.)?TableName\(\s*"
            r"(?:(?:[^()\[\]{}]*?[,\s])?value\s*=\s*)?",
        ),
        # EF Core (C#): [Table("t")] / [Table(Name = "t")] and the fluent API's
        # builder.ToTable("t") / ToView("v") (learn.microsoft.com, EF Core "Tables
        # and views"); before SQLAlchemy's Table(, which [Table( would match too.
        (
            "EF Core [Table]",
            r"\[\s*(?:[\w.]*\.)?Table(?:Attribute)?\(\s*(?:Name\s*=\s*)?",
        ),
        ("EF Core ToTable", r"\.(?:ToTable|ToView)\(\s*(?:name\s*:\s*)?"),
        ("SQLAlchemy __tablename__", r"\b__tablename__\s*(?::[^=]*)?="),
        ("SQLAlchemy Table()", r"(?:\b(?:sa|sqlalchemy)\.|(?<![.\w]))Table\(\s*"),
        ("SQLAlchemy ForeignKey()", r"\bForeignKey\(\s*"),
        ("Django db_table", r"\bdb_table\s*="),
        ("Rails self.table_name", r"\bself\.table_name\s*="),
        ("Prisma @@map", r"@@map\(\s*(?:name\s*:\s*)?"),
        ("Prisma @map", r"(?<!@)@map\(\s*(?:name\s*:\s*)?"),
        ("TypeORM @Entity", r"@Entity\(\s*(?:\{[^}]*\bname\s*:\s*)?"),
        # a many-to-many's join table, @JoinTable({ name: "t", joinColumn: {...} }),
        # and a view's entity (trial s39 n8n: `workflows_tags` was plain text); not the
        # name of a joinColumn object inside it ([^{}]: one level)
        ("TypeORM @JoinTable", r"@JoinTable\(\s*\{[^{}]*\bname\s*:\s*"),
        ("TypeORM @ViewEntity", r"@ViewEntity\(\s*(?:\{[^{}]*\bname\s*:\s*)?"),
        ("Sequelize tableName", r"\btableName\s*:"),
        (
            "Objection tableName",
            # Objection.js models: static get tableName() { return 't' } (TypeScript's
            # `(): string`), or the class field static tableName = 't' (trial s37 wiki.js)
            r"\bstatic\s+(?:get\s+tableName\s*\(\s*\)\s*(?::\s*\w+\s*)?\{\s*return"
            r"|(?:readonly\s+)?tableName\s*(?::\s*\w+\s*)?=)\s*",
        ),
        # drizzle-orm's pgTable("t", {...}), sqliteTable, mysqlTable, pgView, pgEnum...
        ("Drizzle schema", _DRIZZLE_TABLE),
        ("SeaORM table_name", r"#\[\s*sea_orm\s*\([^)\]]*\btable_name\s*="),
        (
            "table-name constant",
            # not a JSX element's attribute (``<SortableTable id="apiKeys"``,
            # its props on the next lines: trial s32 outline), so the name
            # is not after ``<`` and a type between it and ``=`` (Go's
            # ``usersTable string =``, TypeScript's ``usersTable: string =``)
            # is on its line; nor a kebab-case component tag (Vue's
            # ``<b-table :data="bounces">``: trial s34 listmonk)
            r"(?<![<\w-])(?:[Tt]able(?:[A-Z_]\w*)?|TABLE(?:_\w*)?|\w*(?:Table(?:[A-Z_]\w*)?"
            r"|_table(?:_\w*)?|_TABLE(?:_\w*)?))[ \t]*(?::[ \t]*[\w.\[\]]+[ \t]*"
            r"|[ \t]+[\w.]+[ \t]*)?(?::=|(?<![=!<>:])=)",
        ),
        ("Supabase/Knex .from()", r"\.from\(\s*"),
        ("Supabase realtime table:", r"\bschema\s*:\s*[\"'][^\"']*[\"']\s*,\s*table\s*:"),
        (
            "Kysely table call",
            r"\.(?:selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto"
            r"|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin|with)\(\s*",
        ),
        (
            "Knex table call",
            r"(?:\b(?:knex|db|trx|k)\(|\.(?:table|into|join|leftOuterJoin|rightOuterJoin"
            r"|createTable|createTableIfNotExists|alterTable|dropTable|dropTableIfExists"
            r"|hasTable|renameTable|hasColumn)\()\s*",
        ),
        (
            "RedBean table call",
            # redbean-node's R.findOne("t", ...), R.dispense("t") and RedBeanPHP's
            # R::find('t', ...): the bean type is the table (trial s40 uptime-kuma F6)
            r"(?<![\w$])R(?:\.|::)(?:dispense|xdispense|findOne|findAll|find|findLast"
            r"|findOrCreate|findOrDispense|findForUpdate|findOneForUpdate|findMulti|count"
            r"|load|loadAll|loadForUpdate|batch|wipe|hasTable|trashBatch|trashAll)\(\s*",
        ),
        (
            "Go query builder",
            r"(?:\bgoqu\.T\(|\.(?:From|Into|Update|Insert|Delete|Table|Join|InnerJoin|LeftJoin"
            r"|RightJoin|FullJoin|CrossJoin|LeftOuterJoin|RightOuterJoin|FullOuterJoin)\()\s*",
        ),
    )
)

#: Go builders' table arguments may go on after the name (``.Join("t ON ...")``,
#: ``.From("t AS x")``): the name then need only open the literal.
_CLAUSE_LABELS = frozenset({"Go query builder"})
#: The receiver of the method call a builder's string opens: ``fp.Join(``.
_RECEIVER = lazy_compile(r"(?<![\w.])([A-Za-z_]\w*)\.\w+\(\s*$")
#: Library classes whose methods are named as a builder's (C#'s ``Path.Join``,
#: ``string.Join``): paths and separators, not tables. Go's standard packages
#: come from the file's imports (``fp "path/filepath"``).
_LIBRARY_RECEIVERS = frozenset({"Path", "String", "string"})

#: Builders of one language, whose method names other languages' standard
#: libraries share (Python's ``", ".join(x)``, Rust's ``dir.join("x.db")``,
#: C#'s ``File.Delete("x")``): their pattern is tried in those files only
#: (trial s35 atuin: Rust ``data_dir.join("scripts.db")`` was a "Knex table
#: call" and ``impact --diff`` renamed the database file).
_LABEL_SUFFIXES: dict[str, tuple[str, ...]] = {
    "Knex table call": JS_SUFFIXES,
    "Kysely table call": JS_SUFFIXES,
    # goqu, squirrel, dbr...; C#'s SqlKata (``new Query("t").Join("x", ...)``)
    "Go query builder": (".go", ".cs"),
    "RedBean table call": (*JS_SUFFIXES, ".php"),
    "Doctrine ORM Table": (".php",),
    "Doctrine ORM Column": (".php",),
    "Doctrine ORM Index": (".php",),
    "EF Core [Table]": (".cs",),
    "EF Core ToTable": (".cs",),
    "EF Core [Column]": (".cs",),
    "EF Core HasColumnName": (".cs",),
}
#: Builder calls whose first argument is the table: a name followed by ``.``
#: in it is the schema of ``schema.table`` (``.join('scripts.db')``), no use
#: of a table called so.
_BUILDER_LABELS = frozenset(
    {
        "Knex table call",
        "Kysely table call",
        "Supabase/Knex .from()",
        "Go query builder",
        "RedBean table call",
    }
)
#: Standard-library objects whose methods a builder pattern's name matches:
#: Node's ``path.join('a', 'b')``, ``console.table(...)``, ``Array.from('x')``,
#: ``Buffer.from('x')``, C#'s ``File.Delete("x")``.
_BUILDER_LIBRARY_RECEIVERS = frozenset(
    {
        "path",
        "posix",
        "win32",
        "console",
        "Array",
        "Buffer",
        "Uint8Array",
        "Set",
        "Map",
        "Object",
        "Promise",
        "File",
        "Directory",
    }
)
#: Knex's ``.join(table, first, ..., second)`` takes two or more arguments;
#: JavaScript's ``Array.prototype.join(separator)`` one.
_KNEX_JOIN = lazy_compile(r"\.join\(\s*$")


def _builder_call_ok(label: str, head: str, after: str, suffix: str) -> bool:
    """Whether a builder pattern ``label`` found ending ``head`` (the name then
    ``after`` it, closing quote first) is that builder's call: in the
    builder's language, not on a standard-library object, the name the
    whole table (not ``schema`` of ``schema.table``), and Knex's ``join``
    with a second argument."""
    languages = _LABEL_SUFFIXES.get(label)
    if languages is not None and not suffix.endswith(languages):
        return False
    if label not in _BUILDER_LABELS:
        return True
    if after[:1] == "." or after[:1] == ":":
        return False
    found = _RECEIVER.search(head, max(0, len(head) - TAIL))
    if found is not None and found[1] in _BUILDER_LIBRARY_RECEIVERS:
        return False
    if label == "Knex table call" and _KNEX_JOIN.search(head, max(0, len(head) - TAIL)):
        return after[1:].lstrip().startswith(",")
    return True


#: Column mappings: the column's name as a literal in an ORM's column declaration.
_COLUMN_MAPPINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, lazy_compile(pattern + r"\s*$"))
    for label, pattern in (
        (
            "Doctrine ORM Column",
            # Doctrine ORM's #[ORM\Column(name: 'c')] / #[ORM\Column('c')], a join's
            # own column #[ORM\JoinColumn(name: 'c')] (not its referencedColumnName,
            # the other table's), docblock @ORM\Column(name="c"): trial s41 kimai.
            # Before EF Core's [Column(, which #[Column('c') would match too.
            r"(?:#\[(?:[^\]\n]*?[,\s])?(?:\\?Doctrine\\ORM\\Mapping\\|ORM\\)?"
            r"|@(?:\\?Doctrine\\ORM\\Mapping\\|ORM\\))(?:Column\(\s*(?:name\s*[:=]\s*)?"
            r"|JoinColumn\(\s*(?:[^()\[\]{}]*?[,\s])?(?<!\w)name\s*[:=]\s*)",
        ),
        (
            "Doctrine ORM Index",
            # the columns of #[ORM\Index(columns: ['a', 'c'])] and
            # #[ORM\UniqueConstraint(columns: [...])]: the class's table's (trial s41 kimai)
            r"(?:#\[(?:[^\]\n]*?[,\s])?(?:\\?Doctrine\\ORM\\Mapping\\|ORM\\)?"
            r"|@(?:\\?Doctrine\\ORM\\Mapping\\|ORM\\))(?:Index|UniqueConstraint)\("
            r"\s*(?:[^()\[\]{}]*?[,\s])?columns\s*[:=]\s*[\[{]"
            r"(?:\s*(?:'[^'\n]*'|\"[^\"\n]*\")\s*,)*\s*",
        ),
        # EF Core (C#): [Column("c")] / [Column(Name = "c")], .HasColumnName("c")
        # (learn.microsoft.com, EF Core "Column names"); before SQLAlchemy's Column(.
        (
            "EF Core [Column]",
            r"\[\s*(?:[\w.]*\.)?Column(?:Attribute)?\(\s*(?:Name\s*=\s*)?",
        ),
        ("EF Core HasColumnName", r"\.HasColumnName\(\s*"),
        ("SQLAlchemy Column()", r"\b(?:Column|mapped_column)\(\s*"),
        ("Django db_column", r"\bdb_column\s*="),
        # drizzle-orm: userName: text("user_name"), mood: moodEnum("mood") in a table's object
        ("Drizzle column", _DRIZZLE_COLUMN),
        ("Prisma @map", r"(?<!@)@map\(\s*(?:name\s*:\s*)?"),
        ("TypeORM @Column", r"@Column\(\s*(?:\{[^}]*\bname\s*:\s*)?"),
        (
            "JPA @Column",
            # @Column, @JoinColumn, @PrimaryKeyJoinColumn, @MapKeyColumn, @OrderColumn
            # (name = "c") and referencedColumnName = "c"; Kotlin use-site targets
            # (@get:Column), nested JoinColumn(...) in Kotlin arrays, Spring Data's @Column("c").
            r"(?:(?:@(?:\w+:)?(?:(?:jakarta|javax)\.persistence\.)?(?:Column|JoinColumn"
            r"|PrimaryKeyJoinColumn|MapKeyColumn|MapKeyJoinColumn|OrderColumn)|\bJoinColumn)\(\s*"
            r"(?:(?:[^()\[\]{}]*?[,\s])?(?:name|referencedColumnName|value)\s*=\s*)?"
            r"|\breferencedColumnName\s*=\s*)",
        ),
        (
            "MyBatis-Plus @TableField",
            # @TableField("c"), @TableField(value = "c", fill = FieldFill.INSERT); also @TableId.
            r"@(?:com\.baomidou\.mybatisplus\.annotation\.)?Table(?:Field|Id)\(\s*"
            r"(?:(?:[^()\[\]{}]*?[,\s])?value\s*=\s*)?",
        ),
        ("SeaORM column_name", r"#\[\s*sea_orm\s*\([^)\]]*\bcolumn_name\s*="),
        ("sqlx rename", r"#\[\s*sqlx\s*\([^)\]]*\brename\s*="),
        # Go struct tags (a raw string after the field's type): sqlx and dbx read
        # ``db:"col"``, bun ``bun:"col,opts"``, GORM ``gorm:"column:col;opts"``.
        ("Go struct tag db", r"`(?:[^`]*\s)?db:"),
        ("Go struct tag bun", r"`(?:[^`]*\s)?bun:"),
        ("Go struct tag gorm column", r"`(?:[^`]*\s)?gorm:\"(?:[^\"]*;)?column"),
    )
)

#: The JPA annotations the ``JPA @Table`` pattern finds besides ``@Table``,
#: each labelled for itself (trial s33 hawkbit: ``@JoinTable(name = ...)`` was
#: shown ``[JPA @Table]``).
_JPA_TABLE_ANNOTATION = lazy_compile(r"\b(JoinTable|CollectionTable|SecondaryTable)\(")
#: Every label the ``JPA @Table`` pattern gives.
JPA_TABLE_LABELS = frozenset(
    {"JPA @Table", "JPA @JoinTable", "JPA @CollectionTable", "JPA @SecondaryTable"}
)


def _annotation_label(label: str, matched: str) -> str:
    """``label``, or for the ``JPA @Table`` pattern the annotation it matched
    (``JPA @JoinTable`` for ``@JoinTable(name = "t"``, Kotlin's nested
    ``JoinTable(`` too)."""
    if label != "JPA @Table":
        return label
    found = _JPA_TABLE_ANNOTATION.search(matched)
    return f"JPA @{found.group(1)}" if found is not None else label


#: Mappings whose value goes on after the name (``bun:"col,pk"``, ``gorm:"column:c;not null"``).
_TAG_LABELS = frozenset({"Go struct tag bun", "Go struct tag gorm column"})

#: Mappings that name the table or column bare, not as a string: Diesel's
#: ``#[diesel(table_name = posts)]`` names the ``table!`` module; Beego's tag
#: ``orm:"column(name)"`` the column.
_BARE_MAPPINGS = (
    (
        "Diesel table_name",
        lazy_compile(r"#\[\s*diesel\s*\([^)\]]*\btable_name\s*=\s*(?:\w+\s*::\s*)*$"),
    ),
)
_BARE_COLUMN_MAPPINGS = (
    (
        "Diesel column_name",
        lazy_compile(r"#\[\s*diesel\s*\([^)\]]*\bcolumn_name\s*=\s*(?:\w+\s*::\s*)*$"),
    ),
    # Beego's ORM: ``orm:"pk;auto;column(user_id)"`` (settings split at ``;``, the
    # setting's name in any case: Beego's ParseStructTag).
    ("Go struct tag orm column", lazy_compile(r"`(?:[^`]*\s)?orm:\"(?:[^\"]*;)?\s*(?i:column)\($")),
)

#: SQL keywords after which a name is a table (``FROM x``, ``JOIN x``...); the
#: ``ON`` of ``CREATE INDEX x ON``, ``CREATE TRIGGER x AFTER ... ON``, ``CREATE
#: POLICY x ON`` and ``GRANT ... ON [TABLE]``; ``(LIKE x``, ``INHERITS (x``,
#: ``ANALYZE``/``VACUUM [VERBOSE] x``.
_SQL_TABLE = lazy_compile(
    r"(?i)(?:(?:[(,]\s*like|\b(?:from|join|into|update|table|references|exists|truncate|using|only"
    r"|cluster(?:\s+verbose)?|(?:analy[sz]e|vacuum)(?:\s+(?:verbose|full|freeze|analy[sz]e))*"
    r"|index(?:\s+concurrently)?(?:\s+if\s+not\s+exists)?(?:\s+[\w$#.\"`\[\]]+)?\s+on"
    r"|(?:before|after|instead\s+of)\s+(?:insert|update|delete|truncate)\b[^;]*?\son"
    r"|policy\s+[\w$#.\"`\[\]]+\s+on|(?:grant|revoke)\s[^;]*?\son(?:\s+table)?))"
    r"(?:\s+only)?\s+|\binherits\s*\((?:\s*[\w$.\"`\[\]]+\s*,)*\s*)$"
)


def table_position_before(before: str) -> bool:
    """Whether SQL text ending with ``before`` names a table next (``... FROM ``)."""
    return bool(_SQL_TABLE.search(_ESCAPED_SPACE.sub(" ", before[-TAIL:])))


#: Where SQL names a constraint, index, sequence or trigger (PostgreSQL's
#: INSERT ... ON CONFLICT ON CONSTRAINT, ALTER TABLE ... DROP/RENAME/VALIDATE
#: CONSTRAINT, DROP/ALTER INDEX, REINDEX INDEX, CLUSTER ... USING, nextval/
#: currval/setval('seq'), DROP/ALTER SEQUENCE, DROP/ALTER/ENABLE/DISABLE
#: TRIGGER; MySQL's index hints and ALTER TABLE ... DROP/RENAME INDEX): the
#: text before the name ends so (a quote or a schema qualifier may follow).
_IF_EXISTS = r"(?:\s+if\s+exists)?"
_DEPENDENT_POSITIONS: dict[str, re.Pattern[str]] = {
    kind: lazy_compile(rf"(?i)(?:{pattern})\s*\\?[\"`]?$")
    for kind, pattern in (
        (
            "constraint",
            # ... ON CONSTRAINT x, DROP CONSTRAINT x, and errors' "violates unique constraint \"x\""
            rf"\bconstraint{_IF_EXISTS}\s",
        ),
        (
            "index",
            rf"\b(?:drop|alter|rename)\s+(?:index|key)(?:\s+concurrently)?{_IF_EXISTS}\s"
            r"|\breindex\s+(?:\([^)]*\)\s*)?index(?:\s+concurrently)?\s"
            r"|\bcluster\s+(?:verbose\s+)?[\w.\"]+\s+using\s"
            # ALTER TABLE t REPLICA IDENTITY USING INDEX x, ADD ... UNIQUE USING INDEX x,
            # CLUSTER ON x
            r"|\busing\s+index\s|\bcluster\s+on\s"
            r"|\b(?:force|use|ignore)\s+(?:index|key)(?:\s+for\s+\w+(?:\s+by)?)?\s*\((?:\s*[\w`]+\s*,)*",
        ),
        (
            "sequence",
            # a comment may open the string: river's nextval('/* TEMPLATE: schema */x')
            rf"\b(?:nextval|currval|setval)\s*\(\s*'(?:\s*/\*[^*]*\*+(?:[^/*][^*]*\*+)*/)*\s*"
            rf"|\b(?:drop|alter)\s+sequence{_IF_EXISTS}\s",
        ),
        (
            "trigger",
            rf"\b(?:drop|alter)\s+trigger{_IF_EXISTS}\s"
            r"|\b(?:enable|disable)\s+(?:always\s+|replica\s+)?trigger\s",
        ),
    )
}
#: Kinds whose name a database error reports (a unique index's name is the
#: constraint name of its unique violation): a string literal that is only
#: the name is code matching on it (``pqErr.Constraint == "users_email_key"``).
_ERROR_NAMED = frozenset({"constraint", "index"})


def dependent_position(
    kind: str, line: str, start: int, end: int, previous_tail: str = "", previous_text: str = ""
) -> str | None:
    """The context label when ``line[start:end]`` stands where SQL names an
    object of ``kind`` (a constraint, index, sequence or trigger), else None.

    ``previous_tail``: the end of the line before (``ON CONSTRAINT`` there,
    the name opening this line); ``previous_text``: the file's text before
    the line, where an index or constraint call opened over several lines
    starts (``models.Index(`` with ``name="x"`` lines below, as Django's
    ``Meta.indexes`` are written: trial s41 healthchecks).
    """
    pattern = _DEPENDENT_POSITIONS.get(kind)
    if pattern is None:
        return None
    before = _ESCAPED_SPACE.sub(" ", line[max(0, start - TAIL) : start])
    if not before.strip():
        before = _ESCAPED_SPACE.sub(" ", previous_tail) + " " + before
    if pattern.search(before):
        return f"SQL ({kind} name)"
    opening = line[start - 1 : start]
    if kind in _ERROR_NAMED and opening in _QUOTES and line[end : end + 1] == opening:
        head = line[: start - 1]
        opened = (previous_text[-TAIL:] or previous_tail) + " " + head
        if _ATTRIBUTE.search(head) and not _INDEX_API.search(opened):
            return None  # <input name="key" />, f(name="key"): a form field's, a parameter's
        return f"{kind} name string"
    return None


#: A string that is an attribute's or a keyword argument's value (``name="key"``
#: or ``name={"key"}`` in JSX or HTML, ``f(label="key")`` in Python): no name of
#: the database's unless an index or constraint API takes it.
_ATTRIBUTE = lazy_compile(r"(?<![\w.:=!<>+*/%&|^-])[A-Za-z_][\w-]*=\{?$")
#: A call that names an index or a constraint: Django's ``models.Index(...,
#: name="x")``, ``UniqueConstraint(..., name="x")``, SQLAlchemy's ``Index("x"``...
#: Its arguments before the name may hold one level of calls (Django writes
#: ``condition=models.Q(...)`` first).
_INDEX_API = lazy_compile(r"(?i)(?:index|constraint|unique)\w*\s*\((?:[^()]|\([^()]*\))*$")


#: Kinds SQL names in a type position: a cast's target (``x::t``, ``x::t[]``,
#: ``ARRAY[]::t[]``, ``CAST(x AS t)``) is a type or domain, or a table's or
#: view's row type (``NULL::users``, ``jsonb_populate_record``'s first argument).
_CAST_KINDS = frozenset({"type", "domain", "table", "view", "materialized_view"})
#: Kinds DDL names after ``TYPE``/``DOMAIN`` (``ALTER TYPE t``, ``ALTER COLUMN c TYPE t``).
_TYPE_KINDS = frozenset({"type", "domain"})
#: The text before a name (its opening quote, ``"`` or ``\"``, aside) ends with
#: a cast's ``::`` (PostgreSQL allows space around it) or ``AS`` (of a CAST, checked apart).
_CAST_COLONS = lazy_compile(r"::\s*$")
_CAST_AS = lazy_compile(r"(?i)\bas\s+$")
_CAST_CALL = lazy_compile(r"(?i)\b(?:try_)?cast\s*$")
_TYPE_DDL = lazy_compile(
    r"(?i)\b(?:(?:create|alter|drop)\s+(?:type|domain)(?:\s+if\s+(?:not\s+)?exists)?"
    r"|comment\s+on\s+(?:type|domain)"
    r"|alter\s+column\s+(?:[\w$]+|\\?\"[^\"]*\\?\")\s+(?:set\s+data\s+)?type)\s+$"
)


def type_position(kind: str, before: str) -> str | None:
    """The context label when SQL text ending with ``before`` names an object of
    ``kind`` next in a type position (a cast's target, a type's DDL), else None.

    ``before`` ends where the name (or its schema qualifier) starts; an
    identifier quote (``"``, ``\\"`` in a ``"..."`` literal) may end it.
    """
    if kind not in _CAST_KINDS:
        return None
    tail = _ESCAPED_SPACE.sub(" ", before[-TAIL:])
    tail = tail[:-1] if tail.endswith('"') else tail
    tail = tail.removesuffix("\\")
    if _CAST_COLONS.search(tail):
        return "SQL (type cast)"
    found = _CAST_AS.search(tail)
    if found is not None and _in_cast(tail[: found.start()]):
        return "SQL (type cast)"
    if kind in _TYPE_KINDS and _TYPE_DDL.search(tail):
        return "SQL (type name)"
    return None


def _in_cast(head: str) -> bool:
    """Whether ``head`` ends inside the parentheses of ``CAST(`` (``CAST(x``, ``CAST(f(x)``)."""
    depth = 0
    for i in range(len(head) - 1, -1, -1):
        char = head[i]
        if char == ")":
            depth += 1
        elif char == "(":
            if depth == 0:
                return bool(_CAST_CALL.search(head, 0, i))
            depth -= 1
    return False


#: A line that reads as SQL at all (for column names without their table).
_SQL_LINE = lazy_compile(r"(?i)\b(?:select|insert\s+into|update|delete\s+from|where|join)\b")

_QUOTES = "\"'`"

#: A line head that opens (or ends) a call or statement of its own: the
#: lines above it are then no part of the argument list its string is in.
_OPENS_OWN_CALL = lazy_compile(r"[();{}]")

#: How much of the text before a name the context patterns read (characters):
#: more than any mapping or keyword context spans; reading a long line's whole
#: head per name would cost its length times its names (a one-line JSON file).
TAIL = 600

#: A string that reads as a SQL statement: its keywords in SQL position
#: (``SELECT ... FROM``, ``UPDATE t SET``, ``INSERT INTO``, ``JOIN t ON``...).
#: English prose ("Failed to update post stats") has the words, not the shape.
_SQL_STATEMENT = lazy_compile(
    r"(?is)\bselect\b.*\bfrom\b"
    r"|\b(?:insert(?:\s+ignore)?|replace|merge|upsert)\s+into\b"
    r"|\bdelete\s+from\b"
    r"|\bupdate\s+(?:only\s+)?[\w.\"`\[\]]+(?:\s+(?:as\s+)?\w+)?\s+set\b"
    r"|\b(?:create|alter|drop)\s+(?:(?:or\s+replace|temp|temporary|unlogged|unique"
    r"|materialized|global|local)\s+)*(?:table|view|index|sequence|type|schema|function"
    r"|trigger|procedure|domain)\b"
    r"|\btruncate\s+table\b"
    r"|\bcluster\s+(?:verbose\s+)?[\w.\"]+\s+using\b"
    r"|\breindex\s+(?:\([^)]*\)\s*)?(?:index|table)\b"
    r"|\bjoin\s+[\w.\"`\[\]]+(?:\s+(?:as\s+)?\w+)?\s+(?:on\b|using\s*\()"
    r"|\bwhere\s+[\w.\"`\[\]]+\s*(?:=|<>|!=|<|>|\bin\b|\bis\b|\blike\b|\bbetween\b)"
    r"|\bvalues\s*\("
    r"|\b(?:group|order)\s+by\b"
)
#: A piece of a query built from several strings (``"FROM post "`` +
#: ``"WHERE ..."``): it opens with a clause keyword, in upper case, or one
#: prose does not start with (``from``, ``join``, ``into``, ``where``).
_SQL_FRAGMENT = lazy_compile(
    r"^\s*\(?\s*(?:(?:SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|REPLACE|UPSERT|FROM|JOIN|INNER"
    r"|LEFT|RIGHT|FULL|CROSS|OUTER|WHERE|AND|OR|SET|INTO|VALUES|ON|USING|GROUP|ORDER|HAVING"
    r"|LIMIT|UNION|RETURNING|TRUNCATE|REFERENCES|CREATE|ALTER|DROP|TABLE)\b"
    r"|(?i:(?:from|(?:(?:inner|left|right|full|cross)\s+(?:outer\s+)?)?join|into|where)\s))"
)


#: Prose, not SQL, whatever SQL words follow: a message opening as errors and
#: logs do ("failed to insert into poker table: %v"), or a table position
#: followed by the English word ``table`` (``into poker table``), which no
#: SQL dialect accepts (``table`` is reserved).
_PROSE_OPENING = lazy_compile(
    r"(?i)^\W*(?:failed|failure|unable|could\s*n[o']t|can\s*n[o']t|cannot|error|err"
    r"|warning|warn|fatal|panic|not\s+able|tried|trying|attempt(?:ed|ing)?|successfully"
    r"|succeeded)\b"
)
_PROSE_TABLE = lazy_compile(
    r"(?i)\b(?:into|from|update|join)\s+[\w.]+\s+tables?\b(?!\s*(?:\(|\.|as\b))"
)
#: The call (or statement) a string literal is the message of, ending the text
#: before its opening quote: errors and exceptions (``fmt.Errorf(``,
#: ``errors.New(``, ``errors.Wrap(err, ``, ``throw new IllegalStateException(``,
#: ``raise ValueError(``, ``panic(``, ``bail!(``, ``.context(``,
#: ``.expect(``), logs and prints (``log.Printf(``, ``logger.error(``,
#: ``console.warn(``, ``slog.Info(``, ``zerolog``'s ``.Msgf(``, ``warn!(``,
#: ``t.Fatalf(``); the message may follow simple arguments (``w, ``, ``err, ``).
_MESSAGE_CALL = lazy_compile(
    r"(?:(?:(?<![\w$])(?:[\w$]+\.)*(?:"
    r"Errorf|Error|Wrapf?|WithMessagef?|WithStack|Fatalf?|Fatalln|Panicf?|Panicln"
    r"|Print(?:f|ln)?|Warnf?|Warningf?|Warnln|Infof?|Infoln|Debugf?|Debugln|Tracef?|Logf?"
    r"|Msgf?|Skipf?|error|errorf|warn|warning|warnf|info|infof|debug|debugf|trace|fatal"
    r"|critical|exception|log|print|println|printf|puts|panic|bail|anyhow|ensure|expect"
    r"|context|with_context|eprintln|eprint|abort|error_log|trigger_error|die"
    r"|[A-Z]\w*(?:Exception|Error))!?"
    r"|\berrors\.New|\bnew\s+[\w.$]*(?:Exception|Error|Err))"
    r"\s*\(\s*(?:[\w.$&*]+\s*,\s*)*"
    r"|\b(?:raise|throw|panic|puts|die)\s+(?:[\w.]+\s*,\s*)?)$"
)
#: Upper-case SQL keywords: SQL written as SQL, even inside a message.
_SQL_KEYWORD = lazy_compile(
    r"\b(?:SELECT|INSERT|UPDATE|DELETE|FROM|INTO|WHERE|JOIN|CREATE|ALTER|DROP|TRUNCATE|MERGE)\b"
)


def message_call(before: str) -> bool:
    """Whether ``before`` (the text before a string literal's opening quote)
    ends with an error, exception or log call whose message the string is."""
    # A string prefix (Python f"...", r"...", C# $"..." and @"...") is not the call's.
    return bool(_MESSAGE_CALL.search(_STRING_PREFIX.sub("", before[-TAIL:])))


_STRING_PREFIX = lazy_compile(r"(?<=[(,\s])[rRbBuUfF@$]{1,2}$")


def reads_as_message_sql(text: str) -> bool:
    """Whether a message's text (an error or log string) is SQL all the same:
    it reads as SQL (:func:`reads_as_sql`) with its keywords in upper case."""
    return reads_as_sql(text) and bool(_SQL_KEYWORD.search(text))


def enclosing_string(line: str, start: int, end: int) -> str | None:
    """The text of the string literal ``line[start:end]`` is a word of, or None.

    None when the span is not inside a quoted string on this line, or is
    the whole of one (``'post'``, ``"post"``: a name, not prose). The string
    runs to its closing quote, or to the end of the line when it goes on.
    Backslash escapes are skipped; quotes are ``"``, ``'`` and backticks.
    """
    opens, closes = _string_spans(line)
    # The last string opened before ``start``; the span is inside it unless it
    # closed before ``start``.
    k = bisect.bisect_left(opens, start) - 1
    if k < 0 or closes[k] < start:
        return None
    content = line[opens[k] + 1 : min(closes[k], len(line))]
    return None if content == line[start:end] else content


@functools.lru_cache(maxsize=64)
def _string_spans(line: str) -> tuple[list[int], list[int]]:
    """Where each string literal on ``line`` opens and closes (the closing
    quote's column, ``len(line)`` when it goes on), in one pass.

    Worked out once per line, not once per word found on it: a data file
    that is one 760 KB line with a hundred matches took a minute otherwise.
    """
    opens: list[int] = []
    closes: list[int] = []
    quote = ""
    i, size = 0, len(line)
    while i < size:
        char = line[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
                closes.append(i)
        elif char in _QUOTES:
            quote = char
            opens.append(i)
        i += 1
    if quote:
        closes.append(size)
    return opens, closes


#: A string literal's escape of a line break or tab (``\n``, ``\\n`` in a shell
#: ``printf`` argument, ``\t``): white space between words once the string is read.
_ESCAPED_SPACE = lazy_compile(r"\\+[nrt]")


def string_open(line: str, start: int) -> int:
    """Column of the opening quote of the string literal holding ``line[start]``
    (``start`` when there is none)."""
    opens, closes = _string_spans(line)
    k = bisect.bisect_left(opens, start) - 1
    return opens[k] if k >= 0 and closes[k] >= start else start


def string_span(line: str, start: int) -> tuple[int, int] | None:
    """(opening quote, closing quote) columns of the string literal holding
    ``line[start]`` (the closing one ``len(line)`` when it goes on), or None."""
    opens, closes = _string_spans(line)
    k = bisect.bisect_left(opens, start) - 1
    return (opens[k], closes[k]) if k >= 0 and closes[k] >= start else None


def in_string(line: str, start: int) -> bool:
    """Whether ``line[start]`` is inside a quoted string (``"``, ``'``, backtick)
    opened on this line; backslash escapes are skipped."""
    opens, closes = _string_spans(line)
    k = bisect.bisect_left(opens, start) - 1
    return k >= 0 and closes[k] >= start


def reads_as_sql(text: str) -> bool:
    """Whether a string's text reads as SQL (a statement, or a clause of one).

    Escaped line breaks and tabs (``\n``, ``\\n``, ``\t``) separate words:
    ``".timeout 3\\nSELECT * FROM t"`` reads as SQL. A sentence that holds
    SQL words without SQL's shape is not: ``"Join task should execute"``,
    ``"JOIN task is executed"`` (a fragment's ``JOIN t`` is followed by an
    alias, a clause or its end), ``"Group by key"`` (a capital opening then
    lower-case keywords, as English writes them).
    """
    text = _ESCAPED_SPACE.sub(" ", text)
    if _PROSE_OPENING.match(text) or _PROSE_TABLE.search(text):
        return False  # "failed to insert into poker table"
    if any(_cased_as_sql(m.group()) for m in _SQL_STATEMENT.finditer(text)):
        return True
    if _SQL_FRAGMENT.match(text) is None:
        return False
    opening = _CLAUSE_OPENING.match(text)
    if opening is None:
        return True
    # "Join task", "From task definitions": a sentence's capital, not SQL's case.
    return not _is_title(_WORD.findall(opening.group())[0]) and bool(_CLAUSE_SHAPE.match(text))


def _is_title(word: str) -> bool:
    """Whether ``word`` is written as a sentence opens (``Join``), not as SQL does."""
    return word[:1].isupper() and word[1:].islower()


#: The words a statement's shape is made of, whose case is compared.
_SHAPE_KEYWORDS = frozenset(
    [
        "select",
        "from",
        "insert",
        "ignore",
        "replace",
        "merge",
        "upsert",
        "into",
        "delete",
        "update",
        "only",
        "set",
        "create",
        "alter",
        "drop",
        "or",
        "temp",
        "temporary",
        "unlogged",
        "unique",
        "materialized",
        "global",
        "local",
        "table",
        "view",
        "index",
        "sequence",
        "type",
        "schema",
        "function",
        "trigger",
        "procedure",
        "domain",
        "truncate",
        "cluster",
        "verbose",
        "using",
        "reindex",
        "join",
        "as",
        "on",
        "where",
        "in",
        "is",
        "like",
        "between",
        "values",
        "group",
        "order",
        "by",
    ]
)
_WORD = lazy_compile(r"[A-Za-z]+")


def _cased_as_sql(found: str) -> bool:
    """Whether a statement shape's keywords are cased as SQL is written: not a
    sentence's capital opening followed by lower-case keywords (``Group by``,
    ``Select the task from``)."""
    words = _WORD.findall(found)
    if not words or not _is_title(words[0]):
        return True
    return not any(w.islower() and w in _SHAPE_KEYWORDS for w in words[1:])


#: A fragment opening with a clause that names a table or a condition next
#: (``FROM``, ``JOIN``, ``INTO``, ``WHERE``), whatever its case.
_CLAUSE_OPENING = lazy_compile(
    r"(?i)^\s*\(?\s*(?:(?:(?:inner|left|right|full|cross|natural)\s+(?:outer\s+)?)?join"
    r"|inner|left|right|full|cross|natural|outer|from|into|where)\b"
)
#: A name SQL may write there: bare, quoted, schema-qualified, or a placeholder
#: another piece fills in (``%s``, ``?``, ``{table}``, ``${table}``, ``:name``).
_CLAUSE_NAME = (
    r"(?:[\w$#]+|\\?\"[^\"\\]*\\?\"|`[^`]*`|\[[^\]]*\]|%\w|\?|\$?\{[^}]*\}|:\w+)"
    r"(?:\s*\.\s*(?:[\w$#]+|\\?\"[^\"\\]*\\?\"|`[^`]*`|\[[^\]]*\]|%\w|\$?\{[^}]*\}))*"
)
#: What may follow a clause's name (or its alias): the piece's end, punctuation,
#: a placeholder, or a keyword going on with the query.
_CLAUSE_NEXT = (
    r"(?:$|[,;()+%?{$:]|\b(?:on|using|where|join|inner|left|right|full|cross|natural|outer"
    r"|group|order|limit|offset|having|union|intersect|except|set|values|select|returning|window"
    r"|for|lateral|tablesample|partition|default|with|straight_join|fetch|force|use|ignore|when"
    r"|and|or|as|limit|overriding|output)\b)"
)
#: The shape such a fragment has in SQL: ``FROM t``, ``JOIN t x ON``, ``INTO t (``,
#: ``WHERE c = ?``; a sentence's ``Join task should`` has none.
_CLAUSE_SHAPE = lazy_compile(
    r"(?is)^\s*\(?\s*(?:"
    r"(?:(?:(?:inner|left|right|full|cross|natural)\s+(?:outer\s+)?)?join|from|into)"
    rf"(?:\s*$|\s*\(|\s+(?:only\s+|lateral\s+)?{_CLAUSE_NAME}"
    rf"(?:\s+(?:as\s+)?[A-Za-z_]\w*)?\s*{_CLAUSE_NEXT})"
    rf"|where(?:\s*$|\s*\(|\s+(?:not|exists)\b|\s+{_CLAUSE_NAME}\s*"
    r"(?:$|[=<>!~@?%+-]|\b(?:in|is|like|ilike|between|not|similar|and|or)\b))"
    r")"
)


#: How a string over several lines that is SQL opens (after space, SQL comments
#: and parentheses, :func:`_opening_end`): a statement's or clause's keyword, a
#: placeholder another piece fills (``%s``, ``{cols}``, ``${table}``), or a
#: list's comma. A multi-line string opening otherwise is text whatever SQL
#: words it holds further on (an OpenFGA model: ``type document`` ...
#: ``viewer from store``).
_MULTILINE_OPENING = lazy_compile(
    r"(?i)(?:(?:select|insert|update|delete|merge|replace|upsert|with|create|alter|drop|truncate"
    r"|grant|revoke|comment|explain|analyze|vacuum|copy|set|reset|show|begin|commit|rollback"
    r"|start|do|call|execute|exec|prepare|lock|refresh|cluster|reindex|values|table|from|join"
    r"|inner|left|right|full|cross|natural|where|and|or|on|using|group|order|having|limit"
    r"|offset|union|intersect|except|returning|into|declare|pragma|attach|listen|notify"
    r"|savepoint|release|discard)\b"
    r"|[%{$:?,*]|\Z)"
)


def _opening_end(text: str) -> int:
    """Where ``text`` opens after space, ``--``/``#`` line comments, closed
    ``/* */`` comments and ``(``. One forward pass: a regular expression
    repeating ``\\s+`` or ``--[^\\n]*`` backtracked exponentially on a
    string opening with a long indent and no keyword (Synapse's
    ``user_directory.py``: ``(`` then ``EXISTS``)."""
    pos, size = 0, len(text)
    while pos < size:
        char = text[pos]
        if char.isspace() or char == "(":
            pos += 1
        elif text.startswith("--", pos):
            end = text.find("\n", pos)
            pos = size if end < 0 else end
        elif char == "#":
            end = text.find("\n", pos)
            if end < 0:
                break  # a '#' comment ends at its line's end
            pos = end + 1
        elif text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            if end < 0:
                break
            pos = end + 2
        else:
            break
    return pos


#: A line that opens a statement (a docstring's example after its prose).
_STATEMENT_LINE = lazy_compile(
    r"(?im)^[ \t]*\(?(?:select|insert|update|delete|merge|with|create|alter|drop|truncate"
    r"|explain|grant|revoke)\b"
)


def opens_as_sql(text: str) -> bool:
    """Whether a multi-line string's text opens as SQL does (:data:`_MULTILINE_OPENING`),
    or one of its lines opens a statement (``Runs this query.`` then ``SELECT ...``)."""
    text = _ESCAPED_SPACE.sub(" ", text)
    return bool(_MULTILINE_OPENING.match(text, _opening_end(text)) or _STATEMENT_LINE.search(text))


#: A data value that is a SQL statement opens with the statement's keyword
#: and has its shape: a SELECT a select list and FROM a table (``Select from
#: team`` has none), INSERT/MERGE INTO, DELETE FROM, UPDATE t SET, WITH x AS
#: (, CREATE/ALTER/DROP of an object, TRUNCATE, CLUSTER ... USING, REINDEX.
#: A clause alone (``Join team``, ``Order by team``, ``where team is``) is no
#: statement: a whole value is never a piece of a query built from several.
_VALUE_STATEMENT = lazy_compile(
    r"(?is)^\s*\(?\s*(?:"
    r"(?P<select>select)\s+(?:(?:all|distinct)\s+)?(?!from\b)[^\s,].*?\s(?P<from>from)\s+"
    r"(?:only\s+)?[\w\"`\[(]"
    r"|(?P<with>with)\s+(?:recursive\s+)?[\w\"`]+(?:\s*\([^)]*\))?\s+(?P<as>as)\s*"
    r"(?:(?:not\s+)?materialized\s*)?\("
    r"|(?P<insert>insert|merge|upsert|replace)(?:\s+ignore)?\s+(?P<into>into)\s+[\w\"`\[]"
    r"|(?P<delete>delete)\s+(?P<delete_from>from)\s+[\w\"`\[]"
    r"|(?P<update>update)\s+(?:only\s+)?[\w.\"`\[\]]+(?:\s+(?:as\s+)?\w+)?\s+(?P<set>set)\s+"
    r"[\w\"`\[(]"
    r"|(?P<ddl>create|alter|drop)\s+(?:(?:or\s+replace|temp|temporary|unlogged|unique"
    r"|materialized|global|local)\s+)*(?P<object>table|view|index|sequence|type|schema"
    r"|function|trigger|procedure|domain)\b"
    r"|(?P<truncate>truncate)\s+(?:(?P<table>table)\s+)?(?:only\s+)?[\w.\"`\[\]]+\s*"
    r"(?:[;,]|$|(?:restart|continue|cascade|restrict)\b)"
    r"|(?P<cluster>cluster)\s+(?:verbose\s+)?[\w.\"]+\s+(?P<using>using)\b"
    r"|(?P<reindex>reindex)\s+(?:\([^)]*\)\s*)?(?P<what>index|table)\b"
    r")"
)


def reads_as_statement(text: str, *, upper_case: bool = False) -> bool:
    """Whether a data value (a JSON string, a YAML or ``.properties`` value)
    is a SQL statement: it opens as one and has its shape
    (:data:`_VALUE_STATEMENT`), with its keywords written as SQL writes them,
    all in upper or all in lower case (``Delete from team``, a sentence's
    capital then a lower-case word, is English); ``upper_case``: only in
    upper case (a message catalogue's text, as an error message's)."""
    text = _ESCAPED_SPACE.sub(" ", text)
    if _PROSE_OPENING.match(text) or _PROSE_TABLE.search(text):
        return False
    found = _VALUE_STATEMENT.match(text)
    if found is None:
        return False
    words = [w for w in found.groups() if w]
    if upper_case:
        return all(w.isupper() for w in words)
    return all(w.isupper() for w in words) or all(w.islower() for w in words)


#: A docblock line of a Doctrine ORM annotation naming a table, up to the
#: name: `` * @ORM\Table(name="`` (Doctrine ORM before PHP 8's attributes
#: reads these comments as the entity's mapping: trial s41 kimai).
_DOCTRINE_ANNOTATION = lazy_compile(
    r"\s*(?:/\*\*|\*)?\s*@(?:\\?Doctrine\\ORM\\Mapping\\|ORM\\)"
    r"(?:Table|JoinTable|Column|JoinColumn)\(\s*(?:[^()]*?[,\s])?name\s*=\s*\"$"
)


@functools.lru_cache(maxsize=64)  # asked once per word found on the line
def comment_start(line: str, *, hash_comments: bool = True) -> int:
    """Column (0-based) where a line comment starts, or ``len(line)``.

    Knows ``#``, ``//`` and ``--`` comments outside quotes, and lines that
    continue a block comment (``*``, ``/*``, ``<!--``). Without
    ``hash_comments`` (C-like languages, Rust) ``#`` opens an attribute or a
    preprocessor line (``#[sea_orm(...)]``, ``#define``), not a comment.
    """
    stripped = line.lstrip()
    openers = (
        ("*", "/*", "<!--", "#", "//", "-- ") if hash_comments else ("*", "/*", "<!--", "//", "-- ")
    )
    if stripped.startswith(openers):
        return len(line) - len(stripped)
    inline = ("//", "-- ", "# ") if hash_comments else ("//", "-- ")
    quote = ""
    i = 0
    while i < len(line):
        char = line[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in _QUOTES:
            quote = char
        elif line.startswith(inline, i) and (i == 0 or line[i - 1] in " \t;,)"):
            return i
        i += 1
    return len(line)


def _library_call(head: str, packages: frozenset[str]) -> bool:
    """Whether ``head`` ends calling a library's function (``fp.Join(``), not a builder's."""
    found = _RECEIVER.search(head, max(0, len(head) - TAIL))
    return found is not None and (found[1] in packages or found[1] in _LIBRARY_RECEIVERS)


#: Openers of strings over lines the lexer does not know: C#'s verbatim
#: ``@"`` and C++'s raw ``R"delim(``.
_UNKNOWN_STRING = lazy_compile(r'@"|\bR"[^(\s"\\]{0,16}\(')


def classify(
    line: str,
    start: int,
    end: int,
    *,
    column: bool,
    table_on_line: bool,
    qualified_by_table: bool,
    hash_comments: bool = True,
    continues_chain: bool = False,
    prose: bool = False,
    docstring: bool = False,
    comment: bool = False,
    in_sql: bool = False,
    previous_tail: str = "",
    code: bool = False,
    markup: bool = False,
    previous_text: str = "",
    kind: str = "",
    packages: frozenset[str] = frozenset(),
    data: bool = False,
    catalogue: bool = False,
    key: bool = False,
    setting: str | None = None,
    sql_string: bool = False,
    text_string: bool = False,
    suffix: str = "",
) -> tuple[Confidence, str]:
    """Confidence and context label of the reference ``line[start:end]``.

    ``start``/``end`` span the whole reference including a schema or table
    qualifier but not quotes around it. ``hash_comments``: whether ``#``
    opens a comment in this file's language; ``continues_chain``: the line
    goes on with a method chain the previous line ended with ``.`` (gofmt's
    ``stbl.`` / ``From("t").``); ``prose``: the line is a documentation
    file's English, outside its code blocks, never more than plain text;
    ``docstring``: the name is in a Python docstring whose paragraph is no
    SQL statement (:mod:`~dbnamelint.impact.docstrings`), plain text too;
    ``comment``: the name is in a ``/* ... */`` comment (its lines need not
    start with ``*``), plain;
    ``in_sql``: the name is inside a SQL statement (which may span lines:
    ``table_on_line`` then says the statement names the column's table);
    ``previous_tail``: the end of the line before, whose ``INSERT INTO`` or
    ``FROM`` a name opening this line follows; ``code``: the file is in a
    programming language whose string literals are known, where a name
    outside every string literal and every SQL statement is the language's
    own (a variable, a parameter, an object key ``{ content }``), never SQL,
    whatever SQL words the line holds elsewhere; ``markup``: the file holds
    JSX, whose text outside strings and SQL is the page's (``<Text>Update
    task</Text>``), plain; ``previous_text``: the
    file's text before the line (its last :data:`TAIL` characters), read
    with the line by the mapping patterns when the line goes on with an
    argument list opened above it (``@JoinTable(`` then ``name = "t"`` on
    the next line, as JHipster writes it); ``kind``: the object's kind, whose
    own SQL positions (:func:`dependent_position`) are high confidence;
    ``packages``: the names the file calls standard-library packages by (Go's
    ``fp.Join("bookmark", ...)`` joins a path, no builder's table); ``data``:
    a data file (JSON, YAML, ``.properties``...: :mod:`~dbnamelint.impact.datafiles`),
    whose strings are values, SQL only as a whole statement
    (:func:`reads_as_statement`: ``"Join team"``, ``summary: Update tag`` are
    English); ``catalogue``: a message catalogue's, whose statements need
    upper-case keywords; ``key``: the name is (in) a mapping key of a data
    file, a key and never SQL; ``setting``: the whole unquoted value the name
    is in (a YAML scalar over its lines, a ``.properties`` or ``.ini``
    entry's: :mod:`~dbnamelint.impact.configvalues`); ``sql_string``: the name's
    string literal is SQL whatever it reads as (a GORM chain's ``.Where("r_id
    = ?")``, :mod:`~dbnamelint.impact.gormconv`); ``text_string``: the name is
    in a string literal of the code (which may have opened lines above) that
    holds no SQL statement, plain text whatever SQL words precede it on its line;
    ``suffix``: the file's name, lower case (at least its suffix), which says
    the language a builder pattern belongs to (:data:`_LABEL_SUFFIXES`).
    """
    if (comment or start >= comment_start(line, hash_comments=hash_comments)) and not (
        suffix.endswith(".php") and _DOCTRINE_ANNOTATION.match(line[:start]) is not None
    ):
        return PLAIN, "comment"
    if prose:
        return PLAIN, "prose"
    if docstring:
        return PLAIN, "docstring"
    if key:
        return PLAIN, "key"  # a JSON/YAML key, a .properties key: "subscribers.attribs":
    dependent = (
        dependent_position(kind, line, start, end, previous_tail, previous_text) if kind else None
    )
    if dependent is not None:
        return HIGH, dependent
    before = line[:start]
    after = line[end:]
    for label, bare in _BARE_COLUMN_MAPPINGS if column else _BARE_MAPPINGS:
        if after[:1] in ("", ")", ",", " ") and bare.search(before, max(0, len(before) - TAIL)):
            return HIGH, label
    opening = before[-1:] if before[-1:] in (*_QUOTES, ":") else ""
    if opening:
        closing_ok = opening == ":" or after[:1] == opening or after[:1] == "."
        head = before[:-1]
        # An identifier quoted inside the mapping's string: Hibernate's portable
        # "`t`" and an escaped "\"t\"" (Hibernate, "Quoted identifiers").
        if opening == "`" and head.endswith('"') and after[:2] == '`"':
            head = head[:-1]
        elif opening == '"' and head.endswith('"\\') and after[:3] == '\\""':
            head, closing_ok = head[:-2], True
        opens_clause = opening != ":" and after[:1].isspace()
        heads = [head]
        if continues_chain:
            heads.append("." + head.lstrip())  # gofmt: "stbl." then "\tFrom(" on the next line
        if previous_text and not _OPENS_OWN_CALL.search(head):
            # An annotation's arguments over several lines: @JoinTable(\n    name = "t",
            heads.append(previous_text + head)
        for label, pattern in _COLUMN_MAPPINGS if column else _MAPPINGS:
            clause_ok = (opens_clause and label in _CLAUSE_LABELS) or (
                label in _TAG_LABELS and after[:1] in (",", ";", '"')
            )
            if not (closing_ok or clause_ok):
                continue
            for h in heads:
                found = pattern.search(h, max(0, len(h) - TAIL))
                if (
                    found is not None
                    and not (label in _CLAUSE_LABELS and _library_call(h, packages))
                    and _builder_call_ok(label, h, after, suffix)
                ):
                    return HIGH, _annotation_label(label, found.group(0))
    message = enclosing_string(line, start, end)
    if data:
        # A value is SQL only as a whole statement: "Join team", "Select from team" are English.
        value = message if message is not None else setting
        if value is not None and not reads_as_statement(value, upper_case=catalogue):
            return PLAIN, "text"
    elif message is not None and not sql_string and not reads_as_sql(message):
        return PLAIN, "text"  # a word in a message, not SQL
    if message is not None:
        head = line[: string_open(line, start)]
        if not head.strip():  # the call opened on the line before: fmt.Errorf(\n\t"..."
            head = previous_tail + head
        if message_call(head) and not reads_as_message_sql(message):
            return PLAIN, "text"  # an error or log message: fmt.Errorf("... insert into t ...")
    if in_sql or sql_string or message is not None:
        # SQL text (a statement, or a string that reads as SQL): a cast's type is a use
        # of the type, as a table after FROM is; in code, ``models::State`` is a path.
        typed = type_position(kind, before)
        if typed is not None:
            return HIGH, typed
    if column:
        if before.endswith("::"):
            return PLAIN, "text"  # a language's path (post::name), or a cast's type in SQL
        if code and not in_sql and not in_string(line, start):
            # The language's own name (a variable, an object key), and so is a
            # dotted one: ``operation.date`` in TypeScript is a property access.
            return PLAIN, "text"
        if qualified_by_table:
            return HIGH, "SQL (table.column)"
        if table_on_line and (in_sql or _SQL_LINE.search(line)):
            return HIGH, "SQL"
        return PLAIN, "text"
    if text_string and not in_sql and not in_string(line, start):
        # A line of a multi-line string that reads as no SQL (an OpenFGA model's
        # ``define x: writer from store``, prose), opened on a line above.
        return PLAIN, "text"
    if markup and not in_sql and message is None and not in_string(line, start):
        # JSX text outside every string and statement: ``<Text>Update task</Text>``,
        # ``(Default key-values from task definitions)``: the page's English.
        return PLAIN, "text"
    if (
        code
        and not in_sql
        and not sql_string
        and not in_string(line, start)
        and _UNKNOWN_STRING.search(previous_text + line[:start]) is None
    ):
        # The language's own code (``Cluster cluster = ...``, ``for (Cluster cluster :``):
        # its SQL lives in string literals, so CLUSTER, FROM, UPDATE there are no keywords.
        # Strings the lexer does not know (C#'s @"...", C++'s R"(...)" over lines) may
        # hold the line: there the SQL words still decide.
        return PLAIN, "text"
    sql_before = before[:-1] if before[-1:] in '"`[' else before
    if before[-1:] == '"':
        sql_before = sql_before.removesuffix("\\")  # \"name\" in a "..." literal
    if _SQL_TABLE.search(_ESCAPED_SPACE.sub(" ", sql_before[-TAIL:])):
        return HIGH, "SQL"
    if (
        not sql_before.strip()
        and previous_tail
        and (in_sql or message is not None)
        and _SQL_TABLE.search(_ESCAPED_SPACE.sub(" ", previous_tail) + " ")
    ):
        return HIGH, "SQL"  # INSERT INTO / FROM at the end of the line before
    return PLAIN, "text"
