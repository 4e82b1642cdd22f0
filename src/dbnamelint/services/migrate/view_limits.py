"""What a compatibility view does not bridge: statements that need a table.

A compatibility view answers for its table's old name in queries and
writes, but some statements only a table takes. Each claim below is checked
against the database by ``tests/test_migrate_view_limits.py``, running the
statement on a view ``dbnamelint migrate`` wrote (PostgreSQL 15, MariaDB
10.11, sqlite3): a statement in ``works`` succeeds through the old name, one
in ``fails`` gets the server's error (PostgreSQL: ``"blobs" is not a table``
for TRUNCATE, ``cannot copy to view`` for COPY).
"""

from __future__ import annotations

from msgspec import Struct

from dbnamelint.dialects import Family, profile_for


class ViewLimits(Struct, frozen=True):
    """Statement kinds that work and fail through a compatibility view, as the
    database spells them (``TRUNCATE``, ``ON CONFLICT ON CONSTRAINT``)."""

    works: tuple[str, ...]
    fails: tuple[str, ...]

    def text(self) -> str:
        """One sentence for the plan: what works, what fails, what to do."""
        return (
            f"through the old name {', '.join(self.works)} work; "
            f"{', '.join(self.fails)} fail: such code needs the new name before the "
            "forward script runs. A column a later migration adds to the table is not "
            "seen through the view unless that migration re-creates it (DBN019)."
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
    ),
    Family.MYSQL: ViewLimits(
        works=("SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "LOCK TABLES"),
        fails=("TRUNCATE", "ALTER TABLE", "CREATE INDEX", "REFERENCES"),
    ),
    Family.SQLITE: ViewLimits(
        works=("SELECT", "INSERT", "UPDATE", "DELETE"),
        fails=("ALTER TABLE", "CREATE INDEX"),
    ),
}


def view_limits(dialect: str) -> ViewLimits | None:
    """The limits of a compatibility view in ``dialect``'s database, or None
    where they have not been checked (other families)."""
    return _LIMITS.get(profile_for(dialect).family)
