"""Rails' ``db/schema.rb`` read into naming events.

``bin/rails db:schema:dump`` writes the schema as Ruby (:mod:`.ruby`);
``db:schema:load`` runs it. Its calls are written as the SQL ActiveRecord
runs for them on the file's database (:mod:`.sqlgen`), that SQL goes
through the SQL reader (implicit names are the dialect's: PostgreSQL's
``users_pkey``, ``users_id_seq``), and each event's location is moved to
the ``schema.rb`` line and column that wrote it, as the Liquibase front end
does. A call not read gets a located ``DBN917`` info note (what it makes is
missing from the model), never silence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.generated_sql import (
    GeneratedRead,
    Line,
    generated_statements,
    read_generated,
)
from dbnamelint.frontends.rails.notes import ACCEPTED_DDL, NOT_READ_CODE, RUNS_DDL
from dbnamelint.frontends.rails.ruby import Call, Unread, parse
from dbnamelint.frontends.rails.sqlgen import generate
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile, Statement

__all__ = ["ACCEPTED_DDL", "NOT_READ_CODE", "RUNS_DDL", "read_schema_rb"]

#: A word of DDL in a statement's text (``execute "ALTER TABLE ..."``, a
#: heredoc's ``CREATE FUNCTION``); ``create_function`` is no such word.
_DDL_WORD = lazy_compile(r"\b(?i:create|alter|drop|rename)\b")
#: A schema statement's name (``create_table``, ``add_index``,
#: ``rename_column``, hair_trigger's ``create_trigger``...): a statement not
#: read holding one (a brace block, a computed name, a loop) changes the
#: schema as surely as DDL text does (trial s34 chatwoot: they passed the gate
#: as notes).
_SCHEMA_WORD = lazy_compile(r"\b(?:create|add|rename|change|drop|remove)_\w+|\benable_extension\b")
#: The calls whose block is given a table (``do |t|``), as the dumper writes
#: ``create_table`` and a hand-written schema.rb may ``change_table``.
_TABLE_BLOCKS = frozenset({"create_table", "change_table", "create_join_table"})
#: A ``# dbnamelint: ...`` comment line of schema.rb.
_DIRECTIVE = lazy_compile(r"^[ \t]*#[ \t]*dbnamelint:(?P<rest>.*)$", re.MULTILINE)
#: The one schema.rb takes: ``# dbnamelint: ignore[DBN917] <reason>``.
_ACCEPT = lazy_compile(r"^\s*ignore\[\s*(?P<codes>[^\]]*)\]\s*(?P<reason>\S.*)?$")
MALFORMED_CODE = "DBN021"


def read_schema_rb(text: str, source: SourceFile) -> GeneratedRead:
    """Events of ``db/schema.rb`` ``text`` for ``source`` (its path and dialect).

    An unread statement whose text holds DDL words (``execute "ALTER TABLE
    ..."``, a gem's ``create_function`` with its SQL) says so in its note
    (:data:`RUNS_DDL`): the gate refuses a new one. A ``# dbnamelint:
    ignore[DBN917] <reason>`` comment on the lines right above it accepts it
    (its note then says nothing of DDL); any other ``# dbnamelint:`` comment
    in schema.rb is not read and says so (``DBN021``): the names schema.rb
    writes are accepted in the whitelist, and ``bin/rails db:schema:dump``
    drops every comment when it writes the file again."""
    schema = parse(text)
    statements, unread = generate(schema.calls, source.dialect, schema.rails_version)
    lines_of = text.splitlines()
    starts = sorted(
        {
            *_call_lines(schema.calls),
            *(u.line for u in schema.unread),
            *(c.line for c in schema.conditions),
        }
    )
    accepted, said = _directives(text, source)
    notes = [*said]
    for c in schema.conditions:
        body = [line for line in _call_lines(schema.calls) if c.line < line < c.end_line]
        notes.append(
            Diagnostic(
                Location(source.path, c.line, c.column),
                Severity.INFO,
                f"schema.rb statement not read ({c.text}): its condition is not evaluated, so "
                + (
                    f"the calls in it (lines {c.line + 1}-{c.end_line - 1}) are read as if it "
                    "holds, while `bin/rails db:schema:load` runs them only when it does; "
                    "`dbnamelint drift --db` shows where the database differs"
                    if body
                    else "nothing in it is read"
                ),
                NOT_READ_CODE,
            )
        )
    tables = _table_blocks(schema.calls)
    for u in sorted({*schema.unread, *unread}, key=lambda u: (u.line, u.column)):
        ddl = _holds_ddl(u, starts, lines_of, tables)
        taken = ddl is not None and _accepted_line(u.line, lines_of) in accepted
        notes.append(
            Diagnostic(
                Location(source.path, u.line, u.column),
                Severity.INFO,
                f"schema.rb statement not read ({u.text}): "
                + (
                    ""
                    if ddl is None
                    else f"{RUNS_DDL}, and "
                    if _DDL_WORD.search(u.text)
                    or _SCHEMA_WORD.search(u.text)
                    or ddl in u.text  # shown already
                    else f"{RUNS_DDL} (`{ddl}`), and "
                )
                + "what it makes is missing from the "
                "model; dbnamelint reads the calls Rails' schema dumper writes (create_table "
                "and its t.<type>/t.index/t.check_constraint, add_foreign_key, add_index, "
                "create_enum, create_schema, enable_extension)" + (ACCEPTED_DDL if taken else ""),
                NOT_READ_CODE,
            )
        )
    return read_generated(_lines(statements), text, source, notes, len(statements))


def schema_rb_statements(text: str, source: SourceFile) -> tuple[Statement, ...]:
    """The statements ``bin/rails db:schema:load`` runs for ``db/schema.rb``
    ``text`` (as :func:`read_schema_rb` reads them), each located at its
    schema.rb line (:func:`~dbnamelint.frontends.generated_sql.generated_statements`)."""
    schema = parse(text)
    statements, _ = generate(schema.calls, source.dialect, schema.rails_version)
    return generated_statements(_lines(statements), text, source)


def _lines(statements: Sequence[Sequence[Line]]) -> list[Line]:
    """The generated statements' lines, each statement ended by ``;``."""
    lines: list[Line] = []
    for statement in statements:
        lines.extend(statement)
        last = statement[-1]
        lines.append(Line(";", last.line, last.column))
    return lines


def _call_lines(calls: list[Call]) -> list[int]:
    out: list[int] = []
    for call in calls:
        out.append(call.line)
        if call.block:
            out.extend(_call_lines(call.block))
    return out


def _table_blocks(calls: list[Call]) -> list[tuple[int, int, str]]:
    """The (first line, last line, block parameter) of every table block
    (``create_table "x" do |t| ... end``, ``change_table``), nested ones too."""
    out: list[tuple[int, int, str]] = []
    for call in calls:
        if call.block is None:
            continue
        if call.block_param and call.name.rsplit(".", 1)[-1] in _TABLE_BLOCKS:
            out.append((call.line, call.block_end, call.block_param))
        out.extend(_table_blocks(call.block))
    return out


def _holds_ddl(
    u: Unread, starts: list[int], lines: list[str], tables: list[tuple[int, int, str]]
) -> str | None:
    """The DDL the statement at ``u`` (its lines when known, else up to the
    next statement; comment lines aside) holds, from its first DDL word
    (:data:`_DDL_WORD`), schema statement (:data:`_SCHEMA_WORD`) or, in a
    table block, call of its table (``t.string``) to the end of that line
    (at most 80 characters), or None: the note says it, so that each such
    statement is told apart, and an edited one is new."""
    end = next((line for line in starts if line > u.line), len(lines) + 1)
    if u.end_line >= u.line:
        end = max(end, u.end_line + 1)
    span = lines[u.line - 1 : min(end - 1, u.line + 500)]
    body = "\n".join(line for line in span if not line.lstrip().startswith("#"))
    found = _DDL_WORD.search(body) or _SCHEMA_WORD.search(body)
    for first, last, param in tables:
        if found is None and first < u.line <= last:
            # every method of the table a block is given makes a column, an
            # index or a constraint, save a removal (trial s40 maybe:
            # `t.string "x" if y`, `t.a; t.b`, a loop of `t.string` passed)
            found = re.search(
                rf"(?<![\w.:@$]){re.escape(param)}\s*\.\s*(?!remove\b|remove_)\w", body
            )
    if found is None:
        return None
    shown = body[found.start() :].split("\n", 1)[0].rstrip()
    return shown[:80].rstrip("\"' ,)") or found.group(0)


def _accepted_line(line: int, lines: list[str]) -> int:
    """The first line of the run of comment lines right above ``line`` (0: none)."""
    first = 0
    at = line - 1
    while at >= 1 and lines[at - 1].lstrip().startswith("#"):
        first = at
        at -= 1
    return first


def _directives(text: str, source: SourceFile) -> tuple[set[int], list[Diagnostic]]:
    """The first lines of the comment runs holding an accepted ``# dbnamelint:
    ignore[DBN917] <reason>``, and a ``DBN021`` warning for each other
    ``# dbnamelint:`` comment."""
    lines = text.splitlines()
    accepted: set[int] = set()
    said: list[Diagnostic] = []
    for found in _DIRECTIVE.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        taken = _ACCEPT.match(found.group("rest"))
        codes = {c.strip().upper() for c in taken.group("codes").split(",")} if taken else set()
        if taken and codes == {NOT_READ_CODE} and taken.group("reason"):
            first = line
            while first > 1 and lines[first - 2].lstrip().startswith("#"):
                first -= 1
            accepted.add(first)
            continue
        said.append(
            Diagnostic(
                Location(source.path, line, found.group(0).index("#") + 1),
                Severity.WARNING,
                "this `# dbnamelint:` comment in schema.rb is not read: schema.rb takes only "
                "`# dbnamelint: ignore[DBN917] <reason>` right above a statement it does not "
                'read that holds DDL (`execute "..."`); accept a name schema.rb writes in '
                "the whitelist (`dbnamelint whitelist add`), as `bin/rails db:schema:dump` "
                "drops every comment when it writes schema.rb again",
                MALFORMED_CODE,
            )
        )
    return accepted, said


def recorded_version(text: str) -> str | None:
    """The latest migration version ``db/schema.rb`` records: its
    ``define(version: 2024_05_01_120000)`` (ActiveRecord's ``define_arglist``),
    or with Rails 8.1's ``load_schema_migrations`` the versions after ``__END__``."""
    schema = parse(text)
    if schema.listed_versions:
        return max(schema.listed_versions, key=int)
    return schema.version


def listed_versions(text: str) -> frozenset[str] | None:
    """The versions Rails 8.1 lists after ``__END__`` (all applied ones), or
    None when the file records only the latest in ``define(version:)``."""
    schema = parse(text)
    return frozenset(schema.listed_versions) if schema.listed_versions else None
