"""Offsets to lines and columns (dbnamelint.positions.LineIndex) against a
direct count: the line of an offset is one more than the newlines before it,
its column one more than the characters since the last of them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dbnamelint.positions import LineIndex


def _counted(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n\r é", max_size=40), st.data())
def test_line_col_is_the_count(text: str, data: st.DataObject) -> None:
    index = LineIndex(text)
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    line, column = index.line_col(offset)
    assert (line, column) == _counted(text, offset)
    assert index.offset(line, column) == offset


def test_known_positions() -> None:
    text = "CREATE TABLE a (\n  id int\n);\n"
    index = LineIndex(text)
    assert index.line_col(text.index("id")) == (2, 3)
    assert index.line_col(text.index(");")) == (3, 1)
    assert index.line_col(len(text)) == (4, 1)
    assert LineIndex("").line_col(0) == (1, 1)
