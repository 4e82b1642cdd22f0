"""``dbnamelint check --base REF``: the CI gate reports only what a change introduces.

The tree at REF is read straight from git's object store into a temporary
directory (the working tree and index are never touched) and checked with
the configuration and whitelist of that tree, through the same
:func:`~dbnamelint.services.lint.evaluate` as the current tree, so both
sides agree on what a finding is. Identity is :class:`ObjectRef` throughout.

The ratchet:

- a finding fails when it did not already fail at REF: a new or renamed
  object, or one the base whitelist excused and the change no longer does
  (an entry deleted while the name still breaks the rule fails);
- the whitelist may only shrink: an entry added or widened since REF fails
  (``--allow-whitelist-growth`` makes that a warning); entries are compared
  by the object they denote, so rewriting ``"T"`` as ``public."T"`` is no
  change;
- every other way to excuse a name is growth too: an inline suppression
  that silences a finding no suppression silenced at REF (``DBN908``), and
  a config change that hides a finding REF's config raises on the changed
  tree (a rule turned off, a ``per_path`` ignore, a rule option widened:
  ``DBN909``, found by running REF's config over the changed tree);
- an entry removed counts as progress ("removed") only when its object no
  longer breaks the rules it excused; deleted unfixed it is "dropped";
- stale entries fail, because the change that fixed a name must also delete
  its entry;
- anything the gate could not check (an unreadable whitelist at REF) is an
  error, not a silent pass, and so is new DDL it does not read: dynamic
  (``DBN013``), or in a SQL file the change adds or edits outside the tree
  (``DBN032``, :mod:`.unchecked_ddl`), or in a Rails migration the change
  adds that ``structure.sql`` does not record (``DBN032``, :mod:`.rails_unrecorded`);
- adoption: when REF has no dbnamelint config and no whitelist at all, the
  change adds dbnamelint to the project, and the whitelist it adds is the
  baseline (a note says so); growth is refused whenever REF had either.

The pre-commit hook is the same gate against ``HEAD``: what fails the gate
fails the hook wherever it is located, and only what does not fail it is
restricted to the committed files (:func:`restrict_to_files`), so the two
cannot disagree.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint import flyway_code
from dbnamelint.config import ConfigError, Settings, drop_per_path_ignored
from dbnamelint.config.files import CONFIG_NAMES
from dbnamelint.core import readlog
from dbnamelint.core.diagnostics import DiagnosticSelection, DirectiveSpan
from dbnamelint.core.identity import ObjectRef, ref_of, split_name, stored_qualified_name
from dbnamelint.core.index import CatalogIndex, catalog_of
from dbnamelint.diagnostic_filter import filter_diagnostics
from dbnamelint.django_project_files import project_files
from dbnamelint.exitcodes import ExitCode, for_diagnostics
from dbnamelint.findings import CheckResult, Finding, GateInfo, WhitelistChange
from dbnamelint.flyway_baselines import configured_instances
from dbnamelint.frontends.rails.notes import ACCEPTED_DDL, RUNS_DDL
from dbnamelint.frontends.sql.client_follow import base_tree as client_base_tree
from dbnamelint.frontends.sql.client_include import key_text as include_key_text
from dbnamelint.frontends.sql.database_paths import LISTED_TWICE_CODE
from dbnamelint.frontends.sql.sources import (
    CODE_MIGRATION_CODE,
    LIQUIBASE_UNINCLUDED,
    NOT_READ_CODE,
    SourcePlan,
    unread_named_files,
)
from dbnamelint.gitutil import (
    GitError,
    diff_names,
    diff_statuses,
    exists_at,
    extract_tree,
    names_at,
    relative_to_repo,
    repository_root,
    resolve_commit,
    show_bytes,
    show_file,
    staged_tree,
    tree_names,
    under_any,
)
from dbnamelint.globs import GLOB_CHARS
from dbnamelint.liquibase_sql import CHANGELOG_SUFFIXES, is_changelog_text
from dbnamelint.migration_text import MADE_UNKNOWN, PLACEHOLDER_CODE
from dbnamelint.migration_versions import blaming_new_files
from dbnamelint.model import (
    TABLE_ATTACHED_KINDS,
    Diagnostic,
    Location,
    ObjectKind,
    Severity,
    SourceFile,
)
from dbnamelint.rails_dump import is_schema_rb
from dbnamelint.replay.routine_runs import BODY_DDL
from dbnamelint.replay.sequences import SEPARATE_DATABASES, SKIPPED_PREFIX, skipped_text
from dbnamelint.runner import readcache, settingscache
from dbnamelint.runner.pipeline import Loaded, load_paths
from dbnamelint.runner.runcache import config_files
from dbnamelint.services.code_ddl import code_ddl_gate, ddl_routines
from dbnamelint.services.code_gate import code_gate
from dbnamelint.services.drizzle_gate import journal_edits
from dbnamelint.services.dump_edits import dumps_edited_alone
from dbnamelint.services.edited_history import (
    EDITED_MIGRATION_CODE,
    deleted_migrations,
    edited_migrations,
)
from dbnamelint.services.finding_keys import FindingKey, finding_keys
from dbnamelint.services.flyway_code_gate import FLYWAY_CODE
from dbnamelint.services.go_code_gate import GO_MIGRATIONS
from dbnamelint.services.late_migrations import late_migrations
from dbnamelint.services.lint import (
    UNCHECKED_DDL_CODE,
    Evaluation,
    default_paths,
    evaluate,
    judged_note,
    source_settings,
    whitelist_display,
)
from dbnamelint.services.orphans import orphaned_statements
from dbnamelint.services.other_database_history import other_database_history
from dbnamelint.services.policy_relaxed import policy_relaxations, relaxed_codes
from dbnamelint.services.prisma_sync import PRISMA_SCHEMA_CODE, schema_places
from dbnamelint.services.rails_unrecorded import (
    unread_rails_dumps,
    unrecorded_rails_migrations,
)
from dbnamelint.services.relaxations import Hidden, grouped
from dbnamelint.services.routine_renames import routine_breaks
from dbnamelint.services.sqitch_gate import plan_edits
from dbnamelint.services.synapse_code_gate import python_delta_gate
from dbnamelint.services.temporal_gate import manifest_edits
from dbnamelint.services.transient import judge_transient, transient_keys
from dbnamelint.services.unchecked_ddl import changed_files, unchecked_ddl
from dbnamelint.services.unjudged_rollbacks import unjudged_rollbacks
from dbnamelint.services.unread_judge import judge_unread_ddl
from dbnamelint.services.upgrade_history import applied_upgrades
from dbnamelint.synapse_layout import NOT_REPLAYED_CODE, history_part
from dbnamelint.textsafe import visible
from dbnamelint.whitelist import Whitelist, WhitelistEntry, parse_whitelist
from dbnamelint.whitelist.changes import (
    EntryIdentity,
    moved_parts,
    rule_codes,
    whitelist_changes,
)
from dbnamelint.whitelist.copies_left import (
    COPY_NOT_RENAMED_CODE,
    copy_left_reason,
    renamed_copies,
)

if TYPE_CHECKING:  # imported where used: PyYAML only when a relaxation is reported
    from dbnamelint.services.relaxed_at import Locator

#: An entry added or widened since the base.
GROWTH_CODE = "DBN901"
#: An entry deleted while its object still breaks the rules it excused.
DROPPED_CODE = "DBN903"
#: Something at the base could not be used as it is (a note on how the base was read).
BASE_NOTE_CODE = "DBN904"
#: The whitelist at the base is unreadable: growth could not be checked.
BASE_WHITELIST_CODE = "DBN905"
#: An inline suppression added since the base silences a finding.
SUPPRESSION_GROWTH_CODE = "DBN908"
#: A config change since the base hides a finding the base's config raises.
CONFIG_RELAXED_CODE = "DBN909"
#: Dynamic SQL not read; its warning is text that may create, rename or drop objects.
DYNAMIC_DDL_CODE = "DBN013"
#: schema.rb's note on a statement not read (:mod:`dbnamelint.frontends.rails.reader`).
SCHEMA_RB_NOT_READ = "DBN917"
#: A statement running a routine whose body (in the file) holds DDL the reader did not read.
CALL_DDL_CODE = "DBN012"
#: What the gate says of a change as a whole: kept by the hook wherever located.
CHANGE_CODES = frozenset(
    {
        GROWTH_CODE,
        DROPPED_CODE,
        BASE_WHITELIST_CODE,
        SUPPRESSION_GROWTH_CODE,
        CONFIG_RELAXED_CODE,
        EDITED_MIGRATION_CODE,
    }
)


def _note(location: Location, message: str) -> Diagnostic:
    return Diagnostic(location, Severity.WARNING, message, BASE_NOTE_CODE)


# --------------------------------------------------------------------------
# Identities
# --------------------------------------------------------------------------


def growth_diagnostic(
    change: WhitelistChange, whitelist: str, base: str, allowed: bool
) -> Diagnostic:
    """A located problem on the entry's line, so CI annotates the whitelist itself."""
    if change.change == "added":
        what = f"whitelist entry added since {base}: {change.kind} {change.name}"
    elif change.change == "repointed":
        planned = f", not to its target {change.target}," if change.target else ""
        what = (
            f"whitelist entry for {change.kind} {change.rules_added[0]} follows its object's "
            f"rename since {base} to {change.name}{planned} and keeps the new name excused"
        )
    elif change.objects_added:
        what = (
            f"whitelist entry widened since {base}: {change.kind} {change.name} "
            f"now also excuses {', '.join(change.objects_added)}"
        )
    else:
        # rules: all (or no rules: key) is every rule, not a rule named "all"
        rules = "every rule" if change.rules_added == ("all",) else ", ".join(change.rules_added)
        what = (
            f"whitelist entry widened since {base}: {change.kind} {change.name} "
            f"now also excuses {rules}"
        )
    advice = (
        " (allowed by --allow-whitelist-growth)"
        if allowed
        else f"; the whitelist may only shrink: fix the name instead, or {ALLOW_GROWTH}"
    )
    return Diagnostic(
        Location(whitelist, max(change.line, 1), 1),
        Severity.WARNING if allowed else Severity.ERROR,
        what + advice,
        GROWTH_CODE,
    )


def dropped_diagnostic(
    change: WhitelistChange,
    whitelist: str,
    base: str,
    lines: int | None = None,
    copy_left: str | None = None,
) -> Diagnostic:
    """An entry deleted since the base although its object still breaks its rules,
    or (``copy_left``: why) while a copy of its object still has the old name
    another copy was renamed from (trial s23: the copy's rename plan is lost).

    Located at the entry's line in the base's whitelist, moved up to the
    current file's last line (``lines``) when that is shorter, so CI
    annotates the place the entry was deleted from (trial s22 temporal:
    always ``whitelist.yaml:1:1`` before)."""
    rules = "its rules" if change.rules is None else ", ".join(change.rules)
    line = max(change.base_line, 1)
    if lines is not None:
        line = min(line, max(lines, 1))
    if copy_left is not None:
        return Diagnostic(
            Location(whitelist, line, 1),
            Severity.ERROR,
            f"whitelist entry for {change.kind} {change.name} was deleted since {base}, but "
            f"{copy_left}",
            DROPPED_CODE,
        )
    return Diagnostic(
        Location(whitelist, line, 1),
        Severity.ERROR,
        f"whitelist entry for {change.kind} {change.name} was deleted since {base}, but the "
        f"name still breaks {rules}: rename the object (to {change.target}) or restore the entry"
        if change.target
        else f"whitelist entry for {change.kind} {change.name} was deleted since {base}, but the "
        f"name still breaks {rules}: rename the object or restore the entry",
        DROPPED_CODE,
    )


# --------------------------------------------------------------------------
# The tree at the base
# --------------------------------------------------------------------------


class _Mirror(Struct, frozen=True):
    """Maps working-tree paths to the extracted base tree and back."""

    repo: Path
    base_root: Path
    cwd: Path

    def to_base(self, path: Path | str) -> Path:
        absolute = Path(os.path.normpath(self.cwd / path))
        rel = relative_to_repo(self.repo, absolute)
        return absolute if rel is None else self.base_root / rel

    def to_working(self, path: Path) -> Path:
        """A path in the extracted base tree as the same path in the working tree."""
        try:
            return self.repo / path.relative_to(self.base_root)
        except ValueError:
            return path

    def shown_text(self, message: str) -> str:
        """A message of the base run with the paths it names in the base tree
        (another file, a folder: ``DBN023``) as the working-tree run names them."""
        here = self.cwd.resolve()
        # absolute, or relative to the current folder as most messages name
        # files (``../../dev/shm/dbnamelint-base-x/tree/app/utils.py``)
        roots = [f"{self.base_root.as_posix()}/"]
        with contextlib.suppress(ValueError):  # another drive: no relative form
            # the relative form first: it ends with the absolute one's text
            roots.insert(0, f"{Path(os.path.relpath(self.base_root, here)).as_posix()}/")
        if not any(root in message for root in roots):
            return message
        prefix = os.path.relpath(self.repo, here)
        working = "" if prefix == "." else f"{Path(prefix).as_posix()}/"
        for root in roots:
            message = message.replace(root, working)
        return message

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


