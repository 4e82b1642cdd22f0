"""Where a path that names nothing went, as git shows it: the DBN002 says so.

``git mv internal/database/migrations.go internal/database/migrations_pg.go``
with the config's ``paths:`` left as it was gave ``DBN002 error: no such file
or directory`` and nothing more (trial confirm35 I2), though git shows the
rename at 100%. Asked only when a path is missing (the error path: no git
call on a run that reads its paths): the working tree against ``HEAD`` with
git's rename detection (``git diff -M``), a file renamed, or a folder whose
files all moved to one other folder.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.gitutil import GitError, relative_to_repo, repository_root, run_git
from dbnamelint.model import Diagnostic

#: The message :func:`dbnamelint.frontends.sql.sources.discover` gives a path naming nothing.
_MISSING = "no such file or directory"


def with_rename_hints(diagnostics: Sequence[Diagnostic], code: str) -> tuple[Diagnostic, ...]:
    """``diagnostics`` with each ``code`` (``DBN002``) "no such file or
    directory" whose path git shows renamed since ``HEAD`` saying where it
    went; as they were outside git, or when git cannot tell."""
    missing = [d for d in diagnostics if d.code == code and d.message == _MISSING]
    if not missing:
        return tuple(diagnostics)
    cwd = Path.cwd()
    try:
        repo = repository_root(cwd)
        renames = _renames(repo)
    except GitError:
        return tuple(diagnostics)
    if not renames:
        return tuple(diagnostics)
    out: list[Diagnostic] = []
    for d in diagnostics:
        rel = relative_to_repo(repo, Path(d.location.path)) if d in missing else None
        found = _moved(rel, renames) if rel is not None else None
        if found is None:
            out.append(d)
            continue
        to, score = found
        shown = Path(os.path.relpath(repo / to, cwd)).as_posix()
        similar = "" if score == 100 else f", {score}% similar"
        out.append(
            replace(
                d,
                message=f"{_MISSING}: git shows it renamed to {shown} in this change (git "
                f"diff -M HEAD{similar}): name {shown} instead (update the config's `paths:` "
                "where it lists the old path)",
            )
        )
    return tuple(out)


def _renames(repo: Path) -> list[tuple[str, str, int]]:
    """(old, new, similarity %) of each rename ``git diff -M HEAD`` shows."""
    out = run_git(repo, "diff", "-M", "--name-status", "-z", "HEAD", "--")
    fields = out.decode("utf-8", "replace").split("\0")
    found: list[tuple[str, str, int]] = []
    at = 0
    while at < len(fields) - 1:
        status = fields[at]
        if status.startswith(("R", "C")):
            if status[0] == "R" and at + 2 < len(fields):
                score = int(status[1:]) if status[1:].isdigit() else 0
                found.append((fields[at + 1], fields[at + 2], score))
            at += 3
        else:
            at += 2
    return found


def _moved(rel: str, renames: Sequence[tuple[str, str, int]]) -> tuple[str, int] | None:
    """Where ``rel`` (repository-relative) went: a file renamed, or a folder
    every renamed file of which went below one other folder (the same names
    under it); its lowest similarity. None when git shows no such move."""
    rel = rel.rstrip("/")
    for old, new, score in renames:
        if old == rel:
            return new, score
    inside = [(old, new, score) for old, new, score in renames if old.startswith(rel + "/")]
    targets = {new[: len(new) - len(old) + len(rel)] for old, new, _ in inside}
    if not inside or len(targets) != 1:
        return None
    [target] = targets
    if not all(new == target + old[len(rel) :] for old, new, _ in inside):
        return None
    return target, min(score for _, _, score in inside)
