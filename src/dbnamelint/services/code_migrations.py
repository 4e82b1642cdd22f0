"""The gate on migrations written in code (goose's ``<version>_x.go``, zdb's
``gomig/`` files): versioned beside the SQL ones, applied and recorded alike,
but never read as SQL (``DBN014``).

What the gate (``check --base``, the hook) says of them:

- ``DBN025``: one committed at the base and edited since (Go comments and
  layout aside, and the body of the Down function its ``goose.AddMigration``
  call names: the rollback), deleted, or renamed away. goose records the
  version alone (``goose_db_version``), so a rename in its folder keeping
  the version and the code is an info note; zdb records the name.
- ``DBN016``: a goose migration new since the base (Go or SQL) whose version
  a committed one of the other kind already holds ("duplicate version
  detected": goose refuses the folder), or below the highest committed
  version where a committed Go file is what makes it late (a SQL file late
  against SQL files is :mod:`dbnamelint.services.late_migrations`'s).
- ``DBN013``: a Go migration new since the base one of whose string
  literals holds DDL (``CREATE TABLE``, ``ALTER TABLE``, ``CREATE INDEX``,
  ``RENAME``...): names the rules cannot check, refused as new dynamic DDL
  is, unless a ``// dbnamelint: ignore[DBN013] <reason>`` comment in the
  file accepts it after a review by hand.

The folders are those a walk noted Go migrations in (the ``DBN014`` notes of
the current run and of the base's); the files, what git has there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

from dbnamelint import zdb_layout
from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import CODE_MIGRATION_CODE, is_go_migration
from dbnamelint.gitutil import (
    GitError,
    diff_names,
    relative_to_repo,
    repository_root,
    run_git,
    show_bytes,
)
from dbnamelint.migration_versions import DUPLICATE_VERSION_CODE
from dbnamelint.model import Diagnostic, Location, Severity

EDITED_CODE = "DBN025"
DYNAMIC_CODE = "DBN013"

#: One Go token: a comment, a string or rune literal, a word, or one character.
_GO_TOKEN = lazy_compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|`[^`]*`?|\"(?:[^\"\\\n]|\\.)*\"?|'(?:[^'\\\n]|\\.)*'?|\w+|\S",
    re.DOTALL,
)
#: goose's registration calls: ``AddMigration(up, down)`` and its variants.
_REGISTER = lazy_compile(r"^Add(?:Named)?Migration\w*$")
#: Text of a string literal that creates, alters, renames or drops a named object.
_DDL = lazy_compile(
    r"\b(?:CREATE|ALTER|DROP)(?:\s+(?:OR\s+REPLACE|UNIQUE|TEMP|TEMPORARY|VIRTUAL|"
    r"MATERIALIZED|GLOBAL|LOCAL))*\s+(?:TABLE|INDEX|VIEW|TRIGGER|SEQUENCE|SCHEMA|TYPE|"
    r"FUNCTION|PROCEDURE|DOMAIN)\b|\bRENAME\s+(?:TO|COLUMN)\b|\bADD\s+(?:COLUMN|CONSTRAINT)\b",
    re.IGNORECASE,
)
#: The accepting comment: ``// dbnamelint: ignore[DBN013] <reason>``.
_ACCEPT = lazy_compile(
    r"^(?://|/\*)\s*dbnamelint\s*:\s*ignore\[([^\]]*)\]\s+(\S.*?)\s*(?:\*/)?$",
    re.IGNORECASE | re.DOTALL,
)
_DYNAMIC_NAMES = frozenset({"dbn013", "prepared-statement-not-read"})
_LEADING = lazy_compile(r"^(\d+)_")

Token = tuple[str, int]  # text, 1-based line


def tokens_of(pattern: re.Pattern[str], text: str) -> list[Token]:
    """``text`` cut by ``pattern`` (one alternative per kind of token) into
    tokens with their 1-based lines, comments included."""
    out: list[Token] = []
    line, last = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        out.append((match.group(), line))
    return out


def go_tokens(text: str) -> list[Token]:
    """``text``'s Go tokens with their lines, comments included."""
    return tokens_of(_GO_TOKEN, text)


def is_comment(token: str) -> bool:
    return token.startswith(("//", "/*"))


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


def _forward_tokens(text: str) -> list[Token]:
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


def code_difference(
    before: str, now: str, forward: Callable[[str], list[Token]] | None = None
) -> int | None:
    """The line of ``now`` where what the Go migration applies first differs
    from ``before``; None when only comments, layout or the Down body changed.
    ``forward``: the tokens that count, of another language's code."""
    tokens = forward or _forward_tokens
    old, new = tokens(before), tokens(now)
    if [t for t, _ in old] == [t for t, _ in new]:
        return None
    for (a, _), (b, line) in zip(old, new, strict=False):
        if a != b:  # within a multi-line string: the line of its first changed character
            common = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            return line + b.count("\n", 0, common)
    return new[len(old)][1] if len(new) > len(old) else (new[-1][1] if new else 1)


