"""Untrusted text made safe for a terminal or a CI log line.

Names come from SQL (a quoted identifier may hold any character), paths from
the file system (a file name may hold a newline) and messages quote both.
Printed raw, ``ESC [2J`` clears the reader's terminal, OSC 8 plants a link,
a bidirectional override reorders what the reviewer sees, and a newline
followed by ``::error ...`` is a GitHub Actions workflow command. So every
untrusted piece of a text line goes through :func:`visible` (and paths
through :func:`visible_path`) before it is printed.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile

#: C0 and C1 controls, DEL, line/paragraph separators, the bidirectional
#: formatting characters used by "Trojan Source" (CVE-2021-42574), lone
#: surrogates and U+FFFE/U+FFFF (not characters: invalid in XML 1.0 and
#: unencodable as UTF-8).
UNSAFE = lazy_compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control or bidi character shown as an escape.

    ``\\n`` -> ``\\\\n``, ESC -> ``\\\\e``, others as ``\\\\xNN``/``\\\\uNNNN``;
    printable text (any script) is unchanged, so ordinary output stays
    byte-identical. The result is one line without terminal controls.
    """
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def visible_path(path: str) -> str:
    """A path for the start of an output line: :func:`visible`, and never ``::``.

    A CI runner reads any log line starting with ``::`` as a command, so a
    file named ``::error::x.sql`` is shown as ``./::error::x.sql`` (the same
    file).
    """
    shown = visible(path)
    # the runner trims the line first, so " ::x" counts as well
    return "./" + shown if shown.lstrip().startswith(":") else shown
