"""Path globs, one meaning wherever a user writes one.

``exclude``, ``per_path`` (for its dialect and module as for its ignored
rules) and module patterns are all globs relative to the root; if two
layers read the same glob two ways, a file could get one override's dialect
but not its ``ignore``. So there is one translation, here, light enough
(``re`` only) for the config layer to use without loading the sources layer.
"""

from __future__ import annotations

import re

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile

#: Whether a path is a glob: the characters :func:`translate_glob` gives meaning.
GLOB_CHARS = lazy_compile(r"[*?\[]")


def translate_glob(pattern: str) -> str:
    """Regex text for a path glob: ``**`` crosses folders, ``*`` and ``?`` don't."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if pattern.startswith("**/", i):
            if not out or out[-1] != "(?:[^/]*/)*":  # runs of **/ backtrack exponentially
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


# Glob tokens for the matcher below: (kind, argument).
_LIT, _ONE, _CLASS, _STAR, _ANY, _SEGMENTS = range(6)
_Token = tuple[int, "str | re.Pattern[str] | None"]


def _tokens(text: str) -> tuple[_Token, ...]:
    """The glob as tokens; runs of ``**/`` and ``*`` collapse (same meaning)."""
    out: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if text.startswith("**/", i):
            if not out or out[-1][0] != _SEGMENTS:
                out.append((_SEGMENTS, None))
            i += 3
        elif text.startswith("**", i):
            out.append((_ANY, None))
            i += 2
        elif char == "*":
            if not out or out[-1][0] != _STAR:
                out.append((_STAR, None))
            i += 1
        elif char == "?":
            out.append((_ONE, None))
            i += 1
        elif char == "[":
            end = text.find("]", i + 2 if text.startswith("[!", i) else i + 1)
            if end == -1:
                out.append((_LIT, char))
                i += 1
                continue
            out.append((_CLASS, re.compile(translate_glob(text[i : end + 1]))))
            i = end + 1
        else:
            out.append((_LIT, char))
            i += 1
    return tuple(out)


class PathGlob(Struct, frozen=True):
    """A config glob matched against paths relative to the root.

    Like ``.gitignore``: a pattern without ``/`` matches a name at any depth,
    and a pattern that matches a folder matches everything below it (so
    ``legacy`` and ``legacy/**`` both cover ``legacy/a/b.sql``).

    Matching simulates the glob as a set of states over the path once
    (Thompson's construction) instead of handing a regex to ``re``: a
    backtracking regex is exponential on ``**/**/**/.../x/y`` (22 s per
    path for ten of them), this is O(len(path) * len(pattern)) for any
    pattern, and answers for every ancestor folder in the same pass.
    """

    pattern: str
    tokens: tuple[_Token, ...]

    @classmethod
    def compile(cls, pattern: str) -> PathGlob:
        """Compile once; matching is then one linear pass per path.

        Raises ``ValueError`` for a pattern with nothing in it, which would
        otherwise match nothing and hide the typo.
        """
        text = pattern.strip().replace("\\", "/")
        text = text.removeprefix("./").rstrip("/")
        anchored = "/" in text  # a "/" anywhere, leading included, anchors at the root
        text = text.lstrip("/")
        if not text:
            raise ValueError(f"empty path glob {pattern!r}")
        prefix: tuple[_Token, ...] = () if anchored else ((_SEGMENTS, None),)
        return cls(pattern, prefix + _tokens(text))

    def _closure(self, states: set[tuple[int, bool]]) -> set[tuple[int, bool]]:
        """Add the states reachable without reading a character.

        A state is (token index, inside a ``**/`` segment); ``*``, ``**``
        and ``**/`` may all match nothing.
        """
        todo = list(states)
        while todo:
            index, inside = todo.pop()
            if inside or index >= len(self.tokens):
                continue
            if self.tokens[index][0] in (_STAR, _ANY, _SEGMENTS):
                nxt = (index + 1, False)
                if nxt not in states:
                    states.add(nxt)
                    todo.append(nxt)
        return states

    def _step(self, states: set[tuple[int, bool]], char: str) -> set[tuple[int, bool]]:
        out: set[tuple[int, bool]] = set()
        for index, _inside in states:  # only ``**/`` has an inside, and it ignores it
            if index >= len(self.tokens):
                continue
            kind, arg = self.tokens[index]
            if kind == _SEGMENTS:
                # (?:[^/]*/)*: a "/" closes a segment, anything else extends it
                out.add((index, False) if char == "/" else (index, True))
            elif kind == _ANY:
                out.add((index, False))
            elif char == "/":
                if kind == _LIT and arg == "/":
                    out.add((index + 1, False))
            elif kind == _STAR:
                out.add((index, False))
            elif (
                kind == _ONE
                or (kind == _LIT and arg == char)
                or (kind == _CLASS and isinstance(arg, re.Pattern) and arg.fullmatch(char))
            ):
                out.add((index + 1, False))
        return self._closure(out)

    def _accepts(self, states: set[tuple[int, bool]]) -> bool:
        return (len(self.tokens), False) in states

    def matches(self, relative_path: str) -> bool:
        """True when the path or one of its folders matches."""
        states = self._closure({(0, False)})
        for char in relative_path:
            if char == "/" and self._accepts(states):
                return True  # a folder on the way matched
            states = self._step(states, char)
            if not states:
                return False
        return self._accepts(states)
