"""sqlglot's tokenizer, without loading the rest of sqlglot when it can.

Reading DDL needs one thing of sqlglot: its tokenizer. But ``import sqlglot``
runs the package's ``__init__``, which loads the parser, the generator, every
expression class and every dialect: 0.15-0.19 s of CPU (84 compiled
modules), a third of a run that only has one edited file to tokenize. Two
steps keep such a run to the tokenizer's own modules, and neither changes a
token:

* **A light import.** Python runs a package's ``__init__`` before any module
  in it. While ``sqlglot.tokenizer_core`` (the tokenizer; it needs only
  ``sqlglot.errors`` and ``sqlglot.helper``) is imported, ``sys.modules``
  holds placeholders for the packages ``sqlglot`` and ``sqlglot.expressions``
  (whose compiled classes ``sqlglot.helper`` links against): their module
  objects, made from their import specs but not executed. The placeholders
  leave ``sys.modules`` right after, and a one-shot import hook
  (:class:`_Resume`) hands each back to the first real import of its
  package, which runs the real ``__init__`` in it. So a later
  ``import sqlglot`` (ours below, or any other code's) gives exactly what
  it always gives: the same ``TokenType`` class, and ``sqlglot.errors`` and
  the other modules loaded early set on the package as a plain import sets
  them. Nothing of this happens when ``sqlglot`` is already imported.
* **Tokenizer snapshots.** A dialect's tokenizer is a ``TokenizerCore`` built
  from keyword arguments alone (``sqlglot.tokens.Tokenizer._init_core``
  gathers them from the dialect's classes), and ``tokenize`` is the core's.
  When a run may use the per-file cache (:mod:`dbnamelint.runner.readcache`), the
  arguments the real tokenizer gave ``TokenizerCore`` are recorded there
  (:class:`SnapshotStore`), as is ``Parser.TYPE_TOKENS`` (which
  :mod:`~dbnamelint.frontends.sql.parsing.ddl` uses), and later runs build the
  ``TokenizerCore`` from them. The cache's database belongs to one code
  fingerprint, which covers sqlglot's files, so an upgrade never reads an
  old snapshot. A snapshot also keeps what the real tokenizer made of a few
  probe statements; one whose core does not tokenize them the same, one
  that cannot be read, or arguments ``TokenizerCore`` refuses are all
  misses: the real sqlglot is imported and the snapshot written again.

Not snapshotted: a dialect whose tokenizer is more than a ``TokenizerCore``
(Athena's chooses between Hive's and Trino's), and anything when the
process runs without the cache (``--no-cache``, ``DBNAMELINT_NO_CACHE``):
those runs neither read nor write snapshots.
"""

from __future__ import annotations

import importlib
import io
import pickle
import sys
from importlib.util import find_spec, module_from_spec
from types import FunctionType, ModuleType
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec

#: Packages held as placeholders while :data:`_LIGHT_MODULES` load.
_PLACEHOLDERS = ("sqlglot", "sqlglot.expressions")
#: What tokenizing needs of sqlglot (each imports what it needs in turn).
_LIGHT_MODULES = ("sqlglot.errors", "sqlglot.tokenizer_core")


class _Resume:
    """Import hook: the first import of a package that was a placeholder gets
    that placeholder back, and the package's ``__init__`` runs in it.

    Modules loaded under a placeholder were set on it as attributes by the
    import system, so the package ends up as a plain import would have left
    it. The hook leaves ``sys.meta_path`` once every placeholder is taken.
    """

    def __init__(self, waiting: dict[str, ModuleType]) -> None:
        self._waiting = waiting

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        module = self._waiting.get(fullname)
        if module is None:
            return None
        spec = module.__spec__
        if spec is None or spec.loader is None:
            return None
        if not isinstance(spec.loader, _ResumeLoader):
            spec.loader = cast("Loader", _ResumeLoader(module, spec.loader, self))
        return spec

    def taken(self, fullname: str) -> None:
        self._waiting.pop(fullname, None)
        if not self._waiting and self in sys.meta_path:
            sys.meta_path.remove(self)


