"""Function, procedure and trigger bodies (and MySQL views) that still spell an old table name.

PostgreSQL follows views, foreign keys and policies by OID, so a rename
reaches them; a function body is text, resolved when it runs, so it keeps
reading the old name (which the compatibility view then answers, until the
cleanup drops it). MySQL and MariaDB keep a view's query with its table
names as written, and ``RENAME TABLE`` does not update it (MySQL manual,
RENAME TABLE): such a view reads the compatibility view until the cleanup
drops it, then fails (error 1356). SQLite rewrites views on ``ALTER TABLE
... RENAME`` (since 3.26). These are listed in the plan with file and line;
comments and a ``LANGUAGE x`` clause do not count as mentions, nor does a
keyword of the body's own language spelled like an old name (see
:func:`_keyword_at`): a column named ``end`` is not mentioned by ``END IF;``.

Only a statement that holds the current definition of an object in the
final model is live: a DO block ran once when its migration was applied, and
a body replaced or dropped later is not in the database any more. Those
mentions are kept apart (``Mention.live`` False) so the plan can count them
instead of listing them (Lemmy: 159 listed lines were mostly such code).

Scripts the migration tool runs again are code too, whatever they hold:
Flyway applies every repeatable ``R__*.sql`` after the versioned ones on a
fresh install and again whenever its checksum changes, and runs its SQL
callbacks (``afterMigrate.sql``, ``beforeEachMigrate__x.sql``: the ids of
Flyway's ``org.flywaydb.core.api.callback.Event``) on every command;
Liquibase re-runs a changeset marked ``runOnChange:true`` when it is edited
and ``runAlways:true`` on every update. Every statement of theirs that
spells an old name fails at that next run, once no compatibility view
answers for it: with ``rerun``, all of their statements are searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from msgspec import Struct

from dbnamelint import flyway_names
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import ObjectKind, Schema, Statement
from dbnamelint.services.migrate.body_strings import StringUse, containing, judge, literals

_FLYWAY_REPEATABLE = lazy_compile(r"^[Rr]__.+\.sql$")
_CHANGESET = lazy_compile(r"^changeset\s+\S", re.IGNORECASE)
_FLAGS = {"runonchange": "runOnChange", "runalways": "runAlways"}
_RERUN_FLAG = lazy_compile(r"(?<!\S)(runOnChange|runAlways)\s*:\s*true\b", re.IGNORECASE)


def rerun_script(path: str) -> str | None:
    """What re-runs the file at ``path`` (its name decides): ``"Flyway
    repeatable migration"`` for ``R__*.sql``, ``"Flyway callback"`` for
    ``<event>[__<description>].sql`` with a Flyway event id, else None."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if _FLYWAY_REPEATABLE.match(name):
        return "Flyway repeatable migration"
    if flyway_names.is_callback(name):
        return "Flyway callback"
    return None


def rerun_labels(statements: Iterable[Statement]) -> dict[int, str]:
    """Index in ``statements`` -> what runs that statement again: a Flyway
    repeatable migration or callback (:func:`rerun_script`), or a Liquibase
    formatted-SQL changeset whose ``-- changeset`` line says
    ``runOnChange:true`` (``"Liquibase runOnChange changeset"``) or
    ``runAlways:true``. ``statements`` in file order, as split."""
    out: dict[int, str] = {}
    by_file: dict[str, str | None] = {}
    changeset: dict[str, str | None] = {}
    for i, stmt in enumerate(statements):
        path = stmt.location.path
        if path not in by_file:
            by_file[path] = rerun_script(path)
        for comment in stmt.comments:
            if _CHANGESET.match(comment.text):
                flag = _RERUN_FLAG.search(comment.text)
                changeset[path] = (
                    None if flag is None else f"Liquibase {_FLAGS[flag.group(1).lower()]} changeset"
                )
        label = by_file[path] or changeset.get(path)
        if label:
            out[i] = label
    return out


_ROUTINE = lazy_compile(
    r"^\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*(?:CREATE\s+(?:OR\s+REPLACE\s+)?"
    r"(?:DEFINER\s*=\s*\S+\s+)?(FUNCTION|PROCEDURE|TRIGGER)|(DO)\b)",
    re.IGNORECASE | re.DOTALL,
)


