"""Forward, rollback and cleanup scripts of a :class:`~.plan.Plan`, per dialect.

Every identifier goes through the dialect profile's ``quote`` (so a name
with a quote, a space, mixed case or a reserved word is one identifier, and
nothing in a name can end the statement); string literals (tracking-table
rows) double their single quotes (and, on MySQL, backslashes).

Statements per dialect, from the manuals: PostgreSQL ``ALTER TABLE ...
RENAME [COLUMN|CONSTRAINT]``, ``ALTER INDEX|SEQUENCE ... RENAME``, ``ALTER
TRIGGER|POLICY ... ON t RENAME`` (a PRIMARY KEY/UNIQUE/EXCLUDE constraint's
rename renames its index too); MySQL ``RENAME TABLE a TO b, c TO d``,
``ALTER TABLE t RENAME COLUMN|INDEX`` (8.0 / MariaDB 10.5), foreign keys and
checks dropped and re-added from the server's catalog
(:mod:`.mysql_recreate`), each script opening with a guard that stops it
before any change when a name it renames is missing (DDL commits as it
runs there); SQLite ``ALTER
TABLE ... RENAME [COLUMN]`` (indexes dropped and re-created, INSTEAD OF
triggers for writable views).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

from msgspec import Struct

from dbnamelint.core.identity import split_name
from dbnamelint.core.view_marker import MARKER
from dbnamelint.dialects import Family, profile_for
from dbnamelint.migration_text import schema_prefix
from dbnamelint.model import ConstraintType, ObjectKind
from dbnamelint.placeholder_runs import is_plain, run_texts, spelled
from dbnamelint.services.migrate.mysql_recreate import (
    GROUP_CONCAT_LIMIT,
    guard_statements,
    mysql_literal,
    recreate_statements,
)
from dbnamelint.services.migrate.plan import Plan, PlanError, Step, View, in_session_database
from dbnamelint.services.migrate.sqlite_index import as_written, column_words, create_index
from dbnamelint.services.migrate.sqlite_rebuild import check_statements, rebuild_statements
from dbnamelint.services.migrate.sqlite_trigger import renamed_text


class ScriptOptions(Struct, frozen=True):
    """What goes into the scripts besides the renames.

    ``tracking_table``: a table (seed 004's ``sys_table_migrations``, with
    ``old_name``, ``new_name``, ``migrated_at``) that gets one row per renamed
    table, ``[schema.]table`` as SQL writes it (:func:`tracking_parts`);
    ``lint_comments``: comments that tell squawk
    (``squawk-ignore-file renaming-table``) and Atlas (``atlas:nolint``) the
    renames are intended; ``transaction``: wrap in BEGIN/COMMIT where DDL is
    transactional; ``forced_transaction``: ``--transaction``/``--no-transaction``,
    which the layout's own choice (``transaction``) then follows; ``plain``:
    plain statements only, for a runner that splits each file itself and
    takes only statements opening with CREATE, ALTER, INSERT, DROP or DO
    (``temporal-sql-tool``, :mod:`dbnamelint.temporal_layout`): no MySQL
    guard (SET/PREPARE, ``IF(``), no PostgreSQL ``DO`` block copying
    privileges or ``COMMENT ON VIEW``, MySQL tables renamed by ``ALTER TABLE``.
    """

    title: str = "rename migration"
    tracking_table: str | None = None
    lint_comments: bool = False
    transaction: bool = True
    forced_transaction: bool | None = None
    plain: bool = False
    #: ``--name`` as given (None: the default title), for a layout whose
    #: file it names as it is: an upgrade script's version (``1.6.0``).
    name: str | None = None
    #: Comment lines for the forward script's header: the routine bodies,
    #: views and re-run scripts still naming an old name
    #: (:class:`~dbnamelint.services.migrate.bodies.Mention`), which the
    #: script leaves broken; the plan says them on standard error too.
    mentions: tuple[str, ...] = ()


def tracking_parts(text: str, dialect: str | None) -> tuple[str | None, str]:
    """``--tracking-table [schema.]table`` as (schema or None, table), each part
    as the catalog of ``dialect`` stores it: a quoted part (``"Audit"``,
    `` `Audit` ``, ``[Audit]``; a doubled closing quote stands for itself)
    exactly, an unquoted one folded as the dialect folds unquoted names.

    Raises :class:`~.plan.PlanError` when ``text`` is not one or two
    non-empty parts.
    """
    parts = split_name(text.strip())
    if len(parts) > 2 or any(not part for part, _ in parts):
        raise PlanError(f"--tracking-table {text!r}: expected [schema.]table")
    profile = profile_for(dialect)
    names = [profile.fold(part, quoted) for part, quoted in parts]
    return (names[0] if len(names) == 2 else None), names[-1]


class _Sql:
    def __init__(self, plan: Plan, tracking: str | None = None, plain: bool = False) -> None:
        self.plan = in_session_database(plan)
        self.plain = plain
        self.profile = profile_for(plan.dialect)
        self.family = self.profile.family
        #: The tracking table (``ScriptOptions.tracking_table``) as (schema,
        #: table): the guard checks it is there.
        self.tracking = tracking_parts(tracking, plan.dialect) if tracking else None
        self.written = dict(plan.written)
        self.runs = run_texts(plan.written)

    def tracking_name(self) -> str:
        """The tracking table, each part quoted (its schema only when written)."""
        assert self.tracking is not None
        schema, name = self.tracking
        return f"{self.q(schema)}.{self.q(name)}" if schema else self.q(name)

    def q(self, name: str) -> str:
        """``name`` quoted; a placeholder's name as the files write it, for
        the tool to fill in (:attr:`Plan.written`), and a name holding a
        placeholder's run with the placeholder in its place (unquoted when
        the rest is a plain lower-case word, as the files write the table)."""
        written = self.written.get(name)
        if written is not None:
            return written
        # ___________sharing_pkey: the key of {{.prefix}}sharing, spelled so
        made = spelled(name, self.runs)
        if made is None:
            return self.profile.quote(name)
        return made if is_plain(name) else self.profile.quote(made)

    def qualified(self, schema: str | None, name: str, text: str | None = None) -> str:
        """``name`` quoted, qualified by ``schema`` quoted, or else by ``text``
        as the files write it: a template placeholder
        (``{{ index .Options "Namespace" }}``) the migration tool fills in
        when it runs the generated file, as it does the files it came from;
        with neither, by the plan's ``default_schema`` when it has one. The
        plan's ``session_database`` is left out (:func:`.plan.session_database_for`)."""
        if schema is not None and schema == self.plan.session_database:
            schema = None
        if not schema and not text:
            schema = self.plan.default_schema
        if schema:
            return f"{self.q(schema)}.{self.q(name)}"
        return f"{schema_prefix(text)}{self.q(name)}" if text else self.q(name)

    def of(self, where: Step | View, name: str) -> str:
        """``name`` in the schema of a step or view (:meth:`qualified`)."""
        return self.qualified(where.schema, name, where.schema_text)

    def literal(self, text: str) -> str:
        if self.family is Family.MYSQL:  # a backslash escapes there
            return mysql_literal(text)
        return "'" + text.replace("'", "''") + "'"

    # -- one rename, either direction ---------------------------------

    def rename(self, step: Step, old: str, new: str, table: str | None) -> list[str]:
        s, t = step.schema, step.schema_text
        kind = step.kind
        if kind is ObjectKind.TABLE:
            if self.family is Family.MYSQL and self.plain:
                # RENAME TABLE is not a statement temporal-sql-tool takes
                if step.via:
                    hop = self.of(step, step.via)
                    return [
                        f"ALTER TABLE {self.of(step, old)} RENAME TO {hop};",
                        f"ALTER TABLE {hop} RENAME TO {self.of(step, new)};",
                    ]
                return [f"ALTER TABLE {self.of(step, old)} RENAME TO {self.of(step, new)};"]
            if self.family is Family.MYSQL:
                return [f"RENAME TABLE {self.table_pairs(step, old, new)};"]
            if step.via:  # case-only: SQLite compares table names without case
                return [
                    f"ALTER TABLE {self.qualified(s, old, t)} RENAME TO {self.q(step.via)};",
                    f"ALTER TABLE {self.qualified(s, step.via, t)} RENAME TO {self.q(new)};",
                ]
            return [f"ALTER TABLE {self.qualified(s, old, t)} RENAME TO {self.q(new)};"]
        owner = self.qualified(s, table or "", t)
        if kind is ObjectKind.COLUMN and step.of_type:  # PostgreSQL manual, ALTER TYPE
            return [f"ALTER TYPE {owner} RENAME ATTRIBUTE {self.q(old)} TO {self.q(new)};"]
        if kind is ObjectKind.COLUMN and step.of_view:  # PostgreSQL 13+ (manual, ALTER VIEW)
            return [f"ALTER VIEW {owner} RENAME COLUMN {self.q(old)} TO {self.q(new)};"]
        if kind is ObjectKind.COLUMN:
            return [f"ALTER TABLE {owner} RENAME COLUMN {self.q(old)} TO {self.q(new)};"]
        if kind is ObjectKind.SEQUENCE:
            return [f"ALTER SEQUENCE {self.qualified(s, old, t)} RENAME TO {self.q(new)};"]
        if kind in (ObjectKind.TYPE, ObjectKind.DOMAIN):
            what = kind.value.upper()
            return [f"ALTER {what} {self.qualified(s, old, t)} RENAME TO {self.q(new)};"]
        if kind is ObjectKind.TRIGGER and step.trigger_after is not None:
            # SQLite: re-created from the text as SQLite rewrote it for the
            # renames (:mod:`.sqlite_trigger`); runs while the new names hold.
            text = renamed_text(step.trigger_after, self.qualified(s, new, t))
            return [f"DROP TRIGGER {self.qualified(s, old, t)};", text or ""]
        if kind is ObjectKind.TRIGGER:
            return [f"ALTER TRIGGER {self.q(old)} ON {owner} RENAME TO {self.q(new)};"]
        if kind is ObjectKind.POLICY:
            return [f"ALTER POLICY {self.q(old)} ON {owner} RENAME TO {self.q(new)};"]
        if self.family is Family.MYSQL and step.recreate:
            via = self.fk_case_via(step, old, new)
            hops = [(old, via), (via, new)] if via else [(old, new)]
            return [
                line
                for a, b in hops
                for line in recreate_statements(
                    step.constraint_type, s, table or "", a, b, self.profile.quote
                )
            ]
        if self.family is Family.MYSQL:
            return [f"ALTER TABLE {owner} RENAME INDEX {self.q(old)} TO {self.q(new)};"]
        if step.recreate and kind is ObjectKind.CONSTRAINT:
            return []  # SQLite: renamed by its table's rebuild (Plan.rebuilds)
        if step.recreate and step.index_text is not None:  # SQLite indexes
            back = old != step.old
            return [
                f"DROP INDEX {self.qualified(s, old, t)};",
                self.sqlite_index(step, back=back, renamed_back=False),
            ]
        if step.recreate:  # SQLite indexes without their definition (plain columns)
            unique = "UNIQUE " if step.unique else ""
            cols = ", ".join(self.q(c) for c in step.columns)
            return [
                f"DROP INDEX {self.qualified(s, old, t)};",
                f"CREATE {unique}INDEX {self.qualified(s, new, t)} "
                f"ON {self.q(table or '')} ({cols});",
            ]
        if kind is ObjectKind.CONSTRAINT and step.domain:
            # PostgreSQL manual, ALTER DOMAIN: RENAME CONSTRAINT a TO b
            return [f"ALTER DOMAIN {owner} RENAME CONSTRAINT {self.q(old)} TO {self.q(new)};"]
        if kind is ObjectKind.CONSTRAINT:
            return [f"ALTER TABLE {owner} RENAME CONSTRAINT {self.q(old)} TO {self.q(new)};"]
        return [f"ALTER INDEX {self.qualified(s, old, t)} RENAME TO {self.q(new)};"]

    def fk_case_via(self, step: Step, old: str, new: str) -> str | None:
        """The temporary name a case-only MySQL/MariaDB foreign-key rename goes
        through, or None.

        InnoDB compares foreign-key names without case, so ``DROP FOREIGN KEY
        FK_A, ADD CONSTRAINT fk_a ...`` in one ALTER fails with errno 121
        (duplicate key; MariaDB 10.11, trial s6-t3 #5), after the renames
        before it committed. Two ALTERs through ``<new>__dbnl_tmp`` (cut to
        the dialect's limit) work, and the key exists all along. Checks are
        not affected (a case-only CHECK re-add works in one ALTER).
        """
        if (
            step.constraint_type is not ConstraintType.FOREIGN_KEY
            or old == new
            or old.casefold() != new.casefold()
        ):
            return None
        suffix = "__dbnl_tmp"
        base = new
        limit = self.profile.max_identifier
        while limit and self.profile.identifier_size(base + suffix) > limit:
            base = base[:-1]
        return base + suffix

    def sqlite_index(self, step: Step, *, back: bool, renamed_back: bool) -> str:
        """The CREATE INDEX re-creating a SQLite index from its own definition.

        Forward (``back`` False): under the new name, on the table and
        columns as named after the renames. Back: under the old name (as
        written when it is spelt so), on the names the table and columns
        have when it runs: ``renamed_back``, after the rollback renamed them
        back (their names before the migration, kept as written where the
        definition spells them so: the rollback restores ``sqlite_master``
        as it was); else still the new ones (a tool running one step's
        ``down`` at a time, before the table's).
        """
        text = step.index_text
        assert text is not None
        s, t = step.schema, step.schema_text
        written_name = as_written(text, "index")
        if not back:
            name: str | None = self.qualified(s, step.new, t)
        elif written_name == step.old and not s and not t:
            name = None
        else:
            name = self.qualified(s, step.old, t)
        table = (step.table_before or step.table) if renamed_back else step.table
        written_table = as_written(text, "table") or ""
        keep = written_table.casefold() == (table or "").casefold() and (
            renamed_back or step.table_before == step.table
        )
        words = column_words(step.index_columns, after=not renamed_back)
        return create_index(
            text, step.unique, name, None if keep else table, words, self.profile.quote
        )

    def table_pairs(self, step: Step, old: str, new: str) -> str:
        """MySQL ``RENAME TABLE`` pairs of one table: ``old TO new``, or through
        the step's temporary name for a case-only rename (one statement, so
        atomic: ``a TO tmp, tmp TO A``)."""
        if step.via:
            via = self.of(step, step.via)
            return f"{self.of(step, old)} TO {via}, {via} TO {self.of(step, new)}"
        return f"{self.of(step, old)} TO {self.of(step, new)}"

    def guard(self, forward: bool) -> list[str]:
        """MySQL: stop before any change when a name a step renames is missing.

        Forward, the names are looked up as the database holds them before
        the script (tables by their old names); the rollback looks up the
        new names. Tables (a view of the name does not count, so a script
        run twice stops before any change and says it ran already), indexes
        and unique keys (RENAME INDEX), re-created foreign keys and checks,
        and columns.
        """
        if self.plain:
            return []  # plain statements: the runner stops at the first failing one
        if self.family is not Family.MYSQL:
            return self.tracking_guard()
        old_table = {
            (s.schema, s.new): s.old for s in self.plan.steps if s.kind is ObjectKind.TABLE
        }
        # The renamed tables, not views: once the forward script ran, the
        # old name is the compatibility view (information_schema lists views
        # too), and a second run must stop here, saying so (trial s9-t1 #12).
        wanted: list[tuple[str, str | None, str, str]] = [
            ("renamed", s.schema, *((s.old, s.new) if forward else (s.new, s.old)))
            for s in self.plan.steps
            if s.kind is ObjectKind.TABLE
        ]
        for s in self.plan.steps:
            if s.kind is ObjectKind.TABLE or s.table is None:
                continue
            if s.kind is ObjectKind.COLUMN:
                what = "column"
            elif s.recreate:
                what = "constraint"
            elif s.kind in (ObjectKind.INDEX, ObjectKind.CONSTRAINT):
                what = "index"
            else:
                continue
            table = old_table.get((s.schema, s.table), s.table) if forward else s.table
            name = s.old if forward else s.new
            if forward and table != s.table:
                name = self._before_table_rename(name, s.table, table)
            wanted.append((what, s.schema, table, name))
        if self.tracking:
            schema, name = self.tracking
            wanted.append(("table", schema, name, name))
        if not wanted:
            return []
        return [GROUP_CONCAT_LIMIT, *guard_statements(wanted, forward=forward)]

    def tracking_guard(self) -> list[str]:
        """PostgreSQL, SQLite: a first statement that fails, before any change,
        when the tracking table (or one of its three columns) is missing
        (MySQL looks it up in :meth:`guard`'s one statement instead)."""
        if not self.tracking:
            return []
        cols = ", ".join(self.q(c) for c in ("old_name", "new_name", "migrated_at"))
        return [f"SELECT {cols} FROM {self.tracking_name()} WHERE 1 = 0;"]

    def _before_table_rename(self, name: str, new_table: str, old_table: str) -> str:
        """``name`` as it was before RENAME TABLE renamed it (MySQL renames
        ``<table>_ibfk_<n>`` with its table: ``remember_mes_ibfk_1`` was
        ``remember_me_ibfk_1``); other names unchanged."""
        for pattern in self.profile.rename_rewrites:
            after = pattern.format(table=new_table)
            if name.casefold().startswith(after.casefold()):
                return pattern.format(table=old_table) + name[len(after) :]
        return name

    def rebuilds(self, forward: bool) -> list[str]:
        """SQLite tables rebuilt to rename constraints (:mod:`.sqlite_rebuild`),
        between the guard that stops the script while ``foreign_keys`` is ON and
        ``PRAGMA foreign_key_check``; none: no statement."""
        rebuilds = self.plan.rebuilds if forward else tuple(reversed(self.plan.rebuilds))
        if not rebuilds:
            return []
        out = check_statements(self.q, end=False, rebuilds=rebuilds, forward=forward)
        for rebuild in rebuilds:
            out += rebuild_statements(rebuild, forward, self.q)
        return out + check_statements(self.q, end=True)

    def forward_renames(self) -> list[str]:
        steps = self.plan.steps
        # Rebuilds first: they edit the definitions as the database holds them
        # before the migration (the rollback rebuilds after undoing the renames).
        out: list[str] = self.guard(forward=True) + self.rebuilds(forward=True)
        tables = [s for s in steps if s.kind is ObjectKind.TABLE]
        if self.family is Family.MYSQL and tables and not self.plain:
            pairs = ", ".join(self.table_pairs(s, s.old, s.new) for s in tables)
            out.append(f"RENAME TABLE {pairs};")
        else:
            for s in tables:
                out += self.rename(s, s.old, s.new, None)
        if not out or out[0] != GROUP_CONCAT_LIMIT:
            out += self.limits()
        for s in steps:
            if s.kind is not ObjectKind.TABLE:
                out += self.rename(s, s.old, s.new, s.table)
        return out

    def limits(self) -> list[str]:
        """Session settings the renames need (MySQL's GROUP_CONCAT limit for foreign keys)."""
        if self.family is Family.MYSQL and any(
            s.recreate and s.constraint_type is ConstraintType.FOREIGN_KEY for s in self.plan.steps
        ):
            return [GROUP_CONCAT_LIMIT]
        return []

    def rollback_renames(self, guarded: bool = False) -> list[str]:
        out: list[str] = [] if guarded else self.limits()
        recreated: list[str] = []
        for s in reversed(self.plan.steps):
            if s.kind is ObjectKind.TABLE:
                continue
            if s.trigger_before is not None:
                # SQLite: dropped here, re-created from its text as written
                # once its tables and columns have their old names again.
                out.append(f"DROP TRIGGER {self.of(s, s.new)};")
                recreated.append(s.trigger_before.rstrip().rstrip(";") + ";")
                continue
            if s.recreate and s.index_text is not None:
                # SQLite: dropped here, re-created once its table and columns
                # have their old names again, from the definition as written.
                out.append(f"DROP INDEX {self.of(s, s.new)};")
                recreated.append(self.sqlite_index(s, back=True, renamed_back=True))
                continue
            out += self.rename(s, s.new, s.old, s.table)
        tables = [s for s in reversed(self.plan.steps) if s.kind is ObjectKind.TABLE]
        if self.family is Family.MYSQL and tables and not self.plain:
            pairs = ", ".join(self.table_pairs(s, s.new, s.old) for s in tables)
            out.append(f"RENAME TABLE {pairs};")
        else:
            for s in tables:
                out += self.rename(s, s.new, s.old, None)
        # The indexes before the rebuilds: a rebuild drops its table (and so
        # them) and makes its indexes again from their text as it read it.
        return out + recreated + self.rebuilds(forward=False)

    # -- views -------------------------------------------------------------

    def create_view(self, view: View) -> list[str]:
        name = self.of(view, view.old)
        listed = "*"
        if view.renames_columns:  # renamed columns shown under their old names
            listed = ", ".join(
                self.q(c) if c == s else f"{self.q(c)} AS {self.q(s)}"
                for c, s in zip(view.columns, view.shown, strict=True)
            )
        # The marker a dump keeps (dbnamelint.dumped_views): PostgreSQL's pg_dump
        # writes COMMENT ON VIEW, SQLite keeps the view's text verbatim; MySQL neither.
        # (a placeholder's run as its placeholder: the rendered comment names the table)
        marker = f"{MARKER}{self.plan.shown(view.new)}"
        inline = ""
        if self.family is Family.SQLITE:
            inline = "/* " + marker.replace("*/", "* /").replace("\n", " ") + " */ "
        source = self.of(view, view.new)
        out = [f"CREATE VIEW {name} AS {inline}SELECT {listed} FROM {source};"]
        if self.family is Family.POSTGRES and not self.plain:
            out.append(f"COMMENT ON VIEW {name} IS {self.literal(marker)};")
        if self.family is Family.SQLITE and view.columns:
            out += self._sqlite_view_triggers(view)
        return out

    def view_security(self, views: Sequence[View]) -> list[str]:
        """What gives the views their tables' rights (PostgreSQL: :func:`postgres_view_security`).

        MySQL/MariaDB need nothing: privileges are kept by name, RENAME
        TABLE leaves a table's grants on its old name, which the view
        takes, and the view runs with its definer's rights (the default),
        so those grants read through it, as they read the table; SQL
        SECURITY INVOKER would also ask for grants on the new name, which
        nobody has. SQLite has no privileges.
        """
        if self.family is not Family.POSTGRES or not views or self.plain:
            return []
        pairs = [(self.of(v, v.old), self.of(v, v.new)) for v in views]
        shown = [
            {c: n for c, n in zip(v.columns, v.shown, strict=True) if c != n}
            if v.renames_columns
            else {}
            for v in views
        ]
        return [postgres_view_security(pairs, self.literal, shown)]

    def _sqlite_view_triggers(self, view: View) -> list[str]:
        """INSTEAD OF triggers that make a SQLite view writable (views are read-only)."""
        table = self.q(view.new)
        # (the table's column, the view's name for it): NEW/OLD carry the view's
        shown = view.shown if view.renames_columns else view.columns
        cols = [(self.q(c), self.q(v)) for c, v in zip(view.columns, shown, strict=True)]
        # A generated column takes no value (SQLite: "cannot INSERT into
        # generated column"): left out of the INSERT and SET lists, matched.
        generated = set(view.generated)
        written = [
            (c, v, d)
            for (c, v), name, d in zip(
                cols, view.columns, view.defaults or (None,) * len(cols), strict=True
            )
            if name not in generated
        ]
        names = ", ".join(c for c, _, _ in written)
        # A view has no defaults: a column the INSERT did not name is NULL in
        # NEW. It gets the table's DEFAULT, as an insert into the table would.
        values = ", ".join(
            f"COALESCE(NEW.{v}, ({d}))" if d is not None and d.upper() != "NULL" else f"NEW.{v}"
            for _, v, d in written
        )
        sets = ", ".join(f"{c} = NEW.{v}" for c, v, _ in written)
        match = " AND ".join(f"{c} IS OLD.{v}" for c, v in cols)
        view_name = self.of(view, view.old)
        out = []
        for op, body in (
            ("INSERT", f"INSERT INTO {table} ({names}) VALUES ({values});"),
            ("UPDATE", f"UPDATE {table} SET {sets} WHERE {match};"),
            ("DELETE", f"DELETE FROM {table} WHERE {match};"),
        ):
            trigger = self.of(view, f"{view.old}_{op.lower()}")
            out.append(f"CREATE TRIGGER {trigger} INSTEAD OF {op} ON {view_name} BEGIN {body} END;")
        return out

    def drop_view(self, view: View) -> list[str]:
        # Dropping a SQLite view drops its INSTEAD OF triggers with it.
        return [f"DROP VIEW {self.of(view, view.old)};"]

    # -- tracking ----------------------------------------------------------

    def track(self, forward: bool) -> list[str]:
        if not self.tracking:
            return []
        table = self.tracking_name()
        out = []
        now = {"sqlite": "CURRENT_TIMESTAMP"}.get(self.family.value, "CURRENT_TIMESTAMP")
        for s in self.plan.tables:
            # a placeholder's run as its placeholder: the rendered row names the tables
            old, new = self.literal(self.plan.shown(s.old)), self.literal(self.plan.shown(s.new))
            if forward:
                out.append(
                    f"INSERT INTO {table} ({self.q('old_name')}, {self.q('new_name')}, "
                    f"{self.q('migrated_at')}) VALUES ({old}, {new}, {now});"
                )
            else:
                out.append(
                    f"DELETE FROM {table} WHERE {self.q('old_name')} = "
                    f"{old} AND {self.q('new_name')} = {new};"
                )
        return out


