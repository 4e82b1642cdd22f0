"""The fast indented JSON writer must write exactly what json.dumps(indent=2) writes."""

from __future__ import annotations

import json
from enum import Enum

from hypothesis import given
from hypothesis import strategies as st

from dbnamelint.jsontext import dumps_indented

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # includes nan and infinities: the fallback must match too
    | st.text()
)
_keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(_keys, inner, max_size=4)
    ),
    max_leaves=30,
)


@given(_values, st.booleans())
def test_same_text_as_json_dumps(value: object, ensure_ascii: bool) -> None:
    assert dumps_indented(value, ensure_ascii=ensure_ascii) == json.dumps(
        value, indent=2, ensure_ascii=ensure_ascii
    )


class _Colour(str, Enum):
    RED = "red"


def test_str_enums_and_unsupported_values_match_json_dumps() -> None:
    value = {"c": _Colour.RED, "n": [None, {}, [], ()], "s": 'é\n"x"'}
    assert dumps_indented(value) == json.dumps(value, indent=2)
    assert dumps_indented(value, ensure_ascii=False) == json.dumps(
        value, indent=2, ensure_ascii=False
    )