_BEGIN = lazy_compile(r"\bBEGIN\b", re.IGNORECASE)
_VIEW = lazy_compile(
    r"^\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*CREATE\s+(?:OR\s+REPLACE\s+)?"
    r"(?:ALGORITHM\s*=\s*\w+\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:SQL\s+SECURITY\s+\w+\s+)?VIEW\b",
    re.IGNORECASE | re.DOTALL,
)
#: Comments, blanked to spaces of the same length (line numbers and offsets kept).
_COMMENT = lazy_compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
#: ``LANGUAGE sql`` / ``LANGUAGE plpgsql``: a routine's language, not the table language.
_LANGUAGE_CLAUSE = lazy_compile(r"\s+\w+", re.ASCII)
#: Where a routine's quoted body starts: ``AS $tag$`` or ``AS '``.
_QUOTED_BODY = lazy_compile(r"\bAS\s+(?:\$\w*\$|')", re.IGNORECASE)
#: The token before a word (whitespace skipped): a dollar quote, a word, or one character.
_BEFORE = lazy_compile(r"(\$\w*\$|[\w$]+|\S)\s*\Z", re.DOTALL)
#: The token after a word (whitespace skipped).
_AFTER = lazy_compile(r"\s*(\$\w*\$|[\w$]+|:=|<<|\S)", re.DOTALL)
#: Words after which a statement of the body starts whatever follows: nothing
#: there names a column or table (PL/pgSQL, MySQL and SQLite bodies; a word
#: there is a statement's keyword or a variable being assigned).
_OPENS_STATEMENT = frozenset({";", "begin", "declare", "atomic"})
#: Words after which a statement may start, or an expression may go on
#: (``CASE WHEN a THEN b``): only a statement keyword there is taken as one.
_MAY_OPEN_STATEMENT = frozenset(
    {"then", "else", "loop", "exception", "do", "repeat", "elsif", "elseif"}
)
#: Words that start a PL/pgSQL (PostgreSQL manual, chapter 43), MySQL
#: compound-statement or SQLite trigger statement, as ``END`` closes a block.
_STATEMENT_WORDS = frozenset(
    {
        "assert",
        "begin",
        "call",
        "case",
        "close",
        "commit",
        "continue",
        "declare",
        "delete",
        "else",
        "elseif",
        "elsif",
        "end",
        "exception",
        "execute",
        "exit",
        "fetch",
        "for",
        "foreach",
        "get",
        "if",
        "insert",
        "iterate",
        "leave",
        "loop",
        "move",
        "null",
        "open",
        "perform",
        "raise",
        "repeat",
        "replace",
        "resignal",
        "return",
        "rollback",
        "select",
        "set",
        "signal",
        "until",
        "update",
        "when",
        "while",
        "with",
    }
)
#: What ``END`` closes: ``END IF``, ``END LOOP``, ``END CASE``...
_AFTER_END = frozenset({"if", "loop", "case", "while", "repeat", "for"})


class Mention(Struct, frozen=True):
    """An old name written in a routine body: where, and in what."""

    path: str
    line: int
    what: str  # "function", "procedure", "trigger", "do block"
    old: str
    #: The statement holds the current definition of a routine, trigger or view
    #: of the final model (False: a DO block, or a body replaced or dropped later).
    live: bool = True
    #: The name is in a string the body runs, or may run, as SQL (``EXECUTE``,
    #: ``PREPARE``): found with ``strings``, never otherwise.
    dynamic: bool = False


