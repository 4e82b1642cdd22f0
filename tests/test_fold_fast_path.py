"""PostgreSQL folds unquoted names to lower case in ASCII only (``downcase_identifier``
in scansup.c); the fast path through ``str.lower`` must fold exactly that way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dbnamelint.dialects import profile_for
from dbnamelint.dialects.profile import _ASCII_LOWER


@given(st.text())
def test_fold_is_ascii_lowering(name: str) -> None:
    pg = profile_for("postgres")
    assert pg.fold(name, quoted=False) == name.translate(_ASCII_LOWER)
    assert pg.fold(name, quoted=True) == name


def test_non_ascii_letters_keep_their_case() -> None:
    assert profile_for("postgres").fold("ÄrgerNIS", quoted=False) == "Ärgernis"