class _ResumeLoader:
    """Gives the import system the placeholder and runs the real loader in it."""

    def __init__(self, module: ModuleType, loader: Any, hook: _Resume) -> None:
        self._module = module
        self._loader = loader
        self._hook = hook

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        return self._module

    def exec_module(self, module: ModuleType) -> None:
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader  # the package's own, for reloads
        self._hook.taken(module.__name__)
        self._loader.exec_module(module)


def _light_import() -> None:
    """Import :data:`_LIGHT_MODULES` without running sqlglot's ``__init__``.

    Any failure (another sqlglot layout) is left to the plain imports that
    follow, which then load sqlglot whole.
    """
    if _PLACEHOLDERS[0] in sys.modules:
        return
    placed: dict[str, ModuleType] = {}
    try:
        for name in _PLACEHOLDERS:
            spec = find_spec(name)
            if spec is None or spec.loader is None or spec.submodule_search_locations is None:
                break
            placed[name] = sys.modules[name] = module_from_spec(spec)
        if len(placed) == len(_PLACEHOLDERS):
            for name in _LIGHT_MODULES:
                importlib.import_module(name)
    except Exception:  # the plain imports below load sqlglot whole, or say what is wrong
        pass
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        if placed:
            sys.meta_path.insert(0, _Resume(placed))


_light_import()

from sqlglot.errors import SqlglotError  # noqa: E402
from sqlglot.tokenizer_core import Token, TokenizerCore, TokenType  # noqa: E402

__all__ = [
    "SnapshotStore",
    "SqlglotError",
    "Token",
    "TokenType",
    "Tokenizers",
    "Tokenizing",
    "tokenizers",
    "type_tokens",
]


class Tokenizing(Protocol):
    """What reading needs of a tokenizer (sqlglot's ``Tokenizer`` or a ``TokenizerCore``)."""

    def tokenize(self, sql: str) -> list[Token]: ...


class SnapshotStore(Protocol):
    """Where snapshots live: :class:`dbnamelint.runner.readcache.FileCache`."""

    def get_blob(self, name: str) -> bytes | None: ...

    def put_blob(self, name: str, data: bytes) -> None: ...


#: Bumped when a snapshot's contents change shape.
SNAPSHOT_FORMAT = 1
#: The store's name for the snapshot of ``Parser.TYPE_TOKENS``.
TYPE_TOKENS_NAME = f"tokenizer/{SNAPSHOT_FORMAT}/Parser.TYPE_TOKENS"

#: Statements whose tokens a snapshot keeps, to check a core built from it:
#: quotes, comments, numbers, dollar strings and keywords of several families.
PROBES = (
    "CREATE TABLE \"Sales\".order_lines_2 (id bigint PRIMARY KEY, note text DEFAULT 'a''b',"
    " total numeric(10, 2) -- line comment\n) /* block */ ;",
    "ALTER TABLE `t` ADD CONSTRAINT [fk_x] FOREIGN KEY (a_id) REFERENCES a (id);"
    " SELECT 1.5e3, 0x1F, 1_000, N'x', $$body$$, @v, #tmp, :p, ? ::int",
    "DO $fn$ BEGIN EXECUTE 'x'; END $fn$; DROP INDEX IF EXISTS \"i\" CASCADE",
)


def snapshot_name(dialect: str) -> str:
    """The store's name for ``dialect``'s snapshot (a sqlglot dialect name)."""
    return f"tokenizer/{SNAPSHOT_FORMAT}/{dialect}"


