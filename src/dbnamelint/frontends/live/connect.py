"""Connections: each driver opened read-only, with a statement timeout.

Drivers are optional extras (``dbnamelint[postgres]``: psycopg 3,
``dbnamelint[mysql]``: PyMySQL, pure Python); SQLite is the standard
library's. Every connection is made so that nothing can be written:

- PostgreSQL: ``default_transaction_read_only`` and ``statement_timeout``
  are set as connection options, and the catalog is read in one
  ``READ ONLY`` transaction that is rolled back;
- MySQL/MariaDB: ``SET SESSION TRANSACTION READ ONLY`` and
  ``max_statement_time``/``max_execution_time``, then ``START TRANSACTION
  READ ONLY``;
- SQLite: the file is opened ``mode=ro`` (``query_only`` as well), never
  created.

Any driver error becomes a :class:`ConnectionFailedError` of one line with
every secret of the URL scrubbed out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dbnamelint.extras import install_hint
from dbnamelint.frontends.live.errors import ConnectionFailedError, DriverMissingError
from dbnamelint.frontends.live.url import DatabaseUrl

#: Seconds to wait for the server to answer a connection.
CONNECT_TIMEOUT_S = 10


def _one_line(url: DatabaseUrl, exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return url.redact(text)


def _failed(url: DatabaseUrl, exc: BaseException) -> ConnectionFailedError:
    return ConnectionFailedError(f"cannot read {url.display}: {_one_line(url, exc)}")


def _no_postgres_driver() -> DriverMissingError:
    return DriverMissingError(
        f"reading PostgreSQL needs psycopg 3 (the postgres extra): {install_hint('postgres')}"
    )


def _no_mysql_driver() -> DriverMissingError:
    return DriverMissingError(
        f"reading MySQL/MariaDB needs PyMySQL (the mysql extra): {install_hint('mysql')}"
    )


def require_driver(url: DatabaseUrl) -> None:
    """Raise :class:`DriverMissingError` when the driver ``url``'s database
    needs cannot be imported (a command says so before reading any file;
    the read imports it next anyway). SQLite's is Python's own."""
    from importlib import import_module

    module = {"postgres": "psycopg", "mysql": "pymysql"}.get(url.dialect)
    if module is None:
        return
    try:
        import_module(module)
    except ImportError:
        raise (_no_postgres_driver() if module == "psycopg" else _no_mysql_driver()) from None


@contextmanager
def postgres_cursor(url: DatabaseUrl, timeout_s: float) -> Iterator[Any]:
    """A psycopg cursor in a read-only transaction; rolled back afterwards."""
    try:
        import psycopg
    except ImportError:
        raise _no_postgres_driver() from None
    millis = max(1, int(timeout_s * 1000))
    options = f"-c default_transaction_read_only=on -c statement_timeout={millis}"
    try:
        conn = psycopg.connect(
            url.raw,
            connect_timeout=CONNECT_TIMEOUT_S,
            options=options,
            application_name="dbnamelint",
        )
    except psycopg.Error as exc:
        raise _failed(url, exc) from None
    try:
        conn.read_only = True
        with conn.cursor() as cursor:
            yield cursor
    except psycopg.Error as exc:
        raise _failed(url, exc) from None
    finally:
        try:
            conn.rollback()
        finally:
            conn.close()


@contextmanager
def mysql_cursor(url: DatabaseUrl, timeout_s: float) -> Iterator[Any]:
    """A PyMySQL cursor in a read-only transaction; rolled back afterwards."""
    try:
        import pymysql
    except ImportError:
        raise _no_mysql_driver() from None
    params = dict(url.params)
    kwargs: dict[str, Any] = {
        "host": url.host or "localhost",
        "port": url.port or 3306,
        "user": url.user or "",
        "password": url.password or "",
        "database": url.database,
        "connect_timeout": CONNECT_TIMEOUT_S,
        "charset": params.get("charset", "utf8mb4"),
        "autocommit": False,
    }
    if "unix_socket" in params:
        kwargs["unix_socket"] = params["unix_socket"]
    try:
        conn = pymysql.connect(**kwargs)
    except pymysql.Error as exc:
        raise _failed(url, exc) from None
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT VERSION()")
            version = str(cursor.fetchone()[0])
            if "mariadb" in version.lower():
                cursor.execute("SET SESSION max_statement_time = %s", (timeout_s,))
            else:
                cursor.execute("SET SESSION max_execution_time = %s", (int(timeout_s * 1000),))
            cursor.execute("SET SESSION TRANSACTION READ ONLY")
            cursor.execute("START TRANSACTION READ ONLY")
            yield cursor
    except pymysql.Error as exc:
        raise _failed(url, exc) from None
    finally:
        try:
            conn.rollback()
        finally:
            conn.close()


@contextmanager
def sqlite_connection(url: DatabaseUrl, timeout_s: float) -> Iterator[sqlite3.Connection]:
    """The file opened read-only (``mode=ro``): a missing file is an error, not a new database."""
    assert url.path is not None
    if not url.path.is_file():
        raise ConnectionFailedError(missing_sqlite_file(url.display, url.path))
    uri = url.path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout_s)
    except sqlite3.Error as exc:
        raise _failed(url, exc) from None
    try:
        conn.execute("PRAGMA query_only = ON")
        yield conn
    except sqlite3.Error as exc:
        raise _failed(url, exc) from None
    finally:
        conn.close()


def missing_sqlite_file(display: str, path: Path) -> str:
    """Why ``path`` (of the URL shown as ``display``) cannot be opened, naming
    the file it resolved to: ``sqlite:///work/app.db`` is ``work/app.db`` under
    the current folder (three slashes, a relative path), which a user who
    meant ``/work/app.db`` cannot tell from "no such file" alone."""
    resolved = path.absolute()
    what = "not a file" if path.exists() else "no such file"
    message = f"cannot read {display}: {what} {resolved}"
    if not path.is_absolute():
        message += " (three slashes: a path relative to the current folder"
        absolute = Path("/") / path
        if absolute.is_file():
            message += f"; {absolute} exists: sqlite:///{absolute} (four slashes) names it"
        message += ")"
    return message
