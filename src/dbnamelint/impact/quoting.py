"""How ``impact --diff`` writes a new name that SQL must quote.

A whitelist target such as ``'"finishedAt"'`` (PostgreSQL) names a column
only quoted: PostgreSQL folds a bare ``finishedAt`` to ``finishedat``
(manual 4.1.1), so a query patched to ``SET finishedAt = now()`` fails
with ``column "finishedat" does not exist``. Where a reference is SQL text
(``SQL`` contexts, MyBatis mappers, MyBatis-Plus annotations) and the
target needs quotes (:attr:`Target.target_quoted`: folding, reserved words,
other characters), the new name is written with the dialect's quotes
(:meth:`DialectProfile.quote`: ``"x"``, backticks for MySQL, ``[x]`` for
SQL Server), escaped as the string literal holding it requires (``\\"x\\"``
in a ``"..."`` literal, ``\\`x\\``` in a JS template); a name already quoted
in the code keeps its quotes. A literal that cannot hold the quote (a Go raw
string and a backtick, a raw ``r"..."`` and a double quote) is left as
written, with a note. A JPA ``@Table``/``@Column`` name is quoted as
Hibernate quotes ("Quoted identifiers": the name in backticks,
```finishedAt```). Names that ORMs quote themselves (SQLAlchemy, Django,
Rails, Prisma, TypeORM...) are written bare; a table-name constant, list
or query-builder string, which code may paste into SQL as it is, is
written bare with a note. Reads text only.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

from dbnamelint.dialects import profile_for
from dbnamelint.impact import jpa, mybatis
from dbnamelint.impact.classify import JPA_TABLE_LABELS
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.sqlscope import string_literals

#: Per line number, per 1-based column: the new name as written there, or
#: None where it cannot be written (the place is left as it is).
Spelling = dict[int, str | None]

#: Contexts whose name is SQL text, outside the ``SQL ...`` labels.
_SQL_TEXT = frozenset({"MyBatis-Plus @TableName", "MyBatis-Plus @TableField", mybatis.ALIAS_LABEL})
#: Hibernate reads these names into SQL as written unless quoted in backticks.
_HIBERNATE = frozenset({"JPA @Column"}) | JPA_TABLE_LABELS | jpa.LABELS
#: Strings code may paste into SQL as they are (``fmt.Sprintf(q, usersTable)``).
_PASTED = frozenset(
    {"table-name constant", "table-name list", "Go query builder", "Go Sprintf table argument"}
)
_CLOSERS = {'"': '"', "`": "`", "[": "]"}


def _sql_text(context: str) -> bool:
    return context.startswith("SQL") or context in _SQL_TEXT


def spellings(
    path: str, text: str, lines: Mapping[int, Sequence[Reference]]
) -> tuple[dict[int, Spelling], list[str]]:
    """(line -> column -> the new name as written there, notes) for the
    references of one file (``text``: its lines as the patch holds them)
    whose target SQL must quote; other references are not listed."""
    starts = [0]
    for piece in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(piece))
    literals: list[tuple[int, int, str]] | None = None
    out: dict[int, Spelling] = {}
    notes: list[str] = []
    for number, refs in sorted(lines.items()):
        for ref in refs:
            new = ref.target.target
            if not new or not ref.target.target_quoted:
                continue
            profile = profile_for(ref.target.dialect)
            where = f"{path}:{number}:{ref.column}"
            if ref.context in _HIBERNATE:
                # Quoted inside the annotation's string: "`t`" or "\"t\"".
                head = ref.text[: ref.column - 1]
                if not head.endswith(("`", '\\"')):
                    out.setdefault(number, {})[ref.column] = f"`{new}`"
                continue
            if ref.context in _PASTED:
                notes.append(
                    f"{where}: {ref.name} renamed to {new}, written bare: where the code "
                    f"puts it into SQL, quote it ({profile.quote(new)}), or "
                    f"{ref.target.dialect or 'the database'} reads another name"
                )
                continue
            if not _sql_text(ref.context):
                continue
            if literals is None:
                literals = string_literals(path, text)
            at = starts[number - 1] + ref.column - 1
            opening, first = _literal(literals, at)
            if not first and _quoted(ref.text, ref.column - 1, ref.end_column - 1):
                continue  # already quoted: the name alone changes
            written = _escaped(profile.quote(new), opening, path)
            if written is None:
                notes.append(
                    f"{where}: {ref.name} not rewritten: SQL must quote {new} "
                    f"({profile.quote(new)}), which this string literal ({opening}...) cannot "
                    "hold as it is; rename it by hand"
                )
            out.setdefault(number, {})[ref.column] = written
    return out, notes


def _quoted(line: str, start: int, end: int) -> bool:
    """Whether ``line[start:end]`` is between identifier quotes (``"x"``,
    ``\\"x\\"``, backticks, ``[x]``)."""
    closer = _CLOSERS.get(line[start - 1 : start]) if start else None
    if closer is None:
        return False
    return line[end : end + 1] == closer or line[end : end + 2] == "\\" + closer


def _literal(literals: list[tuple[int, int, str]], at: int) -> tuple[str, bool]:
    """(the opening of the string literal holding offset ``at``, or ``""``;
    whether ``at`` is the literal's first character)."""
    k = bisect.bisect_right(literals, (at, float("inf"), "")) - 1
    if k >= 0 and literals[k][0] <= at <= literals[k][1]:
        return literals[k][2], at == literals[k][0]
    return "", False


def _escaped(quoted: str, opening: str, path: str) -> str | None:
    """``quoted`` as written inside a literal opened by ``opening``; None when it cannot be."""
    delimiter = opening.lstrip("rRbBuUfF@$#")
    if not opening or opening.startswith("<<") or len(delimiter) == 3:
        return quoted  # SQL text, a heredoc or a triple-quoted string: as it is
    if delimiter not in quoted:
        return quoted
    prefix = opening[: len(opening) - len(delimiter)]
    if "#" in prefix:
        return quoted  # Rust r#"..."#: a quote does not end it
    if any(c in "rR@" for c in prefix) or (delimiter == "`" and path.lower().endswith(".go")):
        return None  # a raw string: no escape exists
    return quoted.replace(delimiter, "\\" + delimiter)
