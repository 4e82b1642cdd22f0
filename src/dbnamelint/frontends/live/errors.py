"""Errors of the live front end; their messages never hold a password."""

from __future__ import annotations

from dbnamelint.exitcodes import ExitCode


class LiveError(Exception):
    """A database could not be read: bad URL, missing driver, refused connection.

    The message is one line, already redacted (see :func:`redact`), and
    names the database by its display form (``postgresql://host:5432/app``).
    """

    #: What a command exits with: 5 when the database cannot be read, 2 when
    #: the command line or the installation must change (URL, driver).
    exit_code = ExitCode.DATABASE


class DriverMissingError(LiveError):
    """The driver for this database is not installed; the message names the extra."""

    exit_code = ExitCode.USAGE


class DatabaseUrlError(LiveError):
    """The URL cannot be understood (unknown scheme, no database name), or none is given."""

    exit_code = ExitCode.USAGE


class SchemaFilterError(LiveError):
    """``--schema`` names a schema the database does not have, or a database without schemas."""

    exit_code = ExitCode.USAGE


class ConnectionFailedError(LiveError):
    """The server refused or could not be reached, or a catalog query failed."""


def database_url(given: str | None, env_name: str | None, environ: dict[str, str]) -> str:
    """The URL to read: ``--db URL``, else the config's ``database:`` variable, else DATABASE_URL.

    ``given`` is ``""`` for a bare ``--db``. Raises :class:`DatabaseUrlError`
    naming what was looked at (never a value) when nothing is set.
    """
    if given:
        return given
    for name in (env_name, "DATABASE_URL"):
        if name and environ.get(name):
            return environ[name]
    looked = " or ".join(f"${n}" for n in (env_name, "DATABASE_URL") if n)
    raise DatabaseUrlError(f"no database to read: pass --db URL or set {looked}")
