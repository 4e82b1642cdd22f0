"""A Python string built from the file's own string constants is computed
(session 37 H3).

``TABLE = "users"`` ... ``cur.execute(f"ALTER TABLE {TABLE} ADD COLUMN
badCol int")`` runs one statement whatever happens at run time when
``TABLE`` is bound once in the whole file: the gate read the field as a
hole and refused the new string (``DBN013``) though it can judge it. Now
its SQL is computed as Python computes it (an f-string's fields with
``!r``/a spec, ``+``, implicit concatenation) and judged; a name bound
otherwise too (twice, in a function, ``global``, an argument, a star
import) or anything not a literal stays built at run time, ``DBN013``.

Oracle: ``python3`` runs each case's code with a cursor that records what
it executes; real git for the gate.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from check_json import check_json
from dbnamelint.code_ddl_text import ddl_strings
from git_helpers import adopted_repo, git, git_workdir

#: Computed: (module-level code, the statement the function runs)
COMPUTED = {
    "f-string": ('TABLE = "users"\n', 'f"ALTER TABLE {TABLE} ADD COLUMN badCol int"'),
    "annotated": ('TABLE: str = "users"\n', 'f"ALTER TABLE {TABLE} ADD COLUMN badCol int"'),
    "two-fields-implicit": (
        'TABLE = "users"\nCOLUMN = "badCol"\n',
        'f"ALTER TABLE {TABLE} "\n        f"ADD COLUMN {COLUMN} int"',
    ),
    "plus": ('TABLE = "users"\n', '"ALTER TABLE " + TABLE + " ADD COLUMN badCol int"'),
    "repr-conversion": (
        'TABLE = "users"\nEMPTY = "none"\n',
        'f"ALTER TABLE {TABLE} ADD COLUMN badCol text DEFAULT {EMPTY!r}"',
    ),
    "format-spec": ('TABLE = "users"\n', 'f"ALTER TABLE {TABLE:>8} ADD COLUMN badCol int"'),
    "triple-quoted": (
        'TABLE = "users"\n',
        'f"""\n        ALTER TABLE {TABLE}\n        ADD COLUMN badCol int\n    """',
    ),
}
#: Left built at run time: (module-level code, the statement, code after the function)
BUILT = {
    "bound-twice": ('TABLE = "users"\nTABLE = "people"\n', "", ""),
    "bound-in-a-function": ('TABLE = "users"\n', "", "\ndef other():\n    TABLE = 'x'\n"),
    "global": ('TABLE = "users"\n', "", "\ndef other():\n    global TABLE\n"),
    "argument": ('TABLE = "users"\n', "", "\ndef other(TABLE):\n    return TABLE\n"),
    "star-import": ('from os.path import *\nTABLE = "users"\n', "", ""),
    "not-a-literal": ('TABLE = "users".upper()\n', "", ""),
    "not-module-level": ('if True:\n    TABLE = "users"\n', "", ""),
    "attribute": (
        "import types\nT = types.SimpleNamespace(TABLE='users')\n",
        'f"CREATE TABLE {T.TABLE} (id int)"',
        "",
    ),
}
STATEMENT = 'f"CREATE TABLE {TABLE} (id int)"'
#: What the gate reads: a created name in the field (a hole there was DBN013)
GATE = {
    "f-string": 'f"CREATE TABLE {TABLE} (id int)"',
    "plus": '"CREATE TABLE " + TABLE + " (id int)"',
    "implicit": 'f"CREATE TABLE {TABLE}" " (id int)"',
}


def _file(module: str, statement: str, after: str = "") -> str:
    return f"{module}\n\ndef boot(cur):\n    cur.execute({statement})\n{after}"


def _run(code: str, call: str = "boot(_Cur())") -> str:
    """What ``call`` (``boot(cur)``) executes when python3 runs ``code``."""
    probe = (
        code + "\n\nclass _Cur:\n    def execute(self, sql):\n        print(sql, end='')\n\n"
        f"{call}\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.parametrize("case", sorted(COMPUTED))
def test_a_string_of_the_files_constants_is_what_python_runs(case: str) -> None:
    code = _file(*COMPUTED[case])
    (string,) = ddl_strings("app/boot.py", code)
    assert string.holes == ()
    assert string.text.split() == _run(code).split()


@pytest.mark.parametrize("case", sorted(BUILT))
def test_anything_else_stays_built_at_run_time(case: str) -> None:
    module, statement, after = BUILT[case]
    code = _file(module, statement or STATEMENT, after)
    (string,) = ddl_strings("app/boot.py", code)
    assert string.holes, case
    # Python runs each all the same: the gate just cannot know it
    assert _run(code).startswith("CREATE TABLE ") and _run(code).endswith(" (id int)")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_workdir(tmp_path / "app", monkeypatch)


def test_the_gate_judges_the_computed_statement(root: Path) -> None:
    adopted_repo(root, {"db/001_init.sql": "CREATE TABLE users (id int);\n"}, "dialect: postgres\n")
    path = "app/boot.py"
    (root / "app").mkdir()
    for case in sorted(GATE):
        # a good name: passes (it was refused as built at run time, DBN013)
        good = _file('TABLE = "audit_events"\n', GATE[case])
        assert _run(good) == "CREATE TABLE audit_events (id int)"
        (root / path).write_text(good, encoding="utf-8")
        git(root, "add", "-A")
        code, found, said = check_json("--pre-commit")
        assert (code, found, [d["code"] for d in said]) == (0, [], []), case
        # a bad one: judged, the name Python's statement creates
        (root / path).write_text(_file('TABLE = "AuditEvents"\n', GATE[case]), encoding="utf-8")
        git(root, "add", "-A")
        code, found, said = check_json("--pre-commit")
        assert [d["code"] for d in said if d["path"] == path] == [], case
        assert code == 1 and {f[1] for f in found} == {"AuditEvents"}, (case, found)
    for case in sorted(BUILT):
        module, statement, after = BUILT[case]
        (root / path).write_text(_file(module, statement or STATEMENT, after), encoding="utf-8")
        git(root, "add", "-A")
        code, found, said = check_json("--pre-commit")
        codes = sorted({(str(d["code"]), str(d["severity"])) for d in said if d["path"] == path})
        assert (code, codes) == (1, [("DBN013", "error")]), (case, found, said)
