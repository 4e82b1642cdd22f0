"""Index and constraint names rendered from templates."""

from __future__ import annotations

import string
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from dbnamelint.model import ConstraintType, ObjectKind, SchemaObject
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation
from dbnamelint.rules.naming import CaseStyle, convert, matches_any, split_words

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.templates import (
        ConstraintTemplateOptions,
        IndexTemplateOptions,
    )

PLACEHOLDERS = frozenset({"table", "columns", "column", "ref_table"})
#: How the schema layer lists an expression among an index's columns (as
#: PostgreSQL does when it names ``users_expr_idx``).
EXPRESSION_COLUMN = "expr"


@lru_cache(maxsize=64)
def _fields(template: str) -> frozenset[str]:
    """The placeholders ``template`` uses (a run has a handful of templates)."""
    return frozenset(f for _, f, _, _ in string.Formatter().parse(template) if f is not None)


def render(template: str, obj: SchemaObject, separator: str = "_") -> str | None:
    """The template filled in for ``obj``, or None when a value is unknown.

    ``{columns}`` is the columns joined by ``separator`` (Rails joins them
    with ``_and_``: ``index_posts_on_user_id_and_created_at``). An
    expression index has no column names, and an object without a table
    or a foreign key without a target cannot be named by a template that
    needs them; such objects are skipped rather than guessed.
    """
    if EXPRESSION_COLUMN in obj.columns:
        return None
    values = {
        "table": obj.table,
        "columns": separator.join(obj.columns) if obj.columns else None,
        "column": obj.columns[0] if obj.columns else None,
        "ref_table": obj.ref_table,
    }
    if any(values[f] is None for f in _fields(template)):
        return None
    return template.format(**values)


def template_style(template: str) -> CaseStyle | None:
    """The case the template's own text is written in, which its values take.

    ``idx_{table}_{columns}`` is snake_case, ``IX_{table}`` UPPER_SNAKE; a
    template with no letters of its own (``{table}``) is snake_case too;
    one in mixed case (``Ix{table}``) leaves the values as stored (None).
    """
    letters = "".join(
        c for text, _, _, _ in string.Formatter().parse(template) for c in text if c.isalpha()
    )
    if letters == letters.lower():
        return CaseStyle.SNAKE_CASE
    if letters == letters.upper():
        return CaseStyle.UPPER_SNAKE
    return None


def suggested(template: str, obj: SchemaObject, separator: str = "_") -> str | None:
    """:func:`render` with the table and column names respelled in the template's case.

    The suggestion is a name to create: ``idx_{table}_{columns}`` on
    ``"NoteReactions" (note_id)`` suggests ``idx_note_reactions_note_id``,
    never ``idx_NoteReactions_note_id``, which PostgreSQL would need quoted.
    """
    expected = render(template, obj, separator)
    style = template_style(template)
    if expected is None or style is None:
        return expected
    # The template's own text is already in that style, so respelling the
    # whole rendering respells exactly the values put into it.
    return convert(expected, style)


def _violation(obj: SchemaObject, template: str, what: str, separator: str) -> Iterator[Violation]:
    expected = render(template, obj, separator)
    # Names compare word by word: spelling (idx_album_artist_id for a template
    # filled with AlbumId) is the case rules' business, not the template's.
    if (
        expected is not None
        and obj.name != expected
        and split_words(obj.name) != split_words(expected)
    ):
        yield Violation(
            f"{what} name {obj.name!r} does not follow the template {template!r}",
            suggested(template, obj, separator),
        )


def _rails_shortened(obj: SchemaObject, template: str, separator: str) -> bool:
    """Whether ``obj`` is named as Rails 7.1+ names an index whose
    ``index_<table>_on_<a>_and_<b>`` passes 62 bytes (``idx_on_<a>_<b>_<hash>``,
    :func:`dbnamelint.frontends.rails.names.index_name`) and ``template``
    renders it as Rails' own form: the name Rails gives when it cannot give
    the template's (mastodon's ``idx_on_year_account_id_ff3e167cef``)."""
    if not obj.name.startswith("idx_on_") or not obj.table or not obj.columns:
        return False
    from dbnamelint.frontends.rails.names import index_name

    columns = list(obj.columns)
    long = f"index_{obj.table}_on_{'_and_'.join(columns)}"
    return render(template, obj, separator) == long and index_name(obj.table, columns) == obj.name


def _rails_polymorphic(obj: SchemaObject, template: str, separator: str) -> bool:
    """Whether ``obj`` is the index Rails gives ``t.references :x, polymorphic:
    true`` (columns ``x_type``, ``x_id``), named ``index_<table>_on_x``
    (``ReferenceDefinition#polymorphic_index_name``, Rails 6.1+) where
    ``template`` renders Rails' own ``index_<table>_on_x_type_and_x_id``:
    the name Rails gives it (confirm37 P5: maybe-finance's
    ``index_taggings_on_taggable``)."""
    columns = list(obj.columns)
    if not obj.table or len(columns) != 2 or not columns[0].endswith("_type"):
        return False
    stem = columns[0][: -len("_type")]
    return (
        bool(stem)
        and columns[1] == f"{stem}_id"
        and obj.name == f"index_{obj.table}_on_{stem}"
        and render(template, obj, separator) == f"index_{obj.table}_on_{'_and_'.join(columns)}"
    )


