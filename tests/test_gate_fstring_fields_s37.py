"""A Python f-string's replacement fields are holes whole, however they are
written (session 37 G2): a field nesting braces (``{'a' + f'{x}'}``,
``{x:{width}}``, ``{dict(a={'k': 1})}``), one spanning lines in a
triple-quoted f-string, and one holding the f-string's own quote (Python
3.12, PEP 701: ``f"{d["k"]}"``) ended at the first brace, line break or
quote, the rest read as SQL: a DBN004 error ("found '{'") on a statement the
code builds, or for the PEP 701 form, a literal cut short. Each is now the
``DBN013`` note (an error in the gate for a new string), never DBN004.

Oracle: Python's own parser (``ast``: a ``JoinedStr``'s ``Constant`` parts
are the text outside the fields) for the literal text around the holes; the
PEP 701 form by its documentation where Python is older than 3.12;
``.format()``'s by ``string.Formatter().parse``; C#'s interpolated strings
(a quoted string in a field, ``$@"..."``) by the C# reference. Real git
for the gate.
"""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path
from string import Formatter

import pytest

from check_json import check_json
from dbnamelint.code_ddl_text import DdlString, ddl_strings
from git_helpers import adopted_repo, git, git_workdir

#: An f-string a statement runs: (its expression, whether Python here parses it).
FIELDS = {
    "nested-f-string": (""" f"CREATE TABLE {'a' + f'{x}'} (id int)" """, True),
    "item": (""" f"CREATE TABLE {d['k']} (id int)" """, True),
    "conversion-and-spec": (""" f"CREATE TABLE {x!r:>10} (id int)" """, True),
    "nested-spec": (""" f"CREATE TABLE t_{x:{width}} (id int)" """, True),
    "dict-in-call": (""" f"CREATE TABLE {dict(a={'k': 1})['a']} (id int)" """, True),
    "over-lines": ('f"""\n    CREATE TABLE {\n        table_name\n    } (id int)\n"""', True),
    "item-over-lines": ('f"""CREATE TABLE {names[\n    \'a\']} (id int)"""', True),
    "escaped-brace-beside": (""" f"CREATE TABLE {x} (j text DEFAULT '{{}}')" """, True),
    "own-quote-pep701": (' f"CREATE TABLE {d["k"]} (id int)" ', sys.version_info >= (3, 12)),
}


def _code(expression: str) -> str:
    return (
        f"def boot(cur, x, d, width, names, table_name):\n    cur.execute({expression.strip()})\n"
    )


def _around(string: DdlString) -> list[str]:
    """The SQL text of a one-piece string outside its holes, in order."""
    start = string.pieces[0][0]
    parts, at = [], 0
    for a, b in sorted(string.holes):
        parts.append(string.text[at : a - start])
        at = b - start
    parts.append(string.text[at:])
    return [p for p in parts if p]


@pytest.mark.parametrize("case", sorted(FIELDS))
def test_each_field_is_one_hole_and_the_text_around_it_is_pythons(case: str) -> None:
    expression, parses = FIELDS[case]
    code = _code(expression)
    (string,) = ddl_strings("app/boot.py", code)
    assert string.holes, string
    ours = [p.replace("{{", "{").replace("}}", "}") for p in _around(string)]
    if not parses:  # PEP 701 (Python 3.12): by its documentation
        assert ours == ["CREATE TABLE ", " (id int)"]
        return
    (call,) = [n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.JoinedStr)][:1]
    python = [v.value for v in call.values if isinstance(v, ast.Constant)]
    assert ours == python


#: Other strings whose fields nest or hold quotes: (path, code, the SQL text
#: around the holes, by each language's documentation, or Python's own
#: ``string.Formatter().parse`` for ``.format()``).
OTHERS = {
    "format-nested-spec": (
        "app/boot.py",
        'cur.execute("CREATE TABLE t_{:{w}} (id int)".format(x, w=3))\n',
        ["CREATE TABLE t_", " (id int)"],
    ),
    # Python 3.14's template string: psycopg fills its fields (PEP 750)
    "t-string": (
        "app/boot.py",
        'def boot(cur, name):\n    cur.execute(t"CREATE TABLE {name} (id int)")\n',
        ["CREATE TABLE ", " (id int)"],
    ),
    "csharp-quote-in-field": (
        "App/Boot.cs",
        'class A { void B() { db.Execute($"CREATE TABLE {(x ? "a" : "b")} (id int)"); } }\n',
        ["CREATE TABLE ", " (id int)"],
    ),
    "csharp-verbatim-interpolated": (
        "App/Boot.cs",
        'class A { void B() { db.Execute($@"CREATE TABLE {name} (id int)"); } }\n',
        ["CREATE TABLE ", " (id int)"],
    ),
}


@pytest.mark.parametrize("case", sorted(OTHERS))
def test_other_fields_are_one_hole_each(case: str) -> None:
    path, code, around = OTHERS[case]
    (string,) = ddl_strings(path, code)
    assert _around(string) == around
    if case.startswith("format"):
        literal = code[code.index('"') + 1 : code.index('".format')]
        assert [text for text, *_ in Formatter().parse(literal) if text] == around


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_workdir(tmp_path / "app", monkeypatch)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_refuses_each_new_field_as_built_never_as_unparsed(root: Path) -> None:
    adopted_repo(root, {"db/001_init.sql": "CREATE TABLE feeds (id int);\n"}, "dialect: postgres\n")
    written = [("app/boot.py", _code(expression)) for expression, _ in FIELDS.values()]
    for case, (path, text) in enumerate(written + [(p, c) for p, c, _ in OTHERS.values()]):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
        git(root, "add", "-A")
        code, found, said = check_json("--pre-commit", "--verbose")
        codes = sorted({(str(d["code"]), str(d["severity"])) for d in said if d["path"] == path})
        assert (code, found, codes) == (1, [], [("DBN013", "error")]), case
