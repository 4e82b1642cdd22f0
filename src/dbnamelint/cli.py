"""Command line: parses options and dispatches; the work is in ``commands``.

The exit code is decided here, in one place: commands return an
:class:`~dbnamelint.exitcodes.ExitCode`, usage errors are 2, and an
unexpected exception is reported in one line (not a traceback) as 4 so that
a CI log says what went wrong and where to report it.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from dbnamelint import __version__
from dbnamelint.exitcodes import ExitCode
from dbnamelint.kinds import ObjectKind
from dbnamelint.outputs import OutputError
from dbnamelint.report import FORMATS
from dbnamelint.textsafe import visible

if TYPE_CHECKING:  # the config layer pulls in pydantic: import it only when used
    from collections.abc import Mapping

    from dbnamelint.config import Settings
    from dbnamelint.model import Diagnostic
    from dbnamelint.report.common import View
    from dbnamelint.rules.base import Rule
    from dbnamelint.runner.runcache import CheckRun


def _dialect_option(value: str | None) -> str | None:
    if value is None:
        return None
    from dbnamelint.dialects import normalize_dialect

    try:
        return normalize_dialect(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _search_path_option(value: str | None) -> tuple[str, ...] | None:
    """``--search-path 'storage, public'`` as schema names (PostgreSQL's reading)."""
    if value is None:
        return None
    from dbnamelint.frontends.sql.parsing.session import parse_search_path

    entries = parse_search_path(value)
    if any(not entry for entry in entries):
        raise click.BadParameter(
            f"{value!r} has an empty schema name; write names separated by commas "
            "(--search-path storage,public)"
        )
    return entries


_SEARCH_PATH_HELP = (
    "PostgreSQL: the search_path each file starts with, as your migration runner sets it "
    "(e.g. storage,public; overrides the config's search_path)."
)


def _remember_search_path(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta["dbnamelint.search_path"] = _search_path_option(value)


#: ``--search-path`` for commands that read files through :func:`_load_settings`.
_search_path_override_option = click.option(
    "--search-path",
    metavar="SCHEMAS",
    callback=_remember_search_path,
    expose_value=False,
    help=_SEARCH_PATH_HELP,
)


_config_option = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: dbnamelint.yaml or [tool.dbnamelint] in pyproject.toml, "
    "searched from the current directory up to the repository root).",
)


def _selectors(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Refuse an empty selector (``--select ''``, ``--select DBN1,``) as a usage error.

    An empty one would select nothing and report "All checks passed!",
    so it is refused like an unknown rule.
    """
    for given in value:
        if any(not part.strip() for part in given.split(",")):
            what = f"empty selector in '{given}'" if given.strip() else "empty value"
            click.echo(
                f"dbnamelint: --{param.name}: {what}; name rule codes, names or prefixes "
                "(DBN101, table-name-wrong-case, DBN1), comma-separated",
                err=True,
            )
            ctx.exit(int(ExitCode.USAGE))
    return value


_select_option = click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    callback=_selectors,
    help="Only these rules and diagnostics (codes, names or prefixes like DBN1).",
)
_no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    callback=lambda _ctx, _param, value: _disable_cache() if value else None,
    expose_value=False,
    help="Read every file afresh; neither use nor update the per-file and run caches.",
)


def _remember_dialect(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta["dbnamelint.dialect"] = _dialect_option(value)


#: ``--dialect`` for commands that read files through :func:`_load_settings`
#: (``check`` has its own: the run cache keys on its parsed options).
_dialect_override_option = click.option(
    "--dialect",
    callback=_remember_dialect,
    expose_value=False,
    help="SQL dialect of files whose suffix or folder names none (overrides the config).",
)


def _disable_cache() -> None:
    from dbnamelint.runner import readcache

    readcache.disable()


def _inflect_memo_folder() -> Path | None:
    """Where inflect's answers and the lexicon's decompressed files are kept:
    the active cache's folder for this code, if any."""
    from dbnamelint.runner import readcache

    cache = readcache.active()
    return None if cache is None else cache.directory


_ignore_option = click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    callback=_selectors,
    help="Skip these rules and diagnostics (codes, names or prefixes).",
)


# A bare --db reads the URL from the config's `database:` variable or DATABASE_URL.
_db_option = click.option(
    "--db",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="URL",
    help="Read a live database instead (postgresql://, mysql://, sqlite:///file); bare --db: "
    "the config's `database:` environment variable, else DATABASE_URL.",
)
_schema_option = click.option(
    "--schema",
    "schemas",
    multiple=True,
    metavar="NAME",
    help="With --db: read only this schema (PostgreSQL; repeatable).",
)
_database_name_option = click.option(
    "--database",
    "database_name",
    metavar="NAME",
    help="Which separate database of the tree this is (a name under the config's databases:).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dbnamelint")
def cli() -> None:
    """Enforce database naming standards on schema SQL."""
    from dbnamelint.core import gcpause
    from dbnamelint.rules import inflect_answers, lexicon
    from dbnamelint.runner import gitmemo, progress, readcache, reads

    readcache.enable()  # off with --no-cache or DBNAMELINT_NO_CACHE=1
    reads.start()  # a file read twice in this run (the gate's base tree) is read once
    click.get_current_context().call_on_close(reads.stop)  # and nothing outlives the run
    gitmemo.start()  # git asked once per run what HEAD, the index and a diff are
    click.get_current_context().call_on_close(gitmemo.stop)
    inflect_answers.install(_inflect_memo_folder)  # the plural rule's words, kept beside it
    lexicon.install(_inflect_memo_folder)  # and the lexicon's files, decompressed
    progress.enable()  # shown only on a terminal, and only for long reads
    gcpause.freeze_after_reads()  # the model lives until the process exits


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--dialect",
    help="SQL dialect of files whose suffix or folder names none "
    "(postgres, mysql, sqlite, tsql...).",
)
@click.option("--search-path", metavar="SCHEMAS", help=_SEARCH_PATH_HELP)
@_db_option
@_schema_option
@_database_name_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output: one object (or event) per line, or JSON for scripts.",
)
@click.option(
    "--events",
    is_flag=True,
    help="Print every naming event in file order instead of the final model.",
)
@click.option(
    "--module-pattern",
    default=None,
    help="Path fragment naming the module that owns a file (default: the config's, "
    "else module-{module}/).",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the model here instead of standard output.",
)
@_config_option
@_no_cache_option
def inspect(
    paths: tuple[str, ...],
    dialect: str | None,
    search_path: str | None,
    db: str | None,
    schemas: tuple[str, ...],
    database_name: str | None,
    fmt: str,
    events: bool,
    module_pattern: str | None,
    output_file: Path | None,
    config: Path | None,
) -> None:
    """Print the schema model that PATHS describe (files, folders, globs).

    A config, when there is one, supplies the paths (when none are given, in
    their order), the dialect, module pattern, per-path overrides and
    excludes, so inspect reads the tree exactly as check does; --dialect,
    --search-path and --module-pattern override it.
    """
    from msgspec.structs import replace

    from dbnamelint.commands.inspect import run_inspect, run_inspect_db

    if db is not None:
        if database_name is not None:
            raise click.UsageError(
                "--database names one database of the tree's files; --db reads a live one "
                "(use one or the other)"
            )
        loaded = _load_settings(config, (), ()) if _config_exists() or config else None
        code = run_inspect_db(
            db,
            env_name=loaded.database_env if loaded else None,
            schemas=schemas or (loaded.database_schemas if loaded else ()),
            fmt=fmt,
            events=events,
            output=output_file,
            ignore_tables=loaded.database_ignore if loaded else (),
            root=loaded.root if loaded else Path.cwd(),
        )
        sys.exit(int(code))
    from dbnamelint.frontends.sql.sources import SourceSettings

    settings = SourceSettings(root=Path.cwd())
    full = None
    named = bool(paths)
    if config is not None or _config_exists():
        from dbnamelint.services.lint import default_paths, source_settings

        full = _load_settings(config, (), ())
        settings = source_settings(full)
        if not paths:  # the config's paths, in their order, exactly as check reads them
            paths = default_paths(full, Path.cwd())
    if not paths:
        raise click.UsageError(
            "Missing argument 'PATHS...' (and no config names paths; or --db URL)."
        )
    try:
        if dialect is not None:
            settings = replace(settings, dialect=_dialect_option(dialect))
        chosen_path = _search_path_option(search_path)
        if chosen_path is not None and full is not None:  # it beats per_path's too
            from dbnamelint.services.lint import source_settings

            settings = replace(
                source_settings(full.with_search_path(chosen_path)), dialect=settings.dialect
            )
        elif chosen_path is not None:
            settings = replace(settings, search_path=chosen_path)
        if module_pattern is not None:
            settings = replace(settings, module_pattern=module_pattern)
        code = run_inspect(
            paths,
            settings=settings,
            fmt=fmt,
            events=events,
            output=output_file,
            config=full,
            cwd=Path.cwd(),
            database=database_name,
            named=named,
        )
    except ValueError as exc:  # bad module pattern and the like
        raise click.UsageError(str(exc)) from None
    sys.exit(int(code))


