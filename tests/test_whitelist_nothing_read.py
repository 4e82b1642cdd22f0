"""A whitelist is never emptied by a run that read nothing (trial s28 plausible).

With ``exclude:`` leaving out the tree's only SQL file, ``whitelist prune``
found every entry stale ("no table named goals is in the schema the files
build") and removed all 11, exit 0; ``whitelist init --force`` wrote an empty
baseline over the old one. Both now refuse (exit 2) and write nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001_init.sql").write_text('CREATE TABLE "Goals" (id int);\n')
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db]\ndialect: postgres\nexclude: [db/001_init.sql]\n"
    )
    return tmp_path


@pytest.mark.parametrize(
    "command", [["whitelist", "prune"], ["whitelist", "init", "--force"]], ids=["prune", "init"]
)
def test_a_run_reading_no_file_writes_nothing(project: Path, command: list[str]) -> None:
    before = (project / "whitelist.yaml").read_text()
    assert "Goals" in before
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2, result.output
    assert "reads no SQL file" in result.stderr
    assert (project / "whitelist.yaml").read_text() == before