class IndexNameOffTemplate(Rule):
    """Index names must be rendered from a template such as `idx_{table}_{columns}`.

    ## What it does
    Renders the template with the index's table and columns (joined by `_`)
    and flags an explicit name whose words differ (spelling is left to the
    case rules, so `idx_album_artist_id` fits `idx_{table}_{columns}` on
    `Album (ArtistId)`); the rendering is the suggestion, its table and
    column names respelled in the case of the template's own text, so it is
    a name to create without quotes (`idx_{table}_{columns}` on
    `"NoteReactions" ("noteId")` suggests `idx_note_reactions_note_id`;
    `IX_{table}` gives upper case; a mixed-case template keeps the names
    as stored). Expression
    indexes (no column names) are skipped, as are names the dialect chose.
    Placeholders: `{table}`, `{columns}`, `{column}` (first column),
    `{ref_table}`; `columns_separator` joins the columns (`_and_` for
    Rails' `index_{table}_on_{columns}`; with that template, the name Rails
    7.1+ gives past 62 bytes, `idx_on_<columns joined by _>_<10 hex of
    SHA-256>`, is its form too, and so is `index_<table>_on_<x>`, Rails'
    name for the `<x>_type`, `<x>_id` index of a polymorphic reference). On
    MySQL/MariaDB a unique index is the table's UNIQUE
    constraint however it is written (`CREATE UNIQUE INDEX u`, `UNIQUE KEY
    u`), as the server's catalog lists it: DBN402's `unique` template
    judges it there, not `unique_template`.

    ## Why is this bad?
    With templated names, a reader knows an index's table and columns from
    its name, and two engineers never create the same index twice under
    different names.

    ## Example
    ```sql
    CREATE INDEX models_vendor_for ON ai_models (vendor);
    ```

    ## Use instead
    ```sql
    CREATE INDEX idx_ai_models_vendor ON ai_models (vendor);
    ```

    ## Options
    `template`, `unique_template` (null: same as `template`),
    `columns_separator` (default `_`), `skip_implicit`, `exceptions` (globs).
    """

    code = "DBN302"
    name = "index-name-off-template"
    kinds = frozenset({ObjectKind.INDEX})
    options_model = OptionsModel(
        "dbnamelint.rules.builtin.options.templates", "IndexTemplateOptions"
    )
    default_enabled = False

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("IndexTemplateOptions", self.options)
        if (opts.skip_implicit and obj.implicit) or matches_any(obj.name, opts.exceptions):
            return
        template = opts.unique_template if obj.unique and opts.unique_template else opts.template
        if _rails_shortened(obj, template, opts.columns_separator) or _rails_polymorphic(
            obj, template, opts.columns_separator
        ):
            return
        what = "unique index" if obj.unique else "index"
        yield from _violation(obj, template, what, opts.columns_separator)


class ConstraintNameOffTemplate(Rule):
    """Constraint names must be rendered from a template per constraint type.

    ## What it does
    Renders the template for the constraint's type (`primary_key`,
    `foreign_key`, `unique`, `check`, `exclusion`) and flags an explicit name
    whose words differ, suggesting the rendering (names respelled in the
    template's case, as DBN302 does: `"NoteReactions"` ->
    `note_reactions_pkey`). The defaults are PostgreSQL's own
    choices (`{table}_pkey`, `{table}_{columns}_fkey`, `{table}_{columns}_key`);
    set a type to null to leave it unchecked.

    ## Why is this bad?
    Constraint names are what a violation error shows; a predictable name
    tells the reader the table and columns without a catalog lookup.

    ## Example
    ```sql
    ALTER TABLE ws_log_activity ADD CONSTRAINT activity_ws
        FOREIGN KEY (ws_id) REFERENCES workspaces (id);
    ```

    ## Use instead
    ```sql
    ALTER TABLE ws_log_activity ADD CONSTRAINT ws_log_activity_ws_id_fkey
        FOREIGN KEY (ws_id) REFERENCES workspaces (id);
    ```

    ## Options
    `primary_key`, `foreign_key`, `unique`, `check`, `exclusion` (templates
    or null), `columns_separator` (default `_`), `skip_implicit`,
    `exceptions` (globs).
    """

    code = "DBN402"
    name = "constraint-name-off-template"
    kinds = frozenset({ObjectKind.CONSTRAINT})
    options_model = OptionsModel(
        "dbnamelint.rules.builtin.options.templates", "ConstraintTemplateOptions"
    )
    default_enabled = False

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("ConstraintTemplateOptions", self.options)
        if (opts.skip_implicit and obj.implicit) or matches_any(obj.name, opts.exceptions):
            return
        templates = {
            ConstraintType.PRIMARY_KEY: opts.primary_key,
            ConstraintType.FOREIGN_KEY: opts.foreign_key,
            ConstraintType.UNIQUE: opts.unique,
            ConstraintType.CHECK: opts.check,
            ConstraintType.EXCLUSION: opts.exclusion,
        }
        template = templates.get(obj.constraint_type) if obj.constraint_type else None
        if template is not None:
            label = obj.constraint_type.value.replace("_", " ") if obj.constraint_type else ""
            yield from _violation(obj, template, f"{label} constraint", opts.columns_separator)
