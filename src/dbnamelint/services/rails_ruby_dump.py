"""What a Rails app's Ruby dump (``db/schema.rb``) can hold, and what it cannot.

``ActiveRecord::SchemaDumper`` writes tables with their columns, indexes,
foreign keys and check constraints, ``enable_extension``, and from Rails 7.0
``create_enum`` (PostgreSQL), from 7.1 ``create_schema``; never views,
functions, triggers, sequences of their own, domains, composite types or
policies (ActiveRecord 6.1's dumper run on a PostgreSQL 15 database holding
each: only ``create_table`` and its ``t.index``; trial s34 chatwoot). Gems
add some: scenic dumps every view (``create_view``), fx every function and
trigger (``create_function``, ``create_trigger``).

So the gate judges a new migration of such an app through the dump for what
the dump holds, and reads the migration itself for the rest: its ``execute``
strings' statements the dump cannot show (:func:`outside_dump`), and the
dump need not change for a migration making only those (:func:`dump_shows`).
"""

from __future__ import annotations

import re
from pathlib import Path

from msgspec import Struct, structs

from dbnamelint.code_ddl_text import DdlString
from dbnamelint.core.lazyre import lazy_compile

__all__ = ["DumpKinds", "dump_kinds", "dump_shows", "not_dumped_call", "outside_dump"]


class DumpKinds(Struct, frozen=True):
    """What a Ruby dump holds beyond tables, columns, indexes and keys."""

    enums: bool = False
    schemas: bool = False
    views: bool = False  # scenic
    routines: bool = False  # fx: functions and triggers


#: The gems whose dumper adds views (scenic) or functions and triggers (fx).
_GEM = lazy_compile(r"^\s*(?:gem\s+[\"'](?P<gem>scenic|fx)[\"']|(?P<lock>scenic|fx) \()", re.M)
_VERSION = lazy_compile(r"Schema\[(?P<major>\d+)\.(?P<minor>\d+)\]")


