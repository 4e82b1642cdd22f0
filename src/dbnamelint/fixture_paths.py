"""Which repository paths are tests' and their fixtures', not the project's own.

One answer for every command: the code-DDL gate leaves a test's DDL strings
unread (they build fixtures, not the schema), and ``init`` leaves test
folders out of ``paths:`` (golang-migrate's ``source/*/testdata/`` hold an
intentional duplicate version, which ``check`` would refuse as ``DBN016``).
"""

from __future__ import annotations

#: Folder names that hold tests: their SQL and DDL build fixtures, not the schema.
TEST_FOLDERS = frozenset(
    {
        "test",
        "tests",
        "__tests__",
        "unit-tests",
        "unit_tests",
        "integration-tests",
        "integration_tests",
        "e2e",
        "spec",
        "specs",
        "testdata",
        "testing",
        "fixtures",
        "__fixtures__",
        # a test double's migrations (Ory's popx/stub/migrations/*: 700 files
        # of tests' own tables, read as one schema with the project's)
        "stub",
        "stubs",
    }
)
_TEST_SUFFIXES = (
    "_test.go",
    "_test.py",
    "_spec.rb",
    "_test.rb",
    ".test.ts",
    ".test.js",
    ".spec.ts",
    ".spec.js",
    ".test.tsx",
    ".spec.tsx",
    "test.java",
    "tests.java",
    "test.kt",
    "tests.cs",
    "test.cs",
)


def is_test_file(rel: str) -> bool:
    """Whether repository path ``rel`` (``/``-separated) is a test's: its
    name or a folder says so."""
    lowered = rel.rsplit("/", 1)[-1].lower()
    if lowered.endswith(_TEST_SUFFIXES) or lowered.startswith("test_"):
        return True
    return outer_test_folder(rel) is not None


def outer_test_folder(rel: str) -> str | None:
    """The outermost test folder (:data:`TEST_FOLDERS`) holding ``rel``, as a
    ``/``-separated path (``source/iofs/testdata``), or None."""
    parts = rel.split("/")[:-1]
    for at, part in enumerate(parts):
        if part.lower() in TEST_FOLDERS:
            return "/".join(parts[: at + 1])
    return None