def _base_settings(
    settings: Settings,
    config: Path | None,
    mirror: _Mirror,
    notes: list[Diagnostic],
    ref: str,
    adoption: bool,
    extract: Callable[[str], int],
) -> tuple[Settings, bool]:
    """The configuration as the base tree has it at ``config`` (a working-tree
    path), else the current one re-rooted; and whether it is the base's own
    (False: the current one stands in).

    ``adoption``: the base has no config at all (see :func:`adopts`), which
    the adoption note already says; no "no config" note then. ``extract``
    writes one more base file (a repository path) into the mirror, returning
    how many it wrote.
    """
    if config is not None:
        base_config = mirror.to_base(config)
        where = Location(mirror.shown(str(base_config)), 1, 1)
        # Not with local_rules: loading the working tree's config would import
        # its rule code, which the gate must not run (services.local_rules_gate).
        same = None if settings.local_rules else _unchanged_config(config, mirror)
        if same is not None:
            return _rerooted(same, mirror), True
        if base_config.is_file():
            base_cwd = mirror.to_base(mirror.cwd)
            base_cwd.mkdir(parents=True, exist_ok=True)
            try:
                return _load_extracting(base_cwd, base_config, mirror, extract), True
            except ConfigError as exc:
                notes.append(
                    _note(
                        where,
                        f"the config at {ref} is unusable ({exc.message}); "
                        "the base was checked with the current config",
                    )
                )
        elif not adoption:
            notes.append(
                _note(where, f"no config at {ref}; the base was checked with the current config")
            )
    return _rerooted(settings, mirror), False


#: ``extends`` files the base config may name beyond the working config's;
#: a bound only against a loop (each round extracts one more file).
_MAX_EXTRACTED_LAYERS = 64


def _load_extracting(
    cwd: Path, config: Path, mirror: _Mirror, extract: Callable[[str], int]
) -> Settings:
    """The base's settings, extracting each ``extends`` file the base config
    names that the extraction left out (it took the working config's files:
    a change that drops an ``extends`` file still has the base read it)."""
    from dbnamelint.config.errors import MissingLayerError

    for _ in range(_MAX_EXTRACTED_LAYERS):
        try:
            return _load(cwd, config)
        except MissingLayerError as exc:
            try:
                rel = exc.path.relative_to(mirror.base_root).as_posix()
            except ValueError:
                raise exc from None  # outside the repository: missing in both trees
            if not extract(rel):
                raise
    return _load(cwd, config)


def _load(cwd: Path, config: Path) -> Settings:
    """:func:`dbnamelint.config.load.load_settings`, imported only when a
    configuration is read (it imports pydantic and PyYAML); a simple config
    is read without pydantic (:mod:`dbnamelint.config.simple`)."""
    from dbnamelint.config.simple import simple_settings

    simple = simple_settings(cwd, config)
    if simple is not None:
        return simple
    from dbnamelint.config.load import load_settings

    return load_settings(cwd, config)


def _rerooted(settings: Settings, mirror: _Mirror) -> Settings:
    """``settings`` with its root, whitelist and config in the base tree."""
    return replace(
        settings,
        root=mirror.to_base(settings.root),
        whitelist_path=mirror.to_base(settings.whitelist_path),
        config_path=mirror.to_base(settings.config_path) if settings.config_path else None,
    )


def _unchanged_config(config: Path, mirror: _Mirror) -> Settings | None:
    """The working tree's configuration at ``config`` as the base would load it,
    when the base has every file it is read from with the same bytes, else None.

    The settings are a function of those bytes (the config, its ``extends``
    files, the packs) and of where they sit, so the working tree's, loaded
    without the command line's options and re-rooted, are the base's; they
    come from the settings cache, which spares the pre-commit hook loading
    the configuration a second time from the extracted base tree. Not taken
    without an active cache (nothing would be spared) or with ``local_rules``
    (Python the base may have in another version, which no layer lists).
    """
    if readcache.active() is None:
        return None
    cwd = mirror.cwd
    try:
        plain = settingscache.cached(cwd, ("gate base", repr(config)), lambda: _load(cwd, config))
    except ConfigError:
        return None  # the base's own load reports what is wrong, if the base has it too
    if plain.local_rules:
        return None
    for path in config_files(plain, cwd, whitelist=False):
        try:
            if path.read_bytes() != mirror.to_base(path).read_bytes():
                return None
        except OSError:
            return None
    return plain


def _on_working_tree(base: Settings, current: Settings, mirror: _Mirror) -> Settings:
    """The base's configuration applied to the working tree (its rules, options,
    ``per_path`` and paths; the current whitelist and config location)."""
    return replace(
        base,
        root=mirror.to_working(base.root),
        whitelist_path=current.whitelist_path,
        config_path=current.config_path
        or (mirror.to_working(base.config_path) if base.config_path else None),
        diagnostic_selection=current.diagnostic_selection,
    )


def _scratch() -> str | None:
    """Where the base tree is written: ``/dev/shm`` (memory) on Linux unless
    ``TMPDIR`` names a place, else the system's temporary folder.

    Every hook run writes the base's schema files and deletes them again; on
    a disk that is a file system journal entry per file and folder, which
    cost more wall time than reading them (the trial's 494-file tree).
    """
    if os.environ.get("TMPDIR"):
        return None
    shm = "/dev/shm"
    return shm if Path(shm).is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


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


#: Small files outside the paths read that say how their files are read.
_MANIFESTS = frozenset({"Cargo.toml", "go.mod", "dbconf.yml"})


def _extraction_filter(
    settings: Settings, paths: Sequence[str], mirror: _Mirror, config: Path | None
) -> Callable[[str], bool]:
    """Extract only what the check can read: the paths given, else the configured
    ``paths`` (else the root), and the config with the files it loads (layers,
    ``local_rules``) and the whitelist. A project whose config sits at the
    repository root with ``paths: [migrations]`` gets its migrations, not the
    whole repository, written out on every hook run. Every ``Cargo.toml``
    too (:func:`~dbnamelint.sqlx_crate.sqlx_driver_dialect` reads them), and every
    ``go.mod`` and ``dbconf.yml`` (which goose runs a migration decides how
    it is read: :func:`~dbnamelint.liamstask_goose.tree_goose`)."""
    read: list[Path] = [Path(p) for p in paths] or [settings.root / p for p in settings.paths]
    places: list[Path] = [*(read or [settings.root]), settings.whitelist_path]
    places += [Path(layer) for layer in settings.layers if not layer.startswith("pack:")]
    for rule in settings.local_rules:  # a .py path, or a module name under the root
        if rule.endswith(".py") or "/" in rule:
            places.append(settings.root / rule)
        else:
            module = rule.replace(".", "/")
            places += [settings.root / module, settings.root / f"{module}.py"]
    if config is not None:
        places.append(config)
    # A Prisma schema beside migrations among them (DBN029 compares the two).
    places += schema_places(read or [settings.root])
    # Flyway's Java migrations of the same classpath location (src/main/java/db/migration
    # beside src/main/resources/db/migration): applied history the gate judges.
    places += [o for r in read for o in flyway_code.package_siblings(r)]
    # A Go migration list's file steps name SQL files below its folder
    # (shiori's migrations/postgres/0001_initial.up.sql beside pg.go).
    places += [r.parent for r in read if r.suffix.lower() == ".go"]
    # A Django project's settings and its apps' labels and migrations, read with
    # a migrations folder (AUTH_USER_MODEL names the foreign keys: trial s42 plane).
    places += [f for r in read for f in project_files(mirror.cwd / r, mirror.repo)]
    places += [f for r in read if r.suffix.lower() == ".go" for f in _step_folders(r, settings)]
    prefixes = []
    for place in places:
        text = str(place)
        glob = GLOB_CHARS.search(text)
        if glob:  # extract from the fixed folder above the first wildcard
            text = text[: glob.start()].rsplit("/", 1)[0] or "."
        rel = relative_to_repo(mirror.repo, Path(os.path.normpath(mirror.cwd / text)))
        if rel is not None:
            prefixes.append(rel)
    inside = under_any(prefixes)
    # The Go files of the folders above those read: a Go migration list there
    # may run a read folder's files by name (dbnamelint.go_list_files).
    above = {"/".join(p.split("/")[:i]) for p in prefixes for i in range(p.count("/") + 2)}

    def wanted(path: str) -> bool:
        head, _, name = path.rpartition("/")
        # Every crate manifest too (small files): a crate's sqlx driver, which may
        # come from its workspace's or a path dependency's, is its folder's dialect.
        return inside(path) or name in _MANIFESTS or (name.endswith(".go") and head in above)

    return wanted


def _step_folders(go: Path, settings: Settings) -> list[Path]:
    """The folders of the files a Go migration list's file steps name, as the
    working tree has them (a step may name one relative to the project root,
    outside the list's folder: dbnamelint.go_list_files)."""
    from dbnamelint.go_list_files import file_steps

    try:
        text = go.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    steps = file_steps(str(go), text, str(go.parent), str(settings.root))
    return sorted({(go.parent / s.target).parent for s in steps})


def adopts(settings: Settings, repo: Path, commit: str, cwd: Path) -> bool:
    """Whether the tree at ``commit`` has no dbnamelint config and no whitelist at all.

    Looked up in git's object store where the config search would look
    (:func:`dbnamelint.config.files.find_config`: every folder from ``cwd``
    up to the repository root, each config name, a ``pyproject.toml`` with a
    ``[tool.dbnamelint]`` table), plus the configured config and whitelist
    paths and ``whitelist.yaml``/``whitelist.yml`` in those folders. Raises
    :class:`~dbnamelint.gitutil.GitError` only when git itself fails.
    """
    folders = _search_folders(repo, cwd)
    names = (*CONFIG_NAMES, "whitelist.yaml", "whitelist.yml", "pyproject.toml")
    wanted = {f"{folder}/{name}" if folder else name for folder in folders for name in names}
    for path in (settings.config_path, settings.whitelist_path):
        rel = relative_to_repo(repo, path) if path is not None else None
        if rel is not None:
            wanted.add(rel)
    listed = names_at(repo, commit, sorted(wanted))
    for found in filter(None, listed.decode("utf-8", "replace").split("\0")):
        if found.rsplit("/", 1)[-1] != "pyproject.toml":
            return False
        text = show_file(repo, commit, found)
        if text is None or _configures_us(text):
            return False
    return True


def _search_folders(repo: Path, cwd: Path) -> list[str]:
    """Repository-relative folders the config search looks in, nearest first."""
    folders: list[str] = []
    here = relative_to_repo(repo, cwd)
    while here is not None:
        folders.append("" if here in ("", ".") else here)
        if here in ("", "."):
            break
        here = here.rsplit("/", 1)[0] if "/" in here else ""
    return folders


def _at_commit(repo: Path, commit: str, path: Path | None) -> bool:
    """Whether ``path`` (a file in the working tree) exists in the tree at ``commit``."""
    rel = relative_to_repo(repo, path) if path is not None else None
    return rel is not None and exists_at(repo, commit, rel)


def base_config_path(repo: Path, commit: str, cwd: Path) -> str | None:
    """Where the config search would find a config in the tree at ``commit``
    (repository-relative), for a change that deleted it; None when none.

    As :func:`dbnamelint.config.files.find_config` looks: nearest folder
    first, config names in order, a ``pyproject.toml`` only with a
    ``[tool.dbnamelint]`` table. Raises GitError only when git fails.
    """
    names = (*CONFIG_NAMES, "pyproject.toml")
    wanted = [f"{f}/{n}" if f else n for f in _search_folders(repo, cwd) for n in names]
    listed = names_at(repo, commit, wanted)
    present = set(filter(None, listed.decode("utf-8", "replace").split("\0")))
    for candidate in wanted:
        if candidate not in present:
            continue
        if candidate.rsplit("/", 1)[-1] == "pyproject.toml":
            text = show_file(repo, commit, candidate)
            if text is None or not _configures_us(text):
                continue
        return candidate
    return None


