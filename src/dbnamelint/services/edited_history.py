"""A change that edits, deletes or renames a migration already committed at
the gate's base (``DBN025``).

A migration tool applies each migration once and records it (Flyway's
``flyway_schema_history`` with a checksum, goose's ``goose_db_version``,
dbmate's and Supabase's ``schema_migrations``, Diesel's
``__diesel_schema_migrations``, sqlx's ``_sqlx_migrations`` with a checksum,
Prisma's ``_prisma_migrations`` with a checksum, Liquibase's
``DATABASECHANGELOG`` with an MD5 sum, sqitch's ``changes`` with the
script's hash). Editing an applied migration changes no database that ran
it: "fixing" a legacy name in the ``CREATE TABLE`` that made it renames
nothing anywhere but in the model, while the whitelist entry deleted with
it makes the burn-down count the table as migrated. The schema changes
through a new migration (``dbnamelint migrate`` writes one). A deleted
migration leaves its objects and its row in every database that ran it while
the model loses them, and a renamed one is, to most tools, the old one gone
and a new one (:func:`deleted_migrations`).

Which files are a tool's migrations is what ``migrate`` tells layouts by
(:func:`dbnamelint.services.migrate.layout.detect`: Flyway ``V<n>__x.sql``
and baseline ``B<n>__x.sql``,
golang-migrate ``x.up.sql`` (pop's, in a Go module that runs pop), Diesel
``up.sql``, Prisma ``migration.sql``,
goose/dbmate/sql-migrate markers, Liquibase formatted SQL, sqlx, sqitch
``deploy/``, 14-digit timestamps, numbered ``001_x.sql``), and files of a
``migrations`` folder named by a dotted version (``v2.9.62.sql``: semaphore's
runner, which applies them in the order of a version list in its code and
records the version). Left alone:
what is meant to change in place or does not change what was applied —

- a schema dump (``structure.sql``, a pg_dump / mysqldump head, dbmate's
  ``schema.sql``) and a Flyway repeatable ``R__x.sql`` (no versioned name);
- plain numbered files under a folder named ``schema`` or ``schemas``
  (declarative schema files kept up to date in place, as the
  ``module-*/db/schema/001-x.sql`` templates of a Cora project, whose
  migrations live elsewhere), but for Synapse's ``delta/<N>/`` and
  ``full_schemas/<N>/`` (under ``synapse/storage/schema/``), which are
  applied history (:func:`dbnamelint.synapse_layout.history_part`);
- an edit of comments or layout only (the statements tokenize the same;
  not for the tools that checksum the file's text: sqlx, postgres-migrations
  (the file's name and text) and Prisma, to which any byte is an edit but
  a whole file's line endings converted, and Flyway's versioned SQL
  migrations, to which any change but blank lines, line endings and a BOM
  is one, :func:`_checksum_matches`), or
  of a goose/dbmate/sql-migrate Down section only (the rollback);
- changesets added to a Liquibase file, formatted SQL or an XML, YAML or
  JSON changelog (each is applied and checksummed on its own), and a
  changeset marked ``runOnChange:true``; in an XML/YAML/JSON changelog a
  changeset is compared by its parsed change types (attributes, nested
  elements, SQL tokens), so XML comments, layout and a changeset's
  ``comment``/``rollback``/``preConditions``/``validCheckSum`` are no edit;
- a sqitch change reworked in the same change (``sqitch rework`` keeps the
  old script as ``deploy/<change>@<tag>.sql``, added beside it; that copy
  must hold the committed script's SQL: :func:`_rework_copy_edit`; the
  plan's order is :mod:`~dbnamelint.services.sqitch_gate`'s).

Noted, not refused (a ``DBN025`` info note): a migration renamed or deleted
whose version another file claimed at the base, for a tool that then ran
neither (:data:`_REFUSES_DUPLICATES`; dbmate: all but the first by name),
which is how a ``DBN016`` is fixed; and a rename in its folder keeping the
version and SQL, for a tool that records only the version (:data:`_VERSION_ONLY`).

A project whose numbered files are not applied history opts out with
``ignore: [DBN025]`` (or a ``per_path`` ignore for that folder).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from dbnamelint import drizzle_layout
from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import sqlglot_dialect
from dbnamelint.drizzle_layout import BREAKPOINT, pieces
from dbnamelint.flyway_baselines import baseline_version
from dbnamelint.flyway_checksum import first_checksummed_difference, flyway_checksum
from dbnamelint.flyway_settings import flyway_switches, ignores_missing
from dbnamelint.frontends.liquibase.tree import Node
from dbnamelint.frontends.liquibase.tree import changesets as changelog_changesets
from dbnamelint.frontends.sql.sources import (
    SourceError,
    decode_bytes,
    enclosing_sqitch_plan,
    liquibase_entries,
    read_bytes,
)
from dbnamelint.gitutil import (
    GitError,
    diff_names,
    exists_at,
    relative_to_repo,
    repository_root,
    run_git,
    show_bytes,
    show_file,
)
from dbnamelint.go_module import GOLANG_MIGRATE, go_module_requires
from dbnamelint.golang_migrate_names import MIGRATION_NAME as GOLANG_MIGRATE_NAME
from dbnamelint.goose_names import goose_version
from dbnamelint.impact.history import is_schema_dump
from dbnamelint.liamstask_goose import LIAMSTASK, read_as_liamstask
from dbnamelint.liquibase_sql import changesets, is_changelog_text, read_head
from dbnamelint.migration_text import drop_rollback_sections
from dbnamelint.migration_versions import (
    authelia_name,
    same_version,
    shown_version,
    version_clashes,
)
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile
from dbnamelint.pop import MIGRATION as pop_name
from dbnamelint.positions import LineIndex
from dbnamelint.rails_dump import MIGRATION_NAME as RAILS_MIGRATION_NAME
from dbnamelint.services.migrate.layout import Layout, LayoutError, detect
from dbnamelint.synapse_layout import DELTA, history_part

EDITED_MIGRATION_CODE = "DBN025"

#: How each tool reacts to an applied migration that changed (their manuals).
_REACTION = {
    Layout.FLYWAY: "Flyway's validate fails on the changed checksum",
    Layout.LIQUIBASE: "Liquibase stops on the changed checksum",
    Layout.SQLX: "sqlx migrate run refuses a changed checksum",
    Layout.POSTGRES_MIGRATIONS: "postgres-migrations refuses a changed hash of the file's "
    "name and text, a comment or a space included ('Hashes don't match for migrations')",
    Layout.PRISMA: "prisma migrate dev compares the SHA-256 of migration.sql with "
    "_prisma_migrations.checksum, a comment or a space included, says 'The migration ... "
    "was modified after it was applied' and asks to reset the database, while migrate "
    "deploy does not look",
    # sqitch 1.3.1, trial s30: a deployed deploy script edited, `sqitch deploy`
    # says "Nothing to deploy (up-to-date)" and `sqitch check` fails
    Layout.SQITCH: "sqitch never deploys a deployed change again, it keeps the script's "
    "hash: `sqitch check` says 'Script signatures diverge at change ...'",
}


def sqitch_rework_advice(
    change: str | None = None, entries: Sequence[tuple[str, int]] | None = None
) -> str:
    """sqitch's way to change the deployed ``change`` (``<change>`` when not
    known), saying whether ``entries`` (sqitch.plan's, as
    :func:`~dbnamelint.services.sqitch_gate.plan_entries` gives them) hold
    the tag after its last line that ``sqitch rework`` needs.

    sqitch-rework: "once it has been released and deployed to production, you
    must not change previous change scripts"; ``rework`` copies them to
    ``<change>@<tag>.sql`` and refuses a change with no tag after it:
    'Cannot rework "x" without an intervening tag. Use "sqitch tag" to create
    a tag and try again' (App::Sqitch::Plan ``rework``)."""
    name = change or "<change>"
    tagged = None
    if change is not None and entries is not None:
        lines = [at for at, (entry, _) in enumerate(entries) if entry == change]
        if lines:
            tagged = any(entry.startswith("@") for entry, _ in entries[lines[-1] + 1 :])
    need = {
        True: "",
        False: " (no tag follows it in sqitch.plan and `rework` needs one: `sqitch tag` first)",
        None: " (it needs a tag after the change in sqitch.plan: `sqitch tag` first when "
        "none follows it)",
    }[tagged]
    return (
        f"to change a deployed change, `sqitch rework {name}` it{need}, which keeps its "
        f"deployed scripts as `deploy/{name}@<tag>.sql` and leaves `deploy/{name}.sql` free to edit"
    )


def _sqitch_advice(path: Path) -> str:
    """:func:`sqitch_rework_advice` for the change whose deploy script is ``path``."""
    from dbnamelint.services.sqitch_gate import plan_entries  # (it imports this module)

    found = enclosing_sqitch_plan(path.parent / "x.sql")
    if found is None:
        return sqitch_rework_advice()
    deploy, plan = found
    try:
        change = path.relative_to(deploy).with_suffix("").as_posix()
        text = plan.read_text(encoding="utf-8", errors="replace")
    except (ValueError, OSError):
        return sqitch_rework_advice()
    return sqitch_rework_advice(change, plan_entries(text))


