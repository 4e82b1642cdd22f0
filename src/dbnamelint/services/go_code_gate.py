"""The Go migrations the gate checks (:mod:`dbnamelint.services.code_gate`):
goose's ``<version>_x.go`` and zdb's ``gomig/`` files, versioned beside the
SQL ones, applied and recorded alike, but never read as SQL (``DBN014``).

What is particular to them:

- an edit is a change of the code, Go comments and layout aside, and the
  body of the Down function its ``goose.AddMigration`` call names (the
  rollback) too;
- goose records the version alone (``goose_db_version``), so a rename in its
  folder keeping the version and the code is an info note; zdb records the
  name;
- ``DBN016``: goose's versions (:func:`dbnamelint.goose_names.goose_version`)
  of the up migrations, Go or SQL: a version held twice is "duplicate
  version detected", one below the highest applied "found N missing
  migrations" (``-allow-missing`` runs it out of order).

The folders are those a walk noted Go migrations in.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path

from dbnamelint import zdb_layout
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import is_go_migration
from dbnamelint.goose_names import goose_version
from dbnamelint.services.code_text import Token, is_comment, tokens_of
from dbnamelint.services.code_versions import Version

#: One Go token: a comment, a string or rune literal, a word, or one character.
_GO_TOKEN = lazy_compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|`[^`]*`?|\"(?:[^\"\\\n]|\\.)*\"?|'(?:[^'\\\n]|\\.)*'?|\w+|\S",
    re.DOTALL,
)
#: goose's registration calls: ``AddMigration(up, down)`` and its variants.
_REGISTER = lazy_compile(r"^Add(?:Named)?Migration\w*$")


def go_tokens(text: str) -> list[Token]:
    """``text``'s Go tokens with their lines, comments included."""
    return tokens_of(_GO_TOKEN, text)


def _down_names(tokens: Sequence[Token]) -> set[str]:
    """The functions goose's registration calls name as the Down (their last
    argument, a bare name)."""
    out: set[str] = set()
    for at, (text, _) in enumerate(tokens):
        if not _REGISTER.match(text) or at + 1 >= len(tokens) or tokens[at + 1][0] != "(":
            continue
        depth = 0
        args: list[list[str]] = []
        current: list[str] = []
        for inner, _ in tokens[at + 2 :]:
            if inner in "([{" and len(inner) == 1:
                depth += 1
            elif inner in ")]}" and len(inner) == 1:
                if depth == 0:
                    break
                depth -= 1
            if inner == "," and depth == 0:
                args.append(current)
                current = []
            else:
                current.append(inner)
        args.append(current)
        if len(args) >= 2 and len(args[-1]) == 1 and args[-1][0].isidentifier():
            out.add(args[-1][0])
    out.discard("nil")
    return out


def forward_tokens(text: str) -> list[Token]:
    """What an applied Go migration does, as tokens: comments dropped, and the
    body of each Down function its registration names (the rollback)."""
    tokens = [t for t in go_tokens(text) if not is_comment(t[0])]
    downs = _down_names(tokens)
    if not downs:
        return tokens
    out: list[Token] = []
    at = 0
    while at < len(tokens):
        if tokens[at][0] == "func" and at + 1 < len(tokens) and tokens[at + 1][0] in downs:
            depth, end = 0, at
            for end in range(at, len(tokens)):
                if tokens[end][0] == "{":
                    depth += 1
                elif tokens[end][0] == "}":
                    depth -= 1
                    if depth == 0:
                        break
            out.extend(tokens[at : at + 2])  # the function stays; its body is the rollback
            at = end + 1
            continue
        out.append(tokens[at])
        at += 1
    return out


def _forward(name: str) -> bool:
    return not name.lower().endswith((".down.go", ".down.sql"))


def _goose_version(name: str) -> int | None:
    """goose's version of an up migration's file name; None for zdb's names and others."""
    if not _forward(name) or zdb_layout.is_go_migration(name):
        return None
    if zdb_layout.migration_name(name) is not None:
        return None
    return goose_version(name)


class GoMigrations:
    """goose's and zdb's Go migrations, as :func:`~dbnamelint.services.code_gate.code_gate`
    reads them."""

    runner = "the tool"
    still_applied = (
        "the migration tool still has it applied (every database that ran it keeps what "
        "it created, while a new one no longer runs it, or runs it again under its new name)"
    )

    def locations(self, noted: Collection[str]) -> list[list[Path]]:
        """Each folder a walk noted code migrations in, alone."""
        return [[Path(f)] for f in sorted({Path(p).parent.as_posix() for p in noted})]

    def is_code(self, name: str) -> bool:
        return is_go_migration(name) and _forward(name)

    def applied(self, text: str) -> list[Token]:
        return forward_tokens(text)

    def tokens(self, text: str) -> list[Token]:
        return go_tokens(text)

    def kind(self, path: str, *, committed: bool) -> str:
        if not committed:
            return "Go"
        return "goose Go" if _goose_version(Path(path).name) is not None else "zdb Go"

    def recorded(self, path: str) -> str:
        by = "version" if _goose_version(Path(path).name) is not None else "name"
        return f"the tool records it as applied by its {by}"

    def builder_calls(self, text: str) -> list[tuple[int, str]]:
        return []  # a Go migration's DDL is its strings' (and its helpers')

    def kept_rename(self, path: str, moved: str) -> str | None:
        version = _goose_version(Path(path).name)
        if version is None or _goose_version(Path(moved).name) != version:
            return None
        return (
            f"keeping its version {version}: that is all goose records of an applied "
            "migration (goose_db_version), so every database that ran it counts the new "
            "name as applied and nothing runs again"
        )

    def version(self, name: str) -> Version | None:
        version = _goose_version(name)
        return None if version is None else (version,)

    def shown_version(self, version: Version) -> str:
        return str(version[0])

    def clash_reason(self, version: str) -> str:
        return (
            ", holds it too: goose refuses such a folder ('duplicate version detected') "
            "before it runs any migration"
        )

    def late_reason(self, top: str) -> str:
        return (
            f"goose up refuses every database already migrated past {top} ('found N "
            f"missing migrations before current version'), and with -allow-missing runs it "
            f"after {top} there but before it on a new database"
        )


GO_MIGRATIONS = GoMigrations()