def _configures_us(pyproject: str) -> bool:
    """Whether a pyproject.toml's text has a ``[tool.dbnamelint]`` table (unparsable: yes)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(pyproject)
    except tomllib.TOMLDecodeError:
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "dbnamelint" in tool


def adoption_note(whitelist: str, ref: str, entries: int) -> Diagnostic:
    """The note that a change adopting dbnamelint may add its whitelist."""
    return Diagnostic(
        Location(whitelist, 1, 1),
        Severity.INFO,
        f"no dbnamelint config or whitelist at {ref}: this change adopts dbnamelint, so the "
        + (
            "1 whitelist entry it adds is the baseline, "
            if entries == 1
            else f"{entries} whitelist entries it adds are the baseline, "
        )
        + "not growth; from the next change on the whitelist may only shrink",
        BASE_NOTE_CODE,
    )


class BaseState(Struct, frozen=True):
    """What the gate needs from the base tree.

    ``failing`` holds the findings that already failed at the base (not
    excused by its whitelist or an inline suppression); ``whitelist`` is
    None when the base's whitelist is unreadable (``problems`` says so).
    """

    commit: str
    failing: frozenset[FindingKey]
    diagnostics: frozenset[tuple[str, str, str]]
    whitelist: Whitelist | None
    problems: tuple[Diagnostic, ...]
    #: The base has no config and no whitelist: the change adopts dbnamelint.
    adoption: bool = False
    #: Findings an inline suppression silenced at the base.
    suppressed: frozenset[FindingKey] = frozenset()
    #: Every object of the base, with its file's dialect: copies of one
    #: schema (a PostgreSQL and a MySQL folder) share object references, so
    #: the dialect tells which copy held it.
    objects: frozenset[tuple[ObjectRef, str]] = frozenset()
    #: Statements the base could not read (``DBN004``/``DBN005``, silenced or
    #: not), as :func:`_diag_key` keys: one an inline ``ignore`` accepts now
    #: that is not among them is a new unread statement (``DBN908``).
    unread: frozenset[tuple[str, str, str]] = frozenset()
    #: Errors an inline directive silenced at the base (``Evaluation.silenced``),
    #: as :func:`_diag_key` keys: one silenced now that is not among them is ``DBN908``.
    silenced: frozenset[tuple[str, str, str]] = frozenset()
    #: The base's own configuration applied to the working tree (None: the
    #: base had none that loads), to find findings a config change hides.
    config: Settings | None = None
    #: The files the base run read, as the working-tree run shows them.
    files: frozenset[str] = frozenset()
    #: Where the base run noted Go migrations (``DBN014``), shown as ``files``.
    code_notes: frozenset[str] = frozenset()
    #: (file, separate database of the base's ``databases:``) of each base
    #: object kept in one, the file shown as ``files``: how the base's
    #: database labels map onto the current config's (:func:`relabeled`).
    databases: frozenset[tuple[str, str]] = frozenset()
    #: Every finding key of the base, failing, excused or on a name a later
    #: statement dropped or renamed away there (:mod:`.transient`): such a
    #: name the tree still has a transient finding on is history.
    known: frozenset[FindingKey] = frozenset()


def _diag_key(
    d: Diagnostic, shown: Callable[[str], str], text: Callable[[str], str] = str
) -> tuple[str, str, str]:
    return shown(d.location.path), d.code, text(d.message)


def _ddl_keys(
    diagnostics: Sequence[Diagnostic],
    shown: Callable[[str], str],
    text: Callable[[str], str] = str,
) -> dict[int, tuple[tuple[str, str, str], tuple[str, str, str]]]:
    """The keys of each :func:`unread_ddl` diagnostic of ``diagnostics`` (by
    ``id``): (its key with its details, its key without them). Both are
    numbered by its place among equal messages of its file in line order: a
    second ``CALL r.make_fn('BadFn')`` in a file whose first call was
    committed says what the first says, and a set of keys took it for the old
    one (trial s28 lemmy: the hook passed it as a note). The details of a
    ``DBN012`` note name the digest of the routine's definition, so a
    committed call of a body edited since has another key (lemmy again: a
    trigger renamed in ``utils.sql`` passed in silence)."""
    seen: dict[tuple[str, str, str], int] = {}
    out: dict[int, tuple[tuple[str, str, str], tuple[str, str, str]]] = {}
    ddl = [d for d in diagnostics if unread_ddl(d)]
    for d in sorted(ddl, key=lambda d: (d.location.path, d.location.line, d.location.column)):
        # a client include (\\ir file, source x.sql) by the include as written
        # (client_include.key_text)
        key = _diag_key(d, shown, lambda m: _ddl_key_text(text(m)))
        n = seen.get(key, 0)
        seen[key] = n + 1
        plain = key if n == 0 else (key[0], key[1], f"{key[2]}\0{n}")
        full = (plain[0], plain[1], "\0".join((plain[2], *d.details))) if d.details else plain
        out[id(d)] = (full, plain)
    return out


def _keys_of(
    diagnostics: Sequence[Diagnostic],
    shown: Callable[[str], str],
    text: Callable[[str], str] = str,
) -> list[tuple[Diagnostic, tuple[str, str, str], tuple[str, str, str]]]:
    """Each diagnostic with its keys (:func:`_ddl_keys` for unread DDL; else
    :func:`_diag_key` twice)."""
    numbered = _ddl_keys(diagnostics, shown, text)
    out = []
    for d in diagnostics:
        keys = numbered.get(id(d))
        if keys is None:
            key = _diag_key(d, shown, text)
            keys = (key, key)
        out.append((d, *keys))
    return out


def _base_whitelist(
    settings: Settings,
    repo: Path,
    commit: str,
    ref: str,
    cwd: Path,
    allow_growth: bool,
    path: Path | None = None,
) -> tuple[Whitelist | None, list[Diagnostic]]:
    """The whitelist at ``commit``: the file at ``path`` (where the base's own
    config put it; a change may move it) else at the current whitelist's path."""
    shown = whitelist_display(settings, cwd)
    rel = relative_to_repo(repo, path or settings.whitelist_path)
    text = show_file(repo, commit, rel) if rel is not None else None
    if text is None:
        return Whitelist(shown), []
    try:
        return parse_whitelist(text, f"{rel}@{ref}", settings.registry), []
    except (ConfigError, ValueError, RecursionError) as exc:
        problem = Diagnostic(
            Location(shown, 1, 1),
            Severity.WARNING if allow_growth else Severity.ERROR,
            f"the whitelist at {ref} is unreadable ({exc}); the gate cannot tell which "
            "findings were excused there or whether the whitelist grew"
            + (" (allowed by --allow-whitelist-growth)" if allow_growth else ""),
            BASE_WHITELIST_CODE,
        )
        return None, [problem]


def _included_fetcher(repo: Path, commit: str, mirror: _Mirror) -> Callable[[str], None]:
    """Writes the base commit's copy of a file (an absolute path in the base
    tree) that a client include names into the base tree, if the commit has it."""

    def fetch(path: str) -> None:
        try:
            rel = Path(path).relative_to(mirror.base_root).as_posix()
        except ValueError:
            return
        with contextlib.suppress(GitError):
            extract_tree(repo, commit, mirror.base_root, lambda name: name == rel)

    return fetch


def read_base(
    settings: Settings,
    paths: Sequence[str],
    *,
    cwd: Path,
    ref: str,
    allow_whitelist_growth: bool = False,
) -> BaseState:
    """Check the tree at ``ref`` with its own whitelist and keep what the comparison needs.

    Raises :class:`~dbnamelint.gitutil.GitError` (no repository, unknown ref).
    """
    repo = repository_root(cwd)
    for raw in paths:
        # A path outside the repository has no base version: reading the
        # current file as its own base would excuse every finding in it.
        if relative_to_repo(repo, Path(os.path.normpath(cwd / raw))) is None:
            raise GitError(
                f"{visible(raw)} is outside the repository ({repo}); the gate can only "
                "compare files git knows (check it without --base)"
            )
    commit = resolve_commit(repo, ref)
    adoption = adopts(settings, repo, commit, cwd)
    problems: list[Diagnostic] = []
    failing: frozenset[FindingKey] = frozenset()
    suppressed: frozenset[FindingKey] = frozenset()
    objects: frozenset[tuple[ObjectRef, str]] = frozenset()
    diagnostics: frozenset[tuple[str, str, str]] = frozenset()
    unread: frozenset[tuple[str, str, str]] = frozenset()
    silenced: frozenset[tuple[str, str, str]] = frozenset()
    base_files: frozenset[str] = frozenset()
    code_notes: frozenset[str] = frozenset()
    databases: frozenset[tuple[str, str]] = frozenset()
    known: frozenset[FindingKey] = frozenset()
    config = settings.config_path
    if not adoption and not _at_commit(repo, commit, config):
        # The change deleted or moved it: the base's is where the config
        # search finds one in the tree at the base.
        found = base_config_path(repo, commit, cwd)
        config = repo / found if found is not None else config
    with tempfile.TemporaryDirectory(prefix="dbnamelint-base-", dir=_scratch()) as tmp:
        # The base is keyed by its commit in the run cache: a replay need not
        # find this folder again (it is gone when the run ends).
        readlog.note_scratch(str(Path(tmp).resolve()))
        mirror = _Mirror(repo, Path(tmp).resolve() / "tree", cwd.resolve())
        mirror.base_root.mkdir()
        wanted = _extraction_filter(settings, paths, mirror, config)
        extract_tree(repo, commit, mirror.base_root, wanted)
        base_settings, own = _base_settings(
            settings,
            config,
            mirror,
            problems,
            ref,
            adoption,
            lambda rel: extract_tree(repo, commit, mirror.base_root, lambda path: path == rel),
        )
        # --dialect, --search-path: the base is read as HEAD is
        base_settings = settings.command_line_on(base_settings)
        on_working = _on_working_tree(base_settings, settings, mirror) if own else None
        whitelist, unreadable = _base_whitelist(
            settings,
            repo,
            commit,
            ref,
            cwd,
            allow_whitelist_growth,
            path=mirror.to_working(base_settings.whitelist_path) if own else None,
        )
        problems += unreadable
        base_paths = _base_paths(paths, base_settings, mirror)
        if base_paths:
            # client includes are followed in the base tree as in the working tree:
            # a file an include names is written out when the copy left it out
            # (it may be outside the checked paths: lib/x.sql.inc), and ``\\i``
            # and `source` are relative to the base tree's copy of the current directory.
            with client_base_tree(
                str(mirror.to_base(cwd)), _included_fetcher(repo, commit, mirror)
            ):
                evaluation = evaluate(
                    base_settings,
                    base_paths,
                    mirror.base_root,
                    whitelist=whitelist if whitelist is not None else Whitelist("(unreadable)"),
                    complete=True,
                )
            index = catalog_of(evaluation.loaded.schema)
            base_files = frozenset(
                mirror.shown(f.path) for f in (*evaluation.loaded.files, *evaluation.loaded.history)
            )
            code_notes = frozenset(
                mirror.shown(d.location.path)
                for d in evaluation.loaded.diagnostics
                if d.code == CODE_MIGRATION_CODE
            )
            databases = frozenset(
                (mirror.shown(o.location.path), o.source.database)
                for o in evaluation.loaded.schema.objects
                if o.source.database is not None
            )
            failing = frozenset(
                key
                for f in evaluation.result.findings
                if f.is_new
                for key in finding_keys(f, index)
            )
            suppressed = frozenset(
                key
                for f in evaluation.result.findings
                if f.suppressed
                for key in finding_keys(f, index)
            )
            objects = frozenset(
                (_unlabelled(ref_of(o)), o.source.dialect) for o in evaluation.loaded.schema.objects
            )
            known = transient_keys(evaluation) | {
                key for f in evaluation.result.findings for key in finding_keys(f, index)
            }
            result = evaluation.result
            # What the base says on its whitelist (a DBN910 bad target, a
            # DBN902 off-plan rename) is located at "whitelist.yaml@REF": the
            # same problem in the current whitelist is not this change's doing.
            at_ref = whitelist.path if whitelist is not None else None
            current_whitelist = whitelist_display(settings, cwd)

            def shown(path: str) -> str:
                return current_whitelist if path == at_ref else mirror.shown(path)

            diagnostics = frozenset(
                key
                for _d, full, plain in _keys_of(
                    [
                        *result.diagnostics,
                        *result.unused_suppressions,
                        *filter(unread_ddl, result.hidden_diagnostics),  # a CALL's DBN012 note
                    ],
                    shown,
                    # the other file a message names (DBN016's earlier file of
                    # its version) as the working-tree run names it
                    mirror.shown_text,
                )
                for key in (full, plain)
            )
            unread = frozenset(
                key
                for d in evaluation.loaded.diagnostics
                if d.code in _UNREAD_STATEMENT_CODES
                for key in (_diag_key(d, shown), _unread_key(d, shown))
            )
            silenced = frozenset(_diag_key(d, shown) for d in evaluation.silenced)
            # The base's skipped definitions (DBN023 info notes) are old; their
            # text names the other folder, a path in the base tree.
            diagnostics |= {
                _diag_key(d, shown, lambda m: skipped_text(mirror.shown_text(m)))
                for d in result.hidden_diagnostics
                if d.code == SEPARATE_DATABASES and d.message.startswith(SKIPPED_PREFIX)
            }
    return BaseState(
        commit,
        failing,
        diagnostics,
        whitelist,
        tuple(problems),
        adoption,
        suppressed=suppressed,
        objects=objects,
        unread=unread,
        silenced=silenced,
        config=on_working,
        files=base_files,
        code_notes=code_notes,
        databases=databases,
        known=known,
    )


def _synapse_skipped(current: Evaluation, settings: Settings, cwd: Path) -> list[SourceFile]:
    """The files of Synapse's numbered folders the run left out of its replay
    (``DBN007``), as the run would read them (:func:`history_part`)."""
    noted = {
        d.location.path
        for d in current.loaded.diagnostics
        if d.code == NOT_REPLAYED_CODE and d.location.line == 1
    }
    wanted = [p for p in sorted(noted) if history_part(Path(os.path.normpath(cwd / p)))]
    if not wanted:
        return []
    plan = SourcePlan.build(source_settings(settings), cwd)
    return [replace(plan.source_for(Path(os.path.normpath(cwd / p))), path=p) for p in wanted]


