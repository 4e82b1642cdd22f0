"""A template file that is SQL (``db/schema.gotxt``, ``tables.sql.j2``), read as SQL.

A file of no known language is otherwise read line by line, where only a
keyword on the same line marks a table position: ``create index ... on
store(key)``, ``select store.key from store`` were left out of ``impact
--diff`` (trial s18, goatcounter's ``db/schema.gotxt``) while ``create table
store`` was renamed, and the patched schema failed on PostgreSQL. Such a
file is a template when its last extension is a template engine's (Go's
``.gotxt``/``.gotmpl``/``.tmpl``, Jinja's ``.j2``...), and SQL when the
extension before it is SQL's (``x.sql.j2``) or one of its lines opens a SQL
statement of the right shape (:func:`~dbnamelint.impact.classify.reads_as_statement`:
``create table bots (``, not ``Update your password``); an e-mail template
(``email_adduser.gotxt``) stays text.

:func:`sql_view` gives the text SQL readers see, of the same length (every
offset stays the file's): a template action within a line (``{{.Table}}``,
``{{check_timestamp "c"}}``) becomes an interpolation (``${___}``), which
:mod:`~dbnamelint.impact.sqlscope` reads as a name or value the template
fills in; an action on lines of its own (``{{replica "t" "i"}}``), and a
control structure or comment anywhere (``{{if .pg}}``, ``{{end}}``), is
blanked, except that the SQL of a raw string it passes (``{{psql `create
function ...`}}``) is kept, as a statement of its own. The strings an
action passes are the template's arguments, no SQL.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import reads_as_statement
from dbnamelint.impact.languages import SQL_SUFFIXES, family

#: Last extensions of template engines' files (Go text/template, Jinja,
#: Nunjucks, Mustache, Handlebars, Liquid, FreeMarker, Velocity, Mako, Twig, EEx, ERB).
TEMPLATE_SUFFIXES = (
    ".gotxt", ".gotmpl", ".tmpl", ".tpl", ".template", ".j2", ".jinja", ".jinja2", ".njk",
    ".mustache", ".hbs", ".handlebars", ".liquid", ".ftl", ".vm", ".mako", ".twig", ".eex",
    ".erb",
)  # fmt: skip

#: A Go/Jinja/Handlebars action or comment: ``{{ ... }}``, ``{% ... %}``, ``{# ... #}``.
_ACTION = lazy_compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: Control structures and comments, which stand for no text (``{{if .pg}}``, ``{{end}}``).
_CONTROL = lazy_compile(
    r"\{%|\{#|\{\{-?\s*(?:/\*|(?:if|else|end|range|with|define|template|block|break|continue)\b)"
)
#: A Go raw string (backticks) an action passes.
_RAW_STRING = lazy_compile(r"`([^`]*)`")
#: A Go template action calling a function (``{{replica "t" "i"}}``), not a
#: field (``{{.Table}}``), a variable or a control structure.
_CALL = lazy_compile(
    r"\{\{-?\s*(?!(?:if|else|end|range|with|define|template|block|break|continue|and|or"
    r"|not|eq|ne|lt|le|gt|ge|len|index|print|printf|println|slice|html|js|urlquery|call)\b)"
    r"[A-Za-z_]\w*\s+(?P<args>[^{}]*?)\s*-?\}\}",
    re.DOTALL,
)
#: One argument of such a call: a quoted string (its content), or another word.
_ARGUMENT = lazy_compile(r'"(?P<q>[^"\\\n]*)"|`(?P<b>[^`]*)`|(?P<other>\S+)')
#: Where a line opens with a word (a statement may start there).
_LINE_HEAD = lazy_compile(r"(?m)^[ \t]*(?=[A-Za-z(])")


def is_sql_template(path: str, text: str) -> bool:
    """Whether the file at ``path`` (of content ``text``) is a template of SQL."""
    lowered = path.lower()
    if family(path) is not None or not lowered.endswith(TEMPLATE_SUFFIXES):
        return False
    stem = lowered[: lowered.rfind(".")]
    if stem.endswith(SQL_SUFFIXES):
        return True
    view = sql_view(text)
    return any(reads_as_statement(view[m.end() :]) for m in _LINE_HEAD.finditer(view))


def call_arguments(text: str) -> list[tuple[int, int]]:
    """(start, end) of the content of each string a template function call of
    ``text`` passes (``"store"`` and ``"store#key"`` in ``{{replica "store"
    "store#key"}}``), in order: in a SQL template, such a call makes SQL of
    them (goatcounter's ``replica``: ``alter table "store" replica identity
    using index "store#key"``), so a string that is only a table's name is
    that table's. Only calls whose arguments are all quoted strings."""
    out: list[tuple[int, int]] = []
    for call in _CALL.finditer(text):
        found = list(_ARGUMENT.finditer(text, call.start("args"), call.end("args")))
        if found and all(a.group("other") is None for a in found):
            out += [a.span("q") if a.group("q") is not None else a.span("b") for a in found]
    return out


def sql_view(text: str) -> str:
    """``text`` with its template actions rewritten as the module says, same length."""
    out: list[str] = []
    last = 0
    for m in _ACTION.finditer(text):
        a, b = m.span()
        out.append(text[last:a])
        last = b
        action = m.group()
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line_end = len(text) if line_end < 0 else line_end
        alone = not text[line_start:a].strip() and not text[b:line_end].strip()
        if not alone and _CONTROL.match(action) is None:
            # A name or value the template fills in: an interpolation of the same width.
            out.append("${" + "_" * (len(action) - 3) + "}")
            continue
        blank = [c if c in "\r\n" else " " for c in action]
        for raw in _RAW_STRING.finditer(action):
            lo, hi = raw.span(1)
            blank[lo:hi] = action[lo:hi]
            # Its own statement: the text around it ends the one before and after.
            blank[raw.start()] = ";"
            blank[raw.end() - 1] = ";"
        out.append("".join(blank))
    out.append(text[last:])
    return "".join(out)
