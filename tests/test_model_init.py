"""The model's value types are frozen msgspec Structs that behave as the
frozen dataclasses they replaced: positional and keyword construction with
the declared defaults, no assignment after construction, equality and hash
by value, ``replace`` and pickling.

The oracle is the declaration itself (``msgspec.structs.fields``) and
Python's own ``inspect.signature`` of the generated constructor.
"""

from __future__ import annotations

import inspect
import pickle

import msgspec
import pytest
from msgspec.structs import fields, replace

from dbnamelint import model

#: Every value type of the model module.
_TYPES = tuple(
    cls
    for cls in vars(model).values()
    if isinstance(cls, type)
    and issubclass(cls, msgspec.Struct)
    and cls.__module__ == model.__name__
)


def test_every_model_type_is_a_frozen_struct() -> None:
    names = {cls.__name__ for cls in _TYPES}
    assert {"Location", "Event", "SchemaObject", "Diagnostic", "SourceFile"} <= names
    for cls in _TYPES:
        assert cls.__struct_config__.frozen, cls.__name__


@pytest.mark.parametrize("cls", _TYPES, ids=lambda c: c.__name__)
def test_constructor_follows_the_declaration(cls: type[msgspec.Struct]) -> None:
    declared = fields(cls)
    params = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in params] == [f.name for f in declared]
    for param, f in zip(params, declared, strict=True):
        if f.required:
            assert param.default is inspect.Parameter.empty
        elif f.default_factory is msgspec.NODEFAULT:
            assert param.default == f.default
    values = [(i,) for i in range(len(declared))]  # hashable, distinct, equal by value
    built = cls(*values)
    assert [getattr(built, f.name) for f in declared] == values
    by_name = cls(**{f.name: v for f, v in zip(declared, values, strict=True)})
    assert by_name == built
    assert hash(by_name) == hash(built)
    required = [v for f, v in zip(declared, values, strict=True) if f.required]
    defaulted = cls(*required)
    for f in declared:
        if not f.required and f.default_factory is msgspec.NODEFAULT:
            assert getattr(defaulted, f.name) is f.default
    if required:
        with pytest.raises(TypeError):
            cls(*required[:-1])
    with pytest.raises(TypeError):
        cls(*values, object())
    with pytest.raises(AttributeError):
        setattr(built, declared[0].name, None)
    changed = replace(built, **{declared[0].name: None})
    assert changed != built
    assert getattr(changed, declared[0].name) is None
    assert pickle.loads(pickle.dumps(built)) == built