def _liquibase_unincluded(current: Evaluation, settings: Settings, cwd: Path) -> list[SourceFile]:
    """The Liquibase changelogs no changelog includes that the run left out
    (``DBN007``), as the run would read them: applied history all the same
    where an application runs them by name (OpenMRS's ``ChangeLogVersionFinder``
    picks ``liquibase-update-to-latest-<version>.xml`` in Java), so an edit
    of a committed changeset there is ``DBN025`` as in a read changelog
    (trial s33 openmrs: ``lock_until`` -> ``lockUntil`` passed)."""
    noted = {
        d.location.path
        for d in current.loaded.diagnostics
        if d.code == NOT_REPLAYED_CODE
        and d.location.line == 1
        and d.message.startswith(LIQUIBASE_UNINCLUDED)
    }
    if not noted:
        return []
    plan = SourcePlan.build(source_settings(settings), cwd)
    return [
        replace(plan.source_for(Path(os.path.normpath(cwd / p))), path=p) for p in sorted(noted)
    ]


def _liquibase_deleted(settings: Settings, cwd: Path, commit: str, *, staged: bool) -> set[str]:
    """The Liquibase changelogs holding changesets (XML, YAML, JSON) under the
    configured ``paths`` (not excluded) this change deletes since ``commit``,
    shown as the run shows paths: the base run read them, or noted them
    ``DBN007`` when no changelog includes them (an application may run them
    by name: :func:`_liquibase_unincluded`)."""
    repo = repository_root(cwd)
    gone = diff_names(repo, commit, cached=staged, only="D").decode("utf-8", "surrogateescape")
    tops = []
    for given in [str(settings.root / p) for p in settings.paths] or [str(settings.root)]:
        glob = GLOB_CHARS.search(given)
        # the fixed folder above the first wildcard
        top = given[: glob.start()].rsplit("/", 1)[0] or "/" if glob else given
        rel = relative_to_repo(repo, Path(os.path.normpath(top)))
        if rel is not None:
            tops.append(rel)
    inside = under_any(tops)
    plan = SourcePlan.build(source_settings(settings), cwd)
    out = set()
    for rel in filter(None, gone.split("\0")):
        if not rel.lower().endswith(CHANGELOG_SUFFIXES) or not inside(rel):
            continue
        if plan.is_excluded(repo / rel):
            continue
        data = show_bytes(repo, commit, rel)
        text = (data or b"")[:16_384].decode("utf-8", "replace")
        if not is_changelog_text(text) or "changeSet" not in (data or b"").decode(
            "utf-8", "replace"
        ):
            continue
        out.add(Path(os.path.relpath(repo / rel, cwd)).as_posix())
    return out


def _synapse_deleted(cwd: Path, commit: str, *, staged: bool) -> set[str]:
    """The files of Synapse's numbered folders this change deletes since
    ``commit``, shown as the run shows paths (the base run noted them
    ``DBN007`` rather than reading them: :func:`_synapse_skipped`)."""
    repo = repository_root(cwd)
    gone = diff_names(repo, commit, cached=staged, only="D").decode("utf-8", "surrogateescape")
    out = set()
    for rel in filter(None, gone.split("\0")):
        path = repo / rel
        if history_part(path) is not None:
            out.add(Path(os.path.relpath(path, cwd)).as_posix())
    return out


def relabeled(base: BaseState, current: Evaluation) -> BaseState:
    """``base`` with its ``databases:`` labels as the current config writes them.

    A database's key is a label for its folders: a change that renames
    ``b`` to ``bee`` (or adds a folder to a database) leaves every object
    where it was, yet the base's identities say ``b``; compared as they are,
    the base's failing findings would look new and its ``database: b``
    entries would look deleted and re-added (trial s19 atuin #3). A base
    label maps to the one current label every file it held now has; a label
    whose files went to several databases stays as it is.
    """
    now: dict[str, str | None] = {
        o.location.path: o.source.database for o in current.loaded.schema.objects
    }
    seen: dict[str, set[str | None]] = {}
    for path, label in base.databases:
        if path in now:
            seen.setdefault(label, set()).add(now[path])
    # None: the files are in no database of the current config (``databases:``
    # dropped, the databases merged into the tree's one).
    labels = {
        old: new for old, news in seen.items() for new in news if len(news) == 1 and new != old
    }
    if not labels:
        return base

    def keys(found: frozenset[FindingKey]) -> frozenset[FindingKey]:
        return frozenset((code, _relabel(ref, labels)) for code, ref in found)

    whitelist = base.whitelist
    if whitelist is not None:
        entries = tuple(
            replace(e, database=labels.get(e.database, e.database)) if e.database else e
            for e in whitelist.entries
        )
        whitelist = replace(whitelist, entries=entries)
    return replace(
        base,
        failing=keys(base.failing),
        suppressed=keys(base.suppressed),
        known=keys(base.known),
        whitelist=whitelist,
    )


def _relabel(ref: ObjectRef, labels: dict[str, str | None]) -> ObjectRef:
    if ref.database is None or ref.database not in labels:
        return ref
    return replace(ref, database=labels[ref.database])


# --------------------------------------------------------------------------
# The gate
# --------------------------------------------------------------------------


def _still_breaks(
    index: CatalogIndex, findings: Sequence[Finding], rule_names: dict[str, str]
) -> Callable[[WhitelistEntry], bool]:
    # A suppressed finding still breaks the rule: an entry traded for an
    # inline suppression is not progress (the suppression is DBN908).
    by_ref: dict[ObjectRef, set[str]] = {}
    for f in findings:
        by_ref.setdefault(ref_of(f.object), set()).update((f.code, f.rule))

    def breaks(entry: WhitelistEntry) -> bool:
        found = index.resolve(entry.kind, entry.parts, database=entry.database)
        if found is None:
            return False  # the object is gone: nothing left to fix
        broken = by_ref.get(ref_of(found.obj), set())
        wanted = rule_codes(entry.rules, rule_names)
        if wanted is None:
            return bool(broken)
        return bool(broken & (wanted | {r.lower() for r in entry.rules or ()}))

    return breaks


def _reach(
    index: CatalogIndex, renamed_tables: Mapping[str, str] | None = None
) -> Callable[[WhitelistEntry], frozenset[ObjectRef]]:
    """The objects an entry denotes in ``index``, as
    :func:`~dbnamelint.whitelist.apply.apply_whitelist` finds them: every copy
    its name resolves to (through a rename too, so a base entry and its edit
    that follows the rename denote one object: that is ``repointed``; and
    through ``renamed_tables``, :func:`_renamed_to_target`, for a name that
    denotes nothing)."""

    def reach(entry: WhitelistEntry) -> frozenset[ObjectRef]:
        found = index.resolve_all(entry.kind, entry.parts, database=entry.database)
        moved = moved_parts(entry, renamed_tables or {}) if not found else None
        if moved is not None:
            found = index.resolve_all(entry.kind, moved, database=entry.database)
        return frozenset(ref_of(c.obj) for c in found)

    return reach


def _allowed(advice: str, allowed: bool) -> str:
    return (
        " (allowed by --allow-whitelist-growth)"
        if allowed
        else f"; exceptions may only shrink: {advice}, or {ALLOW_GROWTH}"
    )


#: How a refusal says growth can be accepted, on the command line (CI).
ALLOW_GROWTH = "pass --allow-whitelist-growth"
#: The same in the pre-commit hook, where no flag can be passed per commit:
#: pre-commit's own ``SKIP`` (the CI gate still judges the change) or the
#: hook's ``args:`` (appended to its ``entry``, for every commit).
HOOK_ALLOW_GROWTH = (
    "to accept it, commit with `SKIP=dbnamelint git commit ...` (CI's `check --base` "
    "judges it again) or add `args: [--allow-whitelist-growth]` to the hook in "
    ".pre-commit-config.yaml (in a commit of its own made with SKIP=dbnamelint: the "
    "hook refuses a commit that relaxes its own arguments, DBN909)"
)


def for_hook(result: CheckResult) -> CheckResult:
    """``result`` with each refusal's advice told as the pre-commit hook can follow it."""
    diagnostics = tuple(
        replace(d, message=d.message.replace(ALLOW_GROWTH, HOOK_ALLOW_GROWTH))
        if ALLOW_GROWTH in d.message
        else d
        for d in result.diagnostics
    )
    return replace(result, diagnostics=diagnostics)


def suppression_growth(
    current: Evaluation, base: BaseState, ref: str, allowed: bool
) -> list[Diagnostic]:
    """``DBN908`` for each finding an inline suppression silences now and none
    silenced at the base (a new one, or one the base's whitelist excused)."""
    if base.adoption:
        return []  # the adopting change sets the baseline, suppressions included
    index = catalog_of(current.loaded.schema)
    out = []
    for f in current.result.findings:
        if not f.suppressed or not base.suppressed.isdisjoint(finding_keys(f, index)):
            continue
        out.append(
            Diagnostic(
                f.location,
                Severity.WARNING if allowed else Severity.ERROR,
                f"inline suppression added since {ref} silences {f.code} on {f.kind.value} "
                f"{stored_qualified_name(f.object)!r}"
                + _allowed("fix the name instead of suppressing it", allowed),
                SUPPRESSION_GROWTH_CODE,
            )
        )
    return out


def silenced_growth(
    current: Evaluation, base: BaseState, ref: str, allowed: bool
) -> list[Diagnostic]:
    """``DBN908`` for each error an inline directive silences now
    (``Evaluation.silenced``: a Prisma schema's ``// dbnamelint:
    ignore[DBN029]``) that none silenced at the base: a directive added, or
    a new difference at the line an old one covers (trial s43 formbricks)."""
    if base.adoption:
        return []
    return [
        Diagnostic(
            d.location,
            Severity.WARNING if allowed else Severity.ERROR,
            f"inline ignore[{d.code}] silences an error not silenced at {ref}: {d.message}"
            + _allowed("fix it instead of suppressing it", allowed),
            SUPPRESSION_GROWTH_CODE,
        )
        for d in current.silenced
        if _diag_key(d, str) not in base.silenced
    ]


#: A statement the reader could not read (its names are neither checked nor modelled).
_UNREAD_STATEMENT_CODES = frozenset({"DBN004", "DBN005"})


def _unread_key(d: Diagnostic, shown: Callable[[str], str]) -> tuple[str, str, str]:
    """:func:`_diag_key` of an unread statement's error with its text's digest
    (its ``details``): an edit of the statement is another key."""
    return shown(d.location.path), d.code, "\n".join((d.message, *d.details))


def accepted_unread(
    current: Evaluation, base: BaseState, ref: str, allowed: bool
) -> list[Diagnostic]:
    """``DBN908`` for each statement the reader cannot read (``DBN004``,
    ``DBN005``) that an inline ``ignore``, or the config's ``ignore`` or
    ``per_path`` ``ignore``, accepts now and the base did not have (new, or
    its text edited): its names are never checked, so accepting it is growth
    as a naming suppression is (trial s24 photoprism: ``-- dbnamelint:
    ignore[DBN004]`` over ``ALTER IGNORE TABLE photos ADD COLUMN
    photoRating INT`` passed the hook)."""
    if base.adoption:
        return []
    out = []
    ignored = current.result.ignored_diagnostics
    selection = current.settings
    for d in current.loaded.diagnostics:
        if d.code not in _UNREAD_STATEMENT_CODES or d.severity is not Severity.ERROR:
            continue
        if _unread_key(d, str) in base.unread:
            continue  # the very statement the base accepted
        # the same place and message, another text: an edit of the statement an
        # ignore accepted (trial s29 dolphinscheduler: an ALTER TABLE added in the
        # body of an accepted `delimiter d//` block passed)
        edited = _diag_key(d, str) in base.unread
        kept = filter_diagnostics(
            CheckResult(findings=(), diagnostics=(d,)),
            DiagnosticSelection(show_info=True),
            current.loaded.directives,
        )
        inline = not (kept.diagnostics or kept.hidden_diagnostics)
        if not inline and (
            d not in ignored
            # --ignore on the command line: the CI job's narrowing, not the change's
            or (
                not selection.diagnostic_selection.lists(d.code, d.severity)
                and selection.config_selection.lists(d.code, d.severity)
            )
        ):
            continue  # not accepted: the error itself fails the run
        # The config's `ignore`/`per_path` accepts it alike (trial s39 dolibarr: a
        # column added to a CREATE TABLE under `per_path: ignore: [DBN004]` passed).
        accepts = f"an inline ignore[{d.code}]" if inline else f"the config's ignore of {d.code}"
        out.append(
            Diagnostic(
                d.location,
                Severity.WARNING if allowed else Severity.ERROR,
                (
                    f"the statement {accepts} accepts changed since {ref}, "
                    "and dbnamelint cannot read it"
                    if edited
                    else f"inline ignore[{d.code}] added since {ref} accepts a statement "
                    "dbnamelint cannot read"
                    if inline
                    else f"the config's ignore of {d.code} accepts a statement new since {ref} "
                    "that dbnamelint cannot read"
                )
                + ": the names it creates, renames or drops are neither checked nor "
                "in the model" + _allowed("write the statement so it reads", allowed),
                SUPPRESSION_GROWTH_CODE,
            )
        )
    return out


