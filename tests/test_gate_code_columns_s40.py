"""A finding on a name a change adds to code points at the name as written.

The gate reads an ORM's struct tags, a builder's calls and a ``TableName()``
literal as the SQL they make, laid over the code's own lines; that SQL is
longer than the code, so a name in it sat past the end of its line: a GORM
tag ``gorm:"column:lineTotal"`` was reported at column 64 of a 48-character
line (guides s40), which no editor can go to. The oracle is the file itself:
each finding's line and column, in the file as committed, start the name it
names (or the quote opening it). Real git holds the base and the change.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: (path, text) of code a change adds, each naming camelCase or PascalCase names.
CHANGES = {
    "models/order.go": (
        "package models\n\n"
        'import "gorm.io/gorm"\n\n'
        "type Order struct {\n"
        "\tgorm.Model\n"
        '\tLineTotal int `gorm:"column:lineTotal;index:IX_Order_Total"`\n'
        '    Customer  string `gorm:"column:customerRef"`\n'
        "}\n\n"
        "type Invoice struct {\n\tID int64\n}\n\n"
        'func (Invoice) TableName() string { return "InvoiceRows" }\n'
    ),
    "models/xorm_user.go": (
        "package models\n\n"
        "type Member struct {\n"
        '\tID       int64  `xorm:"pk autoincr"`\n'
        "\tNickName string `xorm:\"'nickName' VARCHAR(40)\"`\n"
        "}\n"
    ),
    "database/migrations/2024_01_01_000000_create_things.php": (
        "<?php\n"
        "use Illuminate\\Database\\Migrations\\Migration;\n"
        "use Illuminate\\Database\\Schema\\Blueprint;\n"
        "use Illuminate\\Support\\Facades\\Schema;\n\n"
        "return new class extends Migration {\n"
        "    public function up(): void\n"
        "    {\n"
        "        Schema::create('things', function (Blueprint $t) { $t->string('shortA'); });\n"
        "        Schema::table('things', function (Blueprint $t) {\n"
        "            $t->string('BadCol');\n"
        "        });\n"
        "    }\n"
        "};\n"
    ),
}


def _findings(root: Path) -> list[tuple[str, int, int, str]]:
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"], catch_exceptions=False
    )
    report = json.loads(result.stdout)
    return sorted((f["path"], f["line"], f["column"], f["name"]) for f in report["findings"])


def test_each_finding_points_at_its_name_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    adopted_repo(
        tmp_path,
        {"schema.sql": "CREATE TABLE users (id int);\n"},
        "paths: [schema.sql]\ndialect: postgres\n",
    )
    for path, text in CHANGES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    git(tmp_path, "add", "-A")
    found = _findings(tmp_path)
    named = {name for _p, _l, _c, name in found}
    # every camelCase/PascalCase name the change writes is judged
    assert {"lineTotal", "IX_Order_Total", "customerRef", "InvoiceRows", "nickName"} <= named
    assert {"shortA", "BadCol"} <= named, found
    for path, line, column, name in found:
        written = CHANGES[path].split("\n")[line - 1]
        at = written[column - 1 :]
        assert at.startswith(name) or at[1:].startswith(name), (path, line, column, name, written)
