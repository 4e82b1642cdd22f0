"""Path globs, one meaning wherever a user writes one.

``exclude``, ``per_path`` (for its dialect and module as for its ignored
rules) and module patterns are all globs relative to the root; if two
layers read the same glob two ways, a file could get one override's dialect
but not its ``ignore``. So there is one translation, here, light enough
(``re`` only) for the config layer to use without loading the sources layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Whether a path is a glob: the characters :func:`translate_glob` gives meaning.
GLOB_CHARS = re.compile(r"[*?\[]")


def translate_glob(pattern: str) -> str:
    """Regex text for a path glob: ``**`` crosses folders, ``*`` and ``?`` don't."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            end = pattern.find("]", i + 2 if pattern.startswith("[!", i) else i + 1)
            if end == -1:
                out.append(re.escape(char))
                i += 1
                continue
            body = pattern[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class PathGlob:
    """A config glob matched against paths relative to the root.

    Like ``.gitignore``: a pattern without ``/`` matches a name at any depth,
    and a pattern that matches a folder matches everything below it (so
    ``legacy`` and ``legacy/**`` both cover ``legacy/a/b.sql``).
    """

    pattern: str
    regex: re.Pattern[str]

    @classmethod
    def compile(cls, pattern: str) -> PathGlob:
        """Compile once; matching is then a regex call per path and ancestor.

        Raises ``ValueError`` for a pattern with nothing in it, which would
        otherwise match nothing and hide the typo.
        """
        text = pattern.strip().replace("\\", "/")
        text = text.removeprefix("./").rstrip("/")
        anchored = "/" in text  # a "/" anywhere, leading included, anchors at the root
        text = text.lstrip("/")
        if not text:
            raise ValueError(f"empty path glob {pattern!r}")
        prefix = "" if anchored else "(?:.*/)?"
        return cls(pattern, re.compile(prefix + translate_glob(text)))

    def matches(self, relative_path: str) -> bool:
        """True when the path or one of its folders matches."""
        if self.regex.fullmatch(relative_path):
            return True
        pos = relative_path.find("/")
        while pos != -1:
            if self.regex.fullmatch(relative_path[:pos]):
                return True
            pos = relative_path.find("/", pos + 1)
        return False
