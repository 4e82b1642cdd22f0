"""Objection.js models map their table in ``static get tableName()`` (trial s37 wiki.js).

``impact`` for Wiki.js' ``pageHistory`` listed three Knex calls of a legacy
upgrader as the high-confidence uses and left ``server/models/pageHistory.js``
among "plain text, not listed", although its ``static get tableName() {
return 'pageHistory' }`` is the one place the application names the table
(Objection builds every query of the model from it). Now each Objection
mapping style is a high-confidence ``Objection tableName`` use: the getter
(with TypeScript's return type too) and the static class field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import commit_all, init_repo, isolated_git_env, write_files

FILES = {
    "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
    "whitelist.yaml": (
        "entries:\n  - {kind: table, name: '\"pageHistory\"', target: page_history}\n"
    ),
    "db/001_init.sql": 'CREATE TABLE "pageHistory" (id int PRIMARY KEY);\n',
    "server/models/pageHistory.js": (
        "const Model = require('objection').Model\n"
        "module.exports = class PageHistory extends Model {\n"
        "  static get tableName() { return 'pageHistory' }\n"
        "}\n"
    ),
    "server/models/history.ts": (
        "export class History extends Model {\n"
        "  static get tableName(): string {\n"
        "    return 'pageHistory';\n"
        "  }\n"
        "}\n"
        "export class HistoryCopy extends Model {\n"
        "  static tableName = 'pageHistory';\n"
        "}\n"
        "export class HistoryRo extends Model {\n"
        "  static readonly tableName: string = 'pageHistory';\n"
        "}\n"
    ),
}


def test_each_objection_mapping_is_a_high_confidence_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    write_files(root, FILES)
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    impact = collect_impact(load_settings(root, None, (), (), ()), root)
    high = {(r.path, r.line, r.context) for r in impact.references if r.confidence == "high"}
    assert high == {
        ("server/models/pageHistory.js", 3, "Objection tableName"),
        ("server/models/history.ts", 3, "Objection tableName"),
        ("server/models/history.ts", 7, "Objection tableName"),
        ("server/models/history.ts", 10, "Objection tableName"),
    }
