"""One module per command; each is a function returning an exit code.

The click layer in :mod:`dbnamelint.cli` only parses options and
dispatches, as pre-commit's ``main.py`` does, so commands stay testable as
plain functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dbnamelint.outputs import write_text
from dbnamelint.report.run_info import describe_run

if TYPE_CHECKING:
    from dbnamelint.config import Settings
    from dbnamelint.model import Diagnostic
    from dbnamelint.services.lint import Evaluation


def write_report(text: str, output: Path | None) -> None:
    """Print a report, or write it to ``--output-file``.

    CI jobs name a report file in a folder that does not exist yet
    (``reports/dbnamelint.sarif``), so the folders are made rather than
    failing the job on a missing directory. Colour was decided when the
    text was rendered (:mod:`dbnamelint.report.colour`), so click must not
    strip it again on a pipe. Raises :class:`~dbnamelint.outputs.OutputError`
    when the file cannot be written.
    """
    if output is not None:
        write_text(output, text)
    else:
        click.echo(text, nl=False, color=True)


def echo_problems(diagnostics: Iterable[Diagnostic]) -> None:
    """Print each diagnostic on stderr as the text report would (``path:l:c: CODE error: ...``)."""
    from dbnamelint.report.text import diagnostic_line

    for d in diagnostics:
        click.echo(diagnostic_line(d), err=True)


def verbose_text(
    settings: Settings, tree: Sequence[str], evaluation: Evaluation | None, whitelist: str | None
) -> str:
    """``--verbose``: config, packs, paths, dialects and rules of this run."""
    return describe_run(
        config=str(settings.config_path) if settings.config_path else None,
        layers=settings.layers,
        paths=tree,
        files=evaluation.loaded.files if evaluation is not None else None,
        rules=[rule.code for rule, _ in settings.rules],
        whitelist=whitelist,
    )
