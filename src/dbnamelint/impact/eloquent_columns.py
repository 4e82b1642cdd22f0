"""The columns of an Eloquent model's table that PHP code names as strings.

Eloquent reads a model's columns by name: its ``$fillable``, ``$guarded``,
``$hidden``, ``$visible`` and ``$dates`` lists, ``$casts`` keys,
``$primaryKey`` and the ``CREATED_AT``/``UPDATED_AT``/``DELETED_AT``
constants name them (Laravel's "Eloquent: Getting Started", "Mass
Assignment", "Serialization", "Mutators & Casting"); so do the query
builder's arguments on the model (``Setting::where('key', $k)``,
``->orderBy('key')``, ``->pluck('value', 'key')``) and the attribute
arrays of ``create``/``update``/``updateOrCreate(['key' => ...])``
("Inserting and Updating Models", "Upserts"). None is SQL, so after
``settings.key`` was renamed every one was plain text, listed nowhere
(trial s43 LinkAce: ``impact`` said 0 references, the app broke).

Found here, in ``.php`` files: a bare column-name string in those places,
when the class it is used on is a model (:func:`~dbnamelint.impact.
eloquent_models.models`) whose table has that renamed column: in the model's
own body (also on ``$this``, ``static::``, ``self::`` and a ``Builder``
parameter, a scope's query), and anywhere on the model's class
(``Setting::...`` chains, ``new Setting([...])``), resolved through the
file's ``namespace`` and ``use`` lines, or on a variable whose model is
evident: assigned such a chain (``$s = Setting::find(1)``), a parameter
typed with the model (``Setting $s``), a ``foreach`` over such a chain or
variable, a closure's first parameter given to ``where``/``when``... on
such a chain (the same builder). ``DB::table('t')`` chains and Laravel's
testing ``assertDatabaseHas('t', [...])`` give ``t``'s columns so too.
An ``->key`` attribute on such a chain or variable is found too (label
``..., attribute``), listed and not patched: an accessor may own the
name. Not followed: a relation's result (``$user->settings()->where(...)``),
a model of a package (outside the files read), ``casts()`` methods, a
variable of unknown class, a Collection's ``->get('key')``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.eloquent_models import models, names, resolve
from dbnamelint.impact.laravelquery import tokens
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target

#: The start of every context label this module gives.
LABEL_PREFIX = "PHP (Eloquent model "
_ATTRIBUTE = ", attribute)"

#: Model properties listing columns, and those whose keys are columns.
_LISTS = frozenset({"$fillable", "$guarded", "$hidden", "$visible", "$dates"})
_KEYED = frozenset({"$casts"})
_CONSTANTS = frozenset({"CREATED_AT", "UPDATED_AT", "DELETED_AT"})
#: Builder methods whose first argument is a column (illuminate/database Query\Builder).
_FIRST = frozenset(
    {
        "where",
        "orWhere",
        "whereNot",
        "orWhereNot",
        "whereIn",
        "whereNotIn",
        "orWhereIn",
        "orWhereNotIn",
        "whereNull",
        "whereNotNull",
        "orWhereNull",
        "orWhereNotNull",
        "whereBetween",
        "whereNotBetween",
        "orWhereBetween",
        "orWhereNotBetween",
        "whereDate",
        "whereMonth",
        "whereDay",
        "whereYear",
        "whereTime",
        "whereLike",
        "whereNotLike",
        "whereColumn",
        "whereJsonContains",
        "firstWhere",
        "orderBy",
        "orderByDesc",
        "latest",
        "oldest",
        "increment",
        "decrement",
        "value",
        "min",
        "max",
        "sum",
        "avg",
        "average",
        "having",
        "orHaving",
    }
)
#: Methods passing a closure the same builder (``where(function ($q) {...})``;
#: not ``whereHas``, whose closure gets the related model's).
_GIVING = frozenset({"where", "orWhere", "whereNot", "orWhereNot", "when", "unless", "tap"})
#: Methods each of whose string arguments (or array elements) is a column.
_EVERY = frozenset({"select", "addSelect", "groupBy"})
#: Methods whose array arguments' elements are columns: ``get(['key'])``
#: (a lone string is a Collection's key there: ``->get('name')``).
_ITEMS = _EVERY | {"get"}
#: ``pluck('value', 'key')``: both are columns.
_TWO = frozenset({"pluck"})
#: Methods whose array arguments' keys are columns (an attribute array, or a list of them).
_KEYS = frozenset(
    {
        "where",
        "orWhere",
        "firstWhere",
        "create",
        "forceCreate",
        "createOrFirst",
        "make",
        "fill",
        "forceFill",
        "update",
        "insert",
        "insertOrIgnore",
        "insertGetId",
        "upsert",
        "firstOrCreate",
        "firstOrNew",
        "updateOrCreate",
        "updateOrInsert",
        "new",
    }
)
#: What the ``DB`` facade is: Laravel's global alias or the facade class.
_FACADE = frozenset({"DB", "Illuminate\\Support\\Facades\\DB"})
_NAME = lazy_compile(r"[A-Za-z_]\w*")


#: The start of the label of a column given a builder on a table (``DB::table('t')``).
TABLE_LABEL_PREFIX = "PHP (Laravel table "
#: Laravel's testing assertions taking a table (or model class) and a row's
#: columns (Illuminate\Foundation\Testing\Concerns\InteractsWithDatabase).
_ASSERTIONS = frozenset(
    {"assertDatabaseHas", "assertDatabaseMissing", "assertSoftDeleted", "assertNotSoftDeleted"}
)


def label(model: str) -> str:
    """The context of a column string used on ``model`` (its short name)."""
    return f"{LABEL_PREFIX}{model})"


def table_label(table: str) -> str:
    """The context of a column string given a builder or assertion on ``table``."""
    return f"{TABLE_LABEL_PREFIX}{table})"


def is_attribute(context: str) -> bool:
    """Whether ``context`` is an Eloquent attribute's (no patch rewrites it)."""
    return context.startswith((LABEL_PREFIX, TABLE_LABEL_PREFIX)) and context.endswith(_ATTRIBUTE)


