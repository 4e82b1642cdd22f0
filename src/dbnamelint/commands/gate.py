"""``dbnamelint check --base REF``: the CI gate reports only what a change introduces.

The tree at REF is read straight from git's object store into a temporary
directory (the working tree and index are never touched) and checked with
the configuration of that tree, through the same :func:`evaluate` as the
current tree, so both sides agree on what a finding is. A finding then
fails the gate only when its object (kind + qualified name, never a line)
had no finding for the same rule at REF: new objects and renamed objects
are new identities, so a rename to another bad name is caught, while
legacy names that merely moved lines are not.

The whitelist may only shrink: an entry added or widened since REF fails
the gate (``--allow-whitelist-growth`` turns that into a warning), and
stale entries still fail, because the change that fixed a name must also
delete its entry. Removed entries are the burn-down: the markdown report
lists them under "Whitelist changes".
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import click

from dbnamelint.burndown import phase_progress
from dbnamelint.checking import Evaluation, default_paths, evaluate, whitelist_display
from dbnamelint.commands import verbose_text, write_report
from dbnamelint.commands.burndown import collect_burndown
from dbnamelint.commands.check import exit_code
from dbnamelint.config import ConfigError, Settings, load_settings
from dbnamelint.exitcodes import ExitCode
from dbnamelint.findings import CheckResult, Finding
from dbnamelint.gitutil import (
    GitError,
    extract_tree,
    relative_to_repo,
    repository_root,
    resolve_commit,
    show_file,
    under_any,
)
from dbnamelint.globs import GLOB_CHARS
from dbnamelint.model import Diagnostic, ObjectKind, Severity
from dbnamelint.report import View, render
from dbnamelint.whitelist import (
    Whitelist,
    WhitelistEntry,
    identity_name,
    parse_whitelist,
    split_name,
)

#: Diagnostic code for a whitelist entry added or widened since the base.
GROWTH_CODE = "DBN901"

FindingKey = tuple[str, str, str]
EntryKey = tuple[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class WhitelistChange:
    """One entry added, widened or removed since the base."""

    change: str  # "added" | "widened" | "removed"
    entry: WhitelistEntry
    rules_added: tuple[str, ...] = ()  # for "widened": the rules it now also excuses

    def as_dict(self) -> dict[str, object]:
        """The shape reports read from ``CheckResult.extra``."""
        out: dict[str, object] = {
            "change": self.change,
            "kind": self.entry.kind.value,
            "name": self.entry.name,
            "phase": self.entry.phase,
        }
        if self.entry.target:
            out["target"] = self.entry.target
        if self.change != "removed":
            out["rules"] = "all" if self.entry.rules is None else list(self.entry.rules)
            out["line"] = self.entry.location.line
        if self.rules_added:
            out["rules_added"] = list(self.rules_added)
        return out


# --------------------------------------------------------------------------
# Identities
# --------------------------------------------------------------------------


def finding_key(finding: Finding) -> FindingKey:
    """Rule + object identity; unquoted names fold case as SQL folds them."""
    name = identity_name(finding.object)
    return (
        finding.code,
        finding.object.kind.value,
        name if finding.object.quoted else name.casefold(),
    )


def _earlier_table_names(current: Evaluation) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """Renamed tables' earlier names, by (schema, current name)."""
    return {
        (o.schema, o.name): o.previous_names
        for o in current.loaded.schema.objects
        if o.kind is ObjectKind.TABLE and o.previous_names
    }


def _keys_at_base(
    finding: Finding, earlier: dict[tuple[str | None, str], tuple[str, ...]]
) -> set[FindingKey]:
    """The keys a finding may have had at the base.

    A column, index or constraint is identified through its table, so when a
    change renames the table (a legacy table to its target: the most common
    pull request of a renaming plan) its unchanged columns must still match
    their findings at the base under the table's earlier names.
    """
    keys = {finding_key(finding)}
    obj = finding.object
    if obj.table is not None:
        for old in earlier.get((obj.table_schema, obj.table), ()):
            moved = replace(finding, object=replace(obj, table=old))
            keys.add(finding_key(moved))
    return keys