#: How each tool reacts to an applied migration whose file is gone (their manuals).
_GONE_REACTION = {
    Layout.FLYWAY: "Flyway's validate fails: applied migration not resolved locally",
    Layout.SQLX: "sqlx migrate run stops: previously applied but missing",
    # diagnose_migration_history: a _prisma_migrations row with no folder
    Layout.PRISMA: "prisma migrate dev says the migration is 'applied to the database but "
    "missing from the local migrations directory' and asks to reset the database",
    # validateMigrationHashes compares the hash of the file with the applied id;
    # a file gone leaves its id missing (validateMigrationOrdering)
    Layout.POSTGRES_MIGRATIONS: "postgres-migrations hashes the file name with its text, so "
    "a file renamed under its id fails its hash check ('Hashes don't match for "
    "migrations'), and a file gone leaves its id missing ('Found a non-consecutive "
    "migration ID') unless it was the last",
}
#: Tools that refuse a folder where two files claim one version, so that no
#: database ran either from a tree holding both (what ``DBN016`` says):
#: golang-migrate's ``source.Migrations.Append`` (``ErrDuplicateMigration``,
#: ``migrate.New`` fails), goose's sort ("goose: duplicate version N
#: detected", before any migration runs), Flyway's resolver ("Found more
#: than one migration with version N"). dbmate is told apart
#: (:func:`_never_applied`).
_REFUSES_DUPLICATES = {
    Layout.GOLANG_MIGRATE: "golang-migrate refuses such a folder ('duplicate migration file')",
    Layout.GOOSE: "goose refuses such a folder ('duplicate version detected')",
    Layout.FLYWAY: "Flyway refuses such a location ('Found more than one migration with version')",
}
#: Tools whose record of an applied migration is its version alone, so a file
#: renamed in its folder with the version kept is still the applied one:
#: golang-migrate's ``schema_migrations (version, dirty)``, goose's
#: ``goose_db_version (version_id, is_applied, tstamp)``, dbmate's
#: ``schema_migrations (version)`` (``FindMigrations`` marks a file applied
#: by ``appliedMigrations[migration.Version]``), pop's ``schema_migration
#: (version)`` (``Migrator.UpTo`` skips a version its table holds). Not so for Flyway (its
#: validate compares each applied version's description, the name: "Migration
#: description mismatch"), Liquibase (a changeset is keyed by id, author and
#: file path), sqitch and sql-migrate (the change or file name), Prisma (the
#: folder name), nor a numbered folder no tool's marker names.
#: Diesel's ``__diesel_schema_migrations (version, run_on)`` holds the folder
#: name's part before the first ``_`` without its ``-`` (migrations_internals
#: ``version_from_string``; the harness runs what has no row of its version).
#: sqlx's ``_sqlx_migrations`` also keeps the description, but ``migrate run``
#: compares only the version (``VersionMissing``) and the SHA-384 checksum of
#: the file's text (``VersionMismatch``): the text must stay byte for byte.
_VERSION_ONLY = {
    Layout.GOLANG_MIGRATE: "schema_migrations",
    Layout.GOOSE: "goose_db_version",
    Layout.DBMATE: "schema_migrations",
    Layout.POP: "schema_migration, or the table its migration_table_name names",
    Layout.DIESEL: "__diesel_schema_migrations",
    Layout.SQLX: "_sqlx_migrations",
}
#: Folders of declarative schema files: numbered files there are edited in place.
_DECLARATIVE = frozenset({"schema", "schemas"})
_RUN_ON_CHANGE = lazy_compile(r"\brunOnChange:\s*true\b", re.IGNORECASE)
_CHANGESET_ID = lazy_compile(r"--\s*changeset\s+(\S+)", re.IGNORECASE)
#: Changelog formats whose changesets are read as change types.
_CHANGELOG_SUFFIXES = frozenset({".xml", ".yaml", ".yml", ".json"})
#: Elements of an XML ``changeSet`` that are not changes: what an applied
#: changeset did does not depend on them (YAML/JSON write them as keys of the
#: changeset, beside ``changes``).
_NOT_CHANGES = frozenset({"comment", "rollback", "preConditions", "validCheckSum"})


def _changed_names(repo: Path, commit: str) -> set[str]:
    """Repository paths modified since ``commit``: in the working tree or in the index."""
    out: set[str] = set()
    for cached in (False, True):
        data = diff_names(repo, commit, cached=cached, only="M")
        out.update(filter(None, data.decode("utf-8", "surrogateescape").split("\0")))
    return out


def _tail(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - 2000))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


#: Folders whose version-named files (:data:`_SEMVER_NAME`) are applied history.
_MIGRATION_FOLDERS = frozenset({"migrations", "migration"})
#: A folder named for its migrations' kind or age (uptime-kuma's ``db/old_migrations``,
#: ``sql_migrations``, ``db-migrations``): every SQL file in it is one applied migration.
_MIGRATION_FOLDER_SUFFIXES = ("_migrations", "-migrations")
#: A migration named by a dotted version alone, or with a title after it:
#: ``v2.9.62.sql``, ``1.2.0.sql``, ``v2.10.28_add_x.sql`` (not ``V2__x.sql``).
_SEMVER_NAME = lazy_compile(r"^v?\d+(?:\.\d+)+(?:[-_][^.]*)?\.sql$", re.IGNORECASE)


def _named_tool_runs(layout: Layout, path: Path) -> bool:
    """Whether the tool the file's name says runs it: golang-migrate's names in a Go
    module whose go.mod does not require golang-migrate are its own runner's."""
    if layout is not Layout.GOLANG_MIGRATE or authelia_name(path.name):
        return True  # Authelia's runner reads its own names (and records versions only)
    return go_module_requires(path, GOLANG_MIGRATE) is not False


def _layout(path: Path, rel: str, text: str, *, on_disk: bool = True) -> Layout | None:
    """The migration tool whose history ``path`` (``rel`` in the repository) is,
    or None (not a tool's migration). ``on_disk`` False: ``path`` is gone and
    ``text`` is what it held."""
    if history_part(path) is not None:
        return Layout.NUMBERED  # Synapse's delta or full schema (any suffix), though under schema/
    if path.parent.name.lower() in _MIGRATION_FOLDERS and _SEMVER_NAME.match(path.name):
        # v2.9.62.sql: semaphore's runner applies such files once each, in the
        # order of a version list in its code, and records the version (trial s26)
        return Layout.NUMBERED
    tail = _tail(path) if on_disk else text[-2000:]
    if is_schema_dump(path.as_posix(), text[:2000], tail):
        return None
    named = path.parent.name.lower().endswith(_MIGRATION_FOLDER_SUFFIXES)
    if named and path.suffix.lower() == ".sql":
        # uptime-kuma's patch-x.sql: its runner applies each file of the folder
        # once and records its name (the order and list in its code), whatever
        # the name: an edit changes no database that ran it (trial s40 F1)
        try:
            return detect(path) if on_disk else detect(path, text)
        except LayoutError:
            return Layout.NUMBERED
    try:
        layout = detect(path) if on_disk else detect(path, text)
    except LayoutError:
        return None
    if layout is Layout.NUMBERED and _DECLARATIVE & {p.lower() for p in rel.split("/")[:-1]}:
        return None  # numbered schema files, edited in place (Cora's module-*/db/schema/)
    return layout


#: How many folders up a changelog naming a file is looked for.
_CHANGELOG_LEVELS = 4


def _changelog_runs(path: Path, repo: Path) -> bool:
    """Whether a Liquibase changelog in ``path``'s folder or one of the
    :data:`_CHANGELOG_LEVELS` above it (not above ``repo``) includes ``path``
    or runs it as a changeset's ``sqlFile``: Liquibase's checksum of that
    changeset is of the file's text, so an edit of an applied one stops
    ``update`` (closing confirmation s27: an edited ``widget.ddl.txt`` passed)."""
    folder = path.parent
    for _level in range(_CHANGELOG_LEVELS):
        try:
            candidates = sorted(folder.iterdir())
        except OSError:
            return False
        for candidate in candidates:
            if candidate.suffix.lower() not in _CHANGELOG_SUFFIXES or not candidate.is_file():
                continue
            if not is_changelog_text(read_head(str(candidate))):
                continue
            for kind, value, _dbms in liquibase_entries(candidate):
                if kind != "file":
                    continue
                wanted = value.removeprefix("classpath:").replace("\\", "/").lstrip("/")
                relative = Path(os.path.normpath(folder / wanted))
                if relative == path or path.as_posix().endswith("/" + wanted):
                    return True
        if folder in (repo, folder.parent):
            return False
        folder = folder.parent
    return False


