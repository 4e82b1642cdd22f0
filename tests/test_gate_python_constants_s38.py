"""Class constants, ``%`` and ``.format()`` of constants are computed (session 38 G2).

s37 computed a Python string built from module-level constants (an
f-string's fields, ``+``); a class attribute (``class T: NAME = "users"``
used as ``T.NAME``/``self.NAME``/``cls.NAME``) and ``%``-formatting or
``.format()`` of constants and literals stayed holes: ``DBN013``, a
refusal of a string the gate can judge. Now each is computed as Python
computes it when certain; an attribute bound again (``self.NAME = ...``,
``setattr``), a class another of the file derives from, a value not known
stays built at run time.

Oracle: ``python3`` runs each case's code with a cursor recording what it
executes; real git for the gate.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from check_json import check_json
from dbnamelint.code_ddl_text import ddl_strings
from git_helpers import adopted_repo, git, git_workdir
from test_gate_python_constants_s37 import _run as run_boot

#: (class body or module code, what boot() executes; `self` is a T)
COMPUTED = {
    "class-attribute": ('    NAME = "users"\n', 'f"ALTER TABLE {T.NAME} ADD COLUMN badCol int"'),
    "self-attribute": ('    NAME = "users"\n', 'f"ALTER TABLE {self.NAME} ADD COLUMN badCol int"'),
    "cls-attribute": (
        '    NAME = "users"\n\n    @classmethod\n    def sql(cls):\n'
        '        return "ALTER TABLE " + cls.NAME + " ADD COLUMN badCol int"\n',
        "self.sql()",
    ),
    "percent": ("", '"ALTER TABLE %s ADD COLUMN badCol int" % TABLE'),
    "percent-tuple": ("", '"ALTER TABLE %s ADD COLUMN %s int" % (TABLE, "badCol")'),
    "percent-mapping-free": ("", '"ALTER TABLE %-8s ADD COLUMN badCol int" % (TABLE,)'),
    "format": ("", '"ALTER TABLE {} ADD COLUMN badCol int".format(TABLE)'),
    "format-keyword": ("", '"ALTER TABLE {t} ADD COLUMN {c} int".format(t=TABLE, c="badCol")'),
    "format-class": ('    NAME = "users"\n', '"ALTER TABLE {0} ADD {0}_x int".format(self.NAME)'),
    "percent-of-f-string": ('    NAME = "users"\n', 'f"ALTER TABLE {self.NAME} ADD %s int" % "x"'),
}
#: Left built at run time (DBN013): (class body, statement, code after the class)
BUILT = {
    "rebound-on-self": (
        '    NAME = "users"\n\n    def rename(self):\n        self.NAME = "people"\n',
        'f"CREATE TABLE {self.NAME} (id int)"',
        "",
    ),
    "setattr": (
        '    NAME = "users"\n',
        'f"CREATE TABLE {T.NAME} (id int)"',
        "setattr(T, 'NAME', 'x')\n",
    ),
    "derived": (
        '    NAME = "users"\n',
        'f"CREATE TABLE {self.NAME} (id int)"',
        'class U(T):\n    NAME = "people"\n',
    ),
    "bound-twice": (
        '    NAME = "users"\n    NAME = "people"\n',
        'f"CREATE TABLE {T.NAME} (id int)"',
        "",
    ),
    "enum-member": (
        '    NAME = "users"\n',
        'f"CREATE TABLE {E.NAME} (id int)"',
        "import enum\n\n\nclass E(enum.Enum):\n    NAME = 'users'\n",
    ),
    "percent-unknown": ('    NAME = "users"\n', '"CREATE TABLE %s (id int)" % self.name()', ""),
    "format-unknown": ('    NAME = "users"\n', '"CREATE TABLE {} (id int)".format(OTHER)', ""),
}


def _file(body: str, statement: str, after: str = "") -> str:
    return (
        'import os\n\nTABLE = "users"\nOTHER = os.environ.get("X", "users")\n\n\n'
        f"class T:\n{body}\n    def name(self):\n        return 'users'\n\n"
        f"    def boot(self, cur):\n        cur.execute({statement})\n\n\n{after}"
    )


def _run(code: str) -> str:
    """What ``T().boot(cur)`` executes when python3 runs ``code``."""
    return run_boot(code, "T().boot(_Cur())")


@pytest.mark.parametrize("case", sorted(COMPUTED))
def test_what_python_computes_is_read(case: str) -> None:
    code = _file(*COMPUTED[case])
    (string,) = ddl_strings("app/boot.py", code)
    assert string.holes == (), case
    assert string.text.split() == _run(code).split()


@pytest.mark.parametrize("case", sorted(BUILT))
def test_anything_else_stays_built_at_run_time(case: str) -> None:
    code = _file(*BUILT[case])
    (string,) = ddl_strings("app/boot.py", code)
    assert string.holes, case
    assert _run(code).startswith("CREATE TABLE ")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_workdir(tmp_path / "app", monkeypatch)


def test_the_gate_judges_the_computed_statement(root: Path) -> None:
    adopted_repo(root, {"db/001_init.sql": "CREATE TABLE users (id int);\n"}, "dialect: postgres\n")
    path = "app/boot.py"
    (root / "app").mkdir()
    forms = (
        ('    NAME = "{}"\n', 'f"CREATE TABLE {self.NAME} (id int)"'),
        ("", '"CREATE TABLE %s (id int)" % TABLE'),
        ("", '"CREATE TABLE {} (id int)".format(TABLE)'),
    )
    for body, statement in forms:
        for name, want in (("audit_events", set()), ("AuditEvents", {"AuditEvents"})):
            code = _file(body.format(name), statement).replace(
                'TABLE = "users"', f'TABLE = "{name}"'
            )
            assert _run(code) == f"CREATE TABLE {name} (id int)"
            (root / path).write_text(code, encoding="utf-8")
            git(root, "add", "-A")
            status, found, said = check_json("--pre-commit")
            assert [d["code"] for d in said if d["path"] == path] == [], (statement, said)
            assert (status, {f[1] for f in found}) == (int(bool(want)), want), (statement, found)
