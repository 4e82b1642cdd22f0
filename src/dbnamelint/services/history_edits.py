"""Applied history the working tree edits or deletes since ``HEAD``: why an
entry that looks stale is not (``whitelist prune`` keeps it, ``check`` says
so), since every database that ran the migration still holds the name.

The ``DBN025`` errors come from the gate's own tests
(:mod:`dbnamelint.services.edited_history`, :mod:`dbnamelint.services.code_ddl`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from dbnamelint.config import Settings
from dbnamelint.model import Diagnostic, Severity
from dbnamelint.services.lint import Evaluation

__all__ = ["history_edited"]


def history_edited(
    run: Evaluation, cwd: Path, settings: Settings, tree: Sequence[str]
) -> list[Diagnostic]:
    """The ``DBN025`` errors of the working tree against ``HEAD``: each
    committed SQL migration the run reads whose SQL it edits
    (:func:`~dbnamelint.services.edited_history.edited_migrations`), each
    committed SQL migration below ``tree`` (and not excluded) that it deletes
    or renames away (:func:`~dbnamelint.services.edited_history.deleted_migrations`:
    deleting an applied migration drops nothing from the databases that ran
    it), each committed code migration the model reads there that it
    deletes (:func:`_deleted_code`: a Knex, Sequelize, db-migrate, TypeORM,
    Django, Alembic or Laravel migration; a Liquibase changelog is
    :func:`~dbnamelint.services.edited_history.deleted_migrations`'s)
    and each step of a Go migration list it removes, moves or rewrites
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
    from dbnamelint.services.code_ddl import list_history
    from dbnamelint.services.code_text import code_text
    from dbnamelint.services.edited_history import deleted_migrations, edited_migrations

    try:
        repo = repository_root(cwd)
        commit = resolve_commit(repo, "HEAD")
        out = edited_migrations(run.loaded.files, cwd, commit, "HEAD")
        gone = _deleted_read(repo, commit, cwd, settings, tree)
        if gone:
            out += deleted_migrations(gone, run.loaded.files, cwd, commit, "HEAD")
            out += _deleted_code(repo, commit, cwd, gone, _mysql(run))
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
            out += list_history(rel, source.path, code_text(before), code_text(now), "HEAD", ())
    except GitError:
        return []
    return [d for d in out if d.severity is Severity.ERROR]


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


def _deleted_code(
    repo: Path, commit: str, cwd: Path, gone: frozenset[str], mysql: bool
) -> list[Diagnostic]:
    """``DBN025`` for each file of ``gone`` (shown paths) that was a code
    migration the model reads at ``commit``: a Knex, Sequelize, db-migrate,
    node-pg-migrate, Kysely, TypeORM, Django, Alembic or Laravel migration
    (:func:`dbnamelint.code_migrations.code_migration_kind`), said as the
    gate says it (:func:`dbnamelint.services.code_ddl.removed_history`). A
    Go migration list is read only when ``paths:`` names its file: deleting
    it fails the run (``DBN002``) before anything is pruned. Each tool records
    the migration as applied (Knex's ``knex_migrations``, umzug's
    ``SequelizeMeta``, db-migrate's and TypeORM's ``migrations``,
    ``django_migrations``, ``alembic_version``, Laravel's ``migrations``),
    and deleting the file drops nothing it made."""
    from dbnamelint.code_migrations import code_migration_kind
    from dbnamelint.gitutil import diff_names, relative_to_repo, run_git, show_bytes
    from dbnamelint.services.code_ddl import code_of, removed_history
    from dbnamelint.services.code_text import code_text

    applied: list[tuple[str, str, str | None]] = []
    out: list[Diagnostic] = []
    for shown in sorted(gone):
        rel = relative_to_repo(repo, Path(os.path.normpath(cwd / shown)))
        data = show_bytes(repo, commit, rel) if rel is not None else None
        if rel is None or data is None:
            continue
        if code_migration_kind(shown, code_text(data)) is not None:
            applied.append((rel, code_of(rel, data, mysql), None))
    if applied:
        # a file moved to a name the model reads keeps its object: the DDL
        # strings of the files new since HEAD tell a move from a deletion
        listing = diff_names(repo, commit, cached=False, only="A").decode(
            "utf-8", "surrogateescape"
        )
        others = run_git(repo, "ls-files", "-z", "--others", "--exclude-standard")
        added = [
            *filter(None, listing.split("\0")),
            *filter(None, others.decode("utf-8", "surrogateescape").split("\0")),
        ]
        out += removed_history(repo, cwd, commit, "HEAD", False, applied, added, {}, mysql)
    return out
