"""What a word in an Elixir file's Ecto schema or query names in the database.

Ecto's documented syntax (hexdocs ``Ecto.Schema``, ``Ecto.Query``):

- ``schema "api_keys" do ... end`` binds the module to the table
  ``api_keys`` (``schema/2``: "the source, usually a table"); the module
  attribute ``@schema_prefix "p"`` above it is the table's prefix (in
  PostgreSQL its schema).
- ``field :name, :string`` in that block is the column ``name``: a field's
  name is its column unless ``source: :col`` says otherwise (``field/3``'s
  ``:source``, "the name that is to be used in database for this field";
  then ``name`` is only the struct's key). ``belongs_to :user, User,
  foreign_key: :owner_id`` defines the field ``owner_id``, the column of
  that name, with the same ``:source`` option; ``@primary_key {:uuid,
  :binary_id, opts}`` is a column too. ``many_to_many ..., join_through:
  "posts_tags"`` names a join table.
- A string is a source in a query: ``from p in "posts"``, ``join: c in
  "comments"``, ``join(q, :inner, [p], c in "comments")``, ``from("posts",
  ...)`` and ``Repo.all("posts")``, ``Repo.insert_all("posts", rows)``,
  ``Repo.update_all``/``delete_all`` (a binary is an ``Ecto.Queryable``).

Ecto's adapters quote every name they send, so a name here is the stored
name exactly. This module reads one file's text and answers, per position,
what it names (as a :class:`~dbnamelint.impact.diesel.DieselSite`, whose
judging it shares); it does not read files or know any target. A field's
or foreign key's name is also the struct's key the code uses, so
``impact --diff`` keeps it and adds ``source: :new`` (:func:`with_source`).
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import comment_start
from dbnamelint.impact.diesel import DieselSite, Spans, add_span, site_at

SCHEMA_LABEL = "Ecto schema"
FIELD_LABEL = "Ecto field"
FOREIGN_KEY_LABEL = "Ecto belongs_to foreign_key"
PRIMARY_KEY_LABEL = "Ecto @primary_key"
TIMESTAMPS_LABEL = "Ecto timestamps"
SOURCE_LABEL = "Ecto source:"
JOIN_THROUGH_LABEL = "Ecto join_through"
QUERY_LABEL = "Ecto query source"
#: Declarations whose word is also the struct's key: the patch adds ``source:``.
MAPPED_LABELS = frozenset({FIELD_LABEL, FOREIGN_KEY_LABEL, PRIMARY_KEY_LABEL, TIMESTAMPS_LABEL})
#: Atoms (``source: :col``): the patch writes the new name as an atom.
ATOM_LABELS = frozenset({SOURCE_LABEL})
SUFFIXES = (".ex", ".exs")

_ATOM = r':(?:"(?P<{0}q>[^"\\]+)"|(?P<{0}>[A-Za-z_][\w]*[?!]?))'
_DEFMODULE = lazy_compile(r"^\s*defmodule\s")
_PREFIX = lazy_compile(r'^\s*@schema_prefix\s*\(?\s*"(?P<prefix>[^"\\]*)"')
_PRIMARY = lazy_compile(r"^\s*@primary_key\s*\(?\s*\{\s*" + _ATOM.format("name"))
_SCHEMA = lazy_compile(r'^(?P<indent>\s*)schema\s*\(?\s*"(?P<table>[^"\\]+)"')
_FIELD = lazy_compile(r"^\s*(?P<macro>field|belongs_to)\s*\(?\s*" + _ATOM.format("name"))
_MAPPER = lazy_compile(r"^\s*@field_source_mapper\b")
_TIMESTAMPS = lazy_compile(r"^\s*timestamps\b")
_TIMESTAMP_OPTION = lazy_compile(
    r"(?<![\w:])(?P<key>inserted_at|updated_at)(?P<source>_source)?:\s*" + _ATOM.format("atom")
)
_OPTION = lazy_compile(r"(?<![\w:])(?P<key>source|foreign_key):\s*" + _ATOM.format("atom"))
_JOIN_THROUGH = lazy_compile(r'(?<![\w:])join_through:\s*"(?P<table>[^"\\]+)"')
_QUERY_SOURCE = lazy_compile(
    r'(?:(?<![\w.:])(?:from|join):?\s*\(?\s*(?:[^()"\n]*?,\s*)?[a-z_]\w*\s+in\s+'
    r"|(?<![\w.:])from\(\s*"
    r"|\bRepo\.(?:all|one|stream|insert_all|update_all|delete_all|exists\?|aggregate)!?\(\s*)"
    r'"(?P<table>[A-Za-z_][\w$]*)"'
)


def _atom(found: re.Match[str], group: str) -> tuple[int, str] | None:
    """(start, text) of the atom ``group`` matched (quoted or bare)."""
    for name in (group, group + "q"):
        if found[name] is not None:
            return found.start(name), found[name]
    return None


class EctoFile:
    """The sites of one Elixir file; :meth:`site` answers per position."""

    def __init__(self) -> None:
        self._spans: Spans = {}

    @classmethod
    def parse(cls, text: str) -> EctoFile:
        """Read ``text`` (a whole ``.ex``/``.exs`` file); never raises on odd input."""
        parsed = cls()
        if "schema" not in text and '"' not in text:
            return parsed
        lines = text.split("\n")
        prefix: str | None = None
        primary: tuple[int, re.Match[str]] | None = None  # @primary_key's line and match
        table: str | None = None
        indent = ""
        mapper = False  # @field_source_mapper: a field's column is not its name
        for number, raw in enumerate(lines):
            line = raw[: comment_start(raw)]
            if table is not None and line.rstrip() == indent + "end":
                table = None
                continue
            if _DEFMODULE.match(line):
                prefix, primary, table, mapper = None, None, None, False
            mapper = mapper or _MAPPER.match(line) is not None
            if (found := _PREFIX.match(line)) is not None:
                prefix = found["prefix"] or None
            if (found := _PRIMARY.match(line)) is not None:
                primary = (number, found)
            if (found := _SCHEMA.match(line)) is not None:
                table, indent = found["table"], found["indent"]
                site = DieselSite("table", table, SCHEMA_LABEL, prefix)
                parsed._add(number, found.start("table"), found["table"], site)
                if primary is not None:
                    parsed._primary_key(lines, *primary, table, prefix)
                    primary = None
                continue
            if table is not None:
                parsed._declaration(lines, number, line, table, prefix, mapper)
                parsed._timestamps(number, line, table, prefix)
            for found in _JOIN_THROUGH.finditer(line):
                site = DieselSite("table", found["table"], JOIN_THROUGH_LABEL, prefix)
                parsed._add(number, found.start("table"), found["table"], site)
            for found in _QUERY_SOURCE.finditer(line):
                site = DieselSite("table", found["table"], QUERY_LABEL)
                parsed._add(number, found.start("table"), found["table"], site)
        return parsed

    def site(self, line: int, column: int) -> DieselSite | None:
        """What the word at 0-based ``line`` and ``column`` names, or None."""
        return site_at(self._spans, line, column)

    def _add(self, line: int, start: int, word: str, site: DieselSite) -> None:
        add_span(self._spans, line, start, word, site)

    def _primary_key(
        self,
        lines: list[str],
        number: int,
        found: re.Match[str],
        table: str,
        prefix: str | None,
    ) -> None:
        """``@primary_key {:uuid, :binary_id, opts}`` above ``schema``: a column
        of its table (``source: :col`` in its options, then that one)."""
        name = _atom(found, "name")
        if name is None:
            return
        line = lines[number][: comment_start(lines[number])]
        sources = [m for m in _OPTION.finditer(line, found.end()) if m["key"] == "source"]
        for m in sources:
            at = _atom(m, "atom")
            if at is not None:
                self._add(number, at[0], at[1], DieselSite("column", table, SOURCE_LABEL, prefix))
        site = DieselSite("column", table, PRIMARY_KEY_LABEL, prefix, bool(sources))
        self._add(number, name[0], name[1], site)

    def _timestamps(self, number: int, line: str, table: str, prefix: str | None) -> None:
        """``timestamps(inserted_at: :created_at)``: the field's column, unless
        ``inserted_at_source: :col`` names another (then that one)."""
        if _TIMESTAMPS.match(line) is None:
            return
        found = list(_TIMESTAMP_OPTION.finditer(line))
        mapped = {m["key"] for m in found if m["source"]}
        for m in found:
            at = _atom(m, "atom")
            if at is None:
                continue
            if m["source"]:
                site = DieselSite("column", table, SOURCE_LABEL, prefix)
            else:
                site = DieselSite("column", table, TIMESTAMPS_LABEL, prefix, m["key"] in mapped)
            self._add(number, at[0], at[1], site)

    def _declaration(
        self,
        lines: list[str],
        number: int,
        line: str,
        table: str,
        prefix: str | None,
        mapper: bool,
    ) -> None:
        """A ``field`` or ``belongs_to`` line of a schema block (its options may
        go on over the next lines, each ending with ``,``)."""
        found = _FIELD.match(line)
        if found is None:
            return
        name = _atom(found, "name")
        if name is None:
            return
        options: list[tuple[int, re.Match[str]]] = []
        row, text = number, line
        while True:
            options += [
                (row, m) for m in _OPTION.finditer(text, found.end() if row == number else 0)
            ]
            if not text.rstrip().endswith(",") or row + 1 >= len(lines):
                break
            row += 1
            text = lines[row][: comment_start(lines[row])]
        sources = [(r, m) for r, m in options if m["key"] == "source"]
        for r, m in sources:
            at = _atom(m, "atom")
            if at is not None:
                self._add(r, at[0], at[1], DieselSite("column", table, SOURCE_LABEL, prefix))
        if found["macro"] == "field":
            site = DieselSite("column", table, FIELD_LABEL, prefix, bool(sources) or mapper)
            self._add(number, name[0], name[1], site)
            return
        for r, m in options:  # belongs_to: its field is the foreign key's
            at = _atom(m, "atom")
            if m["key"] == "foreign_key" and at is not None:
                site = DieselSite("column", table, FOREIGN_KEY_LABEL, prefix, bool(sources))
                self._add(r, at[0], at[1], site)


#: A call's closing parenthesis (or the tuple's brace) at the end of a line's code.
_CLOSING = lazy_compile(r"[)}]\s*$")


def atom(name: str) -> str:
    """``name`` as an atom's text after its ``:`` (quoted unless it is a bare atom)."""
    if re.fullmatch(r"[A-Za-z_]\w*[?!]?", name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def with_source(line: str, label: str, new: str, column: int = 0) -> str:
    """``line`` (an Ecto ``field``/``belongs_to`` call, or ``@primary_key``'s
    tuple) with ``source: :new`` added to its options, the struct's key kept.

    A line ending with ``,`` goes on with more options: ``source:`` joins
    them. A line ending with ``)`` (``field(:x, :string)``) or, for
    ``@primary_key``, ``}`` gets it before that.
    """
    cut = comment_start(line)
    code, rest = line[:cut], line[cut:]
    kept = code.rstrip()
    option = f"source: :{atom(new)}"
    if label == TIMESTAMPS_LABEL:  # timestamps(inserted_at: :x): inserted_at_source: :new
        key = re.search(r"(inserted_at|updated_at):\s*:\"?$", line[:column])
        option = f"{key[1] if key else 'inserted_at'}_source: :{atom(new)}"
    if kept.endswith(","):
        return f"{kept} {option},{code[len(kept) :]}{rest}"
    closing = _CLOSING.search(kept)
    wrapped = label == PRIMARY_KEY_LABEL or re.match(r"\s*(?:field|belongs_to|timestamps)\(", kept)
    if closing is not None and wrapped:
        at = closing.start()
        head = kept[:at].rstrip()
        if label == PRIMARY_KEY_LABEL and head.endswith("]"):
            return f"{head[:-1].rstrip()}, {option}]{kept[len(head) :]}{code[len(kept) :]}{rest}"
        return f"{head}, {option}{kept[len(head) :]}{code[len(kept) :]}{rest}"
    return f"{kept}, {option}{code[len(kept) :]}{rest}"
