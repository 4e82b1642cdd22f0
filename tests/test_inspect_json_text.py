"""``inspect --format json`` is written by msgspec's encoder and formatter;
the text must be exactly what ``json.dumps(indent=2, ensure_ascii=False)``
makes of :func:`object_json`'s dicts.

Oracle: :func:`dbnamelint.jsontext.dumps_indented` (itself checked against
``json.dumps(indent=2)`` in test_jsontext.py) and ``json.dumps`` itself, over
the same dicts, for every object of every corpus project and for generated
objects with hostile names (quotes, backslashes, control characters, line
separators, astral characters, a lone surrogate msgspec cannot encode), and
for values of unexpected types.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dbnamelint.frontends.sql.sources import SourceSettings
from dbnamelint.jsontext import dumps_indented
from dbnamelint.model import (
    ConstraintType,
    Diagnostic,
    Location,
    ObjectKind,
    Schema,
    SchemaObject,
    Severity,
    SourceFile,
)
from dbnamelint.report.inspect import diagnostic_json, object_json, render_model_json
from dbnamelint.runner.pipeline import load_paths


def reference(schema: Schema, diagnostics: tuple[Diagnostic, ...]) -> str:
    return dumps_indented(
        {
            "objects": [object_json(o) for o in schema.objects],
            "diagnostics": [diagnostic_json(d) for d in diagnostics],
        },
        ensure_ascii=False,
    )


@pytest.mark.corpus
def test_every_corpus_project(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = 0
    for project in sorted(p for p in corpus.iterdir() if p.is_dir()):
        monkeypatch.chdir(project)
        loaded = load_paths(["."], SourceSettings(root=project))
        text = render_model_json(loaded.schema, loaded.diagnostics)
        assert text == reference(loaded.schema, loaded.diagnostics), project.name
        checked += len(loaded.schema.objects)
    assert checked > 5_000


_HOSTILE = st.sampled_from(['"', "\\", "\n", "\r", "\t", "\x00", "\u2028", "\U0001f600"])
_names = st.text(st.characters(codec="utf-8") | _HOSTILE, max_size=12)
_optional = st.none() | _names


@st.composite
def _objects(draw: st.DrawFn) -> SchemaObject:
    return SchemaObject(
        kind=draw(st.sampled_from(list(ObjectKind))),
        name=draw(_names),
        location=Location(draw(_names), draw(st.integers(1, 10**6)), draw(st.integers(1, 999))),
        source=SourceFile(draw(_names), draw(_names), draw(_optional)),
        schema=draw(_optional),
        table=draw(_optional),
        table_schema=draw(_optional),
        quoted=draw(st.booleans()),
        implicit=draw(st.booleans()),
        previous_names=tuple(draw(st.lists(_names, max_size=3))),
        constraint_type=draw(st.none() | st.sampled_from(list(ConstraintType))),
        columns=tuple(draw(st.lists(_names, max_size=3))),
        ref_table=draw(_optional),
        compatibility_view_for=draw(_optional),
        partition_of=draw(_optional),
        written_name=draw(_optional),
    )


_diagnostics = st.builds(
    Diagnostic,
    st.builds(Location, _names, st.integers(1, 99), st.integers(1, 99)),
    st.sampled_from(list(Severity)),
    _names,
    _names,
)


@given(st.lists(_objects(), max_size=4), st.lists(_diagnostics, max_size=2))
def test_generated_objects(objects: list[SchemaObject], diagnostics: list[Diagnostic]) -> None:
    schema = Schema(tuple(objects))
    text = render_model_json(schema, tuple(diagnostics))
    assert text == reference(schema, tuple(diagnostics))
    document = {
        "objects": [object_json(o) for o in objects],
        "diagnostics": [diagnostic_json(d) for d in diagnostics],
    }
    assert text == json.dumps(document, indent=2, ensure_ascii=False)


def test_a_lone_surrogate_takes_the_general_path() -> None:
    """Text decoded with ``surrogateescape`` can hold one; UTF-8 cannot."""
    lone = SchemaObject(
        ObjectKind.TABLE, "t\udcff", Location("a.sql", 1, 1), SourceFile("a.sql", "postgres", None)
    )
    schema = Schema((lone,))
    assert render_model_json(schema, ()) == reference(schema, ())


def test_values_of_other_types_take_the_general_path() -> None:
    odd = SchemaObject(
        ObjectKind.TABLE,
        "t",
        Location("a.sql", 1, 1),
        SourceFile("a.sql", "postgres", None),
        columns=["a", "b"],  # type: ignore[arg-type]  # a list, not a tuple
        previous_names=("x",),
    )
    plain = SchemaObject(
        ObjectKind.COLUMN, "c", Location("a.sql", 2, 3), SourceFile("a.sql", "postgres", None)
    )
    schema = Schema((plain, odd))
    assert render_model_json(schema, ()) == reference(schema, ())