def _config_exists() -> bool:
    from dbnamelint.config.files import find_config

    return find_config(Path.cwd()) is not None


def _load_settings(
    config: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extends: tuple[str, ...] = (),
    *,
    verbose: bool = False,
    gate_ref: str | None = None,
    gate_notes: list[Diagnostic] | None = None,
    gate_allowed: bool = False,
) -> Settings:
    """Settings for a run, or a usage error naming the file, key and line.

    Selectors naming diagnostic codes (DBN0xx, DBN9xx) go to the diagnostic
    filter, the rest to the rule loader (see :mod:`dbnamelint.selection`).
    ``gate_ref``: a gate run against it; local rule code the change adds or
    edits is then not imported (:mod:`dbnamelint.services.local_rules_gate`):
    the rules are REF's, and ``gate_notes`` gets the change's ``DBN909``.
    """
    from msgspec.structs import replace

    from dbnamelint.config.errors import ConfigError
    from dbnamelint.core.diagnostics import with_command_line
    from dbnamelint.runner import settingscache
    from dbnamelint.selection import rule_selectors

    selects, ignores = _split(select), _split(ignore)
    cwd = Path.cwd()

    def load() -> Settings:
        loaded = None
        if config is None and not extends and not _config_exists():
            from dbnamelint.config.bundled import default_settings

            loaded = default_settings(cwd)  # no pydantic: see config.bundled
        elif not extends:
            from dbnamelint.config.simple import simple_settings

            loaded = simple_settings(cwd, config)  # a simple config file: no pydantic either
        if loaded is None:
            from dbnamelint.config.load import load_settings

            registry = None
            if gate_ref is not None:
                registry = _gate_rules(cwd, config, extends, gate_ref, gate_notes, gate_allowed)
            loaded = load_settings(cwd, config, (), (), extends, registry=registry)
        rule_select = rule_selectors(selects, loaded.registry)
        rule_ignore = rule_selectors(ignores, loaded.registry)
        if rule_select or rule_ignore:
            from dbnamelint.config.load import load_settings

            loaded = load_settings(
                cwd, config, rule_select, rule_ignore, extends, registry=loaded.registry
            )
        return loaded

    options = (repr(config), repr(selects), repr(ignores), repr(extends))
    try:
        settings = settingscache.cached(cwd, options, load)
    except ConfigError as exc:
        click.echo(f"dbnamelint: {visible(str(exc))}", err=True)
        sys.exit(int(ExitCode.USAGE))
    if selects and not rule_selectors(selects, settings.registry):
        # --select names only diagnostics: no rule runs, which the config did not ask
        settings = replace(settings, rules=(), narrowed=True)
    override = click.get_current_context().meta.get("dbnamelint.dialect")
    if override is not None:  # --dialect of a command without its own handling
        settings = settings.with_dialect(override)
    search_path = click.get_current_context().meta.get("dbnamelint.search_path")
    if search_path is not None:  # --search-path of a command without its own handling
        settings = settings.with_search_path(search_path)
    chosen = with_command_line(settings.diagnostic_selection, selects, ignores, verbose=verbose)
    return replace(settings, diagnostic_selection=chosen)