def find_mentions(
    statements: Iterable[Statement],
    old_names: Sequence[str],
    *,
    views: bool = False,
    live: Mapping[str, Sequence[int]] | None = None,
    key: Callable[[str, bool], str] | None = None,
    reserved: frozenset[str] = frozenset(),
    bodies_only: bool = False,
    rerun: bool = False,
    routines: bool = True,
    schemas: frozenset[str] | None = None,
    strings: bool = False,
    mysql: bool = False,
) -> list[Mention]:
    """Every place a routine statement (and, with ``views``, a view) spells one
    of ``old_names`` as a whole word, outside comments and not as a keyword
    of the body (:func:`_keyword_at`; ``reserved``: the dialect's reserved
    words, lower case, which name nothing unless quoted or after a dot).

    With ``rerun``, every statement of a script the tool runs again
    (:func:`rerun_labels`) is searched too, whole (its ``what`` says which
    kind of script); such a mention is always live. ``routines=False``
    searches only those (SQLite rewrites its own bodies and views).

    ``key(name, quoted)`` is how the dialect compares names
    (:meth:`DialectProfile.key`): a word counts when it names an old name
    (as the catalog stores it) under it, so in PostgreSQL an unquoted
    ``counter`` (a local variable, folded to lower case) never names the
    table ``"Counter"``, and ``"Counter"`` does. Without ``key``, case is
    ignored. A name inside a longer identifier (``ws_configs_extra``) does
    not count; strings do, since dynamic SQL names tables in them. ``live``:
    path -> lines where an object of the final model is defined
    (:func:`live_definitions`); a mention in a statement holding none of
    them has ``live`` False. None: every mention is live. ``bodies_only``:
    only the quoted body of a function or procedure (``AS $$...$$``,
    ``AS '...'``) is read, not its signature (PostgreSQL keeps a signature's
    types by OID, so a type's new name reaches it), nor views.
    ``schemas``: the old names are relations, and these (as ``key`` stores
    them) the schemas they may be qualified with: a name qualified by
    anything else (``r."eventKey"``, an alias or a table) is a column, not
    one of them. None: qualified names count whatever the qualifier.
    ``strings``: a name inside a string literal of the body counts only as
    :func:`~dbnamelint.services.migrate.body_strings.judge` says (a message's
    is not read; an ``EXECUTE``'s is, as ``dynamic``); ``mysql``: MySQL's
    string syntax (:func:`~dbnamelint.services.migrate.body_strings.literals`).
    """
    if not old_names:
        return []
    words = "|".join(re.escape(n) for n in sorted(set(old_names), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w$])({words})(?![\w$])", re.IGNORECASE)
    stored = {key(n, True) for n in old_names} if key is not None else None
    out: list[Mention] = []
    statements = list(statements)
    labels = rerun_labels(statements) if rerun else {}
    for index, stmt in enumerate(statements):
        label = labels.get(index)
        head = _ROUTINE.match(stmt.text) if label is None and routines else None
        if label is not None:
            what = label
        elif not routines:
            continue
        elif head is not None:
            what = (head.group(1) or "do block").lower()
        elif views and not bodies_only and _VIEW.match(stmt.text):
            what = "view"
        else:
            continue
        text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), stmt.text)
        start = 0
        if what == "trigger":
            # A trigger's table (ON t) follows the rename; only a body written
            # in the statement (MySQL, SQLite: BEGIN ... END) is text.
            body = _BEGIN.search(text)
            if body is None:
                continue
            start = body.start()
        elif bodies_only and what != "do block":
            opened = _QUOTED_BODY.search(text)
            if opened is None:
                continue  # a SQL-standard body (BEGIN ATOMIC, RETURN): parsed, kept by OID
            start = opened.start()
        current = True
        if live is not None and label is None:
            first = stmt.location.line
            last = first + text.count("\n")
            lines = live.get(stmt.location.path, ())
            current = what != "do block" and any(first <= n <= last for n in lines)
        aliases = _aliases(text, start)
        spans = literals(stmt.text, _body_quote(text, what), mysql=mysql) if strings else []
        for found in pattern.finditer(text, start):
            dynamic = False
            span = containing(spans, found.start())
            if span is not None:
                use = judge(text, spans, span, found.group(1))
                if use is StringUse.DATA:
                    continue  # RAISE '... item_log ...': a message, no relation read
                dynamic = use is StringUse.DYNAMIC
            if _role_at(text, found.start(), found.end()):
                continue  # CREATE ROLE app, GRANT ... TO app, rolname = 'app': a role
            if found.group(1).lower() == "language" and _LANGUAGE_CLAUSE.match(text, found.end()):
                continue  # LANGUAGE plpgsql / LANGUAGE SQL
            quoted = text[found.start() - 1 : found.start()] in ('"', "`", "[") and (
                text[found.end() : found.end() + 1] in ('"', "`", "]")
            )
            if not quoted and _keyword_at(text, found.start(), found.end(), reserved):
                continue  # END IF; / END; / RETURN: the body's own syntax
            if (
                not quoted
                and found.group(1).lower() == "key"
                and _KEY_CONSTRAINT.search(text, max(0, found.start() - 64), found.start())
            ):
                continue  # PRIMARY KEY (id), FOREIGN KEY, UNIQUE KEY: a keyword
            if _alias_name(text, found.start(), found.end(), aliases):
                continue  # queue_name AS key, and jsonb_object_agg(key, ...) reading it
            if stored is not None and key is not None and key(found.group(1), quoted) not in stored:
                continue  # another name as the dialect folds it
            if schemas is not None and not _relation_qualifier(text, found.start(), schemas, key):
                continue  # alias."name": a column of what the alias reads
            line = stmt.location.line + text.count("\n", 0, found.start())
            out.append(Mention(stmt.location.path, line, what, found.group(1), current, dynamic))
    # A name written twice on one line is one place to edit, listed once.
    return list(dict.fromkeys(out))


