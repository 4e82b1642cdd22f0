"""GORM's naming convention, and the SQL pieces its query chains hold.

A model without a ``TableName()`` method reads the table GORM's default
``NamingStrategy`` gives it (GORM, "Conventions > Pluralized Table Name"):
the struct's name in snake_case, pluralized (``PageView`` -> ``page_views``),
singular under ``SingularTable: true`` (``db.SingularTable(true)`` in
jinzhu/gorm), behind any ``TablePrefix``. GORM pluralizes with
jinzhu/inflection, whose rules are Rails' inflector's, as the ``inflection``
package's are (:mod:`dbnamelint.impact.rails` reads Rails models with it).

A chain's clause methods take SQL pieces with no statement around them
(GORM, "Query > Conditions"): ``db.Where("r_id = ?", r).Order("created_at
desc").Find(&views)``. Such a string is SQL whatever it reads as, and its
table is the chain's model: ``.Table("t")``, ``.Model(&PageView{})``,
``&PageView{}`` or a variable declared as one (``var views []PageView``)
given to ``Find``/``First``/``Create``/... in the same chain. Only in Go
files that import GORM (``gorm.io/gorm``, ``github.com/jinzhu/gorm``).
Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import inflection
from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.modpaths import go_imports

_IMPORTS = frozenset({"gorm.io/gorm", "github.com/jinzhu/gorm"})


def imports_gorm(path: str, text: str) -> bool:
    """Whether the Go file ``text`` imports GORM (v2 or jinzhu's v1)."""
    return "gorm" in text and any(p in _IMPORTS for _n, p in go_imports(path, text))


def gorm_files(files: Iterable[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """``(path, text, v1)`` of the Go files of ``files`` whose models GORM
    reads: those importing GORM, and those whose structs carry ``gorm:"..."``
    tags without importing it (photoprism's ``internal/entity/photo_album.go``
    imports only ``time``: trial s24; gotify's ``model/`` package imports no
    gorm at all: confirmation s39c).
    ``v1``: jinzhu's GORM, imported by the file or, for one that imports
    neither, by its package."""
    go = [(p, t) for p, t in files if p.lower().endswith(".go")]
    importing: dict[str, bool] = {}  # folder -> v1 (any file of it importing jinzhu's)
    for path, text in go:
        if imports_gorm(path, text):
            folder = path.rpartition("/")[0]
            v1 = any(p == "github.com/jinzhu/gorm" for _n, p in go_imports(path, text))
            importing[folder] = importing.get(folder, False) or v1
    out: list[tuple[str, str, bool]] = []
    for path, text in go:
        if imports_gorm(path, text):
            v1 = any(p == "github.com/jinzhu/gorm" for _n, p in go_imports(path, text))
            out.append((path, text, v1))
        elif 'gorm:"' in text:
            # a struct tagged for GORM is GORM's model whether or not its package
            # imports gorm (gotify's model/ imports none: confirmation s39c)
            out.append((path, text, importing.get(path.rpartition("/")[0], False)))
    return out


class Naming(Struct, frozen=True):
    """What a project's ``NamingStrategy`` changes in table names."""

    singular: bool = False
    prefix: str = ""


#: GORM's default naming: plural tables, no prefix.
_DEFAULT = Naming()
_SINGULAR = lazy_compile(r"\bSingularTable\s*(?::\s*true\b|\(\s*true\s*\))")
_PREFIX = lazy_compile(r'\bTablePrefix\s*:\s*"([^"\\\n]*)"')


def naming(texts: Iterable[str]) -> Naming:
    """The naming the GORM files ``texts`` configure (the first prefix found)."""
    singular, prefix = False, ""
    for text in texts:
        singular = singular or bool(_SINGULAR.search(text))
        found = _PREFIX.search(text)
        if found and not prefix:
            prefix = found.group(1)
    return Naming(singular, prefix)


def convention_table(struct: str, how: Naming = _DEFAULT) -> str:
    """The table GORM's ``NamingStrategy`` names a model ``struct`` by."""
    snake = inflection.underscore(struct)
    return how.prefix + (snake if how.singular else inflection.pluralize(snake))


#: ``type Name struct {`` at the top level, or ``\tName struct {`` in a
#: ``type (...)`` block (one tab: two is an anonymous struct field).
_TYPE = lazy_compile(r"^type[ \t]+(?P<name>[A-Za-z_]\w*)(?:\[[^\]\n]*\])?[ \t]+struct\b", re.M)
_TYPE_BLOCK = lazy_compile(r"^type[ \t]*\(\s*$(.*?)^\)", re.MULTILINE | re.DOTALL)
_BLOCK_TYPE = lazy_compile(r"^\t(?P<name>[A-Za-z_]\w*)(?:\[[^\]\n]*\])?[ \t]+struct\b", re.M)


def structs(text: str) -> list[tuple[str, int]]:
    """(name, offset of the name) of each struct type ``text`` declares."""
    out = [(m.group("name"), m.start("name")) for m in _TYPE.finditer(text)]
    for block in _TYPE_BLOCK.finditer(text):
        out += [
            (m.group("name"), m.start("name"))
            for m in _BLOCK_TYPE.finditer(text, block.start(1), block.end(1))
        ]
    return sorted(out, key=lambda pair: pair[1])


_LITERAL = r"""(?:"(?:\\.|[^"\\\n])*"|`[^`]*`)"""
#: A clause method's first argument, a string literal: its SQL (GORM, "Query").
_CLAUSE = lazy_compile(
    r"\.\s*(?:Where|Or|Not|Having|Order|Group|Select|Joins|Distinct|Pluck)\(\s*"
    rf"(?P<literal>{_LITERAL})"
)
#: What a chain names its model by: ``.Table("t")``, or the first argument of a
#: method taking the model or its destination (``&PageView{}``, ``&views``).
_TABLE_CALL = lazy_compile(rf"\.\s*Table\(\s*(?P<literal>{_LITERAL})")
_MODEL_ARG = lazy_compile(
    r"\.\s*(?:Model|Find|First|Take|Last|Create|CreateInBatches|Save|Delete|FirstOrCreate"
    r"|FirstOrInit|Scan|Updates)\(\s*&?\s*(?:(?P<slice>\[\]\*?)?(?:\w+\.)?(?P<type>\w+)\s*\{"
    r"|(?P<var>[A-Za-z_]\w*)\s*[,)])"
)
_BUILTIN = frozenset(
    {"int", "int64", "uint", "string", "bool", "float64", "any", "interface", "map", "byte"}
)


def _declared(name: str) -> tuple[re.Pattern[str], ...]:
    """How a variable ``name`` gets its type: ``var name []T``, ``name := T{}``,
    ``make([]T, ...)``, ``new(T)``, or a parameter ``(name *T)``."""
    n = re.escape(name)
    t = r"(?:\w+\.)?(?P<type>[A-Za-z_]\w*)"
    return (
        re.compile(rf"\bvar[ \t]+{n}[ \t]+[\[\]*]*{t}"),
        re.compile(rf"(?<![\w.]){n}\s*:?=\s*(?:&|\[\]\*?)?{t}\s*\{{"),
        re.compile(rf"(?<![\w.]){n}\s*:?=\s*(?:make\(\s*\[\]\*?|new\(\s*){t}"),
        re.compile(rf"[(,]\s*{n}[ \t]+[\[\]*]*{t}\s*[,)]"),
    )


class Clause(Struct, frozen=True):
    """A clause method's SQL string: its content's offsets, and its chain's tables;
    or a column name in a SQL string whose qualifier (``%q.col``) stands for
    ``qualifier``, a table (folded) the code fills in."""

    start: int
    end: int
    tables: frozenset[str]  # folded
    qualifier: str | None = None
    #: (alias, table), folded: the aliases the chain's table calls declare
    #: (``.From("t AS x")``, ``.Join("t x ON ...")``); the table "" when the
    #: chain gives one alias to several tables.
    aliases: tuple[tuple[str, str], ...] = ()
    #: The builder quotes the string's names as identifiers (goqu's ``C("c")``).
    quoted: bool = False


def clauses(
    path: str, text: str, tables: Mapping[str, str | None], how: Naming | None = None
) -> list[Clause]:
    """The SQL strings of a GORM file's clause methods, each with the tables of
    its chain's model (empty when the chain does not show it); ``tables``: per
    type with a ``TableName()`` method, the name it returns (None: unknown);
    ``how``: the project's naming (else what this file configures)."""
    if not imports_gorm(path, text):
        return []
    masked = mask(text)
    out: list[Clause] = []
    how = how or naming([text])
    for found in _CLAUSE.finditer(text):
        if masked[found.start()] != ".":
            continue  # in a comment or a string
        lo, hi = chain(masked, found.start(), found.end("literal") - 1)
        calls = text[lo:hi]
        named: set[str] = set()
        for call in _TABLE_CALL.finditer(calls):
            named.add(call.group("literal")[1:-1].rpartition(".")[2].casefold())
        for arg in _MODEL_ARG.finditer(calls):
            type_name = arg.group("type") or declared_type(text[:lo], arg.group("var") or "")
            if type_name is None or type_name in _BUILTIN:
                continue
            table = tables[type_name] if type_name in tables else convention_table(type_name, how)
            if table is not None:
                named.add(table.casefold())
        out.append(Clause(found.start("literal") + 1, found.end("literal") - 1, frozenset(named)))
    return out


def declared_type(before: str, var: str) -> str | None:
    """The type the last declaration of ``var`` in ``before`` gives it (``var
    views []PageView``, ``v := &PageView{}``, a parameter ``(v *PageView)``), or None."""
    if not var or var in ("nil", "true", "false"):
        return None
    best: tuple[int, str] | None = None
    for pattern in _declared(var):
        for found in pattern.finditer(before):
            if best is None or found.start() > best[0]:
                best = (found.start(), found.group("type"))
    return best[1] if best else None


def chain(masked: str, dot: int, inside: int) -> tuple[int, int]:
    """(start, end) of the call chain whose ``.Method(`` is at ``dot``; ``inside``:
    an offset inside that call's parentheses."""
    lo = dot
    while True:  # back over receiver calls and names: db.Model(&x).Where
        i = lo
        while i > 0 and masked[i - 1].isspace():
            i -= 1
        if i > 0 and masked[i - 1] == ")":
            i = _opening(masked, i - 1)
        j = i
        while j > 0 and (masked[j - 1].isalnum() or masked[j - 1] == "_"):
            j -= 1
        if j == i and masked[i : i + 1] != "(":
            break
        lo = j
        k = j
        while k > 0 and masked[k - 1].isspace():
            k -= 1
        if k > 0 and masked[k - 1] == ".":
            lo = k - 1
            continue
        break
    hi = closing(masked, masked.index("(", dot, inside + 1))
    while True:  # on over the calls after it: .Order(...).Find(&views)
        found = re.match(r"\s*\.\s*\w+\s*\(", masked[hi + 1 :])
        if found is None:
            break
        hi = closing(masked, hi + found.end())
    return lo, hi + 1


def _opening(masked: str, close: int) -> int:
    depth = 0
    for i in range(close, -1, -1):
        depth += {")": 1, "(": -1}.get(masked[i], 0)
        if depth == 0:
            return i
    return close


def closing(masked: str, opening: int) -> int:
    depth = 0
    for i in range(opening, len(masked)):
        depth += {"(": 1, ")": -1}.get(masked[i], 0)
        if depth == 0:
            return i
    return len(masked) - 1


_MASKED = lazy_compile(
    r'//[^\n]*|/\*.*?(?:\*/|\Z)|"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])*\'', re.S
)


def mask(text: str) -> str:
    """``text`` with comments blanked and string contents replaced by ``x``
    (offsets kept): parentheses and dots there are no code's."""
    return _MASKED.sub(
        lambda m: (
            re.sub(r"[^\n]", " ", m.group())
            if m.group()[0] == "/"
            else m.group()[0] + re.sub(r"[^\n]", "x", m.group()[1:-1]) + m.group()[-1]
        ),
        text,
    )
