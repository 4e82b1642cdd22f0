"""``impact --diff``: a unified diff renaming high-confidence references.

Only the bare name is replaced (quotes, schema and table qualifiers stay as
written), only for references judged high confidence and whose target has
a new name, and nothing is written: the user reviews the patch and applies
it with ``git apply``. Files are read again as bytes so line endings and a
missing final newline survive exactly.

A Prisma declaration (a model, view or enum without ``@@map``, a field
without ``@map``) is not renamed: its name is also Prisma Client's API, so
the patch maps it instead, adding ``@@map("new")`` to the block or
``@map("new")`` to the field (Prisma's documented way to rename the table
or column alone). A Diesel ``table!`` declaration is mapped the same way,
with ``#[sql_name = "new"]`` on the line above the table or column
(Diesel's documented attribute): the Rust names that ``joinable!``,
``allow_tables_to_appear_in_same_query!``, the primary-key list and the
code use stay valid and are left as written. A place that may name several
objects with different new names (``created_at`` with no table in sight)
is left alone, with a note. A Rails model named by convention gets
``self.table_name = "new"`` below its class line (the class keeps its
name); an Ecto schema's ``field :old`` (``belongs_to``'s ``foreign_key:``,
``@primary_key``'s tuple) gets ``source: :new`` (:mod:`~dbnamelint.impact.ecto`),
the struct keeping its key; a Django model gets ``db_table = "new"`` in its ``class Meta``
(:func:`~dbnamelint.impact.django.apply`) and a field ``db_column="new"``;
a JPA entity named by convention gets ``@Table(name = "new")`` above its
class line (:mod:`~dbnamelint.impact.jpa`); a GORM model named by
convention keeps its type name, with a note to give it ``TableName()``
(:mod:`~dbnamelint.impact.gormmodels`), and so does a Beego model
(:mod:`~dbnamelint.impact.beego`); a table name built from a prefix
(``DB_PREFIX . "setting"``) has only its rest rewritten, and only when the new
name keeps the prefix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.prisma.schema import prisma_string
from dbnamelint.impact import (
    beego,
    constuses,
    django,
    ecto,
    eloquent,
    eloquent_columns,
    eloquent_models,
    gormfields,
    gormmodels,
    jpa,
    jpasql,
    kysely,
    kyselycamel,
    mybatis,
    pop,
    prefixed,
    rails,
    railsquery,
    rustsql,
    seqts,
    springint,
    sqloutputs,
    sqlx,
)
from dbnamelint.impact.classify import HIGH, PLAIN
from dbnamelint.impact.keys import KeyName
from dbnamelint.impact.languages import family
from dbnamelint.impact.outputroles import OutputRoles
from dbnamelint.impact.prisma import block_attribute_lines, code_part
from dbnamelint.impact.prisma_keys import keep_key_names
from dbnamelint.impact.quoting import Spelling, spellings
from dbnamelint.impact.scan import UNRESOLVED_COLUMN_QUALIFIER, UNRESOLVED_QUALIFIER, Reference
from dbnamelint.impact.sqlscope import string_literals
from dbnamelint.impact.targets import renamed_so_far

_NO_NEWLINE = "\\ No newline at end of file\n"
#: Kinds a ``t.col`` qualifier can name.
_TABLE_KINDS = frozenset({"table", "view", "materialized_view"})
#: ``.col`` after a qualifier (its closing quote first when quoted: ``"t"."col"``).
_MEMBER = lazy_compile(r'(?P<close>["`\]]?)\s*\.\s*(?:"[^"]*"|`[^`]*`|[\w$]+|\*)')
_OPENERS = {'"': '"', "`": "`", "]": "["}


#: Go models named by convention: no patch renames the type (a note says what to do).
_GO_CONVENTION = frozenset({gormmodels.LABEL, beego.LABEL, *gormfields.LEFT_LABELS})
#: References no patch rewrites: the above, and a framework's own table
#: (Spring Integration's ``<prefix>LOCK``: the code writes only the prefix).
_NOT_REWRITTEN = _GO_CONVENTION | {
    springint.LABEL,
    eloquent_models.LABEL,
    # a strong-parameters key is the form's field name too (see its mark)
    railsquery.PERMITTED_LABEL,
}


#: Code that reads a query's rows by a column's name, which the patch renames.
_READ_AS_NEW = frozenset(
    {gormfields.LABEL, rustsql.FIELD_LABEL, rustsql.ROW_LABEL, sqlx.LABEL, "JPA @Column"}
)


def rewritable(references: Iterable[Reference]) -> list[Reference]:
    """References a patch rewrites: high confidence, with a known target name;
    not a GORM or Beego model's type name, which no patch renames (a note
    says so)."""
    return [
        r
        for r in references
        if r.confidence == HIGH
        and r.target.target
        and r.context not in _NOT_REWRITTEN
        and not eloquent_columns.is_attribute(r.context)
    ]


def schema_renames(references: Iterable[Reference]) -> list[Reference]:
    """The references ``--renamed-only`` patches: what the schema renamed already.
    A whitelisted object's earlier name (``user_``, renamed to ``person``
    before ``person`` was whitelisted for ``people``) goes to its current
    name, so a statement naming ``user_`` and columns of it renamed since
    (``actor_id`` -> ``ap_id``) is renamed whole, to names one schema holds."""
    out: list[Reference] = []
    for r in references:
        if r.target.renamed:
            out.append(r)
            continue
        so_far = renamed_so_far(r.target)
        written = r.name.casefold()
        if so_far is not None and written in {n.casefold() for n in so_far.old_names}:
            out.append(replace(r, target=so_far))
    return out


def _go_model_notes(references: Iterable[Reference]) -> list[str]:
    """What to do by hand for each GORM or Beego model named by convention:
    the patch leaves the type's name (the code uses it everywhere), and the
    ORM keeps reading the old table until the type says otherwise."""
    notes: list[str] = []
    for r in references:
        if r.context not in _GO_CONVENTION or r.confidence != HIGH or not r.target.target:
            continue
        if r.context in gormfields.LEFT_LABELS:
            why = (
                "it is declared with other fields on its line, which one tag would rename too"
                if r.context == gormfields.GROUPED_LABEL
                else "its struct gives columns to several tables (embedded), "
                "which one tag would rename alike"
            )
            notes.append(
                f"{r.path}:{r.line}:{r.column}: {r.name} not rewritten: GORM names its column "
                f"{r.target.old_names[0] if r.target.old_names else r.name} from the field's "
                f'name, and {why}; map it by hand (gorm:"column:{r.target.target}")'
            )
            continue
        orm = "GORM" if r.context == gormmodels.LABEL else "Beego"
        snake = beego.snake_string(r.name)
        old = next(
            (o for o in r.target.old_names if orm == "Beego" and snake in o.casefold()),
            r.target.old_names[0] if r.target.old_names else r.target.name,
        )
        head = (
            f"{r.path}:{r.line}:{r.column}: {r.name} not rewritten: {orm} names its table "
            f"{old} by convention; once the table is renamed, "
        )
        new = r.target.target
        if r.context == beego.LABEL:
            returned = beego.table_name_for(r.name, r.target.old_names, new)
            if returned is None:
                notes.append(
                    head + f"register it without its prefix or suffix and give it "
                    f'func ({r.name}) TableName() string {{ return "{new}" }}'
                )
                continue
            new = returned
        notes.append(head + f'give it func ({r.name}) TableName() string {{ return "{new}" }}')
    return notes


#: The ``; end`` closing a Ruby class written on one line.
_ONE_LINE_END = lazy_compile(r"\s*;\s*end\b\s*(?:#.*)?$")
_PRISMA_BLOCKS = frozenset({"Prisma model", "Prisma view", "Prisma enum"})
#: Diesel declarations a patch maps with ``#[sql_name = "new"]`` (their Rust
#: name is the API the code uses), and Rust names that mapping keeps valid.
_DIESEL_DECLARATIONS = frozenset({"Diesel table!", "Diesel column"})
_DIESEL_RUST_NAMES = frozenset(
    {
        "Diesel primary key",
        "Diesel joinable!",
        "Diesel allow_tables_to_appear_in_same_query!",
        "Diesel table_name",
        "Diesel column_name",
    }
)


def _map_field(line: str, new: str) -> str:
    """``line`` (a Prisma field) with ``@map("new")`` after its attributes, but
    before a native type (``@db.Text``), where ``prisma format`` puts it."""
    code = code_part(line)
    native = re.search(r"\s@db\.\w+", code)  # a native type: prisma format puts it last
    if native is not None:
        at = native.start()
        return f"{line[:at]} @map({prisma_string(new)}){line[at:]}"
    kept = code.rstrip()
    return kept + f" @map({prisma_string(new)})" + code[len(kept) :] + line[len(code) :]


def _rewrite_line(
    line: str,
    refs: list[Reference],
    newline: str = "\n",
    file_text: str = "",
    spelled: Spelling | None = None,
) -> str:
    """``line`` with ``refs`` renamed; ``spelled``: the new name as written at a
    column (quoted where SQL needs it, :mod:`~dbnamelint.impact.quoting`), or
    None for a place left as written."""
    spelled = spelled or {}
    # Right to left, so earlier columns stay valid.
    for ref in sorted(refs, key=lambda r: r.column, reverse=True):
        start, end = ref.column - 1, ref.end_column - 1
        if line[start:end] != ref.name:
            continue  # the file changed since the search: leave it alone
        if ref.column in spelled and spelled[ref.column] is None:
            continue  # the new name cannot be written here (a note says why)
        if ref.context == "Prisma field":
            line = _map_field(line, ref.target.target or ref.name)
            continue
        if ref.context in _PRISMA_BLOCKS:
            continue  # its @@map goes last in the block (_map_blocks)
        if ref.context in _DIESEL_DECLARATIONS:
            indent = line[: len(line) - len(line.lstrip())]
            line = f'{indent}#[sql_name = "{ref.target.target or ref.name}"]{newline}' + line
            continue
        if ref.context in ecto.MAPPED_LABELS:  # the struct's key stays; source: maps it
            line = ecto.with_source(line, ref.context, ref.target.target or ref.name, start)
            continue
        if ref.context in ecto.ATOM_LABELS:  # source: :old -> source: :new
            line = line[:start] + ecto.atom(ref.target.target or ref.name) + line[end:]
            continue
        if ref.context == seqts.LABEL:  # the property stays; a note says to map it
            continue
        if ref.context == kyselycamel.LABEL:  # the plugin maps the camelCase spelling
            new = kyselycamel.new_spelling(ref.target.target or ref.name)
            line = line[:start] + new + line[end:]
            continue
        if ref.context == gormfields.LABEL:  # the Go field keeps its name; its tag maps it
            line = gormfields.with_column(line, ref.target.target or ref.name) or line
            continue
        if ref.context == rustsql.FIELD_LABEL:  # the Rust field keeps its name
            indent = line[: len(line) - len(line.lstrip())]
            new = ref.target.target or ref.name
            line = f'{indent}#[sqlx(rename = "{new}")]{newline}' + line
            continue
        if ref.context in jpa.LABELS:  # the class or attribute keeps its name
            indent = line[: len(line) - len(line.lstrip())]
            table = spelled.get(ref.column) or ref.target.target or ref.name
            mapped = jpa.annotation(file_text, ref.context, table)
            line = f"{indent}{mapped}{newline}" + line
            continue
        if ref.context in _DIESEL_RUST_NAMES:
            continue  # the Rust name stays; the declaration's #[sql_name] maps it
        if ref.context == eloquent.LABEL:  # belongsToMany(Tag::class, 'new_name')
            line = eloquent.with_table(line, end, ref.target.target or ref.name)
            continue
        if ref.context == rails.LABEL:
            indent = line[: len(line) - len(line.lstrip())]
            new = ref.target.target or ref.name
            one_line = _ONE_LINE_END.search(line)
            if one_line is not None:  # class A < ApplicationRecord; end
                at = one_line.start()
                line = f'{line[:at]}; self.table_name = "{new}"{line[at:]}'
            else:
                line += f'{newline}{indent}  self.table_name = "{new}"'
            continue
        if ref.context in prefixed.LABELS:
            rest = prefixed.new_rest(ref)
            if rest is not None:
                line = line[:start] + rest + line[end:]
            continue
        new = ref.target.target or ref.name
        if ref.name.isupper() and not ref.target.exact and not ref.target.target_quoted:
            new = new.upper()  # MESSAGES -> COMMS_MESSAGES keeps the file's style
        new = spelled.get(ref.column) or new
        if ref.context == kysely.SHORTHAND_LABEL:  # { created_at: createdAt }
            line = line[:start] + new + ": " + line[start:end] + line[end:]
            continue
        if ref.context == kysely.ALIASED_LABEL:  # 't.created_at as createdAt'
            line = line[:start] + new + " as " + line[start:end] + line[end:]
            continue
        if ref.context == kysely.CAMEL_ALIASED_LABEL:  # the plugin maps both spellings
            new = kyselycamel.new_spelling(ref.target.target or ref.name)
            line = line[:start] + new + " as " + line[start:end] + line[end:]
            continue
        if ref.context == sqloutputs.ALIAS_LABEL:  # x."new" AS "old": the output keeps its name
            line = _aliased_back(line, start, end, new)
            continue
        if ref.context == mybatis.ALIAS_LABEL:  # "unit_price" AS "unitPrice"
            opening = line[start - 1 : start]
            closing = {'"': '"', "`": "`", "[": "]"}.get(opening, "")
            if closing and line[end : end + 1] == closing:
                alias = opening + line[start:end] + closing
                line = line[:start] + new + closing + " AS " + alias + line[end + 1 :]
            else:
                line = line[:start] + new + " AS " + line[start:end] + line[end:]
            continue
        line = line[:start] + new + line[end:]
    return line


#: An identifier's opening quote (escaped in a string literal too) -> its closing one.
_QUOTES = {'\\"': '\\"', "\\`": "\\`", '"': '"', "`": "`", "[": "]"}


def _aliased_back(line: str, start: int, end: int, new: str) -> str:
    """``line`` with the name at ``start:end`` renamed to ``new`` and aliased
    back to itself as written (``tc."parentID"`` -> ``tc."parent_id" AS
    "parentID"``; bare, ``parentid`` folds as the original did in every
    dialect), so the output column keeps its name."""
    opening = next((q for q in _QUOTES if line[:start].endswith(q)), "")
    closing = _QUOTES.get(opening, "")
    if closing and line.startswith(closing, end):
        old = opening + line[start:end] + closing
        return line[:start] + new + closing + " AS " + old + line[end + len(closing) :]
    return line[:start] + new + " AS " + line[start:end] + line[end:]


def _diff_lines(path: str, old: list[str], new: list[list[str]], context: int = 3) -> list[str]:
    """A unified diff of ``old`` (a file's lines) against ``new`` (what each
    of those lines became: itself, a rewritten line, or several lines).

    Built from that correspondence rather than by matching lines, so only
    the lines the patch rewrote show as changed: a line-matching diff
    (difflib's) skips lines that recur often (blank lines, ``}``) as anchors,
    and a blank line between two rewritten lines came out as removed and
    added again (trial s11 #2).
    """
    changed = [i for i, lines in enumerate(new) if lines != [old[i]]]
    if not changed:
        return []
    spans: list[list[int]] = []  # [first, last] changed line of each hunk
    for i in changed:
        if spans and i - spans[-1][1] - 1 <= 2 * context:
            spans[-1][1] = i  # near enough: one hunk, as diff and git join them
        else:
            spans.append([i, i])
    out = [f"--- a/{path}\n", f"+++ b/{path}\n"]
    added = 0  # lines the patch added (or removed) above line ``done``
    done = 0
    for first, last in spans:
        lo, hi = max(0, first - context), min(len(old), last + context + 1)
        added += sum(len(new[i]) - 1 for i in range(done, lo))
        new_size = sum(len(new[i]) for i in range(lo, hi))
        out.append(f"@@ -{_range(lo, hi - lo)} +{_range(lo + added, new_size)} @@\n")
        i = lo
        while i < hi:
            if new[i] == [old[i]]:
                out += _marked(" ", [old[i]])
                i += 1
                continue
            if _kept(old[i], new[i]) is not None:
                out += _insertion(old[i], new[i])
                i += 1
                continue
            run = i
            while run < hi and new[run] != [old[run]] and _kept(old[run], new[run]) is None:
                run += 1
            out += _marked("-", old[i:run])
            out += _marked("+", [line for j in range(i, run) for line in new[j]])
            i = run
        added += sum(len(new[i]) - 1 for i in range(lo, hi))
        done = hi
    return out


def _kept(old: str, new: list[str]) -> int | None:
    """Where ``new`` (what line ``old`` became) keeps ``old`` unchanged, first or
    last, when the patch only added lines beside it (``@@map`` before a
    block's ``}``, an annotation above a class); None when ``old`` was edited."""
    if len(new) < 2:
        return None
    if new[0] == old:
        return 0
    return len(new) - 1 if new[-1] == old else None


def _insertion(old: str, new: list[str]) -> list[str]:
    """The diff lines of ``old`` kept and lines added beside it: the kept line
    is context, not removed and added again (a hunk whose "-" and "+" lines
    are identical reads as a change that is none; trial s17, documenso)."""
    at = _kept(old, new)
    before, after = (new[:at], new[at + 1 :]) if at is not None else ([], [])
    return _marked("+", before) + _marked(" ", [old]) + _marked("+", after)


def _range(start: int, size: int) -> str:
    """A hunk header's ``line,count`` (0-based ``start``), as diff writes it."""
    if size == 1:
        return str(start + 1)
    return f"{start if size == 0 else start + 1},{size}"


def _marked(sign: str, lines: list[str]) -> list[str]:
    """``lines`` with ``sign`` in front; a last line without its newline says so."""
    return [
        sign + line if line.endswith("\n") else f"{sign}{line}\n{_NO_NEWLINE}" for line in lines
    ]


def _member(ref: Reference) -> str:
    """``.col`` after the qualifier ``ref`` names, as written on its line."""
    found = _MEMBER.match(ref.text, ref.end_column - 1)
    if found is None:
        return "."
    close = found.group("close")
    if close and ref.text[ref.column - 2 : ref.column - 1] != _OPENERS[close]:
        return "."  # the quote closes a string holding the name, not an identifier's
    return found.group()[len(close) :].replace(" ", "")


def _qualified(ref: Reference) -> str:
    """``t.col`` as written (``"t"."col"`` quoted), for a note."""
    found = _MEMBER.match(ref.text, ref.end_column - 1)
    close = found.group("close") if found else ""
    if close and ref.text[ref.column - 2 : ref.column - 1] == _OPENERS[close]:
        return f"{_OPENERS[close]}{ref.name}{found.group().replace(' ', '') if found else ''}"
    return f"{ref.name}{_member(ref)}"


def _in_code(ref: Reference, read: Callable[[str], str | None]) -> bool:
    """Whether ``ref`` is the language's own name (``trash.File`` in Go), outside
    every string literal of a file whose literals are known; False if unknown."""
    text = read(ref.path)
    if text is None or family(ref.path) not in _STRING_FAMILIES:
        return False
    at = sum(len(line) for line in text.splitlines(keepends=True)[: ref.line - 1])
    at += ref.column - 1
    return not any(lo <= at < hi for lo, hi, _ in string_literals(ref.path, text))


#: Families whose string literals :func:`string_literals` reads.
_STRING_FAMILIES = frozenset({"c", "rs", "py", "hash", "php"})


def _statements_left(
    per_place: Mapping[tuple[str, int, int], list[Reference]],
) -> dict[tuple[str, int | None], int]:
    """Per (path, statement start), the number of places of each SQL statement
    holding a place the patch cannot rewrite (it may be objects with different
    new names): such a statement is left as written whole, never half renamed."""
    ambiguous = {
        (path, found[0].statement)
        for (path, _l, _c), found in per_place.items()
        if found[0].statement is not None
        and len({r.target.target for r in _current_prisma_names(found)}) > 1
    }
    counts: dict[tuple[str, int | None], int] = {}
    for (path, _l, _c), found in per_place.items():
        key = (path, found[0].statement)
        if key in ambiguous:
            counts[key] = counts.get(key, 0) + 1
    return counts


def _unpatchable(ref: Reference, read: Callable[[str], str | None]) -> str:
    """Why the patch leaves ``ref``, a place in a SQL statement naming an
    object with a new name, as written; "" when it does not (or it is no
    such place). A column whose qualifier is bound to no table in sight
    while another table has that column is likely the other table's: its
    statement is still renamed (tests/test_impact_alias_scope.py)."""
    if not ref.target.target or ref.statement is None:
        return ""
    if ref.context == UNRESOLVED_QUALIFIER:
        return f"{_qualified(ref)} names no table of the statement"
    if ref.context in prefixed.LABELS and prefixed.new_rest(ref) is None:
        return f"{ref.name} follows the table prefix, which the new name does not keep"
    if (
        ref.context == "text"
        and ref.confidence == PLAIN
        and ref.target.kind in _TABLE_KINDS
        and _member(ref) != "."
        and not _in_code(ref, read)
    ):
        return f"{_qualified(ref)} is in a part of it this reading does not understand"
    return ""


def _statements_held(
    references: Iterable[Reference],
    per_place: Mapping[tuple[str, int, int], list[Reference]],
    read: Callable[[str], str | None],
) -> dict[tuple[str, int], tuple[Reference, str]]:
    """Per (path, statement start) of each SQL statement the patch would rename
    in part: its first place left as written and why. Such a statement is left
    whole: half renamed, its names disagree and it no longer runs (trial s20
    river #3: ``UPDATE river_job`` patched, ``river_job.attempted_by[...]``
    inside a subscript left)."""
    patched = {
        (path, found[0].statement)
        for (path, _l, _c), found in per_place.items()
        if found[0].statement is not None
    }
    out: dict[tuple[str, int], tuple[Reference, str]] = {}
    for ref in references:
        if ref.statement is None or (ref.path, ref.statement) not in patched:
            continue
        key = (ref.path, ref.statement)
        if key in out:
            continue
        why = _unpatchable(ref, read)
        if why:
            out[key] = (ref, why)
    return out


def _renamed_in(per_file: dict[str, dict[int, list[Reference]]]) -> set[tuple[str, int]]:
    """(path, id of target) of each object the patch renames in each file."""
    return {
        (path, id(ref.target))
        for path, lines in per_file.items()
        for refs in lines.values()
        for ref in refs
    }


def _hand_edits(
    references: list[Reference],
    per_file: dict[str, dict[int, list[Reference]]],
    read: Callable[[str], str | None] = lambda _p: None,
    held: Container[tuple[str, int | None]] = (),
) -> list[str]:
    """Notes on ``t.col`` qualifiers the patch leaves in files where it renames ``t``.

    The statement around such a qualifier does not name the table (a query
    put together from pieces), so whether it is the table is for a person
    to decide; left as it is, a renamed table makes it fail.
    """
    renamed = _renamed_in(per_file)
    notes = [
        f"{r.path}:{r.line}:{r.column}: {_qualified(r)} left as written: the SQL statement "
        f"does not name table {r.name} here; if it qualifies that table, rename it by "
        f"hand to {r.target.target}"
        for r in references
        if r.context == UNRESOLVED_QUALIFIER
        and (r.path, id(r.target)) in renamed
        and (r.path, r.statement) not in held
    ]
    # t.col outside any SQL this reading recognises (a language or a string form it
    # does not know): the table may be renamed elsewhere in the same statement.
    notes += [
        f"{r.path}:{r.line}:{r.column}: {_qualified(r)} left as written (plain text); "
        f"if it qualifies table {r.name}, which this patch renames in the file, rename it "
        f"by hand to {r.target.target}"
        for r in references
        if r.context == "text"
        and r.confidence == PLAIN
        and r.target.kind in _TABLE_KINDS
        and _member(r) != "."
        and (r.path, id(r.target)) in renamed
        and (r.path, r.statement) not in held
        and not _in_code(r, read)
    ]
    return notes


def _unresolved_columns(
    references: list[Reference],
    per_file: dict[str, dict[int, list[Reference]]],
    held: Container[tuple[str, int | None]] = (),
) -> list[str]:
    """Notes on ``x.col`` left as written where ``x`` is bound to no table in sight
    and another table has a column ``col`` now, in files where the patch renames
    the column: whether this one is it, is for a person to decide."""
    renamed = _renamed_in(per_file)
    return [
        f"{r.path}:{r.line}:{r.column}: {r.name} left as written: its qualifier is bound to no "
        f"table in sight and another table has a column {r.name} too; if it is "
        f"{r.target.name}, rename it by hand to {r.target.target}"
        for r in references
        if r.context == UNRESOLVED_COLUMN_QUALIFIER
        and (r.path, id(r.target)) in renamed
        and (r.path, r.statement) not in held
    ]


def _pop_models_unknown(references: list[Reference]) -> list[str]:
    """Notes on the renamed columns' names in pop query strings whose model the
    code does not show (``tx.UpdateOnly(user, "c")``, ``user`` a function's
    result): which table's column the string names is for a person to decide."""
    places: dict[tuple[str, int, int], list[Reference]] = {}
    for r in references:
        if r.context == pop.MODEL_UNKNOWN and r.target.target:
            places.setdefault((r.path, r.line, r.column), []).append(r)
    notes = []
    for (path, line, column), refs in places.items():
        which = " or ".join(f"{r.target.name} (to {r.target.target})" for r in refs)
        notes.append(
            f"{path}:{line}:{column}: {refs[0].name} left as written: a pop query string "
            f"whose model this reading does not know; if it names {which}, rename it by hand"
        )
    return notes


def _name_strings(
    references: list[Reference], per_file: dict[str, dict[int, list[Reference]]]
) -> list[str]:
    """Notes on strings of a SQL file that are a table's name, where the patch
    renames that table in the file: code that makes SQL of them
    (``CALL r.create_triggers('comment', $$...$$)``, ``'comment'::regclass``)."""
    renamed = _renamed_in(per_file)
    return [
        f"{r.path}:{r.line}:{r.column}: '{r.name}' left as written: a string that is the "
        f"name of table {r.name}, which this patch renames in the file; if the SQL uses it "
        f"as the table's name, rename it by hand to {r.target.target}"
        for r in references
        if r.confidence == PLAIN
        and r.context == "text"
        and r.target.kind in _TABLE_KINDS
        and family(r.path) == "sql"
        and _whole_string(r)
        and (r.path, id(r.target)) in renamed
    ]


def _whole_string(ref: Reference) -> bool:
    """Whether ``ref`` is the whole of a quoted string (``'comment'``)."""
    opening = ref.text[ref.column - 2 : ref.column - 1] if ref.column > 1 else ""
    return opening in ("'", '"') and ref.text[ref.end_column - 1 : ref.end_column] == opening


def _current_prisma_names(refs: list[Reference]) -> list[Reference]:
    """``refs`` without the tables a Prisma model's name can only have named once.

    A model without ``@@map`` is the table of its name now (``prisma migrate``
    creates it so); a table that had the name earlier and was renamed in the
    files (``Conversation`` renamed to ``Chat``, then a new ``Conversation``)
    is not that model. Kept when that leaves nothing to choose from.
    """
    if len(refs) < 2 or any(r.context not in _PRISMA_BLOCKS for r in refs):
        return refs
    current = [
        r for r in refs if r.target.renamed or r.name.casefold() == r.target.old_names[0].casefold()
    ]
    return current or refs


#: sqlx's offline query cache (``cargo sqlx prepare``): each file is named
#: and keyed by the SHA-256 of its ``query`` text, so an edited query is no
#: entry ``SQLX_OFFLINE=true`` builds find (trial s26 zero2prod).
_SQLX_OFFLINE = lazy_compile(r"(?:^|/)\.sqlx/query-[0-9a-f]+\.json$")


def _offline_note(paths: set[str]) -> str:
    first = sorted(paths)[0]
    more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
    return (
        f"{first}{more} left as written: sqlx's offline query cache, each file keyed by "
        "the SHA-256 of its query; after applying the patch, run `cargo sqlx prepare` to "
        "write it again from the renamed queries"
    )


#: Test files by their names: Go's ``_test.go``, Python's ``test_*.py`` and
#: ``*_test.py``, JavaScript's and TypeScript's ``*.test.*``/``*.spec.*``,
#: Java's and Kotlin's ``*Test.java``/``*Tests.kt``, Ruby's ``*_spec.rb``.
_TEST_FILE = lazy_compile(
    r"(?:_test\.go|_test\.py|\.(?:test|spec)\.[cm]?[jt]sx?|Tests?\.(?:java|kt)|_spec\.rb)$"
    r"|(?:^|/)test_[^/]*\.py$"
)


def _tests_of_kept_constants(
    kept: Sequence[Reference], per_file: dict[str, dict[int, list[Reference]]]
) -> list[str]:
    """Take out of ``per_file`` the places in test files of the folder (a Go
    package) of each table-name constant left as written that name its
    table, with a note each file: the code still builds its SQL from the
    unchanged constant, so a test expecting that SQL (authelia's mock test
    expects ``"DELETE FROM one_time_code;"``, which ``truncateSQLite3``
    builds from ``tableOneTimeCode``) must keep the old name until the SQL
    gets a constant of its own (trial s33 authelia #5)."""
    notes: list[str] = []
    for ref in kept:
        folder = PurePosixPath(ref.path).parent
        for path in sorted(per_file):
            if PurePosixPath(path).parent != folder or not _TEST_FILE.search(path):
                continue
            lines = per_file[path]
            taken = []
            for number in sorted(lines):
                mine = [r for r in lines[number] if r.target == ref.target]
                if mine:
                    taken.append(number)
                    lines[number] = [r for r in lines[number] if r.target != ref.target]
                    if not lines[number]:
                        del lines[number]
            if not lines:
                del per_file[path]
            if taken:
                shown = ", ".join(str(n) for n in taken[:5]) + (
                    f" and {len(taken) - 5} more" if len(taken) > 5 else ""
                )
                notes.append(
                    f"{path}: {ref.name} not rewritten on {'line' if len(taken) == 1 else 'lines'} "
                    f"{shown}: a test beside {constuses.constant_name(ref)} "
                    f"({ref.path}:{ref.line}), which is left as written, expects the SQL the "
                    "code builds from it; rename them together once the SQL has a constant of "
                    "its own"
                )
    return notes


def make_diff(
    cwd: Path,
    references: Iterable[Reference],
    keys: Mapping[str, tuple[KeyName, ...]] | None = None,
) -> tuple[str, list[str]]:
    """(the patch text, notes on files left out), paths relative to ``cwd``.

    ``keys`` (:attr:`Impact.keys`): the schema's key and index names, so a
    Prisma model the patch maps gets ``map: "..."`` where Prisma's derived
    name differs from the database's.

    Apply it from ``cwd`` with ``git apply`` (or ``patch -p1``). A file that
    is not UTF-8 is left out with a note rather than rewritten blindly.
    """
    references = list(references)
    per_place: dict[tuple[str, int, int], list[Reference]] = {}
    for ref in rewritable(references):
        per_place.setdefault((ref.path, ref.line, ref.column), []).append(ref)
    per_file: dict[str, dict[int, list[Reference]]] = {}
    notes: list[str] = _go_model_notes(references)
    notes += [
        f"{r.path}:{r.line}:{r.column}: {r.name} not rewritten: Eloquent names its table "
        f"{r.target.old_names[0] if r.target.old_names else r.target.name} after the class; "
        f"once the table is renamed, give it protected $table = '{r.target.target}';"
        for r in references
        if r.context == eloquent_models.LABEL and r.confidence == HIGH and r.target.target
    ]
    notes += [
        f"{r.path}:{r.line}:{r.column}: {r.name} not rewritten: sequelize-typescript names "
        f"its column after the property, which the code reads; map it by hand "
        f'(@Column({{ ..., field: "{r.target.target}" }}))'
        for r in references
        if r.context == seqts.LABEL and r.target.target
    ]
    notes += [
        f"{r.path}:{r.line}:{r.column}: ->{r.name} not rewritten: an Eloquent attribute "
        f"(an accessor or relation of the model may own the name); rename it by hand "
        f"to ->{r.target.target} where it reads the column"
        for r in references
        if eloquent_columns.is_attribute(r.context) and r.target.target
    ]
    left = _statements_left(per_place)
    held = _statements_held(references, per_place, _reader(cwd))
    # A statement whose output or join names no renaming keeps is left whole too.
    outputs = OutputRoles(_reader(cwd))
    columns = {id(f[0].target): f[0].target for f in per_place.values()}
    columns = {k: t for k, t in columns.items() if t.kind == "column"}
    # Columns whose code reads rows under the new name once patched (a struct's
    # db tag, a FromRow field's rename): the statement's own output takes it too.
    mapped = {
        id(r.target)
        for found in per_place.values()
        for r in found
        if r.context.startswith("Go struct tag") or r.context in _READ_AS_NEW
    }
    for found in per_place.values():
        if found[0].statement is None or (found[0].path, found[0].statement) in held:
            continue
        role = outputs.role(found[0])
        why = role[1] if role is not None and role[0] == "held" else ""
        why = why or outputs.held(found[0], columns.values())
        if why:
            held[(found[0].path, found[0].statement)] = (found[0], why)
    held_places: dict[tuple[str, int], int] = {}  # places per statement left whole
    misfits: set[tuple[str, int]] = set()  # statements noted as written for another schema
    ddl: dict[tuple[str, int | None], int] = {}  # DDL in code left as written: places per statement
    offline: set[str] = set()  # sqlx's offline query cache files left as written
    kept_constants: list[Reference] = []  # table-name constants left as written
    starred: dict[tuple[str, int], Reference] = {}  # each patched statement's first place
    for (path, line, column), found in per_place.items():
        if _SQLX_OFFLINE.search(path):
            offline.add(path)
            continue
        refs = _current_prisma_names(found)
        news = sorted({r.target.target or "" for r in refs})
        if len(news) > 1:
            others = left.get((path, refs[0].statement), 1) - 1
            whole = (
                f"; its SQL statement is left whole ({others} other "
                f"{'name' if others == 1 else 'names'} in it not renamed either)"
                if others
                else ""
            )
            notes.append(
                f"{path}:{line}:{column}: {refs[0].name} not rewritten: it may be "
                f"{len(refs)} objects with different new names ({', '.join(news)}){whole}"
            )
            continue
        if (path, refs[0].statement) in left:
            continue  # a statement with a place left as written is renamed not at all
        if refs[0].ddl:
            # A schema builder's call (Laravel's Schema::create) is in no SQL: one per line.
            statement = refs[0].statement
            key = (path, statement if statement is not None else -line)
            if key not in ddl:
                what = "SQL statement" if statement is not None else "schema builder call"
                notes.append(f"{path}:{line}:{column}: {what} left as written: {refs[0].ddl}")
            ddl[key] = ddl.get(key, 0) + 1
            continue
        if refs[0].misfit and refs[0].statement is not None:
            if (path, refs[0].statement) not in misfits:
                misfits.add((path, refs[0].statement))
                notes.append(
                    f"{path}:{line}:{column}: SQL statement left as written: it inserts "
                    f"columns its table has neither now nor under an earlier name "
                    f"({', '.join(refs[0].misfit)}), so it was written for another version "
                    "of the schema (a test of old migrations?) and no renaming makes it run"
                )
            continue
        if refs[0].statement is not None and (path, refs[0].statement) in held:
            spot = (path, refs[0].statement)
            if (line, column) != (held[spot][0].line, held[spot][0].column):
                held_places[spot] = held_places.get(spot, 0) + 1
            continue
        if refs[0].context == "table-name constant":
            again = constuses.reassigned(cwd, refs[0])
            if again:
                notes.append(constuses.reassigned_note(refs[0], again))
                kept_constants.append(refs[0])
                continue
            uses = constuses.other_uses(cwd, refs[0])
            if uses:
                notes.append(constuses.note(refs[0], uses))
                kept_constants.append(refs[0])
                continue
        if refs[0].context in prefixed.LABELS and prefixed.new_rest(refs[0]) is None:
            notes.append(
                f"{path}:{line}:{column}: {refs[0].name} not rewritten: it follows the table "
                f"prefix, and the new name {news[0]} does not keep the prefix; change it by hand"
            )
            continue
        role = outputs.role(refs[0])
        if role is not None and role[0] == "keep":
            continue  # it reads an output the statement keeps under its old name
        if (
            role is not None
            and role[0] == "alias"
            and not (role[1] and id(refs[0].target) in mapped)
        ):
            refs[0] = replace(refs[0], context=sqloutputs.ALIAS_LABEL)
        per_file.setdefault(path, {}).setdefault(line, []).append(refs[0])
        if refs[0].statement is not None and (path, refs[0].statement) not in starred:
            starred[(path, refs[0].statement)] = refs[0]
    notes += _star_notes(starred.values(), outputs, references)
    notes += _tests_of_kept_constants(kept_constants, per_file)
    for spot, (ref, why) in held.items():
        count = held_places.get(spot, 0)
        rest = (
            f"renaming its {count} other {'place' if count == 1 else 'places'} alone would "
            "leave it naming old and new names at once, which fails: "
            if count
            else ""
        )
        notes.append(
            f"{ref.path}:{ref.line}:{ref.column}: SQL statement left as written: {why}; "
            f"{rest}rename the whole statement by hand ({ref.name} to {ref.target.target} here)"
        )
    hand = _hand_edits(references, per_file, _reader(cwd), held)
    notes += hand + _name_strings(references, per_file) + _pop_models_unknown(references)
    notes += _unresolved_columns(references, per_file, held)
    notes += jpa.shared_notes(references)
    # sqlx's :name parameters bind through the db tags the patch renames.
    tags = [r for lines in per_file.values() for refs in lines.values() for r in refs]
    read = _reader(cwd)
    go_files = {p: read(p) or "" for p in {r.path for r in references if r.path.endswith(".go")}}
    params, more = sqlx.named_parameters(references, tags, go_files)
    notes += more
    for param in params:
        per_file.setdefault(param.path, {}).setdefault(param.line, []).append(param)
    chunks: list[str] = []
    for path in sorted(per_file):
        try:
            text = (cwd / path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            notes.append(f"{path}: not rewritten (cannot be read as UTF-8 text)")
            continue
        old = text.splitlines(keepends=True)
        if path.lower().endswith(".xml"):
            per_file[path], more = _auto_mapped(path, text, old, per_file[path])
            notes += more
        per_file[path] = _kysely_keys(path, text, old, per_file[path])
        # Django models gain db_table / db_column= (other lines' columns shift past them).
        new, lines, more = django.apply(path, text, old, per_file[path], _reader(cwd))
        notes += more
        quoted, more = spellings(path, "".join(new), lines)
        notes += more
        ends, more = _map_blocks(path, text, lines)
        notes += more
        for number, refs in lines.items():
            raw = new[number - 1]
            body = raw.rstrip("\r\n")
            ending = raw[len(body) :]
            written = _rewrite_line(body, refs, ending or "\n", text, quoted.get(number))
            new[number - 1] = written + ending
        for last, added in ends:
            closing = new[last]
            ending = closing[len(closing.rstrip("\r\n")) :] or "\n"
            new[last] = "".join(line + ending for line in added) + closing
        # A line that gained a line (@@map after a Prisma model) is two lines in the diff.
        pieces = [line.splitlines(keepends=True) for line in new]
        new = [piece for line in pieces for piece in line]
        notes += keep_key_names(path, text, new, per_file[path], keys or {})  # edits new
        pinned = {
            n
            for n, refs in per_file[path].items()
            if any(r.context == jpa.JOIN_LABEL for r in refs)
        }
        notes += [
            note
            for number, refs in sorted(per_file[path].items())
            for ref in refs
            if ref.context == jpa.LABEL
            for note in jpa.join_table_notes(path, text, number, ref.target.target or "", pinned)
        ]
        notes += [
            f"{path}:{number}: {ref.name} now maps to {ref.target.target}; under Spring Boot's "
            "default CamelCaseToUnderscoresNamingStrategy a mixed-case name becomes "
            f"{jpasql.spring_physical_name(ref.target.target)}: check the naming strategy"
            for number, refs in sorted(per_file[path].items())
            for ref in refs
            if ref.context in jpa.LABELS
            and ref.target.target
            and ref.target.target != jpasql.spring_physical_name(ref.target.target)
        ]
        at = 0
        for row, line_pieces in enumerate(pieces):
            pieces[row] = new[at : at + len(line_pieces)]
            at += len(line_pieces)
        chunks += _diff_lines(path, old, pieces)
    if offline:
        notes.append(_offline_note(offline))
    if ddl:
        count = sum(ddl.values())
        notes.append(
            f"the patch leaves {count} {'place' if count == 1 else 'places'} in "
            f"{len(ddl)} DDL {'statement' if len(ddl) == 1 else 'statements'} in code as "
            "written (listed above): rename them by hand"
        )
    if hand:
        # Last, so it is not lost among the notes: the patched statements fail as they are.
        notes.append(
            f"warning: the patch leaves {len(hand)} "
            f"{'qualifier' if len(hand) == 1 else 'qualifiers'} of a table it renames "
            "as written (listed above); a statement the table is renamed in fails on the "
            "renamed schema until each is edited by hand"
        )
    return "".join(chunks), notes


def _map_blocks(
    path: str, text: str, lines: Mapping[int, list[Reference]]
) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """For each Prisma model, view or enum the patch maps: the 0-based line of
    its closing ``}`` and the lines to add above it, so ``@@map`` comes last,
    as Prisma's docs and ``prisma format`` lay a block out (fields, a blank
    line, block attributes); and notes on blocks with no ``}`` on a line of
    its own (``model A { id Int @id }``, which Prisma refuses: "This line is
    invalid"), left as written."""
    rows = text.split("\n")
    out: list[tuple[int, list[str]]] = []
    notes: list[str] = []
    for number, refs in sorted(lines.items()):
        for ref in refs:
            if ref.context not in _PRISMA_BLOCKS:
                continue
            new = ref.target.target or ref.name
            found = block_attribute_lines(rows, number - 1, f"@@map({prisma_string(new)})")
            if found is None:
                notes.append(
                    f"{path}:{number}:{ref.column}: {ref.name} not mapped: its block has no "
                    f"closing brace on a line of its own; add @@map({prisma_string(new)}) "
                    "as its last line"
                )
                continue
            out.append(found)
    return out, notes


#: The context of a Kysely column string a select returns, once marked to be aliased back.
_ALIASED = {
    kysely.REFERENCE_LABEL: kysely.ALIASED_LABEL,
    kyselycamel.LABEL: kysely.CAMEL_ALIASED_LABEL,
}


def _kysely_keys(
    path: str, text: str, lines: list[str], refs: dict[int, list[Reference]]
) -> dict[int, list[Reference]]:
    """``refs`` with the renamed columns a Kysely ``.select``/``.returning``
    returns under their own name marked to be aliased back
    (:meth:`~dbnamelint.impact.kysely.KyselyFile.returns_key`): renamed bare,
    the row's key would change and code reading the old one gets undefined."""
    if not any(r.context in _ALIASED for found in refs.values() for r in found):
        return refs
    reading = kysely.KyselyFile.parse(path, text)
    if reading is None:
        return refs
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    out: dict[int, list[Reference]] = {}
    for number, found in refs.items():
        out[number] = [
            replace(ref, context=_ALIASED[ref.context])
            if ref.context in _ALIASED
            and ref.target.kind == "column"
            and reading.returns_key(
                starts[number - 1] + ref.column - 1, starts[number - 1] + ref.end_column - 1
            )
            else ref
            for ref in found
        ]
    return out


def _auto_mapped(
    path: str, text: str, lines: list[str], refs: dict[int, list[Reference]]
) -> tuple[dict[int, list[Reference]], list[str]]:
    """``refs`` with the columns a MyBatis ``<select>`` returns for auto-mapping
    marked to be aliased back to their old name
    (:func:`~dbnamelint.impact.mybatis.auto_mapped_names`): renamed bare, the
    result column would no longer match its property, which MyBatis then
    leaves unset without an error. Notes name the columns renamed in a
    select list a dynamic tag hides."""
    spans, hidden = mybatis.auto_mapped_names(text)
    if not spans and not hidden:
        return refs, []
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    out: dict[int, list[Reference]] = {}
    notes: list[str] = []
    for number, found in refs.items():
        kept: list[Reference] = []
        for ref in found:
            at = starts[number - 1] + ref.column - 1
            if ref.target.kind == "column" and (at, at + len(ref.name)) in spans:
                kept.append(replace(ref, context=mybatis.ALIAS_LABEL))
                continue
            if ref.target.kind == "column" and any(lo <= at < hi for lo, hi in hidden):
                notes.append(
                    f"{path}:{number}:{ref.column}: {ref.name} renamed in the select list of an "
                    "auto-mapped <select> whose tags hide what it returns; if a property "
                    f"reads it, alias it back by hand ({ref.target.target} AS {ref.name})"
                )
            kept.append(ref)
        out[number] = kept
    return out, notes


def _star_notes(
    patched: Iterable[Reference], outputs: OutputRoles, references: Iterable[Reference]
) -> list[str]:
    """Notes on patched SQL statements whose own output is ``*`` of a table
    whose column the phase renames: nothing in the statement names the column,
    so it stays ``*``, and its rows come back under the new name (PostgreSQL
    expands ``*`` to the table's columns as named at run time)."""
    columns = list(
        dict.fromkeys(
            r.target
            for r in references
            if r.target.kind == "column" and r.target.target and r.target.old_names
        )
    )
    if not columns:
        return []
    notes = []
    for ref in patched:
        renamed = outputs.stars(ref, columns)
        if renamed:
            names = ", ".join(f"{t.old_names[0]} as {t.target}" for t in renamed)
            notes.append(
                f"{ref.path}:{ref.line}:{ref.column}: SQL statement outputs * of a table whose "
                f"columns this phase renames: its rows now come back with {names}; rename "
                "where the code reads them, or list the columns (new AS old)"
            )
    return notes


def _reader(cwd: Path) -> Callable[[str], str | None]:
    """A file's UTF-8 text by its path relative to ``cwd``, or None."""

    def read(path: str) -> str | None:
        try:
            return (cwd / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return read
