"""GORM model fields whose column comes from the field's name.

GORM reads a field's column from its ``gorm:"column:..."`` tag, else from
its name by the naming strategy (GORM, "Conventions > Column Name":
``NamingStrategy.ColumnName`` is ``toDBName`` of the field):
``CreatedAt`` is ``created_at``, ``EmployeeID`` is ``employee_id``. A field
``Key string`` of ``type Header struct`` is column ``headers.key``: no
string in the code names it, yet GORM's INSERT and SELECT fail once the
column is renamed. Each such field of a model whose table is a column
target's table is a high-confidence reference (``GORM model field``) on the
field's name; ``--diff`` keeps the Go name and maps it, adding
``column:new`` to the field's ``gorm`` tag (:func:`with_column`).

The model's table is its ``TableName()`` or GORM's convention
(:class:`~dbnamelint.impact.gormmodels.GormModels`). Followed: exported
fields of structs declared in Go files importing GORM; an anonymous
(embedded) struct field, or one tagged ``embedded`` (with its
``embeddedPrefix``), whose struct's fields are the model's columns; ``-``
(no column) and an explicit ``column:`` (the tag is the reference, found as
text) are left. Not a column: a slice (but ``[]byte``), map, channel or
function, and a field whose type is another struct of these files (an
association). A field of a struct several tables share (embedded in models
of other tables too), or declared with other names on its line (``A, B
string``), is reported but not patched: a note says why.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact import gormconv
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target

#: Context label of a field whose column comes from its name; a patch tags it.
LABEL = "GORM model field"
#: The same, where one tag cannot rename it alone; a patch leaves it with a note.
SHARED_LABEL = "GORM model field (shared)"
GROUPED_LABEL = "GORM model field (grouped)"
LEFT_LABELS = frozenset({SHARED_LABEL, GROUPED_LABEL})

#: golint's initialisms, which GORM writes as one word (``ID`` -> ``Id``).
_INITIALISMS = (
    *("API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID"),
    *("IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SSH", "TLS", "TTL"),
    *("UID", "UI", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XSRF", "XSS"),
)


def _initialisms(name: str) -> str:
    """Go's ``strings.Replacer`` over the initialisms: at each position the
    first listed one that matches (``HTTPS`` reads as ``HTTP`` + ``S``)."""
    out: list[str] = []
    i = 0
    while i < len(name):
        for word in _INITIALISMS:
            if name.startswith(word, i):
                out.append(word.title())
                i += len(word)
                break
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


def _upper(char: str) -> bool:
    return "A" <= char <= "Z"


def column_name(field: str, *, v1: bool = False) -> str:
    """The column GORM's default naming gives a field named ``field``: gorm.io's
    ``toDBName``, or jinzhu/gorm's ``ToDBName`` (``v1``); they differ only
    in rare spellings (a lower-case letter then one capital at the end)."""
    if not field:
        return ""
    value = _initialisms(field)
    if v1:
        return _v1(value)
    buf: list[str] = []
    last = False
    cur = _upper(value[0])
    for i, char in enumerate(value[:-1]):
        nxt = _upper(value[i + 1])
        number = value[i + 1].isdigit()
        split = i > 0 and value[i - 1] != "_" and value[i + 1] != "_"
        if cur and not (last and (nxt or number)) and split:
            buf.append("_")
        buf.append(char.lower() if cur else char)
        last, cur = cur, nxt
    if cur:
        if not last and len(value) > 1:
            buf.append("_")
        buf.append(value[-1].lower())
    else:
        buf.append(value[-1])
    return "".join(buf)


def _v1(value: str) -> str:
    buf: list[str] = []
    last = cur = False
    for i, char in enumerate(value[:-1]):
        nxt = _upper(value[i + 1])
        number = value[i + 1].isdigit()
        if i == 0:
            cur = True
            buf.append(char)
        elif cur:
            if not (last and (nxt or number)) and value[i - 1] != "_" and value[i + 1] != "_":
                buf.append("_")
            buf.append(char)
        else:
            buf.append(char)
            if i == len(value) - 2 and nxt and not number:
                buf.append("_")
        last, cur = cur, nxt
    buf.append(value[-1])
    return "".join(buf).lower()


_TAG_PAIR = lazy_compile(r'(?P<key>[^\s:"`]+):"(?P<value>(?:\\.|[^"\\])*)"')


def gorm_settings(tag: str, *, v1: bool = False) -> dict[str, str]:
    """A struct tag's (backquotes included or not) ``gorm`` settings, keys upper-cased
    as GORM reads them (``column:c;embedded`` -> {COLUMN: c, EMBEDDED: EMBEDDED});
    ``v1``: jinzhu/gorm's, which reads the ``sql`` tag's settings too."""
    out: dict[str, str] = {}
    keys = ("sql", "gorm") if v1 else ("gorm",)
    for pair in _TAG_PAIR.finditer(tag.strip("`")):
        if pair.group("key") in keys:
            for part in pair.group("value").split(";"):
                key, _sep, value = part.partition(":")
                if key.strip():
                    out[key.strip().upper()] = value.strip() if _sep else key.strip().upper()
    return out


class Field(Struct, frozen=True):
    """A struct's field: its name (or embedded type), where, and its tag."""

    name: str
    at: int  # offset of the name in the file
    type: str
    tag: str
    embedded: bool  # anonymous: the type's fields are the struct's
    grouped: bool  # declared with other names on its line