#: The block that gives PostgreSQL compatibility views their tables' rights
#: (see :func:`postgres_view_security`); ``{invoker}``: one ``ALTER VIEW``
#: line per view; ``{pairs}``: ``(view, table)`` regclass rows; ``{tag}``:
#: the dollar-quote tag.
_PG_VIEW_SECURITY = """DO {tag}
DECLARE
  dbnamelint_view record;
  dbnamelint_grant record;
  dbnamelint_invoker boolean := current_setting('server_version_num')::int >= 150000;
BEGIN
  -- 15+: the views read their tables with the caller's rights and row-level security
  IF dbnamelint_invoker THEN
{invoker}
  END IF;
  FOR dbnamelint_view IN
    SELECT v.view_oid, v.table_oid, v.shown, c.relowner AS view_owner, t.relrowsecurity
    FROM (VALUES
{pairs}
    ) AS v (view_oid, table_oid, shown)
    JOIN pg_catalog.pg_class c ON c.oid = v.view_oid
    JOIN pg_catalog.pg_class t ON t.oid = v.table_oid
  LOOP
    -- privileges a view got by default (ALTER DEFAULT PRIVILEGES) go: its table's apply
    FOR dbnamelint_grant IN
      SELECT a.grantee, a.privilege_type
      FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
      WHERE c.oid = dbnamelint_view.view_oid AND a.grantee <> dbnamelint_view.view_owner
    LOOP
      EXECUTE format('REVOKE %s ON %s FROM %s', dbnamelint_grant.privilege_type,
        dbnamelint_view.view_oid, CASE WHEN dbnamelint_grant.grantee = 0 THEN 'PUBLIC'
        ELSE dbnamelint_grant.grantee::regrole::text END);
    END LOOP;
    -- before 15 a view runs with its owner's rights: granted, it would read every row
    IF NOT dbnamelint_invoker AND dbnamelint_view.relrowsecurity THEN
      RAISE WARNING 'dbnamelint: % is readable by its owner only: before PostgreSQL 15 '
        'a view cannot apply the row-level security of %, so its privileges are not copied',
        dbnamelint_view.view_oid, dbnamelint_view.table_oid;
      CONTINUE;
    END IF;
    -- the table's privileges, table-wide and per column (under the view's name for it), on the view
    FOR dbnamelint_grant IN
      SELECT a.grantee, a.privilege_type, a.is_grantable, NULL::name AS attname
      FROM pg_catalog.pg_class c,
        pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))) a
      WHERE c.oid = dbnamelint_view.table_oid
      UNION ALL
      SELECT a.grantee, a.privilege_type, a.is_grantable, t.attname
      FROM pg_catalog.pg_attribute t, pg_catalog.aclexplode(t.attacl) a
      WHERE t.attrelid = dbnamelint_view.table_oid AND t.attnum > 0 AND NOT t.attisdropped
    LOOP
      CONTINUE WHEN dbnamelint_grant.grantee = dbnamelint_view.view_owner;
      EXECUTE format('GRANT %s%s ON %s TO %s%s', dbnamelint_grant.privilege_type,
        CASE WHEN dbnamelint_grant.attname IS NULL THEN ''
        ELSE format(' (%I)', coalesce(dbnamelint_view.shown ->> dbnamelint_grant.attname,
          dbnamelint_grant.attname)) END,
        dbnamelint_view.view_oid, CASE WHEN dbnamelint_grant.grantee = 0 THEN 'PUBLIC'
        ELSE dbnamelint_grant.grantee::regrole::text END,
        CASE WHEN dbnamelint_grant.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
    -- 15+: SELECT * through a security_invoker view needs SELECT on every column
    CONTINUE WHEN NOT dbnamelint_invoker;
    FOR dbnamelint_grant IN
      SELECT DISTINCT a.grantee
      FROM pg_catalog.pg_attribute t, pg_catalog.aclexplode(t.attacl) a
      WHERE t.attrelid = dbnamelint_view.table_oid AND t.attnum > 0 AND NOT t.attisdropped
        AND a.privilege_type = 'SELECT' AND NOT EXISTS (
          SELECT 1 FROM pg_catalog.pg_class c,
            pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))) b
          WHERE c.oid = dbnamelint_view.table_oid AND b.privilege_type = 'SELECT'
            AND b.grantee IN (a.grantee, 0))
    LOOP
      RAISE WARNING 'dbnamelint: % has SELECT on some columns of % only: reading the '
        'view % (SELECT * with security_invoker) checks every column, so it gets '
        '"permission denied"; grant it SELECT on the table or move its code to the new name',
        CASE WHEN dbnamelint_grant.grantee = 0 THEN 'PUBLIC'
        ELSE dbnamelint_grant.grantee::regrole::text END,
        dbnamelint_view.table_oid, dbnamelint_view.view_oid;
    END LOOP;
  END LOOP;
END
{tag};"""


