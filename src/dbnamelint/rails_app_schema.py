"""Active Record schema calls in a Rails app's own code, outside its migrations.

``ActiveRecord::Base.connection.create_table(:x)``, ``conn.add_column``, or a
``create_table`` in an ``ActiveRecord::Schema.define do ... end`` block of a
rake task make names the way a migration's calls do
(``ActiveRecord::ConnectionAdapters::SchemaStatements``), but at run time: no
dump the gate reads records them. dbnamelint does not read them, so each one
a change adds is listed (:class:`~dbnamelint.laravel_schema.Unread`) for the
gate to refuse unless a comment at the call accepts it, as a Laravel Schema
builder call in application code is (trial s37 lobsters Ge: a job's
``connection.create_table :BadRuntime`` passed).

Only calls that make or rename a name: ``drop_table``, ``remove_column`` and
the queries (``table_exists?``) make none.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.laravel_schema import Unread

__all__ = ["is_rails_app_code", "schema_calls"]

#: The ``SchemaStatements`` (and SQLite/PostgreSQL adapter) methods that make
#: or rename a table, column, index, key, constraint, enum or schema.
_MAKERS = (
    "create_table|create_join_table|create_virtual_table|rename_table|change_table"
    "|add_column|rename_column|change_column|add_index|rename_index|add_reference"
    "|add_belongs_to|add_foreign_key|add_check_constraint|add_exclusion_constraint"
    "|add_unique_constraint|add_unique_key|add_timestamps|create_enum|rename_enum"
    "|create_schema|rename_schema"
)
#: A maker called on a receiver: ``connection.create_table``, ``conn.add_column``,
#: ``ActiveRecord::Migration.create_table`` (its ``method_missing`` forwards).
_ON_RECEIVER = lazy_compile(rf"[\w)\]]\s*\.\s*(?P<call>{_MAKERS})\b(?![?!=])")
#: A bare maker at the start of a statement, in a file running
#: ``ActiveRecord::Schema.define`` (or ``[7.1].define``) or a
#: ``connection.instance_eval`` block.
_BARE = lazy_compile(rf"^[ \t]*(?P<call>{_MAKERS})\b(?![?!=:])", re.MULTILINE)
_RUNS_BARE = lazy_compile(
    r"ActiveRecord::Schema(?:\[[\d.]+\])?\s*\.\s*define\b"
    r"|\.connection\s*\.\s*instance_eval\b"
)
#: A migration class: judged as a migration where Rails runs it
#: (``rails_unrecorded``, ``code_builders``); elsewhere under ``db/``
#: (lobsters' ``db/old_migrations/``) ``db:migrate`` never runs it.
_MIGRATION_CLASS = lazy_compile(r"<\s*ActiveRecord::Migration\b")
#: One the app's code runs (``FixSchema.migrate(:up)``): an anonymous one, or
#: one in a file outside every ``db/`` folder (``app/``, ``lib/``), which
#: Rails loads as code and no ``db:migrate`` runs (trial s40 maybe: its bare
#: ``create_table :BadLibTable`` passed the gate unseen).
_ANONYMOUS_MIGRATION = lazy_compile(r"\bClass\s*\.\s*new\s*\(\s*ActiveRecord::Migration\b")
_UNDER_DB = lazy_compile(r"(?:^|/)db/")
#: What is no application code: Rails' dumps and migrations, judged apart.
_NOT_APP = lazy_compile(
    r"(?:^|/)db/(?:(?:\w+_)?schema\.rb|(?:\w+_)?migrate/(?:[^/]+/)*\d+_\w+\.rb)$"
)
_COMMENT = lazy_compile(r"^[ \t]*#[^\n]*$|^=begin\b.*?^=end\b", re.MULTILINE | re.DOTALL)


def is_rails_app_code(path: str) -> bool:
    """Ruby code of the app (``.rb``, a ``.rake`` task) that is no dump or migration."""
    return path.lower().endswith((".rb", ".rake")) and not _NOT_APP.search(path)


def schema_calls(text: str, path: str = "") -> list[Unread]:
    """The schema calls that make a name in Ruby application code ``text``
    (at ``path``, relative to the repository), at the method name, in file
    order."""
    if not re.search(rf"\b(?:{_MAKERS})\b", text):
        return []
    # comments blanked, offsets kept
    code = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    run_by_code = _ANONYMOUS_MIGRATION.search(code) is not None or (
        _MIGRATION_CLASS.search(code) is not None and not _UNDER_DB.search(path)
    )
    if not run_by_code and _MIGRATION_CLASS.search(code):
        return []
    found = {m.start("call"): m.group("call") for m in _ON_RECEIVER.finditer(code)}
    if run_by_code or _RUNS_BARE.search(code):
        found.update({m.start("call"): m.group("call") for m in _BARE.finditer(code)})
    return [Unread(start, call) for start, call in sorted(found.items())]