def ddl_literals(
    text: str, tokenize: Callable[[str], list[Token]] | None = None
) -> tuple[list[int], bool]:
    """(lines of the string literals of Go ``text`` (or of the language
    ``tokenize`` reads) that hold DDL, whether a ``// dbnamelint:
    ignore[DBN013] <reason>`` comment in it accepts them)."""
    lines: list[int] = []
    accepted = False
    for token, line in (tokenize or go_tokens)(text):
        if is_comment(token):
            found = _ACCEPT.match(token)
            if found is not None:
                rules = {r.strip().lower() for r in found.group(1).split(",")}
                accepted = accepted or bool(rules & _DYNAMIC_NAMES)
        elif token[:1] in '`"' and _DDL.search(token) is not None:
            lines.append(line)
    return lines, accepted


def _folders(current: Iterable[Diagnostic], base: Iterable[str]) -> set[str]:
    """Folders (as the run shows paths) a walk noted Go migrations in, now or at the base."""
    out = {
        Path(d.location.path).parent.as_posix() for d in current if d.code == CODE_MIGRATION_CODE
    }
    out.update(Path(path).parent.as_posix() for path in base)
    return out


def _names(data: bytes, folder: str) -> set[str]:
    """File names directly in ``folder`` of a NUL-separated git listing."""
    prefix = folder + "/" if folder else ""
    out: set[str] = set()
    for entry in data.decode("utf-8", "surrogateescape").split("\0"):
        if entry.startswith(prefix) and "/" not in entry[len(prefix) :] and entry[len(prefix) :]:
            out.add(entry[len(prefix) :])
    return out


def _forward(name: str) -> bool:
    return not name.lower().endswith((".down.go", ".down.sql"))


def _goose_version(name: str) -> int | None:
    """goose's version of a file name (the digits before the first ``_``); None for
    zdb's names and others."""
    if zdb_layout.is_go_migration(name) or zdb_layout.migration_name(name) is not None:
        return None
    found = _LEADING.match(name)
    return int(found.group(1)) if found is not None else None


def now_bytes(repo: Path, rel: str, staged: bool) -> bytes | None:
    if staged:
        try:
            return run_git(repo, "show", f":{rel}", index=True)
        except GitError:
            return None
    try:
        return (repo / rel).read_bytes()
    except OSError:
        return None


def code_text(data: bytes) -> str:
    return data.decode("utf-8-sig", "replace").replace("\r\n", "\n")


def code_migration_gate(
    current: Sequence[Diagnostic],
    base: Collection[str],
    cwd: Path,
    commit: str,
    ref: str,
    *,
    staged: bool = False,
) -> list[Diagnostic]:
    """``DBN025``, ``DBN016`` and ``DBN013`` for the Go migrations of the folders
    the run's ``DBN014`` notes (``current``) and the base's (``base``, the
    notes' paths) name: see the module docstring. ``staged``: the
    change is the index (a pre-commit run), else the working tree.
    Raises :class:`~dbnamelint.gitutil.GitError` when git fails."""
    folders = _folders(current, base)
    if not folders:
        return []
    repo = repository_root(cwd)
    # Only what git says changed is compared (``git diff [--cached] COMMIT``:
    # the working tree's diff holds the index's changes too).
    listed = diff_names(repo, commit, cached=staged).decode("utf-8", "surrogateescape")
    changed = set(filter(None, listed.split("\0")))
    out: list[Diagnostic] = []
    for folder in sorted(folders):
        rel = relative_to_repo(repo, Path(os.path.normpath(cwd / folder)))
        if rel is None:
            continue
        spec = rel + "/" if rel else "."
        at_base = _names(run_git(repo, "ls-tree", "--name-only", "-z", commit, "--", spec), rel)
        if staged:
            now = _names(run_git(repo, "ls-files", "-z", "--", spec, index=True), rel)
        else:
            readlog.note_side(str(repo / rel))  # the run cache: a Go file added or deleted
            try:
                now = {e.name for e in os.scandir(repo / rel) if e.is_file()}
            except OSError:
                now = set()
            for name in now:  # the run cache: an edit of any of them
                if is_go_migration(name):
                    readlog.note_side(str(repo / rel / name))

        def shown(name: str, rel: str = rel) -> str:
            return Path(os.path.relpath(repo / rel / name, cwd)).as_posix()

        out.extend(_folder(repo, rel, at_base, now, changed, commit, ref, staged, shown))
    return out


