"""What a compatibility view does not bridge: statements that need a table.

A compatibility view answers for its table's old name in queries and
writes, but some statements only a table takes. Each claim below is checked
against the database by ``tests/test_migrate_view_limits.py``, running the
statement on a view ``dbnamelint migrate`` wrote (PostgreSQL 15, MariaDB
10.11, sqlite3): a statement in ``works`` succeeds through the old name, one
in ``fails`` gets the server's error (PostgreSQL: ``"blobs" is not a table``
for TRUNCATE, ``cannot copy to view`` for COPY).

``refused``: the statement forms ``impact`` marks on code that writes through
the old name (:func:`refused_write`); ``tests/test_impact_view_writes.py``
runs each form of each family on such a view and checks that exactly the
forms the database refuses are marked. MariaDB takes every write form it
has through the view (``ON DUPLICATE KEY UPDATE``, ``REPLACE``, ``INSERT
IGNORE``, multi-table ``UPDATE``/``DELETE``, ``LOAD DATA``, ``RETURNING``);
PostgreSQL 15 takes ``ON CONFLICT`` on columns and ``RETURNING``, not ``ON
CONFLICT ON CONSTRAINT``; SQLite takes
``INSERT OR REPLACE/IGNORE``, ``UPDATE ... FROM`` and ``RETURNING``.

``misleads``: forms a view takes but answers differently from the table
(:func:`misled_write`); ``tests/test_impact_view_misleads.py`` runs each on
the view and on the table and compares what comes back.
"""

from __future__ import annotations

from msgspec import Struct

from dbnamelint.dialects import Family, profile_for


class ViewLimits(Struct, frozen=True):
    """Statement kinds that work and fail through a compatibility view, as the
    database spells them (``TRUNCATE``, ``ON CONFLICT ON CONSTRAINT``)."""

    works: tuple[str, ...]
    fails: tuple[str, ...]
    #: (write form, why the database refuses it on the view, with its error):
    #: the forms of :data:`~dbnamelint.impact.sqlscope.WriteForm` it refuses.
    refused: tuple[tuple[str, str], ...] = ()
    #: (write form, what goes wrong): forms the view takes but answers
    #: differently from the table (``"insert-returning"``; ``"insert-id"``, an
    #: INSERT in code that reads the id the database gave the row).
    misleads: tuple[tuple[str, str], ...] = ()
    #: How the plan's sentence names :attr:`misleads` ("" when there are none).
    misleads_text: str = ""

    def text(self) -> str:
        """One sentence for the plan: what works, what fails, what to do."""
        wrong = f"; {self.misleads_text} run but answer wrongly" if self.misleads_text else ""
        return (
            f"through the old name {', '.join(self.works)} work; "
            f"{', '.join(self.fails)} fail{wrong}: such code needs the new name before the "
            "forward script runs (`dbnamelint impact` marks such writes). A column a "
            "later migration adds to the table is not seen through the view unless that "
            "migration re-creates it (DBN019)."
        )