def postgres_view_security(
    views: Sequence[tuple[str, str]],
    literal: Callable[[str], str],
    shown: Sequence[Mapping[str, str]] = (),
) -> str:
    """One ``DO`` block giving each compatibility view exactly its table's rights.

    ``views``: ``(view, table)`` as quoted (schema-qualified) names;
    ``literal`` quotes a string literal; ``shown``: per view (same order),
    table column -> the name the view shows it under, where they differ (a
    column grant on the table is given on the view's column). PostgreSQL runs a plain view with
    its owner's rights, so a view would bypass its table's row-level
    security and carry whatever default privileges its creator has, not
    the table's grants. The block runs when the migration runs (the
    server's own version and catalog decide, not the files): on 15 and
    later it sets ``security_invoker`` (the caller's rights and RLS apply
    through the view); it revokes what each view got by default and copies
    its table's table-wide and column privileges from ``pg_class.relacl``
    and ``pg_attribute.attacl`` (``aclexplode``), grant options kept; a
    NULL ``relacl`` is the default one (``acldefault``: the owner holds
    every privilege), so the table's owner keeps its access through the
    view when another role applies the migration.
    Before 15, a view over a table with row-level security enabled gets no
    privileges (it stays its owner's) and a WARNING says so. On 15 and
    later a WARNING names each role with SELECT on some columns only: the
    invoker's rights on every column the view reads are checked, so it
    cannot read through the view (trial s6-t3 #1). Dropping a
    view drops all of it. Its EXECUTEs run GRANT and REVOKE only, which
    the reader knows name no object (no DBN013 note).
    """
    tag = "$dbnamelint$"
    n = 0
    written = [*(n for pair in views for n in pair), *(n for m in shown for n in m.values())]
    while any(tag in name for name in written):
        n += 1
        tag = f"$dbnamelint{n}$"
    invoker = "\n".join(
        f"    ALTER VIEW {view} SET (security_invoker = true);" for view, _ in views
    )
    pairs = ",\n".join(
        f"      ({literal(view)}::regclass, {literal(table)}::regclass, "
        f"{literal(json.dumps(dict(names), ensure_ascii=False))}::jsonb)"
        for (view, table), names in zip(
            views, [*shown, *([{}] * (len(views) - len(shown)))], strict=True
        )
    )
    return _PG_VIEW_SECURITY.format(tag=tag, invoker=invoker, pairs=pairs)