def _entry_key(entry: WhitelistEntry) -> EntryKey:
    parts = tuple(text if quoted else text.casefold() for text, quoted in split_name(entry.name))
    return entry.kind.value, parts


def _rule_codes(rules: Sequence[str], settings: Settings) -> frozenset[str]:
    """Rules as codes where the registry knows them, so a name equals its code."""
    by_name = {cls.name: code for code, cls in settings.registry.items()}
    return frozenset(by_name.get(r.lower(), r.upper()) for r in rules)


def whitelist_changes(
    base: Whitelist, current: Whitelist, settings: Settings
) -> tuple[list[WhitelistChange], list[WhitelistChange]]:
    """(added or widened, removed) entries between two versions of the whitelist.

    Several entries for one object (each for some rules) are compared as
    the union of their rules; ``rules: all`` covers everything.
    """

    def grouped(wl: Whitelist) -> dict[EntryKey, list[WhitelistEntry]]:
        out: dict[EntryKey, list[WhitelistEntry]] = {}
        for entry in wl.entries:
            out.setdefault(_entry_key(entry), []).append(entry)
        return out

    def covered(entries: Sequence[WhitelistEntry]) -> frozenset[str] | None:
        if any(e.rules is None for e in entries):
            return None
        return frozenset().union(*(_rule_codes(e.rules or (), settings) for e in entries))

    before, after = grouped(base), grouped(current)
    grown: list[WhitelistChange] = []
    for key, entries in after.items():
        if key not in before:
            grown += [WhitelistChange("added", e) for e in entries]
            continue
        old, new = covered(before[key]), covered(entries)
        if old is None or (new is not None and new <= old):
            continue
        extra = ("all",) if new is None else tuple(sorted(new - old))
        widest = next((e for e in entries if e.rules is None), entries[-1])
        grown.append(WhitelistChange("widened", widest, extra))
    removed = [
        WhitelistChange("removed", e) for key, es in before.items() if key not in after for e in es
    ]
    return grown, removed


def growth_diagnostic(change: WhitelistChange, base: str, allowed: bool) -> Diagnostic:
    """A located problem on the entry's line, so CI annotates the whitelist itself."""
    entry = change.entry
    what = (
        f"whitelist entry added since {base}: {entry.kind.value} {entry.name}"
        if change.change == "added"
        else f"whitelist entry widened since {base}: {entry.kind.value} {entry.name} "
        f"now also excuses {', '.join(change.rules_added)}"
    )
    advice = (
        " (allowed by --allow-whitelist-growth)"
        if allowed
        else "; the whitelist may only shrink: fix the name instead, or pass "
        "--allow-whitelist-growth"
    )
    return Diagnostic(
        entry.location, Severity.WARNING if allowed else Severity.ERROR, what + advice, GROWTH_CODE
    )


# --------------------------------------------------------------------------
# The tree at the base
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mirror:
    """Maps working-tree paths to the extracted base tree and back."""

    repo: Path
    base_root: Path
    cwd: Path

    def to_base(self, path: Path | str) -> Path:
        absolute = Path(os.path.normpath(self.cwd / path))
        rel = relative_to_repo(self.repo, absolute)
        return absolute if rel is None else self.base_root / rel

    def shown(self, path: str) -> str:
        """A path the base run printed, as the working-tree run prints it."""
        candidate = Path(path)
        if not candidate.is_absolute():
            return path
        try:
            rel = candidate.relative_to(self.base_root)
        except ValueError:
            return path
        working = self.repo / rel
        try:
            return working.relative_to(self.cwd.resolve()).as_posix()
        except ValueError:
            return working.as_posix()


