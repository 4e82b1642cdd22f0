"""A DDL literal given a name that a rewriting call then takes is judged as
it runs when its uses decide it (session 37 G1): ``q := "CREATE TABLE Foo
(id int)"; q = strings.ReplaceAll(q, "Foo", "BarBaz"); db.Exec(q)`` was
always ``DBN013`` (built at run time) though every input is a literal, and
PHP's ``$q = '...'; ... str_replace(..., $q)`` was read as written (its
``$`` name never matched: the rewrite unseen, a silent pass).

Decidable: the rewrite in the literal's own block (straight-line code), or a
rewriting call being the only use. Not decidable, ``DBN013`` as before: a
rewrite in a branch (two branches, or one), a use of the name before the
rewrite, a ``+=``, a variable input, two rewrites making two texts.

Oracles: each language's runtime where installed runs the code with a fake
database handle printing what it is given (python, php, node); Go (not
installed here) by its documentation (``strings.ReplaceAll`` every match,
``ToUpper``, a ``Replacer``). Real git for what the change adds.
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

SQL = "CREATE TABLE Foo (id int)"


def _go(body: str) -> str:
    return f"package main\n\nfunc boot(x bool) {{\n{body}\n}}\n"


#: (path, code, its statement by the language's runtime: the command printing
#: it, None where the runtime is not installed here, with Go's value by its docs).
COMPUTED: dict[str, tuple[str, str, list[str] | str]] = {
    "go-var": (
        "cmd/boot.go",
        _go(f'\tq := "{SQL}"\n\tq = strings.ReplaceAll(q, "Foo", "BarBaz")\n\tdb.Exec(q)'),
        "CREATE TABLE BarBaz (id int)",
    ),
    "go-const": (
        "cmd/boot.go",
        f'package main\n\nconst q = "{SQL}"\n\nfunc boot() {{\n'
        '\tdb.Exec(strings.ReplaceAll(q, "Foo", "BarBaz"))\n}\n',
        "CREATE TABLE BarBaz (id int)",
    ),
    "go-const-block": (
        "cmd/boot.go",
        f'package main\n\nconst (\n\tq = "{SQL}"\n)\n\nfunc boot() {{\n'
        '\tdb.Exec(strings.ReplaceAll(q, "Foo", "BarBaz"))\n}\n',
        "CREATE TABLE BarBaz (id int)",
    ),
    "go-two-steps": (
        "cmd/boot.go",
        _go(
            f'\tq := "{SQL}"\n\tif x {{\n\t\tlog.Print("x")\n\t}}\n'
            '\tq = strings.ReplaceAll(q, "Foo", "bar_baz")\n\tq = strings.ToUpper(q)\n\tdb.Exec(q)'
        ),
        "CREATE TABLE BAR_BAZ (ID INT)",
    ),
    "go-replacer": (
        "cmd/boot.go",
        _go(f'\tq := "{SQL}"\n\tq = strings.NewReplacer("Foo", "BarBaz").Replace(q)\n\tdb.Exec(q)'),
        "CREATE TABLE BarBaz (id int)",
    ),
    "python": (
        "app/boot.py",
        f'def boot(cur, x=True):\n    q = "{SQL}"\n    if x:\n        pass\n'
        '    q = q.replace("Foo", "BarBaz")\n    cur.execute(q)\n',
        [
            sys.executable,
            "-c",
            "{code}\nclass C:\n    def execute(self, s):\n        print(s)\nboot(C())\n",
        ],
    ),
    "php": (
        "app/Boot.php",
        f"<?php\nfunction boot($db) {{\n    $q = '{SQL}';\n"
        "    $q = str_replace('Foo', 'BarBaz', $q);\n    $db->exec($q);\n}\n",
        [
            "php",
            "-r",
            '{code}\nclass D { function exec($s) { echo $s, "\\n"; } }\nboot(new D());\n',
        ],
    ),
    "javascript": (
        "src/boot.js",
        f"async function boot(db) {{\n  const q = '{SQL}';\n"
        "  await db.query(q.replaceAll('Foo', 'BarBaz'));\n}\n",
        ["node", "-e", "{code}\nboot({ query: async (s) => console.log(s) });\n"],
    ),
}


def _ran(code: str, oracle: list[str]) -> str | None:
    """What the code gives the database handle, by its own runtime; None when
    the runtime is not installed."""
    if shutil.which(oracle[0]) is None and oracle[0] != sys.executable:
        return None
    run = [part.replace("{code}", code.removeprefix("<?php\n")) for part in oracle]
    done = subprocess.run(run, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.strip()


@pytest.mark.parametrize("case", sorted(COMPUTED))
def test_a_named_literal_rewritten_from_literals_is_the_statement_that_runs(case: str) -> None:
    path, code, oracle = COMPUTED[case]
    (string,) = ddl_strings(path, code)
    assert string.holes == ()
    expected = oracle if isinstance(oracle, str) else _ran(code, oracle)
    if expected is None:
        pytest.skip(f"{oracle[0]} is not installed")
    assert string.text == expected


#: A Go function's body where the statement the name runs is not decided.
UNDECIDED = {
    "two-branches": f'\tq := "{SQL}"\n\tif x {{\n\t\tq = strings.ReplaceAll(q, "Foo", "A")\n'
    '\t} else {\n\t\tq = strings.ReplaceAll(q, "Foo", "B")\n\t}\n\tdb.Exec(q)',
    "one-branch": f'\tq := "{SQL}"\n\tif x {{\n\t\tq = strings.ReplaceAll(q, "Foo", "A")\n'
    "\t}\n\tdb.Exec(q)",
    "same-line-branch": f'\tq := "{SQL}"\n\tif x {{ q = strings.ReplaceAll(q, "Foo", "A") }}\n'
    "\tdb.Exec(q)",
    "loop": f'\tq := "{SQL}"\n\tfor _, n := range names {{\n'
    '\t\tq = strings.ReplaceAll(q, "Foo", "A")\n\t}\n\tdb.Exec(q)',
    "used-before": f'\tq := "{SQL}"\n\tdb.Exec(q)\n\tq = strings.ReplaceAll(q, "Foo", "A")\n'
    "\tdb.Exec(q)",
    "variable-input": f'\tq := "{SQL}"\n\tq = strings.ReplaceAll(q, "Foo", name)\n\tdb.Exec(q)',
    "added-to": f'\tq := "{SQL}"\n\tq += " x"\n\tq = strings.ReplaceAll(q, "Foo", "A")\n'
    "\tdb.Exec(q)",
    "two-rewrites": f'\tq := "{SQL}"\n\tdb.Exec(strings.ReplaceAll(q, "Foo", "A"))\n'
    '\tdb.Exec(strings.ReplaceAll(q, "Foo", "B"))',
    "more-than-the-name": f'\tq := "{SQL}"\n\tdb.Exec(strings.ReplaceAll(q + " x", "Foo", "A"))',
}


@pytest.mark.parametrize("case", sorted(UNDECIDED))
def test_a_named_literal_not_decided_stays_built_at_run_time(case: str) -> None:
    (string,) = ddl_strings("cmd/boot.go", _go(UNDECIDED[case]))
    assert string.holes, string
    assert string.text == SQL


def test_a_php_named_literal_rewritten_at_run_time_is_not_read_as_written() -> None:
    """``$q``: its rewrite was unseen, the literal read as written (silent)."""
    code = (
        f"<?php\nfunction boot($db, $name) {{\n    $q = '{SQL}';\n"
        "    $db->exec(str_replace('Foo', $name, $q));\n}\n"
    )
    (string,) = ddl_strings("app/Boot.php", code)
    assert string.holes


@pytest.mark.parametrize(
    ("path", "code"),
    [
        (
            "src/boot.js",
            f"async function boot(db, x) {{\n  let q = '{SQL}';\n  if (x)\n"
            "    q = q.replace('Foo', 'A');\n  await db.query(q);\n}\n",
        ),
        (
            "app/Boot.php",
            f"<?php\nfunction boot($db, $x) {{\n    $q = '{SQL}';\n    if ($x)\n"
            "        $q = str_replace('Foo', 'A', $q);\n    $db->exec($q);\n}\n",
        ),
    ],
    ids=["javascript", "php"],
)
def test_a_rewrite_as_a_braceless_branch_is_not_decided(path: str, code: str) -> None:
    (string,) = ddl_strings(path, code)
    assert string.holes


def test_a_python_rewrite_in_a_branch_is_not_decided() -> None:
    code = f'def boot(cur, x):\n    q = "{SQL}"\n    if x:\n        q = q.replace("Foo", "A")\n'
    (string,) = ddl_strings("app/boot.py", code + "    cur.execute(q)\n")
    assert string.holes


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_workdir(tmp_path / "app", monkeypatch)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_judges_the_name_a_named_rewrite_makes(root: Path) -> None:
    """Was a DBN013 error whatever the name: now the name is judged, a good
    one passes, and an undecided rewrite is still refused."""
    path = "cmd/boot.go"
    adopted_repo(root, {"db/001_init.sql": "CREATE TABLE feeds (id int);\n"}, "dialect: postgres\n")
    body = (
        '\tq := "CREATE TABLE feed_stats (id int)"\n\tq = strings.ReplaceAll(q, "feed_stats", {})\n'
    )
    bad = _go(body.format('`"FeedStat"`') + "\tdb.Exec(q)")
    assert staged_gate(root, path, bad)[:2] == (1, ["FeedStat"])
    good = _go(body.format('"feed_stat_sets"') + "\tdb.Exec(q)")
    assert staged_gate(root, path, good) == (0, [], [])
    branch = _go(
        '\tq := "CREATE TABLE feed_stats (id int)"\n\tif x {\n'
        '\t\tq = strings.ReplaceAll(q, "feed_stats", "feed_stat_sets")\n\t}\n\tdb.Exec(q)'
    )
    code, names, said = staged_gate(root, path, branch)
    assert (code, names) == (1, [])
    assert ("DBN013", "error") in said
