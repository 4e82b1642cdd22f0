"""``migrate --write`` keeps an Atlas-managed folder's ``atlas.sum`` in step.

The oracle is Atlas's algorithm as its code has it (``ariga.io/atlas``,
``sql/migrate/dir.go``: ``NewHashFile``, ``HashFile.Sum``,
``HashFile.MarshalText``, ``directive``; ``sql/sqltool/tool.go``:
``GolangMigrateDir.Files`` lists ``*.up.sql``, ``LocalDir.Files`` ``*.sql``),
transcribed below line by line, apart from the code under test. The
implementation under test was also checked once by hand against real sums:
it reproduces openmeter's ``tools/migrate/migrations/atlas.sum`` (269
golang-migrate files) and the 22 ``atlas.sum`` files in Atlas's own
repository byte for byte. ``tests/fixtures/atlas_sum/golang-migrate`` is a
small folder of our own whose ``atlas.sum`` the oracle wrote; its second
file opens with ``-- atlas:sum ignore``.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.services.migrate.atlas_sum import folder_sum, hash_file, sum_text

FIXTURE = Path(__file__).parent / "fixtures" / "atlas_sum" / "golang-migrate"


def atlas_sum(folder: Path, glob: str) -> str:
    """Atlas's sum of ``folder``'s ``glob`` files (the transcription, see module doc)."""
    names = sorted((p.name for p in folder.glob(glob)), key=lambda n: n.encode())  # Files()
    h = hashlib.sha256()  # NewHashFile
    hs: list[tuple[str, str]] = []
    for name in names:
        content = (folder / name).read_bytes()
        h.update(name.encode())
        m = re.match(rb"([ -~]*)atlas:(\w+)(?: +(.+))*", content, re.ASCII)  # directive()
        if m and m[2] == b"sum" and m[3] == b"ignore":
            continue
        h.update(content)
        hs.append((name, base64.b64encode(h.copy().digest()).decode()))
    sha = hashlib.sha256()  # Sum()
    for n, digest in hs:
        sha.update(n.encode())
        sha.update(digest.encode())
    buf = "".join(f"{n} h1:{digest}\n" for n, digest in hs)  # MarshalText()
    return f"h1:{base64.b64encode(sha.digest()).decode()}\n{buf}"


def test_fixture_sum_is_atlas_algorithm() -> None:
    expected = (FIXTURE / "atlas.sum").read_text(encoding="utf-8")
    assert atlas_sum(FIXTURE, "*.up.sql") == expected
    assert folder_sum(FIXTURE, ".up.sql") == expected
    # the ignored file is in the running hash but has no line; down files are not listed
    assert [line.split(" ")[0] for line in expected.splitlines()[1:]] == [
        "20240101000000_init.up.sql",
        "20240103000000_name.up.sql",
    ]


def test_directives_as_atlas_tests_them(tmp_path: Path) -> None:
    """Atlas's own ``TestLocalDir`` cases: ``//atlas:sum`` alone keeps a file,
    ``//atlas:sum ignore`` and ``atlas:sum ignore`` leave it out; other
    suffixes are never listed."""
    (tmp_path / "include.sql").write_bytes(b"//atlas:sum\nfoo")
    (tmp_path / "exclude_1.sql").write_bytes(b"//atlas:sum ignore\nbar")
    (tmp_path / "exclude_2.sql").write_bytes(b"atlas:sum ignore")
    (tmp_path / "exclude.txt").write_bytes(b"")
    text = folder_sum(tmp_path, ".sql")
    assert text == atlas_sum(tmp_path, "*.sql")
    assert "include.sql h1:" in text
    assert "exclude" not in text
    assert hash_file([]) == [] and sum_text([]).startswith("h1:")  # an empty folder


def _golang_migrate_repo(root: Path, *, stale: bool = False) -> Path:
    folder = root / "db" / "migrations"
    shutil.copytree(FIXTURE, folder)
    if stale:  # a file changed after `atlas migrate hash`
        (folder / "20240103000000_name.up.sql").write_text(
            "ALTER TABLE t ADD COLUMN name varchar(10);\n", encoding="utf-8"
        )
    (root / "dbnamelint.yaml").write_text("paths: [db/migrations]\n", encoding="utf-8")
    (root / "whitelist.yaml").write_text("entries: []\n", encoding="utf-8")
    return folder


def test_write_updates_atlas_sum_of_golang_migrate_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _golang_migrate_repo(tmp_path)
    before = (folder / "atlas.sum").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "t=t_new", "--write"])
    assert result.exit_code == 0, result.stderr
    up = re.findall(r"^wrote (\S+\.up\.sql) \(forward\)$", result.stderr, re.M)
    assert len(up) == 1
    assert "updated db/migrations/atlas.sum (atlas.sum)\n" in result.stderr
    after = (folder / "atlas.sum").read_text(encoding="utf-8")
    assert after == atlas_sum(folder, "*.up.sql")
    # every earlier line kept; one line added for the new forward file, none for its down file
    assert after.splitlines()[1:-1] == before.splitlines()[1:]
    assert after.splitlines()[-1].startswith(Path(up[0]).name + " h1:")
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_write_updates_atlas_sum_of_atlas_format_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "20240101000000_init.sql").write_text(
        "CREATE TABLE t (id int PRIMARY KEY);\n", encoding="utf-8"
    )
    (folder / "atlas.sum").write_text(atlas_sum(folder, "*.sql"), encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\n", encoding="utf-8")
    (tmp_path / "whitelist.yaml").write_text("entries: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "t=t_new", "--write"])
    assert result.exit_code == 0, result.stderr
    after = (folder / "atlas.sum").read_text(encoding="utf-8")
    assert after == atlas_sum(folder, "*.sql")
    assert len(after.splitlines()) == 3  # the sum, init, and the new migration


def test_stale_sum_is_left_alone_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _golang_migrate_repo(tmp_path, stale=True)
    before = (folder / "atlas.sum").read_text(encoding="utf-8")
    assert before != atlas_sum(folder, "*.up.sql")  # Atlas would refuse it already
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "t=t_new", "--write"])
    assert result.exit_code == 0, result.stderr
    assert (folder / "atlas.sum").read_text(encoding="utf-8") == before
    assert (
        "dbnamelint: note: db/migrations/atlas.sum did not match its folder before this "
        "migration; not updated" in result.stderr
    )


def test_folder_without_atlas_sum_gets_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _golang_migrate_repo(tmp_path)
    (folder / "atlas.sum").unlink()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "t=t_new", "--write"])
    assert result.exit_code == 0, result.stderr
    assert not (folder / "atlas.sum").exists()
    assert "atlas.sum" not in result.stderr