def _base_settings(settings: Settings, mirror: _Mirror, notes: list[str]) -> Settings:
    """The configuration as the base tree has it, else the current one re-rooted."""
    config = settings.config_path
    if config is not None:
        base_config = mirror.to_base(config)
        if base_config.is_file():
            base_cwd = mirror.to_base(mirror.cwd)
            base_cwd.mkdir(parents=True, exist_ok=True)
            try:
                return load_settings(base_cwd, base_config)
            except ConfigError as exc:
                notes.append(f"config at the base is unusable ({exc.message}); using today's")
        else:
            notes.append("no config at the base; using today's")
    return replace(
        settings,
        root=mirror.to_base(settings.root),
        whitelist_path=mirror.to_base(settings.whitelist_path),
        config_path=mirror.to_base(config) if config is not None else None,
    )


def _base_paths(paths: Sequence[str], base: Settings, mirror: _Mirror) -> list[str]:
    """Absolute paths to read at the base (only those that exist there).

    Absolute, because the sources layer resolves relative paths against the
    process's current directory, which stays in the working tree.
    """
    if paths:
        wanted = [str(mirror.to_base(p)) for p in paths]
    else:
        wanted = [str(base.root / p) for p in base.paths] or [str(base.root)]
    return [p for p in wanted if GLOB_CHARS.search(p) or Path(p).exists()]


def _extraction_filter(
    settings: Settings, paths: Sequence[str], mirror: _Mirror
) -> Callable[[str], bool]:
    """Extract only what the check can read: the root, the paths, config, whitelist."""
    places: list[Path] = [settings.root, settings.whitelist_path, *map(Path, paths)]
    if settings.config_path is not None:
        places.append(settings.config_path)
    prefixes = []
    for place in places:
        text = str(place)
        glob = GLOB_CHARS.search(text)
        if glob:  # extract from the fixed folder above the first wildcard
            text = text[: glob.start()].rsplit("/", 1)[0] or "."
        rel = relative_to_repo(mirror.repo, Path(os.path.normpath(mirror.cwd / text)))
        if rel is not None:
            prefixes.append(rel)
    return under_any(prefixes)


@dataclass(frozen=True, slots=True)
class _Base:
    """What the gate needs from the base tree."""

    commit: str
    keys: frozenset[FindingKey]
    diagnostics: frozenset[tuple[str, str, str]]
    whitelist: Whitelist | None  # None: unreadable there, growth not checked
    notes: tuple[str, ...]


def _diag_key(d: Diagnostic, shown: Callable[[str], str]) -> tuple[str, str, str]:
    return shown(d.location.path), d.code, d.message


def read_base(settings: Settings, paths: Sequence[str], *, cwd: Path, ref: str) -> _Base:
    """Check the tree at ``ref`` and keep what the comparison needs."""
    repo = repository_root(cwd)
    commit = resolve_commit(repo, ref)
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dbnamelint-base-") as tmp:
        mirror = _Mirror(repo, Path(tmp).resolve() / "tree", cwd.resolve())
        mirror.base_root.mkdir()
        extract_tree(repo, commit, mirror.base_root, _extraction_filter(settings, paths, mirror))
        base_settings = _base_settings(settings, mirror, notes)
        base_paths = _base_paths(paths, base_settings, mirror)
        keys: frozenset[FindingKey] = frozenset()
        diagnostics: frozenset[tuple[str, str, str]] = frozenset()
        if base_paths:
            evaluation = evaluate(base_settings, base_paths, mirror.base_root, use_whitelist=False)
            result = evaluation.result
            keys = frozenset(finding_key(f) for f in result.findings if not f.suppressed)
            diagnostics = frozenset(
                _diag_key(d, mirror.shown)
                for d in (*result.diagnostics, *result.unused_suppressions)
            )
    whitelist: Whitelist | None = Whitelist(whitelist_display(settings, cwd))
    rel = relative_to_repo(repo, settings.whitelist_path)
    text = show_file(repo, commit, rel) if rel is not None else None
    if text is not None:
        try:
            whitelist = parse_whitelist(text, f"{rel}@{ref}")
        except ConfigError as exc:
            notes.append(f"whitelist at {ref} is unreadable ({exc}); growth not checked")
            whitelist = None
    return _Base(commit, keys, diagnostics, whitelist, tuple(notes))


