"""``dbnamelint rules [RULE]``: what each rule checks, from its docstring."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dbnamelint.config import ConfigError, load_settings
from dbnamelint.exitcodes import ExitCode
from dbnamelint.rules.docs import rule_doc, rules_table
from dbnamelint.rules.registry import UnknownRuleError, discover_rules, resolve_rule


def run_rules_command(rule: str | None, *, config: Path | None, fmt: str) -> ExitCode:
    """List every rule (marking the active ones) or document one."""
    try:
        settings = load_settings(Path.cwd(), config)
    except ConfigError as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return ExitCode.USAGE
    active = settings.active_rules
    registry = discover_rules(settings.local_rules, settings.root)
    if rule is not None:
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
                [{**row._asdict(), "active": row.code in active} for row in rows],
                indent=2,
                default=str,
            )
        )
        return ExitCode.OK
    for row in rows:
        mark = "*" if row.code in active else " "
        click.echo(f"{mark} {row.code}  {row.name:<38} {row.summary}")
    click.echo("\n* = active with the current configuration; 'dbnamelint rules CODE' explains one.")
    return ExitCode.OK
