"""The model's value types keep the constructor ``dataclass`` gives them.

``dbnamelint.model`` swaps in a faster ``__init__`` for the types built
tens of thousands of times per run; the oracle is ``dataclasses`` itself.
"""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from dbnamelint import model


@pytest.mark.parametrize("cls", model._BUILT_OFTEN, ids=lambda c: c.__name__)
def test_quick_init_is_the_dataclass_init(cls: type) -> None:
    fields = dataclasses.fields(cls)
    params = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in params] == [f.name for f in fields]
    for param, f in zip(params, fields, strict=True):
        assert param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert param.default is expected
    values = [object() for _ in fields]  # every slot gets exactly what was passed
    built = cls(*values)
    assert [getattr(built, f.name) for f in fields] == values
    by_name = cls(**{f.name: v for f, v in zip(fields, values, strict=True)})
    assert by_name == built
    required = [v for f, v in zip(fields, values, strict=True) if f.default is dataclasses.MISSING]
    defaulted = cls(*required)
    for f in fields:
        if f.default is not dataclasses.MISSING:
            assert getattr(defaulted, f.name) is f.default
    if required:
        with pytest.raises(TypeError):
            cls(*required[:-1])
    with pytest.raises(TypeError):
        cls(*values, object())
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.__setattr__(fields[0].name, None)
    assert dataclasses.replace(built, **{fields[0].name: None}) != built
