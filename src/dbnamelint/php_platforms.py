"""The code of a Doctrine migration that does not run on the database read.

A migration written for several databases (wallabag's, each of its 64)
chooses its SQL by the connection's platform::

    switch (true) {
        case $platform instanceof SqlitePlatform: $this->addSql('...'); break;
        case $platform instanceof MySQLPlatform: ...
    }
    if ($this->connection->getDatabasePlatform() instanceof PostgreSQLPlatform) { ... }
    $this->skipIf(!$this->platform instanceof MySQLPlatform, 'MySQL only');

Read whole, every branch entered the model of the one database the tree is
read as (a MySQL branch's ``ENGINE = InnoDB`` a ``DBN004`` under SQLite, a
PostgreSQL-only ``RENAME`` applied to the SQLite model: trial s39). Here
the branches another platform takes are found, so that the model is what
doctrine/migrations runs on the dialect read: a condition that is exactly
``X instanceof <Platform>`` (``!`` before it negating it; PHP binds
``instanceof`` tighter than ``!``), in an ``if``/``elseif``/``else`` chain,
a ``switch (true)`` whose cases each end in ``break``/``return``, or a
``skipIf``/``abortIf`` of ``up()`` (what follows it does not run when it
holds). Any other condition leaves its code read, as before.

DBAL's platform classes: ``MariaDBPlatform`` (and ``MariaDb1027Platform``...)
extend ``MySQLPlatform``, so ``instanceof MySQLPlatform`` holds on MariaDB;
``instanceof MariaDBPlatform`` does not on MySQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from dbnamelint.laravel_schema import _method_body, _Tok, _tokens

if TYPE_CHECKING:
    from dbnamelint.django_vendor import Guard

#: A DBAL platform class (its short name, any version suffix) -> the
#: dialects it holds on.
_PLATFORMS = (
    (re.compile(r"(?i)sqlite\w*platform"), frozenset({"sqlite"})),
    (re.compile(r"(?i)mariadb\w*platform"), frozenset({"mariadb"})),
    (re.compile(r"(?i)mysql\w*platform"), frozenset({"mysql", "mariadb"})),
    (re.compile(r"(?i)postgre\w*platform"), frozenset({"postgres"})),
    (re.compile(r"(?i)sqlserver\w*platform"), frozenset({"tsql"})),
    (re.compile(r"(?i)oracle\w*platform"), frozenset({"oracle"})),
)


def _holds(name: str, dialect: str) -> bool | None:
    """Whether ``instanceof name`` holds on ``dialect``; None for a class
    that is no known platform."""
    short = name.rpartition("\\")[2]
    for pattern, dialects in _PLATFORMS:
        if pattern.fullmatch(short):
            return dialect in dialects
    return None


def _condition(toks: list[_Tok], dialect: str) -> bool | None:
    """The value of condition ``toks`` on ``dialect``: ``[!] X instanceof P``
    (``!(...)`` too), else None."""
    negate = False
    while toks and toks[0].text == "!":
        negate, toks = not negate, toks[1:]
    if len(toks) >= 2 and toks[0].text == "(" and toks[-1].text == ")":
        inner = _condition(toks[1:-1], dialect)
        return None if inner is None else inner != negate
    texts = [t.text for t in toks]
    if texts.count("instanceof") != 1 or texts[-2:-1] != ["instanceof"]:
        return None
    if any(t in ("&&", "||", "&", "|", "and", "or", "?", "=", ",") for t in texts):
        return None
    held = _holds(texts[-1], dialect)
    return None if held is None else held != negate


def _close(toks: list[_Tok], i: int) -> int:
    """The index of the bracket closing ``toks[i]`` (``(``, ``{``), or -1."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    stack: list[str] = []
    for j in range(i, len(toks)):
        t = toks[j].text if toks[j].kind == "p" else ""
        if t in pairs:
            stack.append(pairs[t])
        elif t in (")", "}", "]"):
            if not stack or stack.pop() != t:
                return -1
            if not stack:
                return j
    return -1


def _chain(
    toks: list[_Tok], i: int, decide: Callable[[list[_Tok]], bool | None]
) -> tuple[list[tuple[int, int]], int] | None:
    """For the ``if`` at ``toks[i]``: (the spans of its branches that do not
    run, the index past the chain); None when a condition is not known
    (``decide`` of its tokens is None) or a branch is no braced block."""
    branches: list[tuple[bool, int, int]] = []  # (runs?, body start, body end)
    taken = False
    while True:
        if toks[i].text in ("if", "elseif") or (
            toks[i].text == "else" and i + 1 < len(toks) and toks[i + 1].text == "if"
        ):
            i += 2 if toks[i].text == "else" else 1
            if i >= len(toks) or toks[i].text != "(":
                return None
            end = _close(toks, i)
            value = decide(toks[i + 1 : end]) if end > 0 else None
            if value is None:
                return None
            i = end + 1
            runs = value and not taken
        elif toks[i].text == "else":
            i += 1
            runs = not taken
        else:
            break
        if i >= len(toks) or toks[i].text != "{":
            return None
        end = _close(toks, i)
        if end < 0:
            return None
        branches.append((runs, toks[i].end, toks[end].start))
        taken = taken or runs
        i = end + 1
        if i >= len(toks) or toks[i].text not in ("elseif", "else"):
            break
    return [(a, b) for runs, a, b in branches if not runs], i


def _switch(toks: list[_Tok], i: int, dialect: str) -> list[tuple[int, int]] | None:
    """For ``switch (true) {`` at ``toks[i]``: the spans of the cases that do
    not run; None when a case is not known or may fall through."""
    if [t.text for t in toks[i + 1 : i + 5]] != ["(", "true", ")", "{"]:
        return None
    end = _close(toks, i + 4)
    if end < 0:
        return None
    labels: list[tuple[bool | None, int, int]] = []  # (holds, label start, body start)
    j = i + 5
    depth = 0
    while j < end:
        t = toks[j]
        if t.kind == "p" and t.text in "({[":
            depth += 1
        elif t.kind == "p" and t.text in ")}]":
            depth -= 1
        elif depth == 0 and t.text in ("case", "default"):
            colon = next((k for k in range(j + 1, end) if toks[k].text in (":", ";")), -1)
            if colon < 0:
                return None
            holds = True if t.text == "default" else _condition(toks[j + 1 : colon], dialect)
            labels.append((holds, t.start, toks[colon].end))
            j = colon
        j += 1
    if any(h is None for h, _a, _b in labels):
        return None
    bodies = []
    for n, (holds, _start, body) in enumerate(labels):
        stop = labels[n + 1][1] if n + 1 < len(labels) else toks[end].start
        last = [t.text for t in toks if body <= t.start < stop]
        if last and not ("break" in last or "return" in last):
            return None  # a case falling through
        bodies.append((bool(holds), body, stop, labels[n][1]))
    # the first case that holds runs (default only when none does)
    first = next(
        (n for n, (h, _b, _s, at) in enumerate(bodies) if h and not _is_default(toks, at)), None
    )
    if first is None:
        first = next((n for n, (*_r, at) in enumerate(bodies) if _is_default(toks, at)), None)
    return [(b, s) for n, (_h, b, s, _at) in enumerate(bodies) if n != first]


def _is_default(toks: list[_Tok], at: int) -> bool:
    """Whether the label at offset ``at`` is ``default:``."""
    return any(t.start == at and t.text == "default" for t in toks)


def _skips(toks: list[_Tok], i: int, body_end: int, dialect: str) -> tuple[int, int] | None:
    """For ``$this->skipIf(`` / ``abortIf(`` at ``toks[i]`` (the method's
    name): the rest of ``up()`` when its condition holds on ``dialect``."""
    if i + 1 >= len(toks) or toks[i + 1].text != "(":
        return None
    end = _close(toks, i + 1)
    if end < 0:
        return None
    depth = 0
    comma = end
    for k in range(i + 2, end):
        t = toks[k].text if toks[k].kind == "p" else ""
        if t in "([{" and t:
            depth += 1
        elif t in ")]}" and t:
            depth -= 1
        elif t == "," and depth == 0:
            comma = k
            break
    if _condition(toks[i + 2 : comma], dialect) is not True:
        return None
    return toks[end].end, body_end


def unrun_spans(text: str, dialect: str) -> list[tuple[int, int]]:
    """The spans of Doctrine migration ``text``'s ``up()`` that do not run
    on ``dialect`` (see the module docstring); [] when nothing is known."""
    if "instanceof" not in text:
        return []
    body = _method_body(text, "up")
    if body is None:
        return []
    toks = _tokens(text, *body)
    out: list[tuple[int, int]] = []
    depth = 0
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "p" and t.text in "{(":
            depth += 1
        elif t.kind == "p" and t.text in "})":
            depth -= 1
        elif t.text == "if" and t.kind == "w":
            found = _chain(toks, i, lambda cond: _condition(cond, dialect))
            if found is not None:
                out += found[0]
        elif t.text == "switch" and t.kind == "w":
            cases = _switch(toks, i, dialect)
            if cases is not None:
                out += cases
        elif (
            depth == 0
            and t.text in ("skipIf", "abortIf")
            and i >= 2
            and toks[i - 1].text == "->"
            and toks[i - 2].text == "$this"
        ):
            rest = _skips(toks, i, body[1], dialect)
            if rest is not None:
                out.append(rest)
                break
        i += 1
    return out


def blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` blanked (line breaks kept: lines stay put)."""
    chars = list(text)
    for a, b in spans:
        for k in range(a, b):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


#: The databases a Doctrine project's branches are judged for in the gate:
#: those DBAL's common platforms stand for (SQL Server and Oracle when named).
_FAMILIES = ("sqlite", "mysql", "postgres")


def platform_guards(text: str) -> list[Guard]:
    """The branches of Doctrine migration ``text`` on the platform, as the
    gate's guards (:class:`~dbnamelint.django_vendor.Guard`): each span some
    database does not run, with the databases that do (``only``), so that the
    gate judges a new branch's names on those, whatever the one the model
    reads (a ``BadName`` in a MySQL-only branch of a SQLite tree)."""
    from dbnamelint.django_vendor import Guard

    families = [
        *_FAMILIES,
        *(["tsql"] if "SQLServer" in text else []),
        *(["oracle"] if "OraclePlatform" in text else []),
    ]
    unrun: dict[tuple[int, int], set[str]] = {}
    for family in families:
        for span in unrun_spans(text, family):
            unrun.setdefault(span, set()).add(family)
    return [
        Guard(a, b, frozenset(f for f in families if f not in never))
        for (a, b), never in sorted(unrun.items())
    ]
