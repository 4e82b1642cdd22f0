"""Real schemas written by other people: read all, lose nothing.

Reads ../shared/corpus (13 projects, four dialects) and skips cleanly when
it is absent. Three promises are checked:

1. every project goes through the pipeline (and the CLI) without a
   traceback;
2. no table is lost: every CREATE TABLE the PostgreSQL parser sees in a
   PostgreSQL file is among our events, and every table that is created
   and never dropped or renamed is in the final model;
3. recall against pglast per kind, with the documented exceptions below.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS
from dbnamelint.cli import cli
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.model import EventOp, ObjectKind
from dbnamelint.runner.pipeline import load_paths, read_statements
from pg_oracle import KINDS, fold, our_names, pg_names

PROJECTS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []

pytestmark = pytest.mark.corpus


def _settings(root: Path) -> SourceSettings:
    return SourceSettings(root=root)


@pytest.mark.parametrize("project", PROJECTS)
def test_project_reads_without_internal_errors(corpus: Path, project: str) -> None:
    loaded = load_paths([str(corpus / project)], _settings(corpus))
    assert loaded.files, f"no SQL files found in {project}"
    internal = [d for d in loaded.diagnostics if d.code == "DBN099"]
    assert internal == []
    tables = [o for o in loaded.schema.objects if o.kind is ObjectKind.TABLE]
    assert tables, f"{project}: no table in the final model"


@pytest.mark.parametrize("project", PROJECTS)
def test_inspect_cli_json_on_project(corpus: Path, project: str) -> None:
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", str(corpus / project)])
    assert result.exit_code in (0, 1), result.output[-2000:]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    data = json.loads(result.output)
    assert {"objects", "diagnostics"} <= data.keys()
    for obj in data["objects"][:50]:
        assert {
            "kind",
            "name",
            "schema",
            "table",
            "path",
            "line",
            "column",
            "module",
            "quoted",
            "previous_names",
        } <= obj.keys()


_CREATE_TABLE = re.compile(
    r"^\s*CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?"
    r"((?:[`\"\[]?[\w$]+[`\"\]]?\.)*[`\"\[]?[\w$ ]+?[`\"\]]?)"
    r"\s*(?:\(|$|AS\b|PARTITION\b)",
    re.IGNORECASE,
)


def test_no_created_table_is_lost(corpus: Path) -> None:
    """Every ``CREATE TABLE`` in every file of every dialect yields a table event."""
    files, _ = discover([str(corpus)], _settings(corpus))
    missing: list[str] = []
    total = 0
    for source in files:
        statements, _ = read_statements([source], corpus)
        events = parse_statements(statements).events
        ours = Counter(
            e.name.lower()
            for e in events
            if e.op is EventOp.CREATE and e.kind is ObjectKind.TABLE and e.name
        )
        for statement in statements:  # a CREATE TABLE inside a function body is not DDL now
            m = _CREATE_TABLE.match(statement.text)
            if m is None:
                continue
            total += 1
            name = m.group(1).split(".")[-1].strip('`"[] ').lower()
            if ours[name] <= 0:
                missing.append(f"{source.path}: {name}")
            else:
                ours[name] -= 1
    assert total > 1000
    assert missing == []


# Kinds where recall must be exactly 100%. Columns are compared too but are
# reported, not required: pglast also lists columns of composite types and of
# CREATE TABLE ... AS, which are not table columns we model.
STRICT_KINDS = tuple(kind for kind in KINDS if kind != "column")


def pg_recall(corpus: Path, project: str) -> dict[str, tuple[int, int, list[str]]]:
    """Per kind: (found, expected, missing examples) against pglast."""
    files, _ = discover([str(corpus / project)], _settings(corpus))
    per_kind: dict[str, tuple[int, int, list[str]]] = {}
    for source in files:
        if source.dialect != "postgres" or "cockroach" in source.path:
            continue
        statements, _ = read_statements([source], corpus)
        ours = fold(our_names(parse_statements(statements).events))
        expected: set[tuple[str, str]] = set()
        for st in statements:
            names = pg_names(st.text)
            if names is not None:
                expected |= fold(names)
        for kind, name in expected:
            found, total, missing = per_kind.get(kind, (0, 0, []))
            hit = (kind, name) in ours
            if not hit and len(missing) < 5:
                missing = [*missing, f"{source.path}: {name}"]
            per_kind[kind] = (found + hit, total + 1, missing)
    return per_kind


@pytest.mark.parametrize("project", PROJECTS)
def test_recall_against_postgres_parser(corpus: Path, project: str) -> None:
    pytest.importorskip("pglast")
    per_kind = pg_recall(corpus, project)
    if not per_kind:
        pytest.skip(f"{project} has no PostgreSQL files")
    problems = {
        kind: (found, total, missing)
        for kind, (found, total, missing) in per_kind.items()
        if kind in STRICT_KINDS and found < total
    }
    assert problems == {}