def _synapse_reaction(path: Path, change: str) -> str | None:
    """What Synapse does with its applied ``path`` (a delta or full schema,
    :func:`~dbnamelint.synapse_layout.history_part`) once ``change`` ("edit",
    "delete" or "rename") is made, else None (not Synapse's). Source:
    ``synapse/storage/prepare_database.py``."""
    part = history_part(path)
    if part is None:
        return None
    kind, version = part
    if kind != DELTA:
        return (
            f"Synapse reads full_schemas/{version} only to create a new database "
            "(prepare_database.py _setup_new_database); every database created or "
            "upgraded before keeps what the committed text made, so new and old "
            "databases differ"
        )
    if change == "rename":
        return (
            "Synapse records each applied delta by its name, "
            f"'{version}/<file name>', in applied_schema_deltas and skips a name found "
            "there (prepare_database.py _upgrade_existing_database): the new name counts "
            "as never applied and runs again where the database's schema version is "
            f"{version} or below"
        )
    return (
        "Synapse records each applied delta by its name in applied_schema_deltas and "
        "never runs it again (prepare_database.py _upgrade_existing_database): "
        + (
            "the databases that ran it keep what it did"
            if change == "delete"
            else "the edited text runs only on databases that never ran the committed one"
        )
    )


def _checksums_text(layout: Layout, path: Path) -> bool:
    """Whether ``layout``'s tool records a checksum of the file's bytes, so that
    a comment, a space, a line ending or a byte-order mark is an edit to it:
    sqlx (the SHA-384 of the text ``read_to_string`` gives; a ``.down.sql``
    is never run forward), postgres-migrations (the SHA-1 of the file name
    and the text Node's ``readFile(path, "utf8")`` gives) and Prisma (the
    SHA-256 of ``migration.sql``'s text in ``_prisma_migrations.checksum``;
    which line-ending changes it ignores: :func:`_checksum_matches`), and
    Flyway for a versioned SQL migration (a CRC32 of the lines, so not a
    line ending, a blank line or a BOM: :mod:`dbnamelint.flyway_checksum`)."""
    if layout is Layout.SQLX:
        return not _is_down(path)
    if layout is Layout.FLYWAY:
        # Flyway's CRC32 of the lines (:mod:`dbnamelint.flyway_checksum`); a
        # baseline migration's is not validated once applied (see DBN025's
        # Flyway reaction), so an edit of its comments changes nothing
        return path.suffix.lower() == ".sql" and baseline_version(path.name) is None
    return layout in (Layout.POSTGRES_MIGRATIONS, Layout.PRISMA)


def _checksum_matches(layout: Layout, before: bytes, now: bytes) -> bool:
    """Whether the checksum ``layout``'s tool recorded for ``before`` (the text
    as committed, as applied) still matches ``now``. Byte for byte, but for
    Prisma (prisma-engines ``checksum::script_matches_checksum``): it also
    tries the script with every CRLF made LF and with every LF made CRLF,
    so a file whose line endings were converted as a whole (git's
    ``core.autocrlf``) still matches, while a mixed one may not. A BOM is
    part of the text to all three (neither Node's nor Rust's UTF-8 reading
    drops it). Flyway: equal :func:`~dbnamelint.flyway_checksum.flyway_checksum`."""
    if before == now:
        return True
    if layout is Layout.FLYWAY:
        return flyway_checksum(before) == flyway_checksum(now)
    if layout is not Layout.PRISMA:
        return False
    return before in (now.replace(b"\r\n", b"\n"), now.replace(b"\n", b"\r\n"))


def _first_byte_difference(before: bytes, now: bytes) -> int:
    """The 1-based line of ``now`` where its bytes first differ from ``before``'s
    (line ends included, so a CRLF made LF counts), at most its last line."""
    old, new = before.split(b"\n"), now.split(b"\n")
    line = next(
        (n for n, (a, b) in enumerate(zip(old, new, strict=False), start=1) if a != b),
        min(len(old), len(new)) + 1,
    )
    last = now.count(b"\n") + (0 if now.endswith(b"\n") else 1)
    return max(1, min(line, last))


def _committed_bytes(repo: Path, commit: str, rel: str) -> bytes | None:
    """The bytes of ``rel`` at ``commit`` (a BOM kept), or None when it is not there."""
    return show_bytes(repo, commit, rel)


def _first_difference(before: str, after: str) -> int:
    """The 1-based line where ``after`` first differs from ``before``."""
    for number, (old, new) in enumerate(
        zip(before.splitlines(), after.splitlines(), strict=False), start=1
    ):
        if old != new:
            return number
    return min(len(before.splitlines()), len(after.splitlines())) + 1


def _sql_difference(before: str, after: str, dialect: str) -> int | None:
    """The 1-based line of ``after``'s first SQL token that differs from
    ``before``'s; None when only comments, whitespace or line breaks changed
    (what the statements do is the same). Text the tokenizer cannot read is
    compared line by line."""
    from dbnamelint.frontends.sql.parsing.lexer import SqlglotError, Tokenizers

    tokenizer = Tokenizers(None).get(sqlglot_dialect(dialect))

    def tokens(text: str) -> list[tuple[object, str, int]]:
        # drizzle's migrator runs each piece between breakpoints on its own: what
        # follows one on its line is SQL, not the comment it looks like (trial s27)
        out: list[tuple[object, str, int]] = []
        lines = LineIndex(text)
        for number, (offset, piece) in enumerate(
            pieces(text) if BREAKPOINT in text else [(0, text)]
        ):
            if number:
                out.append(("breakpoint", "", lines.line_col(offset)[0]))
            # the line from the token's offset: sqlglot's own line count is wrong
            # after PostgreSQL's $1 parameters (trial s36 kestra)
            out += [
                (t.token_type, t.text, lines.line_col(offset + t.start)[0])
                for t in tokenizer.tokenize(piece)
            ]
        return out

    try:
        old = tokens(before)
        new = tokens(after)
    except SqlglotError:
        return _first_difference(before, after)
    for a, b in zip(old, new, strict=False):
        if a[:2] != b[:2]:
            return b[2]
    if len(old) == len(new):
        return None
    return new[len(old)][2] if len(new) > len(old) else _first_difference(before, after)


def _changeset_bodies(text: str) -> dict[str, tuple[int, str, str]]:
    """Liquibase changesets of a formatted-SQL ``text`` by ``author:id``:
    (offset of the ``-- changeset`` line, the line, the body up to the next one)."""
    found = changesets(text)
    out: dict[str, tuple[int, str, str]] = {}
    for number, changeset in enumerate(found):
        end = found[number + 1].start if number + 1 < len(found) else len(text)
        named = _CHANGESET_ID.search(changeset.line)
        key = named.group(1) if named is not None else changeset.line
        out[key] = (changeset.start, changeset.line, text[changeset.end : end])
    return out


def _liquibase_difference(before: str, after: str, dialect: str) -> int | None:
    """The line of the first changeset committed in ``before`` whose SQL ``after``
    changes (or deletes: line 1); None when changesets were only added, or
    changed under ``runOnChange:true``. Liquibase keys each changeset by
    author, id and file and checks each one's checksum: a file of
    changesets grows by new ones."""
    old = _changeset_bodies(before)
    if not old:
        return _sql_difference(before, after, dialect)
    new = _changeset_bodies(after)
    lines = [1 for key in old if key not in new]
    for key, (start, line, body) in new.items():
        if key not in old or _RUN_ON_CHANGE.search(line) is not None:
            continue
        if _sql_difference(old[key][2], body, dialect) is not None:
            lines.append(after.count("\n", 0, start) + 1)
    return min(lines) if lines else None


def _text_shape(text: str, dialect: str) -> tuple[object, ...]:
    """``text`` as its SQL tokens (comments and layout dropped), else its words."""
    from dbnamelint.frontends.sql.parsing.lexer import SqlglotError, Tokenizers

    if not text.strip():
        return ()
    try:
        tokens = Tokenizers(None).get(sqlglot_dialect(dialect)).tokenize(text)
    except SqlglotError:
        return tuple(text.split())
    return tuple((t.token_type, t.text) for t in tokens)


def _node_shape(node: Node, dialect: str) -> tuple[object, ...]:
    """What an element says, where it is written aside: tag, attributes (in
    any order), text content as tokens and nested elements in order."""
    return (
        node.tag,
        tuple(sorted(node.attrs.items())),
        _text_shape(node.text, dialect),
        tuple(_node_shape(child, dialect) for child in node.children),
    )