def references(
    classes: Iterable[tuple[str, str]],
    files: Iterable[tuple[str, str]],
    targets: Iterable[Target],
) -> Iterator[Reference]:
    """High-confidence references to renamed columns of models' tables.

    ``classes``: the PHP files declaring classes (where models and their
    bases are found); ``files``: the PHP files searched for uses. Reads
    text only."""
    by_table: dict[str, dict[str, list[Target]]] = {}
    for target in targets:
        if target.kind != "column":
            continue
        for table in target.tables:
            columns = by_table.setdefault(table.casefold(), {})
            for old in dict.fromkeys((*target.old_names, *target.stored)):
                columns.setdefault(old.casefold(), []).append(target)
    if not by_table:
        return
    wanted: dict[str, _Owner] = {
        fqn: (label(one.name), one.path, one.start, one.end, renamed)
        for fqn, (one, table) in models(classes).items()
        if (renamed := by_table.get(table.casefold()))
    }
    for table, renamed in by_table.items():
        wanted[_TABLE + table] = (table_label(table), "", 0, 0, renamed)
    words = {w.rpartition("\\")[2] for w in wanted if not w.startswith(_TABLE)} | {
        "DB",
        "assert",
    }
    for path, text in files:
        if path.endswith(".php") and any(word in text for word in words):
            yield from _File(path, text, wanted).references()


#: What a column is used on: its label, and for a model its class's file,
#: start and end (a table's: "", 0, 0); the renamed columns of its table.
_Owner = tuple[str, str, int, int, Mapping[str, list[Target]]]
#: The key of a table's :data:`_Owner` (a model's is its class's name).
_TABLE = "table:"


