"""A real PostgreSQL server for tests, reached through ``psql``.

The schema model claims to equal what the database holds after the last
file; the only honest judge of that claim is the database itself. CI starts
a throw-away cluster (``.ci/run``) and exports its address in
``DBNAMELINT_TEST_PG``; without it, :func:`server` starts a private cluster
when the PostgreSQL binaries are installed, and otherwise says why it cannot
(the caller turns that into a ``pytest.skip``).

``psql`` is the client on purpose: it ships with every server, runs SQL files
exactly as a developer would (meta-commands included), and adds no Python
dependency. Catalog queries return one JSON document, so names with spaces,
quotes or multibyte characters come back intact.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_VAR = "DBNAMELINT_TEST_PG"

#: Quiet, strict psql: no ~/.psqlrc, no chatter, stop at the first error.
_PSQL_FLAGS = ("-X", "-q", "-v", "ON_ERROR_STOP=1")

#: Time a private cluster gets to start; initdb + start take ~2 s locally.
_START_TIMEOUT_S = 60


class ServerUnavailable(Exception):
    """No server can be reached or started here; the message says why."""


class SqlFailed(Exception):
    """psql stopped on an error; carries psql's own message (file:line: ERROR...)."""


@dataclass(frozen=True, slots=True)
class PgServer:
    """A PostgreSQL server addressed by a libpq connection string.

    ``conninfo`` names the maintenance database; :meth:`database` gives the
    conninfo of another database on the same server.
    """

    conninfo: str

    def database(self, name: str) -> str:
        """The conninfo of database ``name`` (a later ``dbname=`` wins in libpq)."""
        return f"{self.conninfo} dbname={name}"

    def run(
        self, *, files: Sequence[Path] = (), sql: str | None = None, dbname: str | None = None
    ) -> str:
        """Run SQL files (in order) and/or SQL text in one psql session; return stdout.

        One session for all files, like a migration tool that keeps its
        connection: ``SET search_path`` in one file applies to the next.
        """
        conninfo = self.database(dbname) if dbname else self.conninfo
        command = ["psql", *_PSQL_FLAGS, "-d", conninfo]
        for path in files:
            command += ["-f", str(path)]
        if sql is not None:
            command += ["-c", sql]
        env = {**os.environ, "PGOPTIONS": "-c client_min_messages=warning"}
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=600,
            stdin=subprocess.DEVNULL,  # COPY ... FROM STDIN reads no rows
        )
        if done.returncode != 0:
            raise SqlFailed(done.stderr.strip() or f"psql exited with {done.returncode}")
        return done.stdout

    def refused_lines(self, script: str, dbname: str) -> dict[int, str]:
        """Run each line of ``script`` alone (one statement a line) in
        ``dbname``: line number (from 1) -> psql's error, for those refused."""
        refused: dict[int, str] = {}
        for line, statement in enumerate(script.splitlines(), start=1):
            try:
                self.run(sql=statement, dbname=dbname)
            except SqlFailed as exc:
                refused[line] = str(exc)
        return refused

    def public_tables(self, dbname: str) -> list[str]:
        """The ordinary and partitioned tables of schema ``public`` in ``dbname``,
        sorted (``pg_class.relkind`` ``r`` and ``p``)."""
        rows = self.query_json(
            "SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = "
            "'public'::regnamespace ORDER BY relname",
            dbname=dbname,
        )
        return [str(r["relname"]) for r in rows]

    def view_columns(self, dbname: str) -> dict[str, list[str]]:
        """The columns of each view and materialized view of schema ``public``
        in ``dbname``, in their order (``pg_attribute`` of ``relkind`` ``v``, ``m``)."""
        rows = self.query_json(
            "SELECT c.relname AS view, a.attname AS name FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE c.relkind IN ('v', 'm') AND c.relnamespace = 'public'::regnamespace"
            " AND a.attnum > 0 ORDER BY c.relname, a.attnum",
            dbname,
        )
        columns: dict[str, list[str]] = {}
        for r in rows:
            columns.setdefault(r["view"], []).append(r["name"])
        return columns

    def query_json(self, sql: str, dbname: str | None = None) -> list[dict[str, Any]]:
        """Rows of ``sql`` as dictionaries (the query is wrapped in ``json_agg``)."""
        wrapped = f"SELECT coalesce(json_agg(row_to_json(q)), '[]') FROM ({sql}) AS q"
        conninfo = self.database(dbname) if dbname else self.conninfo
        done = subprocess.run(
            ["psql", *_PSQL_FLAGS, "-A", "-t", "-d", conninfo, "-c", wrapped],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            raise SqlFailed(done.stderr.strip())
        rows: list[dict[str, Any]] = json.loads(done.stdout)
        return rows

    def url(self, dbname: str, *, user: str | None = None) -> str:
        """A ``postgresql://`` URL of database ``dbname`` (what ``--db`` takes),
        as ``user`` (default: the conninfo's)."""
        info = dict(part.split("=", 1) for part in self.conninfo.split())
        who = user or info.get("user", "postgres")
        return (
            f"postgresql://{who}@{info.get('host', '127.0.0.1')}:{info.get('port', 5432)}/{dbname}"
        )

    def version_num(self) -> int:
        """``server_version_num``, e.g. 150018 for 15.18."""
        return int(self.query_json("SELECT current_setting('server_version_num') AS v")[0]["v"])

    @contextmanager
    def fresh_database(self, name: str) -> Iterator[str]:
        """A new, empty UTF-8 database dropped afterwards; yields its name.

        UTF-8 and the C locale are asked for explicitly so multibyte names
        behave the same whatever server ``DBNAMELINT_TEST_PG`` points at.
        """
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ValueError(f"unsafe database name {name!r}")
        # Per process: two test runs sharing one server (CI, a second checkout)
        # must not drop each other's databases.
        suffix = f"_{os.getpid()}"
        name = name[: 63 - len(suffix)] + suffix
        self.run(sql=f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.run(
            sql=f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C' LC_CTYPE 'C'"
        )
        try:
            yield name
        finally:
            self.run(sql=f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _bin_dir() -> Path | None:
    """Newest ``/usr/lib/postgresql/N/bin`` with initdb (Debian), else PATH's."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _as_user() -> list[str]:
    """Command prefix to run server binaries: PostgreSQL refuses to run as root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise ServerUnavailable("running as root and no 'postgres' user to run initdb") from exc
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ServerUnavailable("running as root and no runuser to drop privileges")
    return [runuser, "-u", "postgres", "--"]


@contextmanager
def private_server() -> Iterator[PgServer]:
    """initdb + start a throw-away cluster on loopback; stop and delete it after."""
    bin_dir = _bin_dir()
    if bin_dir is None or shutil.which("psql") is None:
        raise ServerUnavailable("PostgreSQL binaries (initdb, pg_ctl, psql) are not installed")
    prefix = _as_user()
    workdir = Path(tempfile.mkdtemp(prefix="dbnamelint-pg-"))
    if prefix:
        shutil.chown(workdir, user="postgres")
    data = workdir / "data"
    port = _free_port()
    pg_ctl = [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data)]
    try:
        subprocess.run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                *("-D", str(data), "-A", "trust", "-U", "postgres"),
                *("-E", "UTF8", "--locale=C", "--no-sync"),
            ],
            capture_output=True,
            check=True,
            timeout=_START_TIMEOUT_S,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off"
        logfile = str(workdir / "log")
        subprocess.run(
            [*pg_ctl, "-l", logfile, "-w", "-t", str(_START_TIMEOUT_S), "-o", options, "start"],
            capture_output=True,
            check=True,
            timeout=_START_TIMEOUT_S + 10,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise ServerUnavailable(f"could not start a private PostgreSQL: {exc}") from exc
    try:
        yield PgServer(f"host=127.0.0.1 port={port} user=postgres dbname=postgres")
    finally:
        subprocess.run(
            [*pg_ctl, "-m", "immediate", "stop"], capture_output=True, check=False, timeout=60
        )
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_ready(server: PgServer) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            server.run(sql="SELECT 1")
            return
        except SqlFailed as exc:
            if time.monotonic() > deadline:
                raise ServerUnavailable(f"{ENV_VAR} is set but the server answers: {exc}") from exc
            time.sleep(0.5)


@contextmanager
def server() -> Iterator[PgServer]:
    """The server named by ``DBNAMELINT_TEST_PG``, else a private one.

    Raises :class:`ServerUnavailable` (with the reason) when neither works.
    """
    conninfo = os.environ.get(ENV_VAR)
    if conninfo:
        if shutil.which("psql") is None:
            raise ServerUnavailable(f"{ENV_VAR} is set but psql is not installed")
        found = PgServer(conninfo)
        _wait_ready(found)
        yield found
        return
    with private_server() as started:
        yield started


def pg_url(pg: PgServer, dbname: str, *, user: str | None = None) -> str:
    """:meth:`PgServer.url`, for the tests that pass the server along."""
    return pg.url(dbname, user=user)


def public_names(pg: PgServer, db: str) -> dict[str, list[tuple[str, str]]]:
    """(table, name) of each table, column, constraint, index and enum type of
    database ``db``'s ``public`` schema, per kind, sorted (pg_catalog and
    information_schema: what a migration tool made, compared with what the
    SQL dbnamelint reads makes)."""
    queries = {
        "tables": "SELECT 't' AS t, tablename AS n FROM pg_tables WHERE schemaname = 'public'",
        "columns": "SELECT table_name AS t, column_name AS n FROM information_schema.columns "
        "WHERE table_schema = 'public'",
        "constraints": "SELECT conrelid::regclass::text AS t, conname AS n FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace",
        "indexes": "SELECT tablename AS t, indexname AS n FROM pg_indexes "
        "WHERE schemaname = 'public'",
        "types": "SELECT 't' AS t, typname AS n FROM pg_type WHERE typtype = 'e'",
    }
    return {
        k: sorted((str(r["t"]).strip('"'), str(r["n"])) for r in pg.query_json(q, db))
        for k, q in queries.items()
    }
