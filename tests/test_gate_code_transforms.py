"""A DDL string rewritten by a call before it runs is judged as it runs
(trial confirm35 C6): ``tx.Exec(strings.ReplaceAll(`CREATE TABLE feed_stats
(...)`, "feed_stats", `"FeedStat"`))`` passed the hook and ``check --base``,
the literal read as written while the database gets ``"FeedStat"``. The
kind: every call that replaces text in or changes the case of a SQL string
(Go's ``strings`` functions and a ``Replacer``, ``strings.Join``, Python's,
JavaScript's and Rust's ``.replace``, PHP's ``str_replace``...). With every
input a literal the result is computed and judged; else it is ``DBN013``
(built when the code runs), an error in a new string, never the literal.

Oracles: each language's own runtime where it is installed (node for
JavaScript, php for PHP, Python for Python) computes the string the call
makes; Go (not installed here) by its documentation: ``strings.ReplaceAll``
replaces every match, ``Replace(s, old, new, n)`` the first ``n`` (``n < 0``:
all), ``Join`` puts ``sep`` between the elements, a ``Replacer`` replaces
left to right trying the pairs in argument order without overlapping
matches; Rust's ``str::replace`` every match. Real git for what the change adds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from check_json import staged_gate
from dbnamelint.code_ddl_text import ddl_strings
from git_helpers import adopted_repo, git_workdir

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LIST = "internal/database/migrations.go"
HEAD = """package database

import (
\t"database/sql"
\t"strings"
)

