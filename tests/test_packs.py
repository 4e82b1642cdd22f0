"""The shipped rule packs: found by name, well-formed, usable by the config loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.config import load_settings
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.engine import run_rules
from dbnamelint.rules.pack_files import find_pack, list_packs
from dbnamelint.rules.pack_loader import PackError, check_pack, load_pack
from dbnamelint.rules.registry import discover_rules, resolve_rule
from dbnamelint.runner.pipeline import schema_from_sql

PACKS = (
    "canonical-core",
    "cora",
    "dba-domains",
    "functional-prefixes",
    "prisma-map",
    "recommended",
    "snake-case",
)
RULES = discover_rules()


def test_list_packs() -> None:
    assert list_packs() == PACKS


@pytest.mark.parametrize("pack", PACKS)
def test_pack_is_valid(pack: str) -> None:
    data = load_pack(pack)
    assert isinstance(data.get("description"), str) and data["description"]
    assert check_pack(data, RULES) == ()
    for parent in data.get("extends", []):
        assert parent in PACKS


@pytest.mark.parametrize("pack", PACKS)
def test_pack_loads_through_the_config_loader(pack: str, tmp_path: Path) -> None:
    (tmp_path / "dbnamelint.yaml").write_text(f"extends: [{pack}]\n", encoding="utf-8")
    settings = load_settings(tmp_path, Path("dbnamelint.yaml"))
    codes = {rule.code for rule, _ in settings.rules}
    assert {"DBN101", "DBN105", "DBN501", "DBN502"} <= codes  # every pack keeps the basics


def test_recommended_is_exactly_the_default_rules() -> None:
    selected = {resolve_rule(key, RULES).code for key in load_pack("recommended")["select"]}
    assert selected == {code for code, cls in RULES.items() if cls.default_enabled}


def test_find_pack_returns_a_file_for_a_name() -> None:
    found = find_pack("cora")
    assert found is not None and found.name == "cora.yaml"
    assert find_pack("no-such-pack") is None


def test_load_pack_by_path(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text("description: team\nextends: [cora]\n", encoding="utf-8")
    assert load_pack("team.yaml", root=tmp_path) == {"description": "team", "extends": ["cora"]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [unclosed\n", "team.yaml:2:1: invalid YAML"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
    ids=["bad-yaml", "not-a-mapping"],
)
def test_broken_pack_files(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "team.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match=message):
        load_pack(tmp_path / "team.yaml")


def test_unknown_pack_lists_the_available_ones() -> None:
    with pytest.raises(PackError, match="available: canonical-core, cora"):
        load_pack("corra")


@pytest.mark.parametrize(
    ("pack", "problem"),
    [
        ({"rulez": {}}, "unknown key 'rulez'"),
        ({"select": ["DBN999"]}, "select: unknown rule 'DBN999'"),
        ({"rules": {"table-type-infx": {}}}, "did you mean table-type-infix"),
        ({"rules": {"DBN104": {"options": {"empty_rest": 3}}}}, "rules.DBN104.options.empty_rest"),
        ({"rules": {"DBN104": {"options": {"nope": 1}}}}, "rules.DBN104.options.nope"),
        ({"rules": {"DBN104": {"severity": "fatal"}}}, "rules.DBN104.severity"),
        ({"rules": {"DBN302": {"options": {"template": "ix_{tabel}"}}}}, "tabel"),
        ({"modules": {"ws": "ws_"}}, "modules: expected"),
    ],
    ids=[
        "key",
        "select",
        "rule-name",
        "option-type",
        "option-name",
        "severity",
        "template",
        "modules",
    ],
)
def test_check_pack_reports_problems(pack: dict[str, object], problem: str) -> None:
    problems = check_pack(pack, RULES)
    assert any(problem in p for p in problems), problems


def test_snake_case_pack_means_snake_case_for_every_identifier(tmp_path: Path) -> None:
    """A pack named after a style applies it to every kind (issue: 391 false
    `column name 'creator_id' is not camelCase` findings on a snake_case project)."""
    (tmp_path / "dbnamelint.yaml").write_text("extends: snake-case\n", encoding="utf-8")
    settings = load_settings(tmp_path, Path("dbnamelint.yaml"))
    sql = (
        'CREATE TABLE documents (id int PRIMARY KEY, creator_id int, "createdAt" int);\n'
        'CREATE INDEX "IDX_Documents" ON documents (creator_id);\n'
        'CREATE VIEW "ActiveDocuments" AS SELECT id FROM documents;\n'
    )
    schema = schema_from_sql(sql)
    findings = run_rules(schema, settings.rules, RuleContext(schema=schema))
    assert sorted((f.code, f.object.name, f.suggestion) for f in findings) == [
        ("DBN201", "createdAt", "created_at"),
        ("DBN301", "IDX_Documents", "idx_documents"),
        ("DBN505", "ActiveDocuments", "active_documents"),
    ]
