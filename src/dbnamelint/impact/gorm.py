"""Go models that name their table with a ``TableName() string`` method.

GORM reads a model's table from ``func (User) TableName() string { return
"users" }`` (GORM's ``Tabler`` interface; ``TablerWithNamer`` takes a
``schema.Namer``), and so do xorm, Beego's ORM and gobuffalo/pop (its
``TableNameAble``): the string the method
returns is the table every query of that model uses, though no query names
it. Its label names the ORM the file imports (:func:`orm_of`), else the one
its package's other files import. Found here: each string literal a
``TableName`` method of a Go file returns, on one line or many, whatever
the receiver (``(u User)``, ``(*User)``, ``(u *User)``), in any of its ``return`` statements
(``if ... { return "a" }; return "b"``), directly or through an identifier
the method body or the file assigns a string literal to (``const
usersTable = "users"``, ``name := "users"``). Not followed: a name built
from pieces (``"app_" + x``) and an identifier declared in another file.
Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.modpaths import go_imports

#: The ORMs reading ``TableName()``, by the import paths of their packages.
_ORMS = (
    ("GORM", lazy_compile(r"gorm\.io/gorm|github\.com/jinzhu/gorm")),
    ("Beego", lazy_compile(r"github\.com/(?:astaxie/beego|beego/beego(?:/v2)?(?:/client)?)/orm")),
    ("xorm", lazy_compile(r"xorm\.io/xorm|github\.com/go-xorm/xorm")),
    # gobuffalo/pop (any major version) and Ory's fork: TableNameAble.
    ("pop", lazy_compile(r"github\.com/(?:gobuffalo|ory)/pop(?:/v\d+)?")),
)


def orm_of(path: str, text: str) -> str | None:
    """The ORM (``GORM``, ``Beego``, ``xorm``, ``pop``) the Go file ``text`` imports, or None."""
    for _name, imported in go_imports(path, text):
        for orm, pattern in _ORMS:
            if pattern.fullmatch(imported):
                return orm
    return None


def go_orms(files: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Per folder (a Go package), the ORM its files import (the first, in path order)."""
    out: dict[str, str] = {}
    for path, text in sorted(files):
        orm = orm_of(path, text)
        if orm is not None:
            out.setdefault(path.rpartition("/")[0], orm)
    return out


def label(path: str, text: str, folders: Mapping[str, str] | None = None) -> str:
    """The context label of a ``TableName()`` string of the Go file ``text``:
    its ORM's, else that of the ORM ``folders`` (folder -> ORM) gives its
    package, else ``Go TableName()``."""
    orm = orm_of(path, text) or (folders or {}).get(path.rpartition("/")[0])
    return f"{orm or 'Go'} TableName()"


#: The method's signature up to its body's opening brace.
_METHOD = lazy_compile(
    r"\bfunc\s*\(\s*(?:\w+\s+)?\*?\s*(?P<type>[\w.]+)(?:\[[^\]\n]*\])?\s*\)\s*TableName\s*"
    r"\([^()]*\)\s*string\s*\{"
)
_LITERAL = r"""(?:"(?:\\.|[^"\\\n])*"|`[^`]*`)"""
#: A return of a single string literal or identifier, ending its statement.
_RETURN = lazy_compile(
    rf"\breturn\s+(?:(?P<literal>{_LITERAL})|(?P<ident>[A-Za-z_]\w*))[ \t]*(?=$|;|\}})",
    re.MULTILINE,
)


def _assignment(ident: str, *, local: bool) -> re.Pattern[str]:
    """In a method body (``local``): ``ident := "x"`` or ``ident = "x"``; in the
    file: a ``const``/``var`` line or an entry of a ``const (...)`` block
    (``ident = "x"``, ``ident string = "x"``), a line of its own."""
    head = r"(?<![\w.])" if local else r"^[ \t]*(?:(?:const|var)[ \t]+)?"
    return re.compile(
        rf"{head}{re.escape(ident)}\s*(?:string\s*)?{':?=' if local else '='}(?!=)\s*"
        rf"(?P<literal>{_LITERAL})[ \t]*(?=$|;|\)|\}}|//)",
        re.MULTILINE,
    )


def _masked(text: str, start: int) -> str:
    """``text`` from ``start``, just after a ``{``, to its matching ``}``, with
    comments blanked out and string contents replaced by ``x`` (offsets kept:
    the masked body's are ``text``'s minus ``start``)."""
    out: list[str] = []
    depth, i, size = 1, start, len(text)
    while i < size:
        char = text[i]
        if text.startswith("//", i):
            stop = text.find("\n", i)
            stop = size if stop < 0 else stop
            out.append(" " * (stop - i))
            i = stop
            continue
        if text.startswith("/*", i):
            stop = text.find("*/", i + 2)
            stop = size if stop < 0 else stop + 2
            out.append(re.sub(r"[^\n]", " ", text[i:stop]))
            i = stop
            continue
        if char in "\"'`":
            j = i + 1
            while j < size and text[j] != char and (char == "`" or text[j] != "\n"):
                j += 2 if char != "`" and text[j] == "\\" else 1
            stop = min(j + 1, size)
            out.append(char + re.sub(r"[^\n]", "x", text[i + 1 : stop - 1]) + text[stop - 1])
            i = stop
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                break
        out.append(char)
        i += 1
    return "".join(out)


def table_name_literals(path: str, text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the content of each string literal a Go
    ``TableName`` method of ``text`` returns (see the module docstring)."""
    return sorted({span for spans in _methods(path, text).values() for span in spans})


def table_names(path: str, text: str) -> dict[str, str | None]:
    """Per type with a ``TableName`` method in ``text``: the one name it returns
    (after any ``schema.``), or None when it returns several or none this
    module reads (a name built from pieces)."""
    out: dict[str, str | None] = {}
    for name, spans in _methods(path, text).items():
        found = {text[a:b] for a, b in spans}
        out[name] = found.pop().rpartition(".")[2] if len(found) == 1 else None
    return out


def _methods(path: str, text: str) -> dict[str, list[tuple[int, int]]]:
    """Per receiver type (without package or type parameters), the spans of the
    string literals its ``TableName`` methods return."""
    if not path.lower().endswith(".go") or "TableName" not in text:
        return {}
    out: dict[str, list[tuple[int, int]]] = {}
    for method in _METHOD.finditer(text):
        spans = out.setdefault(method.group("type").rpartition(".")[2], [])
        body = _masked(text, method.end())
        base = method.end()
        for found in _RETURN.finditer(body):
            if found.group("literal") is not None:
                spans.append((base + found.start("literal") + 1, base + found.end("literal") - 1))
                continue
            ident = found.group("ident")
            if ident in ("nil", "true", "false"):
                continue
            # The body's own assignment first (name := "x"), else the file's (const).
            assigned = _assignment(ident, local=True).finditer(body)
            local = [m for m in assigned if m.start() < found.start()]
            if local:
                literal = local[-1]
                spans.append(
                    (base + literal.start("literal") + 1, base + literal.end("literal") - 1)
                )
                continue
            for literal in _assignment(ident, local=False).finditer(text):
                spans.append((literal.start("literal") + 1, literal.end("literal") - 1))
    return out
