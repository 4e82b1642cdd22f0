"""``impact`` in code whose SQL lives in string literals: the code itself is never SQL.

Trial apolloconfig/apollo: ``Cluster cluster = clusterService.findOne(...)``
and ``for (Cluster cluster : clusters)`` read as PostgreSQL's ``CLUSTER
<table>``, so ``impact --diff`` renamed the Java variable ``cluster`` after
the table ``Cluster`` and javac failed. Oracles: the real ``git apply`` and,
when a JDK is installed, the real ``javac`` (else the code must be left
exactly as written); the string literal's SQL is still patched (MariaDB's
identifiers are case-insensitive on Linux only for columns, so the table is
written as the schema spells it).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git

SCHEMA = "CREATE TABLE `Cluster` (`Id` int NOT NULL, PRIMARY KEY (`Id`)) ENGINE=InnoDB;\n"

WHITELIST = """\
phases:
  - {id: "1", title: "Plural", status: open}
entries:
  - {kind: table, name: Cluster, phase: "1", target: clusters}
"""

JAVA = """\
import java.util.List;

class Svc {
    Cluster get(Repo r) { Cluster cluster = r.find(); return cluster; }

    int count(List<Cluster> clusters) {
        int n = 0;
        for (Cluster cluster : clusters) {
            n += cluster.hashCode();
        }
        return n;
    }

    String sql() { return "SELECT `Id` FROM `Cluster`"; }
}

class Cluster {}

interface Repo { Cluster find(); }
"""

#: C#'s query syntax and a Ruby call without parentheses: FROM and UPDATE outside strings.
CSHARP = """\
class Q {
    object All(Db db) { return from cluster in db.Clusters select cluster; }
}
"""
RUBY = """\
def touch(cluster)
  update cluster
end
"""


def _renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    repo = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
            "whitelist.yaml": WHITELIST,
            "db/001_init.sql": SCHEMA,
            "src/Svc.java": JAVA,
            "src/Q.cs": CSHARP,
            "lib/touch.rb": RUBY,
        },
        monkeypatch,
    )
    runner = CliRunner()
    done = runner.invoke(cli, ["migrate", "--all", "--write"])
    assert done.exit_code == 0, done.output
    commit_all(repo, "rename")
    done = runner.invoke(cli, ["whitelist", "prune"])
    assert done.exit_code == 0, done.output
    commit_all(repo, "prune")
    done = runner.invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert done.exit_code == 0, done.stderr
    return repo, done.stdout


def test_code_outside_strings_is_left_and_the_java_compiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, patch = _renamed(tmp_path, monkeypatch)
    (repo / "rename.patch").write_text(patch)
    git(repo, "apply", "rename.patch")
    java = (repo / "src/Svc.java").read_text()
    # The string's SQL names the table: patched.
    assert 'return "SELECT `Id` FROM `clusters`";' in java
    assert java.replace("`clusters`", "`Cluster`") == JAVA
    assert (repo / "src/Q.cs").read_text() == CSHARP
    assert (repo / "lib/touch.rb").read_text() == RUBY
    if shutil.which("javac") is None:
        return
    done = subprocess.run(
        ["javac", "-d", str(repo / "out"), str(repo / "src/Svc.java")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_variable_is_no_high_confidence_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _renamed(tmp_path, monkeypatch)
    done = CliRunner().invoke(cli, ["impact", "--renamed-only"])
    assert done.exit_code == 0, done.stderr
    high = [line for line in done.stdout.splitlines() if ": high [" in line]
    assert [line.split(": high")[0].strip() for line in high] == ["src/Svc.java:14:46"]