def _changelog_sets(
    text: str, suffix: str, dialect: str
) -> dict[tuple[str, str], tuple[int, bool, tuple[object, ...]]] | None:
    """Changesets of an XML/YAML/JSON changelog by (id, author): (line of the
    ``changeSet``, whether it is ``runOnChange``, its changes' shape); None
    when the text does not read as its format."""
    found = changelog_changesets(text, suffix)
    if found is None:
        return None
    out: dict[tuple[str, str], tuple[int, bool, tuple[object, ...]]] = {}
    for changeset in found:
        head = changeset.node
        key = (head.attrs.get("id", ""), head.attrs.get("author", ""))
        on_change = head.attrs.get("runOnChange", "").strip().lower() == "true"
        shape = tuple(
            _node_shape(change, dialect)
            for change in changeset.changes
            if change.tag not in _NOT_CHANGES
        )
        out[key] = (head.line, on_change, shape)
    return out


def _changelog_difference(before: str, after: str, suffix: str, dialect: str) -> int | None:
    """The line of the first ``changeSet`` committed in the XML/YAML/JSON
    changelog ``before`` that ``after`` changes (deleted: line 1); None when
    changesets were only added, or changed under ``runOnChange``. Text that
    does not read as a changelog is compared as the formatted-SQL rule does."""
    old = _changelog_sets(before, suffix, dialect)
    new = _changelog_sets(after, suffix, dialect) if old is not None else None
    if old is None or new is None:
        return _liquibase_difference(before, after, dialect)
    lines = [1 for key in old if key not in new]
    for key, (line, on_change, shape) in new.items():
        if key in old and not on_change and old[key][2] != shape:
            lines.append(line)
    return min(lines) if lines else None


def _reworked(path: Path, repo: Path, commit: str) -> bool:
    """Whether a ``deploy/<change>@<tag>.sql`` beside ``path`` is new since ``commit``."""
    stem = path.stem
    try:
        siblings = [p for p in path.parent.iterdir() if p.name.startswith(f"{stem}@")]
    except OSError:
        return False
    for sibling in siblings:
        rel = relative_to_repo(repo, sibling)
        if rel is not None and not exists_at(repo, commit, rel):
            return True
    return False


def _rework_copy_edit(
    source: SourceFile, cwd: Path, absolute: Path, rel: str, repo: Path, commit: str, ref: str
) -> Diagnostic | None:
    """DBN025 at a new sqitch rework copy ``deploy/<change>@<tag>.sql`` whose SQL
    differs from the ``deploy/<change>.sql`` committed at ``commit``, else None.

    ``sqitch rework`` copies the change's scripts to files "named with the tag
    that comes between the changes", which serve as the files of the original
    change (sqitch manual, "sqitch-rework"): the copy is the applied script of
    the earlier instance, which every database deployed, so only the file
    without the tag is free to edit (trial s29 Registry: an edited copy passed)."""
    name = absolute.name
    if "@" not in name or name.startswith("@"):
        return None
    original = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
    original += name.split("@", 1)[0] + absolute.suffix
    committed = _committed_bytes(repo, commit, original)
    if committed is None:
        return None
    try:
        now = decode_bytes(read_bytes(source, cwd), source.path)
    except SourceError:
        return None
    now = now.lstrip("\ufeff").replace("\r\n", "\n")
    if _layout(absolute, rel, now) is not Layout.SQITCH:
        return None
    before = committed.decode("utf-8-sig", "replace").replace("\r\n", "\n")
    line = _sql_difference(before, now, source.dialect)
    if line is None:
        return None
    return Diagnostic(
        Location(source.path, line, 1),
        Severity.ERROR,
        f"this sqitch rework copy is the earlier instance's deploy script, committed at {ref} "
        f"as {original}, and this change makes it differ: every database deployed the "
        "committed text, a new one would deploy this one (sqitch-rework: the copy serves as "
        "the original change's file; sqitch records the script's hash): restore the copy "
        f"as {original} was and edit only the script without the tag",
        EDITED_MIGRATION_CODE,
    )