def _role_at(text: str, start: int, end: int) -> bool:
    """Whether the word ``text[start:end]`` stands where PostgreSQL (and MySQL)
    take a role name, not a relation: after ``CREATE``/``ALTER``/``DROP
    ROLE|USER|GROUP [IF [NOT] EXISTS]``, ``SET ROLE``, ``AUTHORIZATION``,
    ``OWNER TO``, ``IN ROLE``, ``GRANT ... TO`` and ``REVOKE ... FROM`` lists
    (PostgreSQL manual, GRANT: "TO role_specification"; the ``ON`` part
    names the relations), or as a string compared with a catalog's role
    column (``pg_roles.rolname``, ``pg_user.usename``, ``pg_group.groname``,
    ``grantee``) or ``current_user``/``session_user``/``current_role``
    (trial s31 windmill: ``WHERE rolname = 'app'`` and ``CREATE ROLE app``
    in a DO block were listed as mentions of the table ``app``)."""
    before = text[max(0, start - 400) : start]
    if _ROLE_BEFORE.search(before):
        return True
    return bool(_ROLE_COMPARED_AFTER.match(text, end))


#: A role named here: the text before it (its opening quote aside).
_ROLE_BEFORE = lazy_compile(
    r"""(?ix)(?:
        (?<![\w$])(?:create|alter|drop)\s+(?:role|user|group)\s+(?:if\s+(?:not\s+)?exists\s+)?
      | (?<![\w$])(?:set\s+(?:session\s+|local\s+)?role|authorization|owner\s+to|in\s+role)\s+
      | (?<![\w$])grant\s[^;]*?(?<![\w$])to\s+(?:group\s+)?(?:["\w$]+\s*,\s*)*
      | (?<![\w$])revoke\s[^;]*?(?<![\w$])from\s+(?:group\s+)?(?:["\w$]+\s*,\s*)*
      | (?<![\w$])(?:rolname|usename|groname|grantee|grantor|current_user|session_user
            |current_role)\s*(?:=|<>|!=)\s*(?:any\s*\(\s*array\s*\[\s*)?(?:'[^']*'\s*,\s*)*
    )["'`]?\Z"""
)
#: A string compared with a role column after it: ``'app' = rolname``.
_ROLE_COMPARED_AFTER = lazy_compile(
    r"(?i)'\s*(?:=|<>|!=)\s*(?:\w+\.)?(?:rolname|usename|groname|grantee|grantor"
    r"|current_user|session_user|current_role)(?![\w$])"
)


def _body_quote(text: str, what: str) -> int | None:
    """Offset of the quote opening a function's, procedure's or DO block's
    own body (``AS $$``, ``AS '``, ``DO $$``) in its comment-blanked ``text``;
    None for a body written as code (MySQL's ``BEGIN ... END``, a SQL-standard
    ``BEGIN ATOMIC`` or ``RETURN``)."""
    if what == "do block":
        found = _DO_BODY.search(text)
        return None if found is None else found.start(1)
    if what not in ("function", "procedure"):
        return None
    opened = _QUOTED_BODY.search(text)
    begin = _BEGIN.search(text)
    if opened is None or (begin is not None and begin.start() < opened.start()):
        return None
    return opened.end() - len(opened.group().split()[-1])


