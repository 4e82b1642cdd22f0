"""gobuffalo/fizz migrations (pop's ``<version>_x.up.fizz``) read as the SQL fizz writes.

pop runs a ``.fizz`` migration beside its ``.sql`` ones (``Migrator.UpTo``,
version order): ``fizz.AString`` runs the file as a plush script whose
calls (``create_table``, ``add_column``, ``rename_table``, ``sql``...)
each append the SQL its translator writes. Left unread, a ``.fizz`` file's
names were never checked and a change adding ``create_table("BadThings")``
passed the gate in silence (trial s37 supabase/auth). Read as fizz's
PostgreSQL translator (``translators/postgres.go``) and its defaults
(``tables.go``, ``index.go``, ``foreign_keys.go``) write it:

- ``create_table("t"[, {timestamps: false}]) { ... }``: ``CREATE TABLE
  "t"`` with each ``t.Column("c", "type", {opts})`` (``NOT NULL`` unless
  ``{"null": true}``; a ``primary`` column gets ``PRIMARY KEY("c")``, an
  integer one ``SERIAL``), ``t.Timestamp("c")``, ``t.Timestamps()``,
  ``t.PrimaryKey("a", "b")``, ``t.ForeignKey("c", {"ref": ["id"]}, {...})``
  (inline, unnamed: PostgreSQL names it), and ``created_at``/``updated_at``
  added unless ``timestamps: false`` or ``t.DisableTimestamps()``; each
  ``t.Index(cols, {opts})`` a ``CREATE [UNIQUE] INDEX`` after it, named
  ``<table>_<cols>_idx`` unless ``{"name": ...}``;
- ``drop_table``, ``rename_table``, ``add_column``, ``change_column``,
  ``drop_column``, ``rename_column``, ``add_index`` (same default name),
  ``drop_index``, ``rename_index``, ``add_foreign_key`` (default name
  ``<table>_<ref table>_<ref columns>_fk``), ``drop_foreign_key``;
- ``sql("...")`` and ``raw("...")``: the SQL itself.

Identifiers are double-quoted as fizz writes them (backticks in MySQL's
family), so a name keeps its case. The SQL is laid out on the file's own
lines: each name on the line of the call (or ``t.Column``) that writes it,
an index a ``create_table`` block declares on the block's closing line.
What is not read is said, never skipped: ``exec(...)`` (a shell command),
a call taking a name the script computes (a variable), or any other
statement (``let``, ``for``, ``if``) gets a ``DBN013`` warning at it,
which the gate refuses in a new or edited file, as dynamic SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.positions import LineIndex
from dbnamelint.template_constants import render_constant_actions

__all__ = ["fizz_sql", "is_fizz_migration"]

DYNAMIC_CODE = "DBN013"
#: pop's fizz migration name (its ``mrx``: fizz is for every database, no dialect word).
_FIZZ_NAME = re.compile(r"^\d+_[^.]+\.(?:up|down)\.fizz$")
#: A Go template action (text/template's delimiters).
_ACTION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<s>"(?:[^"\\]|\\.)*")"""
    r"""|(?P<w>[A-Za-z_][A-Za-z0-9_]*)|(?P<n>-?\d+(?:\.\d+)?)|(?P<p>.)""",
    re.DOTALL,
)
#: fizz's PostgreSQL translator's ``colType`` (anything else passes through).
_PG_TYPES = {
    "uuid": "UUID",
    "time": "timestamptz",
    "datetime": "timestamptz",
    "blob": "bytea",
    "[]byte": "bytea",
    "float": "DECIMAL",
    "decimal": "DECIMAL",
    "[]string": "varchar[]",
    "[]float": "decimal[]",
    "[]int": "integer[]",
    "json": "jsonb",
}
#: The same for MySQL's and SQLite's families (their translators, for what a name needs).
_OTHER_TYPES = {
    "uuid": "char(36)",
    "time": "DATETIME",
    "datetime": "DATETIME",
    "timestamp": "DATETIME",
    "blob": "BLOB",
    "[]byte": "BLOB",
    "float": "DECIMAL",
    "decimal": "DECIMAL",
    "json": "JSON",
    "bool": "BOOL",
}
#: Each fizz call read: how many arguments it needs (its Go function's
#: parameters, options aside), and how many leading ones are names (a computed
#: one is not read). add_index's columns (a string or a list) and
#: add_foreign_key's reference (a map) are read apart, so fewer lead.
_CALLS: dict[str, tuple[int, int]] = {
    "create_table": (1, 1),
    "drop_table": (1, 1),
    "rename_table": (2, 2),
    "add_column": (3, 3),
    "change_column": (3, 3),
    "drop_column": (2, 2),
    "rename_column": (3, 3),
    "add_index": (2, 1),
    "drop_index": (2, 2),
    "rename_index": (3, 3),
    "add_foreign_key": (3, 2),
    "drop_foreign_key": (2, 2),
    "sql": (1, 1),
    "raw": (1, 1),
}


