"""Database URLs: which database to read, and how to name it without its password.

Accepted forms (the ones libpq, SQLAlchemy and most CI services use):

- ``postgresql://user:password@host:5432/dbname?sslmode=require`` (also
  ``postgres://``), handed to libpq as written;
- a libpq keyword/value connection string, ``host=db port=5432 dbname=app
  user=app`` (what ``psql`` and ``PGSERVICE`` users write; PostgreSQL manual,
  "Connection Strings", 34.1.1.1), handed to libpq as written;
- ``mysql://user:password@host:3306/dbname`` (also ``mariadb://``);
- ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db``, or a
  path to an existing ``.db``/``.sqlite``/``.sqlite3`` file.

The password is kept only to connect: ``repr`` leaves it out, the display
form (used in every location and message) has neither user nor password
nor query string (``sslpassword=`` and the like may sit there), and
:meth:`DatabaseUrl.redact` scrubs it from any text a driver sends back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from dbnamelint.frontends.live.errors import DatabaseUrlError

#: URL scheme -> (dialect, display scheme).
_SCHEMES = MappingProxyType(
    {
        "postgresql": ("postgres", "postgresql"),
        "postgres": ("postgres", "postgresql"),
        "mysql": ("mysql", "mysql"),
        "mariadb": ("mysql", "mysql"),
        "sqlite": ("sqlite", "sqlite"),
        "sqlite3": ("sqlite", "sqlite"),
    }
)

_SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3")

#: Query parameters whose value is a secret (libpq, PyMySQL).
_SECRET_PARAMS = frozenset({"password", "sslpassword", "passwd", "ssl_key_password"})


# A dataclass, not a Struct like the model's values: only ``field(repr=False)``
# keeps the password out of its repr (msgspec has no per-field repr).
@dataclass(frozen=True, slots=True)
class DatabaseUrl:
    """A parsed database URL.

    ``dialect`` is the sqlglot dialect name the catalog is read as
    (``postgres``, ``mysql``, ``sqlite``). For SQLite only ``path`` is set.
    """

    dialect: str
    display: str  # scheme://host[:port]/database, or sqlite:///path: safe to print
    host: str | None = None
    port: int | None = None
    database: str | None = None
    user: str | None = None
    path: Path | None = None
    params: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    password: str | None = field(default=None, repr=False)
    raw: str = field(default="", repr=False)
    #: Secrets as written in a libpq string, escapes and all (``p\\'w``).
    written_secrets: tuple[str, ...] = field(default=(), repr=False)

    def location(self, *parts: str | None) -> str:
        """Where an object is: ``postgresql://host/db#public.users``."""
        named = ".".join(p for p in parts if p)
        return f"{self.display}#{named}" if named else self.display

    def secrets(self) -> tuple[str, ...]:
        """Every spelling of every secret in the URL (raw and percent-decoded)."""
        found: set[str] = set(self.written_secrets)
        if self.password:
            found |= {self.password, quote(self.password, safe=""), quote(self.password)}
        for key, value in self.params:
            if key.lower() in _SECRET_PARAMS and value:
                found |= {value, quote(value, safe="")}
        return tuple(sorted((s for s in found if s), key=len, reverse=True))

    def redact(self, text: str) -> str:
        """``text`` with every secret of this URL replaced by ``***``.

        Drivers quote parts of what they were given in their errors; this is
        applied to every such message before anyone sees it.
        """
        if self.raw:
            text = text.replace(self.raw, self.display)
        for secret in self.secrets():
            text = text.replace(secret, "***")
        return text


