"""Flyway's Java and Kotlin migrations (:mod:`dbnamelint.flyway_code`) as the
gate checks them (:mod:`dbnamelint.services.code_gate`): applied and
recorded as the SQL ones of their classpath location, never read as SQL
(``DBN014``).

What is particular to them:

- one version sequence is a classpath location: the classes of
  ``src/main/java/db/migration_postgres`` and the SQL files of
  ``src/main/resources/db/migration_postgres`` ("Found more than one
  migration with version 19" when both hold 19);
- Flyway records the version and the description, so a renamed class is
  one it no longer finds (``validate`` fails) and a new database runs it
  under its new name;
- a class or SQL file below the highest committed version is refused on a
  database past it ("Detected resolved migration not applied to database",
  ``outOfOrder`` off).

The locations are those of the folders a walk noted such classes in.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from dbnamelint import flyway_code
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.jvm_ddl_builders import builder_calls
from dbnamelint.services.code_text import Token, is_comment, tokens_of
from dbnamelint.services.code_versions import Version

#: One Java or Kotlin token: a comment, a text block or raw string, a string
#: or character literal, a word, or one character.
_JVM_TOKEN = lazy_compile(
    r'//[^\n]*|/\*.*?(?:\*/|\Z)|""".*?(?:"""|\Z)|"(?:[^"\\\n]|\\.)*"?|'
    r"'(?:[^'\\\n]|\\.)*'?|\w+|\S",
    re.DOTALL,
)


def jvm_tokens(text: str) -> list[Token]:
    """``text``'s Java/Kotlin tokens with their lines, comments included."""
    return tokens_of(_JVM_TOKEN, text)


class FlywayCode:
    """Flyway's Java and Kotlin migrations, as
    :func:`~dbnamelint.services.code_gate.code_gate` reads them."""

    runner = "Flyway"
    still_applied = (
        "Flyway still has it applied (its version and description in "
        "flyway_schema_history; `validate` fails where it no longer finds them, and a "
        "new database no longer runs it, or runs it under its new name)"
    )

    def locations(self, noted: Collection[str]) -> list[list[Path]]:
        """The classpath location of each folder a walk noted Java or Kotlin
        migrations in (its package under every source root)."""
        folders = {Path(p).parent for p in noted if p.lower().endswith(flyway_code.SUFFIXES)}
        return [flyway_code.location_folders(f) for f in sorted(folders)]

    def is_code(self, name: str) -> bool:
        return name.lower().endswith(flyway_code.SUFFIXES) and flyway_code.is_class_name(name)

    def applied(self, text: str) -> list[Token]:
        return [t for t in jvm_tokens(text) if not is_comment(t[0])]

    def tokens(self, text: str) -> list[Token]:
        return jvm_tokens(text)

    def kind(self, path: str, *, committed: bool) -> str:
        return f"Flyway {flyway_code.language(path)}"

    def recorded(self, path: str) -> str:
        return "Flyway records it as applied by its version and description"

    def kept_rename(self, path: str, moved: str) -> str | None:
        return None  # the description is recorded too

    def builder_calls(self, text: str) -> list[tuple[int, str]]:
        return builder_calls(text, jvm_tokens(text))

    def version(self, name: str) -> Version | None:
        if not (self.is_code(name) or name.lower().endswith(".sql")):
            return None
        return flyway_code.version(name)

    def shown_version(self, version: Version) -> str:
        return flyway_code.shown_version(version)

    def clash_reason(self, version: str) -> str:
        return (
            " in the same Flyway location, holds it too: Flyway refuses to migrate "
            f"('Found more than one migration with version {version}')"
        )

    def late_reason(self, top: str) -> str:
        return (
            "Flyway refuses every database already migrated past it ('Detected resolved "
            "migration not applied to database', outOfOrder being off), and with "
            "outOfOrder runs it after it there but before it on a new database"
        )


FLYWAY_CODE = FlywayCode()
