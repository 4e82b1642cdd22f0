"""The JavaScript migration tools the oracle tests run: ``tests/<tool>/run.cjs``
on node, with the tool's packages installed by ``npm ci --prefix tests/<tool>``
(CI does; without them the tests that need them skip), and the SQL
dbnamelint reads from a builder migration, to run beside it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import pytest

#: Knex 3.1.0 and Sequelize 6.37.5 (``run.cjs <knex|sequelize|umzug> FILE URL``).
KNEXSEQ = Path(__file__).parent / "knexseq"
#: TypeORM 1.1.3 (``run.cjs FILE... URL``).
TYPEORM = Path(__file__).parent / "typeorm"


def node_for(tools: Path, package: str) -> str:
    """The ``node`` to run ``tools``' ``run.cjs`` with; the test is skipped
    where node, or ``package`` in ``tools/node_modules``, is not installed."""
    node = shutil.which("node")
    if node is None or not (tools / "node_modules" / package).is_dir():
        pytest.skip(f"{package} not installed: npm ci --prefix tests/{tools.name}")
    return node


def run_cjs(
    tools: Path, package: str, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``node tools/run.cjs ARGS`` in ``tools`` (skipped as :func:`node_for`),
    its output captured; with ``check``, a failure fails the test."""
    node = node_for(tools, package)
    return subprocess.run(
        [node, str(tools / "run.cjs"), *args],
        check=check,
        cwd=tools,
        capture_output=True,
        text=True,
    )


def run_sequelize(module: Path, url: str) -> None:
    """Sequelize runs the migration ``module``'s ``up`` on the database at ``url``."""
    run_cjs(KNEXSEQ, "sequelize", "sequelize", str(module), url)


class _Read(Protocol):
    @property
    def calls(self) -> Sequence[tuple[int, int, Sequence[tuple[int, str, int]]]]: ...
    @property
    def unread(self) -> Sequence[object]: ...


def builder_text(builder_sql: Callable[[str, str], _Read], path: str, text: str) -> str:
    """The SQL ``builder_sql`` (a ``dbnamelint.*_schema`` reader) reads from
    the migration ``text`` at ``path``, one statement a call; every call
    must be read."""
    found = builder_sql(path, text)
    assert not found.unread, found.unread
    return "\n".join(
        " ".join(s for _, s, _ in sorted(pieces, key=lambda p: p[0])) + ";"
        for _, _, pieces in found.calls
    )