_FIELD = lazy_compile(
    r"^[ \t]*(?P<names>[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)[ \t]+"
    r"(?P<type>[^\s`\"/]+)[ \t]*(?P<tag>`[^`\n]*`)?[ \t]*(?://.*)?$"
)
_EMBED = lazy_compile(
    r"^[ \t]*(?P<type>\*?(?:\w+\.)?(?P<name>[A-Za-z_]\w*))[ \t]*(?P<tag>`[^`\n]*`)?[ \t]*(?://.*)?$"
)
_NOT_COLUMN = lazy_compile(r"^\*?(?:\[\](?!byte\b|uint8\b)|map\[|chan\b|func\b|<-chan\b)")


def fields(text: str, brace: int) -> list[Field]:
    """The fields of the struct whose body opens at ``text[brace]`` (one per
    line; nested anonymous structs are skipped)."""
    masked = gormconv.mask(text)
    close = closing_brace(masked, brace)
    out: list[Field] = []
    depth = 0
    start = brace + 1
    for line in text[start:close].split("\n"):
        code = masked[start : start + len(line)]
        before, start = start, start + len(line) + 1
        if depth:
            depth += code.count("{") - code.count("}")
            continue
        if code.count("{") > code.count("}"):  # a nested struct's body opens
            depth = code.count("{") - code.count("}")
            continue
        found = _FIELD.match(line)
        if found is not None:
            names = list(re.finditer(r"[A-Za-z_]\w*", found.group("names")))
            for name in names:
                out.append(
                    Field(
                        name.group(),
                        before + found.start("names") + name.start(),
                        found.group("type"),
                        found.group("tag") or "",
                        False,
                        len(names) > 1,
                    )
                )
            continue
        found = _EMBED.match(line)
        if found is not None and line.strip():
            out.append(
                Field(
                    found.group("name"),
                    before + found.start("name"),
                    found.group("type"),
                    found.group("tag") or "",
                    True,
                    False,
                )
            )
    return out


