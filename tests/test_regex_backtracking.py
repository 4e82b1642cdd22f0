"""No pattern of the package backtracks exponentially: none repeats, without
bound, an alternative that is itself one unbounded repeat (``(?:\\s+|--x)*``,
``(\\w+\\s*)*``), the shape that made ``impact`` hang on Synapse's
``user_directory.py`` (a 20-space indent tried 2**20 ways). Checked on the
parsed patterns, not by timing; and ``opens_as_sql`` (whose pattern it was)
reads its opening in one pass, as the old pattern read it."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Iterator
from typing import Any

import dbnamelint
from dbnamelint.core.lazyre import _LazyPattern
from dbnamelint.impact.classify import opens_as_sql

_parser: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
_c: Any = importlib.import_module(
    "re._constants" if sys.version_info >= (3, 11) else "sre_constants"
)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)


def _alternatives(items: list[Any]) -> Iterator[list[Any]]:
    """Each alternative of ``items``, through groups and nested ``|``."""
    while len(items) == 1 and items[0][0] == _c.SUBPATTERN:
        items = list(items[0][1][-1])
    if len(items) == 1 and items[0][0] == _c.BRANCH:
        for branch in items[0][1][1]:
            yield from _alternatives(list(branch))
    else:
        yield items


def _nested(items: Any, state: Any) -> Iterator[str]:
    """Each unbounded repeat of ``items`` that has an alternative whose only
    part matching text is itself an unbounded repeat: n characters split
    among iterations in 2**n ways when what follows fails."""
    for op, av in items:
        if op in _REPEATS:
            _low, high, body = av
            if high == _c.MAXREPEAT:
                for alt in _alternatives(list(body)):
                    solid = [i for i in alt if _parser.SubPattern(state, [i]).getwidth()[0] > 0]
                    loose = [i for i in alt if i[0] in _REPEATS and i[1][1] == _c.MAXREPEAT]
                    if (len(solid) == 1 and solid[0] in loose) or (not solid and loose):
                        yield str(alt)
            yield from _nested(body, state)
        elif op == _c.SUBPATTERN:
            yield from _nested(av[-1], state)
        elif op == _c.BRANCH:
            for branch in av[1]:
                yield from _nested(branch, state)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            yield from _nested(av[1], state)


def _flagged(source: str, flags: int = 0) -> list[str]:
    parsed = _parser.parse(source, flags)
    return list(_nested(parsed, parsed.state))


def _held(value: object, depth: int = 0) -> Iterator[_LazyPattern]:
    if isinstance(value, _LazyPattern):
        yield value
    elif isinstance(value, (tuple, list, frozenset, set)) and depth < 4:
        for item in value:
            yield from _held(item, depth + 1)
    elif isinstance(value, dict) and depth < 4:
        for item in value.values():
            yield from _held(item, depth + 1)


def test_the_check_finds_the_exponential_shapes() -> None:
    assert _flagged(r"(?:\s+|--[^\n]*|\()*(?:select)\b")  # the old opening
    assert _flagged(r"(\w+\s*)*;")
    assert _flagged(r"(?:(?:[ \t]+))+x")
    assert not _flagged(r"(?:\s|--[^\n]*|\()*select")  # one character an iteration
    assert not _flagged(r"(?:\s*,\s*\w+)*")  # a comma between iterations
    assert not _flagged(r"\s+\w+")


def test_no_pattern_of_the_package_repeats_an_unbounded_repeat() -> None:
    bad: list[str] = []
    seen = 0
    for info in pkgutil.walk_packages(dbnamelint.__path__, "dbnamelint."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in list(vars(module).items()):
            found = [*_held(value)] + ([value] if isinstance(value, re.Pattern) else [])
            for pattern in found:
                source, flags = (
                    pattern._source
                    if isinstance(pattern, _LazyPattern)
                    else (pattern.pattern, pattern.flags)
                )
                if isinstance(source, str):
                    seen += 1
                    bad += [f"{info.name}.{name}: {alt}" for alt in _flagged(source, flags)]
    assert seen > 300
    assert bad == []


def test_a_multiline_string_opens_as_sql_after_space_comments_and_parentheses() -> None:
    assert opens_as_sql("\n    -- the users\n    /* all */ (\n  select 1 from t\n")
    assert opens_as_sql("\n  # a note\n  %s\n")
    assert opens_as_sql("\n   ")  # nothing but space
    assert not opens_as_sql("\ntype document\n  define viewer from store\n")
    assert not opens_as_sql("\n  /* not closed\n  select 1\n".replace("select", "pick"))
    # Synapse's user_directory.py where clause: opens with EXISTS, no keyword the
    # opening takes (the old pattern tried its indents 2**20 ways, for minutes);
    # SQL by its line opening SELECT
    where = (
        "\n" + " " * 16 + "(\n" + " " * 20 + "EXISTS (select 1 from users_in_public_rooms"
        " WHERE user_id = t.user_id)\n"
        + " " * 20
        + "OR EXISTS (\n"
        + " " * 24
        + "SELECT 1 FROM users_who_share_private_rooms\n"
        + " " * 20
        + ")\n"
        + " " * 16
        + ")\n"
    )
    assert opens_as_sql(where)
    assert not opens_as_sql(where.replace("SELECT", "PICK"))
    # a comment line of dashes, then text that is no SQL
    assert not opens_as_sql("\n-- " + "-" * 40 + "\nhello from store\n")
