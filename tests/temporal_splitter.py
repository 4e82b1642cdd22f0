"""temporal-sql-tool's statement splitter and statement filter, ported to Python.

From temporal's ``common/persistence/query_util.go``
(``LoadAndSplitQueryFromReaders``, ``hasWordAt``, ``hasWordAfter``,
``hasWordsBefore``; temporalio/temporal 6805caea) and
``tools/common/schema/updatetask.go`` (``validateCQLStmts``: a statement
must open with CREATE, ALTER, INSERT, DROP or DO). Byte for byte the Go
logic: the text is lowercased for matching, ``;`` ends a statement at depth
0, ``(``/``)``, ``$$``, ``if``, ``loop``, ``begin``, ``end [if|loop]`` nest,
quotes are skipped, ``--`` comments removed. ``SplitError`` carries the Go
error text.
"""

from __future__ import annotations

ALLOWED_PREFIXES = ("CREATE", "ALTER", "INSERT", "DROP", "DO")


class SplitError(Exception):
    """What temporal's splitter or statement filter refuses, in its words."""


def _alnum(c: str) -> bool:
    return c.isalpha() or c.isdigit()  # Go unicode.IsLetter/IsDigit on a byte: no '_'


def _word_at(s: str, word: str, pos: int) -> bool:
    if pos + len(word) > len(s) or s[pos : pos + len(word)] != word:
        return False
    if pos > 0 and _alnum(s[pos - 1]):
        return False
    return not (pos + len(word) < len(s) and _alnum(s[pos + len(word)]))


def _word_after(s: str, word: str, pos: int) -> tuple[bool, int]:
    after = pos
    while after < len(s) and s[after].isspace():
        after += 1
    if after == pos:
        return False, after
    return _word_at(s, word, after), after


def _words_before(s: str, pos: int, *words: str) -> bool:
    if pos <= 0 or not s[pos].isspace():
        return False
    for word in reversed(words):
        while pos >= 0 and s[pos].isspace():
            pos -= 1
        while pos > 0 and _alnum(s[pos - 1]):
            pos -= 1
        if pos < 0 or not _word_at(s, word, pos):
            return False
        pos -= 1
    return True


def split(content: str) -> list[str]:
    """The statements temporal-sql-tool runs from one file, comments removed."""
    result: list[str] = []
    low = content.lower()
    n = len(content)
    i = j = 0
    while i < n:
        st: list[str] = []
        out: list[str] = []
        while j < n:
            c = low[j]
            if c == ";":
                if not st:
                    j += 1
                    break
            elif c == "(":
                st.append("(")
            elif c == ")":
                if not st or st[-1] != "(":
                    raise SplitError("error reading contents: unmatched right parenthesis")
                st.pop()
            elif c == "$":
                if _word_at(low, "$$", j):
                    if not st or st[-1] != "$":
                        st.append("$")
                    else:
                        st.pop()
                    j += 1
            elif c == "i":
                if _word_at(low, "if", j) and not (
                    _words_before(low, j - 1, "add", "column")
                    or _words_before(low, j - 1, "create", "index")
                    or _words_before(low, j - 1, "create", "index", "concurrently")
                    or _words_before(low, j - 1, "create", "table")
                ):
                    st.append("i")
                    j += 1
            elif c == "l":
                if _word_at(low, "loop", j):
                    st.append("l")
                    j += 3
            elif c == "b":
                if _word_at(low, "begin", j):
                    st.append("b")
                    j += 4
            elif c == "e":
                if _word_at(low, "end", j):
                    ok, after = _word_after(low, "if", j + 3)
                    if ok:
                        if not st or st[-1] != "i":
                            raise SplitError("error reading contents: unmatched `END IF` keyword")
                        st.pop()
                        j = after + 1
                    else:
                        ok, after = _word_after(low, "loop", j + 3)
                        if ok:
                            if not st or st[-1] != "l":
                                raise SplitError(
                                    "error reading contents: unmatched `END LOOP` keyword"
                                )
                            st.pop()
                            j = after + 3
                        else:
                            if not st or st[-1] != "b":
                                raise SplitError("error reading contents: unmatched `END` keyword")
                            st.pop()
                            j += 2
            elif c in "'\"":
                j += 1
                while j < n and low[j] != c:
                    j += 1
                if j == n:
                    raise SplitError("error reading contents: unmatched quotes")
            elif c == "-" and low[j : j + 2] == "--":
                out.append(content[i:j].rstrip(" "))
                while j < n and low[j] != "\n":
                    j += 1
                i = j
            j += 1
        if st:
            if st[-1] == "(":
                raise SplitError("error reading contents: unmatched left parenthesis")
            if st[-1] == "b":
                raise SplitError("error reading contents: unmatched `BEGIN` keyword")
            raise SplitError(f"error reading contents: unmatched `{st[-1]}`")
        out.append(content[i:j])
        stmt = "".join(out).strip()
        i = j
        if stmt:
            result.append(stmt)
    return result


def statements(content: str) -> list[str]:
    """:func:`split`, then ``validateCQLStmts``: each must open with an allowed word."""
    found = split(content)
    for stmt in found:
        if not stmt.startswith(ALLOWED_PREFIXES):
            raise SplitError(f"CQL prefix not in whitelist, stmt={stmt}")
    return found
