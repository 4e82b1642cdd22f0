"""Applied history the working tree edits or deletes since ``HEAD``: why an
entry that looks stale is not (``whitelist prune`` keeps it, ``check`` says
so), since every database that ran the migration still holds the name.

The ``DBN025`` errors come from the gate's own tests
(:mod:`dbnamelint.services.edited_history`, :mod:`dbnamelint.services.code_ddl`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from dbnamelint.config import Settings
from dbnamelint.model import Diagnostic, Severity
from dbnamelint.services.lint import Evaluation

__all__ = ["history_edited"]


def history_edited(
    run: Evaluation, cwd: Path, settings: Settings, tree: Sequence[str], ref: str = "HEAD"
) -> list[Diagnostic]:
    """The ``DBN025`` errors of the working tree against ``ref`` (``HEAD``;
    ``check --base`` gives its base): each committed SQL migration the run
    reads whose SQL it edits
    (:func:`~dbnamelint.services.edited_history.edited_migrations`), each
    committed SQL migration below ``tree`` (and not excluded) that it deletes
    or renames away (:func:`~dbnamelint.services.edited_history.deleted_migrations`:
    deleting an applied migration drops nothing from the databases that ran
    it), each committed code migration of the project that it deletes or
    takes DDL out of (:func:`_code_history`: every tool's, whether the model
    reads it or a dump beside it stands for it) and each step of a Go
    migration list it removes, moves or rewrites
    (:func:`~dbnamelint.services.code_ddl.list_history`); empty outside git.
    An entry whose object such an edit took out of the files is not stale:
    the databases that ran the migration still hold the name (trial s33
    miniflux: ``CREATE TABLE acme_cache`` replaced by ``SELECT 1`` in an
    applied step; prune removed its entry and marked its phase done)."""
    from dbnamelint.gitutil import (
        GitError,
        relative_to_repo,
        repository_root,
        resolve_commit,
        show_bytes,
    )
    from dbnamelint.services.code_ddl import list_history, package_pair
    from dbnamelint.services.code_text import code_text
    from dbnamelint.services.edited_history import deleted_migrations, edited_migrations

    try:
        repo = repository_root(cwd)
        commit = resolve_commit(repo, ref)
        out = edited_migrations(run.loaded.files, cwd, commit, ref)
        gone = _deleted_read(repo, commit, cwd, settings, tree)
        if gone:
            out += deleted_migrations(gone, run.loaded.files, cwd, commit, ref)
        out += _code_history(repo, commit, ref, cwd, settings, tree, _mysql(run))
        changed: dict[str, str] | None = None
        for source in run.loaded.files:
            if not source.path.lower().endswith(".go"):
                continue
            rel = relative_to_repo(repo, cwd / source.path)
            before = show_bytes(repo, commit, rel) if rel is not None else None
            if rel is None or before is None:
                continue
            try:
                now = (cwd / source.path).read_bytes()
            except OSError:
                continue
            if changed is None:
                changed = _changed(repo, commit)
            packages = package_pair(repo, commit, rel, changed, _working(repo))
            out += list_history(
                rel, source.path, code_text(before), code_text(now), ref, (), packages
            )
    except GitError:
        return []
    # one finding per place: a Go list the model reads is a code migration too
    said = dict.fromkeys(d for d in out if d.severity is Severity.ERROR)
    return list(said)


def _changed(repo: Path, commit: str) -> dict[str, str]:
    """The working tree's changes since ``commit``: path -> git status
    (``A``, ``M``, ``D``), untracked files added."""
    from dbnamelint.gitutil import diff_statuses, run_git

    parts = diff_statuses(repo, commit, cached=False).decode("utf-8", "surrogateescape").split("\0")
    out = dict(zip(parts[1::2], parts[0:-1:2], strict=False))
    untracked = run_git(repo, "ls-files", "-z", "--others", "--exclude-standard")
    for name in untracked.decode("utf-8", "surrogateescape").split("\0"):
        if name:
            out[name] = "A"
    return out


def _working(repo: Path) -> Callable[[str], str | None]:
    """A file's text in the working tree (None when it is not there)."""
    from dbnamelint.services.code_text import code_text

    def read(rel: str) -> str | None:
        try:
            return code_text((repo / rel).read_bytes())
        except OSError:
            return None

    return read