def rename_statements(plan: Plan, step: Step) -> tuple[str, str]:
    """(forward, backward) SQL of one rename step, for tools that take them one by one."""
    sql = _Sql(plan)
    limits = sql.limits() if step.recreate else []
    up = " ".join([*limits, *sql.rename(step, step.old, step.new, step.table)])
    down = " ".join([*limits, *sql.rename(step, step.new, step.old, step.table)])
    return up, down


def _wrap(
    plan: Plan,
    body: Sequence[str],
    header: Sequence[str],
    options: ScriptOptions,
    rebuilds: bool = False,
) -> str:
    profile = profile_for(plan.dialect)
    lines = [f"-- {line}" if line else "--" for line in header]
    if plan.session_database is not None and body:
        # As the files do: USE, then unqualified names (a database of another
        # name runs the script without this line, as it runs the files).
        lines += [
            "-- the files' database, as they name it; leave this line out to run the script "
            "in a copy under another name",
            f"USE {profile.quote(plan.session_database)};",
        ]
    if options.lint_comments and profile.family is Family.POSTGRES:
        lines += [
            "-- squawk-ignore-file renaming-table",
            "-- squawk-ignore-file renaming-column",
        ]
    if options.lint_comments:
        lines.append("-- atlas:nolint BC101 BC102")
    transaction = options.transaction and profile.transactional_ddl and bool(body)
    if rebuilds:  # no-ops inside a transaction: outside ours (the guard checks)
        lines.append("PRAGMA foreign_keys=OFF;")
    if transaction:
        lines.append("BEGIN;")
    lines += body
    if transaction:
        lines.append("COMMIT;")
    if rebuilds:
        lines.append("PRAGMA foreign_keys=ON;")
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    """One line of comment text: a line break in a name must not end the comment."""
    return text.replace("\r", " ").replace("\n", " ")


