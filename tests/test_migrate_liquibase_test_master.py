"""``migrate --write`` refuses a root changelog only tests run (trial s33 openmrs B5).

Liquibase runs the changelog it is started with. OpenMRS's application
starts with ``updates/liquibase-update-to-latest-<version>.xml``, chosen in
Java (``ChangeLogVersionFinder``), while the root changelog that includes
the old updates, ``liquibase-update-to-latest-from-1.9.x.xml``, is started
only by a test (``Database1_9_7UpgradeIT``). ``migrate --write`` appended
its include there: the rename never ran on an OpenMRS database, yet
``whitelist prune`` retired the entries. Now a root changelog whose name
only test files (and documentation, and other changelogs) hold is no
place for the include: ``--write`` is refused with the reason, and the SQL
is still printed. Oracle: real git (``git grep``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MASTER = """\
<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <include file="changes/001-init.sql" relativeToChangelogFile="true"/>
</databaseChangeLog>
"""
INIT = "-- liquibase formatted sql\n-- changeset a:1\nCREATE TABLE customer (id INT PRIMARY KEY);\n"
TEST = 'class UpgradeIT { String changelog = "db/update-from-old.xml"; }\n'
APP = 'class Updater { String changelog = "db/update-from-old.xml"; }\n'


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, extra: dict[str, str]) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(root)
    files = {
        "src/main/resources/db/update-from-old.xml": MASTER,
        "src/main/resources/db/changes/001-init.sql": INIT,
        "src/test/java/UpgradeIT.java": TEST,
        **extra,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "dbnamelint.yaml").write_text("paths: [src/main/resources/db]\ndialect: mysql\n")
    init_repo(root, "base")


def _migrate(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, ["migrate", "--rename", "customer=customers", *args])
    return done.exit_code, done.stdout, done.stderr


def test_write_refuses_a_changelog_only_tests_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, monkeypatch, {})
    code, out, err = _migrate()
    assert "RENAME TABLE" in out.upper() or "ALTER TABLE" in out.upper()
    assert "--write would be refused: update-from-old.xml" in err
    assert "named only by tests (src/test/java/UpgradeIT.java)" in err
    code, _out, err = _migrate("--write")
    assert code != 0
    assert "an include appended there would never run" in err
    assert (tmp_path / "src/main/resources/db/update-from-old.xml").read_text() == MASTER
    assert sorted(p.name for p in (tmp_path / "src/main/resources/db/changes").iterdir()) == [
        "001-init.sql"
    ]


def test_a_changelog_the_application_names_gets_the_include(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, monkeypatch, {"src/main/java/Updater.java": APP})
    code, _out, err = _migrate("--write")
    assert code == 0, err
    assert "changes/002-" in (tmp_path / "src/main/resources/db/update-from-old.xml").read_text()
