"""Module paths, import lines and URLs: words there name no table or column.

A Go module named after its project (``github.com/x/thunderdome-planning-poker``)
is imported by every file of it, and ``go.mod``/``go.sum`` list it: the word
``poker`` in that path is no use of the table ``poker``. The same holds for
a URL's words (``https://example.com/poker``), a word of an import or
package declaration (Go, Java, Kotlin, Python, JS/TS, C#, C, Ruby's
``require``; not Rust's ``use crate::schema::post``, which names Diesel's
table module) and a JS module specifier (``require("./poker")``,
``import("./poker")``). Such a place is no reference at all. Reads text only.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile

#: What ends the run of characters a path or URL is written in.
_STOPS = frozenset(" \t\"'`<>()[]{},;=|\\")
#: A URL (``https://``, ``jdbc:postgresql://``) or a path that starts with a
#: host name (``github.com/x/y``, ``gopkg.in/yaml.v3``): a Go module path.
_HOSTED = lazy_compile(
    r"(?:[A-Za-z][\w+.-]*:)+//"
    r"|@?(?:[A-Za-z0-9-]+\.)+[a-z]{2,}(?::\d+)?/"
)
#: A line declaring imports or the package (``import``, ``package``, ``using``...).
_IMPORT_LINE = lazy_compile(
    r"^\s*(?:"
    r"import\s+(?!\(\s*$)"  # Go, Java, Kotlin, Scala, Python, JS/TS (not Go's "import (")
    r"|from\s+[\w.]+\s+import\b"  # Python
    r"|package\s+[\w.]+\s*;?\s*$"  # Go, Java, Kotlin
    r"|using\s+(?:static\s+)?[\w.]+\s*;\s*$"  # C#
    r"|require(?:_relative)?[\s(]+[\"']"  # Ruby, Lua
    r"|export\s.*\bfrom\s*[\"']"  # JS/TS re-export
    r"|#\s*include\s"  # C, C++
    r")"
)
#: A JS module specifier's string: ``require("./x")``, ``import("./x")``.
_SPECIFIER = lazy_compile(r"\b(?:require|import)\s*\(\s*[\"'`][^\"'`]*$")
#: Go's import block: ``import (`` to the ``)`` closing it, each line an import.
_GO_IMPORTS = lazy_compile(r"^import\s*\(\s*$(.*?)^\)", re.MULTILINE | re.DOTALL)


def go_import_blocks(path: str, text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the body of each ``import ( ... )`` block of a ``.go`` file."""
    if not path.endswith(".go"):
        return []
    return [(m.start(1), m.end(1)) for m in _GO_IMPORTS.finditer(text)]


#: A Go import spec (in a block, or after ``import``): an optional name, the path.
_GO_SPEC = lazy_compile(r'^[ \t]*(?:import[ \t]+)?(?:([\w.]+)[ \t]+)?"([^"]+)"', re.MULTILINE)
_GO_IMPORT_LINE = lazy_compile(r"^import[ \t]+(?:[\w.]+[ \t]+)?\"[^\"]*\"", re.MULTILINE)


def go_imports(path: str, text: str) -> list[tuple[str | None, str]]:
    """(name or None, path) of each package a ``.go`` file imports."""
    if not path.lower().endswith(".go") or "import" not in text:
        return []
    specs = [m.group() for m in _GO_IMPORT_LINE.finditer(text)]
    specs += [text[a:b] for a, b in go_import_blocks(path, text)]
    return [(m.group(1), m.group(2)) for spec in specs for m in _GO_SPEC.finditer(spec)]


def go_std_packages(path: str, text: str) -> frozenset[str]:
    """The names a ``.go`` file calls standard-library packages by: ``strings``,
    ``fp`` for ``fp "path/filepath"``, ``rand`` for ``math/rand/v2``. The
    standard library's import paths have no dot in their first element (Go
    Modules Reference, "Module paths"), and each of its packages is named as
    its path's last element (before a ``/vN`` major version)."""
    names: set[str] = set()
    for alias, imported in go_imports(path, text):
        if "." not in imported.split("/")[0] and alias not in ("_", "."):
            parts = imported.split("/")
            major = len(parts) > 1 and re.fullmatch(r"v\d+", parts[-1]) is not None
            names.add(alias or parts[-2 if major else -1])
    return frozenset(names)


def in_module_path(line: str, start: int, end: int, *, code: bool) -> bool:
    """Whether ``line[start:end]`` is a word of a URL or a host-led module path,
    or (``code``: a programming language's file) of an import or package
    declaration or a JS module specifier."""
    if "/" in line:  # a URL or a module path has one
        lo = start
        while lo and line[lo - 1] not in _STOPS:
            lo -= 1
        hi = end
        while hi < len(line) and line[hi] not in _STOPS:
            hi += 1
        if _HOSTED.match(line, lo, hi):
            return True
    if not code:
        return False
    if _IMPORT_LINE.match(line):
        return True
    return ("require" in line or "import" in line) and bool(_SPECIFIER.search(line, 0, start))
