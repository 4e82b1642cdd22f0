"""A DDL string joined by the language's own operator is one string (trial s41 teslamate).

The gate joined string pieces only with ``+``, ``.`` or nothing between. So
in an Ecto migration ``execute("ALTER TABLE drives " <> "ADD COLUMN
\\"MaxSpeed\\" integer")`` made no statement (the first piece alone adds
nothing, the second opens none) and the commit passed with ``MaxSpeed``
unjudged; so did Ruby's ``"..." << "..."``, Julia's ``"..." * "..."``, C++'s
``q << "..." << "..."`` and adjacent pieces over a ``\\`` line continuation
(Python, Ruby), while a first piece that is itself an unfinished statement
was refused (``DBN013``) though every word of it is written.

Oracles: real git for the gate (``check --base HEAD`` and ``--pre-commit``
agree: :func:`check_json.new_file_errors`); real Python and real g++ join
their pieces (the program prints the statement read); Elixir's ``Kernel.<>/2``
("Concatenates two binaries"), Ruby's ``String#<<`` ("Appends the given
object to self") and Julia's ``*(s::AbstractString...)`` ("Concatenate
strings") for those three, whose runtimes are not on the machine.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from check_json import assert_edit_passes, new_file_errors
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "CREATE TABLE drives (id bigserial PRIMARY KEY);\nCREATE TABLE positions (id bigint);\n"
ECTO = "priv/repo/migrations/20260901000000_add_max_speed.exs"


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {"dbnamelint.yaml": "paths: [db]\ndialect: postgres\n", "db/schema.sql": SCHEMA}
    return committed_repo(tmp_path / "app", files, monkeypatch)


def _ecto(up: str) -> str:
    return (
        "defmodule TeslaMate.Repo.Migrations.AddMaxSpeed do\n  use Ecto.Migration\n\n"
        f"  def up do\n{up}  end\n\n  def down do\n  end\nend\n"
    )


def test_elixir_pieces_joined_by_concat_are_one_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = _ecto(
        '    execute("ALTER TABLE drives " <> "ADD COLUMN \\"MaxSpeed\\" integer")\n'
        "    execute(\n"
        '      "CREATE INDEX \\"PositionsByCar\\" " <>\n'
        '        "ON positions (id)"\n'
        "    )\n"
    )
    # MaxSpeed at line 5; the index, written whole in its two pieces, at line 7
    # (it was DBN013: its first piece ends before the statement does)
    assert new_file_errors(root, ECTO, text) == [("DBN201", 5), ("DBN301", 7)]


def test_elixir_names_the_code_joins_in_are_refused_and_honest_joins_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    built = _ecto(
        '    col = "MaxSpeed"\n'
        '    execute("ALTER TABLE drives ADD COLUMN " <> col <> " integer")\n'
        '    execute("ALTER TABLE drives " <> "ADD COLUMN x_" <> @suffix)\n'
    )
    assert new_file_errors(root, ECTO, built) == [("DBN013", 6), ("DBN013", 7)]
    honest = _ecto(
        '    execute("ALTER TABLE drives " <> "ADD COLUMN max_speed integer")\n'
        '    execute("CREATE INDEX positions_id_index " <>\n      "ON positions (id)")\n'
    )
    assert_edit_passes(root, ECTO, honest)


RUBY = """class Speed
  def add(conn)
    conn.execute("ALTER TABLE drives " << "ADD COLUMN \\"RbShovel\\" integer")
    conn.execute("ALTER TABLE drives " \\
      "ADD COLUMN \\"RbCont\\" integer")
    conn.execute(<<~SQL)
      CREATE INDEX "RbHeredoc" ON positions (id)
    SQL
  end
end
"""


def test_ruby_shovel_and_line_continuation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    # the heredoc (a `<<~` that is no join) is read as before
    assert new_file_errors(root, "app/models/speed.rb", RUBY) == [
        ("DBN201", 3),
        ("DBN201", 5),
        ("DBN301", 7),
    ]


PYTHON = (
    'def add(cur):\n    cur.execute("ALTER TABLE drives " \\\n'
    '        "ADD COLUMN \\"PyCol\\" integer")\n'
)


def test_python_line_continuation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # real Python joins the two pieces into one statement
    call = next(n for n in ast.walk(ast.parse(PYTHON)) if isinstance(n, ast.Call))
    joined = ast.literal_eval(call.args[0])
    assert joined == 'ALTER TABLE drives ADD COLUMN "PyCol" integer'
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, "app/speed.py", PYTHON) == [("DBN201", 3)]


JULIA = (
    "function add(conn)\n"
    '    execute(conn, "ALTER TABLE drives " * "ADD COLUMN \\"JlStar\\" integer")\nend\n'
)


def test_julia_star(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, "src/speed.jl", JULIA) == [("DBN201", 2)]


CPP = """#include <iostream>
#include <sstream>
int main() {
  std::ostringstream q;
  q << "ALTER TABLE drives " << "ADD COLUMN \\"CppCol\\" integer";
  std::cout << q.str();
  return 0;
}
"""


@pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
def test_cpp_stream_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "speed.cpp"
    source.write_text(CPP)
    subprocess.run(["g++", "-o", str(tmp_path / "speed"), str(source)], check=True)
    out = subprocess.run([str(tmp_path / "speed")], capture_output=True, text=True, check=True)
    assert out.stdout == 'ALTER TABLE drives ADD COLUMN "CppCol" integer'
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, "src/speed.cpp", CPP) == [("DBN201", 5)]


PERL = """sub up {
    my ($dbh) = @_;
    $dbh->do('ALTER TABLE ' . $dbh->quote_identifier('drives') . ' ADD COLUMN "PlCol" integer');
}
1;
"""
#: A stand-in handle: DBI's quote_identifier quotes the name, do runs the SQL (here prints it).
PERL_RUN = """package Db; sub quote_identifier { return '"' . $_[1] . '"' } sub do { print $_[1] }
package main; require './up.pl'; up(bless {}, 'Db');
"""


@pytest.mark.skipif(shutil.which("perl") is None, reason="perl is not installed")
def test_perl_dot_around_a_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Perl concatenates with ``.`` as PHP does: a call joined in between two
    pieces (DBI's ``quote_identifier``) left the whole string unread."""
    (tmp_path / "up.pl").write_text(PERL)
    out = subprocess.run(
        ["perl", "-e", PERL_RUN], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout == 'ALTER TABLE "drives" ADD COLUMN "PlCol" integer'
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, "lib/up.pl", PERL) == [("DBN201", 3)]