#: A DO block's body: the first quote after ``DO`` (and its ``LANGUAGE x``).
_DO_BODY = lazy_compile(r"(?i)\bDO\b(?:\s+LANGUAGE\s+\w+)?\s+(\$\w*\$|')")


#: ``PRIMARY``, ``FOREIGN`` or ``UNIQUE`` before a word: its ``KEY`` is a constraint's keyword.
_KEY_CONSTRAINT = lazy_compile(r"(?i)\b(?:primary|foreign|unique)\s+\Z")
#: ``AS name``: an output column's or a table's alias (its name bare or quoted).
_ALIAS = lazy_compile(r'(?i)(?<![\w$])as\s+(?:"((?:[^"]|"")+)"|`([^`]+)`|([A-Za-z_][\w$]*))')
#: ``AS`` ending the text before a name (its opening quote aside).
_AS_BEFORE = lazy_compile(r'(?i)(?<![\w$])as\s+["`]?\Z')
#: ``AS`` just after a name (its closing quote aside): the name is then read, not defined.
_AS_AFTER = lazy_compile(r'(?i)["`]?\s+as(?![\w$])')
#: A dot before a name: it is qualified, so a table's column, never a bare alias.
_DOT_BEFORE = lazy_compile(r'\.\s*["`]?\Z')


def _aliases(text: str, start: int) -> frozenset[str]:
    """The names (case folded) a statement defines with ``AS`` after ``start``."""
    return frozenset(
        next(g for g in m.groups() if g is not None).casefold()
        for m in _ALIAS.finditer(text, start)
    )


def _alias_name(text: str, start: int, end: int, aliases: frozenset[str]) -> bool:
    """Whether the word ``text[start:end]`` is an alias the statement defines
    (``queue_name AS key``), or reads one unqualified (``jsonb_object_agg(key,
    val)`` over a subquery whose ``key`` is that alias): a column of no table.
    ``x AS key`` keeps its ``x``, and ``key AS key`` reads the column."""
    if _AS_BEFORE.search(text, max(0, start - 64), start):
        return True
    return (
        text[start:end].casefold() in aliases
        and not _DOT_BEFORE.search(text, max(0, start - 64), start)
        and not _AS_AFTER.match(text, end)
    )


#: ``qualifier.`` (and an opening quote) just before a name: the qualifier
#: bare or quoted with ``"``, backticks or brackets.
_QUALIFIER = lazy_compile(r'(?:"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([\w$]+))\s*\.\s*["`\[]?\Z')


def _relation_qualifier(
    text: str, start: int, schemas: frozenset[str], key: Callable[[str, bool], str] | None
) -> bool:
    """Whether the name at ``start`` is unqualified or qualified by one of
    ``schemas`` (a relation there); False after any other qualifier."""
    found = _QUALIFIER.search(text, max(0, start - 256), start)
    if found is None:
        return True
    quoted = found.group(4) is None
    qualifier = next(g for g in found.groups() if g is not None).replace('""', '"')
    stored = key(qualifier, quoted) if key is not None else qualifier.casefold()
    return stored in schemas


def _keyword_at(text: str, start: int, end: int, reserved: frozenset[str]) -> bool:
    """Whether the unquoted word ``text[start:end]`` is the body's own syntax,
    not a name: never after a dot (``NEW.end``, ``t.loop`` name a column
    whatever the word); otherwise a reserved word of the dialect (PostgreSQL's
    ``END`` of a ``CASE``: it names nothing unquoted), a word that starts a
    statement (after ``;``, ``BEGIN``, ``DECLARE`` or the body's opening
    dollar quote), a statement keyword where one may start (``THEN RETURN``,
    ``LOOP EXIT``), the word ``END`` closes (``END IF``), or a word a
    statement follows (the ``LOOP`` of ``WHILE x LOOP RAISE ...`` or of
    ``LOOP n := n + 1;``, a ``<<label>>``).
    """
    word = text[start:end].lower()
    before = _BEFORE.search(text, max(0, start - 256), start)
    prev = before.group(1).lower() if before is not None else ""
    if prev == ".":
        return False
    if word in reserved:
        return True
    if prev in _OPENS_STATEMENT or (prev.startswith("$") and prev.endswith("$")):
        return True
    if prev in _MAY_OPEN_STATEMENT and word in _STATEMENT_WORDS:
        return True
    if prev == "end" and word in _AFTER_END:
        return True
    if word not in _MAY_OPEN_STATEMENT:
        return False
    after = _AFTER.match(text, end)
    if after is None:
        return False
    following = after.group(1).lower()
    if following in _STATEMENT_WORDS or following == "<<":
        return True
    # an assignment starts the next statement: LOOP n := n + 1;
    second = _AFTER.match(text, after.end())
    return second is not None and second.group(1) == ":="


