"""The gate reads a Dart DDL string of the file's string constants filled in (trial s43).

ente's mobile apps keep their sqflite databases' migrations in Dart, every
statement written with the class's constants
(``mobile/apps/photos/lib/db/files_db.dart``: ``static const filesTable =
'files';`` ... ``'''ALTER TABLE $filesTable ADD COLUMN $columnMMdVersion
INTEGER DEFAULT 0;'''``). A change adding one more such migration was
refused as DDL completed when the code runs (``DBN013``) whatever the
constants held: every honest change of those databases failed the hook.
An interpolation of a string constant of the file is now put in
(:mod:`dbnamelint.dart_const_ddl`); any other stays a hole.

Oracle: Dart's string interpolation as its language tour states it
(``$name`` and ``${name}`` insert the value; a ``const`` string is its
literal), and real git for the change the gate judges.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo

#: ente's files_db.dart, cut down: its constants and one migration step.
FILES_DB = """\
import 'package:sqflite/sqflite.dart';

class FilesDB {
  static const filesTable = 'files';
  static const String columnOwnerID = "owner_id";
  static const columnMMdVersion = 'mmd_ver';
{constants}
  static List<String> addMagicMetadataColumns() {
    return [
      '''
        ALTER TABLE $filesTable ADD COLUMN $columnMMdVersion INTEGER DEFAULT 0;
      ''',
    ];
  }
{steps}}
"""


def _repo(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "dialect: postgres\npaths: [server/migrations]\n",
        "server/migrations/1_create_tables.up.sql": (
            "CREATE TABLE files (file_id bigint PRIMARY KEY, owner_id bigint);\n"
        ),
        "server/migrations/1_create_tables.down.sql": "DROP TABLE files;\n",
        "mobile/lib/db/files_db.dart": FILES_DB.replace("{constants}", "").replace("{steps}", ""),
    }
    return committed_repo(root, files, monkeypatch)


def _gate(root: Path, constants: str, steps: str) -> dict[str, list[dict[str, object]]]:
    path = root / "mobile/lib/db/files_db.dart"
    path.write_text(FILES_DB.replace("{constants}", constants).replace("{steps}", steps))
    commit_all(root, "caption")
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--base", "HEAD~1", "--format", "json"]
    )
    report: dict[str, list[dict[str, object]]] = json.loads(result.stdout)
    return report


STEP = """
  static List<String> addCaptionColumn() {
    return [
      '''
        ALTER TABLE $filesTable ADD COLUMN $columnCaption TEXT;
      ''',
      '''
        CREATE INDEX IF NOT EXISTS {index} ON ${filesTable}($columnCaption, $columnOwnerID);
      ''',
    ];
  }
"""


def test_an_honest_step_in_the_projects_style_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path / "app", monkeypatch)
    report = _gate(
        root,
        "  static const columnCaption = 'caption';\n",
        STEP.replace("{index}", "files_caption_owner_id_idx"),
    )
    failing = [f for f in report["findings"] if f["fails_run"]]
    assert failing == [], failing
    assert [d["code"] for d in report["diagnostics"]] == [], report["diagnostics"]


def test_bad_names_through_constants_are_judged_and_other_holes_stay_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path / "app", monkeypatch)
    # a parameter and a non-constant (`final`) are filled when the code runs
    built = """
  static List<String> createTable(String tableName) {
    return ['CREATE TABLE $tableName (id INTEGER)'];
  }
  static final suffix = 'v2';
  static List<String> copy() {
    return ['CREATE TABLE files_$suffix (id INTEGER)'];
  }
"""
    report = _gate(
        root,
        '  static const columnCaption = "captionText";\n',
        STEP.replace("{index}", '"CaptionIdx"') + built,
    )
    judged = [(f["code"], f["name"]) for f in report["findings"] if f["fails_run"]]
    assert judged == [("DBN201", "captionText"), ("DBN301", "CaptionIdx")], judged
    lines = (root / "mobile/lib/db/files_db.dart").read_text().splitlines()
    holes = [i + 1 for i, line in enumerate(lines) if "$tableName (" in line or "_$suffix" in line]
    unread = [(d["code"], d["line"]) for d in report["diagnostics"]]
    assert unread == [("DBN013", n) for n in holes], report["diagnostics"]
    assert len(holes) == 2