def _policy(settings: Settings) -> tuple[object, ...]:
    """What decides which findings a tree has, comparable between two configs."""
    rules = tuple((type(r), r.code, r.options, sev) for r, sev in settings.rules)
    return (
        rules,
        settings.fail_on,
        settings.per_path,
        tuple(sorted(settings.modules.items())),
        settings.module_pattern,
        settings.paths,
        source_settings(settings),
    )


def hidden_by_config(
    current: Evaluation, base: BaseState, paths: Sequence[str], cwd: Path
) -> list[Finding]:
    """Findings the base's config raises on the changed tree (the files both
    configs read: :func:`_both_trees`) that the current config does not raise
    at all (a rule turned off, a ``per_path`` ignore, a widened option, a path
    left out), those the current whitelist excuses included: the rule off
    stops new names too (their ``whitelisted`` flag words the diagnostic).
    Findings on objects the current model lacks, in files it reads, are left
    out (:func:`_in_model`): the base's config left their rename unread.

    Empty when the base had no config of its own, when the policy is the same
    on both sides, or when ``--select``/``--ignore`` narrowed this run (the
    narrowing is the caller's, written in the CI job for reviewers to see).
    """
    settings, config = current.settings, base.config
    if config is None or settings.narrowed or _policy(config) == _policy(settings):
        return []
    tree = tuple(paths) or _both_trees(settings, config, cwd)
    same_reading = source_settings(config) == source_settings(settings) and tree == (
        tuple(paths) or default_paths(settings, cwd)
    )
    again = evaluate(
        config,
        tree,
        cwd,
        whitelist=current.whitelist,
        loaded=current.loaded if same_reading else _read_both(current, config, tree, cwd),
        complete=False,
    )
    # Raised means raised loud enough to fail a run: a rule's severity
    # lowered below ``fail_on`` (or ``fail_on`` raised) hides its findings as
    # surely as the rule turned off (trial s17 hydra #1).
    now_fails, base_fails = current.result.fail_on, again.result.fail_on
    raised = catalog_of(current.loaded.schema)
    raised_keys = {
        key
        for f in current.result.findings
        if f.severity.at_least(now_fails)
        for key in _config_free_keys(f, raised)
    }
    index = catalog_of(again.loaded.schema)
    modelled = _in_model(current)
    # A whitelisted finding counts too: turning off the rule a legacy name is
    # excused from also stops it for every new name (trial s17 #2), and the
    # next change, compared with the relaxed base, would pass one.
    return [
        f
        for f in again.result.findings
        if (f.is_new or f.whitelisted)
        and f.severity.at_least(base_fails)
        and _config_free_keys(f, index).isdisjoint(raised_keys)
        and modelled(f)
    ]


def _read_both(current: Evaluation, base: Settings, tree: Sequence[str], cwd: Path) -> Loaded:
    """``tree`` read with the base's config, its ``exclude`` leaving out no
    file the current config reads: an `exclude` the change drops lets in a
    migration (a rename of a legacy table, a new bad name under a rule the
    change turns off) that the base's config must see to judge the change."""
    keep = tuple(sorted({os.path.realpath(cwd / f.path) for f in current.loaded.files}))
    return load_paths(tree, replace(source_settings(base), keep=keep))


def _in_model(current: Evaluation) -> Callable[[Finding], bool]:
    """Whether a finding of the base's config run is on an object the current
    config's model holds (by identity, an attached object under its table's
    earlier names too), or in a file the current config does not read.

    A file the current config reads holding an object its model lacks was
    renamed or dropped by a file only the current config reads (an
    `exclude` the change removes, with the rename it lets in): the finding
    exists only because the base's config left that file unread, and hides
    nothing. A file the current config leaves out hides its objects: kept.
    """
    schema = current.loaded.schema
    index = catalog_of(schema)
    refs = {
        replace(ref_of(obj, table=table) if table else ref_of(obj), database=None)
        for obj in schema.objects
        for table in (None, *index.owner_names(obj))
    }
    read = {f.path for f in current.loaded.files}
    return lambda f: f.location.path not in read or replace(ref_of(f.object), database=None) in refs


def _config_free_keys(finding: Finding, index: CatalogIndex) -> set[tuple[str, ObjectRef, str]]:
    """:func:`finding_keys` as both configs' runs over one tree can compare them.

    The ``database`` of a reference is the config's label for a set of
    folders (``databases:``): a key renamed (``b`` -> ``bee``) or a folder
    added to a database relabels every object without hiding any finding
    (trial s19 atuin #3). Both runs read the same files, so the file that
    holds the finding tells the separate databases apart instead.
    """
    path = finding.location.path
    return {(code, replace(ref, database=None), path) for code, ref in finding_keys(finding, index)}


def _both_trees(current: Settings, base: Settings, cwd: Path) -> tuple[str, ...]:
    """The current config's paths, then those only the base's config reads.

    Reading more files is no relaxation: a migration the change adds to
    ``paths`` renames a table the base's paths still see under its old
    name. Reading fewer is one: the files the change stops reading are
    still read, so the findings on their objects count.
    """
    now = default_paths(current, cwd)
    return now + tuple(p for p in default_paths(base, cwd) if p not in now)


def relaxation_diagnostics(
    hidden: Sequence[Finding],
    config_shown: str,
    ref: str,
    allowed: bool,
    locate: Locator | None = None,
) -> list[Diagnostic]:
    """``DBN909`` on the config file, one per change that hides findings, at
    that change (``locate``: :mod:`.relaxed_at`; else line 1): how many it
    hides and the first few, each in full in ``details``
    (:func:`.relaxations.grouped`; a lone finding keeps its own sentence)."""
    items = []
    for f in hidden:
        name = f"{f.kind.value} {stored_qualified_name(f.object)!r}"
        items.append(
            Hidden(
                locate(f.code, f.location.path) if locate else Location(config_shown, 1, 1),
                f.code,
                f"{name} ({f.location})",
                f"the config change since {ref} hides {f.code} on {name} ({f.location}): "
                f"{f.message}"
                + (
                    f" (the whitelist excuses this name at {ref}; with the config so "
                    "changed, new names that break it pass too)"
                    if f.whitelisted
                    else ""
                ),
                "restore the config or fix the name",
                f.whitelisted,
            )
        )
    return grouped(items, ref=ref, allowed=allowed, code=CONFIG_RELAXED_CODE, growth=ALLOW_GROWTH)


def unread_ddl(d: Diagnostic) -> bool:
    """Whether ``d`` is DDL the run did not read: a ``DBN013`` warning (dynamic
    text that may create, rename or drop objects), a ``DBN012`` note on a
    statement running a routine whose body holds DDL (:data:`BODY_DDL`), or a
    ``DBN006`` note on a placeholder that is all of a name a statement makes."""
    if d.code == DYNAMIC_DDL_CODE:
        from dbnamelint.doctrine_schema import RENAME_TABLE_LOSES_ROWS

        # Doctrine's renameTable is read (as the CREATE and DROP it runs):
        # its warning stays a warning
        return d.severity is Severity.WARNING and RENAME_TABLE_LOSES_ROWS not in d.message
    if d.code == SCHEMA_RB_NOT_READ:
        # a schema.rb statement not read that holds DDL (`execute "ALTER ..."`)
        return RUNS_DDL in d.message
    if d.code == PLACEHOLDER_CODE:
        # `CREATE TABLE ${t}`: a name no rule reads (goose's ENVSUB fills it)
        return MADE_UNKNOWN in d.message
    return d.code == CALL_DDL_CODE and BODY_DDL in d.message


def refusable_ddl(d: Diagnostic) -> bool:
    """:func:`unread_ddl`, but not a schema.rb statement its ``# dbnamelint:
    ignore[DBN917] <reason>`` comment accepts (a note that keeps the key of
    the same statement without the comment, which Rails drops on the next
    dump: :func:`_ddl_key_text`)."""
    return unread_ddl(d) and not (d.code == SCHEMA_RB_NOT_READ and ACCEPTED_DDL in d.message)


def _ddl_key_text(message: str) -> str:
    """:func:`include_key_text` of ``message``, without schema.rb's accepted mark."""
    return include_key_text(message.replace(ACCEPTED_DDL, ""))


def new_dynamic_ddl(
    diagnostics: Sequence[Diagnostic], ref: str, changed: Collection[int] = ()
) -> list[Diagnostic]:
    """``diagnostics`` (those new since ``ref``) with each :func:`unread_ddl` one
    made an error: dynamic SQL that may create, rename or drop objects, or a
    routine running DDL, hides its names from every rule, so a change adding
    it would pass the gate whatever it names (a rename moved into ``EXECUTE
    format(...)``). The inline ``-- dbnamelint: ignore[DBN013] reason`` (or
    ``ignore[DBN012]``) on the statement is the reviewed way through;
    the same diagnostic at the base, on the same statement, is not this
    change's doing and was left out before this is called."""
    return [
        replace(
            d,
            severity=Severity.ERROR,
            message=f"{d.message}; "
            + (
                f"the routine's definition changed since {ref}, so this statement runs DDL "
                "it did not run there and the gate refuses it"
                if id(d) in changed
                else f"new since {ref}, so the gate refuses it"
            )
            + (
                ": its names cannot be checked. Check them by hand and write `# dbnamelint: "
                f"ignore[{d.code}] <reason>` on the line above it to accept it (Rails drops "
                "the comment when it dumps schema.rb again; the statement is at the base "
                "by then, and stays a note)"
                if d.code == SCHEMA_RB_NOT_READ
                else ": its names cannot be checked. A fizz script has no comments to accept "
                "it with: write it with fizz's calls and literal names, or as SQL in sql(...)"
                if d.location.path.lower().endswith(".fizz")
                else ": its names cannot be checked. Check them by hand and write "
                f"`{_comment_mark(d.location.path)} dbnamelint: ignore[{d.code}] <reason>` "
                + (
                    "on the line above it to accept it"
                    if _comment_mark(d.location.path) != "--"
                    else "before the statement to accept it"
                )
            ),
        )
        if refusable_ddl(d)
        else d
        for d in diagnostics
    ]


#: Code files whose line comments start with ``#`` and ``//``: the code
#: migrations read as SQL (:mod:`dbnamelint.code_migrations`) and the code
#: the gate reads DDL strings of.
_HASH_COMMENTS = (".py", ".rb", ".ex", ".exs")
_SLASH_COMMENTS = (
    ".php", ".js", ".cjs", ".mjs", ".ts", ".cts", ".mts", ".go", ".java", ".kt", ".cs", ".rs",
)  # fmt: skip


def _comment_mark(path: str) -> str:
    """How a line comment starts in the file at ``path``: ``#`` in Python
    (an Alembic or Django migration), Ruby and Elixir, ``//`` in PHP,
    JavaScript/TypeScript (a Knex, Kysely, Sequelize or db-migrate
    migration), Go, Java, Kotlin, C# and Rust, else SQL's ``--``."""
    lower = path.lower()
    if lower.endswith(_HASH_COMMENTS):
        return "#"
    return "//" if lower.endswith(_SLASH_COMMENTS) else "--"


def skipped_definitions(
    diagnostics: Sequence[Diagnostic], base: BaseState, directives: Sequence[DirectiveSpan]
) -> list[Diagnostic]:
    """The notes (``DBN023`` info) on definitions the run skips unchecked that
    the base did not have, less those an inline ``ignore[DBN023]`` accepts."""
    fresh = tuple(
        d
        for d in diagnostics
        if d.code == SEPARATE_DATABASES
        and d.severity is Severity.INFO
        and d.message.startswith(SKIPPED_PREFIX)
        and _diag_key(d, str, skipped_text) not in base.diagnostics
    )
    return list(
        filter_diagnostics(
            CheckResult(findings=(), diagnostics=fresh),
            DiagnosticSelection(show_info=True),
            directives,
        ).diagnostics
    )


def refused_unchecked(notes: Sequence[Diagnostic], ref: str) -> list[Diagnostic]:
    """Each new skipped definition (:func:`skipped_definitions`) as an error: a
    ``CREATE TABLE IF NOT EXISTS`` of a table another folder of the same
    database created is a no-op there, so no rule ever reads its names and a
    change adding one passed the gate whatever it named (trial s19 atuin #2).
    """
    return [
        replace(
            d,
            severity=Severity.ERROR,
            message=f"{d.message}; new since {ref}, so the gate refuses it: if the two "
            "folders are separate databases, list them apart in the config's `databases:` "
            "(docs/reading.md: Several separate databases in one tree) and its names are checked; "
            "if they are one, the statement does nothing: delete it, or write the change "
            "as an ALTER TABLE",
        )
        for d in notes
    ]


def _unusable(d: Diagnostic) -> bool:
    """A config the run cannot use (a mistyped path, a file two databases
    list): nothing was judged, so it is reported even when the base had it."""
    return for_diagnostics((d,)) is ExitCode.USAGE


