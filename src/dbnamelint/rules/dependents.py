"""The one rule for naming an object built on its table's name after a rename.

An index, constraint, trigger or sequence of a table is usually named after
the table and its columns (``Account_userId_fkey``, ``users_pkey``,
``idx_orders_customer_id``). When the table is renamed, such a name must
follow: the table part becomes the table's new name, a renamed column's part
its new name, and the remaining words are respelled in the new name's case
style, so the result is one compliant name (``Account`` -> ``accounts``
gives ``accounts_user_id_fkey``, not ``accounts_userId_fkey``).

Three layers ask this one question and must get one answer: the fix merger
(:mod:`dbnamelint.rules.fixes`, the target ``whitelist init`` writes), the
rename planner (``dbnamelint migrate`` writes it) and DBN504 (a name left
behind by an earlier rename). All three call :func:`dependent_name`.

Words are the ``_``-separated parts of a name (``underscore_words``); a word
run that belongs to one of the object's column names, as written or in its
case-split words, is never the table's (``rental_date`` on column
``rental_date`` does not spell the table ``rental``; ``provider_account_id``
does not spell ``account``; ``ix_parent_cluster_id`` on column
``ParentClusterId`` does not spell ``Cluster``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, overload

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.default_names import default_name, pg_choose_name
from dbnamelint.dialects import Family, profile_for
from dbnamelint.model import ConstraintType, ObjectKind, Schema, SchemaObject
from dbnamelint.rules.naming import (
    CaseStyle,
    convert,
    find_run,
    matches_style,
    split_words,
    underscore_words,
)

if TYPE_CHECKING:
    from dbnamelint.rules.base import Rule


def style_of(name: str) -> CaseStyle | None:
    """The case style a table's new name is spelled in, for the words around it.

    ``snake_case`` (``accounts``) and ``UPPER_SNAKE`` (``ACCOUNTS``) are
    recognised; any other spelling (``Accounts``) leaves the other words as
    written (None).
    """
    if matches_style(name, CaseStyle.SNAKE_CASE):
        return CaseStyle.SNAKE_CASE
    if matches_style(name, CaseStyle.UPPER_SNAKE):
        return CaseStyle.UPPER_SNAKE
    return None


def _occurrences(words: Sequence[str], run: Sequence[str]) -> list[int]:
    """Every start index of ``run`` in ``words`` (whole words, any case)."""
    out = []
    start = 0
    while start <= len(words) - len(run):
        at = find_run(words[start:], run)
        if at < 0:
            break
        out.append(start + at)
        start += at + 1
    return out


def column_parts(
    words: Sequence[str],
    columns: Sequence[str],
    table: str | None = None,
    inside: Iterable[str | None] = (),
) -> dict[int, tuple[str, int]]:
    """Which words spell which of ``columns``: start index -> (column, word count).

    A column is spelled as written or in its case-split words
    (``ParentClusterId``: one word, or ``parent``, ``cluster``, ``id``).
    Longer column names claim first; each column claims its last free
    occurrence (names read ``<table>_<columns>_<suffix>``, so a table and a
    column of the same name, ``tag_tag_key``, leave the first to the table).
    With ``table`` (the table's old name, when it is renamed), a column
    never claims leading words that spell the table's name: ``doc_json`` of
    table ``doc`` with a column ``doc`` names the table (trial s6-t3 #11),
    as ``pusher_throttle_pkey`` of table ``pusher_throttle`` with a column
    ``pusher`` does (trial s23 synapse: it kept the old name after the rename);
    nor words that are only part of the table's name wherever it is spelled:
    ``ix_relation_tuple_x`` and ``pk_relation_tuple`` of table
    ``relation_tuple`` with a column ``relation`` (trial s24 spicedb).
    ``inside``: more names of the table (its current one when it keeps it,
    its new one): a column never claims words that are only part of one
    of them either, renamed or not. A table name is one whole ``_``-run
    where the name spells it, and a shorter column spelled within it is
    the table's word, not the column: ``idx_person_liked_combined_person_voted_at``
    on ``person_liked_combined (person_id, liked)`` still names its table
    after ``liked`` -> ``voted_at``, and ``idx_person_saved_combined_person_saved``
    follows ``saved`` -> ``saved_at`` as ``..._person_saved_at``, its
    ``person_saved_combined`` kept (trial s29 lemmy: DBN504 reported the
    first and respelled the table's ``saved`` again and again).
    """
    taken: set[int] = set()
    parts: dict[int, tuple[str, int]] = {}
    claimed: set[str] = set()
    # A column is spelled as written or in its words (``ParentClusterId`` is
    # ``parent_cluster_id`` in a name converted to snake_case), as the table.
    runs = [(c, run) for c in dict.fromkeys(columns) for run in _spellings(c)]
    lowered = [w.lower() for w in words]
    # How many leading words spell the table's name (0: the name does not open with it).
    leading = max(
        (
            len(run)
            for run in (_spellings(table) if table else ())
            if run and lowered[: len(run)] == [w.lower() for w in run]
        ),
        default=0,
    )
    # Where the table's name is spelled anywhere (``ix_relation_tuple_x``):
    # a column spelling only some of those words is inside the table's name.
    spelled = [
        range(at, at + len(run))
        for name in dict.fromkeys(n for n in (table, *inside) if n)
        for run in _spellings(name)
        for at in (_occurrences(words, run) if len(run) > 1 else ())
    ]
    for column, run in sorted(runs, key=lambda cr: -len(cr[1])):
        if not run or column in claimed:
            continue
        for at in reversed(_occurrences(words, run)):
            if at + len(run) <= leading:
                continue  # inside the table's name it opens with
            span = range(at, at + len(run))
            if any(len(run) < len(t) and _within(span, t) for t in spelled):
                continue  # part of the table's name (spicedb's column relation)
            span = range(at, at + len(run))
            if not taken.intersection(span):
                taken.update(span)
                parts[at] = (column, len(run))
                claimed.add(column)
                break
    return parts


def table_part(
    words: Sequence[str],
    old_table: str,
    current: str | None,
    columns: Sequence[str] = (),
    others: Sequence[str] = (),
) -> int | None:
    """Where ``words`` spell the table's old name, or None.

    The run must not be one of the object's column names
    (:func:`column_parts`) nor lie inside the table's ``current`` name
    (after ``logs`` -> ``app_logs``, ``app_logs_pkey`` is already right).
    When ``current`` is there outside the columns and outside the old name,
    the name already follows the table: None; ``current`` spelled inside the
    old name is the old name (after ``post_votes`` -> ``votes``,
    ``post_votes_pkey`` spells ``post_votes`` at 0; after
    ``user_post_votes`` -> ``post_votes``, ``user_post_votes_idx`` too).
    ``others`` are other tables' current names: where one of them longer
    than the old name and starting with it is spelled (outside the
    columns), those words are that table's (after ``post`` -> ``posts``,
    ``post_likes_counter_seq`` names table ``post_likes``, not ``post``).
    """
    old_run = underscore_words(old_table)
    if not old_run:
        return None
    covered: set[int] = set()
    for at, (_, size) in column_parts(words, columns, old_table).items():
        covered.update(range(at, at + size))
    for run in _longer_tables(old_table, others):
        for at in _occurrences(words, run):
            span = range(at, at + len(run))
            if not covered.intersection(span):
                covered.update(span)
    cur_run = underscore_words(current) if current else []
    if cur_run and [w.lower() for w in old_run] == [w.lower() for w in cur_run]:
        return None
    olds = [
        range(at, at + len(old_run))
        for at in _occurrences(words, old_run)
        if not covered.intersection(range(at, at + len(old_run)))
    ]
    curs = [
        range(at, at + len(cur_run))
        for at in (_occurrences(words, cur_run) if cur_run else [])
        if not covered.intersection(range(at, at + len(cur_run)))
    ]
    # One name may hold the other as a word run (``logs`` -> ``app_logs``,
    # ``post_votes`` -> ``votes``): an old run inside a current one is the
    # current name (``app_logs_pkey`` follows already), a current run inside
    # an old one is the old name (``post_votes_pkey`` does not).
    olds = [o for o in olds if not any(_within(o, c) for c in curs)]
    if any(not any(_within(c, o) for o in olds) for c in curs):
        return None  # the name already carries the current table name
    return olds[0].start if olds else None


@functools.lru_cache(maxsize=8192)
def _spellings(name: str) -> tuple[tuple[str, ...], ...]:
    """A table name's word runs as a dependent may spell it: as written
    (``StepRun``, ``post_likes``) and in snake_case words (``step``, ``run``).

    Remembered: DBN504 asks it of every table for every dependent it judges.
    """
    written = tuple(underscore_words(name))
    snake = tuple(split_words(name))
    return (written,) if tuple(w.lower() for w in written) == snake else (written, snake)


class TableNames(Sequence[str]):
    """Table names in order, indexed by the first word (lower case) of each
    spelling (:func:`_spellings`), for :func:`table_part`'s ``others``.

    The fix merger asks :func:`table_part` for every dependent object; a
    plain list made each question scan every table (a schema of 6,000
    tables spent 40 s there). ``excluding`` gives a view without some names
    (a table's own current and earlier names) sharing the index.
    """

    __slots__ = ("_built", "_kept", "_names", "_skip", "_span")

    def __init__(self, names: Iterable[str]) -> None:
        self._names = tuple(names)
        # built on first use and shared with every view: most runs never ask
        self._built: list[dict[str, list[tuple[int, int, tuple[str, ...], tuple[str, ...]]]]] = []
        self._skip: frozenset[str] = frozenset()
        self._span = range(0)
        self._kept: tuple[str, ...] | None = self._names

    def _index(self) -> dict[str, list[tuple[int, int, tuple[str, ...], tuple[str, ...]]]]:
        if not self._built:
            index: dict[str, list[tuple[int, int, tuple[str, ...], tuple[str, ...]]]] = {}
            for pos, name in enumerate(self._names):
                for which, run in enumerate(_spellings(name)):
                    if run:
                        lowered = tuple(w.lower() for w in run)
                        index.setdefault(lowered[0], []).append((pos, which, run, lowered))
            self._built.append(index)
        return self._built[0]

    def excluding(self, names: Iterable[str] = (), span: range = range(0)) -> TableNames:
        """These names without ``names`` and without the positions in ``span``
        (one table's own names, when identity and not spelling sets it
        apart), sharing the index."""
        view = TableNames(())
        view._names, view._built = self._names, self._built
        view._skip, view._span, view._kept = frozenset(names), span, None
        return view

    def _kept_names(self) -> tuple[str, ...]:
        if self._kept is None:
            self._kept = tuple(
                n
                for pos, n in enumerate(self._names)
                if n not in self._skip and pos not in self._span
            )
        return self._kept

    def __len__(self) -> int:
        return len(self._kept_names())

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._kept_names()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kept_names())

    def longer_runs(self, mine: Sequence[Sequence[str]]) -> list[Sequence[str]]:
        """:func:`_longer_tables` from the index: the same runs in the same order
        (by name, then spelling). ``mine`` must hold no empty run."""
        found: dict[tuple[int, int], Sequence[str]] = {}
        index = self._index()
        for old in mine:
            low = tuple(w.lower() for w in old)
            size = len(low)
            for pos, which, run, lowered in index.get(low[0], ()):
                if (
                    len(run) > size
                    and lowered[:size] == low
                    and self._names[pos] not in self._skip
                    and pos not in self._span
                ):
                    found[(pos, which)] = run
        return [found[key] for key in sorted(found)]


def _longer_tables(old_table: str, others: Sequence[str]) -> list[Sequence[str]]:
    """The runs of ``others`` longer than ``old_table`` that start with it, in
    the same spelling: after ``Step`` -> ``steps``, ``step_run_order_seq``
    spells table ``StepRun`` (``step``, ``run``), not ``Step``."""
    mine = _spellings(old_table)
    if isinstance(others, TableNames) and all(mine):
        return others.longer_runs(mine)
    out: list[Sequence[str]] = []
    for other in others:
        for run in _spellings(other):
            if any(
                len(run) > len(old)
                and [w.lower() for w in run[: len(old)]] == [w.lower() for w in old]
                for old in mine
            ):
                out.append(run)
    return out


def name_owner(name: str, tables: Iterable[str]) -> str | None:
    """The table a sequence no column owns is named after, or None.

    The table whose name, as written or in snake_case words, followed by
    ``_`` starts ``name`` (without case, as DBN504 reads it); of several, the
    longest match: ``step_run_order_seq`` is ``StepRun``'s, not ``Step``'s,
    and ``presence_stream_sequence`` is ``presence_stream``'s, not
    ``presence``'s.
    """
    lowered = name.lower()
    best: tuple[int, str] | None = None
    for table in tables:
        for run in _spellings(table):
            prefix = "_".join(run).lower() + "_"
            if lowered.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), table)
    return best[1] if best is not None else None


def _within(inner: range, outer: range) -> bool:
    """Whether the word span ``inner`` lies inside ``outer``."""
    return outer.start <= inner.start and inner.stop <= outer.stop


def dependent_name(
    name: str,
    old_table: str,
    new_table: str | None,
    columns: Sequence[str] = (),
    renamed_columns: Mapping[str, str] | None = None,
    style: CaseStyle | None = None,
    others: Sequence[str] = (),
    column_style: CaseStyle | None = None,
) -> str | None:
    """The name of an object of a renamed table (or of renamed columns), or None.

    ``name``: the object's stored name; ``old_table``/``new_table``: its
    table's name before and after (``new_table`` None: the table keeps
    ``old_table``); ``columns``: the object's columns (stored names, before
    any rename); ``renamed_columns``: old -> new column names; ``style``:
    the case the other words are respelled in (the caller passes
    :func:`style_of` the table's name after the rename; None keeps them);
    ``others``: other tables' names, whose words are theirs (:func:`table_part`);
    ``column_style``: the case the columns' words are respelled in, when the
    standard spells columns otherwise than tables (Prisma's camelCase fields
    under snake_case tables keep ``avatarImageId``; None: ``style``).

    Returns None when the name spells neither the old table name (outside
    its column names) nor a renamed column, or when nothing would change.
    The table part is replaced by ``new_table`` as given; the result is not
    shortened (callers fit it to the dialect's limit).
    """
    renamed = renamed_columns or {}
    words = underscore_words(name)
    at = table_part(words, old_table, new_table, columns, others) if new_table else None
    table_size = len(underscore_words(old_table)) if at is not None else 0
    renames_table = bool(new_table) and (new_table or "").lower() != old_table.lower()
    parts = column_parts(
        words, columns, old_table if renames_table else None, (old_table, new_table)
    )
    moved = [c for _, (c, _) in parts.items() if renamed.get(c, c) != c]
    if at is None and not moved:
        return None

    def respell(text: str, how: CaseStyle | None = style) -> str:
        # A word already in the style stays as written: convert() splits at
        # digits (semaphore's random suffix fk_y38rt came out fk_y38_rt).
        if how is None or not text or matches_style(text, how):
            return text
        return convert(text, how)

    out: list[str] = []
    i = 0
    while i < len(words):
        if at is not None and i == at:
            out.append(new_table or old_table)
            i += table_size
        elif i in parts:
            column, size = parts[i]
            out.append(respell_column(renamed.get(column, column), column_style or style))
            i += size
        else:
            out.append(respell(words[i]))
            i += 1
    new = "_".join(w for w in out if w)
    return new if new and new != name else None


def object_columns(obj: SchemaObject) -> tuple[str, ...]:
    """The columns an object's name may spell: an index's or constraint's
    columns, or the column owning a sequence."""
    if obj.kind is ObjectKind.SEQUENCE:
        return (obj.owned_by[1],) if obj.owned_by is not None else ()
    return obj.columns


#: One model's columns by table, (catalog, schema, table name): the last
#: model asked about (held, so its ``id`` is not reused while cached).
_COLUMNS: list[tuple[Schema, dict[tuple[str, str | None, str], list[SchemaObject]]]] = []


def columns_of_tables(schema: Schema) -> dict[tuple[str, str | None, str], list[SchemaObject]]:
    """Every column of ``schema`` by its table: (catalog, table schema, table name)."""
    if _COLUMNS and _COLUMNS[0][0] is schema:
        return _COLUMNS[0][1]
    found: dict[tuple[str, str | None, str], list[SchemaObject]] = {}
    for obj in schema.of_kind(ObjectKind.COLUMN):
        if obj.table is not None:
            found.setdefault((obj.source.catalog, obj.table_schema, obj.table), []).append(obj)
    _COLUMNS[:] = [(schema, found)]
    return found


def _unquoted(word: str) -> str:
    """A name token's text without its quotes (``"a""b"`` is ``a"b``)."""
    if len(word) >= 2 and word[0] in '"`[' and word[-1] in '"`]':
        return word[1:-1].replace(word[-1] * 2, word[-1])
    return word


def spelled_columns(obj: SchemaObject, table_columns: Iterable[SchemaObject]) -> dict[str, str]:
    """Column names ``obj``'s name may spell besides its columns as they are
    now, each to the column's current name: the earlier names of its columns
    (``index_movies_scenes_on_movie_id`` on ``group_id``, renamed from
    ``movie_id``), and every name of a column a SQLite index's definition
    writes outside its key (``unique_index_images_files_on_primary ...
    WHERE primary = 1``). ``table_columns``: the columns of ``obj``'s table.

    With these, a derived name spells the columns as they are now (DBN504,
    the fix merger and ``migrate`` alike), and a column rename reaches a
    name spelling the column its predicate reads.
    """
    if obj.kind not in (ObjectKind.INDEX, ObjectKind.CONSTRAINT, ObjectKind.TRIGGER):
        return {}
    mine = {c.casefold() for c in object_columns(obj)}
    text = obj.index_text
    written = (
        {_unquoted(text.text[a:b]).casefold() for a, b, role in text.names if role == "column"}
        if text is not None
        else set()
    )
    current = {c.name.casefold() for c in table_columns}
    out: dict[str, str] = {}
    for column in table_columns:
        names = (column.name, *column.previous_names)
        if column.name.casefold() in mine:
            spelled = column.previous_names
        elif any(n.casefold() in written for n in names):
            spelled = names
        else:
            continue
        for name in spelled:
            # a name another column has now is that column's
            if name == column.name or name.casefold() not in current:
                out.setdefault(name, column.name)
    return out


def respell_column(column: str, style: CaseStyle | None) -> str:
    """``column`` as a derived name spells it: respelled in ``style`` unless it
    is spelled so already (``collectionID`` is camelCase as DBN201 reads it:
    kept, as PostgreSQL and Prisma name its key, not ``collectionId``)."""
    if style is None or not column or matches_style(column, style):
        return column
    return convert(column, style)


def follow_table(
    obj: SchemaObject,
    name: str,
    old_table: str,
    new_table: str | None,
    renamed_columns: Mapping[str, str],
    dialect: str,
    taken: Container[str] = (),
    others: Sequence[str] = (),
    column_style: CaseStyle | None = None,
    spelled: Mapping[str, str] | None = None,
) -> str | None:
    """The new name of ``obj`` (stored name ``name``) when its table or columns are renamed.

    The one derivation both the fix merger and ``dbnamelint migrate`` use.
    A name PostgreSQL chose (``obj.implicit``) is recomputed as PostgreSQL
    would choose it for the new table and the columns' new names, the
    columns respelled in the table's case (``"Account"`` -> ``accounts``:
    ``Account_userId_fkey`` -> ``accounts_user_id_fkey``; ``taken``: names
    already in use, which add PostgreSQL's number); a name other dialects
    chose is left to the database (None). A written name goes through
    :func:`dependent_name`, with ``others`` (the other tables' current
    names: a run spelling a longer one that starts with ``old_table`` is that
    table's, as DBN504 reads it). ``column_style``: the style the standard
    spells columns in (:func:`column_style_of`), when it differs from the
    table's: columns are respelled in it. ``spelled``
    (:func:`spelled_columns`): other names of columns a written name may
    spell, to their current names, respelled as the columns are now (and
    as ``renamed_columns`` renames them). None: nothing to rename.
    """
    columns = object_columns(obj)
    current = new_table or old_table
    rails = _rails_hashed(obj, name, old_table, current, renamed_columns)
    if rails is not None:
        return rails
    style = style_of(current)
    renamed = {
        c: n
        for c, n in renamed_columns.items()
        if c in columns or (obj.implicit and c in _index_name_columns(obj, columns))
    }
    if obj.implicit:
        if profile_for(dialect).family is not Family.POSTGRES:
            return None
        if not (new_table or renamed):
            return None

        how = column_style or style

        cols = tuple(
            respell_column(renamed.get(c, c), how) for c in _index_name_columns(obj, columns)
        )
        if obj.kind is ObjectKind.SEQUENCE:
            return pg_choose_name(current, cols[0], "seq", taken) if cols else None
        return default_name(dialect, current, obj.kind, obj.constraint_type, cols, taken)
    if spelled:
        columns = (*columns, *(w for w in spelled if w not in columns))
        for written, now in spelled.items():
            after = renamed_columns.get(now, now)
            if written not in renamed and after != written:
                renamed[written] = after
    return dependent_name(name, old_table, new_table, columns, renamed, style, others, column_style)


def _rails_hashed(
    obj: SchemaObject,
    name: str,
    old_table: str,
    new_table: str,
    renamed_columns: Mapping[str, str],
) -> str | None:
    """The name Rails gives a constraint it named itself once its table or
    columns are renamed: a foreign key or unique constraint (``fk_rails_`` /
    ``uniq_rails_`` + 10 hex digits of SHA-256 of ``"<table>_<columns joined
    by _and_>_fk"`` / ``"..._unique"``), a check or exclusion constraint
    (``chk_rails_`` / ``excl_rails_`` of ``"<table>_<expression>_chk"`` /
    ``"..._excl"``; ``check_constraint_name``, ``exclusion_constraint_name``;
    :mod:`dbnamelint.frontends.rails.names`). None when ``name`` is not that
    hash of ``old_table`` and the object's columns or expression as written
    (a name written by hand stays).

    Rails' schema dumper leaves such a name out of ``db/schema.rb`` (its
    ``fk_ignore_pattern`` ``/^fk_rails_[0-9a-f]{10}$/``, ``chk_ignore_pattern``,
    ``excl_ignore_pattern``, ``unique_ignore_pattern``), so a fresh
    ``db:schema:load`` of the regenerated dump hashes the new table and
    column names, and a check's expression as the dumper writes it
    (``pg_get_constraintdef(oid, true)`` inside ``CHECK (...)``, the renamed
    columns spelled anew: :func:`_respelled_expression`); a migrated
    database keeping the old hash would differ from it for good.
    ``rename_table`` itself renames none of them (only the primary key's
    index and sequence and the indexes Rails named).
    """
    if obj.kind is not ObjectKind.CONSTRAINT:
        return None
    from dbnamelint.frontends.rails import names as rails_names

    bare = old_table.rsplit(".", 1)[-1]
    after = new_table.rsplit(".", 1)[-1]
    if obj.constraint_type in (ConstraintType.CHECK, ConstraintType.EXCLUSION):
        text = obj.check_text
        if text is None:
            return None
        hashed = (
            rails_names.check_name
            if obj.constraint_type is ConstraintType.CHECK
            else rails_names.exclusion_name
        )
        if hashed(bare, text) != name:
            return None
        new = hashed(after, _respelled_expression(text, renamed_columns))
        return None if new == name else new
    if not obj.columns:
        return None
    if obj.constraint_type is ConstraintType.FOREIGN_KEY:
        make = rails_names.foreign_key_name
    elif obj.constraint_type is ConstraintType.UNIQUE:
        make = rails_names.unique_name
    else:
        return None
    if make(bare, list(obj.columns)) != name:
        return None
    new = make(after, [renamed_columns.get(c, c) for c in obj.columns])
    return None if new == name else new


def _respelled_expression(text: str, renamed_columns: Mapping[str, str]) -> str:
    """``text`` (a PostgreSQL CHECK expression or EXCLUDE element list) with
    each renamed column spelled by its new name, as ``pg_get_constraintdef``
    prints it once the column is renamed (a name in quotes when
    ``quote_identifier`` would quote it: not a plain lower-case word, or a
    reserved word). A word is the column when it is no string's text, no
    function's name (``lower(``), no cast's type (``::``) and no qualified
    name's part; a bare word is folded to lower case, a quoted one kept."""
    if not renamed_columns:
        return text
    from dbnamelint.rules.stored import needs_quotes

    profile = profile_for("postgres")
    out: list[str] = []
    at = 0
    for found in _EXPRESSION_TOKENS.finditer(text):
        word, quoted = found.group("word"), found.group("quoted")
        if word is None and quoted is None:
            continue
        stored = quoted[1:-1].replace('""', '"') if quoted is not None else word.lower()
        new = renamed_columns.get(stored)
        before = text[: found.start()].rstrip()
        rest = text[found.end() :].lstrip()
        if new is None or before.endswith((".", "::")) or rest.startswith(("(", ".")):
            continue
        out.append(text[at : found.start()])
        out.append('"' + new.replace('"', '""') + '"' if needs_quotes(new, profile) else new)
        at = found.end()
    out.append(text[at:])
    return "".join(out)


#: Strings (skipped), quoted identifiers and bare words of an expression.
_EXPRESSION_TOKENS = lazy_compile(
    r"(?:[EeBbXxUu]&?)?'(?:[^']|'')*'"
    r'|(?P<quoted>"(?:[^"]|"")*")'
    r"|\$(?P<tag>[A-Za-z_]*)\$.*?\$(?P=tag)\$"
    r"|(?P<word>[A-Za-z_\x80-\uffff][A-Za-z0-9_$\x80-\uffff]*)"
    r"|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?",
    re.DOTALL,
)


def _index_name_columns(obj: SchemaObject, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The words PostgreSQL names an index or key after, one per element, key
    columns then ``INCLUDE`` ones (``ChooseIndexColumnNames`` runs over both):
    a column's name, and for an expression (``expr`` in ``columns``) what
    ``FigureIndexColname`` gives it (``SchemaObject.name_columns``: ``lower``
    for ``lower(email)``, the cast column for ``(email::text)``, ``expr`` for
    ``(a + b)``)."""
    if obj.kind not in (ObjectKind.INDEX, ObjectKind.CONSTRAINT):
        return columns
    figured = obj.name_columns
    if obj.kind is ObjectKind.INDEX and len(figured) == len(columns):
        columns = tuple(f if c == "expr" else c for c, f in zip(columns, figured, strict=True))
    return (*columns, *obj.include)


def column_style_of(rules: Iterable[Rule]) -> CaseStyle | None:
    """The case DBN201 (column-name-wrong-case) requires, when it runs and its
    style is not snake_case (the words around a table name already follow
    the table's); None otherwise."""
    for rule in rules:
        if rule.code == "DBN201":
            style = getattr(rule.options, "style", None)
            if isinstance(style, CaseStyle) and style is not CaseStyle.SNAKE_CASE:
                return style
    return None


def stale_target(
    obj: SchemaObject,
    stored: str,
    target: str,
    old_tables: Sequence[str],
    final_table: str,
    others: Sequence[str] = (),
) -> tuple[str, str | None] | None:
    """Whether a dependent's ``target`` still spells one of its table's old names.

    The one acceptance rule for a target of an index, constraint, trigger or
    sequence once its table is renamed: ``whitelist init`` (the fix merger)
    never writes a target this refuses, and ``dbnamelint migrate`` refuses
    exactly these. ``stored``: the object's stored name; ``old_tables``: the
    table's names before ``final_table`` (its current one first, then
    older; ``final_table`` itself left out); ``others``: other tables' names
    (:func:`table_part`). A name the database chose that stays as it is
    (``obj.implicit`` and ``target == stored``) is accepted.

    Returns None (accepted) or ``(old name spelled, the name that follows
    the table or None)``; such a target would break DBN504 once the table is
    renamed, and any other name is off-plan (DBN902).
    """
    if obj.implicit and target == stored:
        return None
    columns = object_columns(obj)
    words = underscore_words(target)
    for before in old_tables:
        if before == final_table or table_part(words, before, final_table, columns, others) is None:
            continue
        better = dependent_name(
            target, before, final_table, columns, style=style_of(final_table), others=others
        )
        return before, better
    return None


def stale_column_target(
    obj: SchemaObject,
    target: str,
    table: str,
    renamed_columns: Mapping[str, str],
    others: Sequence[str] = (),
    column_style: CaseStyle | None = None,
) -> tuple[str, str] | None:
    """Whether a dependent's ``target`` still spells a column the same plan renames.

    The column counterpart of :func:`stale_target`: an index target written
    while its column was ``commenthex`` (``idx_votes_commenthex``) names a
    column that is gone once the plan renames it to ``comment_hex``, so a
    template rule (DBN302) reports the renamed index, and any other name is
    off-plan (DBN902). ``table``: the table's name after the plan;
    ``renamed_columns``: old -> new stored column names of that table.

    Returns None (accepted) or ``(old column spelled, the name that follows
    the column rename)``.
    """
    columns = object_columns(obj)
    moved = {c: n for c, n in renamed_columns.items() if c in columns and n != c}
    if not moved:
        return None
    better = dependent_name(
        target, table, None, columns, moved, style_of(table), others, column_style
    )
    words = underscore_words(target)
    spelled = [c for c, _ in column_parts(words, columns, inside=(table,)).values() if c in moved]
    # A target already spelling the column's new name is the renamed object's
    # own name, even when the new name holds the old one as a word (MySQL's
    # index `key` on column `key` -> `flag_key`: the target `flag_key`
    # follows the column; "fixing" it gave `flag_flag_key`, and so on).
    now = {
        c
        for c, _ in column_parts(
            words, tuple(moved.get(c, c) for c in columns), inside=(table,)
        ).values()
    }
    spelled = [c for c in spelled if moved[c] not in now]
    if better is None or not spelled:
        return None
    return spelled[0], better