def closing_brace(masked: str, opening: int) -> int:
    """The offset of the ``}`` closing the ``{`` at ``masked[opening]``
    (:func:`~.gormconv.mask`'s text)."""
    depth = 0
    for i in range(opening, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        if depth == 0:
            return i
    return len(masked)


class _Place(Struct, frozen=True):
    path: str
    at: int
    name: str
    grouped: bool


class GormFields:
    """The columns the fields of a project's GORM models name by their names."""

    def __init__(self, files: Iterable[tuple[str, str]], tables: dict[str, str | None]) -> None:
        """``files``: (path, text) of Go files (GORM's are read: :func:`~.gormconv.gorm_files`);
        ``tables``: per struct name its table (``TableName()`` or the convention;
        None: unknown)."""
        self._texts: dict[str, str] = {}
        #: Per struct name: its file, whether the file is jinzhu's GORM, its fields.
        self._structs: dict[str, tuple[str, bool, list[Field]]] = {}
        for path, text, v1 in gormconv.gorm_files(files):
            self._texts[path] = text
            for name, at in gormconv.structs(text):
                brace = text.find("{", at)
                if brace >= 0 and name not in self._structs:
                    self._structs[name] = (path, v1, fields(text, brace))
        self._tables = tables

    def _columns(
        self, struct: str, prefix: str, seen: frozenset[str]
    ) -> Iterator[tuple[_Place, str]]:
        """(place, column) of each field of ``struct`` (embedded ones' too)."""
        if struct not in self._structs or struct in seen:
            return
        path, v1, found = self._structs[struct]
        for field in found:
            settings = gorm_settings(field.tag, v1=v1)
            if "-" in settings and settings["-"].lower() != "migration":
                continue  # gorm:"-" and "-:all": no column (GORM, "Field-Level Permission")
            if field.embedded or "EMBEDDED" in settings:
                inner = field.type.lstrip("*").rpartition(".")[2]
                more = settings.get("EMBEDDEDPREFIX", "") if not field.embedded else ""
                yield from self._columns(inner, prefix + more, seen | {struct})
                continue
            if "COLUMN" in settings or not field.name[:1].isupper():
                continue  # an explicit column is its tag's text; unexported: no column
            kind = field.type.lstrip("*").rpartition(".")[2]
            if _NOT_COLUMN.match(field.type) or (kind in self._structs and "." not in field.type):
                continue  # a relation, not a column
            place = _Place(path, field.at, field.name, field.grouped)
            yield place, prefix + column_name(field.name, v1=v1)

    def references(
        self, targets: Iterable[Target], schema_tables: Collection[str] = ()
    ) -> Iterator[Reference]:
        """A high-confidence reference per field whose column is a column
        target's old name in the field's model's table; ``schema_tables``:
        the schema's tables (folded), which a shared field's other models
        must name to count."""
        wanted: dict[tuple[str, str], list[Target]] = {}
        for target in targets:
            if target.kind != "column":
                continue
            for owner in target.tables:
                for old in dict.fromkeys((*target.old_names, *target.stored)):
                    key = (owner.rpartition(".")[2].casefold(), old.casefold())
                    wanted.setdefault(key, []).append(target)
        if not wanted:
            return
        known = {t.rpartition(".")[2].casefold() for t in schema_tables}
        uses: dict[_Place, list[tuple[str, str]]] = {}
        for struct, (_path, _v1, _f) in self._structs.items():
            table = self._tables.get(struct)
            if table is None:
                continue
            for place, named in self._columns(struct, "", frozenset()):
                uses.setdefault(place, []).append((table.casefold(), named.casefold()))
        for place, pairs in uses.items():
            found = [t for pair in pairs for t in wanted.get(pair, ())]
            if not found:
                continue
            news = {t.target for t in found}
            others = [p for p in pairs if p not in wanted and (not known or p[0] in known)]
            label = LABEL
            if place.grouped:
                label = GROUPED_LABEL
            elif others or len(news) > 1:
                label = SHARED_LABEL
            text = self._texts[place.path]
            start = text.rfind("\n", 0, place.at) + 1
            end = text.find("\n", place.at)
            line = text[start : len(text) if end < 0 else end].rstrip("\r")
            column = place.at - start + 1
            row = text.count("\n", 0, place.at) + 1
            for target in dict.fromkeys(found):
                yield Reference(
                    place.path,
                    row,
                    column,
                    column + len(place.name),
                    line,
                    place.name,
                    target,
                    HIGH,
                    label,
                )


def model_tables(
    files: Iterable[tuple[str, str]],
    folder_tables: Mapping[str, Mapping[str, str | None]],
    naming: gormconv.Naming,
) -> dict[str, str | None]:
    """Per struct of the GORM files, its table: the ``TableName()`` of its
    package (folder), else GORM's convention (None: a method returning no
    one string)."""
    out: dict[str, str | None] = {}
    for path, text, _v1 in gormconv.gorm_files(files):
        own = folder_tables.get(path.rpartition("/")[0], {})
        for name, _at in gormconv.structs(text):
            if name in own:
                out.setdefault(name, own[name])
            else:
                out.setdefault(name, gormconv.convention_table(name, naming))
    return out


_TAG_AFTER = lazy_compile(
    r"^(?P<head>[ \t]*[A-Za-z_]\w*[ \t]+[^\s`\"/]+)(?P<rest>[ \t]*(?P<tag>`[^`\n]*`)?.*)$"
)
_GORM_VALUE = lazy_compile(r'(?P<open>(?:^|\s)gorm:")(?P<value>(?:\\.|[^"\\])*)"')


def with_column(line: str, new: str) -> str | None:
    """``line`` (a field ``Name Type `tag```) with ``column:new`` in its ``gorm``
    tag: first in an existing ``gorm:"..."`` value, else a ``gorm`` key added
    to the tag, else a tag added after the type; None when the line is not
    one such field."""
    found = _TAG_AFTER.match(line)
    if found is None:
        return None
    tag = found.group("tag")
    if tag is None:
        head = found.group("head")
        return f'{head} `gorm:"column:{new}"`{line[len(head) :]}'
    body = tag[1:-1]
    value = _GORM_VALUE.search(body)
    if value is not None:
        old = value.group("value")
        joined = f"column:{new};{old}" if old.strip() else f"column:{new}"
        body = body[: value.start("value")] + joined + body[value.end("value") :]
    else:
        body = (body + " " if body.strip() else body) + f'gorm:"column:{new}"'
    at = found.start("tag")
    return line[:at] + "`" + body + "`" + line[found.end("tag") :]