def gate_result(
    current: Evaluation,
    base: BaseState,
    *,
    ref: str,
    settings: Settings,
    whitelist_shown: str,
    allow_whitelist_growth: bool = False,
    hidden: Sequence[Finding] = (),
    config_shown: str = "dbnamelint.yaml",
    locate: Locator | None = None,
) -> CheckResult:
    """The current result narrowed to what the change introduced, plus the ratchet.

    ``hidden``: findings a config change hides (:func:`hidden_by_config`),
    reported on ``config_shown`` where ``locate`` places them.
    """
    result = current.result
    index = catalog_of(current.loaded.schema)
    kept: list[Finding] = []
    preexisting = 0
    for finding in result.findings:
        if finding.is_new and not base.failing.isdisjoint(finding_keys(finding, index)):
            preexisting += 1  # already failing at the base: not this change's doing
            continue
        kept.append(finding)
    # A statement running a routine that runs DDL is an info note, hidden unless
    # --verbose: the gate refuses a new one all the same.
    calls = [d for d in result.hidden_diagnostics if unread_ddl(d)]
    keyed = _keys_of([*result.diagnostics, *calls], str)
    diagnostics = new_dynamic_ddl(
        [d for d, full, _plain in keyed if full not in base.diagnostics or _unusable(d)],
        ref,
        changed={id(d) for d, full, plain in keyed if full != plain and plain in base.diagnostics},
    )
    old_calls = {id(d) for d, full, _plain in keyed if full in base.diagnostics}
    unused = [d for d in result.unused_suppressions if _diag_key(d, str) not in base.diagnostics]
    diagnostics += base.problems
    diagnostics += suppression_growth(current, base, ref, allow_whitelist_growth)
    diagnostics += accepted_unread(current, base, ref, allow_whitelist_growth)
    diagnostics += silenced_growth(current, base, ref, allow_whitelist_growth)
    diagnostics += relaxation_diagnostics(hidden, config_shown, ref, allow_whitelist_growth, locate)
    changes: tuple[WhitelistChange, ...] = ()
    if base.whitelist is not None:
        rule_names = {cls.name: code for code, cls in settings.registry.items()}
        breaks = _still_breaks(index, result.findings, rule_names)
        # A copy still named so while another was renamed: its plan is lost too.
        copies_left: dict[tuple[str, str, int], str] = {}

        def still_breaks(entry: WhitelistEntry) -> bool:
            why = copy_left_reason(entry, index)
            if why is None:
                return breaks(entry)
            copies_left[(entry.kind.value, entry.name, entry.location.line)] = why
            return True

        renamed = _renamed_to_target(base.whitelist, index)
        changes = whitelist_changes(
            base.whitelist,
            current.whitelist,
            identify=EntryIdentity(index, settings.dialect, renamed),
            rule_names=rule_names,
            still_breaks=still_breaks,
            reach=_reach(index, renamed),
            several_databases=bool(settings.database_names),
        )
        diagnostics += newly_excused(
            result.findings,
            base,
            changes,
            index,
            whitelist_shown,
            ref,
            allow_whitelist_growth,
            renamed,
        )
        added = [c for c in changes if c.change == "added"]
        if base.adoption and added:
            diagnostics.append(adoption_note(whitelist_shown, ref, len(added)))
        for change in changes:
            if base.adoption and change.change == "added":
                continue  # the adopting change sets the baseline
            if change.change in ("added", "widened", "repointed"):
                diagnostics.append(
                    growth_diagnostic(change, whitelist_shown, ref, allow_whitelist_growth)
                )
            elif change.change == "dropped":
                why = copies_left.get((change.kind, change.name, change.base_line))
                diagnostics.append(
                    dropped_diagnostic(change, whitelist_shown, ref, _line_count(settings), why)
                )
    return replace(
        result,
        findings=tuple(kept),
        diagnostics=tuple(diagnostics),
        hidden_diagnostics=tuple(
            d for d in result.hidden_diagnostics if id(d) in old_calls or not unread_ddl(d)
        ),
        unused_suppressions=tuple(unused),
        gate=GateInfo(ref, base.commit, preexisting, changes),
    )


def _renamed_to_target(whitelist: Whitelist, index: CatalogIndex) -> dict[str, str]:
    """The base's table entries whose table the tree no longer has under the
    entry's name but has under its ``target`` (folded name -> target): a
    table renamed where no replayed history says so, a full schema edited in
    place beside its new upgrade script (``migrate``'s ``upgrades`` layout).
    An entry of such a table's column, index or constraint rewritten to the
    new table name denotes the same object, not a new one."""
    out: dict[str, str] = {}
    for entry in whitelist.entries:
        if entry.kind is not ObjectKind.TABLE or not entry.target or len(entry.parts) != 1:
            continue
        if index.resolve(ObjectKind.TABLE, entry.parts, database=entry.database) is not None:
            continue
        target = split_name(entry.target)
        if len(target) != 1 or index.resolve(ObjectKind.TABLE, target) is None:
            continue
        name, quoted = entry.parts[0]
        out[name if quoted else name.casefold()] = target[0][0]
    return out


def _unlabelled(ref: ObjectRef) -> ObjectRef:
    """``ref`` without its ``databases:`` label: a change may rename labels or
    merge databases (:func:`relabeled`); entries scoped by one are judged by
    their reach (:func:`~dbnamelint.whitelist.changes.whitelist_changes`)."""
    return ref if ref.database is None else replace(ref, database=None)


