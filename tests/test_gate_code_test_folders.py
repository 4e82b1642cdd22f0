"""Which code files the gate leaves out as tests: each language's own rule.

Trial s34 listmonk: ``internal/fixtures/seed.go`` creating ``"DemoSubscribers"``
(and the same file in ``stubs/``, ``spec/``, ``testing/``, ``e2e/``) passed
the gate and the hook as a test's, though the go tool builds it into the
binary. Go leaves out only ``_test.go`` files and folders named ``testdata``
or starting with ``_`` or ``.`` (``go help packages``, ``go help test``).
Likewise Maven and Gradle compile every class under ``src/main/`` (tests
live in ``src/test/``), and Surefire's test classes are ``*Test.java``,
case-sensitive: ``Latest.java`` is none. Languages whose ``spec/`` or
``__tests__/`` folders are tests keep them left out.

Oracles: real git (what the change adds), the documents above.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, git, git_workdir

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GO = """package seed

import "database/sql"

func Seed(db *sql.DB) error {
\t_, err := db.Exec(`CREATE TABLE IF NOT EXISTS "DemoSubscribers" (id SERIAL PRIMARY KEY)`)
\treturn err
}
"""
JAVA = """package com.acme.seed;

class Seed {
    void seed(java.sql.Statement s) throws Exception {
        s.execute("CREATE TABLE \\"DemoSubscribers\\" (id int)");
    }
}
"""
TS = 'export const seed = (db) => db.query(`CREATE TABLE "DemoSubscribers" (id int)`);\n'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "app", monkeypatch)
    adopted_repo(
        root,
        {"schema.sql": "CREATE TABLE subscribers (id int);\n"},
        "paths: [schema.sql]\ndialect: postgres\n",
    )
    return root


def _judged(root: Path, path: str, text: str) -> bool:
    """Whether the gate judges ``text`` added at ``path``: its bad table name fails it."""
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    code, found, _ = check_json("--pre-commit")
    git(root, "rm", "-q", "--cached", path)
    (root / path).unlink()
    assert code in (0, 1)
    if code == 0:
        return False
    assert {f[0] for f in found} == {"DBN101"}
    return True


@pytest.mark.parametrize(
    "path",
    [
        "internal/fixtures/seed.go",
        "internal/stubs/seed.go",
        "internal/spec/seed.go",
        "internal/testing/seed.go",
        "internal/e2e/seed.go",
        "internal/migrations/fixtures/seed.go",
        "test/seed.go",
        "internal/seed/test_seed.go",
        # a JVM main source set's package
        "src/main/java/com/acme/testing/Seed.java",
        "app/src/main/java/com/acme/fixtures/Seed.java",
        "src/main/java/com/acme/seed/LatestTest.java",
        "src/main/java/com/acme/Latest.java",
        "lib/Latest.java",
    ],
)
def test_code_the_build_compiles_is_judged(repo: Path, path: str) -> None:
    text = GO if path.endswith(".go") else JAVA.replace("class Seed", f"class {Path(path).stem}")
    assert _judged(repo, path, text)


@pytest.mark.parametrize(
    "path",
    [
        "internal/seed/seed_test.go",
        "internal/seed/testdata/seed.go",
        "internal/_old/seed.go",
        "internal/.cache/seed.go",
        "src/test/java/com/acme/Seed.java",
        "lib/SeedTest.java",
        "integration-tests/src/main/java/com/acme/Seed.java",
        "web/e2e/seed.ts",
        "web/__tests__/seed.ts",
        "spec/seed.ts",
    ],
)
def test_tests_stay_left_out(repo: Path, path: str) -> None:
    text = GO if path.endswith(".go") else TS if path.endswith(".ts") else JAVA
    assert not _judged(repo, path, text)
