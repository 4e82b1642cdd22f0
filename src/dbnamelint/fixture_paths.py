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
        # woodpecker's migration/test-files/postgres.sql: a dump its upgrade
        # tests load (trial s39), adopted as the schema
        "test-files",
        "test_files",
        "testfiles",
        "test-data",
        "test_data",
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
    "_test.py",
    "_spec.rb",
    "_test.rb",
    ".test.ts",
    ".test.js",
    ".spec.ts",
    ".spec.js",
    ".test.tsx",
    ".spec.tsx",
)
#: JVM and .NET test classes, by their case-sensitive name (Maven Surefire's
#: ``**/*Test.java``, ``**/*Tests.java``): ``Latest.java`` and ``Contest.kt``
#: are not tests.
_CLASS_SUFFIXES = ("Test.java", "Tests.java", "Test.kt", "Tests.kt", "Tests.cs", "Test.cs")
#: Maven's and Gradle's main source set: every file under it is compiled into
#: the product, whatever its package folders are called (a ``testing`` or
#: ``fixtures`` package there is the program's own; tests live in ``src/test``).
_MAIN_SOURCES = "src/main/"


def is_test_file(rel: str) -> bool:
    """Whether repository path ``rel`` (``/``-separated) is a test's: its
    name or a folder says so. Go's is Go's own rule (``go help packages``,
    ``go help test``): a ``_test.go`` file, or one under a ``testdata``
    folder or one whose name starts with ``_`` or ``.``; the go tool builds
    every other ``.go`` file, in ``fixtures/``, ``testing/`` or ``e2e/`` too
    (trial s34 listmonk: a seed package's DDL passed the gate)."""
    name = rel.rsplit("/", 1)[-1]
    if name.lower().endswith(".go"):
        return name.endswith("_test.go") or any(
            part == "testdata" or part.startswith(("_", ".")) for part in rel.split("/")[:-1]
        )
    lowered = name.lower()
    if lowered.endswith(_TEST_SUFFIXES) or lowered.startswith("test_"):
        return True
    main = ("/" + rel).find("/" + _MAIN_SOURCES)
    if main >= 0 and lowered.endswith((".java", ".kt", ".scala", ".groovy")):
        # a main source set's class: only the folders above src/main say it is a test's
        return outer_test_folder(rel[:main] + "x") is not None
    if name.endswith(_CLASS_SUFFIXES):
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
