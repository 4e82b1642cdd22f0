"""A PostgreSQL session as a file runs: its ``search_path``, its role, its transaction.

Which schema an unqualified name means depends on session state that
statements change as a file runs (PostgreSQL manual, "The Schema Search
Path", ``SET``, ``RESET``, ``set_config``):

* ``SET [SESSION] search_path {TO | =} a, "B", public`` (or ``DEFAULT``),
  ``RESET search_path``, ``RESET ALL`` and ``SELECT set_config('search_path',
  'a, b', is_local)`` set it;
* ``SET LOCAL`` (and ``set_config(..., true)``) lasts until the transaction
  ends. A migration tool runs each file in a transaction of its own, so
  outside an explicit ``BEGIN`` it lasts to the end of the file; after
  ``BEGIN`` it ends at ``COMMIT``/``END``/``ROLLBACK``/``ABORT``, and a
  ``ROLLBACK`` also undoes the session ``SET``\\ s of its transaction;
* ``"$user"`` stands for the current role's schema: known when the file
  says who it is (``SET ROLE r``, ``SET SESSION AUTHORIZATION r``), else it
  names no schema.

Each file is a session of its own. :meth:`Session.path` gives the path to
stamp on a statement's events (``None`` when it is the default, which
replay reads as "the dialect's default schema").
"""

from __future__ import annotations

import re

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import USER_SCHEMA

#: The default ``search_path`` (postgresql.conf): ``"$user", public``.
DEFAULT_PATH = ("$user", "public")
#: Where a name never lands or is found in our model: system schemas.
_SYSTEM = frozenset({"pg_catalog", "information_schema"})

_SET = lazy_compile(
    r"\A\s*SET\s+(?:(SESSION|LOCAL)\s+)?(?:"
    r"(?P<path>search_path)\s*(?:=|\bTO\b)\s*(?P<value>.*?)"
    r"|ROLE\s+(?P<role>.*?)"
    r"|SESSION\s+AUTHORIZATION\s+(?P<auth>.*?)"
    r")\s*;?\s*\Z",
    re.IGNORECASE | re.DOTALL,
)
_RESET = lazy_compile(
    r"\A\s*RESET\s+(?P<what>search_path|ROLE|SESSION\s+AUTHORIZATION|ALL)\s*;?\s*\Z",
    re.IGNORECASE,
)
_SET_CONFIG = lazy_compile(
    r"\bset_config\s*\(\s*'search_path'\s*,\s*'(?P<value>(?:[^']|'')*)'\s*,\s*(?P<local>\w+)",
    re.IGNORECASE,
)
_TRANSACTION = lazy_compile(
    r"\A\s*(?:(?P<begin>BEGIN|START\s+TRANSACTION)|(?P<commit>COMMIT|END)"
    r"|(?P<rollback>ROLLBACK|ABORT))\b(?P<rest>[^;]*)",
    re.IGNORECASE,
)
#: One element of a SET value: "quoted", 'string' or a bare word.
_SET_ELEMENT = lazy_compile(r'"((?:[^"]|"")*)"|\'((?:[^\']|\'\')*)\'|([^,\s]+)')
#: One element of a list setting's string (set_config): "quoted" or bare.
_LIST_ELEMENT = lazy_compile(r'\s*(?:"((?:[^"]|"")*)"|([^,]*?))\s*(?:,|\Z)')


class _State(Struct, frozen=True):
    path: tuple[str, ...] | None = None  # None: the default
    role: str | None = None


def _fold(word: str) -> str:
    return word.lower() if word.isascii() else word


def _set_value(value: str) -> tuple[str, ...] | None:
    """Entries of ``SET search_path TO <value>`` (``None``: DEFAULT)."""
    if value.strip().upper() == "DEFAULT":
        return None
    entries: list[str] = []
    for quoted, string, bare in _SET_ELEMENT.findall(value):
        if quoted or (not string and not bare):
            entries.append(quoted.replace('""', '"'))
        elif string or value.lstrip().startswith("'"):
            entries.append(string.replace("''", "'"))
        else:
            entries.append(_fold(bare))
    return tuple(entries)


def parse_search_path(text: str) -> tuple[str, ...]:
    """Entries of a search_path setting written as PostgreSQL reads it
    (``storage, public``, ``"$user", "My Schema"``): unquoted names folded to
    lower case, double-quoted ones kept as written."""
    return _list_value(text.replace("'", "''"))


def _list_value(value: str) -> tuple[str, ...]:
    """Entries of a search_path string as ``set_config`` and the server parse it."""
    text = value.replace("''", "'")
    if not text.strip():
        return ()
    entries: list[str] = []
    position = 0
    while position < len(text):
        match = _LIST_ELEMENT.match(text, position)
        if match is None or match.end() == position:
            break
        quoted, bare = match.group(1), match.group(2)
        entries.append(quoted.replace('""', '"') if quoted is not None else _fold(bare))
        position = match.end()
    return tuple(entries)