def _gate_rules(
    cwd: Path,
    config: Path | None,
    extends: tuple[str, ...],
    ref: str,
    notes: list[Diagnostic] | None,
    allowed: bool,
) -> Mapping[str, type[Rule]] | None:
    """REF's rules when the change adds or edits local rule code (its
    ``DBN909`` into ``notes``), else None: discover as always. A config or
    git problem is left to the run, which reports it where it always does."""
    from dbnamelint.config.errors import ConfigError
    from dbnamelint.gitutil import GitError
    from dbnamelint.services.local_rules_gate import local_rules_change

    try:
        change = local_rules_change(cwd, config, extends, ref)
    except (ConfigError, GitError):
        return None
    if change is None:
        return None
    if notes is not None:
        notes.append(change.diagnostic(ref, allowed=allowed))
    return change.registry


def _run(
    action: Callable[[], ExitCode],
    *,
    exit_zero: bool = False,
    finish: Callable[[ExitCode], None] | None = None,
) -> NoReturn:
    """Run a command; a bad whitelist is a usage error, a crashing rule a bug.

    Both are reported in one located line, never as a traceback. With
    ``exit_zero`` (``--exit-zero``, as in ruff) findings exit 0; usage,
    input and internal errors keep their codes. ``finish`` sees the exit
    code last (the run cache stores the run there).
    """
    from dbnamelint.config import ConfigError
    from dbnamelint.gitutil import GitError
    from dbnamelint.rules.engine import RuleCrashError

    try:
        code = action()
    except ConfigError as exc:  # includes WhitelistError
        click.echo(f"dbnamelint: {visible(str(exc))}", err=True)
        code = ExitCode.USAGE
    except GitError as exc:  # no repository, unknown --base ref
        click.echo(f"dbnamelint: git: {exc}", err=True)
        code = ExitCode.USAGE
    except RuleCrashError as exc:
        d = exc.crash.diagnostic
        click.echo(f"dbnamelint: {visible(str(d.location))}: {visible(d.message)}", err=True)
        code = ExitCode.INTERNAL
    if exit_zero and code is ExitCode.FINDINGS:
        code = ExitCode.OK
    if finish is not None:
        finish(code)
    sys.exit(int(code))


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select A,B --select C`` -> ``(A, B, C)``, as ruff accepts them."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


@cli.command()
@click.argument("paths", nargs=-1)
@_config_option
@_select_option
@_ignore_option
@click.option(
    "--dialect",
    help="SQL dialect of files whose suffix or folder names none (overrides the config).",
)
@click.option("--search-path", metavar="SCHEMAS", help=_SEARCH_PATH_HELP)
@click.option(
    "--extends",
    multiple=True,
    metavar="PACK",
    help="Also apply this rule pack (before the config's own settings).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format: text for people; json; github annotations; sarif for code "
    "scanning; junit; gitlab Code Quality; markdown for a pull-request comment.",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of standard output.",
)
@click.option(
    "--show-whitelisted", is_flag=True, help="Also list legacy findings the whitelist excuses."
)
@click.option("--no-whitelist", is_flag=True, help="Ignore whitelist.yaml: show every finding.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text report on standard output, even on a pipe (default: on a "
    "terminal; NO_COLOR and FORCE_COLOR are honoured; files get colour only with FORCE_COLOR).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print the problems only, no summary.")
