"""Beego ORM models that name their table by convention.

Beego's ORM (``github.com/beego/beego/v2/client/orm``, v1's
``github.com/astaxie/beego/orm``) knows a model once it is registered:
``orm.RegisterModel(new(RetentionPolicy))`` or ``&RetentionPolicy{}``. Its
table is what the type's ``TableName()`` returns, else the type's name in
snake_case with no plural (Beego's ``GetTableName``/``SnakeString``, its
docs' "Model > Table name": ``AuthUser`` -> ``auth_user``, ``Auth_User`` ->
``auth__user``, ``DB_AuthUser`` -> ``d_b__auth_user``: an ``_`` before each
upper-case letter after the first character, underscores kept), behind the
prefix of ``RegisterModelWithPrefix("p_", ...)`` or before the suffix of
``RegisterModelWithSuffix``. A registered struct without ``TableName()`` in
its folder is a high-confidence reference to that table on its name
(``Beego model (convention)``), as a GORM model's is
(:mod:`dbnamelint.impact.gormmodels`): ``--diff`` leaves the type's name and
notes to give it ``TableName()``. The struct is looked for in the
registering file's folder, or for ``new(pkg.T)`` in a file of package
``pkg``. Not followed: a model given as a variable, an affix that is not a
string literal, ``orm.NameStrategy`` (it names columns, not tables), and a
``TableName()`` string behind a prefix (found as itself). Reads text only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact import gorm, gormconv
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target, by_old_table_name

#: Context label of a model's type name; a patch leaves it and adds a note.
LABEL = "Beego model (convention)"

_REGISTER = lazy_compile(r"\bRegisterModel(?P<how>WithPrefix|WithSuffix)?\s*\(")
_MODEL = lazy_compile(
    r"\s*(?:new\(\s*(?:(?P<pkg>\w+)\s*\.\s*)?(?P<type>\w+)\s*\)"
    r"|&\s*(?:(?P<pkg2>\w+)\s*\.\s*)?(?P<type2>\w+)\s*\{.*\})\s*",
    re.DOTALL,
)
_AFFIX = lazy_compile(r'\s*(?:"((?:\\.|[^"\\\n])*)"|`([^`]*)`)\s*')
_PACKAGE = lazy_compile(r"^package[ \t]+(\w+)", re.MULTILINE)


def snake_string(name: str) -> str:
    """Beego's ``SnakeString``: ``XxYy`` -> ``xx_yy``, ``XxYY`` -> ``xx_y_y``."""
    out: list[str] = []
    seen = False  # a character other than "_" came before
    for i, char in enumerate(name):
        if i > 0 and "A" <= char <= "Z" and seen:
            out.append("_")
        seen = seen or char != "_"
        out.append(char)
    return "".join(out).lower()


class Registration(Struct, frozen=True):
    """A type ``RegisterModel`` is given: where, its package qualifier, its affixes."""

    folder: str
    package: str | None  # ``models`` of ``new(models.T)``
    type: str
    prefix: str = ""
    suffix: str = ""


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def registrations(path: str, text: str) -> list[Registration]:
    """The models a Go file importing Beego's ORM registers."""
    if "RegisterModel" not in text or gorm.orm_of(path, text) != "Beego":
        return []
    masked = gormconv.mask(text)
    out: list[Registration] = []
    for call in _REGISTER.finditer(text):
        if masked[call.start()] != text[call.start()]:
            continue  # in a comment or a string
        opening = call.end() - 1
        close = gormconv.closing(masked, opening)
        args = _arguments(text, masked, opening + 1, close)
        prefix = suffix = ""
        if call.group("how"):
            affix = _AFFIX.fullmatch(args[0]) if args else None
            if affix is None:
                continue  # a prefix this reading cannot know
            value = affix.group(1) if affix.group(1) is not None else affix.group(2)
            prefix, suffix = (value, "") if call.group("how") == "WithPrefix" else ("", value)
            args = args[1:]
        for arg in args:
            model = _MODEL.fullmatch(arg)
            if model is None:
                continue  # a variable: its type is not read
            out.append(
                Registration(
                    _folder(path),
                    model.group("pkg") or model.group("pkg2"),
                    model.group("type") or model.group("type2"),
                    prefix,
                    suffix,
                )
            )
    return out


