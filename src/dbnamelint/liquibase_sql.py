"""Liquibase: formatted SQL's changesets, and what a changelog includes.

A file whose first line is ``-- liquibase formatted sql`` is a list of
changesets, each opened by a ``-- changeset author:id [attributes]`` line;
Liquibase runs each changeset on its own, so the last statement of one needs
no ``;``. Facts, from Liquibase's ``AbstractFormattedChangeLogParser``
(liquibase-standard) and its manual ("Example Changelogs: SQL Format"), each
pattern matched against a whole line, case-insensitive:

- first line (blank lines skipped): ``^\\s*--\\s*liquibase\\s*formatted.*``;
- changeset: ``\\s*--[\\s]*changeset\\s+("[^"]+"|[^:]+):\\s*("[^"]+"|\\S+).*``;
- ``splitStatements:(\\w+)`` (default true), ``endDelimiter:(\\S*)``
  (default ``;``), ``dbms:([^,][\\w!,]+)``; ``context:``, ``contextFilter:``
  and ``labels:`` (``(\".*?\"|\\S*)``, the last one on the line: the
  patterns open with a greedy ``.*``).

``dbms`` is a comma list of Liquibase database short names; ``all`` matches
every database, ``none`` none, ``!name`` excludes one, and a list of
exclusions only matches the rest (``DatabaseList.definitionMatches``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile

__all__ = [
    "CHANGELOG_SUFFIXES",
    "DBMS_DIALECTS",
    "Changeset",
    "changesets",
    "data_entries",
    "dbms_matches",
    "is_changelog_text",
    "is_formatted_sql",
    "liquibase_dbms",
    "read_head",
    "structured_changesets",
    "xml_entries",
]

#: Blank lines before it are skipped (``FormattedSqlChangeLogParser.supports``).
_FIRST_LINE = lazy_compile(r"\s*--[ \t]*liquibase[ \t]*formatted", re.IGNORECASE)
_CHANGESET = lazy_compile(
    r"^[ \t]*--[ \t]*changeset[ \t]+(?:\"[^\"\n]+\"|[^:\n]+):[ \t]*(?:\"[^\"\n]+\"|\S+)[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_SPLIT = lazy_compile(r"splitStatements:(\w+)", re.IGNORECASE)
_END_DELIMITER = lazy_compile(r"\bendDelimiter:(\S*)", re.IGNORECASE)
_DBMS = lazy_compile(r"dbms:([^,\s][\w!,]+)", re.IGNORECASE)
_IGNORE = lazy_compile(r"(?<![\w-])ignore:(\w+)", re.IGNORECASE)
_CONTEXT = lazy_compile(r"context:(\".*?\"|\S*)", re.IGNORECASE)
_CONTEXT_FILTER = lazy_compile(r"contextFilter:(\".*?\"|\S*)", re.IGNORECASE)
_LABELS = lazy_compile(r"labels:(\".*?\"|\S*)", re.IGNORECASE)

#: dbnamelint dialect -> Liquibase's ``Database.getShortName()``.
_SHORT_NAMES = {
    "postgres": "postgresql",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "sqlite": "sqlite",
    "tsql": "mssql",
    "oracle": "oracle",
    "cockroach": "cockroachdb",
    "cockroachdb": "cockroachdb",
    "redshift": "redshift",
    "snowflake": "snowflake",
}


class Changeset(Struct, frozen=True):
    """One ``-- changeset`` line: offsets of the line (start, end) in the file's
    text, the line's text, and what its attributes say."""

    start: int
    end: int
    line: str
    split_statements: bool
    end_delimiter: str | None
    dbms: str | None
    context: str | None = None
    context_filter: str | None = None
    labels: str | None = None
    #: ``ignore:true``: Liquibase runs it on no database.
    ignore: bool = False


def is_formatted_sql(text: str) -> bool:
    """Whether ``text`` (decoded, BOM stripped) opens with Liquibase's first line
    (after blank lines)."""
    return text[:1] in " \t\r\n-" and _FIRST_LINE.match(text) is not None


