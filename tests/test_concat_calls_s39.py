"""A string concatenated with a call holding quoted arguments (trial s39 wallabag).

wallabag's Doctrine migrations write every statement as
``'ALTER TABLE ' . $this->getTable('entry') . ' ADD c INT'``: the chain of
pieces stopped at the call (its ``'entry'`` is a literal), so the first
piece was read alone (``DBN004: expected a table name``, 209 input errors
on adoption), the pieces after the call were no part of any string (an edit
of an applied migration there passed the gate), and in other languages
``"ALTER TABLE " + quote("t") + " ADD c"`` was no DDL string at all (a new
one in application code passed the gate unread).

Oracle: each language's own evaluation (PHP 8, Node, Python) of the
expression: the string read, its holes filled with what the language
computes for them, is exactly the string the code passes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from check_json import check_entries
from dbnamelint.code_ddl_text import DdlString, ddl_strings
from git_helpers import committed_repo, git

# A stand-in for a migration base class's helpers (wallabag's WallabagMigration).
PHP_HELPERS = """
class M {
    public $newName = 'entries';
    function getTable($t, $raw = false) { return $raw ? 'w_' . $t : '"w_' . $t . '"'; }
    function getIndexName($t, $c) { return 'IDX_' . strtoupper(dechex(crc32($t . $c))); }
    function params() { return ['dbname' => 'app']; }
    function run() { return [%s]; }
}
echo json_encode((new M())->run());
"""
PHP_EXPRESSIONS = [
    "'ALTER TABLE ' . $this->getTable('entry') . ' ADD bad_col INT'",
    "'CREATE INDEX ' . $this->getIndexName('entry', 'url') . ' ON '"
    " . $this->getTable('entry', true) . ' (url)'",
    '"ALTER TABLE " . $this->getTable("entry") . " RENAME COLUMN url TO link"',
    "'ALTER TABLE entry RENAME TO ' . $this->newName",
    "'CREATE TABLE tmp AS SELECT * FROM ' . $this->getTable('annotation', true)",
    "'ALTER TABLE `' . $this->params()['dbname'] . '`.entry ADD bad_col INT'",
]
JS_HELPERS = "const quote = (t) => '\"' + t + '\"'; const db = {q: (t) => 'w_' + t};\n"
JS_EXPRESSIONS = [
    "'ALTER TABLE ' + quote('entry') + ' ADD bad_col int'",
    "'CREATE INDEX idx_url ON ' + db.q('entry') + ' (url)'",
]
PY_EXPRESSIONS = ['"ALTER TABLE " + quote("entry") + " ADD bad_col int"']


def _run(argv: list[str], source: str) -> list[str]:
    if shutil.which(argv[0]) is None:
        pytest.skip(f"{argv[0]} is not installed")
    out = subprocess.run([*argv, source], capture_output=True, text=True, check=True)
    values: list[str] = json.loads(out.stdout)
    return values


def _hole_expression(text: str, a: int, b: int) -> str:
    """The hole ``text[a:b]`` (from a piece's closing quote to the next
    piece's opening one, or to the argument's end) as an expression."""
    quote = text[a]
    hole = text[a:b]
    return quote + hole + (quote if hole.endswith(quote) and len(hole) > 1 else "")


def _check_against(lang: str, expressions: list[str], evaluate: list[str]) -> None:
    """Each expression read as one string whose holes, filled with the
    language's values for them, give the language's value of the whole."""
    wrapped, path = {
        "php": ("<?php\n$this->addSql({});\n", "m.php"),
        "js": ("db.raw({});\n", "m.js"),
        "py": ("cur.execute({})\n", "m.py"),
    }[lang]
    texts = [wrapped.format(e) for e in expressions]
    holes: list[str] = []
    read: list[tuple[str, DdlString]] = []
    for text in texts:
        strings = ddl_strings(path, text)
        assert len(strings) == 1, (text, strings)
        read.append((text, strings[0]))
        holes += [_hole_expression(text, a, b) for a, b in strings[0].holes]
    values = dict(zip(holes, _evaluate(lang, holes, evaluate), strict=True))
    whole = _evaluate(lang, expressions, evaluate)
    for (text, string), expected in zip(read, whole, strict=True):
        assert string.holes, text  # the code completes it: DBN013, not a name read
        filled = string.text
        for a, b in sorted(string.holes, reverse=True):
            start = _view_offset(string, a)
            filled = filled[:start] + values[_hole_expression(text, a, b)] + filled[start + b - a :]
        assert " ".join(filled.split()) == " ".join(expected.split()), text


def _view_offset(string: DdlString, at: int) -> int:
    """Where file offset ``at`` (a hole's start) stands in ``string.text``:
    the pieces' contents and the holes' ``x`` are laid end to end."""
    offset = 0
    for (s, e), nxt in zip(string.pieces, [*string.pieces[1:], None], strict=True):
        if at == e:
            return offset + (e - s)
        offset += e - s
        if nxt is not None:
            offset += nxt[0] - e  # the hole between them, as many x
    raise AssertionError((at, string.pieces))


def _evaluate(lang: str, expressions: list[str], argv: list[str]) -> list[str]:
    if lang == "php":
        return _run(argv, PHP_HELPERS % ", ".join(expressions))
    if lang == "js":
        return _run(argv, JS_HELPERS + f"console.log(JSON.stringify([{', '.join(expressions)}]))")
    quote = lambda t: f'"{t}"'  # noqa: E731
    return [str(eval(e, {"quote": quote})) for e in expressions]


def test_php_string_with_calls_is_one_string_as_php_runs_it() -> None:
    _check_against("php", PHP_EXPRESSIONS, ["php", "-r"])


def test_js_string_with_calls_is_one_string_as_node_runs_it() -> None:
    _check_against("js", JS_EXPRESSIONS, ["node", "-e"])


def test_python_string_with_calls_is_one_string_as_python_runs_it() -> None:
    _check_against("py", PY_EXPRESSIONS, [])


CONFIG = 'paths: ["migrations/*.php"]\ndialect: postgres\n'
BASE = """<?php

namespace Application\\Migrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20200101000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $this->addSql('CREATE TABLE ' . $this->getTable('token') . ' (id INT, token TEXT)');
        $this->addSql('ALTER TABLE ' . $this->getTable('entry') . ' RENAME TO ' . $this->newName);
    }
}
"""
APPLIED = "migrations/Version20200101000000.php"


def test_check_reads_a_string_with_a_call_as_completed_by_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_repo(tmp_path / "app", {"dbnamelint.yaml": CONFIG, APPLIED: BASE}, monkeypatch)
    status, found = check_entries("--no-cache")
    # not an input error at each statement (it was DBN004: "expected a table
    # name"): a warning that the code completes the SQL, at its addSql line
    assert status == 0, found
    assert sorted((c, line, s) for c, _p, line, s, _m in found) == [
        ("DBN013", 12, "warning"),
        ("DBN013", 13, "warning"),
    ], found


def test_gate_refuses_an_edit_after_a_call_in_an_applied_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path / "app", {"dbnamelint.yaml": CONFIG, APPLIED: BASE}, monkeypatch)
    (root / APPLIED).write_text(BASE.replace("token TEXT", "BadToken TEXT"))
    git(root, "add", "-A")
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        assert [(c, p, line) for c, p, line, s, _m in found if s == "error"] == [
            ("DBN025", APPLIED, 12)
        ], found


def test_gate_refuses_new_app_code_ddl_with_a_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": 'paths: ["db"]\n', "db/001.sql": "CREATE TABLE users (id int);\n"},
        monkeypatch,
    )
    (root / "app").mkdir()
    (root / "app" / "setup.py").write_text(
        'def setup(cur):\n    cur.execute("ALTER TABLE " + quote("users") + " ADD BadCol int")\n'
    )
    git(root, "add", "-A")
    status, found = check_entries("--base", "HEAD", "--no-cache")
    # the statement is read around what the code completes (it was no DDL
    # string at all, and passed): its column is judged
    assert status == 1, found
    assert [(c, p, line) for c, p, line, s, _m in found if s == "error"] == [
        ("DBN201", "app/setup.py", 2)
    ], found
