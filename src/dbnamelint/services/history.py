"""The whitelist's git history, and the burn-down computed from it.

Every committed version of the whitelist is read with one ``git log`` and
one ``git cat-file --batch`` (not one process per commit), and an old
version that no longer parses is skipped with a note: history cannot be
edited, so an error there is not something the user can fix. A shallow
clone has no full history: progress is then reported as unknown, with the
command that fixes it, never as a wrong number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

import yaml
from msgspec.structs import replace

from dbnamelint.burndown import (
    Burndown,
    ModuleIndex,
    Snapshot,
    compute_burndown,
    phase_progress,
)
from dbnamelint.config import ConfigError, Settings
from dbnamelint.core.index import CatalogIndex
from dbnamelint.findings import CheckResult
from dbnamelint.gitutil import (
    GitError,
    Revision,
    file_history,
    is_shallow,
    read_blobs,
    relative_to_repo,
    repository_root,
)
from dbnamelint.impact import ScanError, collect_impact
from dbnamelint.model import Diagnostic, Location, Schema, Severity
from dbnamelint.runner.pipeline import load_paths
from dbnamelint.services.lint import (
    Evaluation,
    default_paths,
    source_settings,
    whitelist_display,
)
from dbnamelint.whitelist import Whitelist, load_whitelist, parse_whitelist
from dbnamelint.whitelist.changes import EntryIdentity

#: What a shallow clone needs to show progress.
SHALLOW_ADVICE = (
    "this is a shallow clone, so the whitelist's history is cut off and progress is unknown; "
    "fetch the whole history ('git fetch --unshallow', or 'fetch-depth: 0' in "
    "actions/checkout, 'GIT_DEPTH: 0' in GitLab CI)"
)

#: Phase progress could not be computed from history.
HISTORY_CODE = "DBN907"

Progress = Callable[[Sequence[Revision]], Iterable[Revision]]


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def _as_is(revisions: Sequence[Revision]) -> Iterable[Revision]:
    return revisions


def read_history(
    path: Path, display: str, *, progress: Progress = _as_is
) -> tuple[list[Snapshot] | None, list[str]]:
    """Every committed version of the whitelist, oldest first, plus notes.

    None (with a note saying why) when there is no full git history to read.
    ``progress`` wraps the revisions (a progress bar on a terminal).
    """
    try:
        repo = repository_root(path.parent if path.parent.is_dir() else Path.cwd())
    except GitError as exc:
        return None, [f"history not read: {exc}"]
    relative = relative_to_repo(repo, path)
    if relative is None:
        return None, [f"history not read: {display} is outside the git repository {repo}"]
    notes: list[str] = []
    try:
        if is_shallow(repo):
            return None, [f"history not read: {SHALLOW_ADVICE}"]
        try:
            revisions = file_history(repo, relative)
        except GitError as exc:
            # --follow's rename detection reads other files' blobs too; one
            # missing (a partial clone, a damaged mirror) need not lose the
            # whitelist's own history, only the versions before a rename.
            revisions = file_history(repo, relative, follow=False)
            notes.append(f"renames of {display} not followed (git log --follow failed: {exc})")
        blobs = read_blobs(repo, [r.blob for r in revisions])
    except GitError as exc:  # e.g. a repository without any commit yet
        return None, [f"history not read: {exc}"]
    if not revisions:
        notes.append(f"{display} has no committed history yet")
    snapshots: list[Snapshot] = []
    for revision in progress(revisions):
        if not revision.blob:  # the commit deleted the file: nothing left
            snapshots.append(Snapshot(revision.commit, revision.date, Whitelist(display)))
            continue
        where = f"{revision.path}@{revision.commit[:12]}"
        version = parse_old_version(blobs.get(revision.blob, b""), where)
        if isinstance(version, str):
            notes.append(f"skipped {revision.commit[:12]} ({revision.date[:10]}): {version}")
            continue
        snapshots.append(Snapshot(revision.commit, revision.date, version))
    return snapshots, notes


def parse_old_version(data: bytes, where: str) -> Whitelist | str:
    """A committed version of the whitelist, or why it cannot be read.

    Any failure is reported, not raised: an old version may hold anything
    (binary content, control characters, recursive aliases).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text ({exc.reason})"
    try:
        return parse_whitelist(text, where)
    except ConfigError as exc:
        return str(exc)
    except (yaml.YAMLError, ValueError, RecursionError, TypeError) as exc:
        return f"unreadable YAML ({type(exc).__name__})"


