"""The fix merger's indexed table list answers as the plain list does.

``rules.dependents.TableNames`` indexes other tables' names by first word so
that ``table_part`` does not scan every table for every dependent object (a
6,000-table schema with plural-table fixes spent 40 s there). The index must
give the same runs in the same order as the scan over a plain list, since
``table_part`` covers words in that order. The oracle here is the plain-list
path of the same function, on names shaped like real schemas and on random ones.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dbnamelint.rules.dependents import TableNames, _longer_tables, table_part

_NAMES = [
    "post",
    "posts",
    "post_likes",
    "PostLikes",
    "post_likes_counter",
    "Step",
    "StepRun",
    "step_run_order",
    "steps",
    "user",
    "User",
    "user_post_votes",
    "HTTPServer",
    "http_server_logs",
    "Größe",
    "grosse_werte",
    "a",
    "a_b",
    "A_B_C",
    "__weird__",
    "post",  # listed twice: a table and another's earlier name
]


def _plain(names: list[str], mine: set[str]) -> list[str]:
    return [n for n in names if n not in mine]


@pytest.mark.parametrize("old", _NAMES)
def test_longer_runs_match_the_plain_scan(old: str) -> None:
    mine = {old, "posts"}
    indexed = TableNames(_NAMES).excluding(mine)
    assert _longer_tables(old, indexed) == _longer_tables(old, _plain(_NAMES, mine))
    assert list(indexed) == _plain(_NAMES, mine)
    assert len(indexed) == len(_plain(_NAMES, mine))


def test_the_index_finds_what_the_scan_finds() -> None:
    # not vacuous: these old names do have longer tables
    runs = _longer_tables("post", TableNames(_NAMES))
    assert ("post", "likes") in runs and ("PostLikes",) not in runs
    assert ("post", "likes") in _longer_tables("Post", TableNames(_NAMES))
    assert _longer_tables("Step", TableNames(_NAMES)) == _longer_tables("Step", list(_NAMES))


def test_table_part_is_the_same_with_either() -> None:
    words = ["post", "likes", "counter", "seq"]
    for old in ("post", "post_likes", "Step"):
        assert table_part(words, old, "posts", (), TableNames(_NAMES)) == table_part(
            words, old, "posts", (), list(_NAMES)
        )


_word = st.sampled_from(["post", "Post", "like", "LIKES", "step", "Run", "x", "id", "2"])
_name = st.lists(_word, min_size=1, max_size=4).flatmap(
    lambda words: st.sampled_from(["_".join(words), "".join(words), "_" + "_".join(words)])
)


@settings(max_examples=300, deadline=None)
@given(names=st.lists(_name, max_size=12), old=_name, drop=st.sets(_name, max_size=3))
def test_random_names(names: list[str], old: str, drop: set[str]) -> None:
    indexed = TableNames(names).excluding(drop)
    assert _longer_tables(old, indexed) == _longer_tables(old, _plain(names, drop))


def test_runs_come_in_list_order_whatever_spelling_found_them() -> None:
    # ``StepRun`` is spelled two ways; the snake spelling finds the first
    # table, the written one the second: the scan's order is the list's.
    names = ["step_run_x", "StepRun_y"]
    expected = [("step", "run", "x"), ("StepRun", "y"), ("step", "run", "y")]
    assert _longer_tables("StepRun", names) == expected
    assert _longer_tables("StepRun", TableNames(names)) == expected