def dump_kinds(app: Path, schema_rb: str) -> DumpKinds:
    """What the app at ``app`` dumps into its ``db/schema.rb`` (text
    ``schema_rb``): by its ``Schema[x.y]`` and its Gemfile's gems, or the
    gem's calls already in the dump."""
    version = _VERSION.search(schema_rb)
    at = (int(version.group("major")), int(version.group("minor"))) if version else (0, 0)
    gems: set[str] = set()
    for name in ("Gemfile.lock", "Gemfile"):
        try:
            text = (app / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        gems |= {m.group("gem") or m.group("lock") for m in _GEM.finditer(text)}
    return DumpKinds(
        enums=at >= (7, 0) or "create_enum" in schema_rb,
        schemas=at >= (7, 1) or "create_schema" in schema_rb,
        views="scenic" in gems or re.search(r"^\s*create_view\b", schema_rb, re.M) is not None,
        routines="fx" in gems or re.search(r"^\s*create_function\b", schema_rb, re.M) is not None,
    )


#: A statement's head that the dumper always writes the result of.
_TABLE_HEAD = (
    r"create\s+(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table"
    r"|alter\s+table|drop\s+table|create\s+(?:unique\s+)?index|alter\s+index|drop\s+index"
    r"|create\s+extension|drop\s+extension|comment\s+on|reindex|truncate"
)


def _dumped_head(kinds: DumpKinds) -> re.Pattern[str]:
    heads = [_TABLE_HEAD]
    if kinds.enums:
        heads.append(r"create\s+type\s+\S+\s+as\s+enum|alter\s+type|drop\s+type")
    if kinds.schemas:
        heads.append(r"create\s+schema|alter\s+schema|drop\s+schema")
    if kinds.views:
        heads.append(
            r"create\s+(?:or\s+replace\s+)?(?:materialized\s+)?view|alter\s+(?:materialized\s+)?view|drop\s+(?:materialized\s+)?view"
        )
    if kinds.routines:
        heads.append(
            r"create\s+(?:or\s+replace\s+)?(?:function|procedure|trigger|constraint\s+trigger)"
            r"|alter\s+(?:function|procedure|trigger)|drop\s+(?:function|procedure|trigger)"
        )
    return re.compile(r"\A\s*(?:" + "|".join(heads) + r")\b", re.I)


#: Statement separators outside quotes, comments and dollar quotes.
_PIECE = re.compile(
    r"'(?:[^']|'')*'?|\"(?:[^\"]|\"\")*\"?|--[^\n]*|/\*.*?(?:\*/|\Z)"
    r"|(?P<dollar>\$(?:[A-Za-z_]\w*)?\$).*?(?:(?P=dollar)|\Z)|(?P<semi>;)",
    re.S,
)
_COMMENTS = re.compile(r"\A(?:\s|--[^\n]*|/\*.*?\*/)*", re.S)


def _statements(text: str) -> list[tuple[int, int]]:
    """The spans of ``text``'s statements (cut at ``;`` outside quotes)."""
    out: list[tuple[int, int]] = []
    start = 0
    for found in _PIECE.finditer(text):
        if found.group("semi"):
            out.append((start, found.start()))
            start = found.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def outside_dump(string: DdlString, kinds: DumpKinds) -> DdlString | None:
    """``string`` (a new migration's DDL string) with each statement the Ruby
    dump holds the result of blanked (spaces, so every name keeps its place),
    or None when nothing else is left: the dump's own names are judged in
    the dump, once."""
    head = _dumped_head(kinds)
    chars = list(string.text)
    kept = False
    for a, b in _statements(string.text):
        body = string.text[a:b]
        lead = _COMMENTS.match(body)
        if head.match(body[lead.end() if lead else 0 :]):
            for i in range(a, b):
                if chars[i] != "\n":
                    chars[i] = " "
        else:
            kept = True
    if not kept:
        return None
    text = "".join(chars)
    return string if text == string.text else _with_text(string, text)


def _with_text(string: DdlString, text: str) -> DdlString:
    return structs.replace(string, text=text)


def dump_shows(migration: str, kinds: DumpKinds) -> bool:
    """Whether Rails migration text ``migration`` changes what the Ruby dump
    holds: a schema statement of the dump's (``create_table``, ``add_column``,
    ``add_index``...; a gem's ``create_view`` when the dump holds views) or an
    ``execute`` whose text holds a statement the dump holds the result of."""
    calls = (
        r"create_table|drop_table|rename_table|create_join_table|drop_join_table|change_table"
        r"|add_column|remove_column|remove_columns|rename_column|change_column\w*|add_index"
        r"|remove_index|rename_index|add_reference|add_belongs_to|remove_reference"
        r"|remove_belongs_to|add_foreign_key|remove_foreign_key|add_timestamps"
        r"|remove_timestamps|add_check_constraint|remove_check_constraint"
        r"|add_exclusion_constraint|add_unique_constraint|add_unique_key|enable_extension"
        r"|disable_extension"
        # Rails 8's SQLite adapter: its dumper writes every virtual table
        # (SQLite3::SchemaDumper#virtual_tables; trial s37 lobsters A20b)
        r"|create_virtual_table|drop_virtual_table"
    )
    if kinds.enums:
        calls += r"|create_enum|drop_enum|rename_enum\w*|add_enum_value"
    if kinds.schemas:
        calls += r"|create_schema|drop_schema"
    if kinds.views:
        calls += r"|create_view|update_view|replace_view|drop_view"
    if kinds.routines:
        calls += r"|create_function|update_function|drop_function|create_trigger"
        calls += r"|update_trigger|drop_trigger"
    migration = _DOWN.sub("", migration)  # the rollback changes nothing forward
    if re.search(rf"\b(?:{calls})\b", migration):
        return True
    head = _dumped_head(kinds)
    for found in re.finditer(r"\bexecute\b", migration):
        window = migration[found.end() : found.end() + 4000]
        for word in re.finditer(r"\b(?i:create|alter|drop|rename|comment|truncate)\b", window):
            if head.match(window[word.start() :]):
                return True
            if word.start() > 1500:
                break
    return False


#: A migration's ``def down ... end``.
_DOWN = lazy_compile(r"^([ \t]*)def\s+down\b.*?^\1end\b", re.M | re.S)


def not_dumped_call(call: str, kinds: DumpKinds) -> bool:
    """Whether a migration call not read (its text, ``create_trigger(...)``)
    makes what the Ruby dump cannot hold, so that no rule sees its names."""
    found = re.search(
        r"\b(?:create|update|replace)_(?P<what>view|materialized_view|function|trigger|aggregate)\b",
        call,
    )
    if found is None:
        return False
    what = found.group("what")
    if what in ("view", "materialized_view"):
        return not kinds.views
    return not kinds.routines
