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

from dbnamelint.frontends.generated_sql import GeneratedRead, Line, read_generated
from dbnamelint.frontends.rails.ruby import parse
from dbnamelint.frontends.rails.sqlgen import generate
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile

__all__ = ["NOT_READ_CODE", "read_schema_rb"]

#: The Liquibase front end's "not read" note, reused for what schema.rb holds unread.
NOT_READ_CODE = "DBN917"


def read_schema_rb(text: str, source: SourceFile) -> GeneratedRead:
    """Events of ``db/schema.rb`` ``text`` for ``source`` (its path and dialect)."""
    schema = parse(text)
    statements, unread = generate(schema.calls, source.dialect, schema.rails_version)
    notes = [
        Diagnostic(
            Location(source.path, u.line, u.column),
            Severity.INFO,
            f"schema.rb statement not read ({u.text}): what it makes is missing from the "
            "model; dbnamelint reads the calls Rails' schema dumper writes (create_table "
            "and its t.<type>/t.index/t.check_constraint, add_foreign_key, add_index, "
            "create_enum, create_schema, enable_extension)",
            NOT_READ_CODE,
        )
        for u in sorted({*schema.unread, *unread}, key=lambda u: (u.line, u.column))
    ]
    lines: list[Line] = []
    for statement in statements:
        lines.extend(statement)
        last = statement[-1]
        lines.append(Line(";", last.line, last.column))
    return read_generated(lines, text, source, notes, len(statements))


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
