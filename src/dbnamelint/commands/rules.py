"""``dbnamelint rules [RULE]``: what each rule checks, from its docstring."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dbnamelint.config import ConfigError, load_settings
from dbnamelint.core.diagnostics import DIAGNOSTICS, diagnostic_doc, lookup_diagnostic
from dbnamelint.exitcodes import ExitCode
from dbnamelint.rules.docs import rule_doc, rules_table
from dbnamelint.rules.registry import UnknownRuleError, discover_rules, resolve_rule


def run_rules_command(rule: str | None, *, config: Path | None, fmt: str) -> ExitCode:
    """List every rule (marking the active ones) or document one.

    Documentation needs no valid project config (as ``ruff rule X``): a
    config that does not load is a warning on stderr, and the built-in and
    installed rules are documented without it (its local rules and the
    active marks are then unknown).
    """
    active: frozenset[str] | set[str] | None
    try:
        settings = load_settings(Path.cwd(), config)
    except ConfigError as exc:
        click.echo(
            f"dbnamelint: warning: {exc}; rules are listed without the config "
            "(its local rules and which rules are active are unknown)",
            err=True,
        )
        active = None
        registry = discover_rules((), Path.cwd())
    else:
        active = settings.active_rules
        registry = discover_rules(settings.local_rules, settings.root)
    if rule is not None:
        diagnostic = lookup_diagnostic(rule)
        if diagnostic is not None:
            click.echo(diagnostic_doc(diagnostic), nl=False)
            return ExitCode.OK
        try:
            cls = resolve_rule(rule, registry)
        except UnknownRuleError as exc:
            click.echo(f"dbnamelint: {exc}", err=True)
            return ExitCode.USAGE
        click.echo(rule_doc(cls))
        return ExitCode.OK
    rows = rules_table(registry)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {**row._asdict(), "active": None if active is None else row.code in active}
                    for row in rows
                ]
                + [
                    {
                        "code": d.code,
                        "name": d.name,
                        "kinds": "diagnostic",
                        "default_enabled": not d.hidden_by_default,
                        "summary": d.summary,
                        "active": True,
                    }
                    for d in DIAGNOSTICS.values()
                ],
                indent=2,
                default=str,
            )
        )
        return ExitCode.OK
    for row in rows:
        mark = "*" if active is not None and row.code in active else " "
        click.echo(f"{mark} {row.code}  {row.name:<38} {row.summary}")
    click.echo("\nDiagnostics (problems with the input, suppressions and the whitelist):")
    for info in DIAGNOSTICS.values():
        note = " (info: listed with --verbose)" if info.hidden_by_default else ""
        click.echo(f"  {info.code}  {info.name:<38} {info.summary}{note}")
    if active is None:
        click.echo("\nThe config did not load: active rules are not marked.")
    else:
        click.echo(
            "\n* = active with the current configuration; 'dbnamelint rules CODE' explains one."
        )
    return ExitCode.OK
