"""The ``IF`` arms of a PL/pgSQL body, so each statement knows which it is in.

:func:`if_arms` cuts a body (``DO $$ ... $$``'s) into its ``IF c0 THEN ...
[ELSIF c1 THEN ...] [ELSE ...] END IF`` statements (manual 43.6.2); the
:class:`~dbnamelint.model.Branch` path of a statement's offset then says
under which conditions PostgreSQL runs it, for replay to decide what it can
(:mod:`dbnamelint.replay.branch_tests`). Strings and comments are left out
first, and ``IF`` counts only where a statement starts, so ``DROP INDEX IF
EXISTS`` inside a statement is no ``IF``. A searched ``CASE WHEN c0 THEN
... [ELSE ...] END CASE`` statement is read as such a chain. An arm holding
a ``RETURN`` of its own ends the routine: the statements after its ``IF``
get a :class:`Branch` with ``returns`` (run unless that arm is taken). An
``IF`` inside a loop is left out (each pass tests it again). A body whose
blocks do not nest as PL/pgSQL's do (``END IF`` closing a loop, a ``CASE``
in a condition) gives None: its statements keep being read as if every arm
ran.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Branch

__all__ = ["if_arms"]

#: Literals (dollar-quoted too) and comments: blanked before reading words.
_HIDDEN = lazy_compile(r"'(?:[^']|'')*'|(\$(?:[^\W\d]\w*)?\$).*?\1|--[^\n]*|/\*.*?\*/", re.DOTALL)
_TOKEN = lazy_compile(r'[^\W\d][\w$]*|"(?:[^"]|"")*"|>>|[;()]')
#: What a statement starts after: the body's start, ``;``, a label, or these.
_OPENERS = frozenset({"BEGIN", "THEN", "ELSE", "LOOP", ";", ">>"})
#: What a bare ``END`` closes: a block, or a ``CASE`` expression.
_BARE_ENDS = ("BEGIN", "EXCEPTION", "CASE")


@dataclass
class _If:
    at: int  # the IF's (or searched CASE's) offset in the body
    tests: list[str] = field(default_factory=list)
    arms: list[tuple[int, int]] = field(default_factory=list)
    condition: int = -1  # where the condition being read starts (-1: in an arm)
    arm: int = -1  # where the arm being read starts
    case: bool = False  # ``CASE WHEN c0 THEN ... WHEN c1 THEN ... END CASE``
    returns: set[int] = field(default_factory=set)  # arms holding a RETURN of their own
    end: int = -1  # where its END IF/END CASE starts
    #: The arm (IF, index) it is written in, if any: a RETURN here ends the
    #: statements after it up to that arm's end, else to the body's.
    parent: tuple[_If, int] | None = None
    followed: bool = True  # in plain blocks and IF/CASE arms only (no loop, handler...)


def if_arms(body: str, base: int, block: int) -> Callable[[int], tuple[Branch, ...]] | None:
    """For an offset in ``body``, the arms (outermost first) holding it, each
    a :class:`Branch` of the run ``block`` located at ``base`` plus its
    ``IF``'s offset; None when the body's blocks cannot be followed."""
    masked = _HIDDEN.sub(lambda m: " " * len(m.group(0)), body)
    tokens = [(m.group(0).upper(), m.start(), m.end()) for m in _TOKEN.finditer(masked)]
    done: list[_If] = []
    stack: list[_If | str] = []
    depth = 0
    previous = ";"
    for index, (word, start, end) in enumerate(tokens):
        top = stack[-1] if stack else None
        reading = isinstance(top, _If) and top.condition >= 0
        if word == "(":
            depth += 1
        elif word == ")":
            depth -= 1
        elif depth > 0:
            pass
        elif reading:
            assert isinstance(top, _If)
            if word == "THEN":
                top.tests.append(body[top.condition : start].strip())
                top.condition, top.arm = -1, end
            elif word in ("CASE", ";", "BEGIN", "LOOP", "END"):
                return None  # not a condition this reader follows
        elif word == "IF" and previous in _OPENERS:
            made = _If(start, condition=end, parent=_enclosing(stack), followed=_followed(stack))
            stack.append(made)
        elif word == "CASE" and previous in _OPENERS and _next(tokens, index) == "WHEN":
            stack.append(_If(start, case=True, parent=_enclosing(stack), followed=_followed(stack)))
        elif word == "EXCEPTION" and previous in _OPENERS and top == "BEGIN":
            stack[-1] = "EXCEPTION"  # its handlers run only on an error
        elif word == "WHEN" and isinstance(top, _If) and top.case:
            if top.arm >= 0:
                top.arms.append((top.arm, start))
            top.condition, top.arm = end, -1
        elif word == "RETURN" and previous in _OPENERS:
            if _next(tokens, index) not in ("NEXT", "QUERY"):  # those return nothing yet
                holder = _enclosing(stack)
                if holder is not None:
                    holder[0].returns.add(holder[1])
        elif word in ("ELSIF", "ELSEIF", "ELSE") and isinstance(top, _If):
            top.arms.append((top.arm, start))
            top.arm = end
            if word != "ELSE":
                top.condition, top.arm = end, -1
        elif word == "END":
            following = _next(tokens, index)
            if following == "IF" or (following == "CASE" and isinstance(top, _If) and top.case):
                if not isinstance(top, _If) or top.arm < 0 or top.case != (following == "CASE"):
                    return None
                top.arms.append((top.arm, start))
                top.end = start
                if "LOOP" not in stack:
                    done.append(top)  # in a loop each pass tests it again: not decided once
            elif top != following if following in ("LOOP", "CASE") else top not in _BARE_ENDS:
                return None  # END LOOP/CASE closing something else, or a bare END
            if not stack:
                return None
            stack.pop()
        elif word in ("BEGIN", "CASE", "LOOP") and previous != "END":
            stack.append(word)
        if word not in ("(", ")"):
            previous = word
    if depth != 0 or stack:
        return None
    if not done:
        return lambda _offset: ()

    def arms(offset: int) -> tuple[Branch, ...]:
        out: list[Branch] = []
        for chain in sorted(done, key=lambda c: c.at):
            for taken, (first, last) in enumerate(chain.arms):
                if first <= offset < last:
                    out.append(Branch(block, base + chain.at, taken, tuple(chain.tests)))
            if chain.returns and chain.followed:
                out.extend(_after_return(chain, offset, len(body), block, base))
        return tuple(out)

    return arms


def _after_return(chain: _If, offset: int, body_end: int, block: int, base: int) -> list[Branch]:
    """For a statement at ``offset`` after ``chain`` (an IF one of whose
    arms RETURNs) or after an IF it is nested in, up to the end of the arm or
    body holding that one: run unless the RETURN's arm, and the outer arms
    leading to it (``within``), are taken."""
    within: list[Branch] = []
    level = chain
    while not level.end <= offset < _region_end(level, body_end):
        if level.parent is None or offset < level.end:
            return []
        holder, arm = level.parent
        within.insert(0, Branch(block, base + holder.at, arm, tuple(holder.tests)))
        level = holder
    tests = tuple(chain.tests)
    return [
        Branch(block, base + chain.at, taken, tests, True, tuple(within))
        for taken in sorted(chain.returns)
    ]


def _next(tokens: list[tuple[str, int, int]], index: int) -> str:
    return tokens[index + 1][0] if index + 1 < len(tokens) else ""


def _innermost(stack: list[_If | str]) -> _If | None:
    """The innermost IF/CASE the stack is in, past plain ``BEGIN`` blocks
    (None when a loop or simple CASE comes first: each pass, or an arm
    replay does not follow)."""
    for item in reversed(stack):
        if isinstance(item, _If):
            return item
        if item != "BEGIN":
            return None
    return None


def _followed(stack: list[_If | str]) -> bool:
    return all(isinstance(item, _If) or item == "BEGIN" for item in stack)


def _enclosing(stack: list[_If | str]) -> tuple[_If, int] | None:
    """The arm (IF, its index) a statement starting now is in, if any."""
    holder = _innermost(stack)
    if holder is None or holder.arm < 0:
        return None
    return holder, len(holder.arms)


def _region_end(chain: _If, body_end: int) -> int:
    """Where the statements a RETURN in ``chain`` skips end: its enclosing
    arm's end, else the body's (a RETURN ends the whole routine)."""
    if chain.parent is None:
        return body_end
    holder, arm = chain.parent
    return holder.arms[arm][1] if arm < len(holder.arms) else -1
