"""The merged, validated configuration a run uses: :class:`Settings`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from msgspec import Struct, field
from msgspec.structs import replace

from dbnamelint.config.selectors import RuleRegistry
from dbnamelint.core.diagnostics import DIAGNOSTICS, DiagnosticSelection
from dbnamelint.findings import Finding
from dbnamelint.globs import PathGlob
from dbnamelint.model import Diagnostic, Schema, Severity, WrittenPath
from dbnamelint.rules.base import ModuleInfo, Rule, RuleContext
from dbnamelint.rules.naming import CaseStyle

_Coded = TypeVar("_Coded", Finding, Diagnostic)


class PerPathSettings(Struct, frozen=True):
    """Overrides for files whose path (relative to the root) matches a glob.

    The sources layer reads the same globs for ``dialect`` and ``module``
    (:class:`~dbnamelint.globs.PathGlob` both times), so an override's
    ``ignore`` covers exactly the files its dialect does.
    """

    paths: tuple[str, ...]
    dialect: str | None = None
    module: str | None = None
    ignore: frozenset[str] = frozenset()  # rule and diagnostic codes
    search_path: tuple[str, ...] | None = None  # PostgreSQL files' starting search_path
    database: str | None = None  # ``databases:``: the separate database its files build
    #: Where each of ``paths`` was written (same order), for a database's
    #: patterns only: errors about what they match point there.
    written: tuple[WrittenPath, ...] = ()

    def matches(self, relative_path: str) -> bool:
        """Whether a root-relative, ``/``-separated path is covered."""
        return any(PathGlob.compile(p).matches(relative_path) for p in self.paths)


class Settings(Struct, frozen=True, eq=False):
    """Everything a check run needs from configuration, merged and validated."""

    config_path: Path | None
    root: Path
    paths: tuple[str, ...]
    exclude: tuple[str, ...]
    dialect: str | None
    module_pattern: str
    modules: Mapping[str, tuple[str, ...]]
    per_path: tuple[PerPathSettings, ...]
    rules: tuple[tuple[Rule, Severity], ...]
    whitelist_path: Path
    local_rules: tuple[str, ...]
    include_down: bool
    #: Every rule that could run (for validating whitelist and suppression keys).
    registry: RuleRegistry = field(default_factory=lambda: MappingProxyType({}))
    #: Name of the environment variable holding the database URL (``database:``).
    database_env: str | None = None
    #: Tables of a live database to leave out (``database_ignore:``; see
    #: :mod:`dbnamelint.tool_tables`): ``name``, ``schema.name``, ``schema.*``.
    database_ignore: tuple[str, ...] = ()
    #: Schemas a live PostgreSQL read is limited to without ``--schema``
    #: (``database_schemas:``); empty: every schema.
    database_schemas: tuple[str, ...] = ()
    #: ``impact_history:``/``impact_code:``: globs (relative to the root) of
    #: files ``impact`` takes as migration history or as live code whatever
    #: :func:`~dbnamelint.impact.history.is_migration` says; code wins.
    impact_history: tuple[str, ...] = ()
    impact_code: tuple[str, ...] = ()
    #: PostgreSQL: the search_path files start with (``search_path:``, or
    #: ``--search-path``): schema names as stored; None: the server default.
    search_path: tuple[str, ...] | None = None
    #: ``flyway_locations:``: each Flyway instance's folders, absolute.
    flyway_locations: tuple[tuple[str, ...], ...] = ()
    #: Each folder of a ``flyway_locations`` instance that names its history
    #: table (``{locations: [...], table: name}``), absolute, and that table.
    flyway_tables: tuple[tuple[str, str], ...] = ()
    #: Which diagnostics (DBN0xx/DBN9xx) are listed; set from the command line.
    diagnostic_selection: DiagnosticSelection = field(default_factory=DiagnosticSelection)
    #: The config's own ``select``/``ignore`` of diagnostics, without the command
    #: line's (the gate compares a change's config with its base's by it).
    config_selection: DiagnosticSelection = field(default_factory=DiagnosticSelection)
    #: The config layers applied, in order: ``pack:NAME`` or a file path (for --verbose).
    layers: tuple[str, ...] = ()
    #: --select/--ignore narrowed the configured rules: entries cannot be judged stale.
    narrowed: bool = False
    #: The quietest rule severity whose new findings fail the run (``fail_on:``,
    #: ``check --fail-on``); quieter ones are reported only.
    fail_on: Severity = Severity.ERROR
    #: ``migrate_transaction:``: BEGIN/COMMIT in ``migrate``'s scripts (True),
    #: none (False), or None: as the tool or the folder runs files.
    #: ``--transaction``/``--no-transaction`` win over it.
    migrate_transaction: bool | None = None
    #: The case the config's standard spells columns in when not snake_case
    #: (its DBN201 ``style``, :func:`~dbnamelint.rules.dependents.column_style_of`),
    #: whatever ``--select``/``--ignore`` run: a name that follows its renamed
    #: table (``migrate``, DBN504, the fix merger) keeps the columns in it.
    column_style: CaseStyle | None = None
    #: The options the command line set that shape the model (``dialect``
    #: for ``--dialect``, ``search_path`` for ``--search-path``): the gate
    #: reads the base with them too (:meth:`command_line_on`), else a base
    #: read in the config's dialect differs from HEAD read in another.
    command_line_model: tuple[str, ...] = ()

    def rule_context(self, schema: Schema, config_path: str | None = None) -> RuleContext:
        """What this configuration's rules consult besides each object: ``schema``,
        the modules, the default dialect (PostgreSQL when none is set), the
        active rule codes, the columns' case style, and ``config_path`` as
        findings should show it."""
        return RuleContext(
            schema=schema,
            modules=self.module_infos(),
            default_dialect=self.dialect or "postgres",
            config_path=config_path,
            active_rules=frozenset(rule.code for rule, _ in self.rules),
            column_style=self.column_style,
        )

    def module_infos(self) -> Mapping[str, ModuleInfo]:
        """Configured modules as the rules' :class:`ModuleInfo` values."""
        return MappingProxyType(
            {name: ModuleInfo(name, prefixes) for name, prefixes in self.modules.items()}
        )

    def with_search_path(self, search_path: tuple[str, ...]) -> Settings:
        """These settings with ``--search-path``: it beats the config's
        ``search_path:`` and every ``per_path`` item's, as the README says."""
        per_path = tuple(replace(p, search_path=None) for p in self.per_path)
        return replace(
            self,
            search_path=search_path,
            per_path=per_path,
            command_line_model=(*self.command_line_model, "search_path"),
        )

    def with_dialect(self, dialect: str | None) -> Settings:
        """These settings with ``--dialect`` (it beats the config's ``dialect:``)."""
        return replace(
            self, dialect=dialect, command_line_model=(*self.command_line_model, "dialect")
        )

    def command_line_on(self, other: Settings) -> Settings:
        """``other`` (the base's settings) with this run's command-line options
        that shape the model (:attr:`command_line_model`): ``check --base REF
        --dialect mysql`` reads both trees as MySQL (trial s35 firefly-iii:
        the base read as PostgreSQL, HEAD as MySQL, and 25 tables said to be
        new since the base)."""
        if "dialect" in self.command_line_model:
            other = other.with_dialect(self.dialect)
        if "search_path" in self.command_line_model:
            other = other.with_search_path(self.search_path or ())
        return other

    @property
    def database_names(self) -> frozenset[str]:
        """The separate databases the config names (``databases:``, ``per_path`` ``database``)."""
        return frozenset(p.database for p in self.per_path if p.database is not None)

    @property
    def active_rules(self) -> frozenset[str]:
        """Codes and names of the rules that run (for stale/unused checks)."""
        return frozenset(k for rule, _ in self.rules for k in (rule.code, rule.name))

    def ignored_codes(self, path: str | Path) -> frozenset[str]:
        """Codes ``per_path`` ignores for a file (absolute or root-relative)."""
        candidate = Path(path)
        if candidate.is_absolute():
            try:
                candidate = candidate.relative_to(self.root)
            except ValueError:
                return frozenset()
        relative = candidate.as_posix()
        codes: frozenset[str] = frozenset()
        for override in self.per_path:
            if override.matches(relative):
                codes |= override.ignore
        return codes


def drop_per_path_ignored(
    findings: Iterable[_Coded], settings: Settings, cwd: Path
) -> tuple[_Coded, ...]:
    """Findings (or diagnostics) minus those ``per_path.ignore`` switches off
    for their file; a diagnostic the registry marks as not ignorable stays.

    Paths are shown relative to ``cwd``; globs are relative to the
    config's root, so each path is re-anchored once per file.
    """
    if not settings.per_path:
        return tuple(findings)
    base = cwd.resolve()
    ignored: dict[str, frozenset[str]] = {}
    out: list[_Coded] = []
    for finding in findings:
        shown = finding.location.path
        if shown not in ignored:
            ignored[shown] = settings.ignored_codes(base / shown)
        info = DIAGNOSTICS.get(finding.code) if isinstance(finding, Diagnostic) else None
        if finding.code not in ignored[shown] or (info is not None and not info.ignorable):
            out.append(finding)
    return tuple(out)