def newly_excused(
    findings: Sequence[Finding],
    base: BaseState,
    changes: Sequence[WhitelistChange],
    index: CatalogIndex,
    whitelist_shown: str,
    ref: str,
    allowed: bool,
    renamed_tables: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """A ``DBN901`` per object the whitelist excuses that the base did not
    hold in a file of the same dialect (under its table's earlier names
    too, ``renamed_tables``' included: :func:`_renamed_to_target`): an
    object this change makes under a legacy name that an unchanged entry
    matches, most often in the other copy of a schema kept for two
    databases (trial s28 kestra: an index made new in ``jdbc-mysql/`` under
    the name of the PostgreSQL copy's legacy one passed, excused, while the
    whitelist did not grow). Located at the object. Left to the entry's own
    ``DBN901``: an object whose entry this change adds, widens or repoints."""
    if base.adoption or base.whitelist is None or not base.objects:
        return []
    touched = {
        (c.kind, c.name.rsplit(".", 1)[-1].casefold())
        for c in changes
        if c.change in ("added", "widened", "repointed")
    }
    out: list[Diagnostic] = []
    seen: set[tuple[str, str, int, int]] = set()
    for f in findings:
        if not f.whitelisted or f.suppressed:
            continue
        obj = f.object
        dialect = obj.source.dialect
        refs = {ref_of(obj), *(ref_of(obj, table=t) for t in index.owner_names(obj))}
        if obj.table is not None:
            refs |= {
                ref_of(obj, table=old)
                for old, new in (renamed_tables or {}).items()
                if new.casefold() == obj.table.casefold()
            }
        refs = {_unlabelled(r) for r in refs}
        if any((r, dialect) in base.objects for r in refs):
            continue
        if (obj.kind.value, obj.name.casefold()) in touched:
            continue
        where = obj.location
        spot = (where.path, obj.kind.value, where.line, where.column)
        if spot in seen:
            continue
        seen.add(spot)
        copy = f" ({dialect})" if dialect else ""
        out.append(
            Diagnostic(
                where,
                Severity.WARNING if allowed else Severity.ERROR,
                f"{obj.kind.value} {obj.name}{copy} is new since {ref}, and an entry of "
                f"{whitelist_shown} written for a legacy object of that name excuses it: an "
                "entry excuses the objects it was written for, not a new one named like "
                "them (in another copy of the schema, or anywhere)"
                + _allowed("fix the name", allowed),
                GROWTH_CODE,
            )
        )
    return out


def _line_count(settings: Settings) -> int | None:
    """How many lines the current whitelist has (None: unreadable or absent)."""
    try:
        return len(settings.whitelist_path.read_bytes().splitlines()) or 1
    except OSError:
        return None


def evaluate_gate(
    settings: Settings,
    paths: Sequence[str],
    *,
    cwd: Path,
    base: str,
    allow_whitelist_growth: bool = False,
    use_whitelist: bool = True,
    pre_commit: bool = False,
) -> tuple[Evaluation, CheckResult]:
    """Run the gate; raises GitError (no repo, bad ref) and ConfigError (bad input).

    ``pre_commit``: the change is what the index holds (a deletion not staged is
    not committed), and the refusals' advice is worded for the hook (:func:`for_hook`).
    """
    tree = tuple(paths) or default_paths(settings, cwd)
    base_state = read_base(
        settings, paths, cwd=cwd, ref=base, allow_whitelist_growth=allow_whitelist_growth
    )
    with blaming_new_files(base_state.files):  # a duplicate version: the new file is wrong
        current = evaluate(settings, tree, cwd, use_whitelist=use_whitelist)
    base_state = relabeled(base_state, current)
    hidden = hidden_by_config(current, base_state, paths, cwd)
    # DDL strings new code runs (a hand-rolled migration runner): their names
    # judged, by the base's config too when the change relaxes it.
    config = base_state.config
    relaxing = config is not None and not settings.narrowed and _policy(config) != _policy(settings)
    code = code_ddl_gate(
        current,
        cwd,
        base_state.commit,
        base,
        staged=pre_commit,
        base_config=config if relaxing else None,
        base_notes=base_state.code_notes,
    )
    hidden = [*hidden, *code.hidden]
    shown = _config_shown(settings, base_state, cwd)
    locators: list[Locator] = []

    def locate(code: str, where: str | None) -> Location:
        # Read (the config and its base) only when a relaxation is reported.
        if not locators:
            locators.append(_relaxation_locator(settings, base_state, cwd, shown))
        return locators[0](code, where)

    result = gate_result(
        current,
        base_state,
        ref=base,
        settings=settings,
        whitelist_shown=whitelist_display(settings, cwd),
        allow_whitelist_growth=allow_whitelist_growth,
        hidden=hidden,
        config_shown=shown,
        locate=locate,
    )
    # A new migration numbered below one already committed (DBN016: what its runner does), and
    # a committed migration edited in place, deleted or renamed (DBN025): history rewritten.
    # Migrations a baseline stands for are not replayed, but older databases ran them.
    files = (*current.loaded.files, *current.loaded.history)
    # Another database's copy left out (init's excluded H2 Flyway folder) is
    # that database's applied history all the same: compared as text, not read.
    other = other_database_history(
        settings, cwd, base_state.commit, staged=pre_commit, read=[f.path for f in files]
    )
    with configured_instances(settings.flyway_locations):
        late = late_migrations(
            (*files, *other.sources),
            base_state.files | other.committed,
            base,
            cwd=cwd,
            events=current.loaded.events,
        )
    # Synapse deltas a new database skips (DBN007: at or below the full schema it
    # starts from) still run on an older database upgrading past them: history too.
    synapse_old = _synapse_skipped(current, settings, cwd)
    base_skipped = _synapse_deleted(cwd, base_state.commit, staged=pre_commit)
    # Liquibase changelogs no changelog includes (DBN007): an application may run
    # them by name (OpenMRS), so their committed changesets are history too.
    synapse_old += _liquibase_unincluded(current, settings, cwd)
    base_skipped |= _liquibase_deleted(settings, cwd, base_state.commit, staged=pre_commit)
    # Upgrade scripts below a full schema that `exclude` leaves out (as `init`
    # writes it: icingadb's schema/mysql/upgrades/) are what older databases ran.
    upgrades = applied_upgrades(
        settings, cwd, base_state.commit, staged=pre_commit, scratch=_scratch()
    )
    edited = [
        *edited_migrations(
            (*files, *synapse_old, *upgrades.sources, *other.sources),
            cwd,
            base_state.commit,
            base,
            upgrades.schemas,
            current.loaded.included,
            copies=other.databases,
        ),
        *journal_edits(files, cwd, base_state.commit, base),
        *plan_edits(files, cwd, base_state.commit, base, staged=pre_commit),
        *manifest_edits(files, cwd, base_state.commit, base, staged=pre_commit),
        *deleted_migrations(
            base_state.files | base_skipped | (other.committed & other.databases.keys()),
            (*files, *synapse_old),
            cwd,
            base_state.commit,
            base,
            staged=pre_commit,
            upgrades=upgrades.schemas,
            copies=other.databases,
        ),
    ]
    # Go migrations (goose, zdb), Flyway's Java and Kotlin ones (per classpath location):
    # versioned and applied as SQL ones, never read as SQL.
    known: list[frozenset[str]] = []

    def routines() -> frozenset[str]:
        # the tree's routines running DDL, read once, when a new one's string may run one
        if not known:
            known.append(ddl_routines(current))
        return known[0]

    coded = [
        d
        for tool in (GO_MIGRATIONS, FLYWAY_CODE)
        for d in code_gate(
            tool,
            current.loaded.diagnostics,
            base_state.code_notes,
            cwd,
            base_state.commit,
            base,
            staged=pre_commit,
            routines=routines,
        )
    ]
    # Synapse's Python deltas: recorded in applied_schema_deltas as its SQL ones are.
    coded += python_delta_gate(
        [*(f.path for f in files), *base_state.files],
        cwd,
        base_state.commit,
        base,
        staged=pre_commit,
    )
    edited += [d for d in coded if d.code == EDITED_MIGRATION_CODE]
    late = (*late, *(d for d in coded if d.code != EDITED_MIGRATION_CODE))
    # New dynamic DDL that a config change (an `ignore: [DBN013]` added) keeps
    # from failing: the same relaxation, where no inline directive accepts it.
    dynamic = filter_diagnostics(
        CheckResult(
            findings=(),
            diagnostics=tuple(
                d
                for d in current.loaded.diagnostics
                if refusable_ddl(d) and _diag_key(d, str) not in base_state.diagnostics
            ),
        ),
        DiagnosticSelection(show_info=True),
        current.loaded.directives,
    ).diagnostics
    # New definitions no rule reads (DBN023: IF NOT EXISTS of another folder's table).
    skipped = skipped_definitions(current.loaded.diagnostics, base_state, current.loaded.directives)
    # SQL files the change adds or edits that the run does not read (outside
    # `paths`, excluded, a rollback folder's stray file): new DDL there is a
    # migration no rule judged (DBN032); the rest are DBN008 warnings, which
    # the hook adds itself for the files it is given.
    # Paths named on the command line narrow what is read, not what is judged:
    # the gate judges the change (`check --base main db/` and a new folder beside db).
    change = changed_files(cwd, base, staged=pre_commit)
    unchecked, unread_notes, unread_judged = unchecked_ddl(
        change,
        current.loaded,
        settings,
        tree,
        cwd=cwd,
        base_commit=base_state.commit,
        ref=base,
        base_config=base_state.config,
        adopting=base_state.adoption,
        staged=pre_commit,
        unread=unread_ddl,
        named=bool(paths),
    )
    # A Rails migration added while structure.sql (what the run read) lacks its version.
    unchecked += unrecorded_rails_migrations(files, cwd, base_state.commit, staged=pre_commit)
    # A column the change renames that a trigger's routine still names (NEW.a):
    # the rename succeeds, the next write of the table fails (confirmation s42).
    body_breaks = routine_breaks(current.loaded, change, cwd)
    # A Rails dump the run does not read (another database's, schema.rb after a
    # schema_format switch) holding new DDL; migrations of an app whose dump the
    # base read and the run no longer does (trial s30 mastodon).
    # (a schema.rb is Ruby: its new DDL is what the schema.rb reader makes of it,
    # not its text read as SQL)
    unchecked = [d for d in unchecked if not is_schema_rb(d.location.path)]
    unchecked += unread_rails_dumps(
        change,
        files,
        base_state.files,
        cwd,
        base_state.commit,
        base,
        staged=pre_commit,
        dialect=settings.dialect,
        skip=frozenset(d.location.path for d in unchecked),
    )
    # Rollbacks are not replayed: one making a name no forward file made is said (DBN033).
    rollbacks = unjudged_rollbacks(
        change,
        current.loaded,
        settings,
        cwd=cwd,
        base_commit=base_state.commit,
        ref=base,
        staged=pre_commit,
        skip={d.location.path for d in unchecked},
    )
    noted_rollbacks = {d.location.path for d in rollbacks}
    # A schema dump edited while no migration of the project's code folders
    # is (trial s32 unleash: a rename by sed in db/schema.sql): DBN008.
    dump_edits = dumps_edited_alone(
        change, current.loaded.files, cwd, base_state.commit, base, staged=pre_commit
    )
    unread_notes = [d for d in unread_notes if d.location.path not in noted_rollbacks]
    edits = edits_hidden(
        # Edited-migration errors (not the notes of what may move), new dynamic
        # DDL, new skipped definitions and new DDL in files not read.
        [
            *unchecked,
            *body_breaks,
            *(d for d in edited if d.severity is Severity.ERROR),
            # (a CALL's note listed as the error the gate makes it, not hidden)
            *(replace(d, severity=Severity.ERROR) for d in dynamic),
            *(d for d in coded if d.code in (DYNAMIC_DDL_CODE, CALL_DDL_CODE)),
            *refused_unchecked(skipped, base),
            # what the reader could not read in new code DDL (an ignored DBN004)
            *(d for d in code.said if d.severity is Severity.ERROR),
            # any other new error the config leaves out (`ignore: [DBN029]` beside a
            # Prisma schema edit: trial s38 rallly), not one an inline directive takes
            *(
                d
                for d in current.result.ignored_diagnostics
                if d.severity is Severity.ERROR and _diag_key(d, str) not in base_state.diagnostics
            ),
        ],
        settings,
        base_state.config,
        cwd,
        ref=base,
        config_shown=shown,
        locate=locate,
    )
    relaxed = grouped(
        edits,
        ref=base,
        allowed=allow_whitelist_growth,
        code=CONFIG_RELAXED_CODE,
        growth=ALLOW_GROWTH,
    )
    # A code the changed config stops failing on while no finding shows it yet
    # (confirmation s39: relax in one PR, add the bad names in the next).
    if config is not None and not settings.narrowed:
        relaxed += policy_relaxations(
            relaxed_codes(settings, config),
            ref=base,
            allowed=allow_whitelist_growth,
            growth=ALLOW_GROWTH,
            locate=_policy_locator(settings, base_state, cwd, shown),
            reported={f.code for f in hidden} | {h.code for h in edits},
            taken={
                d.location for d in (*result.diagnostics, *relaxed) if d.code == CONFIG_RELAXED_CODE
            },
        )
    refused = refused_unchecked(skipped, base)
    # (the hook adds its own DBN008 notes for the files it is given, but not
    # the wording of a file whose new names were judged: trial s29 coder)
    noted = [d for d in unread_notes if judged_note(d)] if pre_commit else unread_notes
    # New DDL in a file a reviewed `exclude` leaves out (the full schema.sql copy): judged.
    unread, unread_hidden = judge_unread_ddl(
        current, unread_judged, failing=base_state.failing, cwd=cwd, unread=unread_ddl
    )
    # Names new statements make that later ones drop or rename away: never in
    # the final model the rules judged, yet in the databases that ran them.
    # (a commit: what the index changes; else the working tree, untracked files too)
    staged_change = {_real(str(cwd / p)) for p in change}
    same = unchanged_since(cwd, base)
    transient, excusing = judge_transient(
        current,
        (lambda p: _real(str(cwd / p)) in staged_change) if pre_commit else (lambda p: not same(p)),
        known=base_state.known | base_state.failing,
        cwd=cwd,
    )
    if code.findings or unread or transient:
        result = replace(result, findings=(*result.findings, *code.findings, *unread, *transient))
    excusing = excusing | code.excusing  # (and one excusing a name new code makes)
    if excusing:  # not stale: it excuses a name this change makes and drops
        result = replace(
            result,
            stale_whitelist=tuple(e for e in result.stale_whitelist if e.location not in excusing),
        )
    result = with_notes(
        result,
        (
            *late,
            *edited,
            *refused,
            *unchecked,
            *body_breaks,
            *noted,
            *rollbacks,
            *dump_edits,
            *relaxed,
            *code.said,
            *new_dynamic_ddl(unread_hidden, base),
            *orphaned_statements(current.loaded.schema.objects, base_state.objects, base),
        ),
        settings,
        cwd,
    )
    return current, for_hook(result) if pre_commit else result


def _shown_by(fresh: Sequence[Diagnostic], settings: Settings, cwd: Path) -> list[Diagnostic]:
    """The diagnostics of ``fresh`` that ``settings`` shows (not ignored, not
    hidden by a ``per_path`` ignore)."""
    shown = with_notes(CheckResult(findings=()), fresh, settings, cwd).diagnostics
    kept = {(d.code, d.location, d.message) for d in shown}  # a severity may be overridden
    return [d for d in fresh if (d.code, d.location, d.message) in kept]


_EDIT_ADVICE = "restore the config or write a new migration"
# What undoes each relaxation: dynamic DDL has its own inline acceptance.
_RELAXATION_ADVICE = {
    DYNAMIC_DDL_CODE: "restore the config, or accept the statement with an inline "
    "`-- dbnamelint: ignore[DBN013] <reason>` (`// dbnamelint: ignore[DBN013] <reason>` "
    "in a Go migration)",
    SEPARATE_DATABASES: "restore the config, or list the folders apart in `databases:`",
    CALL_DDL_CODE: "restore the config, or accept the statement with an inline "
    "`-- dbnamelint: ignore[DBN012] <reason>`",
    UNCHECKED_DDL_CODE: "restore the config, add the file's folder to `paths`, or accept "
    "its DDL with an inline `-- dbnamelint: ignore[DBN032] <reason>`",
}


def edits_hidden_by_config(
    edited: Sequence[Diagnostic],
    settings: Settings,
    base_config: Settings | None,
    cwd: Path,
    *,
    ref: str,
    config_shown: str,
    allowed: bool,
    locate: Locator | None = None,
) -> list[Diagnostic]:
    """``DBN909`` for each edited-migration error (``DBN025``), or new dynamic
    DDL (``DBN013``), the base's config shows and the changed config ignores:
    turning the check off in the same change that rewrites a migration is a
    relaxation like any rule turned off. ``locate``: where in the config
    (:mod:`.relaxed_at`; else line 1)."""
    items = edits_hidden(
        edited, settings, base_config, cwd, ref=ref, config_shown=config_shown, locate=locate
    )
    return grouped(items, ref=ref, allowed=allowed, code=CONFIG_RELAXED_CODE, growth=ALLOW_GROWTH)


def edits_hidden(
    edited: Sequence[Diagnostic],
    settings: Settings,
    base_config: Settings | None,
    cwd: Path,
    *,
    ref: str,
    config_shown: str,
    locate: Locator | None = None,
) -> list[Hidden]:
    """What :func:`edits_hidden_by_config` reports, one item per diagnostic hidden."""
    if base_config is None or not edited:
        return []
    # The configs' own selections: --select/--ignore are written in the CI job,
    # for reviewers to see, not in the change.
    now = _shown_by(edited, replace(settings, diagnostic_selection=settings.config_selection), cwd)
    base_config = replace(base_config, diagnostic_selection=base_config.config_selection)
    return [
        Hidden(
            locate(d.code, d.location.path) if locate else Location(config_shown, 1, 1),
            d.code,
            f"{d.code} ({d.location})",
            f"the config change since {ref} hides {d.code} on {d.location}: {d.message}",
            _RELAXATION_ADVICE.get(d.code, _EDIT_ADVICE),
        )
        for d in _shown_by(edited, base_config, cwd)
        if d not in now
    ]


def _relaxation_locator(settings: Settings, base: BaseState, cwd: Path, shown: str) -> Locator:
    """:func:`.relaxed_at.relaxation_locator` over the config as the base had it."""
    from dbnamelint.services.relaxed_at import relaxation_locator

    return relaxation_locator(settings, _base_config_data(settings, base, cwd), shown, cwd)


def _policy_locator(settings: Settings, base: BaseState, cwd: Path, shown: str) -> Locator:
    """:func:`.relaxed_at.policy_locator` over the config as the base had it,
    read only when a relaxation is reported."""
    found: list[Locator] = []

    def locate(code: str, pattern: str | None) -> Location:
        if not found:
            from dbnamelint.services.relaxed_at import policy_locator

            found.append(policy_locator(settings, _base_config_data(settings, base, cwd), shown))
        return found[0](code, pattern)

    return locate


def _base_config_data(settings: Settings, base: BaseState, cwd: Path) -> Mapping[str, object]:
    """The config file as the base had it, as data (``{}``: none there)."""
    from dbnamelint.services.relaxed_at import base_data

    path = settings.config_path
    text = None
    if path is not None:
        repo = repository_root(cwd)
        rel = relative_to_repo(repo, path)
        text = show_file(repo, base.commit, rel) if rel is not None else None
    return base_data(text, path is not None and path.suffix == ".toml")


def _config_shown(settings: Settings, base: BaseState, cwd: Path) -> str:
    """The config file as the user names it: the current one, else (deleted by
    the change) where the base had it."""
    path = settings.config_path or (base.config.config_path if base.config else None)
    if path is None:
        return "dbnamelint.yaml"
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------
# Pre-commit: the gate, what does not fail it restricted to the committed files
# --------------------------------------------------------------------------


def _real(path: str) -> str:
    return os.path.realpath(path)


def _owner_paths(index: CatalogIndex, finding: Finding) -> set[str]:
    """Files that made a finding: where its object got its name, and where its table did.

    After ``ALTER TABLE a RENAME TO b`` in a committed file, a constraint
    still named after ``a`` is written in an unchanged file; it is the
    committed rename that made its name wrong.
    """
    obj = finding.object
    paths = {obj.location.path}
    if obj.created_at is not None:
        paths.add(obj.created_at.path)
    if obj.kind in TABLE_ATTACHED_KINDS and obj.table is not None:
        ref = ref_of(obj)
        table = ObjectRef(ObjectKind.TABLE.value, ref.schema, None, ref.table or "", ref.database)
        paths.update(t.location.path for t in index.get(table))
    return paths


def unchanged_since(cwd: Path, ref: str) -> Callable[[str], bool]:
    """A test of whether a file (path relative to ``cwd``, or absolute) is
    tracked at ``ref`` and reads the same in the working tree.

    Facts from ``git ls-tree -r REF`` and ``git diff --name-only REF`` (the
    working tree against ``REF``, staged or not). A file outside the
    repository, untracked or changed is not unchanged. Raises
    :class:`~dbnamelint.gitutil.GitError`.
    """
    repo = repository_root(cwd)
    tracked = set(tree_names(repo, ref).decode().split("\0"))
    changed = set(diff_names(repo, ref, cached=False).decode().split("\0"))
    top = _real(str(repo))

    def unchanged(path: str) -> bool:
        relative = os.path.relpath(_real(str(cwd / path)), top).replace(os.sep, "/")
        return relative in tracked and relative not in changed

    return unchanged


def restrict_to_files(
    current: Evaluation,
    result: CheckResult,
    files: Sequence[str],
    whitelist_shown: str,
    unchanged: Callable[[str], bool] | None = None,
) -> CheckResult:
    """What a run reports about ``files`` (pre-commit mode).

    The whole tree was read, so renames and module ownership are right;
    kept are findings on objects that the files named or renamed (or whose
    table they renamed), diagnostics (listed or hidden notes) located in the files, and everything
    about the whitelist when the whitelist is among them, and stale entries
    whose object a file renamed or fixed (or whose object is gone). Paths compare by
    their real location, so absolute paths (as lint-staged passes them) work.

    With ``unchanged`` (see :func:`unchanged_since`) the result is the
    gate's, and everything in it that fails the run is kept wherever it is
    located, so the hook's verdict is the gate's whatever names pre-commit
    passes. It passes the staged files (``git diff --staged --name-only
    --diff-filter=ACMRTUXB``) that the hook's ``files:``/``types`` match
    (pre-commit 4.7.0, ``git.get_staged_files`` and
    ``Classifier.filenames_for_hook`` in ``commands/run.py``): never a
    whitelist or config the commit leaves alone. Kept so: a new finding
    (one that did not fail at the base), an error diagnostic (the gate
    keeps only those the base did not say, and the ratchet's own), an
    unused suppression new since the base, a stale entry (the gate fails
    on each). The change made each, from a file it touched or not: a
    migration that re-creates a whitelisted index on other columns makes
    the entry's ``target:`` break the rules (``DBN910`` on
    ``whitelist.yaml``, trial s29 coder), a column renamed in a new
    migration leaves an index written in an unchanged file stale or
    off-template. Only what does not fail the run (whitelisted findings,
    warnings and notes) is still restricted to the files, and a
    whitelisted finding whose own files are all unchanged is kept too:
    only another part of the change can have made it (a migration deleted,
    renamed or undone, which pre-commit does not pass as a file name).
    """
    gate = unchanged is not None
    wanted = {_real(f) for f in files}
    whitelist_in = _real(whitelist_shown) in wanted
    index = catalog_of(current.loaded.schema)

    def about(path: str) -> bool:
        return _real(path) in wanted or (whitelist_in and _real(path) == _real(whitelist_shown))

    def caused(owners: set[str]) -> bool:
        if any(about(p) for p in owners):
            return True
        return unchanged is not None and all(unchanged(p) for p in owners)

    def kept(d: Diagnostic) -> bool:
        # What the gate says of the change as a whole (an exception added,
        # an entry dropped) stands wherever it is located: a rule turned off
        # in a pack the config extends is reported on the config, which the
        # commit may not touch. So does a file the config's `databases:` list
        # twice: every database's model is in doubt, whichever file changed.
        # A Prisma schema left mapping the names a new migration renamed is
        # that migration's doing: reported on the schema, which it may not touch.
        return (
            d.code in CHANGE_CODES
            or d.code in (LISTED_TWICE_CODE, PRISMA_SCHEMA_CODE)
            or about(d.location.path)
            or (d.code == COPY_NOT_RENAMED_CODE and renamed_here(d))
        )

    entries = {e.location.line: e for e in current.whitelist.entries}

    def renamed_here(d: Diagnostic) -> bool:
        # A copy left unrenamed is said on the entry's line: the commit that
        # renamed another copy (as a stale entry's is) made it so.
        entry = entries.get(d.location.line)
        if entry is None:
            return False
        copies = index.resolve_all(entry.kind, entry.parts, database=entry.database)
        return any(about(o.location.path) for o in renamed_copies(entry, copies, index))

    return replace(
        result,
        findings=tuple(
            f for f in result.findings if (gate and f.is_new) or caused(_owner_paths(index, f))
        ),
        diagnostics=tuple(
            d for d in result.diagnostics if (gate and d.severity is Severity.ERROR) or kept(d)
        ),
        hidden_diagnostics=tuple(d for d in result.hidden_diagnostics if about(d.location.path)),
        unused_suppressions=tuple(
            d for d in result.unused_suppressions if gate or about(d.location.path)
        ),
        stale_whitelist=tuple(
            e
            for e in result.stale_whitelist
            if gate or whitelist_in or e.object_path is None or about(e.object_path)
        ),
    )


def note_unread_files(
    current: Evaluation, result: CheckResult, files: Sequence[str], cwd: Path
) -> CheckResult:
    """``result`` with a ``DBN015`` note for each of ``files`` (pre-commit's)
    that is SQL-like and was not read: outside the configured paths, a
    rollback, or of an extension a walk passes over (when the walk has not
    noted it already: ``DBN015``, or ``DBN007`` for a file its tool never
    runs). Nothing the hook passes goes unchecked without a word. The notes
    are selected and hidden as every diagnostic is.
    """
    read = {_real(f.path) for f in (*current.loaded.files, *current.loaded.history)}
    # a file a client include of a read file names is read there (client_follow)
    read |= {_real(f.path) for _, f in current.loaded.included}
    # A file the walk left out with its reason (DBN007: the tool never runs
    # it) needs no second note saying it is outside the paths, which it is not.
    noted = {
        _real(d.location.path)
        for d in (*current.loaded.diagnostics, *result.diagnostics, *result.hidden_diagnostics)
        if d.code in (NOT_READ_CODE, NOT_REPLAYED_CODE)
    }
    settings = current.settings
    found = unread_named_files(files, read, source_settings(settings))
    fresh = tuple(d for d in found if _real(d.location.path) not in noted)
    return with_notes(result, fresh, settings, cwd)


def with_notes(
    result: CheckResult, fresh: Sequence[Diagnostic], settings: Settings, cwd: Path
) -> CheckResult:
    """``result`` with ``fresh`` diagnostics added, selected and hidden as every
    diagnostic is (``--select``/``--ignore``, ``per_path`` ignores)."""
    if not fresh:
        return result
    notes = filter_diagnostics(
        CheckResult(findings=(), diagnostics=tuple(fresh)), settings.diagnostic_selection
    )
    if settings.per_path:
        notes = replace(
            notes,
            diagnostics=drop_per_path_ignored(notes.diagnostics, settings, cwd),
            hidden_diagnostics=drop_per_path_ignored(notes.hidden_diagnostics, settings, cwd),
        )
    return replace(
        result,
        diagnostics=(*result.diagnostics, *notes.diagnostics),
        hidden_diagnostics=(*result.hidden_diagnostics, *notes.hidden_diagnostics),
    )


# --------------------------------------------------------------------------
# Pre-commit: the tree as the commit records it
# --------------------------------------------------------------------------

#: Files named in full in a note about files left out; the rest are counted.
_NAMED = 3


class CommitView(Struct, frozen=True):
    """The tree a commit records, as the pre-commit run reads it (see
    :func:`commit_view`): absolute real paths to leave out and to read from
    the index, and the notes saying so."""

    skip: frozenset[str]
    contents: dict[str, bytes]
    notes: tuple[Diagnostic, ...]


def _listed(paths: Sequence[str]) -> str:
    shown = ", ".join(visible(p) for p in paths[:_NAMED])
    more = len(paths) - _NAMED
    return shown + (f" and {more} more" if more > 0 else "")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def commit_view(
    settings: Settings, tree: Sequence[str], cwd: Path, named: Sequence[str] = ()
) -> CommitView | None:
    """How ``check --pre-commit`` reads ``tree``: as ``git commit`` records it.

    Untracked files (not added, or ignored by git) are left out unless ``named`` (the file names
    pre-commit passes: ``pre-commit run --files new.sql`` asks for an
    untracked one), tracked files whose working
    copy differs from the index (a run by hand; pre-commit stashes them) are
    read as staged, and ``DBN015`` info notes say both, naming a few files.
    Facts from :func:`dbnamelint.gitutil.staged_tree`. None outside a git
    repository (the check then reads the working tree).
    """
    try:
        repo = repository_root(cwd)
    except GitError:
        return None
    prefixes: list[str] = []
    for raw in tree:
        glob = GLOB_CHARS.search(raw)
        text = raw[: glob.start()].rsplit("/", 1)[0] or "." if glob else raw
        rel = relative_to_repo(repo, Path(os.path.normpath(cwd / text)))
        if rel is not None:
            prefixes.append(rel)
    if not prefixes:
        return None
    checked = under_any(list(prefixes))  # the notes below are about these only
    # A Prisma schema beside the migrations is read as staged too (DBN029).
    for place in schema_places(Path(p) for p in tree):
        rel = relative_to_repo(repo, Path(os.path.normpath(cwd / place)))
        if rel is not None and rel not in prefixes:
            prefixes.append(rel)
    staged = staged_tree(repo, prefixes)
    plan = SourcePlan.build(source_settings(settings))

    def shown(rel: str) -> str:
        path = repo / rel
        try:
            return path.relative_to(cwd.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def sql(rel: str) -> bool:
        return checked(rel) and plan.wants_file(repo / rel)

    # A file the commit deletes (``git rm --cached``) is not read even when
    # named, and gets no note of its own: on disk it is untracked, in the
    # commit it is gone, as after ``git rm`` (DBN025 judges a migration's deletion).
    deleted = set(staged.deleted)
    asked = {_real(str(cwd / n)) for n in named} - {_real(str(repo / p)) for p in deleted}
    left_out = [
        p.rstrip("/")
        for p in (*staged.untracked, *staged.ignored, *deleted)
        if _real(str(repo / p.rstrip("/"))) not in asked
    ]
    untracked = [shown(p) for p in dict.fromkeys(left_out) if sql(p) and p not in deleted]
    unstaged = [shown(p) for p in staged.unstaged if sql(p)]
    missing = [shown(p) for p in staged.missing if sql(p)]
    notes = []
    if untracked:
        notes.append(
            Diagnostic(
                Location(untracked[0], 1, 1),
                Severity.INFO,
                f"{_plural(len(untracked), 'untracked file', 'untracked files')} "
                f"(not added, or ignored by git) under the "
                f"checked paths {'was' if len(untracked) == 1 else 'were'} not read "
                f"({_listed(untracked)}): the pre-commit check judges the tree the commit "
                "records; `git add` a file to check it with this commit",
                NOT_READ_CODE,
            )
        )
    if unstaged:
        notes.append(
            Diagnostic(
                Location(unstaged[0], 1, 1),
                Severity.INFO,
                f"{_plural(len(unstaged), 'file has', 'files have')} unstaged changes "
                f"({_listed(unstaged)}): read as staged, the copy the commit records",
                NOT_READ_CODE,
            )
        )
    if missing:
        notes.append(
            Diagnostic(
                Location(missing[0], 1, 1),
                Severity.WARNING,  # the verdict may differ from the commit's
                f"{_plural(len(missing), 'staged file is', 'staged files are')} deleted from "
                f"the working tree and not read ({_listed(missing)}): the commit keeps "
                f"{'it' if len(missing) == 1 else 'them'}; `git rm` the file to commit the "
                "deletion, or restore it",
                NOT_READ_CODE,
            )
        )
    return CommitView(
        frozenset(_real(str(repo / p)) for p in left_out),
        {_real(str(repo / p)): data for p, data in staged.unstaged.items()},
        tuple(notes),
    )


def staged_changes(cwd: Path, ref: str, named: Sequence[str]) -> tuple[str, ...]:
    """``named`` (pre-commit's file names) plus every file the index changes
    since ``ref`` and still holds (``git diff --cached --name-status``), as
    paths relative to ``cwd``; a file the index deletes is neither added nor
    kept from ``named``.

    The hook's ``files:`` pattern decides which names pre-commit passes; a
    narrower copy of it (a local hook) or ``check --pre-commit`` run with no
    names must not leave a staged migration unjudged. A deleted file is the
    deletion ``DBN025`` judges, even when ``git rm --cached`` left a copy on
    disk: never a committed file the run did not read. Raises
    :class:`~dbnamelint.gitutil.GitError`.
    """
    repo = repository_root(cwd)
    out = diff_statuses(repo, ref, cached=True)
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    changes = list(zip(fields[0:-1:2], fields[1::2], strict=False))  # (status, path)
    gone = {_real(str(repo / rel)) for status, rel in changes if status == "D"}
    named = tuple(n for n in named if _real(str(cwd / n)) not in gone)
    seen = {_real(str(cwd / n)) for n in named}
    extra: list[str] = []
    top = cwd.resolve()
    for status, rel in changes:
        path = repo / rel
        if status == "D" or not path.is_file() or _real(str(path)) in seen:
            continue
        try:
            extra.append(path.relative_to(top).as_posix())
        except ValueError:
            extra.append(path.as_posix())
    return (*named, *extra)
