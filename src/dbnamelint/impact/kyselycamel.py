"""Kysely strings that Kysely's ``CamelCasePlugin`` sends as snake_case names.

A project whose ``Kysely`` is made with ``plugins: [new CamelCasePlugin()]``
writes its queries in camelCase: ``.selectFrom('spaceMembers')``,
``.where('spaceMembers.spaceId', '=', id)``; the plugin maps every
identifier to snake_case before the query is sent (``space_members``,
``space_id``). Those strings are no spelling of the old name, so the search
never found them (trial s39 docmost: 66 uses of ``space_members``, none
found). Here, once some file of the project makes the plugin, each Kysely
string (:class:`~dbnamelint.impact.kysely.KyselyFile`: a table or reference
argument) whose name the plugin maps to a target's old name is a
high-confidence reference: a table, or a column of a table the string
qualifies it with (or of the one table its query names).

The mapping is Kysely 0.28's ``createSnakeCaseMapper``
(``dist/cjs/plugin/camel-case/camel-case.js``) with the options the plugin is
made with (``upperCase``, ``underscoreBeforeDigits``,
``underscoreBetweenUppercaseLetters``) when written as literals; its search
word is ``createCamelCaseMapper``'s spelling of the old name. ``--diff``
writes the camelCase spelling of the new name there. Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.kysely import KyselyFile
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target

LABEL = "Kysely CamelCasePlugin name"
#: The file suffixes read for the plugin and its queries.
GLOBS = ("*.ts", "*.tsx", "*.mts", "*.cts", "*.js", "*.jsx", "*.mjs", "*.cjs")
#: The word a file making the plugin holds (searched first, as plain text).
WORD = "CamelCasePlugin"
_PLUGIN = lazy_compile(r"\bnew\s+CamelCasePlugin\s*\(\s*(?P<options>\{[^{}]*\})?\s*\)")
_OPTION = lazy_compile(
    r"\b(?P<key>upperCase|underscoreBeforeDigits|underscoreBetweenUppercaseLetters)\s*:\s*"
    r"(?P<value>true|false)\b"
)
_WORD = lazy_compile(r"(?<![\w$])[A-Za-z_$][\w$]*")


class Options(Struct, frozen=True):
    """The ``CamelCasePlugin`` options that change the names it sends."""

    upper_case: bool = False
    underscore_before_digits: bool = False
    underscore_between_uppercase_letters: bool = False


def plugin_options(text: str) -> Options | None:
    """The options of the first ``new CamelCasePlugin(...)`` of ``text``, or
    None when it makes none (or passes options not written as an object)."""
    made = _PLUGIN.search(text)
    if made is None:
        return None
    values = {m.group("key"): m.group("value") == "true" for m in _OPTION.finditer(made.group())}
    return Options(
        values.get("upperCase", False),
        values.get("underscoreBeforeDigits", False),
        values.get("underscoreBetweenUppercaseLetters", False),
    )


def snake(name: str, options: Options) -> str:
    """What the plugin sends for ``name`` (Kysely's ``createSnakeCaseMapper``)."""
    if not name:
        return name
    out = name[0].lower()
    for i in range(1, len(name)):
        char, prev = name[i], name[i - 1]
        if (
            options.underscore_before_digits
            and char.isdigit()
            and not prev.isdigit()
            and not out.endswith("_")
        ):
            out += "_" + char
            continue
        if char == char.upper() and char.upper() != char.lower():
            prev_upper = prev == prev.upper() and prev.upper() != prev.lower()
            if options.underscore_between_uppercase_letters or not prev_upper:
                out += "_" + char.lower()
            else:
                out += char.lower()
        else:
            out += char
    return out.upper() if options.upper_case else out


def camel(name: str) -> str:
    """The camelCase spelling of ``name`` (Kysely's ``createCamelCaseMapper``)."""
    if not name:
        return name
    out = name[0]
    for i in range(1, len(name)):
        if name[i] != "_":
            out += name[i].upper() if name[i - 1] == "_" else name[i]
    return out


def _olds(target: Target) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*target.old_names, *target.stored)))


def words(targets: Iterable[Target]) -> set[str]:
    """The camelCase spellings of the tables' and columns' old names that
    differ from them (the files to read hold one)."""
    out: set[str] = set()
    for target in targets:
        if target.kind in ("table", "column"):
            out |= {camel(old) for old in _olds(target) if camel(old) != old}
    return out


def references(
    path: str, text: str, targets: Iterable[Target], options: Options
) -> Iterator[Reference]:
    """A high-confidence reference per Kysely string name in ``text`` the
    plugin sends as a table target's old name, or as a column target's old
    name with its table qualified."""
    found = KyselyFile.parse(path, text)
    if found is None:
        return
    tables: dict[str, list[Target]] = {}
    columns: dict[tuple[str, str], list[Target]] = {}
    #: a chain's one table, as the reader gives it (case folded), to the table
    folded: dict[str, str] = {}
    for target in targets:
        for old in _olds(target):
            if target.kind == "table":
                tables.setdefault(old, []).append(target)
            elif target.kind == "column":
                for table in target.tables:
                    bare = table.rpartition(".")[2]
                    columns.setdefault((bare, old), []).append(target)
                    folded[camel(bare).casefold()] = bare
    wanted = set(tables) | {c for _, c in columns}
    for m in _WORD.finditer(text):
        written = m.group()
        sent = snake(written, options)
        if sent == written or sent not in wanted:
            continue  # a name spelled as sent is found by the search itself
        site = found.site(m.start(), m.end())
        if site is None:
            continue
        if site.part == "table":
            hits = tables.get(sent, [])
        elif site.table is None:
            hits = []
        else:
            # a qualified column's table as written (spaceMembers.spaceId), or a
            # bare column's, the chain's one table, case folded (spacemembers)
            owner = snake(site.table, options)
            if (owner, sent) not in columns:
                owner = folded.get(site.table.casefold(), owner)
            hits = columns.get((owner, sent), [])
        start = text.rfind("\n", 0, m.start()) + 1
        stop = text.find("\n", m.start())
        line = text[start : len(text) if stop < 0 else stop].rstrip("\r")
        col = m.start() - start + 1
        number = text.count("\n", 0, m.start()) + 1
        for target in hits:
            yield Reference(
                path, number, col, col + len(written), line, written, target, HIGH, LABEL
            )


def new_spelling(name: str) -> str:
    """What ``--diff`` writes for the new name ``name`` at such a place."""
    return camel(name) if re.fullmatch(r"[a-z0-9_]+", name) else name
