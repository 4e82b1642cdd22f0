"""The README names every statement kind whose names no rule judges (trials s36 lemmy F5, kestra 6).

The reader passes over ``CREATE``/``ALTER``/``DROP`` of the kinds in
``HARMLESS_OBJECTS`` (no model object, so no rule sees their names): event
triggers, foreign data wrappers and servers were among them, and the README's
list (in the DBN505 row) left them out, so a user could not know that
``CREATE EVENT TRIGGER "BadEvtTrg"`` passes. The README's list is checked
against the reader's, both ways, and each kind against the reader itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dbnamelint.frontends.sql.parsing.ddl import HARMLESS_OBJECTS
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

README = Path(__file__).resolve().parent.parent / "README.md"
_SECTION = re.compile(r"<!-- unmodelled-kinds -->\n(.*?)<!-- /unmodelled-kinds -->", re.S)
_KIND = re.compile(r"`([A-Z]+(?:\s+[A-Z]+)*)`")


def _readme_kinds() -> set[str]:
    found = _SECTION.search(README.read_text(encoding="utf-8"))
    assert found is not None, "README: the unmodelled-kinds list is missing"
    return {" ".join(m.split()) for m in _KIND.findall(found.group(1))}


def test_readme_lists_exactly_the_kinds_the_reader_passes_over() -> None:
    reader = {" ".join(words) for words in HARMLESS_OBJECTS}
    listed = _readme_kinds()
    assert sorted(reader - listed) == [], "passed over by the reader, not in the README"
    assert sorted(listed - reader) == [], "in the README, not passed over by the reader"


@pytest.mark.parametrize(
    "sql",
    [
        'CREATE EVENT TRIGGER "BadEvtTrg" ON ddl_command_end EXECUTE FUNCTION evt_fn ()',
        'CREATE FOREIGN DATA WRAPPER "BadFdw"',
        'CREATE SERVER "BadServer" FOREIGN DATA WRAPPER "BadFdw"',
        'CREATE PUBLICATION "BadPub" FOR ALL TABLES',
        'CREATE STATISTICS "StatBad" ON a, b FROM t',
        "CREATE COLLATION \"CollBad\" (provider = icu, locale = 'und')",
        'CREATE RULE "BadRule" AS ON INSERT TO t DO INSTEAD NOTHING',
        'CREATE TEXT SEARCH CONFIGURATION "BadTs" (COPY = english)',
    ],
)
def test_a_listed_kind_is_read_and_makes_no_object(sql: str) -> None:
    """What the README says of them holds: read without an error, nothing modelled."""
    schema = schema_from_sql(f"CREATE TABLE t (a int, b int);\n{sql};\n", dialect="postgres")
    assert [d.code for d in schema.diagnostics if d.code == "DBN004"] == []
    assert {o.kind for o in schema.objects} == {ObjectKind.TABLE, ObjectKind.COLUMN}
