"""Identifier case: one rule per kind family, sharing one check.

Separate codes per family let a team demand snake_case tables while keeping
an ORM's camelCase columns (Prisma maps models, not fields), or silence one
family while the others stay strict.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import DialectProfile, Folding
from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation
from dbnamelint.rules.builtin._common import (
    is_compatibility_view,
    kind_label,
    on_compatibility_view,
    quoting_word,
)
from dbnamelint.rules.naming import CaseStyle, convert, matches_any, matches_style
from dbnamelint.rules.stored import profile_of, stored_words

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.case import CaseOptions

# Read once, not per name judged: on Python 3.11 reading ``Folding.UPPER`` goes
# through ``EnumType.__getattr__``'s slow path (about five times a global's
# cost; 3.12 removed it).
_UPPER = Folding.UPPER


class _CaseRule(Rule):
    options_model = OptionsModel("dbnamelint.rules.builtin.options.case", "CaseOptions")
    fix_order = 0
    # Given the name as written: the stored name is judged (folded here), and
    # with ``judge: written`` the words the author's capitals started too.
    judges_source_spelling = True

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("CaseOptions", self.options)
        profile = profile_of(obj, ctx)
        stored = profile.fold(obj.name, obj.quoted)
        if (opts.skip_implicit and obj.implicit) or matches_any(stored, opts.exceptions):
            return
        if opts.skip_compatibility_views and is_compatibility_view(obj):
            return
        name = stored
        if not obj.quoted and profile.folding is _UPPER:
            # Oracle/Snowflake upper-case every unquoted name: its case is the
            # database's, not the author's, so only its words are judged.
            name = name.upper() if opts.style is CaseStyle.UPPER_SNAKE else name.lower()
        if not matches_style(name, opts.style):
            if opts.skip_compatibility_views and on_compatibility_view(obj, ctx):
                return  # migrate's INSTEAD OF trigger of a SQLite compatibility view
            suggestion = convert(stored, opts.style)
            quoted = f"{quoting_word(obj)} " if obj.quoted else ""
            yield Violation(
                f"{quoted}{kind_label(obj)} name {stored!r} is not {opts.style.value}",
                suggestion if suggestion and suggestion != stored else None,
            )
        elif (
            obj.quoted
            and not opts.allow_quoted_lowercase
            and stored == stored.lower()
            # a name read from code is quoted by its tool, not by its author
            # (Laravel's Schema::create('users')): nothing to take off
            and quoting_word(obj) == "quoted"
        ):
            yield Violation(f"{kind_label(obj)} name {stored!r} is quoted without need", stored)
        elif stored != obj.name and opts.judge == "written" and opts.style in _SEPARATED:
            yield from _hidden_words(obj, stored, profile, opts.style)

    def check_literal(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        """The style judged on the name with each placeholder's run read as a
        word of the style (``x`` in snake_case, ``X`` starting a word of
        camelCase or PascalCase): ``{{.prefix}}BadTable`` is not snake_case
        whatever the prefix is, ``{{.prefix}}blocks`` may be. No fix: the
        placeholder's text is unknown. Quoting is not judged (the rendered
        name may need quotes)."""
        opts = cast("CaseOptions", self.options)
        if (opts.skip_implicit and obj.implicit) or matches_any(obj.name, opts.exceptions):
            return
        stand_in = _PLACEHOLDER_RUN.sub(lambda m: _stand_in(opts.style, m.start() == 0), obj.name)
        if not matches_style(stand_in, opts.style):
            yield Violation(
                f"{kind_label(obj)} name {obj.name!r} is not {opts.style.value} (its template "
                "placeholder, the run of underscores, aside)",
                None,
            )


#: Styles that set words apart with ``_``: a folded name can keep its words in them.
_SEPARATED = frozenset({CaseStyle.SNAKE_CASE, CaseStyle.LOWER_SNAKE, CaseStyle.UPPER_SNAKE})


def _hidden_words(
    obj: SchemaObject, stored: str, profile: DialectProfile, style: CaseStyle
) -> Iterator[Violation]:
    """An unquoted ``apiTokens`` that PostgreSQL stores as ``apitokens``: the
    stored name passes snake_case, but the capitals that started its words
    are folded away with the boundary they marked (the standard is about the
    name as written: no camelCase, no PascalCase). The fix keeps the words,
    in the stored case (``api_tokens``; Oracle ``API_TOKENS``). A name whose
    capitals start no word (``USERS``, ``Accounts``, ``CREATED_AT``) folds to
    the same words and is left to DBN506, which judges spelling alone."""
    words = stored_words(obj.name, obj.quoted, profile)
    if words == stored:
        return
    written = obj.name
    if "_" in written:
        spelled = "mixed case"
    else:
        spelled = "PascalCase" if written[:1].isupper() else "camelCase"
    yield Violation(
        f"unquoted {kind_label(obj)} name {written!r} is {spelled}: the database folds it to "
        f"{stored!r}, which hides its words; {style.value} spells them {words!r}",
        words,
        hidden_words=True,
    )


#: What a template placeholder leaves in a name (:func:`dbnamelint.migration_text.prepare_text`).
_PLACEHOLDER_RUN = lazy_compile(r"_{4,}")


def _stand_in(style: CaseStyle, first: bool) -> str:
    """A word of ``style`` standing for a placeholder's text."""
    if style is CaseStyle.UPPER_SNAKE or (style is CaseStyle.PASCAL_CASE and first):
        return "X"
    if style in (CaseStyle.CAMEL_CASE, CaseStyle.PASCAL_CASE) and not first:
        return "X"
    return "x"