def changesets(text: str) -> tuple[Changeset, ...]:
    """The changeset lines of a formatted-SQL ``text``, in file order (none for
    another file)."""
    if not is_formatted_sql(text):
        return ()
    out: list[Changeset] = []
    for match in _CHANGESET.finditer(text):
        line = match.group()
        split = _SPLIT.search(line)
        delimiter = _END_DELIMITER.search(line)
        dbms = _DBMS.search(line)
        out.append(
            Changeset(
                match.start(),
                match.end(),
                line.strip(),
                split is None or split.group(1).lower() != "false",
                delimiter.group(1) or None if delimiter is not None else None,
                dbms.group(1) if dbms is not None else None,
                _last(_CONTEXT, line),
                _last(_CONTEXT_FILTER, line),
                _last(_LABELS, line),
                (_last(_IGNORE, line) or "").lower() == "true",
            )
        )
    return tuple(out)


def _last(pattern: re.Pattern[str], line: str) -> str | None:
    """The value of the last match of an attribute on a changeset line, or None."""
    found = pattern.findall(line)
    return found[-1] or None if found else None


#: Liquibase's ``dbms`` short names -> the dialect dbnamelint reads them as.
DBMS_DIALECTS = {
    "postgresql": "postgres",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "sqlite": "sqlite",
    "mssql": "tsql",
    "oracle": "oracle",
}


def liquibase_dbms(dialect: str) -> str | None:
    """Liquibase's short name for a dbnamelint dialect, or None (no counterpart)."""
    key = dialect.lower()
    return _SHORT_NAMES.get({"postgresql": "postgres", "mssql": "tsql"}.get(key, key))


def dbms_matches(definition: str, short_name: str) -> bool:
    """Whether a ``dbms`` definition lets Liquibase run a changeset on ``short_name``
    (``DatabaseList.definitionMatches``; an empty definition matches)."""
    names = [n.strip().lower() for n in definition.split(",") if n.strip()]
    if not names or "all" in names:
        return True
    if "none" in names or f"!{short_name}" in names:
        return False
    wanted = {n for n in names if not n.startswith("!")}
    return not wanted or short_name in wanted


#: Contexts that name a database, as applications choosing the context by the
#: database they run on write them, with the ``dbms`` each stands for
#: (Fineract runs MariaDB under ``mysql``: ``DatabaseAwareMigrationContextProvider``).
_CONTEXT_DATABASES = {
    "mysql": "mysql,mariadb",
    "mariadb": "mariadb",
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "h2": "h2",
    "oracle": "oracle",
    "mssql": "mssql",
    "sqlite": "sqlite",
    "hsqldb": "hsqldb",
    "db2": "db2",
    "derby": "derby",
}
_CONTEXT_WORDS = lazy_compile(r"\s*(?:,|\s+or\s+)\s*", re.IGNORECASE)


def context_dbms(context: str | None) -> str | None:
    """The ``dbms`` a changeset's ``context`` names when every context of it is
    a database's name (``mysql``, ``postgresql, h2``), else None."""
    words = [w for w in _CONTEXT_WORDS.split((context or "").strip().strip("\"'").lower()) if w]
    if not words or any(w not in _CONTEXT_DATABASES for w in words):
        return None
    return ",".join(_CONTEXT_DATABASES[w] for w in words)


def contexts_pick_dbms(contexts: Iterable[str | None]) -> bool:
    """Whether a changelog's changeset ``contexts`` name two databases or more:
    then its application passes the database's context (Fineract's
    ``context="mysql"`` and ``context="postgresql"`` twins of one change,
    whose PostgreSQL ``ALTER TABLE t RENAME a TO b`` MySQL refuses), and a
    changeset with such a context runs on that database only, as with
    ``dbms``; read on every database, the twins gave a wrong model
    (trial s37 fineract)."""
    return len({found for c in contexts if (found := context_dbms(c)) is not None}) > 1


def changeset_dbms(dbms: str | None, context: str | None, by_context: bool) -> str:
    """The ``dbms`` a changeset runs under: its own, else (``by_context``:
    :func:`contexts_pick_dbms`) the database its context names; "" for any."""
    if dbms:
        return dbms
    return (context_dbms(context) if by_context else None) or ""


# -- changelogs ---------------------------------------------------------------------