class _File:
    """One PHP file's uses of the wanted models' columns."""

    def __init__(self, path: str, text: str, wanted: Mapping[str, _Owner]) -> None:
        self.path, self.text, self.wanted = path, text, wanted
        self.toks = tokens(text)
        self.space, self.uses = names(text)
        self.regions = [(m[2], m[3], fqn) for fqn, m in wanted.items() if m[1] == path]
        self.facade = resolve("DB", self.space, self.uses) in _FACADE
        self.match = _matches(text, self.toks)
        #: A found name's start -> (its end, model, attribute or not).
        self.found: dict[int, tuple[int, str, bool]] = {}
        #: A closure parameter's token index -> the model whose builder it is given.
        self.given: dict[int, str] = {}

    def _tx(self, i: int) -> str:
        return self.text[self.toks[i][1] : self.toks[i][2]] if i < len(self.toks) else ""

    def _model(self, word: str) -> str | None:
        fqn = resolve(word, self.space, self.uses)
        return fqn if fqn in self.wanted else None

    def _table(self, j: int) -> str | None:
        """The owner a table-name string (or ``X::class``) at ``toks[j]`` names."""
        if self.toks[j][0] == "s" and self._is_single(j):
            key = _TABLE + self._tx(j)[1:-1].casefold()
            return key if key in self.wanted else None
        if self._tx(j + 1) == "::" and self._tx(j + 2) == "class":
            return self._model(self._tx(j))
        return None

    def _own(self, i: int) -> str | None:
        """The model whose class body holds ``toks[i]``."""
        at = self.toks[i][1]
        return next((fqn for start, end, fqn in self.regions if start <= at < end), None)

    def references(self) -> Iterator[Reference]:
        bound: dict[str, tuple[str, int]] = {}  # variable -> (model, brace depth it lives in)
        depth = 0
        toks = self.toks
        for i, (kind, _a, _b) in enumerate(toks):
            tx = self._tx(i)
            if kind == "p" and tx == "{":
                depth += 1
            elif kind == "p" and tx == "}":
                depth -= 1
                bound = {v: m for v, m in bound.items() if m[1] <= depth}
            elif kind == "w":
                if i in self.given:  # where(function ($q) {...}): its body's $q
                    bound[tx] = (self.given[i], depth + 1)
                self._word(i, tx, depth, bound)
        for start, (end, fqn, attribute) in sorted(self.found.items()):
            yield from self._emit(start, end, fqn, attribute)

    def _word(self, i: int, tx: str, depth: int, bound: dict[str, tuple[str, int]]) -> None:
        """Read what the word ``toks[i]`` starts: a receiver, a binding, a declaration."""
        nxt = self._tx(i + 1)
        own = self._own(i) if self.regions else None
        if own is not None and self._declaration(i, tx, own):
            return
        receiver = self._receiver(i, bound, own)
        if receiver is not None:
            self._walk(*receiver, record=True)
            return
        if tx in _ASSERTIONS and nxt == "(":
            args = self._arguments(i + 1)
            owner = self._table(args[0]) if len(args) > 1 else None
            if owner is not None:
                for kind, j in self._elements(args[1]):
                    if kind == "key":
                        self._string(j, owner)
            return
        if tx == "new" and self._model(self._tx(i + 1)) and self._tx(i + 2) == "(":
            fqn = self._model(self._tx(i + 1))
            if fqn is not None:
                self._call("new", i + 2, fqn)
            return
        if tx.startswith("$") and nxt == "=" and self._tx(i + 2) not in ("=", ">"):
            model = self._expression_model(i + 2, bound, own)
            if model is not None:
                bound[tx] = (model, depth)
            else:
                bound.pop(tx, None)
            return
        if tx == "foreach" and nxt == "(":
            self._foreach(i + 1, depth, bound, own)
            return
        # a typed parameter: ``Setting $setting`` (``Builder $query`` in a model's body)
        if nxt.startswith("$") and _is_word(self.toks, i + 1):
            fqn = self._model(tx) or (own if tx == "Builder" else None)
            if fqn is not None and self._tx(i - 1) in ("(", ",", "?"):
                bound[nxt] = (fqn, depth + 1)

    def _receiver(
        self, i: int, bound: Mapping[str, tuple[str, int]], own: str | None
    ) -> tuple[int, str] | None:
        """(the receiver's last token, its owner) when ``toks[i]`` starts one:
        ``X::``, ``DB::table('t')``, ``$v->``, ``$this->``; else None."""
        tx, nxt = self._tx(i), self._tx(i + 1)
        if nxt == "::" and not tx.startswith("$"):
            facade = tx[1:] in _FACADE if tx.startswith("\\") else tx == "DB" and self.facade
            if facade and self._tx(i + 2) == "table":
                close = self.match.get(i + 3) if self._tx(i + 3) == "(" else None
                owner = self._table(i + 4) if close == i + 5 else None
                return (i + 5, owner) if owner is not None else None
            if tx in ("static", "self") and own is not None:
                return i, own
            fqn = self._model(tx)
            return (i, fqn) if fqn is not None else None
        if nxt in ("->", "?->") and tx.startswith("$"):
            if tx == "$this" and own is not None:
                return i, own
            if tx in bound:
                return i, bound[tx][0]
        return None

    def _expression_model(
        self, j: int, bound: Mapping[str, tuple[str, int]], own: str | None
    ) -> str | None:
        """The model an expression starting at ``toks[j]`` yields (a chain
        ending in a call, ``new X``), or None."""
        if j >= len(self.toks):
            return None
        if self._tx(j) == "new":
            return self._model(self._tx(j + 1))
        receiver = self._receiver(j, bound, own)
        if receiver is None:
            return None
        _end, attribute = self._walk(*receiver, record=False)
        return None if attribute else receiver[1]

    def _foreach(
        self, at: int, depth: int, bound: dict[str, tuple[str, int]], own: str | None
    ) -> None:
        """``foreach (Setting::all() as $s)``: bind ``$s`` to the model."""
        close = self.match.get(at)
        if close is None:
            return
        model = self._expression_model(at + 1, bound, own)
        if model is None and self._tx(at + 1).startswith("$") and self._tx(at + 2) == "as":
            model = bound.get(self._tx(at + 1), (None, 0))[0]
        last = self._tx(close - 1)
        if model is not None and last.startswith("$"):
            bound[last] = (model, depth)

    def _walk(self, k: int, model: str, *, record: bool) -> tuple[int, bool]:
        """Follow the calls and attributes after the receiver ``toks[k]``:
        (the chain's last token, whether it ends with an attribute)."""
        while self._tx(k + 1) in ("->", "?->", "::") and k + 2 < len(self.toks):
            arrow, name = self._tx(k + 1), self._tx(k + 2)
            if self.toks[k + 2][0] != "w" or name.startswith("$"):
                break
            if self._tx(k + 3) == "(":
                if record:
                    self._call(name, k + 3, model)
                close = self.match.get(k + 3)
                if close is None:
                    break
                k = close
                continue
            if arrow != "::" and record:
                _kind, a, b = self.toks[k + 2]
                self.found.setdefault(a, (b, model, True))
            return k + 2, arrow != "::"
        return k, False

    def _declaration(self, i: int, tx: str, own: str) -> bool:
        """A model property or constant naming columns at ``toks[i]`` (recorded)."""
        if i == 0 or self.toks[i - 1][0] != "w":  # after ``protected``, a type, ``const``
            return False
        if self._tx(i + 1) != "=":
            return False
        value = i + 2
        if tx in _CONSTANTS or tx == "$primaryKey":
            self._string(value, own)
            return True
        if tx in _LISTS or tx in _KEYED:
            for kind, j in self._elements(value):
                if (kind == "key") == (tx in _KEYED):
                    self._string(j, own)
            return True
        return False

    def _call(self, name: str, open_: int, model: str) -> None:
        """The columns the call whose ``(`` is ``toks[open_]`` gives ``model``'s builder."""
        args = self._arguments(open_)
        for n, start in enumerate(args):
            if name in _GIVING and self._tx(start) in ("function", "fn", "static"):
                self._closure(start, model)
                continue
            single = self._is_single(start)
            if single and (
                (n == 0 and name in _FIRST) or name in _EVERY or (n < 2 and name in _TWO)
            ):
                self._string(start, model)
                continue
            if single:
                continue
            for kind, j in self._elements(start):
                keyed = kind == "key" and name in _KEYS
                listed = kind == "item" and (name in _ITEMS or (name == "upsert" and n > 0))
                if keyed or listed:
                    self._string(j, model)
                elif kind == "row" and name in _KEYS:
                    for inner, k in self._elements(j):
                        if inner == "key":
                            self._string(k, model)

    def _closure(self, j: int, model: str) -> None:
        """Note the first parameter of the closure at ``toks[j]`` as ``model``'s builder."""
        if self._tx(j) == "static":
            j += 1
        if self._tx(j) in ("function", "fn") and self._tx(j + 1) == "(":
            k = j + 2
            if self._tx(k) == "Builder" or self._tx(k).endswith("\\Builder"):
                k += 1
            if self._tx(k).startswith("$"):
                self.given[k] = model

    def _is_single(self, j: int) -> bool:
        """Whether ``toks[j]`` is a string that is a whole argument."""
        return j < len(self.toks) and self.toks[j][0] == "s" and self._tx(j + 1) in (",", ")")

    def _arguments(self, open_: int) -> list[int]:
        """The first token of each argument of the call opened at ``toks[open_]``."""
        close = self.match.get(open_)
        if close is None or close == open_ + 1:
            return []
        out, k = [open_ + 1], open_ + 1
        while k < close:
            if k in self.match and self.match[k] < close:
                k = self.match[k]
            elif self._tx(k) == ",":
                out.append(k + 1)
            k += 1
        return [j for j in out if j < close]

    def _elements(self, j: int) -> Iterator[tuple[str, int]]:
        """The array at ``toks[j]`` (``[...]`` or ``array(...)``): ("key", i) of
        each string key, ("item", i) of each lone string, ("row", i) of each
        array element."""
        if self._tx(j) == "array" and self._tx(j + 1) == "(":
            j += 1
        elif self._tx(j) != "[":
            return
        close = self.match.get(j)
        if close is None:
            return
        for start in self._arguments(j):
            if start >= close:
                break
            if self.toks[start][0] == "s" and self._tx(start + 1) == "=>":
                yield "key", start
            elif self._is_single(start) or (
                self.toks[start][0] == "s" and self._tx(start + 1) == "]"
            ):
                yield "item", start
            elif self._tx(start) in ("[", "array"):
                yield "row", start

    def _string(self, j: int, model: str) -> None:
        """Record the string at ``toks[j]`` when it is a bare column name of ``model``'s."""
        if j >= len(self.toks) or self.toks[j][0] != "s":
            return
        _kind, a, b = self.toks[j]
        if self.text[a] not in "'\"":
            return
        inner = self.text[a + 1 : b - 1]
        if _NAME.fullmatch(inner) and inner.casefold() in self.wanted[model][4]:
            self.found.setdefault(a + 1, (b - 1, model, False))

    def _emit(self, start: int, end: int, model: str, attribute: bool) -> Iterator[Reference]:
        context, _path, _s, _e, columns = self.wanted[model]
        name = self.text[start:end]
        targets = columns.get(name.casefold(), [])
        if not targets:
            return
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", start)
        line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
        if attribute:
            context = context[:-1] + _ATTRIBUTE
        for target in dict.fromkeys(targets):
            yield Reference(
                self.path,
                self.text.count("\n", 0, start) + 1,
                start - line_start + 1,
                end - line_start + 1,
                line.rstrip("\r"),
                name,
                target,
                HIGH,
                context,
            )


def _is_word(toks: list[tuple[str, int, int]], i: int) -> bool:
    """Whether ``toks[i]`` is a word."""
    return i < len(toks) and toks[i][0] == "w"


def _matches(text: str, toks: list[tuple[str, int, int]]) -> dict[int, int]:
    """Each opening bracket's token index -> its closing one's."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for i, (kind, a, _b) in enumerate(toks):
        if kind != "p":
            continue
        char = text[a]
        if char in "([":
            stack.append(i)
        elif char in ")]" and stack:
            out[stack.pop()] = i
    return out
