"""When a report gets ANSI colour: the command line, then the environment.

Precedence, highest first (CPython's own ``_colorize`` order for the two
variables):

1. ``--no-color`` turns colour off.
2. ``--color`` turns it on for standard output, terminal or pipe (``less -R``,
   CI logs); a report file (``-o``) still gets plain text.
3. ``NO_COLOR`` set to a non-empty value turns it off (https://no-color.org).
4. ``FORCE_COLOR`` set to a non-empty value turns it on everywhere, report
   files included (https://force-color.org); it is the one way to get escape
   codes into a file.
5. Otherwise colour is on only when standard output is a terminal whose
   ``TERM`` is not ``dumb``, and never in a file.
"""

from __future__ import annotations

from collections.abc import Mapping


def colour_wanted(
    flag: bool | None,
    *,
    to_file: bool,
    stdout_is_tty: bool,
    environ: Mapping[str, str],
) -> bool:
    """Whether the report should carry ANSI escape codes.

    ``flag`` is ``--color`` (True), ``--no-color`` (False) or neither (None);
    ``to_file`` is True when the report goes to ``--output-file``.
    """
    if flag is False:
        return False
    if flag is True and not to_file:
        return True
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if to_file:
        return False
    return stdout_is_tty and environ.get("TERM") != "dumb"