@click.option(
    "--exit-zero", is_flag=True, help="Exit 0 even when problems are found (errors still exit >1)."
)
@click.option("--statistics", is_flag=True, help="Print counts per code instead of each problem.")
@click.option(
    "--show-source/--no-show-source",
    default=None,
    help="Show the offending line with the name underlined (default: on a terminal).",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Say which config, packs, paths and dialects were used; list info notes.",
)
@click.option(
    "--pre-commit",
    "pre_commit",
    is_flag=True,
    help="PATHS are the committed files: the gate against HEAD (read the whole tree), "
    "restricted to what PATHS name or rename.",
)
@click.option(
    "--base",
    metavar="REF",
    help="CI gate: report only what changed since git REF (e.g. origin/main).",
)
@_no_cache_option
@click.option(
    "--allow-whitelist-growth",
    is_flag=True,
    help="With --base or --pre-commit: allow exceptions the change adds (whitelist "
    "entries added or widened, inline suppressions, findings a config change hides).",
)
@_db_option
@_schema_option
@_database_name_option
@click.option(
    "--fail-past-due",
    is_flag=True,
    help="Fail (exit 1) when a whitelist phase is past its due date with entries left.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="The quietest rule severity whose new findings fail the run (default: the "
    "config's fail_on, else error: a rule set to `severity: warning` is reported only).",
)
def check(
    paths: tuple[str, ...],
    config: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    dialect: str | None,
    search_path: str | None,
    extends: tuple[str, ...],
    fmt: str,
    output_file: Path | None,
    show_whitelisted: bool,
    no_whitelist: bool,
    color: bool | None,
    quiet: bool,
    exit_zero: bool,
    statistics: bool,
    show_source: bool | None,
    verbose: bool,
    pre_commit: bool,
    base: str | None,
    allow_whitelist_growth: bool,
    db: str | None,
    schemas: tuple[str, ...],
    database_name: str | None,
    fail_past_due: bool,
    fail_on: str | None,
) -> None:
    """Check the names in PATHS (default: the config's paths) against the rules.

    With --db, check the names a live database holds; PATHS then add only
    what a catalog cannot hold (modules, rename history, suppressions).
    """
    gate_ref = base if base is not None else "HEAD" if pre_commit and not no_whitelist else None
    _refuse_meaningless(
        fmt=fmt,
        base=base,
        pre_commit=pre_commit,
        gate_ref=gate_ref,
        no_whitelist=no_whitelist,
        db=db,
        schemas=schemas,
        database_name=database_name,
        allow_whitelist_growth=allow_whitelist_growth,
        show_whitelisted=show_whitelisted,
        fail_past_due=fail_past_due,
        text_flags={"--quiet": quiet, "--statistics": statistics, "--show-source": show_source},
    )
    # A hook run without the gate still compares its own arguments with HEAD's
    # (services.hook_args), which the cache's key holds only for a gate run.
    cached = db is None and fmt != "markdown" and not (pre_commit and gate_ref is None)
    run = _cached_run(gate_ref) if cached else None
    rule_notes: list[Diagnostic] = []
    settings = _load_settings(
        config,
        select,
        ignore,
        extends,
        verbose=verbose,
        gate_ref=gate_ref if db is None else None,
        gate_notes=rule_notes,
        gate_allowed=allow_whitelist_growth,
    )
    if dialect is not None:
        settings = settings.with_dialect(_dialect_option(dialect))
    if search_path is not None:
        settings = settings.with_search_path(_search_path_option(search_path) or ())
    hook_notes: list[Diagnostic] = []
    hook_relaxed = False
    hook_config: Path | None = None
    if (pre_commit or base is not None) and db is None:
        from dbnamelint.model import Severity
        from dbnamelint.services.hook_args import (
            hook_config_path,
            hook_differences,
            hook_relaxations,
        )

        hook_config = hook_config_path(Path.cwd())
        # Against the config's fail_on, before --fail-on (maybe the relaxation) replaces it.
        config_fail_on, cwd = settings.fail_on, Path.cwd()
        if base is None:
            hook_notes = _git_or_nothing(lambda: hook_relaxations(cwd, "HEAD", config_fail_on))
        else:
            hook_notes = _git_or_nothing(lambda: hook_differences(cwd, base, config_fail_on))
        hook_relaxed = any(d.severity is Severity.ERROR for d in hook_notes)
    if fail_on is not None:
        from msgspec.structs import replace

        from dbnamelint.model import Severity

        settings = replace(settings, fail_on=Severity(fail_on))
    view = _view(
        color=color,
        quiet=quiet,
        statistics=statistics,
        show_source=show_source,
        verbose=verbose,
        to_file=output_file is not None,
    )
    from dbnamelint.commands.check import run_check

    finish = None
    if run is not None and not settings.local_rules:
        finish = _saver(
            run, settings, output_file, pre_commit=pre_commit, paths=paths, also=hook_config
        )
    _run(
        lambda: run_check(
            settings,
            () if pre_commit else paths,
            cwd=Path.cwd(),
            fmt=fmt,
            output=output_file,
            show_whitelisted=show_whitelisted,
            changed_files=paths if pre_commit else None,
            use_whitelist=not no_whitelist,
            base=base,
            allow_whitelist_growth=allow_whitelist_growth,
            view=view,
            db=db,
            schemas=schemas or (settings.database_schemas if db else ()),
            database_name=database_name,
            fail_past_due=fail_past_due,
            extra=(*hook_notes, *rule_notes),
        ),
        # A hook relaxed by the commit it judges: its new --exit-zero is the relaxation.
        exit_zero=exit_zero and not hook_relaxed,
        finish=finish,
    )


def _git_or_nothing(action: Callable[[], list[Diagnostic]]) -> list[Diagnostic]:
    """``action()``, or nothing when git cannot answer (the gate then says why)."""
    from dbnamelint.gitutil import GitError

    try:
        return action()
    except GitError:
        return []


#: Reports uploaded whole: their service compares each upload with the last.
_FULL_RUN_FORMATS = ("sarif", "gitlab")


def _refuse_meaningless(
    *,
    fmt: str,
    base: str | None,
    pre_commit: bool,
    gate_ref: str | None,
    no_whitelist: bool,
    db: str | None,
    schemas: tuple[str, ...],
    database_name: str | None,
    allow_whitelist_growth: bool,
    show_whitelisted: bool,
    fail_past_due: bool,
    text_flags: dict[str, bool | None],
) -> None:
    """Raise :class:`click.UsageError` (exit 2) for ``check`` options that cannot
    run together or would do nothing together; before any file is read."""
    if base is not None and no_whitelist:
        raise click.UsageError("--base compares whitelists: it cannot run with --no-whitelist")
    if db is not None and (base is not None or pre_commit):
        raise click.UsageError("--db checks a database: it cannot run with --base or --pre-commit")
    gate = "--base" if base is not None else "--pre-commit" if pre_commit else None
    if gate is not None and fmt in _FULL_RUN_FORMATS:
        service = "code scanning" if fmt == "sarif" else "GitLab code quality"
        raise click.UsageError(
            f"--format {fmt} cannot run with {gate}: {gate} reports only what the change "
            f"introduces, and {service} marks every alert missing from an upload as fixed; "
            f"upload 'dbnamelint check --format {fmt}' without {gate} (a full run) and gate "
            f"with {gate} in another format (text, github, markdown, json, junit)"
        )
    if allow_whitelist_growth and gate_ref is None:
        raise click.UsageError(
            "--allow-whitelist-growth relaxes the gate: it needs --base or --pre-commit "
            "(with the whitelist read)"
        )
    if no_whitelist and show_whitelisted:
        raise click.UsageError(
            "--show-whitelisted cannot run with --no-whitelist: nothing is excused"
        )
    if no_whitelist and fail_past_due:
        raise click.UsageError(
            "--fail-past-due cannot run with --no-whitelist: the phases and their due dates "
            "are in the whitelist it ignores"
        )
    if schemas and db is None:
        raise click.UsageError("--schema chooses what a live database is read for: it needs --db")
    if database_name is not None and db is None:
        raise click.UsageError(
            "--database says which of the tree's databases a live database is: it needs --db "
            "(without --db, check judges every database of the tree)"
        )
    given = [flag for flag, value in text_flags.items() if value]
    if fmt != "text" and given:
        raise click.UsageError(
            f"{', '.join(given)} {'shapes' if len(given) == 1 else 'shape'} the text report: "
            f"{'it does' if len(given) == 1 else 'they do'} nothing with --format {fmt}"
        )


def _cached_run(gate_ref: str | None) -> CheckRun | None:
    """The run cache's entry for this ``check``; exits here when it replays one."""
    from dbnamelint.outputs import write_text
    from dbnamelint.runner import runcache

    run = runcache.start(click.get_current_context().params, gate_ref=gate_ref, cwd=Path.cwd())
    if run is None:
        return None
    code = run.replay(lambda text, path: write_text(path, text))
    if code is not None:
        sys.exit(code)
    return run


def _saver(
    run: CheckRun,
    settings: Settings,
    output_file: Path | None,
    *,
    pre_commit: bool,
    paths: tuple[str, ...],
    also: Path | None = None,
) -> Callable[[ExitCode], None]:
    """Start recording the run's output; the function returned stores it. ``also``:
    one more file the result depends on (the gate's ``.pre-commit-config.yaml``)."""
    from dbnamelint.runner.runcache import Inputs, config_files
    from dbnamelint.services.lint import default_path_links, default_paths, source_settings

    cwd = Path.cwd()
    configured = pre_commit or not paths
    inputs = Inputs(
        source_settings(settings),
        tree=default_paths(settings, cwd) if configured else paths,
        extra=paths if pre_commit else (),
        files=(*config_files(settings, cwd), *([also] if also is not None else [])),
        links=default_path_links(settings) if configured else (),
    )
    run.record()
    return lambda code: run.save(int(code), inputs, output_file)


def _view(
    *,
    color: bool | None,
    quiet: bool,
    statistics: bool,
    show_source: bool | None,
    verbose: bool,
    to_file: bool,
) -> View:
    """The report flags, with terminal-dependent defaults resolved."""
    import os

    from dbnamelint.report.colour import colour_wanted
    from dbnamelint.report.common import View

    tty = sys.stdout.isatty()
    return View(
        color=colour_wanted(color, to_file=to_file, stdout_is_tty=tty, environ=os.environ),
        quiet=quiet,
        statistics=statistics,
        show_source=show_source if show_source is not None else (tty and not to_file),
        verbose=verbose,
    )


@cli.command()
@click.argument(
    "path",
    required=False,
    default=".",
    type=click.Path(file_okay=True, dir_okay=True, path_type=Path),
)
@click.option("--force", is_flag=True, help="Write dbnamelint.yaml even where a config exists.")
def init(path: Path, force: bool) -> None:
    """Write a starter dbnamelint.yaml for the project in PATH (default: here).

    Its paths, dialect and migration tools are found as check and migrate
    find them; an existing config is kept unless --force.
    """
    from dbnamelint.commands.init import run_init

    _run(lambda: run_init(path, cwd=Path.cwd(), force=force))


@cli.command()
@click.argument("rule", required=False)
@_config_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output: the list or documentation as text, or JSON for scripts.",
)
def rules(rule: str | None, config: Path | None, fmt: str) -> None:
    """List the rules, or print the documentation of RULE (a code or a name)."""
    from dbnamelint.commands.rules import run_rules_command

    sys.exit(int(run_rules_command(rule, config=config, fmt=fmt)))