def is_fizz_migration(name: str) -> bool:
    """Whether the file name ``name`` is one of pop's fizz migrations."""
    return _FIZZ_NAME.match(name) is not None


@dataclass(frozen=True)
class _Tok:
    kind: str  # s (string), w (word), n (number), p (punctuation)
    text: str
    start: int
    end: int

    @property
    def value(self) -> str:
        """A string token's value: plush's lexer (``readString``) resolves
        ``\\"`` only, every other backslash is kept."""
        return self.text[1:-1].replace('\\"', '"')


class _Computed:
    """A value the script computes when it runs (a variable, an expression)."""

    def __init__(self, tok: _Tok) -> None:
        self.tok = tok


_Value: TypeAlias = "str | float | bool | list[_Value] | dict[str, _Value] | _Computed | None"
_Note: TypeAlias = Callable[[int, str], None]


@dataclass
class _Arg:
    value: _Value
    tok: _Tok  # the first token of the argument


@dataclass
class _Call:
    name: str
    at: _Tok
    args: list[_Arg]
    body: list[_Call] | None = None
    close: int = 0  # the offset of the block's closing brace


@dataclass
class _Layout:
    """SQL written on the lines of the fizz text, each piece at a chosen offset."""

    text: str
    index: LineIndex = field(init=False)
    rows: list[list[str]] = field(init=False)
    cursor: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.index = LineIndex(self.text)
        self.rows = [[" "] * len(line) for line in self.text.split("\n")]
        self.cursor = [0] * len(self.rows)

    def put(self, offset: int, piece: str, before: int = 0) -> None:
        """``piece`` on the line of ``offset``, its character ``before`` at
        ``offset`` when the line is free there, else after what is written."""
        line, column = self.index.line_col(offset)
        row = line - 1
        col = max(column - 1 - before, self.cursor[row])
        out = self.rows[row]
        for ch in piece:
            if ch == "\n":
                self.cursor[row] = col
                row, col = min(row + 1, len(self.rows) - 1), 0
                out = self.rows[row]
                col = max(col, self.cursor[row])
                continue
            if len(out) <= col:
                out.extend(" " * (col + 1 - len(out)))
            out[col] = ch
            col += 1
        self.cursor[row] = col + 1

    def sql(self) -> str:
        return "\n".join("".join(row) for row in self.rows)


def fizz_sql(path: str, text: str, family: str = "postgres") -> tuple[str, list[Diagnostic]]:
    """The SQL the fizz migration ``text`` (at ``path``) runs on a database of
    ``family`` (``postgres``, ``mysql``, ``sqlite``), laid out on ``text``'s
    lines, and a ``DBN013`` warning for each statement not read."""
    index = LineIndex(text)
    notes: list[Diagnostic] = []

    def note(at: int, message: str) -> None:
        line, column = index.line_col(at)
        notes.append(
            Diagnostic(Location(path, line, column), Severity.WARNING, message, DYNAMIC_CODE)
        )

    # pop renders a fizz file with text/template before fizz reads it: a
    # constant action is its text; another keeps its place, its quotes made
    # single so the string holding it stays one (a placeholder downstream)
    rendered, _ = render_constant_actions(text)
    rendered = _ACTION.sub(lambda m: m.group().replace('"', "'"), rendered)
    toks = [
        _Tok(m.lastgroup or "p", m.group(), m.start(), m.end())
        for m in _TOKEN.finditer(rendered)
        if m.lastgroup != "ws"
    ]
    calls = _Parser(rendered, toks, note).statements(len(toks))
    layout = _Layout(text)
    _Writer(layout, family, note).calls(calls)
    return layout.sql(), notes


