"""Every language's string forms, as the gate's DDL reading and ``impact``
read them (one lexer, :mod:`dbnamelint.impact.sqlscope`). Trial s34 ente:
Dart's ``db.execute('''`` over lines (23 of ente's Flutter files write their
SQLite DDL so) was not read, and a ``CREATE TABLE "Sneaky"`` in one passed
the gate and the hook. The forms come from each language's reference
("String literals"): Dart and Groovy triple-quoted and raw strings, Groovy's
slashy and dollar-slashy strings, C# verbatim ``@"..."`` (``""`` a quote),
C++11 ``R"d(...)d"``, Rust ``br#"..."#``, Julia ``\"\"\"``, R 4.0
``r"(...)"``, shell ``'...'`` (no escapes), Go raw backticks (no escapes).

Oracles: real git (the change adds the file), and each language's documented
literal content.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json as _check
from dbnamelint.code_ddl_text import ddl_strings
from dbnamelint.impact.sqlscope import SqlText, block_comments, string_literals
from git_helpers import git
from test_gate_code_ddl import shiori  # noqa: F401 - the adopted tree fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

Q3 = '"""'
#: (file, code holding ``"Sneaky"`` as the created table's written name).
FORMS = {
    "dart-triple-single": (
        "lib/db/boot.dart",
        "Future<void> boot(Database db) async {\n  await db.execute('''\n"
        "    CREATE TABLE IF NOT EXISTS \"Sneaky\" (id INTEGER)\n  ''');\n}\n",
    ),
    "dart-raw-triple": (
        "lib/db/boot.dart",
        "Future<void> boot(Database db) async {\n  await db.execute(r'''\n"
        "    CREATE TABLE \"Sneaky\" (path TEXT DEFAULT 'C:\\')\n  ''');\n}\n",
    ),
    "dart-raw-single": (
        "lib/db/boot.dart",
        "f(db) { db.execute(r'C:\\'); db.execute('CREATE TABLE \"Sneaky\" (id int)'); }\n",
    ),
    "groovy-triple-single": (
        "src/Boot.groovy",
        "def boot(sql) {\n    sql.execute('''\n"
        "        CREATE TABLE IF NOT EXISTS \"Sneaky\" (id int)\n    ''')\n}\n",
    ),
    "groovy-dollar-slashy": (
        "src/Boot.groovy",
        'def boot(sql) {\n    sql.execute($/\n        CREATE TABLE "Sneaky" (id int)\n    /$)\n}\n',
    ),
    "groovy-slashy": (
        "src/Boot.groovy",
        'def boot(sql) {\n    def q = /\n        CREATE TABLE "Sneaky" (id int)\n    /\n'
        "    sql.execute(q)\n}\n",
    ),
    "csharp-verbatim": (
        "Migrations/Boot.cs",
        'class Boot { void Up(MigrationBuilder b) { b.Sql(@"\n'
        '    CREATE TABLE ""Sneaky"" (id int)\n"); } }\n',
    ),
    "csharp-raw-four-quotes": (
        "Migrations/Boot.cs",
        f'class Boot {{ void Up(MigrationBuilder b) {{ b.Sql(""""\n'
        f'    CREATE TABLE "Sneaky" (note text DEFAULT \'{Q3}\')\n    """"); }} }}\n',
    ),
    "cpp-raw": (
        "src/boot.cpp",
        'void boot(DB& db) { db.exec(R"sql(\n    CREATE TABLE "Sneaky" (id int)\n)sql"); }\n',
    ),
    "rust-byte-raw": (
        "src/boot.rs",
        'fn boot(c: &C) { c.execute(br#"CREATE TABLE "Sneaky" (id int)"#); }\n',
    ),
    "julia-triple": (
        "src/boot.jl",
        f'function boot(c)\n  execute(c, {Q3}\n    CREATE TABLE "Sneaky" (id int)\n  {Q3})\nend\n',
    ),
    "r-raw": (
        "R/boot.r",
        'boot <- function(c) dbExecute(c, r"(\n  CREATE TABLE "Sneaky" (id int)\n)")\n',
    ),
    "shell-single-no-escape": (
        "bin/boot.sh",
        "echo 'C:\\'; psql -c 'CREATE TABLE \"Sneaky\" (id int)'\n",
    ),
    "go-raw-no-escape": (
        "cmd/boot.go",
        "package main\n\nfunc boot() {\n\tsep := `\\`\n"
        '\tdb.Exec(`CREATE TABLE "Sneaky" (id int)`)\n\t_ = sep\n}\n',
    ),
}


