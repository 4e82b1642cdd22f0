"""Patterns compiled on first use (dbnamelint.core.lazyre) behave as
``re.compile``'s, and every one the package holds compiles."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator

import pytest

import dbnamelint
from dbnamelint.core.lazyre import _LazyPattern, lazy_compile


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    source, flags = r"(?P<word>[a-z]+)_(\d+)", re.IGNORECASE
    lazy, real = lazy_compile(source, flags), re.compile(source, flags)
    assert not isinstance(getattr(lazy.match, "__self__", None), re.Pattern)  # not compiled yet
    text = "Users_1 orders_22 x_"
    assert lazy.search(text).groups() == real.search(text).groups()  # type: ignore[union-attr]
    assert isinstance(lazy.match.__self__, re.Pattern)  # compiled once, its methods kept
    assert lazy.findall(text) == real.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy.sub(r"\2", text) == real.sub(r"\2", text)
    assert lazy.subn("-", text) == real.subn("-", text)
    assert lazy.split(text) == real.split(text)
    assert lazy.fullmatch("ab_3") is not None and lazy.match(" ab_3") is None
    assert (lazy.pattern, lazy.flags, lazy.groups) == (real.pattern, real.flags, real.groups)
    assert dict(lazy.groupindex) == dict(real.groupindex)
    assert lazy_compile(rb"\d+").findall(b"a1b22") == [b"1", b"22"]


def test_a_bad_pattern_fails_when_first_used() -> None:
    bad = lazy_compile("(unclosed")
    with pytest.raises(re.error):
        bad.search("x")
    with pytest.raises(AttributeError):
        lazy_compile("fine").no_such_attribute  # noqa: B018


def _held(value: object, depth: int = 0) -> Iterator[_LazyPattern]:
    if isinstance(value, _LazyPattern):
        yield value
    elif isinstance(value, (tuple, list, frozenset, set)) and depth < 4:
        for item in value:
            yield from _held(item, depth + 1)
    elif isinstance(value, dict) and depth < 4:
        for item in value.values():
            yield from _held(item, depth + 1)


def test_every_pattern_of_the_package_compiles() -> None:
    """A lazy pattern's mistake would surface on first use only: compile all of them."""
    seen = 0
    for info in pkgutil.walk_packages(dbnamelint.__path__, "dbnamelint."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in list(vars(module).values()):
            for pattern in _held(value):
                assert isinstance(pattern.pattern, (str, bytes))  # compiles it
                seen += 1
    assert seen > 300  # the module-level patterns (about 430 when this was written)