class Tokenizers:
    """sqlglot's tokenizer for each dialect, and ``Parser.TYPE_TOKENS``.

    Built from snapshots in ``store`` when it has them, else from sqlglot
    (imported whole), recording snapshots into ``store``; without a store,
    always from sqlglot. Dialects are sqlglot's names (``postgres``).
    ``tokenize`` resets a tokenizer's state on every call, so one per
    dialect serves every statement.
    """

    def __init__(
        self, store: SnapshotStore | None, shipped: SnapshotStore | bool | None = True
    ) -> None:
        self.store = store
        #: The snapshots shipped for the installed sqlglot (:mod:`.bundled`),
        #: read when ``store`` has none; ``True``: find them.
        if shipped is True:
            from dbnamelint.frontends.sql.parsing.bundled import bundled

            shipped = bundled()
        self.shipped: SnapshotStore | None = shipped or None
        self._made: dict[str, Tokenizing] = {}
        self._type_tokens: frozenset[TokenType] | None = None
        #: Where each tokenizer (by dialect) and the type tokens (by
        #: :data:`TYPE_TOKENS_NAME`) came from: ``"snapshot"`` (the store's),
        #: ``"shipped"`` or ``"sqlglot"``.
        self.origins: dict[str, str] = {}

    def get(self, dialect: str) -> Tokenizing:
        """The tokenizer of ``dialect``; ``ValueError`` for a name sqlglot does not know."""
        made = self._made.get(dialect)
        if made is None:
            name = snapshot_name(dialect)
            for origin, store in (("snapshot", self.store), ("shipped", self.shipped)):
                made = _core_of(_load(store, name), dialect)
                if made is not None:
                    self.origins[dialect] = origin
                    break
            else:
                made = self._from_sqlglot(dialect)
                self.origins[dialect] = "sqlglot"
            if dialect == "postgres":  # its U&"..." names, which sqlglot leaves in pieces
                from dbnamelint.frontends.sql.parsing.unicode_names import UnicodeNames

                made = UnicodeNames(made)
            self._made[dialect] = made
        return made

    def type_tokens(self) -> frozenset[TokenType]:
        """``sqlglot.parser.Parser.TYPE_TOKENS``: the tokens a data type can start with."""
        if self._type_tokens is None:
            found: object = None
            for origin, store in (("snapshot", self.store), ("shipped", self.shipped)):
                found = _load(store, TYPE_TOKENS_NAME)
                self.origins[TYPE_TOKENS_NAME] = origin
                if _is_type_tokens(found):
                    break
            if not _is_type_tokens(found):
                from sqlglot.parser import Parser

                found = frozenset(Parser.TYPE_TOKENS)
                self.origins[TYPE_TOKENS_NAME] = "sqlglot"
                if self.store is not None:
                    self.store.put_blob(TYPE_TOKENS_NAME, _dumps(found))
            self._type_tokens = cast("frozenset[TokenType]", found)
        return self._type_tokens

    def _from_sqlglot(self, dialect: str) -> Tokenizing:
        from sqlglot.dialects.dialect import Dialect

        tokenizer: Tokenizing = Dialect.get_or_raise(dialect).tokenizer()
        if self.store is not None:
            data = _snapshot_of(tokenizer, dialect)
            if data is not None:
                self.store.put_blob(snapshot_name(dialect), data)
        return tokenizer


def _load(store: SnapshotStore | None, name: str) -> object:
    """The value stored as ``name`` in ``store``; ``None`` when absent or unreadable."""
    if store is None:
        return None
    data = store.get_blob(name)
    if data is None:
        return None
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception:  # any unreadable snapshot is a miss
        return None


def _is_type_tokens(found: object) -> bool:
    return isinstance(found, frozenset) and all(type(t) is TokenType for t in found)


class _Current:
    """The tokenizers of the run reading now (see :func:`type_tokens`)."""

    tokenizers: Tokenizers | None = None


def tokenizers(store: SnapshotStore | None) -> Tokenizers:
    """The tokenizers for a run reading with ``store`` (``None``: no cache).

    The same as the last call's while the store is the same (a run reads
    every file with one store), so a tree of many files reads each snapshot
    once; they are the current run's for :func:`type_tokens`.
    """
    current = _Current.tokenizers
    if current is None or current.store is not store:
        current = _Current.tokenizers = Tokenizers(store)
    return current