def _at(code: str) -> tuple[int, int]:
    """1-based line and column of the quote before ``Sneaky``."""
    quote = code.index("Sneaky") - 1
    line = code.count("\n", 0, quote) + 1
    return line, quote - (code.rfind("\n", 0, quote) + 1) + 1


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_ddl_string_in_each_form_is_judged_at_its_name(
    shiori: Path,  # noqa: F811
    form: str,
) -> None:
    """Before: every form here passed the gate (exit 0, nothing found)."""
    name, code = FORMS[form]
    path = shiori / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code)
    git(shiori, "add", "-A")
    got, found, _ = _check("--base", "HEAD")
    assert (got, [f for f in found if f[0] == "DBN101"]) == (
        1,
        [("DBN101", "Sneaky", name, *_at(code))],
    )


#: (file, code, the literal's content as the language defines it).
CONTENTS = {
    "kotlin-raw-quotes-before-close": (
        "a.kt",
        'val q = """say "hi""""\n',
        'say "hi"',
    ),
    "scala-raw-backslash": ("a.scala", 'val q = """a\\"""\n', "a\\"),
    "swift-raw": ("a.swift", 'let q = #"a "quoted" \\n"#\n', 'a "quoted" \\n'),
    "csharp-interpolated-verbatim": ("a.cs", 'var q = $@"a ""b"" c";\n', 'a ""b"" c'),
    "r-raw-dashes": ("a.r", 'q <- R"-[a)"b]-"\n', 'a)"b'),
    "crystal-percent": ("a.cr", "q = %(a (b) c)\n", "a (b) c"),
}


@pytest.mark.parametrize("case", sorted(CONTENTS))
def test_the_literal_content_is_the_languages(case: str) -> None:
    name, code, content = CONTENTS[case]
    assert [code[a:b] for a, b, _ in string_literals(name, code)] == [content]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("lib/a.dart", "f(db) => db.execute('''\n  CREATE TABLE $_tableName (id INTEGER)\n''');\n"),
        ("a.kt", f"fun f() = db.execSQL({Q3}\n  CREATE TABLE $_tableName (id int)\n{Q3})\n"),
    ],
)
def test_dollar_interpolation_in_a_triple_quoted_string_is_a_hole(name: str, code: str) -> None:
    """ente's ``CREATE TABLE $_tableName(...)``: built when the code runs
    (Dart: every string but a raw one interpolates; Kotlin: its raw ones too)."""
    (ddl,) = ddl_strings(name, code)
    assert "$_tableName" not in ddl.text and ddl.holes


def test_impact_reads_the_sql_of_a_dart_triple_quoted_string() -> None:
    code = "f(db) => db.rawQuery('''\n  SELECT c.id FROM collections AS c\n''');\n"
    assert SqlText.parse("lib/a.dart", code).tables_at(code.index("c.id")) == {"collections"}


def test_a_comment_opener_inside_a_verbatim_string_opens_no_comment() -> None:
    """``block_comments`` reads a file's strings as the same lexer does: a C#
    verbatim string over lines holding ``/*`` is no comment."""
    code = 'var q = @"SELECT 1\n/* kept: SQL */\nFROM t";\n/* a comment */\n'
    assert block_comments("a.cs", code) == [(code.index("/* a"), len(code) - 1)]