def _folder(
    repo: Path,
    rel: str,
    at_base: set[str],
    now: set[str],
    changed: set[str],
    commit: str,
    ref: str,
    staged: bool,
    shown: Callable[[str], str],
) -> list[Diagnostic]:
    prefix = rel + "/" if rel else ""
    go_base = {n for n in at_base if is_go_migration(n) and _forward(n)}
    go_now = {n for n in now if is_go_migration(n) and _forward(n)}
    added = sorted(go_now - go_base)
    out: list[Diagnostic] = []
    texts: dict[str, str] = {}
    renamed: set[str] = set()
    for name in added:
        data = now_bytes(repo, prefix + name, staged)
        if data is not None:
            texts[name] = code_text(data)
    for name in sorted(go_base):
        if prefix + name not in changed and name in now:
            continue
        before_bytes = show_bytes(repo, commit, prefix + name)
        if before_bytes is None:
            continue
        before = code_text(before_bytes)
        tool = "goose " if _goose_version(name) is not None else "zdb "
        head = f"this {tool}Go migration was committed at {ref} and this change "
        if name in now:
            data = now_bytes(repo, prefix + name, staged)
            if data is None or data == before_bytes:
                continue
            line = code_difference(before, code_text(data))
            if line is None:
                continue
            out.append(
                Diagnostic(
                    Location(shown(name), line, 1),
                    Severity.ERROR,
                    f"{head}edits it: an applied migration must not change (every database "
                    "that ran it keeps what it created, a new one runs the edited code; the "
                    "tool records it as applied by its "
                    f"{'version' if tool == 'goose ' else 'name'}): restore the file and "
                    "write the change as a new migration (`dbnamelint migrate` writes renames)",
                    EDITED_CODE,
                )
            )
            continue
        moved = next(
            (n for n in added if code_difference(before, texts.get(n, "")) is None),
            None,
        )
        if moved is not None:
            renamed.add(moved)  # the applied code under a new name: no new DDL
        version = _goose_version(name)
        if moved is not None and version is not None and _goose_version(moved) == version:
            out.append(
                Diagnostic(
                    Location(shown(name), 1, 1),
                    Severity.INFO,
                    f"{head}renames it to {shown(moved)}, keeping its version {version}: "
                    "that is all goose records of an applied migration (goose_db_version), "
                    "so every database that ran it counts the new name as applied and "
                    "nothing runs again",
                    EDITED_CODE,
                )
            )
            continue
        action = "deletes it" if moved is None else f"renames it to {shown(moved)}"
        out.append(
            Diagnostic(
                Location(shown(name), 1, 1),
                Severity.ERROR,
                f"{head}{action}: the migration tool still has it applied (every database "
                "that ran it keeps what it created, while a new one no longer runs it, or "
                "runs it again under its new name): restore the file and write any change as "
                "a new migration (`dbnamelint migrate` writes renames)",
                EDITED_CODE,
            )
        )
    out += _late(at_base, now, go_base, ref, shown)
    for name in added:
        text = texts.get(name)
        if text is None or name in renamed:
            continue
        lines, accepted = ddl_literals(text)
        if not lines or accepted:
            continue
        count = len(lines)
        out.append(
            Diagnostic(
                Location(shown(name), lines[0], 1),
                Severity.ERROR,
                f"this Go migration is new since {ref} and {count} of its string literals "
                f"{'hold' if count != 1 else 'holds'} DDL (lines "
                f"{', '.join(str(n) for n in lines[:5])}{', ...' if count > 5 else ''}) "
                "that the tool runs but dbnamelint does not read: the names it creates "
                "are neither checked nor in the model, so the gate refuses it. Write the "
                "DDL in a .sql migration to have it checked, or check its names by hand "
                "and write `// dbnamelint: ignore[DBN013] <reason>` in the file to accept it",
                DYNAMIC_CODE,
            )
        )
    return out


def _late(
    at_base: set[str],
    now: set[str],
    go_base: set[str],
    ref: str,
    shown: Callable[[str], str],
) -> list[Diagnostic]:
    """``DBN016`` for goose migrations new since the base whose version clashes
    with, or sorts below, a committed Go migration's (or, for a new Go file,
    any committed one's)."""
    kept = {n for n in at_base & now if _forward(n)}
    committed = {n: v for n in kept if (v := _goose_version(n)) is not None}
    if not committed or not go_base:
        return []
    go_versions = {v for n, v in committed.items() if n in go_base}
    top = max(committed.values())
    sql_top = max((v for n, v in committed.items() if n not in go_base), default=-1)
    out: list[Diagnostic] = []
    for name in sorted(now - at_base):
        version = _goose_version(name)
        is_go = is_go_migration(name)
        if version is None or not _forward(name) or not (is_go or name.lower().endswith(".sql")):
            continue
        clash = sorted(n for n, v in committed.items() if v == version and (is_go or n in go_base))
        if clash:
            message = (
                f"migration version {version} is new since {ref} but {shown(clash[0])}, "
                "already committed, holds it too: goose refuses such a folder ('duplicate "
                "version detected') before it runs any migration; give it a version above "
                f"{top}"
            )
        elif version < top and (is_go or version > sql_top):
            high = max((n for n, v in committed.items() if v == top), default="")
            message = (
                f"migration version {version} is new since {ref} but sorts before {top} "
                f"({shown(high)}), already committed: goose up refuses every database "
                f"already migrated past {top} ('found N missing migrations before current "
                f"version'), and with -allow-missing runs it after {top} there but before "
                f"it on a new database; give it a version above {top}"
            )
        else:
            continue
        if not is_go and not clash and version <= sql_top:
            continue
        if not is_go and clash and not (go_versions & {version}):
            continue
        out.append(
            Diagnostic(Location(shown(name), 1, 1), Severity.ERROR, message, DUPLICATE_VERSION_CODE)
        )
    return out
