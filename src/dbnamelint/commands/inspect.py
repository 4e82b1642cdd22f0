"""``dbnamelint inspect``: print the model the files describe."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from dbnamelint.exitcodes import ExitCode, for_diagnostics
from dbnamelint.inspect_view import (
    render_events_json,
    render_events_text,
    render_model_json,
    render_model_text,
)
from dbnamelint.outputs import write_text
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
        write_text(output, text + "\n")
    else:
        click.echo(text)
    return for_diagnostics(loaded.diagnostics)