# --------------------------------------------------------------------------
# The gate
# --------------------------------------------------------------------------


def gate_result(
    current: Evaluation,
    base: _Base,
    *,
    ref: str,
    settings: Settings,
    allow_whitelist_growth: bool = False,
) -> CheckResult:
    """The current result narrowed to what the change introduced, plus growth."""
    result = current.result
    kept: list[Finding] = []
    preexisting = 0
    earlier = _earlier_table_names(current)
    for finding in result.findings:
        if finding.is_new and not base.keys.isdisjoint(_keys_at_base(finding, earlier)):
            preexisting += 1  # already failing at the base: not this change's doing
            continue
        kept.append(finding)
    diagnostics = [d for d in result.diagnostics if _diag_key(d, str) not in base.diagnostics]
    unused = [d for d in result.unused_suppressions if _diag_key(d, str) not in base.diagnostics]
    extra: dict[str, object] = dict(result.extra)
    extra.update({"base": ref, "base_commit": base.commit, "preexisting_findings": preexisting})
    if base.notes:
        extra["notes"] = list(base.notes)
    if base.whitelist is not None:
        grown, removed = whitelist_changes(base.whitelist, current.whitelist, settings)
        diagnostics += [growth_diagnostic(c, ref, allow_whitelist_growth) for c in grown]
        extra["whitelist_added"] = [c.as_dict() for c in grown]
        extra["whitelist_removed"] = [c.as_dict() for c in removed]
    return replace(
        result,
        findings=tuple(kept),
        diagnostics=tuple(diagnostics),
        unused_suppressions=tuple(unused),
        extra=extra,
    )


def phases_with_history(
    settings: Settings, cwd: Path, current: Evaluation, result: CheckResult
) -> CheckResult:
    """Fill each phase's ``done`` from the whitelist's history (best effort)."""
    try:
        burndown = collect_burndown(settings, cwd, history=True, schema=current.loaded.schema)
    except ConfigError:
        return result
    if not burndown.history:
        return result
    return replace(result, phases=phase_progress(burndown))


def evaluate_gate(
    settings: Settings,
    paths: Sequence[str],
    *,
    cwd: Path,
    base: str,
    allow_whitelist_growth: bool = False,
) -> CheckResult:
    """Run the gate; raises GitError (no repo, bad ref) and ConfigError (bad input)."""
    tree = tuple(paths) or default_paths(settings, cwd)
    base_state = read_base(settings, paths, cwd=cwd, ref=base)
    current = evaluate(settings, tree, cwd)
    result = gate_result(
        current,
        base_state,
        ref=base,
        settings=settings,
        allow_whitelist_growth=allow_whitelist_growth,
    )
    return phases_with_history(settings, cwd, current, result)


def run_gate(
    settings: Settings,
    paths: Sequence[str],
    *,
    cwd: Path,
    base: str,
    fmt: str = "text",
    output: Path | None = None,
    color: bool = False,
    allow_whitelist_growth: bool = False,
    view: View | None = None,
) -> ExitCode:
    """Check what changed since ``base`` and print the report; 2 for git problems."""
    try:
        result = evaluate_gate(
            settings, paths, cwd=cwd, base=base, allow_whitelist_growth=allow_whitelist_growth
        )
    except GitError as exc:
        click.echo(f"dbnamelint: --base {base}: {exc}", err=True)
        return ExitCode.USAGE
    except ConfigError as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return ExitCode.USAGE
    shown = whitelist_display(settings, cwd)
    view = view if view is not None else View(color=color)
    if view.verbose:
        tree = tuple(paths) or default_paths(settings, cwd)
        click.echo(verbose_text(settings, tree, None, shown), err=True, nl=False)
    text = render(result, fmt, whitelist_path=shown, view=view, cwd=cwd)
    write_report(text, output)
    return exit_code(result)
