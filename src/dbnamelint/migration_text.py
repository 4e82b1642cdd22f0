"""What migration tools write around the SQL: rollback sections and placeholders.

Runs on a file's decoded text before splitting and never moves a character,
so every later location stays exact:

* **Rollback sections** of one-file migrations are blanked (spaces, newlines
  kept): goose ``-- +goose Up`` / ``-- +goose Down``, sql-migrate
  ``-- +migrate Up`` / ``-- +migrate Down``, dbmate ``-- migrate:up`` /
  ``-- migrate:down``. A forward replay never applies a Down section, and
  replaying it would drop what the Up section created. (Liquibase's
  ``--rollback`` lines are comments already.)
* **Liquibase changesets for another database** (``-- changeset a:1
  dbms:mysql`` in a file read as PostgreSQL) are blanked, with a located
  ``DBN007`` info note each: Liquibase never runs them on this database.
* **Template placeholders** (Flyway/Liquibase ``${name}``, Jinja/dbt/Go
  templates ``{{ name }}``, MyBatis ``#{name}``, SQLCMD ``$(name)``, Synapse
  ``$%NAME%$``, osTicket-style ``%NAME%`` and ``%%NAME%%`` next to a name,
  as in ``%TABLE_PREFIX%api_keys``) are
  replaced by a run of underscores of the same length: a placeholder costs
  only the name it stands for. :func:`is_placeholder` recognises such a run;
  a schema written as one is unknown, and an object named by one, or by a
  name it starts or ends (:func:`has_placeholder`), is not checked. Jinja
  statements ``{% ... %}`` and comments ``{# ... #}``, and Go templates'
  actions (``{{if ...}}``, ``{{end}}``, ``{{/* ... */}}``) are blanked. Each
  placeholder gets an info note (:data:`PLACEHOLDER_CODE`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from msgspec.structs import replace

from dbnamelint.conflicts import drop_conflict_sides
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_scanning import blank
from dbnamelint.liamstask_goose import goose_readings_differ, read_as_liamstask
from dbnamelint.model import Diagnostic, Event, Location, Severity
from dbnamelint.positions import LineIndex
from dbnamelint.sql_migrate import is_sql_migrate, read_as_sql_migrate
from dbnamelint.template_branches import chosen_branches
from dbnamelint.template_constants import render_constant_actions

PLACEHOLDER_CODE = "DBN006"

#: sql-migrate "+migrate Up", dbmate "migrate:up": (tool, direction). goose's
#: markers are read by :func:`goose_annotation`. Starts with the literal
#: ``--`` so the regex engine scans for it quickly (a ``^``-anchored
#: multi-line pattern tried every position: 20 ms on a 1.7 MB dump);
#: :func:`_markers` checks that only blanks precede it. dbmate matches
#: ``migrate:up`` as written (its ``upRegExp``, case-sensitive).
_SECTION = lazy_compile(r"--[ \t]*(?:\+migrate[ \t]+((?i:up|down))|migrate:(up|down))\b")
#: A line holding ``+goose``: goose looks at those only (case-sensitive).
_GOOSE_LINE = lazy_compile(r"^[^\n]*\+goose[^\n]*", re.MULTILINE)
#: goose's annotations (pressly/goose ``internal/sqlparser/parser.go``).
_GOOSE_ANNOTATIONS = (
    "up",
    "down",
    "statementbegin",
    "statementend",
    "no transaction",
    "envsub on",
    "envsub off",
)


def goose_annotation(line: str) -> str | None:
    """What pressly's goose takes ``line`` (no line break) for: an annotation,
    lower case (``up``, ``down``, ``statementbegin``...), ``refused`` for a
    line it refuses the file on, or None for an ordinary line. Ported from
    goose's ``internal/sqlparser/parser.go``: a line is an annotation when,
    trimmed, it starts with ``--`` and it holds ``+goose`` exactly so, lower
    case (``-- +GOOSE DOWN`` is a comment: what follows it still runs going
    up, trial s28 openfga); every ``--`` and the first ``+goose`` taken out,
    the rest trimmed must equal an annotation ignoring case (``extractAnnotation``),
    so ``---- +goose Down`` is one; leading blanks, a second ``+goose`` or
    another word (``Down;``) make goose refuse the file."""
    if "+goose" not in line or not line.strip().startswith("--"):
        return None
    if line[:1] in (" ", "\t"):
        return "refused"
    cmd = line.replace("--", "").replace("+goose", "", 1)
    if "+goose" in cmd:
        return "refused"
    cmd = cmd.strip().casefold()
    return cmd if cmd in _GOOSE_ANNOTATIONS else "refused"


def goose_refusals(text: str, path: str) -> list[Diagnostic]:
    """A ``DBN000`` warning at each line pressly's goose refuses the file on
    (:func:`goose_annotation`: an indented annotation, ``-- +goose Down;``,
    ``-- +goose Down -- rollback``): goose applies none of the file, while
    dbnamelint reads its sections as the line means them."""
    if "+goose" not in text:
        return []
    out: list[Diagnostic] = []
    for match in _GOOSE_LINE.finditer(text):
        line = match.group().rstrip("\r")
        if goose_annotation(line) != "refused":
            continue
        why = (
            "it has leading whitespace"
            if line[:1] in (" ", "\t")
            else "what follows '+goose' is no annotation goose knows (Up, Down, "
            "StatementBegin, StatementEnd, NO TRANSACTION, ENVSUB ON, ENVSUB OFF)"
        )
        out.append(
            Diagnostic(
                Location(path, text.count("\n", 0, match.start()) + 1, 1),
                Severity.WARNING,
                f"goose refuses this file at this annotation: {why} (pressly/goose "
                "internal/sqlparser extractAnnotation), so it applies none of it; read here "
                "as the line means it",
                "DBN000",
            )
        )
    return out


#: The word a refused goose marker line still says (``-- +goose Down;``),
#: read as its direction: goose refuses the file, so it runs nothing, and
#: its sections are read as meant.
_GOOSE_MEANT = lazy_compile(r"\+goose[ \t]+(up|down)\b", re.IGNORECASE)

#: ``${x}``, ``{{ x }}``, ``#{x}``, ``$(x)``, ``$%X%$``: stand for a name or a value.
_NAME_PLACEHOLDER = lazy_compile(
    r"\$\{[^{}\n]{1,200}\}|\{\{[^{}\n]{1,200}\}\}|#\{[^{}\n]{1,200}\}|\$\([A-Za-z_]\w{0,100}\)"
    r"|\$%[A-Za-z_]\w{0,100}%\$"
)
#: A placeholder written as a schema qualifier: ``{{ ns }}.`` right before a name.
_SCHEMA_PLACEHOLDER = lazy_compile(rf"({_NAME_PLACEHOLDER.pattern})[ \t]*\.[ \t]*\Z")
#: How far before a name a schema placeholder may start (its longest form).
_SCHEMA_REACH = 220
#: A block comment written against a name where a schema qualifier goes:
#: river's ``/* TEMPLATE: schema */river_job``, which its migrator replaces
#: with ``"myschema".`` (rivershared/sqlctemplate) or nothing. The comment
#: is the whole prefix, its separator included.
_COMMENT_PREFIX = lazy_compile(r"(/\*[^*\n]{1,200}\*/)\Z")
#: Whether a file has any: a comment's end right against a name.
_COMMENT_AGAINST_NAME = lazy_compile(r"\*/[\w\"`\[]")
#: ``%XY%`` / ``%%XY%%`` (two or more upper-case letters, digits, underscores:
#: osTicket's ``%TABLE_PREFIX%``) only where a name goes on: not right after a
#: string's opening quote, followed by a name character, a quote closing the
#: name, or a dot; so ``LIKE '%ABC%'`` and ``DATE_FORMAT(d, '%Y%m')`` are none.
#: A pattern of its own, starting with a literal ``%``: MySQL dumps are full of
#: ``'%'`` (``DEFINER=`root`@`%```) and scanning them must stay cheap.
_PERCENT_PLACEHOLDER = lazy_compile(
    # The look-behind comes after the first "%" so the scan looks for a literal.
    r"%(?<![\w%$']%)(%?)[A-Z][A-Z0-9_]{1,100}%\1(?=[A-Za-z0-9_`\"\].])"
)
#: Jinja statements and comments, and Go templates' actions and comments
#: (``{{if .postgres}}``, ``{{else}}``, ``{{end}}``, ``{{range}}``,
#: ``{{/* x */}}``: text/template's control structures): stand for nothing in
#: the DDL. Blanked, not replaced by a name: ``(id int, {{if .pg}}a int,{{end}}
#: "B" int)`` is both branches' columns, never a column ``____a``.
_TEMPLATE_TAG = lazy_compile(
    r"\{%.*?%\}|\{#.*?#\}"
    r"|\{\{-?\s*(?:/\*.*?\*/|(?:if|else|end|range|with|define|template|block|break|continue)\b"
    r"[^{}]*?)\s*-?\}\}",
    re.DOTALL,
)

#: What :data:`_NAME_PLACEHOLDER` and :data:`_TEMPLATE_TAG` matches start with.
_OPENERS = ("{{", "{%", "{#", "${", "#{", "$(", "$%")

#: Shortest placeholder (``$(x)``, ``${x}``) -> shortest underscore run.
_MIN_RUN = 4
_RUN = lazy_compile(rf"_{{{_MIN_RUN},}}")


def is_placeholder(name: str) -> bool:
    """Whether ``name`` is what :func:`prepare_text` left of a placeholder."""
    # the first character first: every name read is asked, almost none is one
    return len(name) >= _MIN_RUN and name[0] == "_" and _RUN.fullmatch(name) is not None


#: A name a placeholder starts or ends (``%TABLE_PREFIX%api_keys``).
_EDGE_RUN = lazy_compile(rf"^_{{{_MIN_RUN},}}|_{{{_MIN_RUN},}}$")


def has_placeholder(name: str) -> bool:
    """Whether a placeholder left by :func:`prepare_text` starts or ends ``name``
    (or is all of it): the name the database gets is unknown, so not judged."""
    return _EDGE_RUN.search(name) is not None


def holds_placeholder(name: str) -> bool:
    """Whether a run a placeholder may have left stands anywhere in ``name``
    (``idx______________jobs_______cv`` of ``idx_{{$.Prefix}}_jobs_{{.}}_cv``):
    in a file that has placeholders, the name the database gets is unknown."""
    return "____" in name and _RUN.search(name) is not None


def masked(text: str) -> str:
    """``text`` with each placeholder (``{{.prefix}}``, ``${name}``, ``%PREFIX%``)
    replaced by the run of underscores :func:`prepare_text` leaves for it:
    a name the user writes as the files do (``--rename '{{.prefix}}boards=...'``)
    then names what the reader holds."""
    if not _has_opener(text) and "%" not in text:
        return text
    text = _NAME_PLACEHOLDER.sub(lambda m: "_" * len(m.group()), text)
    return _PERCENT_PLACEHOLDER.sub(lambda m: "_" * len(m.group()), text)


def _markers(text: str) -> list[tuple[int, int, str]]:
    """Section markers on lines of their own: (line start, line end, "up"/"down")."""
    found: list[tuple[int, int, str]] = []
    if "+goose" in text:
        for match in _GOOSE_LINE.finditer(text):
            line = match.group().rstrip("\r")
            taken = goose_annotation(line)
            if taken == "refused":
                meant = _GOOSE_MEANT.search(line)
                taken = meant.group(1).lower() if meant is not None else None
            if taken in ("up", "down"):
                found.append((match.start(), match.end(), taken))
    if "migrate" in text:
        for match in _SECTION.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            if text[line_start : match.start()].strip(" \t"):
                continue
            line_end = text.find("\n", match.end())
            direction = (match.group(1) or match.group(2)).lower()
            found.append((line_start, len(text) if line_end < 0 else line_end, direction))
        found.sort()
    return found


def drop_rollback_sections(text: str) -> str:
    """``text`` with goose/sql-migrate/dbmate Down sections blanked.

    A section runs from its marker to the next marker or the end of the
    file; files without markers come back unchanged. A sql-migrate file is
    what sql-migrate runs going up (:func:`~dbnamelint.sql_migrate.read_as_sql_migrate`:
    only its exact ``-- +migrate Down`` opens a rollback).
    """
    if "+goose" not in text and is_sql_migrate(text):
        return read_as_sql_migrate(text, "")[0]
    markers = _markers(text)
    if not markers:
        return text
    pieces: list[str] = []
    pos = 0
    for i, (_start, line_end, direction) in enumerate(markers):
        end = markers[i + 1][0] if i + 1 < len(markers) else len(text)
        if direction == "down":
            pieces.append(text[pos:line_end])
            pieces.append(blank(text[line_end:end]))
            pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


#: Placeholders whose text a tool fills in per database engine, as that tool
#: does (Synapse, synapse/storage/engines/{postgres,sqlite}.py: ``BIGINT PRIMARY
#: KEY GENERATED ALWAYS AS IDENTITY`` / ``INTEGER PRIMARY KEY AUTOINCREMENT``),
#: spelled to fit the placeholder's length with the same names: ``bigserial``
#: makes the same owned ``<table>_<column>_seq`` an identity column does.
_ENGINE_TEXT = {
    "$%AUTO_INCREMENT_PRIMARY_KEY%$": {
        "postgres": "bigserial PRIMARY KEY",
        "sqlite": "integer PRIMARY KEY",
    },
}


#: zgo.at/zdb's template functions (its ``tpl.go`` ``tplFuncs``), called in an
#: action with literal arguments: ``{{auto_increment}}``, ``{{psql `...`}}``
#: (a raw string may span lines), ``{{check_timestamp "created_at"}}``. Group
#: ``lead``: the blanks before the action, which engine text may take up.
_ZDB_ACTION = lazy_compile(
    r"(?P<lead>[ \t]*)\{\{-?[ \t]*(?P<fn>psql|sqlite|maria|mysql|auto_increment|jsonb|json|blob"
    r"|check_timestamp|check_date|cluster|replica)\b"
    r"(?P<args>(?:[ \t]+(?:`[^`]*`|\"(?:[^\"\\\n]|\\.)*\"|[\w.]+))*)[ \t]*-?\}\}"
)
#: One argument of a :data:`_ZDB_ACTION`: a raw string, a string, a word.
_ZDB_ARG = lazy_compile(r"`(?P<raw>[^`]*)`|\"(?P<str>(?:[^\"\\\n]|\\.)*)\"|(?P<word>[\w.]+)")
#: zdb's name of a database family (``{{psql}}``, ``{{sqlite}}``, ``{{maria}}``).
_ZDB_FAMILY = {"postgres": "psql", "sqlite": "sqlite", "mysql": "maria"}
#: What a zdb column-type function writes, per family, spelled short enough to
#: fit in its action (zdb pads its own with blanks) with the same names:
#: ``serial primary key`` makes the ``<table>_<column>_seq`` and ``<table>_pkey``
#: zdb's ``serial         primary key`` does; ``integer primary key`` is
#: SQLite's rowid alias (no autoindex) as zdb's ``integer primary key
#: autoincrement`` is; ``auto_increment`` changes no name on MariaDB.
_ZDB_TEXT: dict[tuple[str, bool], dict[str, str]] = {
    ("auto_increment", False): {
        "psql": "serial primary key",
        "sqlite": "integer primary key",
        "maria": "integer primary key",
    },
    ("auto_increment", True): {
        "psql": "bigserial primary key",
        "sqlite": "integer primary key",
        "maria": "bigint primary key",
    },
    ("json", False): {"psql": "jsonb", "sqlite": "varchar", "maria": "json"},
    ("blob", False): {"psql": "bytea", "sqlite": "blob", "maria": "blob"},
}
#: Shorter texts for an action with no room for the one above: the same key,
#: but SQLite gives an ``int`` primary key an index (``sqlite_autoindex_*``).
_ZDB_SHORT = {"integer primary key": "int primary key"}


#: Quoted text and comments, for telling a placeholder in a comment from one
#: in the statement: strings, quoted names and ``$tag$`` bodies are matched
#: whole so a ``--`` inside them starts nothing (group ``c``: a comment).
_QUOTED_OR_COMMENT = lazy_compile(
    r"'[^']*'|\"[^\"]*\"|\$(\w*)\$.*?\$\1\$|(?P<c>--[^\n]*|/\*.*?(?:\*/|\Z))", re.DOTALL
)
#: MySQL's: backslash escapes in strings, backquoted names, ``--`` only before
#: a blank, and ``#`` starts a line comment too (not ``#{x}``, MyBatis').
_QUOTED_OR_COMMENT_MYSQL = lazy_compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`"
    r"|(?P<c>--(?=\s|\Z)[^\n]*|#(?!\{)[^\n]*|/\*.*?(?:\*/|\Z))",
    re.DOTALL,
)


def _comment_spans(text: str, dialect: str | None) -> list[tuple[int, int]]:
    """(start, end) of each SQL comment of ``text``, in order."""
    from dbnamelint.dialects import Family, profile_for

    mysql = dialect is not None and profile_for(dialect).family is Family.MYSQL
    pattern = _QUOTED_OR_COMMENT_MYSQL if mysql else _QUOTED_OR_COMMENT
    return [m.span() for m in pattern.finditer(text) if m.group("c") is not None]


def _has_opener(text: str) -> bool:
    """Whether ``text`` holds one of :data:`_OPENERS`.

    A regex scan of a large dump costs more than substring tests, and seven
    two-character tests cost more than finding each ``{`` and ``$`` (one-character
    searches are ``memchr``): a plain ``{`` (PostgreSQL's array literal ``'{}'``)
    or ``$`` (dollar quoting) is common, an opener rare. Where either character is
    dense, the substring tests take over.
    """
    for char, before, after in (("{", "$#", "{%#"), ("$", "", "(%")):
        at = text.find(char)
        seen = 0
        while at >= 0:
            seen += 1
            if seen > _DENSE:
                return any(opener in text for opener in _OPENERS)
            follows = text[at + 1 : at + 2]
            if (at and text[at - 1] in before) or (follows and follows in after):
                return True
            at = text.find(char, at + 1)
    return False


#: Occurrences of ``{`` or ``$`` past which :func:`_has_opener` scans for whole openers.
_DENSE = 2048


#: What a placeholder note says of a name a statement makes that is all
#: placeholder: the gate refuses such a new statement (:func:`made_by_placeholder`).
MADE_UNKNOWN = "this statement makes is unknown"
#: The text before a placeholder that is all of the name a DDL statement
#: makes (a qualifier may precede it, a quote open it).
_MADE_BEFORE = lazy_compile(
    r"(?:\bCREATE\s+(?:OR\s+REPLACE\s+)?"
    r"(?:(?:UNIQUE|TEMP|TEMPORARY|VIRTUAL|MATERIALIZED|GLOBAL|LOCAL)\s+)*"
    r"(?P<kind>TABLE|INDEX|VIEW|TRIGGER|SEQUENCE|TYPE|DOMAIN)(?:\s+CONCURRENTLY)?"
    r"(?:\s+IF\s+NOT\s+EXISTS)?"
    r"|\bRENAME\s+(?:(?P<renamed>COLUMN|CONSTRAINT|INDEX)\s+)?(?:[\w\"`\[\]]+\s+)?TO"
    r"|\bADD(?:\s+(?P<added>COLUMN|CONSTRAINT))?(?:\s+IF\s+NOT\s+EXISTS)?)"
    r"\s+(?:[\w\"`\[\]]+\.)?[\"`\[]?\Z",
    re.IGNORECASE,
)


def made_by_placeholder(text: str, start: int, end: int) -> str | None:
    """The kind of object (``table``, ``column``...) whose whole name the
    placeholder at ``text[start:end]`` is, in a statement creating, adding or
    renaming to it (``CREATE TABLE ${t}``, ``ADD COLUMN {{.c}}``, ``RENAME TO
    ${t}``); None for a qualifier (``${schema}.t``), part of a name
    (``${prefix}users``, judged for the rest) or any other place. goose's
    ``ENVSUB`` fills ``${t}`` from the environment: no rule reads the name
    (trial s40 navidrome G2)."""
    after = text[end : end + 1]
    if after and (after.isalnum() or after in "_.$"):
        return None
    found = _MADE_BEFORE.search(text, max(0, start - 200), start)
    if found is None:
        return _column_definition(text, start)
    kind = found.group("kind") or found.group("renamed") or found.group("added")
    if kind is None:
        return "column" if found.group().lstrip()[:3].upper() == "ADD" else "object"
    return kind.lower()


#: A CREATE TABLE statement's head, up to its column list's ``(``.
_CREATE_TABLE_HEAD = lazy_compile(
    r"(?:\s|--[^\n]*|/\*.*?\*/)*CREATE\s+(?:(?:TEMP|TEMPORARY|GLOBAL|LOCAL|UNLOGGED|VIRTUAL)\s+)*TABLE\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?[^(;]*\(",
    re.IGNORECASE | re.DOTALL,
)
#: A column or table constraint's name: ``CONSTRAINT`` right before it.
_CONSTRAINT_BEFORE = lazy_compile(r"\bCONSTRAINT\s+[\"`\[]?\Z", re.IGNORECASE)


def _column_definition(text: str, start: int) -> str | None:
    """``column`` when ``start`` opens an entry of a CREATE TABLE's column
    list (right after its ``(`` or a ``,`` at its depth), ``constraint`` when
    ``CONSTRAINT`` names one there with it, else None."""
    begin = text.rfind(";", max(0, start - 20000), start) + 1
    head = _CREATE_TABLE_HEAD.match(text, begin, start)
    if head is None:
        return None
    if _CONSTRAINT_BEFORE.search(text, head.end(), start):
        return "constraint"
    depth = 1
    for char in text[head.end() : start]:
        depth += (char == "(") - (char == ")")
    before = text[head.end() - 1 : start].rstrip().rstrip('"`[')
    return "column" if depth == 1 and before.rstrip()[-1:] in ("(", ",") else None


def replace_placeholders(
    text: str, path: str, dialect: str | None = None
) -> tuple[str, list[Diagnostic]]:
    """``text`` with template placeholders made neutral, and a note for each.

    A placeholder whose engine text is known (:data:`_ENGINE_TEXT`) becomes
    that text for ``dialect``'s family, padded with spaces to its length.
    """
    braces = _has_opener(text)
    if not braces and "%" not in text:
        return text, []
    notes: list[Diagnostic] = []
    index: LineIndex | None = None
    family = _family(dialect) if dialect else None
    original = text
    comments: list[tuple[int, int]] | None = None

    def note_at(start: int, message: str) -> None:
        nonlocal index, comments
        # A placeholder inside a comment stands for nothing the statement
        # names: no note (it is still made neutral, which changes nothing).
        if comments is None:
            comments = _comment_spans(original, dialect)
        at = bisect_right(comments, (start, len(original)))
        if at and comments[at - 1][1] > start:
            return
        if index is None:
            index = LineIndex(text)
        line, column = index.line_col(start)
        notes.append(
            Diagnostic(Location(path, line, column), Severity.INFO, message, PLACEHOLDER_CODE)
        )

    def note(match: re.Match[str], message: str) -> None:
        note_at(match.start(), message)

    def tag(match: re.Match[str]) -> str:
        return blank(match.group())

    def name(match: re.Match[str]) -> str:
        known = _ENGINE_TEXT.get(match.group(), {}).get(family or "")
        if known is not None and len(known) <= len(match.group()):
            note(match, f"placeholder {match.group()!r} read as {dialect}'s {known.strip()!r}")
            return known.ljust(len(match.group()))
        if match.group().startswith("{{") and _alone_between_statements(text, *match.span()):
            # {{replica "t" "t#a"}} on a line of its own: a statement the
            # template writes (or nothing), never a name glued to the next one.
            note(
                match,
                f"template action {match.group()!r} between statements: what it writes is not read",
            )
            return blank(match.group())
        made = made_by_placeholder(match.string, *match.span())
        note(
            match,
            f"template placeholder {match.group()!r}: "
            + (
                f"the name of the {made} {MADE_UNKNOWN} and not checked"
                if made
                else "the name it stands for is unknown and not checked"
            ),
        )
        return "_" * len(match.group())

    def zdb(match: re.Match[str]) -> str:
        out, message = _zdb_text(match, dialect)
        note_at(match.start() + len(match.group("lead")), message)
        return out

    if braces:
        if "{{" in text:
            # {{ "user_session" }}, {{/* c */}}: what they write is known (trial s37 F2)
            text, rendered = render_constant_actions(text)
            for at, action, value in rendered:
                shown = action if len(action) <= 60 else action[:57] + "..."
                note_at(at, f"template action {shown!r} read as the text it writes, {value!r}")
            text = _ZDB_ACTION.sub(zdb, text)
            if "{{if" in text or "{{- if" in text or "{{ if" in text:
                # {{if .mysql}}`schema`{{else}}schema{{end}}: the database's branch
                text = chosen_branches(text, _family_name(dialect))
        # Tags first: ``name`` then looks past the lines they leave blank.
        text = _TEMPLATE_TAG.sub(tag, text)
        text = _NAME_PLACEHOLDER.sub(name, text)
    if "%" in text:
        text = _PERCENT_PLACEHOLDER.sub(name, text)
        notes.sort(key=lambda n: (n.location.line, n.location.column))
    return text, notes


def _zdb_text(match: re.Match[str], dialect: str | None) -> tuple[str, str]:
    """What a zdb template action (:data:`_ZDB_ACTION`) is read as in
    ``dialect`` (same length as the match, line breaks kept), and its note.

    ``{{psql `...`}}`` (``sqlite``, ``maria``): the inner text in place for
    that family's files, blanks elsewhere; a column-type function: its text
    for the family (:data:`_ZDB_TEXT`), taking up the blanks before the
    action when it needs them; ``{{check_timestamp "c"}}``: ``check(c)`` in
    SQLite (zdb's unnamed CHECK), nothing elsewhere; ``{{cluster}}`` and
    ``{{replica}}``: PostgreSQL statements that name no new object, blanked.
    """
    whole, lead, fn = match.group(), match.group("lead"), match.group("fn")
    action = whole[len(lead) :]
    args = list(_ZDB_ARG.finditer(match.group("args")))
    own = _ZDB_FAMILY.get(_family_name(dialect) or "")
    shown = " ".join(action.split())
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    if fn == "mysql":
        fn = "maria"  # older zdb (before its MariaDB driver) called it {{mysql}}
    if fn in _ZDB_FAMILY.values():
        if len(args) != 1 or args[0].group("word") is not None:
            return lead + blank(action), f"zdb template action {shown!r} not read"
        if fn != own:
            return lead + blank(action), f"zdb template {shown!r}: {fn} only, not read here"
        arg = args[0]
        begin = match.start("args") - match.start() + arg.start() + 1
        end = match.start("args") - match.start() + arg.end() - 1
        kept = " " * (begin - len(lead)) + whole[begin:end] + " " * (len(whole) - end)
        return lead + kept, f"zdb template {shown!r}: its text read for {fn}"
    if fn in ("check_timestamp", "check_date"):
        column = args[0].group("str") if len(args) == 1 else None
        text = f"check({column})" if own == "sqlite" and column else ""
        if len(text) > len(action):
            text = ""
        what = f"read as {text!r}" if text else "writes nothing here"
        return lead + text.ljust(len(action)), f"zdb template {shown!r} {what}"
    if fn in ("cluster", "replica"):
        return (
            lead + blank(action),
            f"zdb template {shown!r}: a PostgreSQL statement naming no new object, not read",
        )
    big = fn == "auto_increment" and bool(args) and args[0].group("word") == "true"
    key = ("json" if fn == "jsonb" else fn, big)
    known = _ZDB_TEXT.get(key, {}).get(own or "")
    if known is None:
        return lead + "_" * len(action), (
            f"zdb template {shown!r}: no text known for {dialect}; not checked"
        )
    text = known
    room = len(whole) - (1 if lead else 0)
    if len(text) > room and text in _ZDB_SHORT and len(_ZDB_SHORT[text]) <= room:
        short = _ZDB_SHORT[text]
        message = (
            f"zdb template {shown!r} read as {short!r} (no room for {text!r}: "
            "SQLite gives this key an index it would not have)"
        )
        text = short
    elif len(text) > room:
        return lead + "_" * len(action), f"zdb template {shown!r}: no room for {text!r}"
    else:
        message = f"zdb template {shown!r} read as {dialect}'s {text!r}"
    if len(text) <= len(action):
        return lead + text.ljust(len(action)), message
    return lead[:1] + text.ljust(len(whole) - 1), message


def _family_name(dialect: str | None) -> str | None:
    """``postgres``, ``sqlite`` or ``mysql`` for those families' dialects, else None."""
    if dialect is None:
        return None
    from dbnamelint.dialects import Family, profile_for

    family = profile_for(dialect).family
    return {Family.POSTGRES: "postgres", Family.SQLITE: "sqlite", Family.MYSQL: "mysql"}.get(family)


#: A line of nothing but Go template actions (``{{ createIndexIfNeeded "t" "c" }}``).
_ACTIONS_LINE = lazy_compile(r"(?:\{\{[^{}\n]{1,200}\}\}[ \t]*)+")


def _alone_between_statements(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands alone on its line after a complete
    statement: only blanks around it on the line, and before it the start of
    the text or a line ending with ``;``. Blank and ``--`` lines are passed
    over, and so are lines of actions alone (the one before is one too:
    focalboard's ``{{ createIndexIfNeeded ... }}`` twice in a row) and the
    lines template tags left blank (``{{else}}``, ``{{- /* ... */ -}}``)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    end_of_line = line_start - 1
    while end_of_line > 0:
        begin = text.rfind("\n", 0, end_of_line) + 1
        kept = text[begin:end_of_line].strip()
        if kept and not kept.startswith("--") and not _ACTIONS_LINE.fullmatch(kept):
            return kept.endswith(";")
        end_of_line = begin - 1
    return True


def _family(dialect: str) -> str | None:
    """``postgres`` or ``sqlite`` for those families' dialects, else None."""
    from dbnamelint.dialects import Family, profile_for

    family = profile_for(dialect).family
    return {Family.POSTGRES: "postgres", Family.SQLITE: "sqlite"}.get(family)


#: Code of the note on a changeset left out for another database (not replayed).
NOT_REPLAYED_CODE = "DBN007"


def drop_foreign_changesets(
    text: str, path: str, dialect: str | None
) -> tuple[str, list[Diagnostic]]:
    """``text`` with the Liquibase changesets whose ``dbms:`` excludes
    ``dialect`` blanked (from the end of the changeset line to the next
    one), and a ``DBN007`` info note on each changeset line.

    A dialect Liquibase has no short name for filters nothing; so does a
    file that is not Liquibase formatted SQL. Facts: Liquibase's
    ``DatabaseList.definitionMatches`` (see :mod:`dbnamelint.liquibase_sql`).
    """
    if text[:1] not in " \t\r\n-":  # not Liquibase's first line (is_formatted_sql)
        return text, []
    from dbnamelint.liquibase_sql import (
        changeset_dbms,
        changesets,
        contexts_pick_dbms,
        dbms_matches,
        is_formatted_sql,
        liquibase_dbms,
    )

    if not is_formatted_sql(text):  # a full-text upper() or regex scan costs more
        return text, []

    short = liquibase_dbms(dialect or "postgres")
    found = changesets(text) if short is not None else ()
    # contexts naming databases pick the changeset's database (contexts_pick_dbms)
    contexts = contexts_pick_dbms(c.context_filter or c.context for c in found)
    runs_on = [changeset_dbms(c.dbms, c.context_filter or c.context, contexts) for c in found]
    if not any(runs_on) and not any(c.ignore for c in found):
        return text, []
    assert short is not None
    pieces: list[str] = []
    notes: list[Diagnostic] = []
    pos = 0
    index: LineIndex | None = None
    for i, change in enumerate(found):
        dbms = runs_on[i]
        if not change.ignore and (not dbms or dbms_matches(dbms, short)):
            continue
        why = (
            f"dbms:{dbms}" if change.dbms else f"context:{change.context_filter or change.context}"
        )
        end = found[i + 1].start if i + 1 < len(found) else len(text)
        pieces.append(text[pos : change.end])
        pieces.append(blank(text[change.end : end]))
        pos = end
        index = index or LineIndex(text)
        line, column = index.line_col(change.start)
        notes.append(
            Diagnostic(
                Location(path, line, column),
                Severity.INFO,
                "changeset not replayed: it says ignore:true (Liquibase never runs it)"
                if change.ignore
                else f"changeset not replayed: its {why} leaves out {short}, "
                f"the database this file is read for (Liquibase never runs it there)",
                NOT_REPLAYED_CODE,
            )
        )
    pieces.append(text[pos:])
    return "".join(pieces), notes


def prepare_text(
    text: str, path: str, dialect: str | None = None, goose: str | None = None
) -> tuple[str, list[Diagnostic]]:
    """Git conflicts reduced to their first side (:mod:`dbnamelint.conflicts`),
    then the steps above, in order; the result has the same length as ``text``.

    ``goose`` (a :class:`~dbnamelint.model.SourceFile`'s): ``"liamstask"``
    keeps only what the old goose runs going up
    (:func:`~dbnamelint.liamstask_goose.read_as_liamstask`, its notes added);
    None, for a goose-annotated file, adds a warning where the two gooses
    would run other lines (:func:`~dbnamelint.liamstask_goose.goose_readings_differ`).
    A sql-migrate file is read as sql-migrate runs it, its notes added
    (:func:`~dbnamelint.sql_migrate.read_as_sql_migrate`).
    """
    text, conflicts = drop_conflict_sides(text, path)
    text, foreign = drop_foreign_changesets(text, path, dialect)
    goose_notes: list[Diagnostic] = []
    if goose == "liamstask":
        forward, goose_notes = read_as_liamstask(text, path)
    elif "+goose" not in text and is_sql_migrate(text):
        forward, goose_notes = read_as_sql_migrate(text, path)
    else:
        forward = drop_rollback_sections(text)
        refusals = goose_refusals(text, path)  # pressly's goose (liamstask's: above)
        if goose is None and "+goose" in text and not refusals:
            # (a file pressly's goose refuses says so; which goose runs it is moot)
            differs = goose_readings_differ(text, path, forward)
            goose_notes = [differs] if differs is not None else []
        goose_notes += refusals
    text, notes = replace_placeholders(forward, path, dialect)
    foreign = [*foreign, *goose_notes] if goose_notes else foreign
    notes = [*foreign, *notes] if foreign else notes
    return text, [*conflicts, *notes] if conflicts else notes


def may_have_schema_placeholders(text: str) -> bool:
    """Whether :func:`with_schema_placeholders` may find one in ``text``
    beside those :func:`prepare_text` notes (a comment prefix, which it
    leaves as it is)."""
    return _COMMENT_AGAINST_NAME.search(text) is not None


def schema_prefix(text: str) -> str:
    """What goes before a name qualified by the template ``text`` (a
    ``SchemaObject.schema_text``): a placeholder and a dot, or a comment
    prefix as it is (it stands for the schema and its dot)."""
    return text if text.startswith("/*") else f"{text}."


def with_schema_placeholders(events: Sequence[Event], text: str) -> Sequence[Event]:
    """``events`` (of one file whose original ``text`` is given) with
    ``schema_text`` set where the name is qualified by a template
    placeholder (``{{ index .Options "Namespace" }}.flow_state``) or a
    comment the tool replaces with the schema and its dot (river's
    ``/* TEMPLATE: schema */river_job``; :func:`schema_prefix`).

    The reader sees the placeholder as unknown (schema None, identity
    unchanged); the text kept here lets generated SQL qualify the name the
    same way, for the tool that renders the file to fill in. Events
    without a schema placeholder are returned as they are.
    """
    placeholders = _NAME_PLACEHOLDER.search(text) is not None
    comments = may_have_schema_placeholders(text)
    if not placeholders and not comments:
        return events
    index = LineIndex(text)
    out: list[Event] = []
    changed = False
    for event in events:
        found = None
        if event.schema is None and event.location.line > 0:
            end = index.offset(event.location.line, event.location.column)
            start = max(0, end - _SCHEMA_REACH)
            match = _SCHEMA_PLACEHOLDER.search(text, start, end) if placeholders else None
            if match is None and comments:
                match = _COMMENT_PREFIX.search(text, start, end)
            found = match.group(1) if match else None
        if found is None:
            out.append(event)
        else:
            changed = True
            out.append(replace(event, schema_text=found))
    return tuple(out) if changed else events
