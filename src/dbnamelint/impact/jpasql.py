"""Hibernate's SQL fragments on an entity: SQL about the entity's own table.

``@SQLRestriction("`IsDeleted` = false")`` (Hibernate 6.3+) and
``@Where(clause = "IsDeleted = 0")`` (earlier) on an entity class add their
fragment to every query of the entity's table (Hibernate javadoc,
``org.hibernate.annotations.SQLRestriction``: "a restriction written in
native SQL ... applied to the entity table"). The fragment is no statement,
so it does not read as SQL by itself: each string of the annotation becomes
a :class:`~dbnamelint.impact.gormconv.Clause` whose table is the entity's,
``@Table(name = ...)``'s literal (quotes and backticks removed) or JPA's
default, the entity name under either physical naming (Hibernate's keeps
it, Spring Boot's :func:`spring_physical_name`). Only on the class (the
annotation run before ``class``); on a collection attribute the fragment is
about the element's table, which this reading does not follow.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.gormconv import Clause
from dbnamelint.impact.sqlscope import string_literals

_SUFFIXES = (".java", ".kt")
_PACKAGE = r"(?:org\.hibernate\.annotations\.)?"
_RESTRICTION = lazy_compile(r"@" + _PACKAGE + r"(?:SQLRestriction|Where)\s*\(")
_CLASS = lazy_compile(r"\bclass\s+([A-Za-z_$][\w$]*)")
_TABLE = lazy_compile(
    r"@(?:(?:jakarta|javax)\.persistence\.)?Table\s*\(\s*(?:name\s*=\s*)?\"([^\"]*)\""
)
_ENTITY_NAME = lazy_compile(
    r"@(?:(?:jakarta|javax)\.persistence\.)?Entity\s*\(\s*(?:name\s*=\s*)?\"([^\"]*)\""
)


def spring_physical_name(name: str) -> str:
    """Spring Boot's ``CamelCaseToUnderscoresNamingStrategy`` of a logical name.

    Dots become underscores; an underscore goes before each upper-case
    character between two lower-case ones; the result is lower-cased
    (``GuildMemberGate`` -> ``guild_member_gate``, ``HTTPRequest`` ->
    ``httprequest``), as the strategy's ``apply`` does.
    """
    chars = list(name.replace(".", "_"))
    i = 1
    while i < len(chars) - 1:
        if chars[i - 1].islower() and chars[i].isupper() and chars[i + 1].islower():
            chars.insert(i, "_")
            i += 1
        i += 1
    return "".join(chars).lower()


def _close(text: str, at: int) -> int:
    """The offset after the ``)`` closing the ``(`` at ``text[at]`` (strings skipped)."""
    depth, i, quote = 0, at, ""
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char == '"':
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def restriction_clauses(path: str, text: str) -> list[Clause]:
    """Each string of an entity class's ``@SQLRestriction``/``@Where``, with the
    entity's table names (folded): empty for other files."""
    if not path.endswith(_SUFFIXES) or ("SQLRestriction" not in text and "@Where" not in text):
        return []
    literals: list[tuple[int, int, str]] | None = None
    out: list[Clause] = []
    for found in _RESTRICTION.finditer(text):
        close = _close(text, found.end() - 1)
        declared = _CLASS.search(text, close)
        # The class the annotation is on: no statement, field or method between them.
        if declared is None or any(c in text[close : declared.start()] for c in ";{}"):
            continue
        run = max(text.rfind(c, 0, found.start()) for c in ";{}") + 1
        head = text[run : declared.start()]
        table = _TABLE.search(head)
        named = _ENTITY_NAME.search(head)
        if table is not None:
            names = {table.group(1).strip('`"[]')}
        else:
            logical = named.group(1) if named is not None else declared.group(1)
            names = {logical, spring_physical_name(logical)}
        tables = frozenset(n.casefold() for n in names if n)
        if literals is None:
            literals = string_literals(path, text)
        out += [Clause(a, b, tables) for a, b, _o in literals if found.end() <= a and b < close]
    return out
