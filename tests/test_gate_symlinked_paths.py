"""The gate reads the base tree through the symbolic links the working tree has.

s8-t3 F8: with ``paths: [db]`` and ``db`` a committed link to ``db_real``,
``check --base HEAD`` read the base tree as empty (links were skipped when
it was written out), so every legacy finding was "new" although nothing
changed. The oracle is the same command with ``paths: [db_real]``, and real
git for the commits.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo

LEGACY = 'CREATE TABLE "BadItem" (id int);\n'


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("links", "configured"),
    [
        ({"db": "db_real"}, "db"),
        ({"cur": "db_real", "db": "cur"}, "db"),  # a chain of links
        ({"db": "schema"}, "db/migrations"),  # a configured folder below a link
    ],
)
def test_a_linked_schema_folder_is_the_same_tree_at_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: dict[str, str], configured: str
) -> None:
    real = "schema/migrations" if configured == "db/migrations" else "db_real"
    (tmp_path / real).mkdir(parents=True)
    (tmp_path / real / "V1__a.sql").write_text(LEGACY, encoding="utf-8")
    for link, target in links.items():
        (tmp_path / link).symlink_to(target)
    (tmp_path / "dbnamelint.yaml").write_text(
        f"paths: [{configured}]\ndialect: postgres\n", encoding="utf-8"
    )
    init_repo(tmp_path)
    commit_all(tmp_path, "base")
    monkeypatch.chdir(tmp_path)
    code, out = _check("--base", "HEAD")
    assert code == 0, out  # nothing changed since HEAD: nothing is new
    # A new bad table behind the link is still new.
    (tmp_path / real / "V2__b.sql").write_text('CREATE TABLE "AlsoBad" (id int);\n', "utf-8")
    code, out = _check("--base", "HEAD")
    assert code == 1 and "AlsoBad" in out and "BadItem" not in out, out


def test_a_link_out_of_the_repository_is_not_followed_at_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "V1__a.sql").write_text(LEGACY, encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "db").symlink_to("../outside")
    (repo / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", "utf-8")
    init_repo(repo)
    commit_all(repo, "base")
    monkeypatch.chdir(repo)
    code, out = _check("--base", "HEAD")
    # The files are outside the repository, so they have no base version:
    # their findings are new (reading the current file as its own base would
    # excuse everything), and the link is not made in the base tree.
    assert code == 1 and "2 new findings" in out, out
