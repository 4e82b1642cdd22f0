"""An applied Flyway SQL migration edited in its comments or spacing only (``DBN025``).

Flyway's checksum is a CRC32 over each line's UTF-8 bytes, the line endings
left out and a byte-order mark dropped from the first line (flyway-core
``ChecksumCalculator.calculateChecksumForResource``: ``BufferedReader.readLine``,
``BomFilter.FilterBomFromString``, ``java.util.zip.CRC32``). A comment or a
space changes it, so ``flyway validate`` (run by Spring Boot before it
migrates) refuses every database that ran the migration: the gate let such an
edit through (trial s33 hawkbit). A blank line or a line-ending change does
not change it and stays quiet. The oracle for every value is a Java 17
program doing what Flyway's ChecksumCalculator does; the gate runs on real git.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.flyway_checksum import flyway_checksum
from git_helpers import adopted_repo, git, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: Flyway's ChecksumCalculator, one file per argument: the oracle.
JAVA = """\
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.zip.CRC32;

public class Checksum {
    public static void main(String[] args) throws IOException {
        for (String name : args) {
            CRC32 crc32 = new CRC32();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    Files.newInputStream(Paths.get(name)), StandardCharsets.UTF_8), 4096)) {
                String line = reader.readLine();
                if (line != null) {
                    if (!line.isEmpty() && line.charAt(0) == '\\ufeff') line = line.substring(1);
                    do {
                        crc32.update(line.getBytes(StandardCharsets.UTF_8));
                    } while ((line = reader.readLine()) != null);
                }
            }
            System.out.println((int) crc32.getValue());
        }
    }
}
"""

BEFORE = (
    b"-- hawkbit V1_20_4\n"
    b"CREATE INDEX sp_idx_action_rollout_status       ON sp_action (rollout, status);\n"
    b"ALTER TABLE sp_target ADD COLUMN group_name VARCHAR(256);\n"
)
#: name -> (new bytes, whether Flyway's checksum changes)
EDITS = {
    "comment-added": (b"-- index for attribute lookup\n" + BEFORE, True),
    "respaced": (BEFORE.replace(b"status       ON", b"status ON"), True),
    "trailing-space": (BEFORE.replace(b"(256);\n", b"(256); \n"), True),
    "comment-edited": (BEFORE.replace(b"V1_20_4", b"V1_20_4 (indexes)"), True),
    "blank-line-added": (BEFORE + b"\n\n", False),
    "blank-line-inside": (BEFORE.replace(b";\nALTER", b";\n\nALTER"), False),
    "crlf": (BEFORE.replace(b"\n", b"\r\n"), False),
    "cr-only": (BEFORE.replace(b"\n", b"\r"), False),
    "bom-added": (b"\xef\xbb\xbf" + BEFORE, False),
    "bom-on-line-2": (BEFORE.replace(b"\nCREATE", b"\n\xef\xbb\xbfCREATE"), True),
    "no-final-newline": (BEFORE.rstrip(b"\n"), False),
    "non-ascii-comment": (BEFORE.replace(b"hawkbit", "hawkbit \u00e9t\u00e9".encode()), True),
}


@pytest.fixture(scope="module")
def java_checksums(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """Each edit's (and the original's) checksum, as Flyway's code computes it."""
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("no Java to compute Flyway's checksum with")
    work = tmp_path_factory.mktemp("flyway_checksum")
    (work / "Checksum.java").write_text(JAVA, encoding="utf-8")
    subprocess.run(["javac", "Checksum.java"], cwd=work, check=True, timeout=300)
    files = {"before": BEFORE, **{name: data for name, (data, _) in EDITS.items()}}
    for name, data in files.items():
        (work / f"{name}.sql").write_bytes(data)
    done = subprocess.run(
        ["java", "-cp", ".", "Checksum", *(f"{name}.sql" for name in files)],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return dict(zip(files, map(int, done.stdout.split()), strict=True))


def test_the_checksum_is_flyways(java_checksums: dict[str, int]) -> None:
    assert flyway_checksum(BEFORE) == java_checksums["before"]
    for name, (data, changes) in EDITS.items():
        assert flyway_checksum(data) == java_checksums[name], name
        # the table's expectation agrees with the oracle
        assert (java_checksums[name] != java_checksums["before"]) is changes, name


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def _check(*args: str) -> tuple[int, list[tuple[str, str, int]], str]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    found = [(d["code"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


@pytest.mark.parametrize("edit", list(EDITS))
def test_the_gate_fails_exactly_when_the_checksum_changes(
    project: Path, java_checksums: dict[str, int], edit: str
) -> None:
    name = "db/V1_20_4__index.sql"
    adopted_repo(project, {name: BEFORE.decode()}, "paths: [db]\ndialect: postgres\n")
    data, _ = EDITS[edit]
    (project / name).write_bytes(data)
    code, found, output = _check("--base", "HEAD")
    changed = java_checksums[edit] != java_checksums["before"]
    edited = [d for d in found if d[0] == "DBN025"]
    git(project, "add", "-A")
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", name])
    if changed:
        assert code == 1, output
        assert len(edited) == 1 and edited[0][1] == name, output
        assert "Flyway's validate fails on the changed checksum" in output
        assert hook.exit_code == 1 and "DBN025" in hook.output, hook.output
    else:
        assert edited == [], output
        assert code == 0, output
        assert hook.exit_code == 0, hook.output


def test_the_first_checksummed_line_is_reported(project: Path) -> None:
    name = "db/V2__x.sql"
    adopted_repo(
        project,
        {name: "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int);\n"},
        "paths: [db]\ndialect: postgres\n",
    )
    # a blank line removed (no change to Flyway) above a comment added on line 2
    (project / name).write_text("CREATE TABLE a (id int);\n-- b\nCREATE TABLE b (id int);\n")
    code, found, output = _check("--base", "HEAD")
    assert code == 1 and ("DBN025", name, 2) in found, output


def test_a_baseline_migrations_comment_edit_stays_quiet(project: Path) -> None:
    """Flyway validates no checksum at or below the baseline a database was
    built from, so a comment in ``B1__`` changes nothing anywhere."""
    name = "db/B1_20_0__baseline.sql"
    adopted_repo(project, {name: BEFORE.decode()}, "paths: [db]\ndialect: postgres\n")
    (project / name).write_bytes(b"-- baseline\n" + BEFORE)
    code, found, output = _check("--base", "HEAD")
    assert [d for d in found if d[0] == "DBN025"] == [] and code == 0, output