#: What opens a changelog, whatever its file is called (``master.xml``): the XML
#: root element, the YAML key at the start of a line, the JSON key.
_CHANGELOG_MARK = lazy_compile(
    r"<databaseChangeLog\b|^databaseChangeLog[ \t]*:|\"databaseChangeLog\"[ \t]*:", re.MULTILINE
)
CHANGELOG_SUFFIXES = (".xml", ".yaml", ".yml", ".json")
#: How much of a file is read to tell a changelog (the mark comes after at most
#: an XML declaration and a licence comment).
_HEAD_BYTES = 16_384


def is_changelog_text(head: str) -> bool:
    """Whether a file's first characters are a Liquibase changelog's
    (``<databaseChangeLog``, ``databaseChangeLog:``, ``"databaseChangeLog":``)."""
    return "databaseChangeLog" in head and _CHANGELOG_MARK.search(head) is not None


def read_head(path: str) -> str:
    """The first characters of a file (at most 16 KiB), "" when unreadable."""
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 - a str path from a walk
            return handle.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""


_XML_COMMENT = lazy_compile(r"<!--.*?-->", re.DOTALL)
_XML_ENTRY = lazy_compile(
    r"<(include|includeAll|sqlFile|changeSet)\b([^>]*)>|</changeSet\s*>"
    r"|(<(?:\w+:)?preConditions\b[^>]*(?<!/)>.*?</(?:\w+:)?preConditions\s*>)",
    re.DOTALL,
)
_XML_ATTR = lazy_compile(r"\b(file|path|dbms|ignore)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def xml_entries(text: str) -> list[tuple[str, str, str]]:
    """``(kind, path, dbms)`` of an XML changelog's ``<include file>`` and
    ``<sqlFile path>`` (kind ``file``) and ``<includeAll path>`` (kind ``all``),
    in document order; ``dbms`` is the ``sqlFile``'s or its changeset's filter
    ("" for none). Commented-out elements are left out."""
    out: list[tuple[str, str, str]] = []
    changeset_dbms = ""
    for match in _XML_ENTRY.finditer(_XML_COMMENT.sub("", text)):
        tag, attrs = match.group(1), match.group(2)
        if match.group(3) is not None:  # a changeset's <preConditions>
            changeset_dbms = changeset_dbms or _xml_guard(match.group(3))
            continue
        if tag is None:  # </changeSet>
            changeset_dbms = ""
            continue
        values = {a.group(1): a.group(2) or a.group(3) or "" for a in _XML_ATTR.finditer(attrs)}
        if tag == "changeSet":
            changeset_dbms = "" if attrs.rstrip().endswith("/") else values.get("dbms", "")
            continue
        wanted = values.get("file" if tag == "include" else "path")
        if tag != "sqlFile" and values.get("ignore", "").strip().lower() == "true":
            continue  # Liquibase includes nothing of it (4.28)
        if wanted:
            kind = "all" if tag == "includeAll" else "file"
            dbms = values.get("dbms", "") if tag == "sqlFile" else ""
            out.append((kind, wanted, dbms or (changeset_dbms if tag == "sqlFile" else "")))
    return out


_XML_INCLUDE = lazy_compile(r"<include\b([^>]*)>")
_XML_IF_MISSING = lazy_compile(r"""\berrorIfMissing\s*=\s*(?:"\s*false\s*"|'\s*false\s*')""", re.I)
_XML_FILE = lazy_compile(r"""\bfile\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def optional_includes(text: str, suffix: str) -> frozenset[str]:
    """The ``file`` of each ``include`` of a changelog (its ``text``; ``suffix``
    ``.xml``, ``.yaml``/``.yml`` or ``.json``) whose own ``errorIfMissing`` is
    false: Liquibase skips such an include when its file is missing (Liquibase
    manual, "include"). Only the include element's own attribute counts; a
    ``sqlFile`` has none. Commented-out XML is left out."""
    if suffix.lower() == ".xml":
        out = set()
        for match in _XML_INCLUDE.finditer(_XML_COMMENT.sub("", text)):
            attrs = match.group(1)
            named = _XML_FILE.search(attrs)
            if named is not None and _XML_IF_MISSING.search(attrs):
                out.add(named.group(1) if named.group(1) is not None else named.group(2))
        return frozenset(out)
    try:
        if suffix.lower() == ".json":
            import json

            data = json.loads(text)
        else:
            from dbnamelint.config.yamlsafe import SafeYamlError, safe_load

            try:
                data = safe_load(text)
            except SafeYamlError:
                return frozenset()
    except ValueError:
        return frozenset()
    entries = data.get("databaseChangeLog") if isinstance(data, dict) else None
    found = set()
    for entry in entries if isinstance(entries, list) else ():
        include = _merged(entry.get("include")) if isinstance(entry, dict) else {}
        flag, name = include.get("errorIfMissing"), include.get("file")
        if isinstance(name, str) and (flag is False or str(flag).strip().lower() == "false"):
            found.add(name)
    return frozenset(found)


def data_entries(data: object) -> list[tuple[str, str, str]]:
    """The same as :func:`xml_entries` for a YAML or JSON changelog's data:
    ``include: {file}``, ``includeAll: {path}``, and ``sqlFile: {path}`` among
    a ``changeSet``'s ``changes``."""
    entries = data.get("databaseChangeLog") if isinstance(data, dict) else None
    out: list[tuple[str, str, str]] = []
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict):
            continue
        for key, kind, attr in (("include", "file", "file"), ("includeAll", "all", "path")):
            wanted = _merged(entry.get(key)).get(attr)
            if isinstance(wanted, str):
                out.append((kind, wanted, ""))
        change_set = _merged(entry.get("changeSet"))
        changes = change_set.get("changes")
        outer = change_set.get("dbms") or guard_dbms(
            _data_condition("preConditions", change_set.get("preConditions"))
        )
        for change in changes if isinstance(changes, list) else ():
            sql_file = _merged(change.get("sqlFile") if isinstance(change, dict) else None)
            path = sql_file.get("path")
            if isinstance(path, str):
                dbms = sql_file.get("dbms") or outer
                out.append(("file", path, dbms if isinstance(dbms, str) else ""))
    return out


#: A precondition as (tag, attributes, nested conditions).
Condition = tuple[str, dict[str, str], list["Condition"]]


def guard_dbms(condition: Condition | None) -> str:
    """A ``dbms`` definition (as :func:`dbms_matches` takes) equivalent to a
    changeset's ``preConditions`` when they test the database alone
    (``dbms type``, ``or`` of them, ``not`` of one, ``and`` of one), else "".
    ``onFail: WARN`` runs the changeset anyway: "" (Liquibase manual,
    "Preconditions")."""
    if condition is None:
        return ""
    tag, attrs, _children = condition
    if tag.lower() == "preconditions" and attrs.get("onFail", "").upper() == "WARN":
        return ""
    return _definition(condition) or ""


def _definition(condition: Condition) -> str | None:
    tag, attrs, children = condition
    kind = tag.lower()
    if kind == "dbms":
        return attrs.get("type") or None
    said = [_definition(child) for child in children]
    if not said or None in said:
        return None
    if kind in ("preconditions", "and") and len(said) == 1:
        return said[0]
    if kind == "or" and not any("!" in d for d in said if d):
        return ",".join(d for d in said if d)
    if kind == "not" and len(said) == 1 and said[0] and "!" not in said[0]:
        return ",".join(f"!{n.strip()}" for n in said[0].split(",") if n.strip())
    return None


def _data_condition(tag: str, value: object) -> Condition | None:
    """A YAML/JSON precondition (a mapping or a list of mappings) as a
    :data:`Condition`; None for none."""
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    attrs: dict[str, str] = {}
    children: list[Condition] = []
    for item in items:
        for key, inner in item.items() if isinstance(item, dict) else ():
            if isinstance(inner, (dict, list)):
                child = _data_condition(str(key), inner)
                if child is not None:
                    children.append(child)
            elif inner is not None:
                attrs[str(key)] = str(inner)
    return tag, attrs, children


def _xml_guard(block: str) -> str:
    """:func:`guard_dbms` of an XML ``<preConditions>`` element's text."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    stack: list[Condition] = [("", {}, [])]

    def start(name: str, attrs: dict[str, str]) -> None:
        node: Condition = (name.rsplit(":", 1)[-1], dict(attrs), [])
        stack[-1][2].append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(re.sub(r"<(/?)\w+:", r"<\1", block), True)
    except xml.parsers.expat.ExpatError:
        return ""
    return guard_dbms(stack[0][2][0]) if stack[0][2] else ""


def _merged(value: object) -> dict[str, object]:
    """A YAML/JSON element's keys: a mapping, or a list of mappings read as one
    (Liquibase's ``ParsedNode.setValue``: ``sqlFile: [{path: x}, {dbms: y}]``)."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    out: dict[str, object] = {}
    for item in value if isinstance(value, list) else ():
        if isinstance(item, dict):
            out.update({str(k): v for k, v in item.items()})
    return out


# -- change types that are not SQL ----------------------------------------------------

#: Change types that leave the schema alone (data, bookkeeping) or are read
#: elsewhere (``sqlFile``: the file itself): no note for them.
NOT_SCHEMA = frozenset(
    {
        "comment",
        "delete",
        "empty",
        "executecommand",
        "insert",
        "loaddata",
        "loadupdatedata",
        "modifysql",
        "output",
        "preconditions",
        "rollback",
        "sqlfile",
        "stop",
        "tagdatabase",
        "update",
        "validchecksum",
    }
)


class StructuredChangeset(Struct, frozen=True):
    """A changeset of an XML/YAML/JSON changelog whose changes are Liquibase change
    types (``createTable``...): its line (1-based), ``author:id``, and each change
    as ``type`` or ``type name`` (the ``tableName`` it names)."""

    line: int
    ident: str
    changes: tuple[str, ...]


def structured_changesets(text: str, suffix: str) -> tuple[StructuredChangeset, ...] | None:
    """The changesets of a changelog's ``text`` that hold schema change types,
    in file order; None when the text cannot be read as its format
    (``suffix``: ``.xml``, ``.yaml``, ``.yml``, ``.json``)."""
    if suffix.lower() == ".xml":
        return _xml_structured(text)
    return _yaml_structured(text)


def _described(kind: str, table: object) -> str | None:
    if kind.lower() in NOT_SCHEMA:
        return None
    return f"{kind} {table}" if isinstance(table, str) and table else kind


def _xml_structured(text: str) -> tuple[StructuredChangeset, ...] | None:
    import xml.parsers.expat  # only trees with an XML changelog pay for it

    parser = xml.parsers.expat.ParserCreate()
    out: list[StructuredChangeset] = []
    depth = 0
    current: tuple[int, str, list[str]] | None = None
    changeset_depth = -1

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, current, changeset_depth
        depth += 1
        local = name.rsplit(":", 1)[-1]
        if local == "changeSet" and current is None:
            ident = f"{attrs.get('author', '?')}:{attrs.get('id', '?')}"
            current = (parser.CurrentLineNumber, ident, [])
            changeset_depth = depth
        elif current is not None and depth == changeset_depth + 1:
            found = _described(local, attrs.get("tableName") or attrs.get("newTableName"))
            if found is not None:
                current[2].append(found)

    def end(name: str) -> None:
        nonlocal depth, current
        if current is not None and depth == changeset_depth:
            if current[2]:
                out.append(StructuredChangeset(current[0], current[1], tuple(current[2])))
            current = None
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError:
        return None
    return tuple(out)


def _yaml_structured(text: str) -> tuple[StructuredChangeset, ...] | None:
    import yaml

    from dbnamelint.config.yamlsafe import SafeYamlError, compose

    try:
        root, loader = compose(text)
    except SafeYamlError:
        return None
    loader.dispose()

    def get(node: object, key: str) -> object:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return v
        return None

    def scalar(node: object) -> str:
        return str(node.value) if isinstance(node, yaml.ScalarNode) else "?"

    out: list[StructuredChangeset] = []
    entries = get(root, "databaseChangeLog")
    for entry in entries.value if isinstance(entries, yaml.SequenceNode) else ():
        change_set = get(entry, "changeSet")
        if not isinstance(change_set, yaml.MappingNode):
            continue
        changes = get(change_set, "changes")
        found: list[str] = []
        for change in changes.value if isinstance(changes, yaml.SequenceNode) else ():
            for key, value in change.value if isinstance(change, yaml.MappingNode) else ():
                table = get(value, "tableName") or get(value, "newTableName")
                described = _described(scalar(key), scalar(table) if table else None)
                if described is not None:
                    found.append(described)
        if found:
            ident = f"{scalar(get(change_set, 'author'))}:{scalar(get(change_set, 'id'))}"
            out.append(StructuredChangeset(entry.start_mark.line + 1, ident, tuple(found)))
    return tuple(out)