def type_tokens() -> frozenset[TokenType]:
    """``Parser.TYPE_TOKENS`` as the current run knows it (sqlglot's when no run set one)."""
    return (_Current.tokenizers or tokenizers(None)).type_tokens()


# -- snapshots ---------------------------------------------------------------


def _snapshot_of(tokenizer: Tokenizing, dialect: str) -> bytes | None:
    """A snapshot of ``dialect``'s real tokenizer, or ``None`` when it is more
    than a core or the snapshot would not rebuild it (on :data:`PROBES`)."""
    try:
        arguments = _arguments_of(tokenizer)
        if arguments is None:
            return None
        data = _dumps({"dialect": dialect, "arguments": arguments, "probes": _probe(tokenizer)})
        if _core_of(_Unpickler(io.BytesIO(data)).load(), dialect) is None:
            return None
    except Exception:  # a tokenizer this code does not understand: no snapshot
        return None
    return data


def _core_of(snapshot: object, dialect: str) -> TokenizerCore | None:
    """The core ``snapshot`` describes, if it is ``dialect``'s and tokenizes
    :data:`PROBES` as the real tokenizer did when it was taken."""
    if not isinstance(snapshot, dict) or snapshot.get("dialect") != dialect:
        return None
    try:
        core = TokenizerCore(**snapshot["arguments"])
        if _probe(core) != snapshot["probes"]:
            return None
    except Exception:  # arguments this TokenizerCore refuses: a miss
        return None
    return core


#: What a tokenizer class may not change for a snapshot to stand for it.
_OWN_METHODS = ("__init__", "_init_core", "tokenize")


def _arguments_of(tokenizer: Tokenizing) -> dict[str, Any] | None:
    """The keyword arguments ``tokenizer`` built its ``TokenizerCore`` from.

    Replays ``Tokenizer._init_core`` on ``tokenizer`` with ``TokenizerCore``
    replaced by a recorder (in a copy of the function's globals: sqlglot's
    module is not touched). ``None`` when the tokenizer's class changes
    ``__init__``, ``_init_core`` or ``tokenize``, or when ``tokenize`` is
    more than the core's.
    """
    from sqlglot.tokens import Tokenizer

    cls = type(tokenizer)
    if any(getattr(cls, n) is not getattr(Tokenizer, n) for n in _OWN_METHODS):
        return None  # Athena's picks between two tokenizers
    if Tokenizer.tokenize.__code__.co_names != ("_core", "tokenize"):
        return None  # tokenize does more than ask the core
    if type(getattr(tokenizer, "_core", None)) is not TokenizerCore:
        return None
    init_core = Tokenizer._init_core
    code = init_core.__code__
    if "TokenizerCore" not in code.co_names:
        return None
    seen: list[dict[str, Any]] = []

    def record(**arguments: Any) -> TokenizerCore:
        seen.append(arguments)
        return TokenizerCore(**arguments)

    replay = FunctionType(
        code,
        {**init_core.__globals__, "TokenizerCore": record},
        code.co_name,
        init_core.__defaults__,
        init_core.__closure__,
    )
    replay(tokenizer)
    return seen[0] if len(seen) == 1 else None


def _probe(tokenizer: Tokenizing) -> list[object]:
    """What ``tokenizer`` makes of each of :data:`PROBES`: tokens, or the error."""
    out: list[object] = []
    for text in PROBES:
        try:
            tokens = tokenizer.tokenize(text)
        except SqlglotError as exc:
            out.append(("error", type(exc).__name__, str(exc)))
            continue
        out.append(
            [
                (t.token_type, t.text, t.line, t.col, t.start, t.end, tuple(t.comments))
                for t in tokens
            ]
        )
    return out


def _token_type(name: str) -> TokenType:
    """A ``TokenType`` by name: how a snapshot writes one."""
    return TokenType[name]


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is TokenType:
            return _token_type, (obj.name,)
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    """Builds built-in values and token types only, so a planted snapshot cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "_token_type"):
            return _token_type
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a tokenizer snapshot")


def _dumps(value: object) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()