@cli.group()
def whitelist() -> None:
    """Create and shrink the legacy whitelist (whitelist.yaml)."""


@whitelist.command("init")
@click.argument("paths", nargs=-1)
@_config_option
@_dialect_override_option
@_search_path_override_option
@_no_cache_option
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write (default: the config's whitelist path).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing whitelist.")
@click.option(
    "--group-by",
    type=click.Choice(["module", "rule", "prefix"]),
    help="One phase per module, per rule (an object's lowest code) or per name prefix.",
)
def whitelist_init(
    paths: tuple[str, ...],
    config: Path | None,
    output_file: Path | None,
    force: bool,
    group_by: str | None,
) -> None:
    """Write a whitelist excusing every current finding, with suggested targets."""
    from dbnamelint.commands.whitelist import run_init

    settings = _load_settings(config, (), ())
    _run(
        lambda: run_init(
            settings, paths, cwd=Path.cwd(), output=output_file, force=force, group_by=group_by
        )
    )


@whitelist.command("add")
# One OBJECT; more words are read only to point out a kind word written before
# the name (`whitelist add column t.c`), which the shell splits into two.
@click.argument("words", metavar="OBJECT", nargs=-1, required=True)
@_config_option
@_dialect_override_option
@_search_path_override_option
@_no_cache_option
@click.option(
    "--kind",
    type=click.Choice([k.value for k in ObjectKind], case_sensitive=False),
    help="The object's kind when the name is ambiguous (table, column...).",
)
@click.option(
    "--phase",
    help="Phase id of the entry (default: the declared phase named for the object's module, "
    "prefix or rule, as `whitelist init --group-by` names them, else the whitelist's first "
    "phase; standard error says which).",
)
@click.option(
    "--database",
    metavar="NAME",
    help="The separate database (a name under the config's databases:) whose object it is, "
    "when several hold one of that name.",
)
@click.option("--dry-run", is_flag=True, help="Say what would be added; write nothing.")
def whitelist_add(
    words: tuple[str, ...],
    config: Path | None,
    kind: str | None,
    phase: str | None,
    database: str | None,
    dry_run: bool,
) -> None:
    """Excuse one object (its qualified name) that breaks a rule today; refused otherwise."""
    from dbnamelint.commands.whitelist import run_add
    from dbnamelint.model import leading_kind_word

    name = " ".join(words)
    if len(words) > 2 or (len(words) == 2 and leading_kind_word(name) is None):
        raise click.UsageError(
            f"whitelist add takes one OBJECT, got {len(words)}: "
            + " ".join(shlex.quote(w) for w in words)
        )

    settings = _load_settings(config, (), ())
    _run(
        lambda: run_add(
            settings,
            name,
            cwd=Path.cwd(),
            kind=kind,
            phase=phase,
            dry_run=dry_run,
            database=database,
        )
    )


@whitelist.command("prune")
@click.argument("paths", nargs=-1)
@_config_option
@_dialect_override_option
@_search_path_override_option
@_no_cache_option
@click.option("--dry-run", is_flag=True, help="Say which entries would be removed; write nothing.")
def whitelist_prune(paths: tuple[str, ...], config: Path | None, dry_run: bool) -> None:
    """Remove stale entries (objects renamed or now compliant); never adds any."""
    from dbnamelint.commands.whitelist import run_prune

    settings = _load_settings(config, (), ())
    _run(lambda: run_prune(settings, paths, cwd=Path.cwd(), dry_run=dry_run))


@whitelist.command("retarget")
@click.argument("tables", nargs=-1, metavar="[TABLE]...")
@_config_option
@_dialect_override_option
@_search_path_override_option
@_no_cache_option
@click.option("--dry-run", is_flag=True, help="Say which targets would change; write nothing.")
def whitelist_retarget(tables: tuple[str, ...], config: Path | None, dry_run: bool) -> None:
    """Make index, constraint, trigger and sequence targets follow their table's target.

    Rewrites each such target that still spells its table's old name (one
    `whitelist init` wrote before the table's target was set) to the name
    `migrate` asks for; hand-written targets are left alone. TABLE limits
    it to that table's dependents.
    """
    from dbnamelint.commands.whitelist import run_retarget

    settings = _load_settings(config, (), ())
    _run(lambda: run_retarget(settings, tables, cwd=Path.cwd(), dry_run=dry_run))


@whitelist.command("merge")
@click.argument("ancestor", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("pathname", required=False)
@click.option(
    "--dialect",
    default=None,
    help="How names fold when entries are compared (default: postgres).",
)
def whitelist_merge(
    ancestor: Path, ours: Path, theirs: Path, pathname: str | None, dialect: str | None
) -> None:
    """git merge driver: keep an entry only if both sides kept it; never add one.

    Set up with 'merge=dbnamelint' in .gitattributes and
    git config merge.dbnamelint.driver "dbnamelint whitelist merge %O %A %B %P".
    PATHNAME (git's %P) names the whitelist in error messages.
    """
    from dbnamelint.commands.whitelist import run_merge

    code = run_merge(ancestor, ours, theirs, dialect=_dialect_option(dialect), pathname=pathname)
    sys.exit(int(code))


@cli.command()
@_config_option
@_dialect_override_option
@_search_path_override_option
@_no_cache_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "html"]),
    default="text",
    show_default=True,
    help="Report format: text; markdown for a pull-request comment; json; html (with the chart).",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of standard output.",
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the trend chart (.svg, .png or .html).",
)
@click.option(
    "--no-history", is_flag=True, help="Do not read git history (entries left only, no trend)."
)
@click.option(
    "--no-code-refs",
    is_flag=True,
    help="Do not search the code for old names (no Code refs column; the search is most "
    "of the run in a big repository).",
)
def burndown(
    config: Path | None,
    fmt: str,
    output_file: Path | None,
    chart: Path | None,
    no_history: bool,
    no_code_refs: bool,
) -> None:
    """Progress of the renaming plan: whitelist entries per phase and module, over time."""
    from dbnamelint.commands.burndown import run_burndown

    settings = _load_settings(config, (), ())
    _run(
        lambda: run_burndown(
            settings,
            cwd=Path.cwd(),
            fmt=fmt,
            output=output_file,
            chart=chart,
            history=not no_history,
            code_refs=not no_code_refs,
        )
    )