def edited_migrations(
    files: Sequence[SourceFile],
    cwd: Path,
    commit: str,
    ref: str,
    upgrades: Mapping[str, str] | None = None,
    included: Sequence[tuple[str, SourceFile]] = (),
    *,
    copies: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """One ``DBN025`` error per migration of ``files`` (the run's, as it read
    them: staged copies in a pre-commit run) that exists at ``commit`` and
    whose SQL reads differently now (comments and layout aside), located at
    its first changed token's line. ``upgrades``: the upgrade scripts below a
    full schema that the config excludes (path as ``files`` show it -> the
    full schema's folder: :mod:`~dbnamelint.services.upgrade_history`),
    applied history though no tool's. ``included``: the files client includes
    of ``files`` read in place (including path, included file;
    ``Loaded.included``): an edit of one is an edit of what each committed
    migration including it runs (:func:`_edited_includes`). ``copies``:
    files of another database's copy the run does not read (path -> that
    database: :mod:`~dbnamelint.services.other_database_history`), which the
    message names.

    Facts from ``git diff --name-only`` (working tree and index against
    ``commit``) and ``git show commit:path``; the layout as ``migrate``
    detects it. Raises :class:`~dbnamelint.gitutil.GitError` when git fails.
    """
    repo = repository_root(cwd)
    changed = _changed_names(repo, commit)
    edited_includes = (
        _edited_includes(files, included, cwd, repo, changed, commit, ref)
        if changed and included
        else []
    )
    # (before the return below: a Rails migration renamed and edited is no "M")
    out: list[Diagnostic] = _edited_rails_migrations(files, cwd, repo, changed, commit, ref)
    if not changed and not any(
        _pop_dialect_up(Path(f.path).name) or "@" in Path(f.path).name for f in files
    ):
        return out  # (a new pop file for one dialect, or a sqitch rework copy, is not in git diff)
    seen: set[str] = set()
    for source in files:
        if source.path in seen:
            continue  # a file shared by a tree's dialects (pop, zdb), read once per dialect
        seen.add(source.path)
        absolute = Path(os.path.normpath(cwd / source.path))
        rel = relative_to_repo(repo, absolute)
        if rel is None or _code_migration(rel):
            continue
        if rel not in changed:  # unchanged, or new and not yet added (git diff lists neither)
            if _pop_dialect_up(absolute.name) and not exists_at(repo, commit, rel):
                shadowed = _shadowed_pop_version(repo, commit, rel, absolute, "")
                if shadowed is not None:
                    out.append(_pop_shadow(source.path, shadowed, ref))
            elif "@" in absolute.name and not exists_at(repo, commit, rel):
                copied = _rework_copy_edit(source, cwd, absolute, rel, repo, commit, ref)
                if copied is not None:
                    out.append(copied)
            continue
        before_bytes = _committed_bytes(repo, commit, rel)
        try:
            now_bytes = read_bytes(source, cwd)
            now = decode_bytes(now_bytes, source.path).lstrip("\ufeff").replace("\r\n", "\n")
        except SourceError:
            continue
        if before_bytes is None:
            shadowed = _shadowed_pop_version(repo, commit, rel, absolute, now)
            if shadowed is not None:
                out.append(_pop_shadow(source.path, shadowed, ref))
            continue  # new, or an unstaged edit a pre-commit run does not read
        if before_bytes == now_bytes:
            continue
        before = before_bytes.decode("utf-8-sig", "replace").replace("\r\n", "\n")
        layout = _layout(absolute, rel, now)
        if layout is None and _changelog_runs(absolute, repo):
            layout = Layout.LIQUIBASE  # a sqlFile's file: its changeset's checksum holds its text
        schema = (upgrades or {}).get(source.path)
        if layout is None and schema is not None:
            line = _sql_difference(before, now, source.dialect)
            if line is not None:
                out.append(_upgrade_edited(source.path, line, schema, ref))
            continue
        if layout is None:
            continue
        if layout is Layout.LIQUIBASE and absolute.suffix.lower() in _CHANGELOG_SUFFIXES:
            line = _changelog_difference(before, now, absolute.suffix, source.dialect)
        elif layout is Layout.LIQUIBASE:
            line = _liquibase_difference(before, now, source.dialect)
        else:  # what a forward run applies: a Down section is the rollback
            line = _sql_difference(_forward(before, source), _forward(now, source), source.dialect)
        if (
            line is None
            and _checksums_text(layout, absolute)
            and not _checksum_matches(layout, before_bytes, now_bytes)
        ):
            line = (  # a line-ending or BOM change only: located by the bytes
                first_checksummed_difference(before_bytes, now_bytes)
                if layout is Layout.FLYWAY
                else _first_difference(before, now)
                if before != now
                else _first_byte_difference(before_bytes, now_bytes)
            )
        if line is None:
            continue  # comments or layout only, or changesets added: nothing applied changed
        if layout is Layout.SQITCH and _reworked(absolute, repo, commit):
            continue
        reaction = _REACTION.get(layout)
        if layout is Layout.FLYWAY and baseline_version(absolute.name) is not None:
            # Flyway validates no checksum at or below the baseline a database
            # was built from (MigrationInfoImpl.validate: version > appliedBaseline).
            reaction = (
                "Flyway does not check a baseline migration's checksum once applied: the "
                "databases built from it keep what it made without a word"
            )
        tool = f"{layout.value} " if _named_tool_runs(layout, absolute) else ""
        if authelia_name(absolute.name):
            tool = "Authelia "
        synapse = _synapse_reaction(absolute, "edit")
        if synapse is not None:
            tool, reaction = "Synapse ", synapse
        out.append(
            Diagnostic(
                Location(source.path, line, 1),
                Severity.ERROR,
                f"this {tool}migration{_copy_said(copies, source.path)} was committed at "
                f"{ref} and this change edits it: an applied migration must not change (every "
                "database that ran it keeps what it created, a new one replays the edited text"
                + (f"; {reaction}" if reaction else "")
                + (
                    f"): restore the file; {_sqitch_advice(absolute)}, or add a new change "
                    "(`sqitch add`; `dbnamelint migrate` writes renames)"
                    if layout is Layout.SQITCH
                    else "): restore the file and write the change as a new migration "
                    "(`dbnamelint migrate` writes renames)"
                ),
                EDITED_MIGRATION_CODE,
            )
        )
    return [*out, *edited_includes]


def _edited_includes(
    files: Sequence[SourceFile],
    included: Sequence[tuple[str, SourceFile]],
    cwd: Path,
    repo: Path,
    changed: Collection[str],
    commit: str,
    ref: str,
) -> list[Diagnostic]:
    """One ``DBN025`` error per file a client include of a committed migration
    reads in place (``\\ir ../lib/x.sql.inc``, ``source lib/x.sql``, ``.read
    lib/x.sql``, nested too) whose SQL this
    change edits, at its first changed token's line, naming the migrations
    that run it. The client runs the included file's text where the include is
    (:mod:`dbnamelint.frontends.sql.client_follow`), so editing it edits what
    those migrations run: every database that ran them keeps what the old
    text made (no tool checksums an included file: sqitch hashes the deploy
    script itself), a new one replays the edited text. A migration new since
    the base is no history (a file only it includes may change freely)."""
    by_path = {f.path: f for f in files}
    runs: dict[str, list[str]] = {}  # included path -> committed migrations running it
    sources: dict[str, SourceFile] = {}
    for including, inc in included:
        migration = by_path.get(including)
        absolute = Path(os.path.normpath(cwd / including))
        rel = relative_to_repo(repo, absolute)
        if migration is None or rel is None or not exists_at(repo, commit, rel):
            continue
        try:
            text = decode_bytes(read_bytes(migration, cwd), migration.path)
        except SourceError:
            continue
        # a Go migration list's file step (dbnamelint.go_list_files): its runner
        # runs the file at the step, once, as a migration
        go_list = including.lower().endswith(".go")
        if not go_list and _layout(absolute, rel, text) is None:
            continue
        sources.setdefault(inc.path, inc)
        if including not in runs.setdefault(inc.path, []):
            runs[inc.path].append(including)
    out: list[Diagnostic] = []
    for path, migrations in runs.items():
        inc_rel = relative_to_repo(repo, Path(os.path.normpath(cwd / path)))
        before_bytes = (
            _committed_bytes(repo, commit, inc_rel)
            if inc_rel is not None and inc_rel in changed
            else None
        )
        if before_bytes is None:
            continue  # unchanged, or new: a new include names it, the migration's own edit
        try:
            now = decode_bytes(read_bytes(sources[path], cwd), path).lstrip("\ufeff")
        except SourceError:
            continue
        before = before_bytes.decode("utf-8-sig", "replace").replace("\r\n", "\n")
        line = _sql_difference(before, now.replace("\r\n", "\n"), sources[path].dialect)
        if line is None:
            continue  # comments or layout only
        several = len(migrations) > 1
        named = ", ".join(migrations[:3]) + (
            f" and {len(migrations) - 3} more" if len(migrations) > 3 else ""
        )
        said = (
            f"a step of the Go migration list in {named}, committed at {ref}, names this "
            "file (its runner runs the file there, once), and this change edits it"
            if all(m.lower().endswith(".go") for m in migrations)
            else f"{_client_name(sources[path].dialect)} runs this file where the "
            f"migration{'s' if several else ''} {named}, "
            f"committed at {ref}, include{'' if several else 's'} it, and this change edits it"
        )
        out.append(
            Diagnostic(
                Location(path, line, 1),
                Severity.ERROR,
                f"{said}: an applied migration must not change, nor what it includes (every "
                "database that ran it keeps what it created, a new one replays the edited "
                "text; no migration tool checksums an included file): restore the file and "
                "write the change as a new migration (`dbnamelint migrate` writes renames)",
                EDITED_MIGRATION_CODE,
            )
        )
    return out


def _client_name(dialect: str) -> str:
    """The client that runs an included file of ``dialect`` (psql, mysql ...)."""
    from dbnamelint.frontends.sql.client_follow import client_for

    client = client_for(dialect)
    return client.name if client is not None else "the client"


def _shadowed_pop_version(
    repo: Path, commit: str, rel: str, absolute: Path, text: str
) -> str | None:
    """The committed generic file (``V_x.up.sql``) a new dialect file of pop's
    (``V_x.sqlite3.up.sql``) takes the place of, else None.

    popx runs, for a version, the file of the database's dialect when there is
    one, else the generic file (``match.go``); a database that applied the
    version through the generic file never runs the new one, while a new
    database does: the version's text changed for that dialect (trial s25
    kratos). Facts: ``git ls-tree`` of the folder at ``commit``."""
    found = pop_name.match(absolute.name)
    if found is None or not _pop_dialect_up(absolute.name):
        return None
    if _layout(absolute, rel, text) is not Layout.POP:
        return None
    folder = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
    listed = run_git(repo, "ls-tree", "--name-only", "-z", commit, "--", folder or ".")
    for entry in listed.decode("utf-8", "replace").split("\0"):
        name = entry.rsplit("/", 1)[-1]
        other = pop_name.match(name)
        if (
            other is not None
            and other.group(1) == found.group(1)
            and other.group(3) in (None, ".autocommit")  # x.autocommit.up.sql is generic
            and other.group(5) == "up"
        ):
            return name
    return None


def _pop_dialect_up(name: str) -> bool:
    """Whether ``name`` is one of pop's up migrations for one dialect
    (``V_x.sqlite3.up.sql``, ``V_x.mysql.autocommit.up.sql``)."""
    found = pop_name.match(name)
    return (
        found is not None and found.group(3) not in (None, ".autocommit") and found.group(5) == "up"
    )


def _pop_shadow(path: str, generic: str, ref: str) -> Diagnostic:
    """DBN025 at a new dialect file of pop's that takes a committed version's place."""
    return Diagnostic(
        Location(path, 1, 1),
        Severity.ERROR,
        f"this pop migration is new, but its version was committed at {ref} as {generic}, "
        "which every database of this dialect ran: popx now runs this file in its place "
        "on a new database only, and a database that applied the version never runs it "
        "(the version's text changed for this dialect): write the change as a new "
        "migration with a new version",
        EDITED_MIGRATION_CODE,
    )


def gone_names(
    repo: Path, commit: str, staged: bool, wanted: Collection[str]
) -> dict[str, str | None]:
    """The repository paths of ``wanted`` deleted since ``commit`` (in the
    index when ``staged``, else in the working tree), each with the path
    git's rename detection says it moved to, else None. Renames are found
    whatever ``diff.renames`` says (and only looked for when a wanted path is
    gone: pairing costs); a moved file git does not pair (edited beyond its
    threshold) is a deletion."""
    cached = ["--cached"] if staged else []
    names = diff_names(repo, commit, cached=staged, only="D")
    gone = set(names.decode("utf-8", "surrogateescape").split("\0")) & set(wanted)
    if not gone:
        return {}
    out: dict[str, str | None] = dict.fromkeys(gone)
    data = run_git(
        repo,
        "diff",
        "--name-status",
        "-z",
        "--find-renames",
        "--diff-filter=R",
        *cached,
        commit,
        "--",
        index=staged,
    )
    fields = data.decode("utf-8", "surrogateescape").split("\0")
    for at in range(0, len(fields) - 2, 3):  # R<score>, old, new
        if fields[at + 1] in out:
            out[fields[at + 1]] = fields[at + 2]
    return out


def _code_migration(rel: str) -> bool:
    """Whether ``rel`` is a Laravel, Django, Alembic, Knex, Kysely or
    Sequelize migration read as SQL (:mod:`dbnamelint.code_migrations`; the
    run reads no other ``.php``, ``.py``, ``.js`` or ``.ts`` file): the code
    migrations' gate judges its edits, deletions and renames at the calls
    (:func:`dbnamelint.services.code_ddl.code_ddl_gate`)."""
    return rel.lower().endswith(
        (".php", ".py", ".cs", ".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")
    )


def deleted_migrations(
    base_files: Collection[str],
    files: Sequence[SourceFile],
    cwd: Path,
    commit: str,
    ref: str,
    *,
    staged: bool = False,
    upgrades: Mapping[str, str] | None = None,
    copies: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """One ``DBN025`` error per migration the base run read (``base_files``,
    shown as the run shows paths) that this change deletes or renames away,
    located at its old path, line 1.

    Every database that ran it keeps what it created and records it as
    applied, while the model read here loses it; a renamed one is, for most
    tools, one applied migration gone and one new that runs again.
    ``upgrades``: as for :func:`edited_migrations` (the scripts deleted
    among them, not in ``base_files``, are judged too); ``copies``: as for
    :func:`edited_migrations`. The same
    files are left alone as for an edit (schema dumps, repeatables, numbered
    schema templates, files no tool names; rollback files and changelogs
    that only include others are not read).
    ``staged``: the change is the index (a pre-commit run: a deletion not
    staged is not committed), else the working tree. A file the run still
    reads is not gone.
    Raises :class:`~dbnamelint.gitutil.GitError` when git fails.
    """
    base_files = {*base_files, *(upgrades or {})}
    if not base_files:
        return []
    repo = repository_root(cwd)
    read = {os.path.normpath(cwd / source.path): source for source in files}
    clashes = version_clashes(base_files)
    unread: dict[str, tuple[str, Path]] = {}
    for shown in sorted(base_files):
        absolute = Path(os.path.normpath(cwd / shown))
        rel = relative_to_repo(repo, absolute)
        if rel is not None and str(absolute) not in read and not _code_migration(rel):
            unread[rel] = (shown, absolute)
    gone = gone_names(repo, commit, staged, unread) if unread else {}
    out: list[Diagnostic] = []
    for rel, (shown, absolute) in unread.items():
        if rel not in gone:
            out.extend(_out_of_journal(shown, absolute, ref))
            continue
        written = _committed_bytes(repo, commit, rel)
        if written is None:
            continue
        before = written.decode("utf-8-sig", "replace").replace("\r\n", "\n")
        layout = _layout(absolute, rel, before, on_disk=False)
        if layout is None and _changelog_runs(absolute, repo):
            layout = Layout.LIQUIBASE  # a sqlFile a changelog still runs: Liquibase fails on it
        schema = (upgrades or {}).get(shown)
        if layout is None and schema is not None:
            out.append(_upgrade_gone(shown, gone[rel], schema, ref, cwd, repo))
            continue
        if layout is None:
            continue
        moved = gone[rel]
        reaction = _GONE_REACTION.get(layout)
        if layout is Layout.FLYWAY:
            reaction = _flyway_gone_reaction(absolute, repo, cwd) or reaction
        said = f"; {reaction}" if reaction else ""
        tool = f"{layout.value} " if _named_tool_runs(layout, absolute) else ""
        if authelia_name(absolute.name):
            tool = "Authelia "
        synapse = _synapse_reaction(absolute, "delete" if moved is None else "rename")
        if synapse is not None:
            tool, said = "Synapse ", f"; {synapse}"
        copy = _copy_said(copies, shown)
        head = f"this {tool}migration{copy} was committed at {ref} and this change "
        new_path = repo / moved if moved is not None else None
        if new_path is None and layout is Layout.DRIZZLE:
            # git pairs a rename with a large edit of a small file as a delete and
            # an add; drizzle's journal pairs them by the entry's when
            new_path = _drizzle_entry_moved(absolute, repo, commit)
        action = (
            "deletes it"
            if new_path is None
            else f"renames it to {Path(os.path.relpath(new_path, cwd)).as_posix()}"
        )
        never = _never_applied(layout, absolute, shown, clashes, ref)
        drizzle_edit: int | None = None
        if never is None and new_path is not None and layout is Layout.DRIZZLE:
            when, same = _drizzle_kept_when(absolute, new_path, before, read, cwd, repo, commit)
            if when is not None and same:
                never = _DRIZZLE_KEPT.format(when=when)
            drizzle_edit = when
        if never is not None or (
            new_path is not None
            and _keeps_version(layout, absolute, new_path, written, read, cwd, repo)
        ):
            note = never or _kept_note(layout, absolute, new_path)
            out.append(
                Diagnostic(
                    Location(Path(shown).as_posix(), 1, 1),
                    Severity.INFO,
                    f"{head}{action}{',' if never is None else ':'} {note}",
                    EDITED_MIGRATION_CODE,
                )
            )
            continue
        if drizzle_edit is not None:
            message = (
                f"{action} and edits its SQL, its journal entry keeping its when "
                f"{drizzle_edit}: drizzle's migrator records a migration by that when alone, "
                "so every database that ran it counts the new file as applied and never runs "
                "the edit: restore the file's SQL and write the change as a new migration"
            )
        elif moved is None and staged and absolute.is_file():  # git rm --cached
            message = (
                "deletes it from the commit (the copy left on disk is untracked and not "
                "read): the migration tool still has it applied (every database that ran "
                f"it keeps what it created, while the schema read here loses it{said}): "
                "`git add` the file back and write a new migration that drops what it created"
            )
        elif moved is None:
            message = (
                "deletes it: the migration tool still has it applied (every database that "
                f"ran it keeps what it created, while the schema read here loses it{said}): "
                "restore the file and write a new migration that drops what it created"
            )
        else:
            message = (
                f"{action}: the migration tool still has it applied under its "
                "old name (tools record a migration by its file name or version: the old "
                f"one goes missing, the new name may run again{said}): restore the old name "
                "and write any change as a new migration"
            )
        out.append(
            Diagnostic(
                Location(Path(shown).as_posix(), 1, 1),
                Severity.ERROR,
                f"{head}{message} (`dbnamelint migrate` writes renames)",
                EDITED_MIGRATION_CODE,
            )
        )
    return out


def _flyway_gone_reaction(absolute: Path, repo: Path, cwd: Path) -> str | None:
    """What Flyway's validate does with an applied migration gone, when the
    project's Flyway settings ignore missing ones (``ignoreMigrationPatterns:
    "*:missing"``, kestra's: it deletes migrations on purpose); else None."""
    switch = ignores_missing(flyway_switches(absolute.parent, repo))
    if switch is None:
        return None
    shown = Path(os.path.relpath(switch.path, cwd)).as_posix()
    return (
        f"this project's Flyway ignores applied migrations missing here "
        f"(ignoreMigrationPatterns '{switch.value}' in {shown}), so nothing tells the "
        "databases that ran it"
    )


def _copy_said(copies: Mapping[str, str] | None, path: str) -> str:
    """What a migration of another database's copy that the run does not
    read is, for a ``DBN025`` message (nothing for any other file)."""
    database = (copies or {}).get(path)
    if database is None:
        return ""
    return (
        f" (of another database's copy, {database}, which the config leaves out and "
        "dbnamelint does not read: that database's applied history all the same)"
    )


def _upgrade_edited(path: str, line: int, schema: str, ref: str) -> Diagnostic:
    """``DBN025`` at the first changed line of an upgrade script ``path``
    below the full schema in ``schema`` (:mod:`~dbnamelint.services.upgrade_history`)."""
    return Diagnostic(
        Location(path, line, 1),
        Severity.ERROR,
        f"this upgrade script was committed at {ref} and this change edits it: it is "
        f"applied history, not the schema (the config's `exclude` leaves it out below the "
        f"full schema in {schema}, which a new database runs instead); every older "
        "database upgraded by running it and keeps what the committed text made, and "
        "none runs it again: restore the file and write the change as a new upgrade "
        "script (and in the full schema)",
        EDITED_MIGRATION_CODE,
    )


def _upgrade_gone(
    shown: str, moved: str | None, schema: str, ref: str, cwd: Path, repo: Path
) -> Diagnostic:
    """``DBN025`` at the old path of an upgrade script ``shown`` deleted, or
    renamed to ``moved`` (a repository path), since ``ref``."""
    if moved is None:
        action = (
            "deletes it: every older database upgraded by running it and keeps what it "
            "made, and a database still below its version has no way up without it"
        )
    else:
        new = Path(os.path.relpath(repo / moved, cwd)).as_posix()
        action = (
            f"renames it to {new}: upgrade scripts are run by hand in the order of their "
            "names, so a database that ran it under its old name may run it again"
        )
    return Diagnostic(
        Location(Path(shown).as_posix(), 1, 1),
        Severity.ERROR,
        f"this upgrade script was committed at {ref} and this change {action} (it is "
        f"applied history, left out by the config's `exclude` below the full schema in "
        f"{schema}): restore it, and write any change as a new upgrade script",
        EDITED_MIGRATION_CODE,
    )


def _out_of_journal(shown: str, absolute: Path, ref: str) -> list[Diagnostic]:
    """``DBN025`` for a committed drizzle migration still on disk whose entry this
    change takes out of ``meta/_journal.json``: drizzle's migrator runs only
    what the journal lists (:mod:`dbnamelint.drizzle_layout`)."""
    folder = absolute.parent
    if not absolute.is_file() or not drizzle_layout.has_journal(str(folder)):
        return []
    journal = drizzle_layout.read_journal(folder)
    if journal is None or absolute.stem in journal.tags:
        return []
    return [
        Diagnostic(
            Location(Path(shown).as_posix(), 1, 1),
            Severity.ERROR,
            f"this drizzle migration was committed at {ref} and this change takes its entry "
            f"out of {drizzle_layout.JOURNAL}: drizzle's migrator no longer runs it, so a new "
            "database lacks what it created while every database that ran it keeps it: "
            "restore the entry, and write a new migration that drops what it created",
            EDITED_MIGRATION_CODE,
        )
    ]


def _never_applied(
    layout: Layout,
    absolute: Path,
    shown: str,
    clashes: dict[str, tuple[str, ...]],
    ref: str,
) -> str | None:
    """Why no database ran the base's migration ``shown`` from ``ref``, else
    None: another file there claimed its version (``clashes``, the base's
    ``DBN016``) and its tool refuses such a folder, or it is dbmate's and not
    the first of them by file name (dbmate sorts its files by name, applies
    the first and records its version, so the others fail on a new database
    and count as applied where the first ran)."""
    others = clashes.get(shown)
    if not others or not _named_tool_runs(layout, absolute):
        return None
    name = Path(shown).name
    why = _REFUSES_DUPLICATES.get(layout)
    if why is None and layout is Layout.DBMATE:
        first = min(others, key=lambda other: Path(other).name)
        if Path(first).name < name:
            others = (first,)
            why = (
                "dbmate applies only the first of them by file name and keys "
                "schema_migrations by the version, so this one fails on a new database "
                "and counts as applied where the first ran"
            )
    if why is None:
        return None
    return (
        f"no database ran it from {ref}, where "
        f"{', '.join(Path(other).as_posix() for other in others)} claims its version "
        f"{shown_version(name)} too: {why} (a database migrated from the branch that added "
        "it, before the merge, did run it: check those)"
    )


#: The note on a drizzle migration renamed with its tag, its when and SQL kept.
_DRIZZLE_KEPT = (
    "its journal entry keeps its when {when} and its SQL is the same: drizzle's migrator "
    "records a migration by that when alone (created_at of __drizzle_migrations; "
    "neither the tag nor the hash is compared), so every database that ran it "
    "counts the new name as applied and nothing runs again"
)


def _drizzle_whens(
    folder: Path, repo: Path, commit: str
) -> tuple[dict[str, int | None], dict[str, int | None]] | None:
    """Each entry's ``when`` by tag in the journal of the drizzle folder
    ``folder``: (at ``commit``, now); None when it is outside ``repo`` or
    cannot be read now."""
    rel = relative_to_repo(repo, drizzle_layout.journal_file(folder))
    if rel is None:
        return None
    try:
        now = drizzle_layout.entry_whens(drizzle_layout.journal_file(folder).read_bytes())
    except OSError:
        return None
    return drizzle_layout.entry_whens(_committed_bytes(repo, commit, rel)), now


def _drizzle_entry_moved(absolute: Path, repo: Path, commit: str) -> Path | None:
    """The file the journal's entry now names when the drizzle migration
    ``absolute`` is gone and the entry that named it at ``commit`` now has
    another tag with the same ``when`` (and its file is there), else None."""
    whens = _drizzle_whens(absolute.parent, repo, commit)
    if whens is None:
        return None
    then, now = whens
    when = then.get(absolute.stem)
    if when is None or absolute.stem in now:
        return None
    tag = next((t for t, w in now.items() if w == when), None)
    moved = absolute.parent / f"{tag}.sql" if tag is not None else None
    return moved if moved is not None and moved.is_file() else None


def _drizzle_kept_when(
    absolute: Path,
    moved: Path,
    before: str,
    read: dict[str, SourceFile],
    cwd: Path,
    repo: Path,
    commit: str,
) -> tuple[int | None, bool]:
    """(the ``when`` the renamed drizzle migration's journal entry keeps, or
    None; whether its SQL is the same, comments and layout aside) for
    ``absolute`` renamed to ``moved`` in the same folder with its entry's
    ``tag``. drizzle's migrator records a migration by that ``when`` alone
    (``created_at`` of ``__drizzle_migrations``; the hash it stores is never
    compared, nor the tag): kept with the same SQL, it is the same applied
    migration to every database; with other SQL, the edit never runs where
    it ran. ``before``: the file's text at ``commit``."""
    source = read.get(os.path.normpath(moved))
    if moved.parent != absolute.parent or moved.suffix != ".sql" or source is None:
        return None, False
    whens = _drizzle_whens(absolute.parent, repo, commit) if source.drizzle else None
    if whens is None:
        return None, False
    then, now = whens
    when = then.get(absolute.stem)
    if when is None or absolute.stem in now or now.get(moved.stem) != when:
        return None, False
    try:
        text = decode_bytes(read_bytes(source, cwd), source.path)
    except SourceError:
        return when, False
    after = text.lstrip("\ufeff").replace("\r\n", "\n")
    return when, _sql_difference(before, after, source.dialect) is None


def _is_down(path: Path) -> bool:
    """A reversible migration's ``.down.sql`` (sqlx's run skips those; its
    ``from_filename`` is case-sensitive: ``1_x.DOWN.sql`` runs forward)."""
    return path.name.endswith(".down.sql")


def _kept_note(layout: Layout, absolute: Path, moved: Path | None = None) -> str:
    """Why a rename keeping the version is no rewrite of ``layout``'s history
    (``moved``: the new path, when its folder moved as a whole)."""
    note = _kept_reason(layout, absolute)
    if moved is None or _same_folder(layout, absolute, moved):
        return note
    return (
        f"{note}; its folder moved as a whole, and {layout.value} records no path: point what "
        "runs the folder (sqlx::migrate!, the tool's -path/--migrations-dir setting) at the "
        "new folder"
    )


def _same_folder(layout: Layout, absolute: Path, moved: Path) -> bool:
    if layout is Layout.DIESEL:
        return absolute.parent.parent == moved.parent.parent
    return absolute.parent == moved.parent


def _kept_reason(layout: Layout, absolute: Path) -> str:
    version = _version_shown(layout, absolute)
    if authelia_name(absolute.name):
        return (
            f"keeping its version {version}: Authelia's migrations table records only "
            "versions (version_before, version_after), so every database that ran it "
            "counts the new name as applied and nothing runs again"
        )
    if layout is Layout.SQLX:
        return (
            f"keeping its version {version} and its text: sqlx migrate run compares only "
            "those (the version and the checksum in _sqlx_migrations; the description "
            "there is not compared), so every database that ran it counts the new name "
            "as applied and nothing runs again"
        )
    return (
        f"keeping its version {version}: that is all {layout.value} records of an "
        f"applied migration ({_VERSION_ONLY[layout]}), so every database that ran it "
        "counts the new name as applied and nothing runs again"
    )


def _diesel_version(folder: str) -> str:
    """Diesel's version of a migration folder's name: its part before the
    first ``_``, without ``-`` (migrations_internals ``version_from_string``)."""
    return folder.split("_", 1)[0].replace("-", "")


def _sqlx_version(name: str) -> int | None:
    """sqlx's version of a file name: the integer before the first ``_``
    (sqlx-core ``resolve_blocking``: ``parts[0].parse::<i64>()``)."""
    head = name.split("_", 1)[0]
    return int(head) if head.isdigit() else None


def _version_shown(layout: Layout, path: Path) -> str:
    """The version as ``path`` writes it (Diesel: its folder's timestamp)."""
    if layout is Layout.DIESEL:
        return path.parent.name.split("_", 1)[0]
    return shown_version(path.name)


def _folder_moved(old: Path, new: Path) -> bool:
    """Whether the migrations folder ``old`` moved to ``new`` as a whole: ``old``
    holds no file any more (git removes a folder it emptied). The tools of
    :data:`_VERSION_ONLY` record no path (sqlx: version and checksum; golang-
    migrate, goose, dbmate, pop, Diesel: the version), so a database that
    ran a migration counts it applied wherever the folder now is; what runs
    the folder (``sqlx::migrate!("./x")``, ``-path``, ``--migrations-dir``) is
    pointed at ``new`` in the same change or the build/run fails loudly. One
    file moved out of a folder that still holds others is gone from the
    folder the tool runs: still an error."""
    if new == old:
        return True
    try:
        return not any(True for _ in old.iterdir())
    except OSError:
        return True  # no folder: moved away whole


def _same_place_and_version(layout: Layout, absolute: Path, moved: Path) -> bool:
    """Whether ``moved`` is where ``layout``'s tool still finds ``absolute``'s
    version: the same folder (the tool reads one; Diesel: a folder per
    migration in the same migrations folder) and the version the tool reads."""
    if layout is Layout.DIESEL:
        old, new = absolute.parent, moved.parent
        return (
            absolute.name == moved.name == "up.sql"
            and (old.parent == new.parent or _folder_moved(old.parent, new.parent))
            and _diesel_version(old.name) != ""
            and _diesel_version(old.name) == _diesel_version(new.name)
        )
    if moved.parent != absolute.parent and not _folder_moved(absolute.parent, moved.parent):
        return False
    if layout in (Layout.SQLX, Layout.GOOSE):
        # both parse the digits before the first ``_`` as a number (goose's
        # ``NumericComponent``): ``030_x.sql`` is version 30
        read = goose_version if layout is Layout.GOOSE else _sqlx_version
        version = read(absolute.name)
        return version is not None and version == read(moved.name)
    before, after = GOLANG_MIGRATE_NAME.match(absolute.name), GOLANG_MIGRATE_NAME.match(moved.name)
    if layout is Layout.GOLANG_MIGRATE and before is not None and after is not None:
        # golang-migrate's ``source.Parse``: the version as a number and the
        # direction; the title and extension are not recorded (Authelia's
        # ``V0001.x.up.sql`` names are compared as written, below)
        return int(before.group(1)) == int(after.group(1)) and before.group(3) == after.group(3)
    return same_version(absolute.name, moved.name)


def _keeps_version(
    layout: Layout,
    absolute: Path,
    moved: Path,
    written: bytes,
    read: dict[str, SourceFile],
    cwd: Path,
    repo: Path,
) -> bool:
    """Whether the migration ``absolute`` renamed to ``moved`` is still, to a
    tool that records only versions (:data:`_VERSION_ONLY`), the one applied:
    where the tool still finds it (:func:`_same_place_and_version`), still
    that tool's file, read by this run, and the same SQL up to its rollback
    section (comments and layout aside; for sqlx, whose checksum is of the
    file's text, the same bytes). ``written``: the file's bytes at the base."""
    if layout not in _VERSION_ONLY or not _named_tool_runs(layout, absolute):
        return False
    source = read.get(os.path.normpath(moved))
    if source is None or not _same_place_and_version(layout, absolute, moved):
        return False
    try:
        data = read_bytes(source, cwd)
        now = decode_bytes(data, source.path).lstrip("\ufeff").replace("\r\n", "\n")
    except SourceError:
        return False
    rel = relative_to_repo(repo, moved)
    if rel is None or _layout(moved, rel, now) is not layout:
        return False
    if _checksums_text(layout, moved):
        return _checksum_matches(layout, written, data)  # (sqlx.toml ignored-chars not read)
    before = written.decode("utf-8-sig", "replace").replace("\r\n", "\n")
    return _sql_difference(_forward(before, source), _forward(now, source), source.dialect) is None


def _forward(text: str, source: SourceFile) -> str:
    """What of migration ``text`` a forward run applies: liamstask's goose's
    reading in a tree that runs it (a ``-- +goose down`` section runs there),
    else every Down section blanked (a sql-migrate file's as sql-migrate takes
    its markers: :func:`~dbnamelint.migration_text.drop_rollback_sections`)."""
    if source.goose == LIAMSTASK:
        return read_as_liamstask(text, source.path)[0]
    return drop_rollback_sections(text)


#: A line of Ruby that is a comment (or nothing): not part of what a migration does.
_RUBY_COMMENT = lazy_compile(r"^\s*(?:#.*)?$")


def _ruby_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, stripped line)`` of ``text`` without blank and comment lines."""
    return [
        (number, line.strip())
        for number, line in enumerate(text.replace("\r\n", "\n").splitlines(), start=1)
        if not _RUBY_COMMENT.match(line)
    ]


def _edited_rails_migrations(
    files: Sequence[SourceFile],
    cwd: Path,
    repo: Path,
    changed: set[str],
    commit: str,
    ref: str,
) -> list[Diagnostic]:
    """``DBN025`` for each ``db/migrate/*.rb`` of a Rails app beside a
    ``db/structure.sql`` (or ``db/schema.rb``) the run read, committed at
    ``commit`` and edited since (comment and blank lines aside); also of the
    folders the app adds to ``db/migrate`` (``db/post_migrate``) and those a
    read ``db/<name>_schema.rb``'s database has (``migrations_paths:``).

    Deleting an applied one is no error: Rails keeps its version in
    ``schema_migrations`` (``db:migrate:status`` lists it as ``NO FILE``) and
    the dump stays the authority a new database loads (Rails guides, "Active
    Record Migrations", "Old Migrations": the dump "makes it possible to
    delete or prune old migration files").

    dbnamelint reads Rails' dump, not its Ruby migrations, yet ``db:migrate``
    runs each migration once and records only its version in
    ``schema_migrations`` (Rails guides, "Active Record Migrations":
    changing an applied migration has no effect where it ran). The staged
    copy is compared in a pre-commit run, else the working tree's.
    """
    from dbnamelint.services.rails_unrecorded import rails_migration_folders

    folders: dict[str, str] = {}  # a migrations folder -> the dump's name
    for source in files:
        absolute = Path(os.path.normpath(cwd / source.path))
        for path in rails_migration_folders(absolute):
            rel = relative_to_repo(repo, absolute.parent.parent / path)
            if rel is not None:
                folders.setdefault(rel + "/", absolute.name)
    if not folders:
        return []
    staged = _staged_names(repo, commit)
    out: list[Diagnostic] = []
    # a migration renamed and edited (git mv, then an edit): its old path's
    # committed text against its new path's (trial confirm37 s28b: passed)
    renamed = _renamed_rails(repo, commit, tuple(folders))
    for rel in sorted({*changed, *renamed}):
        dump = next((name for f, name in folders.items() if rel.startswith(f)), None)
        if not rel.endswith(".rb") or dump is None:
            continue
        before = show_file(repo, commit, renamed.get(rel, rel))
        # the run cache keys `--base` by which files changed, not by their
        # bytes: another edit of the migration must judge it again
        readlog.note_side(str(repo / rel))
        now = _staged_text(repo, rel) if rel in staged else _working_text(repo / rel)
        if before is None or now is None:
            continue
        old, new = _ruby_lines(before), _ruby_lines(now)
        if [line for _, line in old] == [line for _, line in new]:
            continue
        line = next(
            (n for (_, a), (n, b) in zip(old, new, strict=False) if a != b),
            new[len(old)][0] if len(new) > len(old) else (new[-1][0] if new else 1),
        )
        shown = os.path.relpath(repo / rel, cwd)
        moved = (
            f" (renamed from {Path(os.path.relpath(repo / renamed[rel], cwd)).as_posix()})"
            if rel in renamed
            else ""
        )
        out.append(
            Diagnostic(
                Location(Path(shown).as_posix(), line, 1),
                Severity.ERROR,
                f"this Rails migration{moved} was committed at {ref} and this change edits it: "
                "db:migrate never runs an applied migration again (schema_migrations keeps "
                "its version), so the edit changes no database that ran it while "
                f"{dump} says otherwise: restore the file and write the change as a "
                "new migration (`dbnamelint migrate` writes the renames' SQL)",
                EDITED_MIGRATION_CODE,
            )
        )
    return out


def _renamed_rails(repo: Path, commit: str, folders: Sequence[str]) -> dict[str, str]:
    """The Rails migrations of ``folders`` (repository folders, ``/``-ended)
    the change renames: each added ``<version>_x.rb`` there -> the deleted
    one of the same version. Rails knows a migration by its version alone
    (``schema_migrations``), so that is the applied one under a new name;
    one of another version is a new migration (and the old one deleted)."""
    from dbnamelint.gitutil import diff_statuses

    added: set[str] = set()
    gone: dict[str, str] = {}  # version -> the deleted path
    for cached in (False, True):
        fields = diff_statuses(repo, commit, cached=cached).decode("utf-8", "surrogateescape")
        parts = fields.split("\0")
        for status, rel in zip(parts[0:-1:2], parts[1::2], strict=False):
            found = RAILS_MIGRATION_NAME.match(rel.rpartition("/")[2])
            if found is None or not any(rel.startswith(f) for f in folders):
                continue
            if status == "A":
                added.add(rel)
            elif status == "D":
                gone.setdefault(found.group("version"), rel)
    out: dict[str, str] = {}
    for rel in sorted(added - set(gone.values())):
        found = RAILS_MIGRATION_NAME.match(rel.rpartition("/")[2])
        if found is not None and found.group("version") in gone:
            out[rel] = gone[found.group("version")]
    return out


def _staged_names(repo: Path, commit: str) -> set[str]:
    data = diff_names(repo, commit, cached=True)
    return set(filter(None, data.decode("utf-8", "surrogateescape").split("\0")))


def _staged_text(repo: Path, rel: str) -> str | None:
    """The index's copy of ``rel`` (the commit being made, in a hook)."""
    try:
        return run_git(repo, "show", f":{rel}", index=True).decode("utf-8-sig", "replace")
    except GitError:
        return None


def _working_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