def collect_burndown(
    settings: Settings,
    cwd: Path,
    *,
    history: bool = True,
    progress: Progress = _as_is,
    schema: Schema | None = None,
    references: bool = False,
) -> Burndown:
    """The burn-down of the configured whitelist; raises WhitelistError for a bad file.

    ``schema`` (the current tree's model, when the caller has read it
    already) saves reading the tree again just to find modules.
    ``references`` also searches the code (as ``dbnamelint impact`` does)
    for the high-confidence references left per phase.
    """
    display = whitelist_display(settings, cwd)
    current = load_whitelist(
        settings.whitelist_path,
        display=display,
        known_rules=settings.registry,
        known_databases=settings.database_names,
    )
    notes: list[str] = []
    if not settings.whitelist_path.exists():
        notes.append(f"no whitelist at {display}")
    try:
        if schema is None:
            schema = load_paths(default_paths(settings, cwd), source_settings(settings)).schema
        catalog: CatalogIndex | None = CatalogIndex(schema)
    except ValueError as exc:  # bad source settings: modules unknown, numbers still right
        notes.append(f"modules unknown: {exc}")
        catalog = None
    identify = EntryIdentity(catalog, settings.dialect)
    snapshots: list[Snapshot] | None = None
    if history:
        snapshots, history_notes = read_history(settings.whitelist_path, display, progress=progress)
        notes += history_notes
        if snapshots is not None and (
            not snapshots
            or {identify(e) for e in snapshots[-1].whitelist.entries}
            != {identify(e) for e in current.entries}
        ):
            snapshots.append(Snapshot("", _now(), current))
    else:
        notes.append("--no-history: progress and trend not computed")
    index = ModuleIndex(catalog) if catalog is not None else None
    refs: dict[str, int] | None = None
    if references and schema is not None:
        try:
            impact = collect_impact(settings, cwd, schema=schema, whitelist=current)
            refs = impact.references_per_phase("high")
        except ScanError as exc:
            notes.append(f"code references not searched: {exc}")
    return compute_burndown(
        current,
        snapshots,
        module_of=index.module_of if index is not None else (lambda _e: "-"),
        notes=notes,
        identify=identify,
        references=refs,
    )


def phases_with_history(
    settings: Settings, cwd: Path, current: Evaluation, result: CheckResult
) -> CheckResult:
    """Fill each phase's ``done`` from the whitelist's history.

    Without a full history (no repository, a shallow clone) the phases keep
    ``done`` unknown and a warning says why and what to do: a wrong count
    is worse than none.
    """
    try:
        burndown = collect_burndown(settings, cwd, history=True, schema=current.loaded.schema)
    except ConfigError:
        return result
    if not burndown.history:
        why = next((n for n in burndown.notes if n.startswith("history not read")), None)
        if why is None:
            return result
        note = Diagnostic(
            Location(whitelist_display(settings, cwd), 1, 1),
            Severity.WARNING,
            f"phase progress unknown: {why.removeprefix('history not read: ')}",
            HISTORY_CODE,
        )
        return replace(result, diagnostics=(*result.diagnostics, note))
    return replace(result, phases=phase_progress(burndown))


def finished_phases(
    settings: Settings, cwd: Path, before: Whitelist, schema: Schema
) -> Callable[[str], frozenset[str]]:
    """For ``whitelist prune``: given the pruned text, the declared phases not
    yet ``status: done`` that ``burndown`` counts done (no entry left, one
    listed in some committed version or in ``before``, the file as prune read
    it).

    A merge or a hand edit that removed a phase's last entries leaves prune
    nothing to remove there; only the history tells such a phase from one
    declared ahead of its entries. Without a full history: none.
    """
    display = whitelist_display(settings, cwd)
    snapshots, _notes = read_history(settings.whitelist_path, display)

    def finished(text: str) -> frozenset[str]:
        if snapshots is None:
            return frozenset()
        try:
            after = parse_whitelist(text, display, settings.registry)
        except ConfigError:
            return frozenset()
        versions = [*snapshots, Snapshot("", _now(), before)]
        identify = EntryIdentity(CatalogIndex(schema), settings.dialect)
        burndown = compute_burndown(after, versions, identify=identify)
        declared = {p.id for p in after.phases if p.status != "done"}
        return frozenset(p.key for p in burndown.phases if p.status == "done" and p.key in declared)

    return finished