class _Parser:
    def __init__(self, text: str, toks: list[_Tok], note: _Note) -> None:
        self.text = text
        self.toks = toks
        self.i = 0
        self.note = note

    def statements(self, end: int) -> list[_Call]:
        """The calls of the statements up to token ``end``; each other statement noted."""
        out: list[_Call] = []
        while self.i < end:
            tok = self.toks[self.i]
            nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
            if tok.kind == "w" and nxt is not None and nxt.text == "(":
                self.i += 1
                args = self._args()
                call = _Call(tok.text, tok, args)
                if self._peek("{"):
                    opened = self.i
                    close = self._matching(opened)
                    self.i = opened + 1
                    call.body = self.statements(close)
                    call.close = self.toks[close].start if close < len(self.toks) else tok.end
                    self.i = close + 1
                out.append(call)
                continue
            if tok.kind == "w" and nxt is not None and nxt.text == ".":
                self.i += 2  # t.Column(...): the method's call follows its receiver
                continue
            if tok.kind == "p" and tok.text in ";,":
                self.i += 1
                continue
            self.note(
                tok.start,
                f"this fizz statement ({_shown(self.toks, self.i)}) is not read: names it makes "
                "are neither checked nor in the model. Write the migration with fizz's calls "
                "(create_table, add_column, rename_table, ...) and literal names, or in sql(...)",
            )
            self._skip_statement(end)
        return out

    def _peek(self, text: str) -> bool:
        return self.i < len(self.toks) and self.toks[self.i].text == text

    def _matching(self, at: int) -> int:
        """The token closing the bracket at ``at`` (the end when unbalanced)."""
        pairs = {"(": ")", "[": "]", "{": "}"}
        depth: list[str] = []
        for j in range(at, len(self.toks)):
            t = self.toks[j].text
            if self.toks[j].kind != "p":
                continue
            if t in pairs:
                depth.append(pairs[t])
            elif depth and t == depth[-1]:
                depth.pop()
                if not depth:
                    return j
        return len(self.toks)

    def _skip_statement(self, end: int) -> None:
        """Past the statement at the cursor: its tokens up to the next line's
        (a bracket and what it holds are one token)."""
        start = self.toks[self.i].start
        while self.i < end:
            t = self.toks[self.i]
            if t.start > start and "\n" in self.text[start : t.start]:
                return
            self.i = self._matching(self.i) + 1 if t.kind == "p" and t.text in "([{" else self.i + 1

    def _args(self) -> list[_Arg]:
        """The arguments of the call whose ``(`` is at the cursor; the cursor past ``)``."""
        close = self._matching(self.i)
        self.i += 1
        args: list[_Arg] = []
        while self.i < close:
            first = self.toks[self.i]
            args.append(_Arg(self._value(close), first))
            if self._peek(","):
                self.i += 1
        self.i = close + 1
        return args

    def _value(self, end: int) -> _Value:
        if self.i >= min(end, len(self.toks)):
            return None  # an unbalanced bracket ran out of text: fizz refuses the file
        tok = self.toks[self.i]
        if tok.kind == "s":
            self.i += 1
            return tok.value
        if tok.kind == "n":
            self.i += 1
            return float(tok.text)
        if tok.kind == "w" and tok.text in ("true", "false", "nil"):
            self.i += 1
            return None if tok.text == "nil" else tok.text == "true"
        if tok.text == "[":
            close = self._matching(self.i)
            self.i += 1
            items: list[_Value] = []
            while self.i < close:
                items.append(self._value(close))
                if self._peek(","):
                    self.i += 1
            self.i = close + 1
            return items
        if tok.text == "{":
            close = self._matching(self.i)
            self.i += 1
            entries: dict[str, _Value] = {}
            while self.i < close:
                key = self.toks[self.i]
                self.i += 1
                if self._peek(":"):
                    self.i += 1
                    entries[key.value if key.kind == "s" else key.text] = self._value(close)
                if self._peek(","):
                    self.i += 1
            self.i = close + 1
            return entries
        # anything else: an expression the script computes, up to the next comma
        while self.i < end and self.toks[self.i].text != ",":
            if self.toks[self.i].text in "([{":
                self.i = self._matching(self.i) + 1
                continue
            self.i += 1
        return _Computed(tok)


