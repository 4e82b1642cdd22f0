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

import re
from typing import Literal

Confidence = Literal["high", "plain"]
HIGH: Confidence = "high"
PLAIN: Confidence = "plain"

#: (context label, pattern the text before the opening quote must end with).
#: The name must then be the whole string literal (or ``schema.name`` in it).
_MAPPINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern + r"\s*$"))
    for label, pattern in (
        ("SQLAlchemy __tablename__", r"\b__tablename__\s*(?::[^=]*)?="),
        ("SQLAlchemy Table()", r"(?:\b(?:sa|sqlalchemy)\.|(?<![.\w]))Table\(\s*"),
        ("SQLAlchemy ForeignKey()", r"\bForeignKey\(\s*"),
        ("Django db_table", r"\bdb_table\s*="),
        ("Rails self.table_name", r"\bself\.table_name\s*="),
        ("Prisma @@map", r"@@map\(\s*(?:name\s*:\s*)?"),
        ("Prisma @map", r"(?<!@)@map\(\s*(?:name\s*:\s*)?"),
        ("TypeORM @Entity", r"@Entity\(\s*(?:\{[^}]*\bname\s*:\s*)?"),
        ("Sequelize tableName", r"\btableName\s*:"),
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
            "Go query builder",
            r"(?:\bgoqu\.T\(|\.(?:From|Into|Update|Insert|Delete|Table|Join|InnerJoin|LeftJoin"
            r"|RightJoin|FullJoin|CrossJoin|LeftOuterJoin|RightOuterJoin|FullOuterJoin)\()\s*",
        ),
    )
)

#: Go builders' table arguments may go on after the name (``.Join("t ON ...")``,
#: ``.From("t AS x")``): the name then need only open the literal.
_CLAUSE_LABELS = frozenset({"Go query builder"})

#: Column mappings: the column's name as a literal in an ORM's column declaration.
_COLUMN_MAPPINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern + r"\s*$"))
    for label, pattern in (
        ("SQLAlchemy Column()", r"\b(?:Column|mapped_column)\(\s*"),
        ("Django db_column", r"\bdb_column\s*="),
        ("Prisma @map", r"(?<!@)@map\(\s*(?:name\s*:\s*)?"),
        ("TypeORM @Column", r"@Column\(\s*(?:\{[^}]*\bname\s*:\s*)?"),
    )
)

#: SQL keywords after which a name is a table (``FROM x``, ``JOIN x``...).
_SQL_TABLE = re.compile(
    r"(?i)\b(?:from|join|into|update|table|references|exists|truncate|using|only)\s+$"
)
#: A line that reads as SQL at all (for column names without their table).
_SQL_LINE = re.compile(r"(?i)\b(?:select|insert\s+into|update|delete\s+from|where|join)\b")

_QUOTES = "\"'`"


def comment_start(line: str) -> int:
    """Column (0-based) where a line comment starts, or ``len(line)``.

    Knows ``#``, ``//`` and ``--`` comments outside quotes, and lines that
    continue a block comment (``*``, ``/*``, ``<!--``).
    """
    stripped = line.lstrip()
    if stripped.startswith(("*", "/*", "<!--", "#", "//", "-- ")):
        return len(line) - len(stripped)
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
        elif line.startswith(("//", "-- ", "# "), i) and (i == 0 or line[i - 1] in " \t;,)"):
            return i
        i += 1
    return len(line)


def classify(
    line: str, start: int, end: int, *, column: bool, table_on_line: bool, qualified_by_table: bool
) -> tuple[Confidence, str]:
    """Confidence and context label of the reference ``line[start:end]``.

    ``start``/``end`` span the whole reference including a schema or table
    qualifier but not quotes around it.
    """
    if start >= comment_start(line):
        return PLAIN, "comment"
    before = line[:start]
    after = line[end:]
    opening = before[-1:] if before[-1:] in (*_QUOTES, ":") else ""
    if opening:
        closing_ok = opening == ":" or after[:1] == opening or after[:1] == "."
        head = before[:-1]
        opens_clause = opening != ":" and after[:1].isspace()
        for label, pattern in _COLUMN_MAPPINGS if column else _MAPPINGS:
            clause_ok = opens_clause and label in _CLAUSE_LABELS
            if (closing_ok or clause_ok) and pattern.search(head):
                return HIGH, label
    if column:
        if qualified_by_table:
            return HIGH, "SQL (table.column)"
        if table_on_line and _SQL_LINE.search(line):
            return HIGH, "SQL"
        return PLAIN, "text"
    sql_before = before[:-1] if before[-1:] in '"`[' else before
    if _SQL_TABLE.search(sql_before):
        return HIGH, "SQL"
    return PLAIN, "text"