@cli.command()
@click.argument("paths", nargs=-1)
@_config_option
@_db_option
@_schema_option
@_dialect_override_option
@_search_path_override_option
@_no_cache_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "sarif"]),
    default="text",
    show_default=True,
    help="Report format: text; json; markdown for a pull-request comment; sarif for code scanning.",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of standard output.",
)
@click.option(
    "--ignore-table",
    "ignore_tables",
    multiple=True,
    metavar="[SCHEMA.]TABLE",
    help="Leave this database table out, on both sides: a shell glob, case-insensitive "
    "(team_build_events_*, public.tmp_?); SCHEMA.* for a whole schema; repeatable; adds to "
    "the config's database_ignore; KIND:PATTERN for another kind (sequence:*_id_seq, "
    "function:timestamp_id, view:stats). Migration tools' own tables are left out already.",
)
@_database_name_option
def drift(
    paths: tuple[str, ...],
    config: Path | None,
    db: str | None,
    schemas: tuple[str, ...],
    fmt: str,
    output_file: Path | None,
    ignore_tables: tuple[str, ...],
    database_name: str | None,
) -> None:
    """Compare a live database with PATHS (default: the config's); exit 1 on drift."""
    from dbnamelint.commands.drift import run_drift

    settings = _load_settings(config, (), ())
    _run(
        lambda: run_drift(
            settings,
            paths,
            cwd=Path.cwd(),
            db=db,
            schemas=schemas or settings.database_schemas,
            fmt=fmt,
            output=output_file,
            ignore_tables=ignore_tables,
            database_name=database_name,
        )
    )


