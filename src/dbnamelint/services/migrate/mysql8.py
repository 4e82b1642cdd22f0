"""MySQL 8 refuses to rename a column a CHECK constraint or a generated column uses.

MySQL 8.0.16+ checks ``ALTER TABLE ... RENAME COLUMN`` (and ``CHANGE``)
against the table's CHECK constraints and fails with error 3959,
ER_DEPENDENT_BY_CHECK_CONSTRAINT ("Check constraint '%s' uses column '%s',
hence column cannot be dropped or renamed"; MySQL's source documentation,
``Check_constraint_column_dependency_checker``: "check if column being
renamed using RENAME COLUMN clause ... is in use by check constraints"). A
column a generated column's expression reads fails with error 3108,
ER_DEPENDENT_BY_GENERATED_COLUMN ("Column '%s' has a generated column
dependency"). MariaDB accepts both and rewrites the expressions itself (checked
on MariaDB 10.11), so only the ``mysql`` dialect is refused.

The CHECK constraints come from the model (their columns); the generated
columns from the statements that define them (``AS (expr)`` or ``GENERATED
ALWAYS AS (expr)`` in ``CREATE TABLE`` and ``ALTER TABLE ADD/MODIFY/CHANGE``;
the last definition of a column wins), kept only while the model still has
the column.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from dbnamelint.dialects import normalize_dialect
from dbnamelint.model import ConstraintType, Location, ObjectKind, Schema, Statement
from dbnamelint.services.migrate.plan import Plan, PlanError

if TYPE_CHECKING:
    from dbnamelint.frontends.sql.parsing.lexer import Tokenizers

#: Words that start a table element that is not a column.
_NOT_COLUMNS = frozenset(
    {"CONSTRAINT", "PRIMARY", "KEY", "INDEX", "UNIQUE", "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL"}
)


class _Token(Struct, frozen=True):
    text: str  # identifier text without quotes, or the keyword as written
    upper: str
    word: bool  # an identifier or keyword (not punctuation, literal or operator)
    start: int  # offset in the statement's text


class Generated(Struct, frozen=True):
    """A generated column: its table (lower case) and name (as written), the
    columns its expression reads (lower case), and where it was defined."""

    table: str
    name: str
    reads: frozenset[str]
    location: Location


def _tokens(tokenizers: Tokenizers, text: str) -> list[_Token]:
    from dbnamelint.frontends.sql.parsing.lexer import SqlglotError, TokenType

    words = (TokenType.VAR, TokenType.IDENTIFIER)
    out = []
    try:
        found = tokenizers.get("mysql").tokenize(text)
    except SqlglotError:  # text the tokenizer cannot read defines nothing here
        return []
    for tok in found:
        is_word = tok.token_type in words or (
            tok.text.replace("_", "").isalnum()
            and tok.token_type not in (TokenType.NUMBER, TokenType.STRING)
        )
        out.append(_Token(tok.text, tok.text.upper(), is_word, tok.start))
    return out


def _split(tokens: Sequence[_Token], start: int, end: int) -> Iterator[tuple[int, int]]:
    """The comma-separated items of ``tokens[start:end]`` at bracket depth 0."""
    depth = 0
    first = start
    for i in range(start, end):
        text = tokens[i].text
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "," and depth == 0:
            yield first, i
            first = i + 1
    if first < end:
        yield first, end


def _close(tokens: Sequence[_Token], opening: int) -> int:
    """The index of the bracket closing the one at ``opening`` (or the end)."""
    depth = 0
    for i in range(opening, len(tokens)):
        if tokens[i].text == "(":
            depth += 1
        elif tokens[i].text == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(tokens)


def _expression_reads(tokens: Sequence[_Token], start: int, end: int) -> frozenset[str] | None:
    """The column words the generation expression of a column definition reads,
    or None when the definition has none (``AS (`` or ``GENERATED ALWAYS AS (``)."""
    depth = 0
    for i in range(start, end - 1):
        text = tokens[i].text
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif depth == 0 and tokens[i].upper == "AS" and tokens[i + 1].text == "(":
            close = _close(tokens, i + 1)
            return frozenset(
                tokens[j].text.lower()
                for j in range(i + 2, close)
                if tokens[j].word and (j + 1 >= close or tokens[j + 1].text != "(")
            )
    return None


def _record(
    out: dict[tuple[str, str], Generated],
    statement: Statement,
    tokens: Sequence[_Token],
    table: str,
    span: tuple[int, int, int],
) -> None:
    """Record the column defined by ``tokens[first:end]`` (its name at ``name_at``)."""
    first, end, name_at = span
    column = tokens[name_at].text.lower()
    reads = _expression_reads(tokens, name_at + 1, end)
    if reads is None:
        out.pop((table, column), None)
        return
    line = statement.location.line + statement.text.count("\n", 0, tokens[first].start)
    where = Location(statement.location.path, line, 1)
    out[(table, column)] = Generated(table, tokens[name_at].text, reads - {column}, where)


def generated_columns(statements: Sequence[Statement]) -> dict[tuple[str, str], Generated]:
    """(table, column) in lower case -> the column's generation, from ``statements``
    in replay order (a later definition replaces an earlier one)."""
    from dbnamelint.frontends.sql.parsing.lexer import Tokenizers

    tokenizers = Tokenizers(None)  # the tokenizer is read only for a MySQL column rename
    out: dict[tuple[str, str], Generated] = {}
    for statement in statements:
        head = statement.text.lstrip()[:64].upper()
        if not (head.startswith("CREATE") or head.startswith("ALTER")):
            continue
        tokens = _tokens(tokenizers, statement.text)
        uppers = [t.upper for t in tokens]
        if "TABLE" not in uppers[:4]:
            continue
        at = uppers.index("TABLE")

        if uppers[0] == "CREATE":
            try:
                opening = uppers.index("(", at)
            except ValueError:
                continue
            if any(not t.word and t.text != "." for t in tokens[at + 1 : opening]):
                continue  # CREATE TABLE ... AS SELECT f(...): no column definitions
            table = tokens[opening - 1].text.lower()
            close = _close(tokens, opening)
            for first, end in _split(tokens, opening + 1, close):
                if first < end and tokens[first].word and uppers[first] not in _NOT_COLUMNS:
                    _record(out, statement, tokens, table, (first, end, first))
        elif uppers[0] == "ALTER":
            name_end = at + 1
            while name_end + 1 < len(tokens) and tokens[name_end + 1].text == ".":
                name_end += 2
            if name_end >= len(tokens):
                continue
            table = tokens[name_end].text.lower()
            for first, end in _split(tokens, name_end + 1, len(tokens)):
                i = first
                verb = uppers[i] if i < end else ""
                if verb not in ("ADD", "MODIFY", "CHANGE"):
                    continue
                i += 1
                if i < end and uppers[i] == "COLUMN":
                    i += 1
                if verb == "CHANGE":
                    i += 1  # the old name; the new one follows
                if i < end and tokens[i].word and uppers[i] not in _NOT_COLUMNS:
                    _record(out, statement, tokens, table, (first, end, i))
    return out


def refuse_dependent_renames(plan: Plan, schema: Schema, statements: Sequence[Statement]) -> None:
    """Raise :class:`PlanError` when a column rename of ``plan`` (dialect ``mysql``)
    renames a column a CHECK constraint or a generated column uses: MySQL 8
    refuses it (errors 3959 and 3108), leaving the migration half applied."""
    if normalize_dialect(plan.dialect) != "mysql":
        return
    columns = [s for s in plan.steps if s.kind is ObjectKind.COLUMN]
    if not columns:
        return
    old_table = {s.new.lower(): s.old.lower() for s in plan.steps if s.kind is ObjectKind.TABLE}
    generated: dict[tuple[str, str], Generated] | None = None
    problems: list[str] = []
    for step in columns:
        table = old_table.get((step.table or "").lower(), (step.table or "").lower())
        names = {table}
        for obj in schema.of_kind(ObjectKind.TABLE):
            if obj.name.lower() == table:
                names |= {n.lower() for n in obj.previous_names}
        old = step.old.lower()
        uses: list[str] = []
        for c in schema.of_kind(ObjectKind.CONSTRAINT):
            if (
                c.constraint_type is ConstraintType.CHECK
                and (c.table or "").lower() == table
                and old in {col.lower() for col in c.columns}
            ):
                uses.append(
                    f"CHECK constraint {c.name!r} ({c.location.path}:{c.location.line}) uses it "
                    "(MySQL error 3959)"
                )
        if generated is None:
            generated = generated_columns(statements)
        present = {
            c.name.lower()
            for c in schema.of_kind(ObjectKind.COLUMN)
            if (c.table or "").lower() == table
        }
        for (gen_table, gen_name), gen in generated.items():
            if gen_table in names and gen_name in present and old in gen.reads:
                uses.append(
                    f"generated column {gen.name!r} ({gen.location.path}:{gen.location.line}) "
                    "reads it (MySQL error 3108)"
                )
        if uses:
            problems.append(
                f"{step.why}: MySQL 8 refuses to rename column {step.table}.{step.old} to "
                f"{step.new!r}: " + "; ".join(uses)
            )
    if problems:
        raise PlanError(
            "; ".join(problems)
            + ". Write this rename by hand: in one migration drop each such CHECK "
            "(ALTER TABLE ... DROP CHECK name) and generated column (or MODIFY it to a plain "
            "column), rename, then re-create them on the new column name. MariaDB renames "
            "them itself: if the database is MariaDB, plan with --dialect mariadb"
        )
