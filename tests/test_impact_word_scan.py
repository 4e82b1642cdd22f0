"""``impact`` finds old names with a trie regex whose cost does not grow with their number.

The oracle is the search it replaces: one ``(?<!IDENT)(?:w1|w2|...)(?!IDENT)``
alternation of every case-folded old name, longest first, with
``re.IGNORECASE`` (the behaviour the README documents: a name counts as a
whole identifier, in any case, ``"quoted"``, schema-qualified). Both run
over generated texts holding hundreds of names, names with ``$``, names
that are not plain identifiers (``my-table``, ``User Accounts``),
non-ASCII names and case changes, and must find the same places; the
whole ``Matcher.references`` output must be the same too. One change is
deliberate: a string literal's escape (``\\nSELECT``) ends the word before,
so the oracle's look-behind accepts a name right after ``\\n``, ``\\t``, ``\\r``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from dbnamelint.impact.scan import _IDENT, Matcher, Reference, _WordFinder
from dbnamelint.impact.targets import Target

NAMES = [
    *(f"legacy_table_{i}" for i in range(300)),
    *(f"col_{i}" for i in range(100)),
    "users",
    "user",
    "user_accounts",
    "sys$user",
    "$tmp",
    "a$",
    "my-table",
    "User Accounts",
    "café",
    "σας",
    "straße",
    "x",
    "messages",
    "Messages_Old",
    "-odd",
    "odd-",
    "NoteLikes",
]

#: Pieces the texts are made of: the names as written, in upper case, quoted,
#: qualified, glued to identifier characters, and SQL and code around them.
PIECES = [
    *NAMES,
    *(n.upper() for n in NAMES),
    *(f'"{n}"' for n in NAMES[-20:]),
    *(f"public.{n}" for n in NAMES[-20:]),
    *(f"`{n}`" for n in NAMES[-10:]),
    *(f"[{n}]" for n in NAMES[-10:]),
    "SELECT * FROM ",
    " WHERE ",
    " JOIN ",
    "db.from('",
    "')",
    '"',
    "'",
    " ",
    "\n",
    ".",
    "_",
    "$",
    "-",
    "xx",
    "CAFÉ",
    "ΣΑΣ",
    "ς",
    "STRASSE",
    "ß",
    "İ",
    "\u017f",  # long s: folds to s
    "\u212a",  # Kelvin sign: folds to k
    "messages_count",
    "(",
    ",",
    "UsErS",
    "user.",
    "é",
    "\\n",
    "\\\\n",
    "\\t",
]


def _old_regex(words: list[str]) -> re.Pattern[str]:
    """The alternation ``Matcher`` used before (the oracle)."""
    ordered = sorted(words, key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in ordered)
    # A string literal's escape (\n, \t, \r) ends the word before, and its
    # letter is no word of its own (the two changes).
    start = rf"(?:(?<!{_IDENT})|(?<=\\[nrt]))(?!(?<=\\)(?-i:[nrt]))"
    return re.compile(rf"{start}(?:{alternation})(?!{_IDENT})", re.IGNORECASE)


def _texts(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 80)))


#: Lines of code around names (``{t}`` a table, ``{c}`` a column).
LINES = [
    'q = "SELECT {c}, {t}.{c} FROM {t} WHERE {c} = 1"',
    "db.from('{t}').select('{c}')",
    "const q = `UPDATE public.{t} SET {c} = $1`",
    '__tablename__ = "{t}"',
    "# {t} is read nightly",
    'rows = conn.execute("SELECT * FROM \\"{t}\\" JOIN {t} x ON x.{c} = 1")',
    "SELECT {c} FROM {t};",
    "model {t} {{\n  {c} Int\n}}",
]


def _code(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    tables = [n for n in NAMES if not n.startswith("col_")]
    columns = [n for n in NAMES if n.startswith("col_")]
    for text in _texts(seed, count):
        lines = [text]
        for _ in range(rng.randint(1, 8)):
            t, c = rng.choice(tables), rng.choice(columns)
            t = rng.choice([t, t.upper(), t.title()])
            lines.append(rng.choice(LINES).format(t=t, c=c))
        rng.shuffle(lines)
        yield "\n".join(lines)


def test_spans_are_the_alternations() -> None:
    words = sorted({n.casefold() for n in NAMES})
    old = _old_regex(words)
    finder = _WordFinder(words)
    compared = found = 0
    for text in _texts(7, 2000):
        expected = [m.span() for m in old.finditer(text)]
        assert list(finder.spans(text)) == expected, text
        compared += 1
        found += len(expected)
    assert compared == 2000 and found > 3000  # the texts do hold names


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("FROM users JOIN user_accounts", [(5, 10), (16, 29)]),
        ("FROM USERS, Users, usersx, xusers", [(5, 10), (12, 17)]),
        ('FROM "sys$user" JOIN public.sys$user', [(6, 14), (28, 36)]),
        ("sys$users sys$user$ $tmp", [(20, 24)]),
        ("FROM my-table, my-tables", [(5, 13)]),
        ("FROM CAFÉ JOIN café JOIN cafés", [(5, 9), (15, 19)]),
        ("SELECT STRASSE, straße", [(7, 14)]),
        ("odd-odd- -odd", [(4, 8), (9, 13)]),
        ("x\\nusers\\tUSERS\\\\nusers nusers", [(0, 1), (3, 8), (10, 15), (18, 23)]),
    ],
)
def test_examples_match_the_alternation(text: str, spans: list[tuple[int, int]]) -> None:
    words = sorted({n.casefold() for n in NAMES})
    assert [m.span() for m in _old_regex(words).finditer(text)] == spans
    assert list(_WordFinder(words).spans(text)) == spans


def test_an_escape_letter_is_no_word() -> None:
    """s8-t2 F12: a column named ``n`` is not the ``n`` of ``\\n`` (253 of 1,028
    places on healthchecks); after the escape a word may start (``\\nn``)."""
    words = ["n", "t", "users"]
    text = 'print("a\\nb\\t") # n; SELECT n FROM t;\\nn \\N'
    expected = [m.span() for m in _old_regex(words).finditer(text)]
    assert list(_WordFinder(words).spans(text)) == expected
    # ``\\N`` is no escape of a line break: its N is a word
    assert [text[a:b] for a, b in expected] == ["n", "n", "t", "n", "N"]
    assert expected[-2][0] == text.index("\\nn") + 2


def test_no_words_finds_nothing() -> None:
    assert list(_WordFinder([]).spans("users FROM users")) == []


class _OldMatcher(Matcher):
    """``Matcher`` with the alternation it used before, for comparison."""

    def __init__(self, targets: list[Target], tables: list[str]) -> None:
        super().__init__(targets, tables)
        regex = _old_regex(sorted(self.words))

        class _Old:
            @staticmethod
            def spans(text: str) -> Iterator[tuple[int, int]]:
                return (m.span() for m in regex.finditer(text))

        self._words = _Old()  # type: ignore[assignment]


def _targets() -> list[Target]:
    tables = [n for n in NAMES if not n.startswith("col_")]
    out = [
        Target("table", n, "1", f"app_{i}", (n,), ("public",), (), False, False)
        for i, n in enumerate(tables)
    ]
    out += [
        Target("column", f"users.{n}", "1", f"c{i}", (n,), ("public",), ("users",), False, False)
        for i, n in enumerate(NAMES)
        if n.startswith("col_")
    ]
    return out


@pytest.mark.parametrize("suffix", [".py", ".go", ".sql", ".rb", ".md", ".txt", ".prisma"])
def test_references_are_the_same_as_before(suffix: str) -> None:
    targets = _targets()
    tables = [n for n in NAMES if not n.startswith("col_")]
    new, old = Matcher(targets, tables), _OldMatcher(targets, tables)
    found: list[Reference] = []
    for i, text in enumerate(_code(len(suffix), 80)):
        path = f"src/f{i}{suffix}"
        expected: list[Reference] = list(old.references(path, text))
        assert list(new.references(path, text)) == expected, text
        found += expected
    assert len(found) > 100
    assert {r.confidence for r in found} == {"high", "plain"} or suffix in (".md", ".txt")