def render_forward(plan: Plan, options: ScriptOptions | None = None) -> str:
    """The forward script: renames, then the compatibility views (and tracking rows)."""
    options = options or ScriptOptions()
    sql = _Sql(plan, options.tracking_table, options.plain)
    body = sql.forward_renames()
    for view in plan.views:
        body += sql.create_view(view)
    body += sql.view_security(plan.views)
    body += sql.track(forward=True)
    header = [
        _comment(f"dbnamelint migrate: {options.title}"),
        "forward: renames, then compatibility views" if plan.views else "forward: renames",
    ]
    header += _server_versions(plan)
    header += [_comment(f"note: {n.message}") for n in plan.notes]
    header += [_comment(line) for line in options.mentions]
    return _wrap(plan, body, header, options, rebuilds=bool(plan.rebuilds))


def _server_versions(plan: Plan) -> list[str]:
    """MySQL/MariaDB: the oldest servers that run the script's statements, as
    a header line (none elsewhere, or without such statements).

    ``ALTER TABLE ... RENAME COLUMN``: MySQL 8.0, MariaDB 10.5.2; ``RENAME
    INDEX``: MySQL 5.7, MariaDB 10.5.2 (the manuals' ALTER TABLE pages).
    """
    if profile_for(plan.dialect).family is not Family.MYSQL:
        return []
    kinds = {s.kind for s in plan.steps if not s.recreate}
    if ObjectKind.COLUMN in kinds:
        return ["needs MySQL 8.0 or MariaDB 10.5.2 or later (ALTER TABLE ... RENAME COLUMN)"]
    if kinds & {ObjectKind.INDEX, ObjectKind.CONSTRAINT}:
        return ["needs MySQL 5.7 or MariaDB 10.5.2 or later (ALTER TABLE ... RENAME INDEX)"]
    return []


