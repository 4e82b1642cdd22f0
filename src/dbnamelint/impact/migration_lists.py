"""Go migration lists: slice literals of SQL a program applies as migration steps.

dex keeps its migrations in code, ``var migrations = []migration{{stmts:
[]string{`create table password (...)`, `update password set ...`}}}``, and
applies each step once, in order: a fresh install replays them all before the
step that renames a table, so every string of the list (its DML too) must keep
the old name, as a migration file does. A list is recognised by its name or its
element type: a Go slice or array literal (``[]T{``, ``[...]T{``, ``[3]T{``)
assigned to, or keyed by, an identifier holding ``migrat`` (``migrations``,
``schemaMigrations``, ``Migrations:``), or whose element type holds it
(``[]migration{``, ``[]*migrate.Migration{``), or a value of a slice type
named so (photoprism's ``var DialectMySQL = Migrations{...}``). A named list's elements may be
functions (miniflux: ``var migrations = [...]func(tx *sql.Tx) error{func(tx
*sql.Tx) (err error) {sql := `CREATE TABLE ...`; ...}, ...}``). A list of start-up DDL under
another name (``var schema = []string{...}``) is not one: it needs the new name.
Reads text only.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile

#: A slice or array literal's opening brace, named or typed as migrations.
_OPENING = lazy_compile(
    r"(?:\b(?P<name>\w*[Mm][Ii][Gg][Rr][Aa][Tt]\w*)\s*(?::=|=|:)\s*"
    r"\[(?:\d*|\.\.\.)\](?:\*?[\w.]+|func\s*\([^()]*\)\s*(?:\([^()]*\)|\*?[\w.]+)?)\s*\{"
    r"|\[(?:\d*|\.\.\.)\]\*?(?:\w+\.)?\w*[Mm]igrat\w*\s*\{"
    # a slice type of its own named so (photoprism's generated
    # ``var DialectMySQL = Migrations{{ID: ..., Statements: []string{...}}}``)
    r"|(?::=|=)\s*(?:\w+\.)?\w*[Mm]igrations\s*\{)"
)


def migration_lists(path: str, text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each Go migration list literal in ``text``
    (from its ``{`` to past its ``}``; to the end of the text when unclosed),
    in order, none inside another; [] for a file that is not Go."""
    if not path.lower().endswith(".go") or "igrat" not in text.lower():
        return []
    out: list[tuple[int, int]] = []
    at = 0
    while True:
        found = _OPENING.search(text, at)
        if found is None:
            return out
        start = found.end() - 1
        end = _closing(text, start)
        out.append((start, end))
        at = end


def _closing(text: str, start: int) -> int:
    """Offset past the ``}`` matching the ``{`` at ``start``, skipping Go
    strings, runes and comments (the text's end when there is none)."""
    depth = 0
    i = start
    size = len(text)
    while i < size:
        char = text[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif char == "`":
            close = text.find("`", i + 1)
            i = size if close < 0 else close
        elif char in "\"'":
            i += 1
            while i < size and text[i] != char and text[i] != "\n":
                i += 2 if text[i] == "\\" else 1
        elif text.startswith("//", i):
            close = text.find("\n", i)
            i = size if close < 0 else close
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = size if close < 0 else close + 1
        i += 1
    return size


def in_lists(lists: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls inside one of ``lists``."""
    return any(a <= offset < b for a, b in lists)


def list_steps(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """(start, end) offsets of each element (step) of the list literal at
    ``span`` (:func:`migration_lists`), in order: the text between its
    top-level commas, blanks trimmed (a trailing comma's empty element
    dropped); Go strings, runes and comments skipped."""
    start, end = span
    out: list[tuple[int, int]] = []
    depth = 0
    i = start + 1
    stop = end - 1 if end > start and text[end - 1 : end] == "}" else end
    piece = i

    def close(at: int) -> None:
        a, b = piece, at
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))

    while i < stop:
        char = text[i]
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        elif char == "," and depth == 0:
            close(i)
            piece = i + 1
        elif char == "`":
            found = text.find("`", i + 1)
            i = stop if found < 0 else found
        elif char in "\"'":
            i += 1
            while i < stop and text[i] != char and text[i] != "\n":
                i += 2 if text[i] == "\\" else 1
        elif text.startswith("//", i):
            found = text.find("\n", i)
            i = stop if found < 0 else found
            continue
        elif text.startswith("/*", i):
            found = text.find("*/", i + 2)
            i = stop if found < 0 else found + 1
        i += 1
    close(stop)
    return out
