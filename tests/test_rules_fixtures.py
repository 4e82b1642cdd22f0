"""Table-driven rule tests: one YAML file per rule in tests/fixtures/rules/.

Each case is SQL run through the real pipeline (``schema_from_sql``) and one
rule; the exact set of (line, name) findings must match, and the suggestion
too wherever the case states one. ``pytest -k DBN104`` runs one rule's cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from dbnamelint.model import Severity
from dbnamelint.rules.base import ModuleInfo, RuleContext
from dbnamelint.rules.docs import missing_sections
from dbnamelint.rules.engine import run_rules
from dbnamelint.rules.registry import discover_rules
from dbnamelint.runner.pipeline import schema_from_sql

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
RULES = discover_rules()
_UNSET: Any = object()


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line: int
    name: str
    suggestion: str | None = Field(default=_UNSET)
    no_fix: str | None = None  # text the finding's "no consistent fix" note contains


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    sql: str
    dialect: str = "postgres"
    path: str = "schema.sql"
    options: dict[str, Any] = Field(default_factory=dict)
    modules: dict[str, list[str]] = Field(default_factory=dict)
    fail: list[Expected] = Field(default_factory=list)
    pass_: bool = Field(False, alias="pass")

    @model_validator(mode="after")
    def fail_xor_pass(self) -> Case:
        if bool(self.fail) == self.pass_:
            raise ValueError(f"case {self.id}: give either `fail` or `pass: true`")
        return self


class FixtureFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str
    cases: list[Case] = Field(min_length=1)


def _load(path: Path) -> FixtureFile:
    return FixtureFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def _params() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.yml")):
        fixture = _load(path)
        for case in fixture.cases:
            params.append(pytest.param(fixture.rule, case, id=f"{fixture.rule}-{case.id}"))
    return params


@pytest.mark.parametrize(("code", "case"), _params())
def test_rule_fixture(code: str, case: Case) -> None:
    cls = RULES[code]
    rule = cls(cls.options_model.model_validate(case.options))
    schema = schema_from_sql(case.sql, path=case.path, dialect=case.dialect)
    assert not [d for d in schema.diagnostics if d.severity is Severity.ERROR], (
        "fixture SQL must parse cleanly"
    )
    modules = {name: ModuleInfo(name, tuple(p)) for name, p in case.modules.items()}
    ctx = RuleContext(schema=schema, modules=modules)
    findings = run_rules(schema, [(rule, Severity.ERROR)], ctx)
    assert {f.code for f in findings} <= {code}
    got = sorted((f.location.line, f.object.name) for f in findings)
    want = sorted((e.line, e.name) for e in case.fail)
    assert got == want
    suggestions = {(f.location.line, f.object.name): f.suggestion for f in findings}
    no_fix = {(f.location.line, f.object.name): f.no_fix for f in findings}
    for e in case.fail:
        if e.suggestion is not _UNSET:
            assert suggestions[(e.line, e.name)] == e.suggestion, (e.line, e.name)
        if e.no_fix is not None:
            assert e.no_fix in (no_fix[(e.line, e.name)] or ""), no_fix[(e.line, e.name)]
    for f in findings:  # the fix is data, and the suggestion is its name
        assert f.suggestion == (f.fix.new_name if f.fix else None)


def test_fixture_file_names_match_their_rule() -> None:
    for path in FIXTURES.glob("*.yml"):
        assert _load(path).rule == path.stem


@pytest.mark.parametrize("code", sorted(RULES), ids=str)
def test_every_rule_has_fixture_with_failing_and_passing_cases(code: str) -> None:
    path = FIXTURES / f"{code}.yml"
    assert path.is_file(), f"missing {path.relative_to(FIXTURES.parents[1])}"
    cases = _load(path).cases
    assert any(c.fail for c in cases), "needs a case that must fail"
    assert any(c.pass_ for c in cases), "needs a case that must pass"


@pytest.mark.parametrize("code", sorted(RULES), ids=str)
def test_every_rule_is_documented(code: str) -> None:
    assert missing_sections(RULES[code]) == ()


def test_codes_and_names_are_unique_and_well_formed() -> None:
    names = [cls.name for cls in RULES.values()]
    assert len(set(names)) == len(names)
    assert all(code == cls.code for code, cls in RULES.items())
