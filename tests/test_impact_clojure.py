"""``impact`` reads Clojure as Clojure (trial s27 metabase).

Outside a string, Clojure code is no SQL: ``(defn- collection-before-update
...)`` is one word (a ``-`` joins words in Lisp identifiers) and ``(update
query :type keyword)`` calls Clojure's ``update``. Both were "high [SQL]"
references to tables ``collection`` and ``query``, so ``migrate --cleanup``
refused without ``--force``. SQL in a string is still SQL. Oracle: the
Clojure reader's syntax (clojure.org, "The Reader": ``;`` comments, string
literals, symbols containing ``-``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

CODE = """\
(ns metabase.models.collection)
;; update collection when archived
(defn- collection-before-update [collection-updates]
  (update query :type keyword))
(defn cards [db]
  (jdbc/query db ["SELECT * FROM \\"ReportCard\\" WHERE id = ?" 1]))
"""
WHITELIST = """\
phases:
  - {id: "1", title: "x", status: open}
entries:
  - {kind: table, name: collection, phase: "1", target: collections}
  - {kind: table, name: query, phase: "1", target: queries}
  - {kind: table, name: ReportCard, phase: "1", target: report_cards}
"""


def test_only_the_sql_string_is_a_high_confidence_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "db/001.sql": "CREATE TABLE collection (id int);\nCREATE TABLE query (id int);\n"
            'CREATE TABLE "ReportCard" (id int);\n',
            "src/models.clj": CODE,
        },
        monkeypatch,
    )
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    high = [
        (o["name"], i["line"])
        for phase in report["phases"]
        for o in phase["objects"]
        for i in o["items"]
        if i["confidence"] == "high"
    ]
    assert high == [("ReportCard", 6)], high