def _shown(toks: list[_Tok], i: int) -> str:
    return " ".join(t.text for t in toks[i : i + 4])[:40]


class _Writer:
    def __init__(self, layout: _Layout, family: str, note: _Note) -> None:
        self.out = layout
        self.family = family
        self.note = note
        self.q = "`" if family == "mysql" else '"'

    def ident(self, name: str) -> str:
        return f"{self.q}{name}{self.q}"

    def calls(self, calls: list[_Call]) -> None:
        for call in calls:
            if call.name not in _CALLS:
                why = (
                    "runs a shell command when the migration runs"
                    if call.name == "exec"
                    else "is no fizz call dbnamelint reads"
                )
                self.note(
                    call.at.start,
                    f"this fizz call ({call.name}(...)) {why}: what it makes or changes is "
                    "neither checked nor in the model",
                )
                continue
            arity, names = _CALLS[call.name]
            if len(call.args) < arity:
                self.note(
                    call.at.start,
                    f"this fizz call ({call.name}(...)) lacks arguments (it takes "
                    f"{arity}): fizz refuses it, and it is not read",
                )
                continue
            if not all(isinstance(a.value, str) for a in call.args[:names]):
                self.note(
                    call.at.start,
                    f"this fizz call ({call.name}(...)) takes a name the script computes when "
                    "it runs: it is not read, and what it makes or changes is not in the model",
                )
                continue
            getattr(self, f"_{call.name}")(call)

    def _s(self, call: _Call, i: int) -> str:
        value = call.args[i].value if i < len(call.args) else ""
        return value if isinstance(value, str) else ""

    def _opts(self, call: _Call, i: int) -> dict[str, _Value]:
        value = call.args[i].value if i < len(call.args) else None
        return value if isinstance(value, dict) else {}

    def _at(self, call: _Call, i: int, prefix: str, name: str, rest: str) -> None:
        """``prefix`` + the quoted ``name`` + ``rest``, the name over argument ``i``."""
        tok = call.args[i].tok if i < len(call.args) else call.at
        self.out.put(tok.start, prefix + self.ident(name) + rest, before=len(prefix))

    def _column_sql(self, name: str, kind: str, opts: dict[str, _Value], primary: bool) -> str:
        col = self._type(kind, opts, primary)
        sql = f"{self.ident(name)} {col}"
        if opts.get("null") is None or primary:
            sql += " NOT NULL"
        if opts.get("default") is not None:
            sql += f" DEFAULT '{_text(opts['default'])}'"
        if opts.get("default_raw") is not None:
            sql += f" DEFAULT {_text(opts['default_raw'])}"
        return sql

    def _type(self, kind: str, opts: dict[str, _Value], primary: bool) -> str:
        if kind == "string":
            size = opts.get("size")
            return f"VARCHAR ({int(size) if isinstance(size, float) else 255})"
        if self.family == "postgres":
            if primary and kind in ("integer", "INT", "int"):
                return "SERIAL"
            if primary and kind in ("bigint", "BIGINT"):
                return "BIGSERIAL"
            return _PG_TYPES.get(kind, kind)
        return _OTHER_TYPES.get(kind, kind)

    def _create_table(self, call: _Call) -> None:
        table = self._s(call, 0)
        opts = self._opts(call, 1)
        timestamps = opts.get("timestamps", True) is not False
        # (offset, sql) of each table element, then the index statements
        elements: list[tuple[int, str]] = []
        indexes: list[str] = []
        names: list[str] = []
        end = call.close or call.at.end
        for step in call.body or []:
            method = step.name
            if method == "DisableTimestamps":
                timestamps = False
            elif method == "Column" and step.args and isinstance(step.args[0].value, str):
                name = step.args[0].value
                kind = self._s(step, 1)
                copts = self._opts(step, 2)
                is_pk = "primary" in copts
                sql = self._column_sql(name, kind, copts, is_pk)
                if is_pk:
                    sql += f", PRIMARY KEY({self.ident(name)})"
                elements.append((step.args[0].tok.start, sql))
                names.append(name)
            elif method in ("Timestamp", "Timestamps"):
                stamped = (
                    [self._s(step, 0)] if method == "Timestamp" else ["created_at", "updated_at"]
                )
                for name in stamped:
                    elements.append((step.at.start, self._column_sql(name, "timestamp", {}, False)))
                    names.append(name)
            elif method == "PrimaryKey":
                keys = [a.value for a in step.args if isinstance(a.value, str)]
                if len(keys) > 1:
                    listed = ", ".join(self.ident(k) for k in keys)
                    elements.append((step.at.start, f"PRIMARY KEY({listed})"))
                elif keys:
                    elements.append((step.at.start, f"PRIMARY KEY({self.ident(keys[0])})"))
            elif method == "ForeignKey" and step.args and isinstance(step.args[0].value, str):
                refs = step.args[1].value if len(step.args) > 1 else None
                elements.append(
                    (
                        step.at.start,
                        self._foreign_key(step.args[0].value, refs, self._opts(step, 2)),
                    )
                )
            elif method == "Index" and step.args:
                cols = _columns(step.args[0].value)
                iopts = self._opts(step, 1)
                indexes.append(self._index_sql(table, cols, iopts))
            else:
                self.note(
                    step.at.start,
                    f"this fizz table step (t.{method}(...)) is not read: a name it makes is "
                    "neither checked nor in the model",
                )
        if timestamps:
            for name in ("created_at", "updated_at"):
                if name not in names:
                    elements.append((end, self._column_sql(name, "timestamp", {}, False)))
        self._at(call, 0, "CREATE TABLE ", table, " (")
        for n, (at, sql) in enumerate(elements):
            self.out.put(at, sql + ("," if n < len(elements) - 1 else ""))
        self.out.put(end, ");" + "".join(indexes))

    def _foreign_key(self, column: str, refs: _Value, opts: dict[str, _Value]) -> str:
        table, cols = _reference(refs)
        ref_cols = ", ".join(self.ident(c) for c in cols)
        sql = f"FOREIGN KEY ({self.ident(column)}) REFERENCES {self.ident(table)} ({ref_cols})"
        if opts.get("on_update") is not None:
            sql += f" ON UPDATE {_text(opts['on_update'])}"
        if opts.get("on_delete") is not None:
            sql += f" ON DELETE {_text(opts['on_delete'])}"
        return sql

    def _index_sql(self, table: str, cols: list[str], opts: dict[str, _Value]) -> str:
        name = opts.get("name")
        if not isinstance(name, str):
            name = f"{table}_{'_'.join(cols)}_idx"
        unique = "UNIQUE " if opts.get("unique") is True else ""
        # fizz writes the column list as given, unquoted
        return (
            f" CREATE {unique}INDEX {self.ident(name)} ON {self.ident(table)} ({', '.join(cols)});"
        )

    def _drop_table(self, call: _Call) -> None:
        self._at(call, 0, "DROP TABLE ", self._s(call, 0), ";")

    def _rename_table(self, call: _Call) -> None:
        self._at(call, 0, "ALTER TABLE ", self._s(call, 0), "")
        self._at(call, 1, "RENAME TO ", self._s(call, 1), ";")

    def _add_column(self, call: _Call) -> None:
        self._at(call, 0, "ALTER TABLE ", self._s(call, 0), " ADD COLUMN")
        column = self._column_sql(self._s(call, 1), self._s(call, 2), self._opts(call, 3), False)
        self.out.put(call.args[1].tok.start, column + ";")

    def _change_column(self, call: _Call) -> None:
        self._at(call, 0, "ALTER TABLE ", self._s(call, 0), " ALTER COLUMN")
        kind = self._type(self._s(call, 2), self._opts(call, 3), False)
        self._at(call, 1, "", self._s(call, 1), f" TYPE {kind};")

    def _drop_column(self, call: _Call) -> None:
        self._at(call, 0, "ALTER TABLE ", self._s(call, 0), " DROP COLUMN")
        self._at(call, 1, "", self._s(call, 1), ";")

    def _rename_column(self, call: _Call) -> None:
        self._at(call, 0, "ALTER TABLE ", self._s(call, 0), " RENAME COLUMN")
        self._at(call, 1, "", self._s(call, 1), " TO")
        self._at(call, 2, "", self._s(call, 2), ";")

    def _add_index(self, call: _Call) -> None:
        cols = _columns(call.args[1].value) if len(call.args) > 1 else []
        sql = self._index_sql(self._s(call, 0), cols, self._opts(call, 2))
        self.out.put(call.at.start, sql.lstrip())

    def _drop_index(self, call: _Call) -> None:
        table, name = self._s(call, 0), self._s(call, 1)
        on = f" ON {self.ident(table)}" if self.family == "mysql" else ""
        self._at(call, 1, "DROP INDEX ", name, on + ";")

    def _rename_index(self, call: _Call) -> None:
        if self.family == "mysql":
            self._at(call, 0, "ALTER TABLE ", self._s(call, 0), " RENAME INDEX")
            self._at(call, 1, "", self._s(call, 1), " TO")
        else:
            self._at(call, 1, "ALTER INDEX ", self._s(call, 1), " RENAME TO")
        self._at(call, 2, "", self._s(call, 2), ";")

    def _add_foreign_key(self, call: _Call) -> None:
        table, column = self._s(call, 0), self._s(call, 1)
        refs = call.args[2].value if len(call.args) > 2 else None
        opts = self._opts(call, 3)
        name = opts.get("name")
        if not isinstance(name, str):
            ref_table, ref_cols = _reference(refs)
            name = f"{table}_{ref_table}_{'_'.join(ref_cols)}_fk"
        self._at(call, 0, "ALTER TABLE ", table, " ADD CONSTRAINT")
        self.out.put(call.args[1].tok.start, f"{self.ident(name)} ")
        self.out.put(call.args[1].tok.start, self._foreign_key(column, refs, opts) + ";")

    def _drop_foreign_key(self, call: _Call) -> None:
        exists = "IF EXISTS " if self._opts(call, 2).get("if_exists") is True else ""
        drop = "DROP FOREIGN KEY" if self.family == "mysql" else f"DROP CONSTRAINT {exists}"
        self._at(call, 0, "ALTER TABLE ", self._s(call, 0), f" {drop}")
        self._at(call, 1, "", self._s(call, 1), ";")

    def _sql(self, call: _Call) -> None:
        body = self._s(call, 0).rstrip()
        # the text from just inside its quote, so each name keeps its place
        self.out.put(call.args[0].tok.start + 1, body + ("" if body.endswith(";") else ";"))

    _raw = _sql


def _columns(value: _Value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _reference(refs: _Value) -> tuple[str, list[str]]:
    """fizz's ``{"table": ["col", ...]}`` reference (one table)."""
    if isinstance(refs, dict) and refs:
        table, cols = next(iter(refs.items()))
        return table, _columns(cols)
    return "", []


def _text(value: _Value) -> str:
    """A value as Go's ``%v`` prints it (``0``, ``true``, the string)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return value if isinstance(value, str) else ""
