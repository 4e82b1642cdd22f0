"""``dbnamelint inspect``: print the model the files describe."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from dbnamelint.exitcodes import ExitCode
from dbnamelint.inspect_view import (
    render_events_json,
    render_events_text,
    render_model_json,
    render_model_text,
)
from dbnamelint.model import Severity
from dbnamelint.pipeline import load_paths
from dbnamelint.sources import SourceSettings


def run_inspect(
    paths: Sequence[str],
    *,
    settings: SourceSettings,
    fmt: str = "text",
    events: bool = False,
    output: Path | None = None,
) -> ExitCode:
    """Read ``paths`` and print the final model (or every naming event)."""
    loaded = load_paths(paths, settings)
    if events:
        text = (render_events_json if fmt == "json" else render_events_text)(
            loaded.events, loaded.diagnostics
        )
    else:
        text = (render_model_json if fmt == "json" else render_model_text)(
            loaded.schema, loaded.diagnostics
        )
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)
    return exit_code_for(loaded.diagnostics)


def exit_code_for(diagnostics: Sequence[object]) -> ExitCode:
    """Map diagnostics to the exit code: the most serious kind of input error wins.

    A path that does not exist is a usage error (2); a file that is not
    UTF-8 text is unreadable input (3); DDL we could not read is 1.
    """
    codes = {
        getattr(d, "code", "")
        for d in diagnostics
        if getattr(d, "severity", None) is Severity.ERROR
    }
    if "DBN002" in codes:
        return ExitCode.USAGE
    if "DBN003" in codes:
        return ExitCode.INPUT_ERROR
    return ExitCode.FINDINGS if codes else ExitCode.OK
