"""The opener pre-test of placeholder replacement agrees with plain substring tests.

``_has_opener`` finds each ``{`` and ``$`` rather than scanning for seven
two-character openers; its answer must be that of the substring tests it
replaced, for sparse and dense texts alike.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dbnamelint.migration_text import _OPENERS, _has_opener, replace_placeholders

_TEXTS = st.text(alphabet="{$#%()ab \n}", max_size=40)


@settings(max_examples=1500)
@given(_TEXTS)
def test_same_answer_as_substring_tests(text: str) -> None:
    assert _has_opener(text) == any(opener in text for opener in _OPENERS)


def test_dense_braces_fall_back_to_substring_tests() -> None:
    dense = "'{}'," * 5000  # array literals past the dense threshold
    assert not _has_opener(dense)
    assert _has_opener(dense + "${x}")
    assert _has_opener("$" * 5000 + "$(x)")


def test_placeholder_after_many_array_literals_is_still_neutralised() -> None:
    text = "INSERT INTO t VALUES ('{}');\n" * 3000 + "CREATE TABLE ${prefix}users (id int);\n"
    out, notes = replace_placeholders(text, "x.sql", "postgres")
    assert "${prefix}" not in out and len(out) == len(text)
    assert [n.code for n in notes] == ["DBN006"]