var migrations = []func(tx *sql.Tx) error{
\tfunc(tx *sql.Tx) (err error) {
\t\t_, err = tx.Exec(`CREATE TABLE feeds (id bigserial primary key, title text)`)
\t\treturn err
\t},
"""
TAIL = "}\n"
DDL = "`CREATE TABLE feed_stats (id bigserial primary key)`"


def _step(body: str) -> str:
    return (
        f"\tfunc(tx *sql.Tx) (err error) {{\n\t\t_, err = tx.Exec({body})\n\t\treturn err\n\t}},\n"
    )


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_workdir(tmp_path / "app", monkeypatch)


#: A new step of a Go migration list: (its SQL expression, the table it makes).
GO_STEPS = {
    "ReplaceAll": (f'strings.ReplaceAll({DDL}, "feed_stats", `"FeedStat"`)', "FeedStat"),
    "Replace-n": (f'strings.Replace({DDL}, "feed_stats", `"FeedStat"`, 1)', "FeedStat"),
    "Replacer": (
        f'strings.NewReplacer("feed", `"Feed`, "_stats", `Stat"`).Replace({DDL})',
        "FeedStat",
    ),
    # G1: was "DBN004 could not read CREATE TABLE statement"
    "Join": ('strings.Join([]string{"CREATE TABLE", `"FeedStats"`, "(id int)"}, " ")', "FeedStats"),
    "Sprintf-inside": (
        'strings.ReplaceAll(fmt.Sprintf(`CREATE TABLE %s (id int)`, "feed_stats"), "feed_stats",'
        ' `"FeedStat"`)',
        "FeedStat",
    ),
    # the outer call too: read inner only, "FEED_STATS" would be refused
    "nested-lower": (
        f'strings.ToLower(strings.ReplaceAll({DDL}, "feed_stats", `"FEED_STATS"`))',
        "",
    ),
    "nested-upper": (
        f'strings.ToUpper(strings.ReplaceAll({DDL}, "feed_stats", `"feed_stats"`))',
        "FEED_STATS",
    ),
}


@pytest.mark.parametrize("case", sorted(GO_STEPS))
def test_a_go_list_step_rewritten_from_literals_is_judged_as_it_runs(root: Path, case: str) -> None:
    expression, made = GO_STEPS[case]
    adopted_repo(root, {LIST: HEAD + TAIL}, f"paths: [{LIST}]\ndialect: postgres\n")
    code, names, said = staged_gate(root, LIST, HEAD + _step(expression) + TAIL)
    if not made:  # "feed_stats": a good name, read (not refused)
        assert (code, names, said) == (0, [], [])
        return
    assert (code, names) == (1, [made])
    assert ("DBN004", "error") not in said


@pytest.mark.parametrize(
    "expression",
    [
        f'strings.ReplaceAll({DDL}, "feed_stats", name)',
        f"strings.NewReplacer(pairs...).Replace({DDL})",
        'strings.Join([]string{"CREATE TABLE", name, "(id int)"}, " ")',
        f"strings.ToUpper(strings.ReplaceAll({DDL}, old, name))",
        'strings.ReplaceAll(fmt.Sprintf(`CREATE TABLE %s (id int)`, "feed_stats"), "s", name)',
    ],
)
def test_a_go_list_step_rewritten_at_run_time_is_not_read(root: Path, expression: str) -> None:
    """Not the literal's name (feed_stats passes): the statement is built
    when the code runs, a DBN013 error in a new step, not a DBN004."""
    adopted_repo(root, {LIST: HEAD + TAIL}, f"paths: [{LIST}]\ndialect: postgres\n")
    code, names, said = staged_gate(root, LIST, HEAD + _step(expression) + TAIL)
    assert (code, names) == (1, [])
    assert said == [("DBN013", "error")]


#: Application code new in a change: (path, code, the expression's value by
#: the language's own runtime (None: not installed here), what the oracle runs).
APP = {
    "python": (
        "app/boot.py",
        "def boot(cur):\n    cur.execute('CREATE TABLE feed_stats (id int)'"
        ".replace('feed_stats', '\"FeedStat\"'))\n",
        [
            sys.executable,
            "-c",
            "print('CREATE TABLE feed_stats (id int)'.replace('feed_stats', '\"FeedStat\"'))",
        ],
    ),
    "javascript": (
        "src/boot.js",
        "export async function boot(db) {\n  await db.query('CREATE TABLE feed_stats (id int)'"
        ".replaceAll('feed_stats', '\"FeedStat\"'));\n}\n",
        [
            "node",
            "-e",
            "console.log('CREATE TABLE feed_stats (id int)'.replaceAll("
            "'feed_stats', '\"FeedStat\"'))",
        ],
    ),
    "typescript-first-match": (
        "src/boot.ts",
        "export async function boot(db: Db) {\n  await db.query('CREATE TABLE feed_stats (id int, "
        "feed_stats_id int)'.replace('feed_stats', '\"FeedStat\"'));\n}\n",
        [
            "node",
            "-e",
            "console.log('CREATE TABLE feed_stats (id int, feed_stats_id int)'"
            ".replace('feed_stats', '\"FeedStat\"'))",
        ],
    ),
    "php": (
        "app/Boot.php",
        "<?php\nfunction boot($db) {\n    $db->exec(str_replace('feed_stats', '\"FeedStat\"', "
        "'CREATE TABLE feed_stats (id int)'));\n}\n",
        [
            "php",
            "-r",
            "echo str_replace('feed_stats', '\"FeedStat\"', 'CREATE TABLE feed_stats (id int)');",
        ],
    ),
    "rust": (
        "src/boot.rs",
        'fn boot(c: &Client) { c.execute(&"CREATE TABLE feed_stats (id int)"'
        '.replace("feed_stats", "\\"FeedStat\\""), &[]); }\n',
        [],  # str::replace: every match (the Rust docs)
    ),
    "go": (
        "cmd/boot.go",
        "package main\n\nfunc boot() {\n\tdb.Exec(strings.ReplaceAll(" + DDL + ', "feed_stats", '
        '`"FeedStat"`))\n}\n',
        [],  # strings.ReplaceAll: every match (the Go docs)
    ),
}


@pytest.mark.parametrize("case", sorted(APP))
def test_the_computed_statement_is_the_languages(case: str) -> None:
    path, code, oracle = APP[case]
    (string,) = ddl_strings(path, code)
    assert '"FeedStat"' in string.text
    if oracle and shutil.which(oracle[0]) is not None:
        ran = subprocess.run(oracle, capture_output=True, text=True, check=True, timeout=60)
        assert string.text == ran.stdout.strip()


@pytest.mark.parametrize("case", sorted(APP))
def test_application_code_rewriting_ddl_is_judged_as_it_runs(root: Path, case: str) -> None:
    """The name the code makes (``"FeedStat"``) is judged; one it builds from
    a variable is DBN013 (refused in a new string), not the literal's."""
    path, code, _ = APP[case]
    adopted_repo(root, {LIST: HEAD + TAIL}, f"paths: [{LIST}]\ndialect: postgres\n")
    got, names, _ = staged_gate(root, path, code)
    assert (got, names) == (1, ["FeedStat"])
    variable = code.replace("'\"FeedStat\"'", "$name" if case == "php" else "name")
    variable = variable.replace('"\\"FeedStat\\""', "name").replace('`"FeedStat"`', "name")
    got, names, said = staged_gate(root, path, variable)
    assert (got, names) == (1, [])
    assert ("DBN013", "error") in said


def test_trimming_blanks_is_no_rewrite() -> None:
    """``.strip()`` and ``strings.TrimSpace`` change no name: read as written."""
    for path, code in [
        ("a.py", 'cur.execute("""\n  CREATE TABLE "Bad" (id int)\n""".strip())\n'),
        ("a.go", 'db.Exec(strings.TrimSpace(`CREATE TABLE "Bad" (id int)`))\n'),
    ]:
        (string,) = ddl_strings(path, code)
        assert (string.laid, string.holes) == (False, ())


def test_an_applied_step_wrapped_in_a_run_time_rewrite_is_dbn025(root: Path) -> None:
    """The committed literal is kept, but the step now runs what the code
    makes of it: an edit of applied history, as an edit of its text."""
    applied = HEAD + _step(DDL) + TAIL
    adopted_repo(root, {LIST: applied}, f"paths: [{LIST}]\ndialect: postgres\n")
    wrapped = HEAD + _step(f'strings.ReplaceAll({DDL}, "feed_stats", name)') + TAIL
    code, _names, said = staged_gate(root, LIST, wrapped)
    assert code == 1
    assert ("DBN025", "error") in said
