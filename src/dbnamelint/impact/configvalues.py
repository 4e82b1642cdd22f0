"""The unquoted values of ``.properties``, ``.ini`` and YAML files, each whole.

``query.users=SELECT * FROM users`` holds SQL, ``title=Update tag`` and
``description = select the users you want`` hold English: a value is a
string, SQL only as a whole statement
(:func:`~dbnamelint.impact.classify.reads_as_statement`), so each entry's
whole value is read, over its continuation lines: in a ``.properties`` file a line
ending in an odd number of backslashes goes on on the next
(``java.util.Properties.load``: the key ends at the first unescaped ``=``,
``:`` or white space; ``#`` and ``!`` open comment lines); in an ``.ini``
file a line indented deeper than its key's goes on with it (Python's
``configparser``: ``key = value`` or ``key: value``, ``[section]`` headers,
``#`` and ``;`` comment lines). In YAML (1.2, "Plain Style", "Block
Scalars"), a key's or a sequence entry's plain scalar (``summary: Update
tag``, ``- Join team``) goes on over the lines indented deeper, and so does
a block scalar (``help: |``, ``>-``) over its lines; quoted and flow values
are string literals, read as such. Reads text only.
"""

from __future__ import annotations

import bisect

from msgspec import Struct, field

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.languages import YAML_SUFFIXES

SUFFIXES = (".properties", ".ini")

_PROPERTIES_KEY = lazy_compile(r"[ \t\f]*(?:\\.|[^\\=: \t\f\n])+[ \t\f]*[=:]?[ \t\f]*")
_INI_KEY = lazy_compile(r"([ \t]*)[^\s=:\[#;][^=:\n]*[=:][ \t]*")
#: A YAML line up to its value: its indentation, sequence dashes and a key.
_YAML_HEAD = lazy_compile(r"([ \t]*)(?:-[ \t]+)*(?:(?P<key>[\w$./-]+)[ \t]*:[ \t]+)?")
#: A block scalar's header: ``|`` or ``>``, chomping and indentation indicators.
_BLOCK_HEADER = lazy_compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")


class ConfigValues(Struct):
    """The entries' values of one file: (start, end, text) each, in order."""

    _spans: list[tuple[int, int, str]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def at(self, offset: int) -> str | None:
        """The whole value (continuation lines joined by a space) holding
        ``offset``, or None when it is in no value (a key, a comment)."""
        k = bisect.bisect_right(self._starts, offset) - 1
        if k < 0 or offset >= self._spans[k][1]:
            return None
        return self._spans[k][2]

    def _add(self, start: int, end: int, parts: list[str]) -> None:
        self._spans.append((start, end, " ".join(p.strip() for p in parts)))
        self._starts.append(start)


def config_values(path: str, text: str) -> ConfigValues:
    """The values of ``text`` when ``path`` is a ``.properties`` or ``.ini`` file
    (none otherwise)."""
    lowered = path.lower()
    out = ConfigValues()
    if lowered.endswith(".properties"):
        _properties(text, out)
    elif lowered.endswith(".ini"):
        _ini(text, out)
    elif lowered.endswith(YAML_SUFFIXES):
        _yaml(text, out)
    return out


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its break) of each line of ``text``."""
    out: list[tuple[int, str]] = []
    at = 0
    for line in text.splitlines(keepends=True):
        out.append((at, line.rstrip("\r\n")))
        at += len(line)
    return out


def _continues(line: str) -> bool:
    """Whether a ``.properties`` line ends in an odd number of backslashes."""
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _properties(text: str, out: ConfigValues) -> None:
    lines = _lines(text)
    i = 0
    while i < len(lines):
        at, line = lines[i]
        i += 1
        stripped = line.lstrip(" \t\f")
        if not stripped or stripped[0] in "#!":
            continue
        key = _PROPERTIES_KEY.match(line)
        start = at + (key.end() if key else 0)
        parts = [line[key.end() if key else 0 :]]
        end = at + len(line)
        while _continues(parts[-1]) and i < len(lines):
            parts[-1] = parts[-1][:-1]
            at, line = lines[i]
            i += 1
            parts.append(line)
            end = at + len(line)
        out._add(start, end, parts)


def _ini(text: str, out: ConfigValues) -> None:
    lines = _lines(text)
    i = 0
    while i < len(lines):
        at, line = lines[i]
        i += 1
        key = _INI_KEY.match(line)
        if key is None:
            continue
        indent = len(key.group(1))
        parts = [line[key.end() :]]
        start, end = at + key.end(), at + len(line)
        while i < len(lines):
            more_at, more = lines[i]
            body = more.lstrip(" \t")
            if not body or len(more) - len(body) <= indent:
                break
            parts.append(more)
            end = more_at + len(more)
            i += 1
        out._add(start, end, parts)


def _yaml(text: str, out: ConfigValues) -> None:
    lines = _lines(text)
    i = 0
    while i < len(lines):
        at, line = lines[i]
        i += 1
        head = _YAML_HEAD.match(line)
        if head is None or not head.group().strip() or line.lstrip().startswith("#"):
            continue
        value = line[head.end() :]
        block = _BLOCK_HEADER.match(value) is not None
        if not block and value[:1] in ("", "'", '"', "{", "[", "&", "*", "!", "#", "|", ">"):
            continue  # no plain scalar: a nested node, a quoted or flow value, an anchor
        comment = -1 if block else value.find(" #")
        parts = [] if block else [value if comment < 0 else value[:comment]]
        start, end = at + head.end(), at + len(line)
        # Its lines are those indented deeper than its key (or its dash: "- Join team").
        indent = head.start("key") if head.group("key") else len(head.group(1))
        while i < len(lines):
            more_at, more = lines[i]
            body = more.lstrip(" \t")
            if body and len(more) - len(body) <= indent:
                break
            if not block and body.startswith("#"):
                break  # a comment ends a plain scalar
            if body:
                parts.append(more)
                end = more_at + len(more)
            i += 1
        if parts:
            out._add(start, end, parts)