def render_rollback(plan: Plan, options: ScriptOptions | None = None) -> str:
    """The exact reverse of :func:`render_forward`: views dropped first, then renames undone."""
    options = options or ScriptOptions()
    sql = _Sql(plan, options.tracking_table, options.plain)
    body: list[str] = sql.guard(forward=False)
    body += sql.track(forward=False)
    for view in reversed(plan.views):
        body += sql.drop_view(view)
    body += sql.rollback_renames(guarded=bool(body) and body[0] == GROUP_CONCAT_LIMIT)
    header = [
        _comment(f"dbnamelint migrate: {options.title}"),
        "rollback: drops the compatibility views, then undoes the renames in reverse order"
        if plan.views
        else "rollback: undoes the renames in reverse order",
        *_server_versions(plan),
    ]
    return _wrap(plan, body, header, options, rebuilds=bool(plan.rebuilds))


def render_cleanup(plan: Plan, options: ScriptOptions | None = None) -> str:
    """Drops the compatibility views; run it once no code reads the old names.

    Without views there is no statement, so no BEGIN/COMMIT either: the
    header says there is nothing to drop.
    """
    options = options or ScriptOptions()
    sql = _Sql(plan, plain=options.plain)
    body = [line for view in reversed(plan.views) for line in sql.drop_view(view)]
    header = [
        _comment(f"dbnamelint migrate: {options.title}"),
        "cleanup: drops the compatibility views once no code reads the old names"
        if body
        else "cleanup: nothing to drop (this migration creates no compatibility views)",
    ]
    return _wrap(plan, body, header, options)


def render_cleanup_rollback(plan: Plan, options: ScriptOptions | None = None) -> str:
    """The reverse of :func:`render_cleanup`: re-creates the compatibility views
    as the rename migration created them, so down then up runs again."""
    options = options or ScriptOptions()
    sql = _Sql(plan, plain=options.plain)
    body = [line for view in plan.views for line in sql.create_view(view)]
    body += sql.view_security(plan.views)
    header = [
        _comment(f"dbnamelint migrate: {options.title}"),
        "rollback: re-creates the compatibility views the cleanup drops",
    ]
    return _wrap(plan, body, header, options)