#: Kinds whose definition statement may hold a body or a query naming tables.
_DEFINED = frozenset(
    {ObjectKind.FUNCTION, ObjectKind.TRIGGER, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW}
)


def live_definitions(schema: Schema) -> dict[str, list[int]]:
    """Path -> lines where a routine, trigger or view of the final model is defined.

    The model keeps each object's latest definition (a ``CREATE OR REPLACE``
    moves it; a ``DROP`` removes it), so these are the statements whose
    text is in the database after every migration ran.
    """
    out: dict[str, list[int]] = {}
    for obj in schema.objects:
        if obj.kind in _DEFINED:
            out.setdefault(obj.location.path, []).append(obj.location.line)
    return out


def view_readers(
    schema: Schema,
    statements: Iterable[Statement],
    views: Sequence[str],
    *,
    family: str,
    key: Callable[[str, bool], str] | None = None,
    reserved: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Live routine bodies (and, in MySQL, views) that read one of ``views``,
    the compatibility views a cleanup drops: dropping a view breaks them;
    and every statement of a script the tool runs again (Flyway ``R__`` and
    callbacks, Liquibase ``runOnChange``/``runAlways``: :func:`rerun_labels`)
    that names one, in every family, since its file is executed again as
    written.

    PostgreSQL resolves a function body's names when it runs, and MySQL keeps
    trigger, routine and view text as written, so a body still spelling the
    old name reads the view until the cleanup drops it (PostgreSQL: "relation
    ... does not exist" at the next call). SQLite rewrites trigger bodies and
    views on ``ALTER TABLE ... RENAME`` (SQLite manual, ALTER TABLE, since
    3.26), so its files' text is not what the database holds: not searched.
    ``family`` is a :class:`~dbnamelint.dialects.Family` value; ``key`` and
    ``reserved`` as in :func:`find_mentions`. A compatibility view's own definition does not count.
    A name inside a string literal counts only where the string is run as
    SQL (``EXECUTE``, ``PREPARE``: ``dynamic``) or is the name alone
    (``'item_log'::regclass``); a message's (``RAISE``, ``SIGNAL``,
    ``ASSERT``, ``COMMENT ON``) or other data's does not
    (:mod:`~dbnamelint.services.migrate.body_strings`).
    """
    if not views:
        return []
    own = {
        (o.location.path, o.location.line)
        for o in schema.objects
        if o.kind is ObjectKind.VIEW and o.compatibility_view_for
    }
    schemas: frozenset[str] | None = None
    if family == "postgres":
        # A relation is qualified by its schema; PostgreSQL's default one is
        # public. MySQL's qualifier may be any database: not judged there.
        named = {o.schema for o in schema.objects if o.schema} | {"public"}
        named |= {o.name for o in schema.objects if o.kind is ObjectKind.SCHEMA}
        schemas = frozenset(key(n, True) if key is not None else n.casefold() for n in named)
    found = find_mentions(
        statements,
        views,
        views=family == "mysql",
        live=live_definitions(schema),
        key=key,
        reserved=reserved,
        rerun=True,
        routines=family != "sqlite",
        schemas=schemas,
        # A message (RAISE '... item_log ...') reads nothing; an EXECUTE'd string does.
        strings=True,
        mysql=family == "mysql",
    )
    return [m for m in found if m.live and (m.path, m.line) not in own]
