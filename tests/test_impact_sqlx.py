"""``impact --diff`` on sqlx named queries whose struct tags it renames. Trial s8-t3 F14.

Oracle: sqlx's documentation (README, "Named queries"; ``named.go``:
``bindStruct`` looks each ``:name`` up among the struct's ``db`` tag names,
exactly as spelled, and fails with ``could not find name ...`` otherwise).
So once the patch renames ``db:"unitPrice"`` (which ``Get``/``Select`` need
to scan the renamed column), ``:unitPrice`` must become ``:unit_price``.
No Go module proxy here to run sqlx itself; ``gofmt -e`` parses the result.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

MODEL = """\
package shop

type Product struct {
\tName      string `db:"name"`
\tUnitPrice int    `db:"unitPrice" json:"unitPrice"`
}
"""

QUERIES = """\
package shop

func InsertProduct(db *sqlx.DB, p Product) error {
\t_, err := db.NamedExec(`INSERT INTO shop_product (name, "unitPrice")
\t\tVALUES (:name, :unitPrice)`, p)
\treturn err
}

func Cheap(db *sqlx.DB) error {
\targ := map[string]interface{}{"unitPrice": 3}
\t_, err := db.NamedQuery(`SELECT name FROM shop_product WHERE "unitPrice" < :unitPrice`, arg)
\treturn err
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: str, sql: str) -> Path:
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": 'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
            + entries,
            "db/001.sql": sql,
            "models/product.go": MODEL,
            "repo/product.go": QUERIES,
        },
        monkeypatch,
    )


def test_named_parameters_follow_the_db_tag_they_bind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(
        tmp_path,
        monkeypatch,
        '  - {kind: table, name: shop_product, phase: "1", target: shop_products}\n'
        '  - {kind: column, name: shop_product.unitPrice, phase: "1", target: unit_price}\n',
        'CREATE TABLE shop_product (id int PRIMARY KEY, name text, "unitPrice" int);\n',
    )
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root / "p.patch").write_text(result.stdout)
    git(root, "apply", "p.patch")
    model = (root / "models/product.go").read_text()
    assert '`db:"unit_price" json:"unitPrice"`' in model  # the API's JSON key stays
    queries = (root / "repo/product.go").read_text()
    assert (
        'INSERT INTO shop_products (name, "unit_price")\n\t\tVALUES (:name, :unit_price)' in queries
    )
    assert 'WHERE "unit_price" < :unit_price`' in queries
    # The map argument's key is code the patch does not know: a note says so.
    assert (
        "repo/product.go: renamed the sqlx named parameters :unitPrice with their db tags; "
        "where one binds a map argument, rename its key too" in result.stderr
    )
    if shutil.which("gofmt") is None:
        pytest.skip("no gofmt")
    for path in ("models/product.go", "repo/product.go"):
        done = subprocess.run(
            ["gofmt", "-e", "-l", str(root / path)], capture_output=True, check=False
        )
        assert done.returncode == 0, done.stderr


def test_a_tag_left_as_written_keeps_its_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two tables' unitPrice columns get different names: the tag is ambiguous and left
    # alone (with a note), so the parameter binding through it must stay too.
    _repo(
        tmp_path,
        monkeypatch,
        '  - {kind: column, name: shop_product.unitPrice, phase: "1", target: unit_price}\n'
        '  - {kind: column, name: offer.unitPrice, phase: "1", target: price}\n',
        'CREATE TABLE shop_product (id int, name text, "unitPrice" int);\n'
        'CREATE TABLE offer (id int, "unitPrice" int);\n',
    )
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    assert "models/product.go" not in result.stdout
    assert ":unit_price" not in result.stdout and ":price" not in result.stdout
    assert '+\t_, err := db.NamedExec(`INSERT INTO shop_product (name, "unit_price")' in (
        result.stdout
    )