class TableNameCase(_CaseRule):
    """Table names must be spelled in one case style (snake_case by default).

    ## What it does
    Flags table names that are not spelled in the configured style, such as
    PascalCase `AssistantChatSession` or quoted `"User"`, and suggests the
    name respelled (`assistant_chat_session`). Where the database folds
    unquoted names (PostgreSQL, Oracle), an unquoted `apiTokens` is stored
    `apitokens`: it is judged as written (`judge: written`, the default),
    since the fold hides the word its capital started, and gets
    `api_tokens`; `USERS` or `Accounts`, whose capitals start no word, pass.

    ## Why is this bad?
    Mixed styles force every query to remember which tables need quotes; in
    PostgreSQL an unquoted `User` is folded to `user`, so a quoted PascalCase
    table can only ever be reached with quotes.

    ## Example
    ```sql
    CREATE TABLE "AssistantChatSession" (id text PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE assistant_chat_session (id text PRIMARY KEY);
    ```

    ## Options
    `style` (snake_case, lower_snake, camelCase, PascalCase, UPPER_SNAKE),
    `allow_quoted_lowercase` (false: a lower-case name written in quotes is
    flagged; not a name read from code, which its tool quotes),
    `exceptions` (globs), `skip_implicit`,
    `skip_compatibility_views`, `judge` (`written`: also the words of an
    unquoted name the database folds; `catalog`: the stored name alone).
    """

    code = "DBN101"
    name = "table-name-wrong-case"
    kinds = frozenset({ObjectKind.TABLE})


class ColumnNameCase(_CaseRule):
    """Column names must be spelled in one case style (snake_case by default).

    ## What it does
    Flags column names that are not in the configured style (`userId`,
    `FirstName`) and suggests the respelled name (`user_id`); in PostgreSQL
    an unquoted `userId`, stored `userid`, too (see DBN101's `judge`).

    ## Why is this bad?
    A camelCase column in PostgreSQL must be quoted in every query, and one
    forgotten quote silently reads `userid`, which does not exist.

    ## Example
    ```sql
    CREATE TABLE users (id bigint, "userId" bigint);
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id bigint, user_id bigint);
    ```

    ## Options
    Same as DBN101: `style`, `allow_quoted_lowercase`, `exceptions`,
    `skip_implicit`, `skip_compatibility_views`, `judge`.
    """

    code = "DBN201"
    name = "column-name-wrong-case"
    kinds = frozenset({ObjectKind.COLUMN})


class IndexNameCase(_CaseRule):
    """Index names must be spelled in one case style (snake_case by default).

    ## What it does
    Flags explicitly named indexes such as `IFK_AlbumArtistId` and suggests
    `ifk_album_artist_id`. Names the dialect chose are skipped.

    ## Why is this bad?
    Index names show up in plans, error messages and migrations; a second
    spelling convention there makes them harder to grep and to drop.

    ## Example
    ```sql
    CREATE INDEX "IFK_AlbumArtistId" ON album (artist_id);
    ```

    ## Use instead
    ```sql
    CREATE INDEX ifk_album_artist_id ON album (artist_id);
    ```

    ## Options
    Same as DBN101.
    """

    code = "DBN301"
    name = "index-name-wrong-case"
    kinds = frozenset({ObjectKind.INDEX})


class ConstraintNameCase(_CaseRule):
    """Constraint names must be spelled in one case style (snake_case by default).

    ## What it does
    Flags explicitly named constraints such as `PK_Album` or Prisma's
    `User_pkey` and suggests `pk_album` / `user_pkey`.

    ## Why is this bad?
    Constraint names appear in violation errors that applications parse; a
    mixed-case name must be quoted in every `ALTER TABLE ... DROP CONSTRAINT`.

    ## Example
    ```sql
    ALTER TABLE album ADD CONSTRAINT "PK_Album" PRIMARY KEY (album_id);
    ```

    ## Use instead
    ```sql
    ALTER TABLE album ADD CONSTRAINT pk_album PRIMARY KEY (album_id);
    ```

    ## Options
    Same as DBN101.
    """

    code = "DBN401"
    name = "constraint-name-wrong-case"
    kinds = frozenset({ObjectKind.CONSTRAINT})


class ObjectNameCase(_CaseRule):
    """Views, sequences, types, domains, triggers, policies, functions, schemas: one case style.

    ## What it does
    Flags names of the remaining object kinds that are not in the configured
    style. Compatibility views (kept under a legacy name while code moves to
    the renamed table), and the INSTEAD OF triggers ``migrate`` gives them on
    SQLite (``apiKey_insert``), are skipped by default. Row-level security
    policies are judged too (trial s34 ente: ``CREATE POLICY "BadPolicy"``
    passed the gate): a name written as free text (``"Users can read own
    rows"``) is not snake_case.

    ## Why is this bad?
    A view or function spelled differently from the tables it wraps is one
    more convention readers must learn, and needs quoting in PostgreSQL.

    ## Example
    ```sql
    CREATE VIEW "ActiveUsers" AS SELECT * FROM users WHERE active;
    ```

    ## Use instead
    ```sql
    CREATE VIEW active_users AS SELECT * FROM users WHERE active;
    ```

    ## Options
    Same as DBN101.
    """

    code = "DBN505"
    name = "object-name-wrong-case"
    kinds = frozenset(
        {
            ObjectKind.VIEW,
            ObjectKind.MATERIALIZED_VIEW,
            ObjectKind.SEQUENCE,
            ObjectKind.TYPE,
            ObjectKind.DOMAIN,
            ObjectKind.TRIGGER,
            ObjectKind.POLICY,
            ObjectKind.FUNCTION,
            ObjectKind.SCHEMA,
        }
    )
