"""One module per command; each is a function returning an exit code.

The click layer in :mod:`dbnamelint.cli` only parses options and
dispatches, as pre-commit's ``main.py`` does, so commands stay testable as
plain functions.
"""

from __future__ import annotations

from pathlib import Path

import click

from dbnamelint.outputs import write_text


def write_report(text: str, output: Path | None) -> None:
    """Print a report, or write it to ``--output-file``.

    CI jobs name a report file in a folder that does not exist yet
    (``reports/dbnamelint.sarif``), so the folders are made rather than
    failing the job on a missing directory. Raises
    :class:`~dbnamelint.outputs.OutputError` when it cannot be written.
    """
    if output is not None:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
