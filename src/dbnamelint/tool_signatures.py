"""Which migration tool's bookkeeping table a database table is, by its columns.

Several tools share a table name: ``schema_version`` is Flyway's before 5,
temporal-sql-tool's, and the table miniflux's Go list runner keeps (``CREATE
TABLE schema_version (version text not null)``); ``schema_migrations`` is
golang-migrate's, Ecto's, dbmate's and Rails'. Named by the name alone, ``inspect
--db`` called miniflux's table "Flyway before 5's own table" (trial
confirm35). The columns tell them apart, each tool's from its own source:

* Flyway's ``schema_version`` before 5 (``flyway_schema_history`` since,
  a name no other tool uses):
  ``installed_rank``, ``version``, ``description``, ``type``, ``script``,
  ``checksum``, ``installed_by``, ``installed_on``, ``execution_time``,
  ``success`` (its ``createMetaDataTable.sql``; Flyway 3 adds
  ``version_rank``);
* temporal-sql-tool's ``schema_version``: ``version_partition``, ``db_name``,
  ``creation_time``, ``curr_version``, ``min_compatible_version``
  (``sqlplugin/*/admin.go`` ``createSchemaVersionTableQuery``);
* golang-migrate's ``schema_migrations``: ``version``, ``dirty`` (its
  database drivers' ``ensureVersionTable``); Ecto's ``version``,
  ``inserted_at`` (ecto_sql ``Ecto.Migration.SchemaMigration``
  ``ensure_schema_migrations_table!``; trial s40 papercups, which the note
  called "dbmate's or Rails'"); dbmate's and Rails'
  ``version`` alone, which the columns cannot tell apart: Rails' beside its
  ``ar_internal_metadata`` (Rails 5+ makes both, dbmate makes no other
  table), else either's (:data:`BESIDE`).

A table whose columns match none of its name's tools is some other
runner's: no tool is named for it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType

#: Table name (case-folded, one several tools use) -> (tool, columns each table
#: of that tool has, the fewest that tell it), in order.
SIGNATURES: Mapping[str, tuple[tuple[str, frozenset[str]], ...]] = MappingProxyType(
    {
        "schema_version": (
            ("Flyway before 5", frozenset({"installed_rank", "script"})),
            ("temporal-sql-tool", frozenset({"curr_version", "min_compatible_version"})),
        ),
        "schema_migrations": (
            ("golang-migrate", frozenset({"version", "dirty"})),
            ("Ecto", frozenset({"version", "inserted_at"})),
            ("dbmate/Rails", frozenset({"version"})),
        ),
    }
)

#: Tools (``a/b``: either) a table's columns leave -> (a table one of them
#: makes beside it in the same schema, that tool).
BESIDE: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"dbmate/Rails": ("ar_internal_metadata", "Rails")}
)

#: What a table named as a tool's but with none of its columns is left out as.
UNKNOWN_RUNNER = "a migration runner"


def possessive(tool: str) -> str:
    """``tool``'s, each of ``a/b/c`` (any of them) named: ``golang-migrate's,
    dbmate's or Rails'`` (not one tool called ``dbmate/Rails's``)."""
    parts = [p + ("'" if p.endswith("s") else "'s") for p in tool.split("/")]
    return " or ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def unknown_runner_note(name: str) -> str:
    """Why ``name`` (a table's, case-folded), left out as :data:`UNKNOWN_RUNNER`'s, is none
    of the tools its name says: ``its columns are not Flyway before 5's or temporal-sql-tool's``."""
    tools = [tool for tool, _ in SIGNATURES.get(name, ())]
    listed = " or ".join(possessive(t) for t in tools) or "a known tool's"
    return f"its columns are not {listed}"


def tool_by_columns(
    name: str, columns: Collection[str], named: str, beside: Collection[str] = ()
) -> str:
    """The tool whose bookkeeping table ``name`` (case-folded) with
    ``columns`` (case-folded; empty: not known) is: the first of
    :data:`SIGNATURES` whose columns it has (narrowed by the tables
    ``beside`` it, case-folded: :data:`BESIDE`), :data:`UNKNOWN_RUNNER` when
    it has none's; ``named`` (the tool its name alone says) when the name
    has no signature or the columns are not known."""
    signatures = SIGNATURES.get(name)
    if not signatures or not columns:
        return named
    have = set(columns)
    tool = next((tool for tool, needed in signatures if needed <= have), UNKNOWN_RUNNER)
    neighbour, told = BESIDE.get(tool, ("", ""))
    return told if neighbour and neighbour in beside else tool