def _role(value: str) -> str | None:
    word = value.strip().strip(";").strip()
    if word.upper() in ("NONE", "DEFAULT") or not word:
        return None
    if word.startswith('"') and word.endswith('"'):
        return word[1:-1].replace('""', '"')
    if word.startswith("'") and word.endswith("'"):
        return word[1:-1].replace("''", "'")
    return _fold(word)


class Session:
    """The session state of one file, statement by statement (PostgreSQL)."""

    __slots__ = ("_default", "_local", "_path", "_saved", "_session")

    def __init__(self, default: tuple[str, ...] | None = None) -> None:
        """``default``: the search_path the session starts with and that
        ``RESET``/``DEFAULT`` return to (a migration runner's connection
        option, ``-c search_path=storage,public``); None: the server's,
        ``"$user", public``."""
        self._default = DEFAULT_PATH if default is None else default
        self._path: tuple[tuple[str, ...] | None, _State | None] | None = None
        self._session = _State()
        self._local: _State | None = None  # SET LOCAL, until the transaction ends
        self._saved: _State | None = None  # the session state at BEGIN

    def read(self, text: str) -> bool:
        """Apply ``text`` if it is a session statement; True when it was one.

        Cheap for other statements: only texts starting with SET, SEL,
        RES, BEG, STA, COM, END, ROL or ABO are looked at.
        """
        head = text[:3].upper()
        if head == "SET":
            return self._set(text)
        if head == "SEL":
            match = _SET_CONFIG.search(text)
            if match is None:
                return False
            local = match.group("local").lower() in ("true", "t", "on", "yes", "1")
            self._change(replace(self._current(), path=_list_value(match.group("value"))), local)
            return True
        if head == "RES":
            reset = _RESET.match(text)
            if reset is None:
                return False
            what = reset.group("what").upper()
            state = self._current()
            if what == "ALL":
                state = _State()
            elif what == "SEARCH_PATH":
                state = replace(state, path=None)
            else:
                state = replace(state, role=None)
            self._change(state, local=False)
            return True
        if head in ("BEG", "STA", "COM", "END", "ROL", "ABO"):
            self._transaction(text)
        return False

    def _set(self, text: str) -> bool:
        match = _SET.match(text)
        if match is None:
            return False
        local = (match.group(1) or "").upper() == "LOCAL"
        state = self._current()
        if match.group("path") is not None:
            state = replace(state, path=_set_value(match.group("value")))
        elif match.group("role") is not None:
            state = replace(state, role=_role(match.group("role")))
        else:
            state = replace(state, role=_role(match.group("auth")))
        self._change(state, local)
        return True

    def _transaction(self, text: str) -> None:
        match = _TRANSACTION.match(text)
        if match is None:
            return
        rest = match.group("rest").strip().upper()
        if match.group("begin") is not None:
            if match.group("begin").upper() == "BEGIN" and rest.startswith("ATOMIC"):
                return
            self._saved = self._session
        elif rest.startswith(("TO ", "PREPARED")) or rest == "TO":
            return  # ROLLBACK TO SAVEPOINT, COMMIT/ROLLBACK PREPARED: not this transaction
        else:
            if match.group("rollback") is not None and self._saved is not None:
                self._session = self._saved
            self._saved = None
            self._local = None

    def _current(self) -> _State:
        return self._local if self._local is not None else self._session

    def _change(self, state: _State, local: bool) -> None:
        if local:
            self._local = state
        else:
            # A plain SET after a SET LOCAL takes over at once and outlives
            # the transaction (the server's GUC stack does the same).
            self._session = state
            self._local = None

    def path(self) -> tuple[str, ...] | None:
        """The search path to stamp on events; ``None`` when it means the default schema.

        ``$user`` becomes ``$user:<role>`` (:data:`USER_SCHEMA`) when the
        role is known and is dropped otherwise; system schemas are dropped;
        a path that can only mean ``public`` (the default) is ``None``.
        """
        state = self._current()
        if self._path is not None and self._path[1] is state:
            return self._path[0]  # memo: asked for every statement with events
        path = self._default if state.path is None else state.path
        entries: list[str] = []
        for written in path:
            entry = written
            if written == "$user":
                if state.role is None:
                    continue
                entry = USER_SCHEMA + state.role
            if entry in _SYSTEM or entry in entries:
                continue
            entries.append(entry)
        found = None if not entries or entries == ["public"] else tuple(entries)
        self._path = (found, state)
        return found
