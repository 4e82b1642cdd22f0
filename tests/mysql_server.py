"""A real MariaDB (or MySQL) server for tests, reached through its own client.

CI starts a throw-away server (``.ci/run``) and exports its address in
``DBNAMELINT_TEST_MYSQL`` (``mysql://root@127.0.0.1:PORT/test``: the path is
the database other tests work in; this helper makes its own); without it,
:func:`server` starts a private one when the MariaDB binaries are installed
(Debian's ``mariadb-server``), unprivileged, on loopback, in a temporary
folder that is deleted afterwards. Otherwise it says why it cannot (the
caller turns that into a ``pytest.skip``).

The ``mariadb`` (or ``mysql``) client runs SQL files exactly as a developer
would, so the schema under test is loaded the ordinary way, not through the
driver dbnamelint reads with.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ENV_VAR = "DBNAMELINT_TEST_MYSQL"

_START_TIMEOUT_S = 60


class ServerUnavailable(Exception):
    """No server can be reached or started here; the message says why."""


class SqlFailed(Exception):
    """The client stopped on an error; carries its message."""


def _client() -> str | None:
    return shutil.which("mariadb") or shutil.which("mysql")


@dataclass(frozen=True, slots=True)
class MysqlServer:
    """A server on ``host:port`` reached as ``user`` without a password."""

    host: str
    port: int
    user: str = "root"

    def url(self, database: str, *, password: str | None = None) -> str:
        """The URL dbnamelint is given for ``database``."""
        auth = self.user if password is None else f"{self.user}:{password}"
        return f"mysql://{auth}@{self.host}:{self.port}/{database}"

    def run(self, sql: str | None = None, *, file: Path | None = None, database: str = "") -> str:
        client = _client()
        if client is None:
            raise ServerUnavailable("no mariadb/mysql client installed")
        command = [client, "--no-defaults", "-h", self.host, "-P", str(self.port)]
        command += ["-u", self.user, "--batch", "--skip-column-names"]
        if database:
            command.append(database)
        if sql is not None:
            command += ["-e", sql]
        stdin = file.read_text(encoding="utf-8") if file is not None else None
        done = subprocess.run(
            command, input=stdin, capture_output=True, text=True, check=False, timeout=300
        )
        if done.returncode != 0:
            raise SqlFailed(done.stderr.strip() or f"client exited with {done.returncode}")
        return done.stdout

    def view_columns(self, database: str) -> dict[str, list[str]]:
        """The columns of each view of ``database``, in their order
        (``information_schema.COLUMNS`` of the ``VIEWS``)."""
        listed = self.run(
            "SELECT c.TABLE_NAME, c.COLUMN_NAME FROM information_schema.COLUMNS c"
            " JOIN information_schema.VIEWS v USING (TABLE_SCHEMA, TABLE_NAME)"
            " WHERE c.TABLE_SCHEMA = DATABASE() ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION",
            database=database,
        )
        columns: dict[str, list[str]] = {}
        for line in listed.splitlines():
            view, column = line.split("\t")
            columns.setdefault(view, []).append(column)
        return columns

    @contextmanager
    def fresh_database(self, name: str) -> Iterator[str]:
        """A new, empty utf8mb4 database dropped afterwards; yields its name."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ValueError(f"unsafe database name {name!r}")
        # Per process: two test runs sharing one server (CI, a second checkout)
        # must not drop each other's databases.
        suffix = f"_{os.getpid()}"
        name = name[: 64 - len(suffix)] + suffix
        self.run(f"DROP DATABASE IF EXISTS {name}")
        self.run(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
        try:
            yield name
        finally:
            self.run(f"DROP DATABASE IF EXISTS {name}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _binaries() -> tuple[str, str] | None:
    install = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")
    daemon = None
    for name in ("mariadbd", "mysqld"):
        daemon = shutil.which(name) or (
            f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None
        )
        if daemon:
            break
    if install is None or daemon is None or _client() is None:
        return None
    return install, daemon


@contextmanager
def private_server() -> Iterator[MysqlServer]:
    """Install a data directory and start ``mariadbd`` on loopback; stop and delete after."""
    found = _binaries()
    if found is None:
        raise ServerUnavailable(
            "MariaDB binaries (mariadb-install-db, mariadbd, mariadb) are not installed"
        )
    install, daemon = found
    prefix: list[str] = []
    user_args: list[str] = []
    if os.geteuid() == 0:  # mariadbd refuses to run as root
        try:
            pwd.getpwnam("mysql")
        except KeyError as exc:
            raise ServerUnavailable("running as root and no 'mysql' user to run mariadbd") from exc
        prefix = ["runuser", "-u", "mysql", "--"]
        user_args = ["--user=mysql"]
    workdir = Path(tempfile.mkdtemp(prefix="dbnamelint-mysql-"))
    if prefix:
        shutil.chown(workdir, user="mysql")
    data = workdir / "data"
    port = _free_port()
    try:
        subprocess.run(
            [
                install,
                "--no-defaults",
                f"--datadir={data}",
                *user_args,
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve",
            ],
            capture_output=True,
            check=True,
            timeout=_START_TIMEOUT_S * 2,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise ServerUnavailable(f"could not initialise a MariaDB data directory: {exc}") from exc
    process = subprocess.Popen(
        [
            *prefix,
            daemon,
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={workdir}/sock",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            "--skip-name-resolve",
            f"--pid-file={workdir}/pid",
            f"--log-error={workdir}/error.log",
            "--skip-log-bin",
            "--innodb-buffer-pool-size=64M",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = MysqlServer("127.0.0.1", port)
    try:
        _wait_ready(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_ready(server: MysqlServer, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while True:
        try:
            server.run("SELECT 1")
            return
        except SqlFailed as exc:
            if process is not None and process.poll() is not None:
                raise ServerUnavailable(f"mariadbd exited with {process.returncode}") from exc
            if time.monotonic() > deadline:
                raise ServerUnavailable(f"the MariaDB server does not answer: {exc}") from exc
            time.sleep(0.5)


@contextmanager
def server() -> Iterator[MysqlServer]:
    """The server named by ``DBNAMELINT_TEST_MYSQL``, else a private one.

    Raises :class:`ServerUnavailable` (with the reason) when neither works.
    """
    address = os.environ.get(ENV_VAR)
    if address:
        parts = urlsplit(address)
        if parts.hostname is None or parts.port is None:
            raise ServerUnavailable(f"{ENV_VAR} must look like mysql://root@127.0.0.1:3306")
        found = MysqlServer(parts.hostname, parts.port, parts.username or "root")
        _wait_ready(found)
        yield found
        return
    with private_server() as started:
        yield started