def _arguments(text: str, masked: str, lo: int, hi: int) -> list[str]:
    """The top-level comma-separated arguments of ``text[lo:hi]``."""
    out: list[str] = []
    depth, start = 0, lo
    for i in range(lo, hi):
        char = masked[i]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    if text[start:hi].strip():
        out.append(text[start:hi])
    return out


def registered_types(files: Iterable[tuple[str, str]]) -> set[str]:
    """The type names the Go files ``files`` register with Beego's ORM."""
    return {r.type for path, text in files for r in registrations(path, text)}


class _Model(Struct, frozen=True):
    path: str
    text: str
    name: str
    at: int  # offset of the struct's name
    table: str


class BeegoModels:
    """The registered Beego models that name their table by convention."""

    def __init__(self, files: Iterable[tuple[str, str]]) -> None:
        """``files``: (path, text) of the Go files registering models and of
        those declaring them (other files are ignored)."""
        files = [(p, t) for p, t in files if p.lower().endswith(".go")]
        registered = [r for path, text in files for r in registrations(path, text)]
        self._models: list[_Model] = []
        if not registered:
            return
        tabled = {(_folder(p), name) for p, t in files for name in gorm.table_names(p, t)}
        declared: dict[str, list[tuple[str, str, int, str | None]]] = {}
        for path, text in files:
            clause = _PACKAGE.search(text)
            package = clause.group(1) if clause else None
            for name, at in gormconv.structs(text):
                declared.setdefault(name, []).append((path, text, at, package))
        seen: set[tuple[str, int]] = set()
        for reg in registered:
            for path, text, at, package in declared.get(reg.type, ()):
                here = (
                    _folder(path) == reg.folder if reg.package is None else package == reg.package
                )
                if not here or (_folder(path), reg.type) in tabled or (path, at) in seen:
                    continue
                seen.add((path, at))
                table = reg.prefix + snake_string(reg.type) + reg.suffix
                self._models.append(_Model(path, text, reg.type, at, table))

    def tables(self) -> dict[tuple[str, str], str]:
        """Per (path, type) of each registered model named by convention, its table."""
        return {(m.path, m.name): m.table for m in self._models}

    def references(self, targets: Iterable[Target]) -> Iterator[Reference]:
        """A high-confidence reference per model whose table is a target's old
        name, on the struct's name."""
        by_name = by_old_table_name(targets)
        if not by_name:
            return
        for model in self._models:
            for target in dict.fromkeys(by_name.get(model.table.casefold(), ())):
                text, at = model.text, model.at
                starts = [0, *(i + 1 for i, char in enumerate(text) if char == "\n")]
                row = bisect.bisect_right(starts, at) - 1
                end = text.find("\n", at)
                line = text[starts[row] : len(text) if end < 0 else end].rstrip("\r")
                column = at - starts[row] + 1
                yield Reference(
                    model.path,
                    row + 1,
                    column,
                    column + len(model.name),
                    line,
                    model.name,
                    target,
                    HIGH,
                    LABEL,
                )


def table_name_for(type_name: str, old_names: Iterable[str], new: str) -> str | None:
    """What a ``TableName()`` of the model ``type_name``, whose table is one of
    ``old_names`` by convention, returns for its table to be ``new``: Beego
    puts the registration's prefix and suffix (what the old name holds around
    the snake_case name) around it too. None when ``new`` does not keep them."""
    snake = snake_string(type_name)
    old = next((o for o in old_names if snake in o.casefold()), None)
    if old is None:
        return new
    at = old.casefold().rfind(snake)
    prefix, suffix = old[:at], old[at + len(snake) :]
    if not (new.startswith(prefix) and new.endswith(suffix)):
        return None
    rest = new[len(prefix) : len(new) - len(suffix)]
    return rest or None