@cli.command()
@click.argument("paths", nargs=-1)
@_config_option
@click.option(
    "--phase",
    "phases",
    multiple=True,
    metavar="ID",
    help="Rename the whitelist entries of this phase to their targets (repeatable).",
)
@click.option(
    "--all",
    "all_targets",
    is_flag=True,
    help="Rename every whitelisted table and column that has a target.",
)
@click.option(
    "--rename",
    "renames",
    multiple=True,
    metavar="OLD=NEW",
    help="Rename table [schema.]OLD to NEW (repeatable).",
)
@click.option(
    "--rename-column",
    "column_renames",
    multiple=True,
    metavar="TABLE.OLD=NEW",
    help="Rename a column (repeatable).",
)
@click.option(
    "--view",
    "views",
    multiple=True,
    metavar="OLD",
    help="Compatibility view only for these old table names (default: every one).",
)
@click.option("--no-views", is_flag=True, help="No compatibility views.")
@click.option(
    "--views-where-referenced",
    is_flag=True,
    help="Compatibility views only for old names the code still uses (as 'impact' finds them).",
)
@click.option(
    "--tracking-table",
    metavar="TABLE",
    help="Record each rename in TABLE (old_name, new_name, migrated_at), as seed 004's "
    "sys_table_migrations.",
)
@click.option(
    "--lint-comments",
    is_flag=True,
    help="Add comments that tell squawk and Atlas the renames are intended.",
)
@click.option(
    "--transaction/--no-transaction",
    "transaction",
    default=None,
    help="Wrap the scripts in BEGIN/COMMIT, or not (default: as the migration tool runs "
    "files, else as the folder's migrations do).",
)
@click.option(
    "--cleanup",
    is_flag=True,
    help="Plan the cleanup migration instead: drop the tree's compatibility views.",
)
@click.option(
    "--force",
    is_flag=True,
    help="With --cleanup --write: drop views whose names code still uses (as 'impact' "
    "finds them, high confidence); refused otherwise. With --write: write SQLite "
    "compatibility views over tables code migrations change (their triggers may drop "
    "columns the model lacks).",
)
@click.option(
    "--untracked",
    is_flag=True,
    help="With --cleanup: also search files git does not track (nor ignore) for the "
    "views' names, as 'impact --untracked'.",
)
@click.option(
    "--write",
    is_flag=True,
    help="Write the migration files where the project keeps its migrations.",
)
@click.option(
    "--layout",
    type=click.Choice(
        [
            "flyway",
            "golang-migrate",
            "pop",
            "postgres-migrations",
            "diesel",
            "prisma",
            "goose",
            "dbmate",
            "sql-migrate",
            "liquibase",
            "sqlx",
            "sqitch",
            "zdb",
            "temporal",
            "synapse",
            "drizzle",
            "timestamped",
            "numbered",
            "upgrades",
            "alembic",
            "django",
            "knex",
            "sequelize",
            "laravel",
            "typeorm",
            "kysely",
        ]
    ),
    help="Migration tool layout (default: detected from the tree).",
)
@click.option("--name", help="Migration name (default: 'rename phase N').")
@click.option(
    "--export",
    type=click.Choice(["plain", "pgroll"]),
    help="Print the rename map instead: 'old new' lines, or pgroll operations JSON.",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=(
        "Save the forward SQL alone (with --cleanup, the cleanup SQL), or the export, "
        "here; the plan goes to standard error. The rollback is not in it: without -o "
        "it is printed, --write writes it."
    ),
)
@click.option(
    "--dialect", help="Dialect of the generated SQL (default: the config's or the tree's)."
)
@_database_name_option
@_search_path_override_option
@_no_cache_option
def migrate(
    paths: tuple[str, ...],
    config: Path | None,
    phases: tuple[str, ...],
    all_targets: bool,
    renames: tuple[str, ...],
    column_renames: tuple[str, ...],
    views: tuple[str, ...],
    no_views: bool,
    views_where_referenced: bool,
    tracking_table: str | None,
    lint_comments: bool,
    transaction: bool | None,
    cleanup: bool,
    force: bool,
    untracked: bool,
    write: bool,
    layout: str | None,
    name: str | None,
    export: str | None,
    output_file: Path | None,
    dialect: str | None,
    database_name: str | None,
) -> None:
    """Plan a rename migration (forward, rollback, cleanup, compatibility views).

    Without --write, prints the plan and the SQL; with it, writes the files
    beside the project's migrations, named as its tool expects.
    """
    from dbnamelint.commands.migrate import MigrateArgs, run_migrate

    settings = _load_settings(config, (), ())
    args = MigrateArgs(
        paths=paths,
        phases=phases,
        all_targets=all_targets,
        renames=renames,
        column_renames=column_renames,
        views=views,
        no_views=no_views,
        views_where_referenced=views_where_referenced,
        tracking_table=tracking_table,
        lint_comments=lint_comments,
        transaction=transaction,
        write=write,
        cleanup=cleanup,
        force=force,
        untracked=untracked,
        layout=layout,
        name=name,
        export=export,
        output=output_file,
        dialect=_dialect_option(dialect),
        database=database_name,
    )
    _run(lambda: run_migrate(settings, args, cwd=Path.cwd()))


