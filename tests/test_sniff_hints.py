"""Dialect sniffing skips a dialect's pattern when none of its hint words is in
the text; that shortcut must never change what the pattern would have found."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dbnamelint.dialects import names
from dbnamelint.dialects.names import sniff_dialect

# Every signal the patterns look for, in odd cases, plus filler and line breaks.
_SIGNALS = [
    "`users`",
    "EnGiNe =",
    "\nDelimiter $$\n",
    "auto_INCREMENT",
    "\n source db/x.sql ;\n",
    "\n  Go \n",
    "\ngo",
    "[DBO]",
    "NVarChar",
    "identity (1,1)",
    "SP_RENAME",
    "AutoIncrement",
    "\n pragma foo",
    "without   ROWID",
    "nvarchar2",
    "Number(10",
    "\n / \n",
    'TABLESPACE "x"',
    "editionable",
    "$$",
    "::int",
    "Serial",
    "create  extension",
    "\n\\connect db",
    "JSONB",
    "as enum",
    "x",
    " ",
    "\n",
    "(",
    "--c\n",
    "/* c */",
    "go",
]


def _unhinted(text: str, default: str = "postgres") -> str:
    """The sniffing rule without hints: every pattern on every text."""
    text = names._COMMENTS.sub(" ", text)
    best, best_count = default, 0
    for dialect, _hints, pattern in names._SNIFFERS:
        count = min(sum(1 for _ in pattern.finditer(text)), 200)
        if count > best_count:
            best, best_count = dialect, count
    return best


@given(st.lists(st.sampled_from(_SIGNALS) | st.text(max_size=3), max_size=12))
def test_hints_never_change_the_guess(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert sniff_dialect(text) == _unhinted(text)


@given(st.lists(st.sampled_from(_SIGNALS) | st.text(max_size=3), max_size=12))
def test_a_match_always_has_a_hint(pieces: list[str]) -> None:
    text = "".join(pieces)
    lowered = text.lower()
    for _dialect, hints, pattern in names._SNIFFERS:
        if pattern.search(text):
            assert any(
                (h in lowered) if isinstance(h, str) else h.search(lowered) for h in hints
            ), (pattern.pattern, text)


def test_each_dialect_is_still_recognised() -> None:
    assert sniff_dialect("CREATE TABLE `a` (id int) ENGINE=InnoDB;") == "mysql"
    assert sniff_dialect("CREATE TABLE [dbo].[a] (id int)\nGO\n") == "tsql"
    assert sniff_dialect("CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);") == "sqlite"
    assert sniff_dialect("CREATE TABLE a (id NUMBER(10), n VARCHAR2(5))\n/\n") == "oracle"
    assert sniff_dialect("CREATE TABLE a (id serial, p jsonb);") == "postgres"
