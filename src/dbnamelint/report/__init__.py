"""Report formats: one module per format, one entry point.

A format is a pure function of a :class:`~dbnamelint.findings.CheckResult`
and :class:`RenderOptions` to text; it never decides the exit code (the CLI
does, from ``result.failed``) and never reads files, so every format can be
tested from hand-made values and output is byte-for-byte deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from dbnamelint import __version__

if TYPE_CHECKING:
    from dbnamelint.findings import CheckResult
    from dbnamelint.report.common import RenderOptions, View

__all__ = ["FORMATS", "RenderOptions", "UnknownFormatError", "View", "render"]

Renderer = Callable[["CheckResult", "RenderOptions"], str]


def __getattr__(name: str) -> Any:
    """``View`` and ``RenderOptions``, imported on first use (PEP 562): the CLI
    needs :data:`FORMATS` to parse its options, and a replayed run nothing else."""
    if name in ("View", "RenderOptions"):
        from dbnamelint.report import common

        return getattr(common, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Format -> (module, function). Modules are imported when their format is
#: used: a run renders one format, and importing all seven cost start-up time.
_RENDERERS: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "text": ("dbnamelint.report.text", "render_text"),
        "json": ("dbnamelint.report.jsonout", "render_json"),
        "github": ("dbnamelint.report.github", "render_github"),
        "sarif": ("dbnamelint.report.sarif", "render_sarif"),
        "junit": ("dbnamelint.report.junit", "render_junit"),
        "gitlab": ("dbnamelint.report.gitlab", "render_gitlab"),
        "markdown": ("dbnamelint.report.markdown", "render_markdown"),
    }
)

#: Format names accepted by :func:`render`, the default first.
FORMATS: tuple[str, ...] = tuple(_RENDERERS)


class UnknownFormatError(ValueError):
    """Raised for a format name that is not in :data:`FORMATS`."""

    def __init__(self, fmt: str) -> None:
        super().__init__(f"unknown output format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        self.fmt = fmt


def render(
    result: CheckResult,
    fmt: str = "text",
    *,
    color: bool = False,
    show_whitelisted: bool = False,
    tool_version: str = __version__,
    whitelist_path: str | None = None,
    view: View | None = None,
    cwd: Path | None = None,
) -> str:
    """Render ``result`` in format ``fmt``; the text ends with a newline.

    Write it with ``click.echo(text, nl=False)``. ``color`` only affects the
    ``text`` format; ``show_whitelisted`` lists excused findings in formats
    meant for people (machine formats json and sarif always carry them,
    flagged). ``view`` (the command-line flags) overrides ``color``; its
    ``show_source`` reads the reported files, relative to ``cwd``, for frames.
    """
    try:
        module, function = _RENDERERS[fmt]
    except KeyError:
        raise UnknownFormatError(fmt) from None
    from dbnamelint.report.common import RenderOptions, View
    from dbnamelint.report.frames import file_lines

    renderer: Renderer = getattr(import_module(module), function)
    view = view if view is not None else View(color=color)
    options = RenderOptions(
        color=view.color,
        show_whitelisted=show_whitelisted,
        tool_version=tool_version,
        whitelist_path=whitelist_path,
        quiet=view.quiet,
        statistics=view.statistics,
        source_lines=file_lines(cwd or Path.cwd()) if view.show_source else None,
    )
    return renderer(result, options)