@cli.command()
@click.argument("paths", nargs=-1)
@_config_option
@click.option("--phase", help="Only this phase's objects (a phase id from whitelist.yaml).")
@_dialect_override_option
@_search_path_override_option
@_no_cache_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "sarif"]),
    default="text",
    show_default=True,
    help="Report format: text; json; markdown for a pull-request comment; sarif for code scanning.",
)
@click.option(
    "--min-confidence",
    type=click.Choice(["plain", "high"]),
    default=None,
    help="high: only ORM mappings, query-builder calls and SQL; plain: also other text, "
    "each place listed. Default: every place counted; the text report lists the "
    "high-confidence ones and summarises plain text per object and file.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print a unified diff renaming the high-confidence references (for git apply).",
)
@click.option(
    "--renamed-only",
    is_flag=True,
    help="With --diff: only objects the schema has renamed already (not those still to migrate).",
)
@click.option(
    "--database",
    "database_name",
    metavar="NAME",
    help="Whose old names to search for: a separate database of the tree (a name under the "
    "config's databases:); required when it holds several.",
)
@click.option(
    "--untracked", is_flag=True, help="Also search files git does not track (nor ignore)."
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of standard output.",
)
def impact(
    paths: tuple[str, ...],
    config: Path | None,
    phase: str | None,
    fmt: str,
    min_confidence: str | None,
    diff: bool,
    renamed_only: bool,
    untracked: bool,
    output_file: Path | None,
    database_name: str | None,
) -> None:
    """Where code still uses whitelisted or renamed objects' old names (PATHS: git pathspecs)."""
    from dbnamelint.commands.impact import run_impact

    settings = _load_settings(config, (), ())
    given = click.get_current_context().meta.get("dbnamelint.dialect") is not None
    _run(
        lambda: run_impact(
            settings,
            paths,
            cwd=Path.cwd(),
            phase=phase,
            dialect_given=given,
            fmt=fmt,
            output=output_file,
            diff=diff,
            # None (not given): the text report summarises plain text.
            min_confidence=(
                "high" if min_confidence == "high" else "plain" if min_confidence else None
            ),
            untracked=untracked,
            renamed_only=renamed_only,
            database=database_name,
        )
    )


def _refuse_colour(ctx: click.Context, _param: click.Parameter, value: bool | None) -> None:
    if value:
        raise click.UsageError(
            f"--color: `{ctx.command_path}` prints no colour (only `check` colours its "
            "report); --no-color is accepted by every command",
            ctx=ctx,
        )


def _colour_flags(group: click.Group) -> None:
    """``--color/--no-color`` on each command of ``group`` that takes no
    ``--color`` of its own: its output has no colour, so ``--no-color`` is
    accepted and ``--color`` refused with why (trial s43: a script passing
    ``--no-color`` to every command got ``No such option`` from ``drift``)."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _colour_flags(command)
        elif not any(p.name == "color" for p in command.params):
            command.params.append(
                click.Option(
                    ["--color/--no-color"],
                    default=None,
                    expose_value=False,
                    callback=_refuse_colour,
                    help="This command prints no colour: --no-color is accepted, --color refused.",
                )
            )


_colour_flags(cli)


def main() -> None:
    """Console-script entry point."""
    from dbnamelint.core.gcpause import collector_paused

    try:
        # One run of a short-lived process makes almost no reference cycles,
        # but its allocations trigger full collections that walk every live
        # object: 1.0 s of rules and output at 8,000 tables (measured).
        with collector_paused():
            cli.main(prog_name="dbnamelint")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except OutputError as exc:  # full disk, read-only folder: the environment, not a bug
        click.echo(f"dbnamelint: {visible(str(exc))}", err=True)
        sys.exit(int(ExitCode.USAGE))
    except Exception as exc:
        click.echo(
            f"dbnamelint: internal error: {type(exc).__name__}: {visible(str(exc))}\n"
            "This is a bug in dbnamelint; please report it with the command you ran.",
            err=True,
        )
        sys.exit(int(ExitCode.INTERNAL))


if __name__ == "__main__":
    main()
