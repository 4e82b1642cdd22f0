"""A missing optional dependency names the install the README documents (trial s18 goatmisc #4).

The PostgreSQL driver's message said ``pip install 'psycopg[binary]>=3.1'``
and the MySQL one ``pip install PyMySQL`` while the README installs the
extras (``pip install '.[postgres]'`` in a checkout, ``"dbnamelint[postgres]
@ git+..."`` from git). The oracles are the documents: each command the
message gives is one the README writes, and each extra is pyproject.toml's,
holding the driver the message names.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXTRAS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "optional-dependencies"
]


@pytest.mark.parametrize(
    ("module", "url", "extra", "driver"),
    [
        ("psycopg", "postgresql://127.0.0.1/x", "postgres", "psycopg"),
        ("pymysql", "mysql://127.0.0.1/x", "mysql", "pymysql"),
    ],
)
def test_a_missing_driver_names_the_readme_install(
    monkeypatch: pytest.MonkeyPatch, module: str, url: str, extra: str, driver: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import -> ImportError
    result = CliRunner().invoke(cli, ["inspect", "--db", url])
    assert result.exit_code == 2
    commands = re.findall(r"pip install (?:'[^']*'|\"[^\"]*\")", result.output)
    assert len(commands) == 2, result.output
    for command in commands:
        assert command in README, command  # the README's own instruction
    assert f"'.[{extra}]'" in commands[0] and f'"dbnamelint[{extra}] @ git+' in commands[1]
    assert any(req.lower().startswith(driver) for req in EXTRAS[extra])
    assert (
        "psycopg[binary]>=3.1" not in result.output and "pip install PyMySQL" not in result.output
    )


def test_drift_says_the_driver_is_missing_before_reading_the_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A tree whose files cannot be read at all still gets the driver's message
    first (trial s38 confirm P6: 39 s of reading before it)."""
    import dbnamelint.database as database

    monkeypatch.setitem(sys.modules, "psycopg", None)

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the files were read before the driver was looked for")

    monkeypatch.setattr(database, "load_paths", never)
    (tmp_path / "schema.sql").write_text("CREATE TABLE t (id int);\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["drift", "--db", "postgresql://127.0.0.1/x", "schema.sql"])
    assert result.exit_code == 2, result.output
    assert "pip install '.[postgres]'" in result.output