def parse_url(text: str) -> DatabaseUrl:
    """Parse ``text``; :class:`DatabaseUrlError` (password-free) when it is not one we read."""
    stripped = text.strip()
    if "://" not in stripped and stripped.lower().endswith(_SQLITE_SUFFIXES):
        return _sqlite(stripped, stripped)
    if "://" not in stripped and _KEYWORD.match(stripped):
        return _conninfo(stripped)
    try:
        parts = urlsplit(stripped)
        port = parts.port
    except ValueError as exc:
        raise DatabaseUrlError(f"not a database URL ({_scrub(str(exc), text)})") from None
    scheme = parts.scheme.lower().split("+", 1)[0]  # postgresql+psycopg -> postgresql
    if scheme not in _SCHEMES:
        shown = scheme or "no scheme"
        raise DatabaseUrlError(
            f"unsupported database URL scheme ({shown}): use postgresql://, mysql:// "
            "(or mariadb://), sqlite:///path or a libpq connection string (host=... dbname=...)"
        )
    dialect, shown_scheme = _SCHEMES[scheme]
    if dialect == "sqlite":
        # sqlite:///rel.db -> rel.db, sqlite:////abs.db -> /abs.db (SQLAlchemy's form)
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if parts.netloc:
            raise DatabaseUrlError("a sqlite URL has no host: write sqlite:///path/to/file.db")
        return _sqlite(path, stripped)
    database = unquote(parts.path.lstrip("/")) or None
    if database is None and dialect == "mysql":
        raise DatabaseUrlError(f"{shown_scheme}:// URL names no database: add /dbname")
    host = parts.hostname
    netloc = host or ""
    if host and ":" in host:  # IPv6
        netloc = f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    display = f"{shown_scheme}://{netloc}/{database or ''}"
    return DatabaseUrl(
        dialect=dialect,
        display=display,
        host=host,
        port=port,
        database=database,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        params=tuple(parse_qsl(parts.query, keep_blank_values=True)),
        raw=stripped,
    )


#: The start of a libpq keyword/value connection string: ``keyword =``.
_KEYWORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\s*=")
_PAIR = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*")


def _conninfo(text: str) -> DatabaseUrl:
    """A libpq keyword/value string, read by libpq's rules (``conninfo_parse``
    in ``fe-connect.c``): ``keyword = value`` pairs apart by spaces, a value in
    single quotes when empty or holding spaces, ``\\'`` and ``\\\\`` escapes."""
    pairs: list[tuple[str, str]] = []
    written: list[str] = []
    i = 0
    while i < len(text):
        m = _PAIR.match(text, i)
        if m is None:
            raise DatabaseUrlError(
                f"not a libpq connection string: expected keyword=value at character {i + 1}"
            )
        i = m.end()
        value: list[str] = []
        if text.startswith("'", i):
            i += 1
            while True:
                if i >= len(text):
                    raise DatabaseUrlError(
                        f"not a libpq connection string: the value of {m.group(1)} opens a "
                        "quote it never closes"
                    )
                ch = text[i]
                if ch == "\\" and i + 1 < len(text):
                    value.append(text[i + 1])
                    i += 2
                elif ch == "'":
                    i += 1
                    break
                else:
                    value.append(ch)
                    i += 1
        else:
            while i < len(text) and not text[i].isspace():
                if text[i] == "\\" and i + 1 < len(text):
                    i += 1
                value.append(text[i])
                i += 1
        pairs.append((m.group(1), "".join(value)))
        if m.group(1).lower() in _SECRET_PARAMS:
            spelled = text[m.end() : i]
            written += [spelled, spelled[1:-1] if spelled.startswith("'") else spelled]
        while i < len(text) and text[i].isspace():
            i += 1
    info = dict(pairs)
    host = info.get("host") or info.get("hostaddr") or None
    database = info.get("dbname") or None
    port_text = info.get("port")
    port = int(port_text) if port_text and port_text.isdigit() else None
    netloc = host or ""
    if host and ":" in host:  # IPv6
        netloc = f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    return DatabaseUrl(
        dialect="postgres",
        display=f"postgresql://{netloc}/{database or ''}",
        host=host,
        port=port,
        database=database,
        user=info.get("user") or None,
        password=info.get("password"),
        params=tuple((k, v) for k, v in pairs if k not in {"host", "port", "dbname", "user"}),
        raw=text,
        written_secrets=tuple(w for w in written if w),
    )


def _sqlite(path: str, raw: str) -> DatabaseUrl:
    if not path:
        raise DatabaseUrlError("a sqlite URL needs a file: sqlite:///path/to/file.db")
    return DatabaseUrl(dialect="sqlite", display=f"sqlite:///{path}", path=Path(path), raw=raw)


def _scrub(message: str, text: str) -> str:
    """A parse error about ``text`` without any of ``text``'s credentials."""
    try:
        password = urlsplit(text).password
    except ValueError:
        password = None
    if password:
        message = message.replace(password, "***")
    return message.replace(text, "(the URL)")