_LIMITS = {
    Family.POSTGRES: ViewLimits(
        works=("SELECT", "INSERT", "UPDATE", "DELETE", "ON CONFLICT (columns)", "LOCK"),
        fails=(
            "TRUNCATE",
            "COPY",
            "ALTER TABLE",
            "CREATE INDEX",
            "CREATE TRIGGER",
            "CREATE POLICY",
            "REFERENCES",
            "ON CONFLICT ON CONSTRAINT",
        ),
        refused=(
            ("truncate", "PostgreSQL cannot TRUNCATE a view ('\"old\" is not a table')"),
            (
                "copy",
                "PostgreSQL cannot COPY to or from a view ('cannot copy to view', 'cannot "
                "copy from view'; COPY (SELECT ... FROM old) TO works)",
            ),
            (
                # A view has no constraints, so no name is right after the rename
                # either (trial s43, ente's task_lock upsert).
                "upsert-constraint",
                "PostgreSQL cannot take ON CONFLICT ON CONSTRAINT through a view, which "
                'has no constraints (\'constraint "..." for table "old" does not '
                "exist', under the constraint's new name too)",
            ),
            (
                "merge",
                "PostgreSQL before 17 cannot MERGE into a view "
                "('cannot execute MERGE on relation ...: not supported for views')",
            ),
        ),
    ),
    Family.MYSQL: ViewLimits(
        works=("SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "LOCK TABLES"),
        fails=("TRUNCATE", "ALTER TABLE", "CREATE INDEX", "REFERENCES"),
        refused=(
            (
                "truncate",
                "MySQL and MariaDB cannot TRUNCATE a view (error 1146: \"Table '...old' "
                "doesn't exist\")",
            ),
        ),
    ),
    Family.SQLITE: ViewLimits(
        works=("SELECT", "INSERT", "UPDATE", "DELETE"),
        fails=("INSERT ... ON CONFLICT (UPSERT)", "ALTER TABLE", "CREATE INDEX"),
        refused=(
            (
                "upsert",
                "SQLite cannot UPSERT a view (INSERT ... ON CONFLICT DO UPDATE or DO "
                "NOTHING: 'cannot UPSERT a view')",
            ),
        ),
        # The view's INSTEAD OF INSERT trigger inserts the row: RETURNING reads
        # the view's NEW row (what the statement wrote), and last_insert_rowid()
        # is restored when a trigger program ends (sqlite.org/c3ref/last_insert_rowid.html);
        # "changes to a view that are intercepted by INSTEAD OF triggers are not
        # counted" (sqlite.org/c3ref/changes.html).
        misleads=(
            (
                "insert-returning",
                "SQLite's RETURNING through the view gives the values the INSERT wrote, "
                "not the row the table stored (NULL for the id and every column the "
                "table fills by default)",
            ),
            (
                "insert-id",
                "SQLite's last_insert_rowid() (Go's LastInsertId, Python's lastrowid, "
                "better-sqlite3's lastInsertRowid...) keeps its value from before an "
                "INSERT through the view (the view's trigger made the row)",
            ),
            (
                "write-count",
                "SQLite counts no row changed by an INSERT, UPDATE or DELETE through the "
                "view (sqlite3_changes() leaves out what INSTEAD OF triggers change: Go's "
                "RowsAffected, Python's rowcount, better-sqlite3's changes... read 0)",
            ),
        ),
        misleads_text=(
            "INSERT ... RETURNING, reading the new row's id after an INSERT and reading "
            "how many rows a write changed"
        ),
    ),
}


def view_limits(dialect: str | None) -> ViewLimits | None:
    """The limits of a compatibility view in ``dialect``'s database, or None
    where they have not been checked (other families)."""
    return _LIMITS.get(profile_for(dialect).family)


def refused_write(dialect: str | None, form: str) -> str | None:
    """Why ``dialect``'s database refuses a statement of ``form`` (``"upsert"``,
    ``"upsert-constraint"``, ``"merge"``, ``"truncate"``, ``"copy"``) through a
    compatibility view, or None when it takes it (or the family's views have
    not been checked); None for ``dialect`` is PostgreSQL, as for
    :func:`~dbnamelint.dialects.profile_for`. An upsert naming its constraint
    is refused wherever any upsert is (SQLite)."""
    limits = view_limits(dialect)
    if limits is None:
        return None
    refused = dict(limits.refused)
    why = refused.get(form)
    if why is None and form == "upsert-constraint":
        return refused.get("upsert")
    return why


def misled_write(dialect: str | None, form: str) -> str | None:
    """What goes wrong when code runs a statement of ``form``
    (``"insert-returning"``, ``"insert-id"``, ``"write-count"``) through a compatibility view of
    ``dialect``'s database that takes it but answers differently from the
    table, or None (it answers alike, or the family has not been checked)."""
    limits = view_limits(dialect)
    return None if limits is None else dict(limits.misleads).get(form)