def _deleted_read(
    repo: Path, commit: str, cwd: Path, settings: Settings, tree: Sequence[str]
) -> frozenset[str]:
    """The files committed at ``commit`` that the working tree deletes (or
    moves), relative to ``cwd``, below one of the ``tree`` paths and not left
    out by the config's ``exclude``: what a run at ``commit`` may have read
    that this one cannot (a deleted file is not in the run's files). Which
    of them were applied migrations is the callers' to judge (SQL files and
    Liquibase changelogs by their tool's layout, code migrations by their
    text at ``commit``)."""
    from dbnamelint.gitutil import diff_names
    from dbnamelint.impact.historyglobs import configured_excluded

    names = diff_names(repo, commit, cached=False, only="D").decode("utf-8", "surrogateescape")
    roots = [os.path.realpath(cwd / p) for p in tree]
    out: set[str] = set()
    for rel in filter(None, names.split("\0")):
        absolute = os.path.realpath(repo / rel)
        if not any(absolute == r or absolute.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
            continue
        shown = Path(os.path.relpath(absolute, os.path.realpath(cwd))).as_posix()
        if not configured_excluded(settings, cwd, shown):
            out.add(shown)
    return frozenset(out)


def _mysql(run: Evaluation) -> bool:
    """Whether the run's database is MySQL's family (how a Laravel
    migration's builder calls are read as SQL)."""
    from dbnamelint.impact.otherdb import database_family

    if run.settings.dialect is not None:
        return database_family(run.settings.dialect) == "mysql"
    return {database_family(f.dialect) for f in run.loaded.files} == {"mysql"}


def _code_history(
    repo: Path,
    commit: str,
    ref: str,
    cwd: Path,
    settings: Settings,
    tree: Sequence[str],
    mysql: bool,
) -> list[Diagnostic]:
    """``DBN025`` for each code migration committed at ``commit`` below
    ``cwd`` or a ``tree`` path (not excluded, not a test's) that the working
    tree deletes or takes a DDL string or builder call out of, said as the
    gate says it (:func:`dbnamelint.services.code_ddl.removed_history`).

    Every tool's counts, not only those the model reads
    (:func:`dbnamelint.code_migrations.code_migration_kind`: Knex, Sequelize,
    db-migrate, node-pg-migrate, Kysely, TypeORM, Django, Alembic, Laravel):
    also Doctrine's ``Version*.php``, Rails' ``db/migrate/*.rb``, Ecto's
    ``priv/repo/migrations/*.exs``, EF Core's ``Migrations/*.cs``, goose's
    ``.go``, Flyway's Java and Kotlin classes, and any file the gate takes for
    one migration (:func:`dbnamelint.services.code_ddl.is_code_migration`).
    Each tool records it as applied (``schema_migrations``, Doctrine's
    ``doctrine_migration_versions``, ``__EFMigrationsHistory``,
    ``goose_db_version``, ``flyway_schema_history``...), and deleting or
    editing the file drops nothing it made; where the model reads a dump the
    tool writes (Rails' and Ecto's ``structure.sql``), a dump regenerated
    after the deletion lacks what every database that ran it still holds.
    The gate passes a deleted Rails migration (a new database loads the
    dump); its entries are kept all the same."""
    from dbnamelint.fixture_paths import is_test_file
    from dbnamelint.gitutil import diff_statuses, read_ahead, run_git, show_bytes
    from dbnamelint.impact.historyglobs import configured_excluded
    from dbnamelint.impact.migration_code import is_code
    from dbnamelint.services.code_ddl import (
        code_of,
        is_migration_text,
        may_be_migration,
        removed_history,
    )
    from dbnamelint.services.code_text import code_text

    listing = diff_statuses(repo, commit, cached=False).decode("utf-8", "surrogateescape")
    parts = listing.split("\0")
    statuses = list(zip(parts[0:-1:2], parts[1::2], strict=False))
    # a deleted file is known by its committed text: read for all in one git process
    read_ahead(repo, commit, [r for s, r in statuses if s == "D" and is_code(r)])
    applied: list[tuple[str, str, str | None]] = []
    added: list[str] = []
    for status, rel in statuses:
        if status == "A":
            added.append(rel)
        if status not in ("D", "M") or not is_code(rel) or is_test_file(rel):
            continue
        absolute = os.path.realpath(repo / rel)
        shown = Path(os.path.relpath(absolute, os.path.realpath(cwd))).as_posix()
        now_bytes: bytes | None = None
        if status == "M":
            try:
                now_bytes = (repo / rel).read_bytes()
            except OSError:
                now_bytes = None
        # a file a paths entry names (the model may read it), else one of the
        # project's a migration by its path or its text (one git read per
        # edited file only when it may be one: not for every code file a
        # large change edits)
        if not _in_tree(absolute, shown, cwd, tree) and (
            shown.startswith("../")
            or (
                status == "M"
                and not may_be_migration(rel, code_text(now_bytes) if now_bytes else None)
            )
        ):
            continue
        if configured_excluded(settings, cwd, shown):
            continue
        data = show_bytes(repo, commit, rel)
        if data is None or not is_migration_text(rel, code_text(data)):
            continue
        before = code_of(rel, data, mysql)
        now = code_of(rel, now_bytes, mysql) if now_bytes is not None else None
        applied.append((rel, before, now))
    if not applied:
        return []
    # a file moved to a name the model reads keeps its object: the DDL
    # strings of the files new since the base tell a move from a deletion
    others = run_git(repo, "ls-files", "-z", "--others", "--exclude-standard")
    added += filter(None, others.decode("utf-8", "surrogateescape").split("\0"))
    return removed_history(repo, cwd, commit, ref, False, applied, added, {}, mysql)


def _in_tree(absolute: str, shown: str, cwd: Path, tree: Sequence[str]) -> bool:
    """Whether the file at ``absolute`` (``shown`` from ``cwd``) is one a
    ``tree`` path names: below it, or matching it as a glob."""
    from dbnamelint.globs import GLOB_CHARS, translate_glob

    for path in tree:
        if GLOB_CHARS.search(path):
            pattern = Path(path).as_posix().removeprefix("./")
            if re.fullmatch(translate_glob(pattern), shown):
                return True
            continue
        root = os.path.realpath(cwd / path)
        if absolute == root or absolute.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False
