"""Ecto, EF Core and Rails migrations' schema builder calls as the SQL they run.

The gate (:mod:`dbnamelint.services.code_ddl`) reads a code migration's DDL
strings; a framework's builder calls hold no SQL, so a new migration made of
them passed it unread (session 32: ``create table(:BadThings) do add
:someCol, :string end`` in ``priv/repo/migrations/``, EF Core's
``migrationBuilder.CreateTable(name: "BlogPosts", ...)``, Rails'
``create_table :BadRailsThings``). :func:`shadow_text` writes each builder
call of the migration's forward step as a string of the SQL the framework
runs on PostgreSQL, laid over the call's lines with each name at the column
of the literal that wrote it (:func:`dbnamelint.laravel_schema.layout`), and
lists each builder call it does not read (:class:`~dbnamelint.laravel_schema.Unread`),
which the gate refuses as new DDL not read (``DBN013``).

- Ecto (``use Ecto.Migration``; ``def change``/``def up``), as ecto_sql's
  PostgreSQL adapter writes it (``lib/ecto/adapters/postgres/connection.ex``:
  ``execute_ddl``; ``ecto_to_db`` types, ``:string`` ``varchar(255)``;
  ``reference_name`` ``<table>_<column>_fkey``) and ``lib/ecto/migration.ex``
  (the implicit ``add :id, :bigserial, primary_key: true`` of ``table/2``,
  ``default_index_name``: ``<table>_<columns>_index``, each part's non-word
  characters ``_``, trailing ``_`` dropped).
- EF Core (``: Migration`` with ``Up(MigrationBuilder ...)``), as
  ``MigrationsSqlGenerator`` (Npgsql) writes its operations: ``CreateTable``
  (a column named by its property unless ``name:`` says, ``table.PrimaryKey``,
  ``table.ForeignKey``, ``table.UniqueConstraint``), ``CreateIndex``,
  ``AddColumn``, ``RenameColumn``, ``RenameTable``, ``RenameIndex``,
  ``AddPrimaryKey``, ``AddForeignKey``, ``AddUniqueConstraint``,
  ``EnsureSchema``, ``CreateSequence`` (learn.microsoft.com, *Migrations Overview* and the
  ``MigrationBuilder`` API reference).
- Rails (``db/migrate/<version>_x.rb``), read only where no Rails dump is
  read (the gate judges a dump's own changes else): ``create_table``,
  ``add_index``, ``add_foreign_key``, ``add_check_constraint`` through the
  schema.rb reader's SQL (:mod:`dbnamelint.frontends.rails.sqlgen`), and
  ``add_column``, ``rename_column``, ``rename_table``, ``rename_index``
  (ActiveRecord's ``ALTER TABLE ... RENAME``), ``create_join_table``
  (the ``create_table`` it runs: :func:`_join_table`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.rails.ruby import Call, Symbol
from dbnamelint.laravel_schema import Unread, layout

__all__ = [
    "builder_kind",
    "ecto_backward_spans",
    "ecto_functions",
    "ecto_mask",
    "is_ecto_migration_path",
    "rails_backward_spans",
    "rails_builder_sql",
    "rails_forward_spans",
    "shadow_text",
]

_ECTO = lazy_compile(r"\buse\s+Ecto\.Migration\b")
#: A module of helpers importing Ecto's migration macros (``import
#: Ecto.Migration`` in ``lib/``: a migration calls them), and a migration
#: using a project's own wrapper module (``use MyApp.Migration``, whose
#: ``__using__`` brings Ecto.Migration in): trial s40.
_ECTO_IMPORT = lazy_compile(r"\bimport\s+Ecto\.Migration\b")
_ECTO_WRAPPER = lazy_compile(r"\buse\s+[A-Z]\w*(?:\.[A-Z]\w*)*\.Migration\b")
_ECTO_FILE = lazy_compile(r"(?:^|/)migrations/(?:[^/]+/)*\d+_\w+\.exs$")
_EF = lazy_compile(r"\bMigrationBuilder\b")
_RAILS = lazy_compile(r"<\s*ActiveRecord::Migration\b")
_RAILS_PATH = lazy_compile(r"(?:^|/)db/(?:\w+_)?migrate/(?:[^/]+/)*\d+_\w+\.rb$")
_PHINX = lazy_compile(r"\bPhinx\\Migration\\AbstractMigration\b")


def is_ecto_migration_path(path: str) -> bool:
    """Whether ``path`` is named as an Ecto migration: ``migrations/<version>_x.exs``
    (ecto_sql's ``Ecto.Migrator`` runs each ``*.exs`` whose name starts with an
    integer and ``_``)."""
    return _ECTO_FILE.search(path) is not None


def builder_kind(path: str, text: str) -> str | None:
    """``"ecto"``, ``"efcore"`` or ``"rails"`` for a migration of that
    framework at ``path`` holding ``text``; else None."""
    lower = path.lower()
    if lower.endswith((".exs", ".ex")) and (
        _ECTO.search(text)
        or _ECTO_IMPORT.search(text)
        or (_ECTO_FILE.search(path) and _ECTO_WRAPPER.search(text))
    ):
        return "ecto"
    if lower.endswith(".cs") and _EF.search(text) and _ef_migration(text):
        return "efcore"
    if lower.endswith(".rb") and _RAILS_PATH.search(path) and _RAILS.search(text):
        return "rails"
    if lower.endswith(".php") and _PHINX.search(text) and "Illuminate\\" not in text:
        return "phinx"
    return None


def shadow_text(
    path: str,
    text: str,
    family: str = "postgres",
    *,
    drops: bool = False,
    replaced: list[tuple[int, int, int]] | None = None,
) -> tuple[str, list[Unread]]:
    """``text`` with each builder call of the forward step of an Ecto, EF
    Core or Rails migration as a string of its SQL (same line count), and
    the builder calls not read; ``text`` itself for other files. ``family``:
    the database an EF Core or Rails migration's SQL is written for
    (``sqlite``: no schemas; ``mysql``: backticks, MySQL's types and
    ``ALTER TABLE ... RENAME INDEX``, as its parser reads it). ``drops``: an EF Core migration's
    ``DropTable``/``DropColumn``/``DropIndex``/``Drop...`` calls written too
    (what the model replays; the gate judges what is made). ``replaced``:
    given, gets ``(start, end, length written)`` of each call replaced."""
    kind = builder_kind(path, text)
    if kind is None:
        return text, []
    reader = (
        _EfCore(text, family, drops=drops)
        if kind == "efcore"
        else _Rails(text, family)
        if kind == "rails"
        else _Ecto(text, family)
        if kind == "ecto"
        else _Phinx(text)
    )
    reader.read()
    out = text
    opener = {"ecto": 'execute "', "efcore": 'migrationBuilder.Sql("', "rails": "execute '"}.get(
        kind, ""
    )
    closer = {"ecto": '"', "efcore": '")', "rails": "'"}.get(kind, "")
    for start, end, pieces in sorted(reader.calls, key=lambda c: -c[0]):
        quoted = [
            (at, reader.escape(sql), reader.anchor(sql, anchor)) for at, sql, anchor in pieces
        ]
        sql = layout(text, start, end, quoted, len(opener), in_order=reader.in_order)
        if kind == "efcore":  # no line break in a C# string: adjacent literals, one a line
            sql = sql.replace("\n", '"\n"')
        out = out[:start] + opener + sql + closer + out[end:]
        if replaced is not None:
            replaced.append((start, end, len(opener) + len(sql) + len(closer)))
    return out, reader.unread


def ef_model_text(
    path: str, text: str, family: str
) -> tuple[str, list[Unread], list[tuple[int, int]]]:
    """An EF Core migration as :func:`shadow_text` writes it for the model
    (its ``Drop...`` calls too), the calls not read, and the spans of that
    text EF runs for ``Up`` (:func:`ef_forward_spans`, found in ``text`` and
    moved by each call's SQL written before them)."""
    replaced: list[tuple[int, int, int]] = []
    out, unread = shadow_text(path, text, family, drops=True, replaced=replaced)

    def moved(at: int) -> int:
        return at + sum(n - (b - a) for a, b, n in replaced if b <= at)

    spans = [(moved(a), moved(b)) for a, b, _ in ef_forward_spans(text)]
    return out, unread, spans


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _qm(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class _Reader:
    """Calls read: (start, end, [(offset, sql, index of the name in sql)])."""

    #: Pieces laid out as listed, not by offset (a Rails statement's lines).
    in_order = False

    def __init__(self, text: str) -> None:
        self.text = text
        self.calls: list[tuple[int, int, list[tuple[int, str, int]]]] = []
        self.unread: list[Unread] = []

    def read(self) -> None:  # pragma: no cover - each framework's
        raise NotImplementedError

    def escape(self, sql: str) -> str:
        return sql.replace("\\", "\\\\").replace('"', '\\"')

    def anchor(self, sql: str, at: int) -> int:
        return len(self.escape(sql[:at]))


def _block_end(text: str, start: int, opener: str = r"\bdo\b|\bfn\b", close: str = "end") -> int:
    """The offset after the ``end`` closing the ``do`` block opened at or
    after ``start`` (Elixir, Ruby), by words outside strings and comments;
    ``len(text)`` when none closes it."""
    depth = 0
    pattern = re.compile(
        r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*|\b(?:do|fn|end)\b(?!:)|[{}]'
        r"|\b(?:if|unless|case|cond|while|until|begin|def|class|module)\b(?=[^\n]*\n)"
    )
    del opener, close
    for found in pattern.finditer(text, start):
        word = found.group()
        if word in ("do", "fn"):
            depth += 1
        elif word == "end":
            depth -= 1
            if depth == 0:
                return found.end()
    return len(text)


def _split(args: str) -> list[tuple[int, str]]:
    """Top-level comma-separated parts of ``args`` with their offsets, comments
    (``//``, ``/* */``, ``#`` to the line's end) neither splitting nor opening a part
    (a ``// dbnamelint: ignore[...]`` line above an EF Core column: confirmation s39)."""
    out: list[tuple[int, str]] = []
    depth = 0
    start = 0
    i = 0
    while i < len(args):
        c = args[i]
        if c in "\"'":
            j = i + 1
            while j < len(args) and args[j] != c:
                j += 2 if args[j] == "\\" else 1
            i = j + 1
            continue
        if c == "#" or args.startswith("//", i):
            end = args.find("\n", i)
            i = len(args) if end < 0 else end
            continue
        if args.startswith("/*", i):
            end = args.find("*/", i + 2)
            i = len(args) if end < 0 else end + 2
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            out.append((start, args[start:i]))
            start = i + 1
        i += 1
    if args[start:].strip():
        out.append((start, args[start:]))
    parts = [_uncommented(at, part) for at, part in out]
    return [(at, part) for at, part in parts if part]


_LEADING_COMMENT = lazy_compile(r"\s*(?:(?://|#)[^\n]*(?:\n|$)|/\*.*?\*/)", re.S)


def _uncommented(at: int, part: str) -> tuple[int, str]:
    """``part`` (at offset ``at``) without its leading blanks and comments."""
    skip = 0
    while (found := _LEADING_COMMENT.match(part, skip)) is not None and found.end() > skip:
        skip = found.end()
    rest = part[skip:]
    return at + skip + len(rest) - len(rest.lstrip()), rest.strip()


def _plain_skip(text: str, i: int) -> int:
    """The offset past the quoted string starting at ``i`` (ended by its quote
    or its line's end; a ``'`` after a word character is Elixir's or Ruby's
    apostrophe, no string), else ``i``."""
    c = text[i]
    if c not in "\"'" or (c == "'" and text[i - 1 : i].isalnum()):
        return i
    j = i + 1
    while j < len(text) and text[j] != c and text[j] != "\n":
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _close(text: str, open_at: int, skip: Callable[[str, int], int] = _plain_skip) -> int:
    """The offset of the bracket closing the one at ``open_at``, what ``skip``
    says is a literal (or comment) passed over."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth = 0
    i = open_at
    while i < len(text):
        skipped = skip(text, i)
        if skipped != i:
            i = skipped
            continue
        c = text[i]
        if c in pairs:
            depth += 1
        elif c in pairs.values():
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


# --- Ecto -------------------------------------------------------------------

_EX_NAME = lazy_compile(r'\s*(?::"(?P<qa>[^"]*)"|:(?P<atom>[A-Za-z_][\w?!]*)|"(?P<str>[^"]*)")')
#: A function of the module: ``def``/``defp`` and its name (its head and body
#: read by :func:`_ex_functions`).
_EX_DEF = lazy_compile(r"^[ \t]*defp?\s+(?P<name>[a-z_]\w*[?!]?)", re.MULTILINE)
#: A call of a local function: ``name(``, ``&name/0``, or ``name`` alone on its line.
_EX_LOCAL_CALL = lazy_compile(
    r"(?<![\w.:@?!])(?P<a>[a-z_]\w*[?!]?)\s*\(|&(?P<b>[a-z_]\w*[?!]?)/\d"
    r"|^[ \t]*(?P<c>[a-z_]\w*[?!]?)[ \t]*$",
    re.MULTILINE,
)
#: A migration macro: what may make or rename a name. At a statement's start
#: any of them; elsewhere on a line (``fn t -> create table(t) ... end``, ``do:``,
#: ``Ecto.Migration.create(...)``) the statement ones followed by the object
#: they make (:data:`_EX_OBJECT`).
_EX_MACRO = lazy_compile(
    r"(?:(?<=Ecto\.Migration\.)|(?<![\w.:@&?!]))(?P<verb>create_if_not_exists|create|alter|rename|execute|drop_if_exists"
    r"|drop|flush|modify|remove|add|timestamps|repo|execute_file)(?![\w?!:])"
)
#: Another module's migration step called from this one's (``def up, do:
#: Oban.Migrations.up(version: 12)``, ``MyApp.Repo.Setup.change()``): what it
#: makes is not read (trial s42 hexpm: 20260711120000_add_oban_jobs.exs).
_EX_REMOTE_STEP = lazy_compile(r"(?<![\w.])(?P<module>[A-Z]\w*(?:\.[A-Z]\w*)*)\.(?:up|change)\b")
_EX_OBJECT = lazy_compile(r"\s*\(?\s*(?:table|index|unique_index|constraint)\s*\(")
_EX_STATEMENT_VERBS = ("create_if_not_exists", "create", "alter", "rename")
_EX_TYPES = {
    "id": "integer",
    "identity": "bigint",
    "binary_id": "uuid",
    "string": "varchar(255)",
    "bitstring": "varbit",
    "binary": "bytea",
    "map": "jsonb",
    "time": "time(0)",
    "time_usec": "time",
    "utc_datetime": "timestamp(0)",
    "utc_datetime_usec": "timestamp",
    "naive_datetime": "timestamp(0)",
    "naive_datetime_usec": "timestamp",
    "duration": "interval",
}
#: ecto_sql's MyXQL ``ecto_to_db/2`` (``lib/ecto/adapters/myxql/connection.ex``),
#: ``:string`` with its default size.
_EX_MYSQL_TYPES = {
    "id": "integer",
    "binary_id": "binary(16)",
    "uuid": "binary(16)",
    "string": "varchar(255)",
    "float": "double",
    "binary": "blob",
    "map": "json",
    "time_usec": "time",
    "utc_datetime": "datetime",
    "utc_datetime_usec": "datetime",
    "naive_datetime": "datetime",
    "naive_datetime_usec": "datetime",
}
#: MyXQL's ``:serial``/``:bigserial`` key.
_EX_MYSQL_SERIAL = "bigint unsigned not null auto_increment"
#: Sigil delimiters (Elixir's eight), each with its closer.
_EX_SIGIL_CLOSE = {"/": "/", "|": "|", '"': '"', "'": "'", "(": ")", "[": "]", "{": "}", "<": ">"}


def _ex_name(value: str) -> str | None:
    found = _EX_NAME.fullmatch(value.strip()) if value.strip() else None
    if found is None:
        return None
    return found.group("qa") or found.group("atom") or found.group("str")


#: A module attribute set to an atom or a string on a line of its own:
#: ``@table :drives``, ``@column "max_speed"``.
_EX_ATTRIBUTE = lazy_compile(
    r'^[ \t]*@(?P<name>[a-z_]\w*)[ \t]+(?P<value>:"[^"\n]*"|:[A-Za-z_][\w?!]*|"[^"\n#\\]*")[ \t]*$',
    re.MULTILINE,
)
#: A module attribute read where a name is written: ``table(@table)``.
_EX_ATTRIBUTE_USE = lazy_compile(r"@([a-z_]\w*)")


def _ex_attributes(text: str, mask: str) -> dict[str, str]:
    """The module attributes of ``text`` bound once to an atom or a string
    (their names as :func:`_ex_name` reads them), found where ``mask`` (its
    strings blanked: :func:`_ex_mask`) keeps the ``@``. Elixir reads
    ``@table`` in a function body as the value set before it; one set twice
    is left out (its value depends on where it is read: ``DBN013`` as before),
    as is one set to anything else (``@legacy_max_cost 99.9999``). A name
    from an attribute was ``DBN013`` (trial s41 teslamate)."""
    found: dict[str, str | None] = {}
    for match in _EX_ATTRIBUTE.finditer(text):
        if mask[match.start("name") - 1] != "@":
            continue  # inside a string or heredoc
        name = match.group("name")
        found[name] = None if name in found else _ex_name(match.group("value"))
    return {name: value for name, value in found.items() if value is not None}


def ex_attributes(text: str) -> dict[str, str]:
    """The module attributes of Elixir ``text`` bound once to an atom or a
    string, by name (:func:`_ex_attributes`)."""
    return _ex_attributes(text, _ex_mask(text))


def _ex_index_part(name: str) -> str:
    """``lib/ecto/migration.ex`` ``column_name/1``: non-word characters as
    ``_``, trailing ``_`` dropped."""
    return re.sub(r"\W", "_", name).rstrip("_")


def _ex_mask(text: str) -> str:
    """``text`` with each string, charlist, heredoc, sigil and ``#`` comment
    blanked (line breaks kept, its length unchanged): where macros, brackets
    and function heads are looked for, so none is found in SQL or prose."""
    out = list(text)
    i = 0
    n = len(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
            continue
        if c == "?" and i + 1 < n and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            i += 3 if text[i + 1] == "\\" else 2  # a character literal: ?" ?# ?\n
            continue
        if c == "~" and i + 2 < n and text[i + 1].isalpha():
            j = i + 1
            while j < n and text[j].isalpha():
                j += 1
            if j < n and text[j] in _EX_SIGIL_CLOSE:
                close = _EX_SIGIL_CLOSE[text[j]]
                if text.startswith(text[j] * 3, j) and text[j] in "\"'":
                    end = text.find(text[j] * 3, j + 3)
                    end = n if end < 0 else end + 3
                else:
                    end = j + 1
                    while end < n and text[end] != close:
                        end += 2 if text[end] == "\\" and text[j].islower() else 1
                    end += 1
                blank(i, end)
                i = end
                continue
        if c in "\"'" and not (
            c == "'" and i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")
        ):
            if text.startswith(c * 3, i):
                end = text.find(c * 3, i + 3)
                end = n if end < 0 else end + 3
            else:
                end = i + 1
                while end < n and text[end] != c:
                    end += 2 if text[end] == "\\" else 1
                end += 1
            if i > 0 and text[i - 1] == ":" and c == '"':
                blank(i + 1, end - 1)  # :"atom": its quotes kept, a name not a string
            else:
                blank(i, end)
            i = end
            continue
        i += 1
    return "".join(out)


def _ex_expression_end(mask: str, at: int, limit: int) -> int:
    """The offset where the expression starting at ``at`` ends: the first
    line break (or ``;``) outside brackets not after a ``,`` or an operator
    that continues it; ``limit`` at the latest."""
    depth = 0
    i = at
    while i < limit:
        c = mask[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return i
        elif depth == 0 and c == ";":
            return i
        elif depth == 0 and c == "\n":
            before = mask[at:i].rstrip()
            after = mask[i:limit].lstrip()
            if not before.endswith((",", "|>", "->", "=", "\\\\", "do:")) and not after.startswith(
                "|>"
            ):
                return i
        i += 1
    return limit


def _ex_statements(mask: str, start: int, end: int) -> list[tuple[int, int]]:
    """The statements of a block's body ``[start, end)``: each a span from
    its first character to its last (a call continued over lines by its
    brackets or a trailing ``,``, as ``mix format`` writes a long ``add(``)."""
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        while pos < end and mask[pos] in " \t\r\n;":
            pos += 1
        if pos >= end:
            break
        stop = _ex_expression_end(mask, pos, end)
        last = len(mask[:stop].rstrip())
        if last > pos:
            out.append((pos, last))
        pos = max(stop, pos + 1)
    return out


def _ex_functions(text: str, mask: str) -> dict[str, list[tuple[int, int]]]:
    """Each function of the module (``def``/``defp``, a ``do`` block or a
    ``, do:`` one-liner) by name: the spans of its bodies."""
    out: dict[str, list[tuple[int, int]]] = {}
    for head in _EX_DEF.finditer(mask):
        at = head.end()
        paren = re.compile(r"[ \t]*\(").match(mask, at)
        if paren is not None:
            at = _close(mask, paren.end() - 1) + 1
        head_end = _ex_expression_end(mask, at, len(mask))
        block = re.compile(r"\bdo\b(?!:)").search(mask, at, head_end)
        one_line = re.compile(r",?\s*\bdo:").search(mask, at, head_end)
        if one_line is not None and (block is None or one_line.start() < block.start()):
            body_end = _ex_expression_end(mask, one_line.end(), len(mask))
            out.setdefault(head.group("name"), []).append((one_line.end(), body_end))
        elif block is not None:
            end = _block_end(text, block.start())
            out.setdefault(head.group("name"), []).append((block.end(), max(block.end(), end - 3)))
    return out


class _Ecto(_Reader):
    def __init__(self, text: str, family: str = "postgres") -> None:
        super().__init__(text)
        # ecto_sql's MyXQL adapter (lib/ecto/adapters/myxql/connection.ex):
        # backquotes, its types, RENAME COLUMN / RENAME INDEX, FOREIGN KEY clauses
        self.mysql = family == "mysql"
        self._types = _EX_MYSQL_TYPES if self.mysql else _EX_TYPES

    def _q(self, name: str) -> str:
        return _qm(name) if self.mysql else _q(name)

    def read(self) -> None:
        """Reads ``change``/``up`` and the module's functions they call (a
        ``defp create_things`` helper: trial s40), never ``down``."""
        text = self.text
        self.mask = _ex_mask(text)
        self.attributes = _ex_attributes(text, self.mask)
        functions = _ex_functions(text, self.mask)
        bodies: set[tuple[int, int]] = set()
        todo = ["change", "up"]
        if not (_ECTO.search(text) or _ECTO_WRAPPER.search(text)) or not (
            "change" in functions or "up" in functions
        ):
            # a helper module (import or use Ecto.Migration, no step of its
            # own): what each function makes is what the migration calling it
            # makes; what only a down calls is a rollback's
            down_only = _ex_reached(functions, self.mask, ["down"])
            todo = [name for name in sorted(functions) if name not in down_only]
        seen: set[str] = set()
        while todo:
            name = todo.pop(0)
            if name in seen or name == "down":
                continue
            seen.add(name)
            for start, end in functions.get(name, []):
                bodies.add((start, end))
                rollbacks = _ex_rollback_args(text, self.mask, start, end)
                for call in _EX_LOCAL_CALL.finditer(self.mask, start, end):
                    called = call.group("a") or call.group("b") or call.group("c")
                    if called in functions and not any(a <= call.start() < b for a, b in rollbacks):
                        todo.append(called)
        for start, end in sorted(bodies):
            self._body(start, end)

    def _n(self, value: str) -> str | None:
        """The name ``value`` writes: a literal (:func:`_ex_name`) or a module
        attribute bound to one (``@table :drives``: :func:`_ex_attributes`)."""
        found = _EX_ATTRIBUTE_USE.fullmatch(value.strip())
        if found is not None:
            return self.attributes.get(found.group(1))
        return _ex_name(value)

    def _name_at(self, value_at: int) -> int:
        """The offset of the name in the literal at ``value_at``."""
        found = _EX_NAME.match(self.text, value_at)
        if found is None:
            return value_at
        for group in ("qa", "atom", "str"):
            if found.group(group) is not None:
                return found.start(group)
        return value_at

    def _line(self, at: int) -> str:
        """The call at ``at`` to its line's end, as a message shows it."""
        end = self.text.find("\n", at)
        return self.text[at : len(self.text) if end < 0 else end].strip()[:80]

    def _body(self, start: int, end: int) -> None:
        text, mask = self.text, self.mask
        for remote in _EX_REMOTE_STEP.finditer(mask, start, end):
            if remote.group("module") != "Ecto.Migration":
                self.unread.append(Unread(remote.start(), self._line(remote.start())))
        pos = start
        while True:
            found = _EX_MACRO.search(mask, pos, end)
            if found is None:
                return
            verb = found.group("verb")
            at = found.start("verb")
            pos = found.end()
            line_start = mask.rfind("\n", 0, at) + 1
            first = not mask[line_start:at].strip() or mask[line_start:at].rstrip().endswith(";")
            if not first and not (
                verb in _EX_STATEMENT_VERBS and _EX_OBJECT.match(mask, found.end())
            ):
                continue  # a word in an expression, not a migration command
            if verb in ("execute", "drop", "drop_if_exists", "flush", "repo", "execute_file"):
                continue  # execute's SQL string is read as any; drop names nothing
            if verb in _EX_STATEMENT_VERBS:
                made = self._statement(verb, at, end)
                if made is None:
                    self.unread.append(Unread(at, self._line(at)))
                    line_end = mask.find("\n", at)
                    line_end = end if line_end < 0 else min(line_end, end)
                    block = re.compile(r"\bdo\b(?!:)").search(mask, at, line_end)
                    if block is not None:
                        pos = _block_end(text, block.start())  # its block: not read
                    continue
                call_end, pieces = made
                self.calls.append((at, call_end, pieces))
                pos = call_end
                continue
            # add/modify/remove/timestamps outside a table block: not a
            # statement of its own here; a block reads its own
            self.unread.append(Unread(at, self._line(at)))

    def _call(self, at: int, word: str) -> tuple[int, int, list[tuple[int, str]]] | None:
        """``word(...)`` at ``at``: (its start, the offset after ``)``, its args)."""
        found = re.compile(rf"\s*{word}\s*\(").match(self.text, at)
        if found is None:
            return None
        close = _close(self.text, found.end() - 1)
        inner = self.text[found.end() : close]
        return found.start(), close + 1, [(found.end() + o, p) for o, p in _split(inner)]

    def _statement(
        self, verb: str, at: int, limit: int
    ) -> tuple[int, list[tuple[int, str, int]]] | None:
        text = self.text
        after = at + len(verb)
        # create(index(...)), create(table(:t)) do, rename(table(:t), :a, to: :b):
        # the macro called with parentheses, as `mix format` writes it without
        # ecto_sql's locals_without_parens (trial s40 papercups)
        paren = re.compile(r"\s*\(").match(text, after)
        close = _close(text, paren.end() - 1) if paren is not None else -1
        if paren is not None:
            after = paren.end()
        if verb in ("create", "create_if_not_exists", "alter"):
            table = self._call(after, "table")
            if table is not None:
                if paren is not None:
                    if text[table[1] : close].strip():
                        return None  # more inside the parentheses than the table
                    table = (table[0], close + 1, table[2])
                return self._table(verb, at, table, limit)
            if verb == "alter":
                return None
            for word in ("unique_index", "index"):
                index = self._call(after, word)
                if index is not None:
                    return self._index(index, word == "unique_index", verb)
            constraint = self._call(after, "constraint")
            if constraint is not None:
                return self._constraint(constraint)
            return None
        index = self._call(after, "index")
        if index is not None:
            return self._rename_index(index, limit)
        # rename table(:a), to: table(:b) / rename table(:t), :a, to: :b
        table = self._call(after, "table")
        if table is None:
            return None
        _, table_end, targs = table
        name = self._n(targs[0][1]) if targs else None
        rest = re.compile(r"\s*,\s*").match(text, table_end)
        if name is None or rest is None:
            return None
        # ecto_sql: ALTER TABLE quote_table(prefix, name) RENAME ..., the new name unqualified
        where = self._where(name, self._opts(targs[1:]))
        if paren is not None:
            line_end = min(close, limit)  # the macro's own parentheses end its arguments
        else:
            line_end = text.find("\n", rest.end())
            line_end = limit if line_end < 0 else min(line_end, limit)
        parts = _split(text[rest.end() : line_end])
        if len(parts) == 1 and parts[0][1].startswith("to:"):
            off = rest.end() + parts[0][0] + 3
            new = self._call(off, "table")
            if new is None or not new[2]:
                return None
            new_name = self._n(new[2][0][1])
            if new_name is None:
                return None
            sql = f"ALTER TABLE {where} RENAME TO {self._q(new_name)}"
            return new[1], [(self._name_at(new[2][0][0]), sql, sql.rindex(self._q(new_name)) + 1)]
        if len(parts) == 2 and parts[1][1].startswith("to:"):
            old = self._n(parts[0][1])
            new_name = self._n(parts[1][1][3:])
            if old is None or new_name is None:
                return None
            keyword = "RENAME COLUMN" if self.mysql else "RENAME"
            sql = f"ALTER TABLE {where} {keyword} {self._q(old)} TO {self._q(new_name)}"
            off = rest.end() + parts[1][0] + 3
            call_end = close + 1 if paren is not None else line_end
            return call_end, [(self._name_at(off), sql, sql.rindex(self._q(new_name)) + 1)]
        return None

    def _rename_index(
        self, index: tuple[int, int, list[tuple[int, str]]], limit: int
    ) -> tuple[int, list[tuple[int, str, int]]] | None:
        """``rename index(:t, [:c], name: "old"), to: "new"``: ecto_sql's
        PostgreSQL ``execute_ddl({:rename, %Index{}, new_name})``, ``ALTER INDEX
        "prefix"."old" RENAME TO "new"`` (``quote_name(prefix, name)``), the old
        name ``name:`` or ``default_index_name`` (``<table>_<columns>_index``)."""
        text = self.text
        _, index_end, args = index
        if len(args) < 2:
            return None
        table = self._n(args[0][1])
        cols_text = args[1][1]
        parts = (
            [self._n(p) for _, p in _split(cols_text[1:-1])]
            if cols_text.startswith("[")
            else [self._n(cols_text)]
        )
        opts = self._opts(args[2:])
        if table is None or any(p is None for p in parts):
            return None
        if "name" in opts:
            old = self._n(opts["name"][1])
        else:
            old = "_".join(_ex_index_part(p or "") for p in [table, *parts, "index"])
        prefix = self._n(opts["prefix"][1]) if "prefix" in opts else None
        to = re.compile(r"\s*,\s*to:\s*").match(text, index_end)
        if old is None or to is None or ("prefix" in opts and prefix is None):
            return None
        value = re.compile(r'"[^"\n]*"|:"[^"\n]*"|:[A-Za-z_][\w?!]*').match(text, to.end())
        new = self._n(value.group()) if value is not None else None
        if value is None or new is None or value.end() > limit:
            return None
        end = value.end()
        close = re.compile(r"\s*\)").match(text, end)
        end = close.end() if close is not None else end
        if self.mysql:  # ALTER TABLE quote_table(index.table) RENAME INDEX old TO new
            sql = f"ALTER TABLE {self._q(table)} RENAME INDEX {self._q(old)} TO {self._q(new)}"
            return end, [(self._name_at(value.start()), sql, sql.rindex(self._q(new)) + 1)]
        where = f"{self._q(prefix)}.{self._q(old)}" if prefix else self._q(old)
        sql = f"ALTER INDEX {where} RENAME TO {self._q(new)}"
        return end, [(self._name_at(value.start()), sql, sql.rindex(self._q(new)) + 1)]

    def _where(self, name: str, opts: dict[str, tuple[int, str]]) -> str:
        """``name`` quoted, qualified by a literal ``prefix:`` option as ecto_sql's
        ``quote_table(prefix, name)`` writes it (``"archive"."users"``; trial
        s42: the table was read into the default schema). A prefix known only
        when the migration runs (``prefix: prefix()``, ``mix ecto.migrate
        --prefix``, a tenant's) leaves it unqualified: its names are judged
        the same."""
        prefix = self._n(opts["prefix"][1]) if "prefix" in opts else None
        return f"{self._q(prefix)}.{self._q(name)}" if prefix else self._q(name)

    def _opts(self, args: list[tuple[int, str]]) -> dict[str, tuple[int, str]]:
        out: dict[str, tuple[int, str]] = {}
        for off, part in args:
            found = re.match(r"(\w+):\s*(.*)\Z", part, re.DOTALL)
            if found is not None:
                out[found.group(1)] = (off + found.start(2), found.group(2).strip())
        return out

    def _table(
        self, verb: str, at: int, table: tuple[int, int, list[tuple[int, str]]], limit: int
    ) -> tuple[int, list[tuple[int, str, int]]] | None:
        text = self.text
        _, table_end, args = table
        name = self._n(args[0][1]) if args else None
        if name is None:
            return None
        opts = self._opts(args[1:])
        where = self._where(name, opts)
        prefix = where[: -len(self._q(name)) - 1] or None
        block = re.compile(r"[ \t]*do\b").match(text, table_end)
        end = _block_end(text, table_end) if block is not None else table_end
        body_start = block.end() if block is not None else table_end
        body_end = end - 3 if block is not None else table_end
        columns: list[tuple[int, str, int]] = []
        keys: list[str] = []
        pk = opts.get("primary_key", (0, "true"))
        pk_default = pk[1] != "false"
        pk_column = self._table_key(pk[0], pk[1])
        if pk_column is None:
            return None
        for off, stmt_end in _ex_statements(self.mask, body_start, body_end):
            stmt = text[off:stmt_end]
            word = re.match(
                r"(add_if_not_exists|add|timestamps|remove_if_exists|remove|modify)\b", stmt
            )
            if word is None:
                self.unread.append(Unread(off, stmt[:80]))
                continue
            if word.group(1) in ("remove", "remove_if_exists"):
                continue
            if word.group(1) == "timestamps":
                stamps = self._timestamps(off, stmt, verb)
                if stamps is None:
                    self.unread.append(Unread(off, stmt[:80]))
                columns += stamps or []
                continue
            rest = stmt[len(word.group(1)) :]
            inner_at = off + len(word.group(1)) + len(rest) - len(rest.lstrip())
            rest = rest.strip()
            if rest.startswith("(") and _close(rest, 0) == len(rest) - 1:
                rest = rest[1:-1]
                inner_at += 1
            parts = _split(rest)
            if not parts:
                self.unread.append(Unread(off, stmt[:80]))
                continue
            column = self._n(parts[0][1])
            if column is None:
                self.unread.append(Unread(off, stmt[:80]))
                continue
            kind = parts[1][1] if len(parts) > 1 else ":string"
            copts = self._opts(parts[2:])
            sql_type, fk = self._type(name, column, kind, prefix)
            if sql_type is None:
                self.unread.append(Unread(off, stmt[:80]))
                continue
            if word.group(1) == "modify":
                if fk:  # ecto_sql: ADD CONSTRAINT "t_c_fkey" FOREIGN KEY ("c") REFERENCES ...
                    head, _, target = fk.lstrip(", ").partition(" REFERENCES ")
                    head = head.partition(" FOREIGN KEY ")[0]
                    sql_fk = f"ADD {head} FOREIGN KEY ({self._q(column)}) REFERENCES {target}"
                    columns.append((off, sql_fk, len("ADD ")))
                continue
            if copts.get("primary_key", (0, ""))[1] == "true":
                keys.append(column)
            null = " NOT NULL" if copts.get("null", (0, ""))[1] == "false" else ""
            sep = "" if fk.startswith(",") else " "
            piece = f"{self._q(column)} {sql_type}{null}{(sep + fk) if fk else ''}"
            if verb == "alter":
                piece = "ADD COLUMN " + piece
            columns.append(
                (self._name_at(inner_at + parts[0][0]), piece, piece.index(self._q(column)) + 1)
            )
        name_at = self._name_at(args[0][0])
        if verb == "alter":
            if not columns:
                return end, []
            head = f"ALTER TABLE {where}"
            pieces = [(name_at, head, len(head) - len(self._q(name)) + 1)]
            pieces += [
                (o, s + ("," if i < len(columns) - 1 else ""), a)
                for i, (o, s, a) in enumerate(columns)
            ]
            return end, pieces
        if pk_default and not keys:
            key_at, key_name, key_type = pk_column
            key = f"{self._q(key_name)} {key_type}"
            columns.insert(0, (self._name_at(key_at) if key_at else name_at, key, 1))
            keys = [key_name]
        modifier = "IF NOT EXISTS " if verb == "create_if_not_exists" else ""
        head = f"CREATE TABLE {modifier}{where} ("
        elements = [*columns]
        if keys:
            elements.append(
                (
                    end - 3 if block is not None else name_at,
                    f"PRIMARY KEY ({', '.join(self._q(k) for k in keys)})",
                    0,
                )
            )
        pieces = [(name_at, head, len(head) - len(self._q(name)) - 1)]
        pieces += [
            (o, s + ("," if i < len(elements) - 1 else ""), a)
            for i, (o, s, a) in enumerate(elements)
        ]
        pieces.append((end - 1 if block is not None else name_at, ")", 0))
        return end, pieces

    def _table_key(self, at: int, value: str) -> tuple[int, str, str] | None:
        """The implicit key of ``table/2`` (``lib/ecto/migration.ex``
        ``__primary_key__``): ``id bigserial``, or ``primary_key: [name: :uuid,
        type: :binary_id]``'s (trial s40): (offset of the name given, else 0,
        name, SQL type); None for a keyword list not read."""
        if not value.startswith("["):
            return 0, "id", _EX_MYSQL_SERIAL if self.mysql else "bigserial"
        if not value.endswith("]"):
            return None
        opts = self._opts([(at + 1 + o, p) for o, p in _split(value[1:-1])])
        name = self._n(opts["name"][1]) if "name" in opts else "id"
        kind = self._n(opts["type"][1]) if "type" in opts else "bigserial"
        if name is None or kind is None:
            return None
        serials = {"bigserial": "bigserial", "serial": "serial"}
        if self.mysql:
            serials = dict.fromkeys(serials, _EX_MYSQL_SERIAL)
        sql = serials.get(kind, self._types.get(kind, kind))
        return (opts["name"][0] if "name" in opts else 0), name, sql

    def _timestamps(self, off: int, stmt: str, verb: str) -> list[tuple[int, str, int]] | None:
        """``timestamps(opts)``'s columns (``lib/ecto/migration.ex``
        ``timestamps/1``): ``inserted_at`` and ``updated_at`` unless
        ``inserted_at:``/``updated_at:`` name others or ``false`` (trial s40),
        ``naive_datetime`` unless ``type:`` says, ``NOT NULL`` unless ``null:
        true``; None when an option is not a literal. (A repository's
        ``migration_timestamps`` configuration is not read.)"""
        rest = stmt[len("timestamps") :]
        inner_at = off + len("timestamps") + len(rest) - len(rest.lstrip())
        rest = rest.strip()
        if rest.startswith("(") and _close(rest, 0) == len(rest) - 1:
            rest, inner_at = rest[1:-1], inner_at + 1
        if rest.startswith("[") and rest.endswith("]"):
            rest, inner_at = rest[1:-1], inner_at + 1
        opts = self._opts([(inner_at + o, p) for o, p in _split(rest)])
        kind = self._n(opts["type"][1]) if "type" in opts else "naive_datetime"
        if kind is None:
            return None
        null = "" if opts.get("null", (0, "false"))[1] == "true" else " NOT NULL"
        sql_type = self._types.get(kind, kind)
        made: list[tuple[int, str]] = []
        for key in ("inserted_at", "updated_at"):
            if key not in opts:
                made.append((off, key))
                continue
            if opts[key][1] == "false":
                continue
            name = self._n(opts[key][1])
            if name is None:
                return None
            made.append((self._name_at(opts[key][0]), name))
        out = []
        for at, name in sorted(made, key=lambda m: m[0]):
            piece = f"{self._q(name)} {sql_type}{null}"
            if verb == "alter":
                piece = "ADD COLUMN " + piece
            out.append((at, piece, piece.index(self._q(name)) + 1))
        return out

    def _type(
        self, table: str, column: str, kind: str, prefix: str | None = None
    ) -> tuple[str | None, str]:
        """A column's SQL type, and its ``REFERENCES`` clause (``references(:x)``,
        in the reference's ``prefix:``, else the table's quoted ``prefix``: ecto_sql's
        ``quote_table(ref.prefix || table.prefix, ref.table)``)."""
        ref = re.match(r"references\s*\((.*)\)\s*\Z", kind, re.DOTALL)
        if ref is not None:
            args = _split(ref.group(1))
            target = self._n(args[0][1]) if args else None
            if target is None:
                return None, ""
            opts = self._opts(args[1:])
            to_col = self._n(opts["column"][1]) if "column" in opts else "id"
            fk_name = self._n(opts["name"][1]) if "name" in opts else f"{table}_{column}_fkey"
            ref_type = self._n(opts["type"][1]) if "type" in opts else "bigserial"
            target_at = self._where(target, opts)
            if prefix and target_at == self._q(target):
                target_at = f"{prefix}.{target_at}"
            serials = {"serial": "integer", "bigserial": "bigint", "identity": "bigint"}
            if self.mysql:  # reference_column_type/2
                serials = {"serial": "BIGINT UNSIGNED", "bigserial": "BIGINT UNSIGNED"}
            sql_type = serials.get(
                ref_type or "", self._types.get(ref_type or "", ref_type or "bigint")
            )
            constraint = self._q(fk_name or "")
            referenced = f"REFERENCES {target_at}({self._q(to_col or 'id')})"
            if self.mysql:  # reference_expr/3: a clause of the table's own, after the column
                return (
                    sql_type,
                    f", CONSTRAINT {constraint} FOREIGN KEY ({self._q(column)}) {referenced}",
                )
            return sql_type, f"CONSTRAINT {constraint} {referenced}"
        atom = re.fullmatch(r":(\w+)", kind.strip())
        if atom is not None:
            return self._types.get(atom.group(1), atom.group(1)), ""
        array = re.fullmatch(r"\{:array,\s*:(\w+)\}", kind.strip())
        if array is not None and self.mysql:
            return None, ""  # "Array type is not supported by MySQL": the migration fails
        if array is not None:
            return self._types.get(array.group(1), array.group(1)) + "[]", ""
        string = re.fullmatch(r'"([^"]*)"', kind.strip())
        if string is not None:
            return string.group(1), ""
        return None, ""

    def _index(
        self, index: tuple[int, int, list[tuple[int, str]]], unique: bool, verb: str
    ) -> tuple[int, list[tuple[int, str, int]]] | None:
        _, end, args = index
        if len(args) < 2:
            return None
        table = self._n(args[0][1])
        cols_text = args[1][1]
        if table is None:
            return None
        if cols_text.startswith("["):
            columns = [self._n(p) for _, p in _split(cols_text[1:-1])]
        else:
            columns = [self._n(cols_text)]
        if any(c is None for c in columns):
            return None
        names = [c for c in columns if c is not None]
        opts = self._opts(args[2:])
        if opts.get("unique", (0, ""))[1] == "true":
            unique = True
        if "name" in opts:
            index_name = self._n(opts["name"][1])
            if index_name is None:
                return None
            name_at = self._name_at(opts["name"][0])
        else:
            index_name = "_".join(_ex_index_part(p) for p in [table, *names, "index"])
            name_at = self._name_at(args[0][0])
        listed = ", ".join(c if not re.fullmatch(r"\w+", c) else self._q(c) for c in names)
        exists = "IF NOT EXISTS " if verb == "create_if_not_exists" else ""
        on = self._where(table, opts)
        head = f"CREATE {'UNIQUE ' if unique else ''}INDEX {exists}"
        sql = f"{head}{self._q(index_name)} ON {on} ({listed})"
        return end, [(name_at, sql, sql.index(self._q(index_name)) + 1)]

    def _constraint(
        self, call: tuple[int, int, list[tuple[int, str]]]
    ) -> tuple[int, list[tuple[int, str, int]]] | None:
        _, end, args = call
        if len(args) < 2:
            return None
        table, name = self._n(args[0][1]), self._n(args[1][1])
        opts = self._opts(args[2:])
        check = opts.get("check")
        if table is None or name is None or check is None:
            return None
        expression = self._n(check[1]) or "true"
        head = f"ALTER TABLE {self._where(table, opts)} ADD CONSTRAINT "
        sql = f"{head}{self._q(name)} CHECK ({expression})"
        return end, [(self._name_at(args[1][0]), sql, len(head) + 1)]


# --- EF Core ----------------------------------------------------------------

#: A method taking a ``MigrationBuilder``: ``Up``/``Down`` or a helper of the
#: class (``private static void CreateSidecar(MigrationBuilder mb)``), its
#: body a block or an expression (``=> mb.CreateTable(...);``).
_CS_METHOD = lazy_compile(
    r"\b(?P<name>\w+)\s*\(\s*(?P<this>this\s+)?MigrationBuilder\s+(?P<var>\w+)\s*"
    r"(?:,[^(){};]*)?\)\s*(?P<open>\{|=>)"
)
#: ``[Migration("<id>")]``, EF Core's id of a migration (its Designer file
#: usually holds it: ``dotnet ef migrations add``).
CS_MIGRATION_ID = lazy_compile(r'\[\s*Migration\s*\(\s*@?"(?P<id>[^"]+)"\s*\)\s*\]')
#: A class deriving from ``Migration`` (directly, or through a project base
#: whose ``Up(MigrationBuilder)`` it overrides).
_CS_OVERRIDE_UP = lazy_compile(r"\boverride\s+void\s+Up\s*\(\s*MigrationBuilder\b")


def _ef_migration(text: str) -> bool:
    """Whether C# ``text`` holds an EF Core migration: ``: Migration``, an
    ``override void Up(MigrationBuilder ...)`` (a class deriving from a
    project's own base: trial confirm39 s29), or ``[Migration("...")]``."""
    return (
        re.search(r":\s*Migration\b", text) is not None
        or _CS_OVERRIDE_UP.search(text) is not None
        or CS_MIGRATION_ID.search(text) is not None
    )


def ef_forward_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, builder variable)`` of the bodies EF Core runs for a
    migration's ``Up``: ``Up``'s (a block or an expression body: trial
    confirm39 s24), and each helper method of the file taking a
    ``MigrationBuilder`` that a body read calls (``CreateSidecar(mb)``: s28),
    its parameter bound as the builder; never ``Down``'s (the rollback)."""
    methods: dict[str, list[tuple[int, int, str]]] = {}
    for found in _CS_METHOD.finditer(text):
        if found.group("open") == "{":
            end = _cs_close(text, found.end() - 1)
        else:
            end = _expression_end(text, found.end())
        methods.setdefault(found.group("name"), []).append((found.end(), end, found.group("var")))
    out: list[tuple[int, int, str]] = []
    todo = ["Up"]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name == "Down":
            continue
        seen.add(name)
        for start, end, var in methods.get(name, []):
            out.append((start, end, var))
            for call in re.finditer(r"(?<![.\w])(\w+)\s*\(", text[start:end]):
                if call.group(1) in methods:
                    todo.append(call.group(1))
    return sorted(out)


def _cs_skip(text: str, i: int) -> int:
    """The offset past the C# literal or comment starting at ``i`` (a
    regular, verbatim ``@"..."`` or raw ``\"\"\"...\"\"\"`` string, interpolated
    or not, a char literal, a ``//`` or ``/* */`` comment), else ``i``: a
    verbatim or raw string spans lines (:func:`_close` ends a string at its
    line's end, which left an ``Up`` holding ``Sql(@"...")`` unclosed)."""
    if text.startswith("//", i):
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if text.startswith("/*", i):
        end = text.find("*/", i + 2)
        return len(text) if end < 0 else end + 2
    j = i
    while j < len(text) and text[j] in "@$":
        j += 1
    if j - i > 3 or j >= len(text) or text[j] not in "\"'":
        return i
    if text[j] == "'":
        if j > i:
            return i
        k = j + 1
        while k < len(text) and text[k] != "'" and text[k] != "\n":
            k += 2 if text[k] == "\\" else 1
        return k + 1
    run = len(text[j:]) - len(text[j:].lstrip('"'))
    if run >= 3:  # a raw string: closed by as many quotes
        end = text.find('"' * run, j + run)
        return len(text) if end < 0 else end + run
    if "@" in text[i:j]:  # verbatim: "" is a quote
        k = j + 1
        while k < len(text):
            if text[k] == '"':
                if text.startswith('""', k):
                    k += 2
                    continue
                return k + 1
            k += 1
        return len(text)
    k = j + 1
    while k < len(text) and text[k] != '"' and text[k] != "\n":
        k += 2 if text[k] == "\\" else 1
    return k + 1


def _cs_close(text: str, open_at: int) -> int:
    """:func:`_close` for C#: literals and comments skipped (:func:`_cs_skip`)."""
    return _close(text, open_at, _cs_skip)


def _expression_end(text: str, at: int) -> int:
    """The ``;`` ending the expression body starting at ``at``."""
    i = at
    while i < len(text):
        skipped = _cs_skip(text, i)
        if skipped != i:
            i = skipped
            continue
        c = text[i]
        if c in "([{":
            i = _cs_close(text, i) + 1
            continue
        if c in {";", "}"}:
            return i
        i += 1
    return len(text)


#: The ``Drop...`` operations the model replays (:meth:`_EfCore._drop`).
_EF_DROPS = frozenset(
    {
        "DropTable",
        "DropColumn",
        "DropIndex",
        "DropForeignKey",
        "DropPrimaryKey",
        "DropUniqueConstraint",
        "DropCheckConstraint",
        "DropSchema",
        "DropSequence",
    }
)
#: Operations that make or rename nothing (a Sql string is read as any string).
_CS_QUIET = frozenset(
    {
        "Sql",
        "AlterColumn",
        "AlterDatabase",
        "AlterTable",
        "AlterSequence",
        "InsertData",
        "UpdateData",
        "DeleteData",
        "RestartSequence",
        *_EF_DROPS,
    }
)
#: CLR types as Npgsql maps them when a column gives no ``type:``.
_CS_TYPES = {
    "int": "integer",
    "long": "bigint",
    "short": "smallint",
    "string": "text",
    "bool": "boolean",
    "DateTime": "timestamp with time zone",
    "DateTimeOffset": "timestamp with time zone",
    "Guid": "uuid",
    "decimal": "numeric",
    "double": "double precision",
    "float": "real",
    "byte[]": "bytea",
}


def _cs_str(value: str) -> str | None:
    found = re.fullmatch(r'@?"((?:[^"\\]|\\.)*)"', value.strip())
    return found.group(1) if found is not None else None


class _EfCore(_Reader):
    def __init__(self, text: str, family: str = "postgres", *, drops: bool = False) -> None:
        super().__init__(text)
        self.family = family
        self.drops = drops

    def _q(self, name: str) -> str:
        """A name quoted as the provider does (Pomelo/MySQL: backticks)."""
        if self.family == "mysql":
            return "`" + name.replace("`", "``") + "`"
        return _q(name)

    def read(self) -> None:
        text = self.text
        followed = ef_forward_spans(text)
        helpers = {m.group("name") for m in _CS_METHOD.finditer(text)}
        for start, end, var in followed:
            for call in re.finditer(
                rf"\b{re.escape(var)}\s*\.\s*(\w+)\s*(<[^>(]*>)?\s*\(", text[:end]
            ):
                if call.start() < start:
                    continue
                op = call.group(1)
                close = _close(text, call.end() - 1)
                if op in _EF_DROPS and self.drops:
                    dropped = self._drop(op, call.end(), close)
                    if dropped:
                        self.calls.append((call.start(), close + 1, dropped))
                    continue
                if op in _CS_QUIET:
                    continue
                made = self._op(op, call.group(2) or "", call.end(), close)
                if made is None:
                    self.unread.append(Unread(call.start(), f"{var}.{op}(...)"))
                    continue
                if made:
                    self.calls.append((call.start(), close + 1, made))
            # the builder handed to a method this file does not define (another
            # class's, an extension's): what it makes is not read, never passed
            for handed in re.finditer(
                rf"(?<![.\w])([\w.]+)\s*\((?=[^()]*(?<![.\w]){re.escape(var)}\s*[,)])",
                text[start:end],
            ):
                callee = handed.group(1)
                if callee.rpartition(".")[2] not in helpers and callee != var:
                    self.unread.append(Unread(start + handed.start(), f"{callee}({var})"))

    def _args(
        self, start: int, end: int
    ) -> tuple[list[tuple[int, str]], dict[str, tuple[int, str]]]:
        positional: list[tuple[int, str]] = []
        named: dict[str, tuple[int, str]] = {}
        for off, part in _split(self.text[start:end]):
            found = re.match(r"(\w+)\s*:\s*(.*)\Z", part, re.DOTALL)
            if found is not None and not part.startswith('"'):
                named[found.group(1)] = (start + off + found.start(2), found.group(2).strip())
            else:
                positional.append((start + off, part))
        return positional, named

    def _at(self, value: tuple[int, str]) -> int:
        return value[0] + value[1].index('"') + 1 if '"' in value[1] else value[0]

    def _names(self, value: str) -> list[str] | None:
        """``"a"``, ``new[] { "a", "b" }`` or C# 12's collection expression
        ``["a", "b"]`` (trial confirm39 s20: a false DBN013)."""
        single = _cs_str(value)
        if single is not None:
            return [single]
        found = re.fullmatch(r"\s*\[(.*)\]\s*", value, re.DOTALL) or re.search(
            r"\{(.*)\}", value, re.DOTALL
        )
        if found is None:
            return None
        out = [_cs_str(p) for _, p in _split(found.group(1))]
        return None if any(o is None for o in out) else [o for o in out if o is not None]

    def _drop(self, op: str, start: int, end: int) -> list[tuple[int, str, int]]:
        """A ``Drop...`` operation as the provider's generator writes it
        (``MigrationsSqlGenerator.Generate(DropTableOperation)``...; Pomelo's
        MySQL forms: ``DROP FOREIGN KEY``, ``DROP PRIMARY KEY``, ``DROP
        INDEX ... ON``); nothing for one whose names are not literals (what
        it drops stays in the model)."""
        pos, named = self._args(start, end)

        def arg(key: str, at: int) -> tuple[int, str] | None:
            return named.get(key) or (pos[at] if len(pos) > at else None)

        where = arg("name", 0)
        name = _cs_str(where[1]) if where is not None else None
        if name is None or where is None:
            return []
        table_arg = arg("table", 1)
        table = _cs_str(table_arg[1]) if table_arg is not None else None
        schema_arg = named.get("schema")
        schema = _cs_str(schema_arg[1]) if schema_arg is not None else None
        if self.family == "sqlite":
            schema = None
        q = self._q

        def qualified(t: str) -> str:
            return f"{q(schema)}.{q(t)}" if schema else q(t)

        mysql = self.family == "mysql"
        sql: str | None = None
        if op == "DropTable":
            sql = f"DROP TABLE {qualified(name)}"
        elif op == "DropSchema":
            sql = f"DROP SCHEMA {q(name)}"
        elif op == "DropSequence":
            sql = f"DROP SEQUENCE {qualified(name)}"
        elif op == "DropIndex":
            if mysql and table:
                sql = f"DROP INDEX {q(name)} ON {qualified(table)}"
            elif not mysql:
                sql = f"DROP INDEX {qualified(name)}"
        elif table is not None:
            what = {
                "DropColumn": "COLUMN",
                "DropForeignKey": "FOREIGN KEY" if mysql else "CONSTRAINT",
                "DropUniqueConstraint": "INDEX" if mysql else "CONSTRAINT",
                "DropCheckConstraint": "CHECK" if mysql else "CONSTRAINT",
                "DropPrimaryKey": "CONSTRAINT",
            }[op]
            if op == "DropPrimaryKey" and mysql:
                sql = f"ALTER TABLE {qualified(table)} DROP PRIMARY KEY"
                return [(self._at(where), sql, 0)]
            sql = f"ALTER TABLE {qualified(table)} DROP {what} {q(name)}"
        if sql is None:
            return []
        return [(self._at(where), sql, sql.rindex(q(name)))]

    def _op(self, op: str, generic: str, start: int, end: int) -> list[tuple[int, str, int]] | None:
        pos, named = self._args(start, end)
        table = _cs_str(named["table"][1]) if "table" in named else None
        name = _cs_str(named["name"][1]) if "name" in named else None
        new = _cs_str(named["newName"][1]) if "newName" in named else None
        schema = _cs_str(named["schema"][1]) if "schema" in named else None
        if self.family == "sqlite":
            # SQLite has no schemas: EF's SQLite provider ignores `schema:`
            # (SqliteMigrationsSqlGenerator: EnsureSchema writes nothing)
            schema = None
            if op == "EnsureSchema":
                return []
        qualified = (lambda t: f"{self._q(schema)}.{self._q(t)}") if schema else self._q
        if op == "CreateSequence":
            return self._sequence(generic, pos, named, qualified)
        if op == "EnsureSchema" and name:
            sql = f"CREATE SCHEMA IF NOT EXISTS {self._q(name)}"
            return [(self._at(named["name"]), sql, sql.index(self._q(name)) + 1)]
        if op == "CreateTable" and name and "columns" in named:
            return self._create_table(name, qualified, named)
        if op == "AddColumn" and name and table:
            kind = self._column_type(generic, named)
            sql = f"ALTER TABLE {qualified(table)} ADD {self._q(name)} {kind}"
            return [(self._at(named["name"]), sql, sql.rindex(self._q(name)) + 1)]
        if op == "RenameColumn" and name and table and new:
            sql = f"ALTER TABLE {qualified(table)} RENAME COLUMN {self._q(name)} TO {self._q(new)}"
            return [(self._at(named["newName"]), sql, sql.rindex(self._q(new)) + 1)]
        if op == "RenameTable" and name and new:
            sql = f"ALTER TABLE {qualified(name)} RENAME TO {self._q(new)}"
            return [(self._at(named["newName"]), sql, sql.rindex(self._q(new)) + 1)]
        if op == "RenameIndex" and name and new:
            sql = f"ALTER INDEX {self._q(name)} RENAME TO {self._q(new)}"
            return [(self._at(named["newName"]), sql, sql.rindex(self._q(new)) + 1)]
        if op == "CreateIndex" and name and table:
            columns = self._names((named.get("columns") or named.get("column") or (0, ""))[1])
            if not columns:
                return None
            unique = "UNIQUE " if named.get("unique", (0, ""))[1] == "true" else ""
            listed = ", ".join(self._q(c) for c in columns)
            sql = f"CREATE {unique}INDEX {self._q(name)} ON {qualified(table)} ({listed})"
            return [(self._at(named["name"]), sql, sql.index(self._q(name)) + 1)]
        if op in ("AddPrimaryKey", "AddUniqueConstraint") and name and table:
            columns = self._names((named.get("columns") or named.get("column") or (0, ""))[1])
            if not columns:
                return None
            what = "PRIMARY KEY" if op == "AddPrimaryKey" else "UNIQUE"
            listed = ", ".join(self._q(c) for c in columns)
            sql = f"ALTER TABLE {qualified(table)} ADD CONSTRAINT {self._q(name)} {what} ({listed})"
            return [(self._at(named["name"]), sql, sql.index(self._q(name)) + 1)]
        if op == "AddForeignKey" and name and table:
            columns = self._names((named.get("columns") or named.get("column") or (0, ""))[1])
            target = _cs_str(named.get("principalTable", (0, ""))[1])
            to = self._names(
                (named.get("principalColumns") or named.get("principalColumn") or (0, ""))[1]
            )
            if not columns or not target:
                return None
            ref = f" ({', '.join(self._q(c) for c in to)})" if to else ""
            sql = (
                f"ALTER TABLE {qualified(table)} ADD CONSTRAINT {self._q(name)} FOREIGN KEY "
                f"({', '.join(self._q(c) for c in columns)}) REFERENCES {self._q(target)}{ref}"
            )
            return [(self._at(named["name"]), sql, sql.index(self._q(name)) + 1)]
        if op == "AddCheckConstraint" and name and table:
            sql = f"ALTER TABLE {qualified(table)} ADD CONSTRAINT {self._q(name)} CHECK (true)"
            return [(self._at(named["name"]), sql, sql.index(self._q(name)) + 1)]
        del pos
        return None

    def _sequence(
        self,
        generic: str,
        pos: list[tuple[int, str]],
        named: dict[str, tuple[int, str]],
        qualified: Callable[[str], str],
    ) -> list[tuple[int, str, int]] | None:
        """``CreateSequence[<T>](name, schema, startValue, incrementBy, ...)``
        as EF Core's ``MigrationsSqlGenerator.Generate(CreateSequenceOperation)``
        writes it (Npgsql's inherits it): ``CREATE SEQUENCE "schema"."name"
        [AS <type>] START WITH <start> INCREMENT BY <n>``, ``AS`` only for a
        ``ClrType`` other than ``long`` (``int`` ``integer``, ``short``
        ``smallint``)."""
        where = named.get("name") or (pos[0] if pos else None)
        seq = _cs_str(where[1]) if where is not None else None
        if where is None or seq is None:
            return None
        clr = generic.strip("<> ")
        kind = {"int": "integer", "short": "smallint", "Int32": "integer", "Int16": "smallint"}
        as_type = f" AS {kind[clr]}" if clr in kind else ""

        def number(key: str) -> str:
            found = re.fullmatch(r"-?\d+", named.get(key, (0, "1"))[1].rstrip("lLuU"))
            return found.group() if found is not None else "1"

        sql = (
            f"CREATE SEQUENCE {qualified(seq)}{as_type} START WITH {number('startValue')} "
            f"INCREMENT BY {number('incrementBy')}"
        )
        return [(self._at(where), sql, sql.rindex(self._q(seq)) + 1)]

    def _column_type(self, generic: str, named: dict[str, tuple[int, str]]) -> str:
        given = _cs_str(named["type"][1]) if "type" in named else None
        clr = generic.strip("<> ").rstrip("?")
        kind = given or _CS_TYPES.get(clr, "text")
        if named.get("nullable", (0, ""))[1] == "false":
            kind += " NOT NULL"
        return kind

    def _create_table(
        self, name: str, qualified: Callable[[str], str], named: dict[str, tuple[int, str]]
    ) -> list[tuple[int, str, int]] | None:
        text = self.text
        head = f"CREATE TABLE {qualified(name)} ("
        pieces: list[tuple[int, str, int]] = [
            (self._at(named["name"]), head, head.rindex(self._q(name)) + 1)
        ]
        columns_at = named["columns"][0]
        brace = text.find("{", columns_at)
        if brace < 0:
            return None
        close = _close(text, brace)
        props: dict[str, str] = {}
        elements: list[tuple[int, str, int]] = []
        for off, part in _split(text[brace + 1 : close]):
            found = re.match(r"(\w+)\s*=\s*\w+\s*\.\s*Column\s*(<[^>(]*>)?\s*\(", part)
            if found is None:
                self.unread.append(Unread(brace + 1 + off, part[:80]))
                continue
            call_open = brace + 1 + off + found.end() - 1
            call_close = _close(text, call_open)
            _, cnamed = self._args(call_open + 1, call_close)
            column = _cs_str(cnamed["name"][1]) if "name" in cnamed else found.group(1)
            if column is None:
                self.unread.append(Unread(brace + 1 + off, part[:80]))
                continue
            props[found.group(1)] = column
            at = self._at(cnamed["name"]) if "name" in cnamed else brace + 1 + off
            sql = f"{self._q(column)} {self._column_type(found.group(2) or '', cnamed)}"
            elements.append((at, sql, 1))
        if "constraints" in named:
            c_at = named["constraints"][0]
            c_brace = text.find("{", c_at)
            c_close = _close(text, c_brace) if c_brace >= 0 else c_at
            for call in re.finditer(
                r"\b\w+\s*\.\s*(PrimaryKey|ForeignKey|UniqueConstraint|CheckConstraint)\s*\(",
                text[:c_close],
            ):
                if call.start() < c_brace:
                    continue
                close = _close(text, call.end() - 1)
                pos, cnamed = self._args(call.end(), close)
                label = cnamed.get("name") or (pos[0] if pos else None)
                cname = _cs_str(label[1]) if label else None
                if cname is None or label is None:
                    self.unread.append(Unread(call.start(), call.group(1)))
                    continue
                columns_arg = (
                    cnamed.get("columns")
                    or cnamed.get("column")
                    or (pos[1] if len(pos) > 1 else None)
                )
                cols = (
                    [props.get(p, p) for p in re.findall(r"\.\s*(\w+)", columns_arg[1])]
                    if columns_arg
                    else []
                )
                kind = call.group(1)
                if kind == "PrimaryKey":
                    tail = f"PRIMARY KEY ({', '.join(self._q(c) for c in cols)})"
                elif kind == "UniqueConstraint":
                    tail = f"UNIQUE ({', '.join(self._q(c) for c in cols)})"
                elif kind == "CheckConstraint":
                    tail = "CHECK (true)"
                else:
                    target = _cs_str(cnamed.get("principalTable", (0, ""))[1])
                    to = (
                        self._names(
                            (
                                cnamed.get("principalColumns")
                                or cnamed.get("principalColumn")
                                or (0, "")
                            )[1]
                        )
                        or []
                    )
                    if target is None:
                        self.unread.append(Unread(call.start(), call.group(1)))
                        continue
                    ref = f" ({', '.join(self._q(c) for c in to)})" if to else ""
                    listed = ", ".join(self._q(c) for c in cols)
                    tail = f"FOREIGN KEY ({listed}) REFERENCES {self._q(target)}{ref}"
                sql = f"CONSTRAINT {self._q(cname)} {tail}"
                elements.append((self._at(label), sql, len("CONSTRAINT ") + 1))
        pieces += [
            (o, s + ("," if i < len(elements) - 1 else ""), a)
            for i, (o, s, a) in enumerate(elements)
        ]
        pieces.append((pieces[-1][0], ")", 0))
        return pieces


# --- Phinx -----------------------------------------------------------------

_PHINX_STEP = lazy_compile(r"\bfunction\s+(?:change|up)\s*\(\s*\)\s*(?::\s*\w+\s*)?\{")
_PHINX_TABLE = lazy_compile(r"\$this\s*->\s*table\s*\(")


class _Phinx(_Reader):
    """Phinx (``extends AbstractMigration``): its Table API is not read, so
    each ``$this->table(...)`` of ``change()``/``up()`` is listed unread (the
    gate refuses it, never passes it silently); ``$this->execute('...')``
    strings are read as any."""

    def read(self) -> None:
        text = self.text
        for step in _PHINX_STEP.finditer(text):
            end = _close(text, step.end() - 1)
            for call in _PHINX_TABLE.finditer(text, step.end(), end):
                line_end = text.find("\n", call.start())
                shown = text[call.start() : line_end if line_end >= 0 else end].strip()
                self.unread.append(Unread(call.start(), shown[:80]))


# --- Rails ------------------------------------------------------------------

_RB_STEP = lazy_compile(r"^([ \t]*)def\s+(change|up)\b[^\n]*$", re.MULTILINE)
_RB_VERSION = lazy_compile(r"ActiveRecord::Migration\[(?P<v>[\d.]+)\]")
#: Words of a statement that may make or rename a name (a schema statement
#: or SQL), where one not read is refused; other Ruby is passed over.
_RB_SCHEMA_WORD = lazy_compile(
    r"\b(?:create_\w+|add_\w+|rename_\w+|change_table|enable_extension)\b"
    r"|\b(?i:create|alter|rename)\b"
)
#: Calls that make or rename nothing.
_RB_QUIET = frozenset(
    {
        "execute",
        "drop_table",
        "remove_column",
        "remove_columns",
        "remove_index",
        "remove_foreign_key",
        "remove_check_constraint",
        "remove_reference",
        "remove_timestamps",
        "change_column",
        "change_column_null",
        "change_column_default",
        "change_column_comment",
        "change_table_comment",
        "reversible",
        "say",
        "say_with_time",
        "disable_extension",
        "drop_enum",
        "drop_schema",
        "up_only",
        # Ruby's own statements and Kernel methods: they make no name
        "raise",
        "fail",
        "retry",
        "return",
        "next",
        "break",
        "redo",
        "sleep",
        "puts",
        "print",
        "p",
        "pp",
    }
)


def _join_table_name(first: str, second: str) -> str:
    """ActiveRecord ``ModelSchema.derive_join_table_name``: the two names
    sorted, joined by ``_``, a common prefix kept once (``model_schema.rb``:
    ``[a, b].sort.join("\\0").gsub(/^(.*[_.])(.+)\\0\\1(.+)/, '\\1\\2_\\3').tr("\\0", "_")``:
    ``:products, :categories`` is ``categories_products``,
    ``:music_albums, :music_records`` ``music_albums_records``,
    ``music.artists, music.records`` ``music.artists_records``)."""
    joined = "\0".join(sorted([first, second]))
    return re.sub(r"^(.*[_.])(.+)\0\1(.+)", r"\1\2_\3", joined, count=1).replace("\0", "_")


def _join_table(call: Call) -> Call | None:
    """``create_join_table :a, :b, column_options: {...}, table_name: ..., **opts
    do |t| ... end`` as the ``create_table`` ActiveRecord runs for it
    (``SchemaStatements#create_join_table``): the table
    :func:`_join_table_name` names (or ``table_name:``), ``id: false``
    (``:primary_key`` given a ``primary_key:``; an ``id:`` given kept), then
    ``t.references`` of each name singularized, its schema left off
    (PostgreSQL's ``reference_name_for_table``: ``a_id``, ``b_id``, bigint)
    with ``column_options`` over ``null: false, index: false``, then the
    block's calls; None when a name is computed."""
    from dbnamelint.frontends.rails.names import singularize

    names = [a.name if isinstance(a, Symbol) else a for a in call.args]
    if len(names) != 2 or not all(isinstance(n, str) for n in names):
        return None
    first, second = (str(n) for n in names)
    options = dict(call.options)
    given = options.pop("table_name", None)
    table = given.name if isinstance(given, Symbol) else given
    column_options = options.pop("column_options", None) or {}
    if (given is not None and not isinstance(table, str)) or not isinstance(column_options, dict):
        return None
    refs = [
        Call(
            "t.references",
            [Symbol(singularize(n.rpartition(".")[2]))],
            {"null": False, "index": False, **column_options},
            call.line,
            call.column,
        )
        for n in (first, second)
    ]
    return Call(
        "create_table",
        [table if isinstance(table, str) else _join_table_name(first, second)],
        {"id": Symbol("primary_key") if options.get("primary_key") else False, **options},
        call.line,
        call.column,
        [*refs, *(call.block or [])],
        call.end_line,
    )


class _Rails(_Reader):
    in_order = True

    def __init__(self, text: str, family: str = "postgres") -> None:
        super().__init__(text)
        # the SQL is parsed in the run's dialect: MySQL reads "x" as a string
        self.mysql = family == "mysql"
        self.dialect = "mysql" if self.mysql else "postgres"

    def _q(self, name: str) -> str:
        return _qm(name) if self.mysql else _q(name)

    def escape(self, sql: str) -> str:
        return sql.replace("\\", "\\\\").replace("'", "\\'")

    def read(self) -> None:
        from dbnamelint.frontends.rails import ruby
        from dbnamelint.frontends.rails.sqlgen import generate

        text = self.text
        version = _RB_VERSION.search(text)
        rails_version = version.group("v") if version else None
        starts = [0]
        for line in text.splitlines(keepends=True):
            starts.append(starts[-1] + len(line))

        def offset(line: int, column: int) -> int:
            return starts[line - 1] + column - 1 if line - 1 < len(starts) else len(text)

        helpers = _rb_helpers(text)

        def read_def(step: re.Match[str], depth: int, seen: frozenset[str]) -> None:
            end = self._def_end(step)
            # the step's body as a schema.rb: `def change` as the define line
            fake = "\n" * text.count("\n", 0, step.start())
            fake += "ActiveRecord::Schema.define(version: 1) do" + text[step.end() : end]
            schema = ruby.parse(fake)
            fake_lines = fake.split("\n")
            for u in schema.unread:
                # the rollback never runs forward; Ruby that is no schema
                # statement (`User.update_all(...)`) makes no name; a loop's
                # block (`%w[a b].each do |t| create_table t ... end`) is its
                span = "\n".join(fake_lines[u.line - 1 : max(u.line, u.end_line)])
                if not u.text.startswith("dir.down") and _RB_SCHEMA_WORD.search(span):
                    self.unread.append(Unread(offset(u.line, u.column), u.text))
            for written in _rb_flat(schema.calls):
                at = offset(written.line, written.column)
                if written.name in _RB_QUIET:
                    continue
                helper = helpers.get(written.name)
                if (
                    helper is not None
                    and not written.args
                    and not written.options
                    and written.block is None
                    and written.name not in seen
                    and depth < _RB_HELPER_DEPTH
                ):
                    # a method of the migration the step calls: its calls run here
                    read_def(helper, depth + 1, seen | {written.name})
                    continue
                joined = _join_table(written) if written.name == "create_join_table" else written
                if joined is None:
                    self.unread.append(Unread(at, written.name))
                    continue
                call = joined
                if call.name == "add_reference" and len(call.args) >= 2:
                    made = self._reference(call)
                else:
                    made = self._own(call)
                    if made is not None:
                        made = [(o, sql + ";", a) for o, sql, a in made]
                if made is None and call.name in (
                    "create_table",
                    "add_index",
                    "add_foreign_key",
                    "add_check_constraint",
                    "create_schema",
                    "create_enum",
                    "enable_extension",
                ):
                    statements, unread = generate([call], self.dialect, rails_version)
                    for u in unread:
                        self.unread.append(Unread(offset(u.line, u.column), u.text))
                    made = [
                        (
                            offset(line.line, line.column),
                            line.text + (";" if i == len(s) - 1 else ""),
                            0,
                        )
                        for s in statements
                        for i, line in enumerate(s)
                    ]
                if made is None:
                    if "." not in call.name.partition(" ")[0] or _RB_SCHEMA_WORD.search(call.name):
                        self.unread.append(Unread(at, call.name))
                    continue
                if not made:
                    continue
                last = max(o for o, _, _ in made)
                line_end = text.find("\n", last)
                self.calls.append((at, line_end if line_end >= 0 else len(text), made))

        for step in _RB_STEP.finditer(text):
            read_def(step, 0, frozenset())
        self.calls = _merge(self.calls)

    def _reference(self, call: Call) -> list[tuple[int, str, int]] | None:
        """``add_reference :t, :name, ...`` (``add_belongs_to``): as ``t.references``
        in a ``create_table`` (``ReferenceDefinition#add_to``), its column added."""
        from dbnamelint.frontends.rails.sqlgen import _Gen

        first = call.args[0]
        table = first.name if isinstance(first, Symbol) else first
        if not isinstance(table, str):
            return None
        gen = _Gen(self.dialect)
        made = gen.references(
            table, Call("t.references", call.args[1:], call.options, call.line, call.column)
        )
        if made is None or gen.unread:
            return None
        columns, indexes, keys = made
        at = self._offset(call.line, call.column)
        out = [(at, f"ALTER TABLE {self._q(table)} ADD COLUMN {c.text};", 0) for c in columns]
        out += [(at, f"{i.text};", 0) for i in indexes]
        out += [(at, f"ALTER TABLE {self._q(table)} ADD {k.text};", 0) for k in keys]
        name = call.args[1]
        shown = name.name if isinstance(name, Symbol) else str(name)
        return [(self._name(at, shown), sql, a) for _, sql, a in out]

    def _def_end(self, step: re.Match[str]) -> int:
        found = re.compile(rf"^{step.group(1)}end\b", re.MULTILINE).search(self.text, step.end())
        return found.end() if found is not None else len(self.text)

    def _own(self, call: Call) -> list[tuple[int, str, int]] | None:
        def s(v: object) -> str | None:
            if isinstance(v, Symbol):
                return v.name
            return v if isinstance(v, str) else None

        args = [s(a) for a in call.args]
        at = self._offset(call.line, call.column)
        if call.name == "rename_table" and len(args) == 2 and all(args):
            sql = f"ALTER TABLE {self._q(args[0] or '')} RENAME TO {self._q(args[1] or '')}"
            return [(self._name(at, args[1] or ""), sql, sql.rindex(sql[-1], 0, -1) + 1)]
        if call.name == "rename_column" and len(args) == 3 and all(args):
            old, new = self._q(args[1] or ""), self._q(args[2] or "")
            sql = f"ALTER TABLE {self._q(args[0] or '')} RENAME COLUMN {old} TO {new}"
            return [(self._name(at, args[2] or ""), sql, sql.rindex(sql[-1], 0, -1) + 1)]
        if call.name == "rename_index" and len(args) == 3 and all(args):
            old, new = self._q(args[1] or ""), self._q(args[2] or "")
            sql = (  # MySQL has no ALTER INDEX: Rails' mysql adapter writes this
                f"ALTER TABLE {self._q(args[0] or '')} RENAME INDEX {old} TO {new}"
                if self.mysql
                else f"ALTER INDEX {old} RENAME TO {new}"
            )
            return [(self._name(at, args[2] or ""), sql, sql.rindex(sql[-1], 0, -1) + 1)]
        if call.name == "add_column" and len(args) >= 3 and all(args[:3]):
            from dbnamelint.frontends.rails.sqlgen import _Gen

            column = _Gen(self.dialect).column(args[1] or "", args[2] or "", call.options)
            sql = f"ALTER TABLE {self._q(args[0] or '')} ADD COLUMN {column}"
            return [(self._name(at, args[1] or ""), sql, sql.index(self._q(args[1] or "")) + 1)]
        return None

    def _offset(self, line: int, column: int) -> int:
        at = 0
        for _ in range(line - 1):
            at = self.text.index("\n", at) + 1
        return at + column - 1

    def _name(self, at: int, name: str) -> int:
        line_end = self.text.find("\n", at)
        found = self.text.find(name, at, line_end if line_end >= 0 else len(self.text))
        return found if found >= 0 else at

    def anchor(self, sql: str, at: int) -> int:
        if at:
            return len(self.escape(sql[:at]))
        quote = sql.find("`" if self.mysql else '"')
        return quote + 1 if quote >= 0 else 0


def rails_builder_sql(text: str) -> list[tuple[int, str]]:
    """The SQL (PostgreSQL's) of Rails migration ``text``'s forward-step
    builder calls, as ``(1-based line, SQL text)`` pieces in the order they
    run; a statement ends with the piece ending ``;``."""
    reader = _Rails(text)
    reader.read()
    return [
        (text.count("\n", 0, at) + 1, sql) for _, _, pieces in reader.calls for at, sql, _ in pieces
    ]


#: A method a migration class defines (``def add_indexes!``, ``def self.x``).
_RB_DEF = lazy_compile(
    r"^([ \t]*)def\s+(?:self\.)?(?P<name>[A-Za-z_]\w*[!?]?)(?P<params>[^\n]*)$", re.MULTILINE
)
#: How deep the reader follows helpers calling helpers (as for Go's).
_RB_HELPER_DEPTH = 4


def _rb_helpers(text: str) -> dict[str, re.Match[str]]:
    """The methods of Rails migration ``text`` other than its steps that take
    no parameters, by name: a step calling one (``add_indexes!``, mastodon's
    ``deduplicate_and_reindex!``) runs its calls where it calls it, so they
    are read there, not passed over as a call the reader does not know."""
    out: dict[str, re.Match[str]] = {}
    for found in _RB_DEF.finditer(text):
        name, params = found.group("name"), found.group("params").strip()
        if name in ("change", "up", "down") or (params and not params.startswith("#")):
            continue
        out.setdefault(name, found)
    return out


def _rb_helper_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The bodies of the methods (any, with parameters too) that the code in
    ``spans`` calls by name, and those they call: forward code as well."""
    bodies: dict[str, tuple[int, int]] = {}
    for found in _RB_DEF.finditer(text):
        name = found.group("name")
        if name in ("change", "up", "down") or name in bodies:
            continue
        end = re.compile(rf"^{found.group(1)}end\b", re.MULTILINE).search(text, found.end())
        bodies[name] = (found.end(), end.end() if end is not None else len(text))
    out: list[tuple[int, int]] = []
    todo = list(spans)
    reached: set[str] = set()
    while todo:
        a, b = todo.pop()
        for name, body in bodies.items():
            if name in reached:
                continue
            if re.search(rf"(?<![\w.:@]){re.escape(name)}(?![\w!?:])", text[a:b]):
                reached.add(name)
                out.append(body)
                todo.append(body)
    return out


#: ``dir.down do`` / ``dir.down {``: the rollback of a ``reversible`` block.
_RB_DOWN = lazy_compile(r"\b\w+\.down\s*(?:(?P<do>do\b)|\{)")


def rails_forward_spans(text: str) -> list[tuple[int, int]]:
    """The spans of Rails migration ``text`` that run forward: its ``def
    change``/``def up`` bodies, less their ``dir.down`` blocks."""
    spans: list[tuple[int, int]] = []
    for step in _RB_STEP.finditer(text):
        found = re.compile(rf"^{step.group(1)}end\b", re.MULTILINE).search(text, step.end())
        end = found.end() if found is not None else len(text)
        at = step.end()
        for down in _RB_DOWN.finditer(text, step.end(), end):
            if down.start() < at:
                continue
            if down.group("do"):
                stop = _block_end(text, down.start("do"))
            else:
                depth, stop = 0, end
                for i in range(down.end() - 1, end):
                    depth += {"{": 1, "}": -1}.get(text[i], 0)
                    if depth == 0:
                        stop = i + 1
                        break
            spans.append((at, down.start()))
            at = stop
        spans.append((at, end))
    spans += _rb_helper_spans(text, spans)
    return [(a, b) for a, b in spans if a < b]


_RB_DOWN_DEF = lazy_compile(r"^([ \t]*)def\s+(?:self\.)?down\b[^\n]*$", re.MULTILINE)


def rails_backward_spans(text: str) -> list[tuple[int, int]]:
    """The spans of Rails migration ``text`` that run only backwards: its
    ``def down`` body and the ``dir.down`` blocks of ``reversible`` (an
    ``execute`` there undoes the step: trial s40, a rollback renaming a
    table back to its legacy name was judged as new)."""
    spans: list[tuple[int, int]] = []
    for down in _RB_DOWN_DEF.finditer(text):
        found = re.compile(rf"^{down.group(1)}end\b", re.MULTILINE).search(text, down.end())
        spans.append((down.end(), found.start() if found is not None else len(text)))
    for down in _RB_DOWN.finditer(text):
        if down.group("do"):
            stop = _block_end(text, down.start("do"))
        else:
            stop = _close(text, down.end() - 1) + 1
        spans.append((down.end(), stop))
    return spans


def ecto_backward_spans(text: str) -> list[tuple[int, int]]:
    """The spans of Ecto migration ``text`` that run only backwards: ``def
    down``'s body and the functions only it calls, and the second argument
    of ``execute/2`` (``execute(up_sql, down_sql)``: Ecto runs it on
    rollback), the rollback ``dbnamelint migrate`` says to put there
    (trial s40: its ``ALTER TABLE ... RENAME TO "<legacy name>"`` was judged)."""
    mask = _ex_mask(text)
    functions = _ex_functions(text, mask)
    forward = _ex_reached(functions, mask, ["change", "up"])
    down = _ex_reached(functions, mask, ["down"])
    spans = [span for name in down - forward for span in functions[name]]
    for name in forward:
        for start, end in functions[name]:
            spans += _ex_rollback_args(text, mask, start, end)
    return spans


def ecto_mask(text: str) -> str:
    """Elixir ``text`` with its strings, sigils and comments blanked (same
    length, line breaks kept): :func:`_ex_mask`."""
    return _ex_mask(text)


def ecto_functions(text: str) -> list[tuple[str, list[str], int, int]]:
    """Each ``def``/``defp`` of Elixir ``text`` whose parameters are plain
    names: (name, its parameters' source, the span of its body), as
    :func:`_ex_functions` finds the bodies; a head with a pattern, a default
    (``\\``) or a guard is left out (its call's binding is no plain one)."""
    mask = _ex_mask(text)
    bodies = _ex_functions(text, mask)
    taken: dict[str, int] = {}
    out: list[tuple[str, list[str], int, int]] = []
    for head in _EX_DEF.finditer(mask):
        name = head.group("name")
        index = taken.get(name, 0)
        taken[name] = index + 1
        spans = bodies.get(name, [])
        if index >= len(spans):
            continue
        paren = re.compile(r"[ \t]*\(").match(mask, head.end())
        params: list[str] = []
        if paren is not None:
            close = _close(mask, paren.end() - 1)
            params = [p for _, p in _split(mask[paren.end() : close])]
            after = mask[close + 1 : spans[index][0]]
        else:
            after = mask[head.end() : spans[index][0]]
        if " when " in f" {after} " or not all(re.fullmatch(r"[a-z_]\w*", p) for p in params):
            continue
        out.append((name, params, *spans[index]))
    return out


def _ex_reached(
    functions: dict[str, list[tuple[int, int]]], mask: str, roots: list[str]
) -> set[str]:
    """The functions of ``functions`` that ``roots`` are or call, to any depth."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        for start, end in functions[name]:
            for call in _EX_LOCAL_CALL.finditer(mask, start, end):
                todo.append(call.group("a") or call.group("b") or call.group("c"))
    return seen


def _ex_rollback_args(text: str, mask: str, start: int, end: int) -> list[tuple[int, int]]:
    """The second argument of each ``execute/2`` in ``[start, end)``:
    ``execute(up, down)`` runs ``down`` on rollback (a string, or a function:
    ``execute(&up_sql/0, &down_sql/0)``)."""
    spans = []
    for found in re.finditer(r"(?<![\w.:@&?!])execute(?![\w?!:])", mask[:end]):
        if found.start() < start:
            continue
        paren = re.compile(r"[ \t]*\(").match(mask, found.end())
        if paren is not None:
            base = paren.end()
            args_end = _close(mask, base - 1)
        else:
            base = found.end()
            args_end = _ex_expression_end(mask, base, end)
        parts = _split(text[base:args_end])
        if len(parts) == 2:
            spans.append((base + parts[1][0], args_end))
    return spans


_RB_CHANGE_QUIET = frozenset(
    {
        "remove",
        "remove_index",
        "remove_references",
        "remove_belongs_to",
        "remove_timestamps",
        "change",
        "change_default",
        "change_null",
        "remove_foreign_key",
        "remove_check_constraint",
    }
)


#: Parameterless blocks that do not run where they stand: ``revert`` runs
#: its calls backwards; a lambda or proc is only defined.
_RB_NOT_IN_PLACE = frozenset({"revert", "lambda", "proc", "Proc.new"})


def _rb_wrapper(call: Call) -> bool:
    """Whether ``call`` is a block that runs its calls once, where it stands,
    as the migration's own: a bare method taking a block of no parameters
    (strong_migrations' ``safety_assured { ... }``, ``say_with_time "x" do``,
    ``suppress_messages``, an app helper such as ``with_lock_timeout do``) or
    a ``transaction do`` on any receiver; not ``revert`` nor a lambda, and not
    a block of parameters (``create_table ... do |t|``, a loop's ``|name|``)."""
    if call.block is None or call.block_params or call.name in _RB_NOT_IN_PLACE:
        return False
    if _RB_SCHEMA_WORD.search(call.name):  # `create_table :x do ... end`: the call itself
        return False
    return "." not in call.name or call.name.endswith(".transaction")


#: mastodon's (and GitLab's) ``MigrationHelpers`` that run a Rails call
#: with the same names: ``add_concurrent_index(t, c, **options)`` is
#: ``add_index(t, c, **options, algorithm: :concurrently)``,
#: ``add_column_with_default(t, c, type, default:, limit:, allow_null:)``
#: ``add_column`` (``null:`` from ``allow_null:``, false by default).
_RB_HELPER_CALLS = {"add_concurrent_index": "add_index", "add_column_with_default": "add_column"}


def _rb_helper_call(call: Call) -> Call:
    """``call`` of :data:`_RB_HELPER_CALLS` as the Rails call it runs."""
    options = dict(call.options)
    if call.name == "add_column_with_default":
        options["null"] = options.pop("allow_null", False)
    return Call(
        _RB_HELPER_CALLS[call.name],
        call.args,
        options,
        call.line,
        call.column,
        call.block,
        call.end_line,
    )


def _rb_flat(calls: list[Call]) -> list[Call]:
    """A Rails migration's calls with the forward ones of ``reversible`` (its
    ``dir.up`` block) and ``up_only`` in place, ``dir.down`` left out, and a
    ``change_table :t do |t|`` block's calls as the top-level calls they
    stand for (``t.string :c`` as ``add_column :t, :c, :string``,
    ``t.rename``, ``t.index``, ``t.references``, ``t.timestamps``;
    ActiveRecord's ``Table``)."""
    out: list[Call] = []
    for each in calls:
        call = each
        if call.name in ("reversible", "up_only", "dir.up") and call.block is not None:
            out += _rb_flat([c for c in call.block if c.name != "dir.down"])
            continue
        if _rb_wrapper(call):
            out += _rb_flat(call.block or [])
            continue
        if call.name in _RB_HELPER_CALLS:
            call = _rb_helper_call(call)
        if call.name == "add_belongs_to":
            call = Call("add_reference", call.args, call.options, call.line, call.column)
        if call.name == "add_timestamps" and call.args:
            for column in ("created_at", "updated_at"):
                options = {"null": False, **call.options}
                out.append(
                    Call(
                        "add_column",
                        [call.args[0], column, Symbol("datetime")],
                        options,
                        call.line,
                        call.column,
                    )
                )
            continue
        if call.name != "change_table" or call.block is None or not call.args:
            out.append(call)
            continue
        table = call.args[0]
        for inner in call.block:
            method = inner.name.partition(".")[2] if "." in inner.name else inner.name
            where = (inner.line, inner.column)
            if method in _RB_CHANGE_QUIET:
                continue
            if method == "rename":
                out.append(Call("rename_column", [table, *inner.args], inner.options, *where))
            elif method == "index":
                out.append(Call("add_index", [table, *inner.args], inner.options, *where))
            elif method in ("references", "belongs_to"):
                out.append(Call("add_reference", [table, *inner.args], inner.options, *where))
            elif method == "timestamps":
                for column in ("created_at", "updated_at"):
                    options = {"null": False, **inner.options}
                    out.append(
                        Call("add_column", [table, column, Symbol("datetime")], options, *where)
                    )
            elif method == "column" and len(inner.args) == 2:
                out.append(Call("add_column", [table, *inner.args], inner.options, *where))
            elif inner.name.startswith("t.") and len(inner.args) == 1 and method.isidentifier():
                out.append(
                    Call(
                        "add_column", [table, inner.args[0], Symbol(method)], inner.options, *where
                    )
                )
            else:
                out.append(Call(f"change_table {inner.name}", [], {}, *where))
    return out


def _merge(
    calls: list[tuple[int, int, list[tuple[int, str, int]]]],
) -> list[tuple[int, int, list[tuple[int, str, int]]]]:
    """Calls whose spans overlap as one (a create_table's block lines)."""
    out: list[tuple[int, int, list[tuple[int, str, int]]]] = []
    for start, end, pieces in sorted(calls, key=lambda c: c[0]):
        if out and start < out[-1][1]:
            s, e, p = out[-1]
            out[-1] = (s, max(e, end), [*p, *pieces])
        else:
            out.append((start, end, pieces))
    return out
