"""JPA/Hibernate entities that name their table by convention.

``@Entity class GuildMemberGate`` (Java or Kotlin) without ``@Table(name =
...)`` reads a table it never spells. JPA's default table name is the
entity name (the unqualified class name, or ``@Entity(name = "...")``);
Hibernate's ``ImplicitNamingStrategyJpaCompliantImpl`` gives that logical
name, then the physical naming strategy makes the database name:
Hibernate's own default (``PhysicalNamingStrategyStandardImpl``) keeps it
(``GuildMemberGate``, which an unquoting database folds), and Spring Boot's
default, ``CamelCaseToUnderscoresNamingStrategy`` (Spring Boot reference,
"Data Access: Configure Hibernate Naming Strategy"), replaces dots with
underscores, puts an underscore before an upper-case letter between two
lower-case ones and lower-cases the rest: ``guild_member_gate``. Either
name counts; they never name two tables of one schema in practice. An
``@ElementCollection`` attribute without ``@CollectionTable(name = ...)``
is the table ``<entity name>_<attribute>`` (JPA, ``CollectionTable``:
"the concatenation of the name of the containing entity and the name of the
collection attribute, separated by an underscore"), through the same
physical naming.

Counted: a class annotated ``@Entity`` (``jakarta.persistence`` or
``javax.persistence``) in a ``.java`` or ``.kt`` file; not one that extends
another entity of these files whose root says no ``@Inheritance(strategy =
JOINED | TABLE_PER_CLASS)`` (single-table inheritance, JPA's default: it
reads its root's table). ``@Table(name = ...)``/``@Table("...")``
literals are found as any mapping (``JPA @Table``). Not followed: a custom
``PhysicalNamingStrategy`` or ``ImplicitNamingStrategy``, ``orm.xml``
mappings, and the implicit column names of fields.

A patch adds ``@Table(name = "new")`` above the class line (fully
qualified when the file imports neither ``Table`` nor the package's ``*``),
and ``@CollectionTable(name = "new")`` above an ``@ElementCollection``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from msgspec import Struct, field
from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import HIGH, PLAIN
from dbnamelint.impact.jpasql import spring_physical_name
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target

#: Context of an entity's class line; a patch adds ``@Table(name = "new")``.
LABEL = "JPA entity (convention)"
#: Context of an ``@ElementCollection`` attribute; a patch adds ``@CollectionTable``.
COLLECTION_LABEL = "JPA element collection table (convention)"
#: Context of an owning ``@ManyToMany`` attribute; a patch adds ``@JoinTable``.
JOIN_LABEL = "JPA many-to-many join table (convention)"
LABELS = frozenset({LABEL, COLLECTION_LABEL, JOIN_LABEL})
#: Opens the context of a column mapping of a mapped superclass or embeddable
#: left as written: some table it maps keeps the old name.
SHARED_LABEL = "JPA shared mapping, not patched"

_TABLE_KINDS = frozenset({"table", "view", "materialized_view"})
_SUFFIXES = (".java", ".kt")
_PACKAGE = r"(?:(?:jakarta|javax)\.persistence\.)?"
_ENTITY = lazy_compile(r"@" + _PACKAGE + r"Entity\b(\s*\(([^()]*)\))?")
_CLASS = lazy_compile(
    r"\bclass\s+([A-Za-z_$][\w$]*)(?:<[^>{]*>)?"
    r"(?:\s*\((?:[^()]|\([^()]*\))*\))?"  # a Kotlin primary constructor
    r"(?:\s+extends\s+([\w.$]+)|\s*:\s*([\w.$]+))?"
)
_ANNOTATION = lazy_compile(r"@([\w.]+:)?([\w.]+)\s*")
_SHARED = lazy_compile(r"@" + _PACKAGE + r"(MappedSuperclass|Embeddable)\b")
_PACKAGE_LINE = lazy_compile(r"^\s*package\s+([\w.]+)", re.MULTILINE)
_IMPORT_LINE = lazy_compile(r"^\s*import\s+([\w.]+(?:\.\*)?)", re.MULTILINE)
_INHERITANCE = lazy_compile(r"\b(JOINED|TABLE_PER_CLASS)\b")
_COLLECTION = lazy_compile(r"@" + _PACKAGE + r"ElementCollection\b")
_MANY_TO_MANY = lazy_compile(r"@" + _PACKAGE + r"ManyToMany\b")
_MODIFIERS = lazy_compile(
    r"\s*(?:(?:public|protected|private|internal|final|open|override|lateinit|static"
    r"|transient|abstract)\s+)*"
)
_COLLECTION_TABLE = lazy_compile(r"@" + _PACKAGE + r"CollectionTable\s*\(")
_KOTLIN_PROPERTY = lazy_compile(r"(?:val|var)\s+([A-Za-z_]\w*)")
_JAVA_DECLARATION = lazy_compile(r"[^;=(){}]*?([A-Za-z_]\w*)\s*(;|=|\()")
_NAMED = lazy_compile(r"\b(?:name|value)\s*=|^\s*\"")
_ENTITY_NAME = lazy_compile(r"\bname\s*=\s*\"([^\"]*)\"|^\s*\"([^\"]*)\"")


def is_entity_file(path: str) -> bool:
    """Whether ``path`` is Java or Kotlin source (where JPA entities live)."""
    return path.endswith(_SUFFIXES)


def _blank_comments(text: str) -> str:
    """``text`` with comments and string contents blanked (offsets kept).

    String literals keep their quotes and contents (annotation values are
    read from them); only ``//`` and ``/* */`` comments are blanked.
    """
    out = list(text)
    i, size = 0, len(text)
    quote = ""
    while i < size:
        char = text[i]
        if quote:
            if char == "\\":
                i += 2
                continue
            if char in (quote, "\n"):
                quote = ""
        elif char in "\"'":
            quote = char
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = size if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = size if end < 0 else end + 2
            out[i:end] = ["\n" if c == "\n" else " " for c in text[i:end]]
            i = end
            continue
        i += 1
    return "".join(out)


class _Entity(Struct):
    path: str
    line: int  # 1-based line of the class name
    column: int  # 0-based column of the class name
    source: str
    name: str  # the class name
    entity_name: str  # JPA's entity name (the class name unless @Entity(name=...))
    base: str | None
    explicit: bool  # @Table names the table
    split: bool  # @Inheritance(JOINED | TABLE_PER_CLASS)
    collections: list[tuple[int, int, str, str]]  # (line, column, source, attribute)
    table_name: str | None = None  # the literal @Table names
    #: Owning @ManyToMany attributes without @JoinTable: (line, column, source,
    #: attribute, the element's class name or None).
    many: list[tuple[int, int, str, str, str | None]] = field(default_factory=list)


def _position(text: str, offset: int) -> tuple[int, int, str]:
    """(1-based line, 0-based column, the line's text) of ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return text.count("\n", 0, offset) + 1, offset - start, text[start:end].rstrip("\r")


def _close(code: str, at: int) -> int:
    """The offset after the bracket closing the one at ``code[at]`` (or the end)."""
    depth = 0
    quote = ""
    i = at
    while i < len(code):
        char = code[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(code)


def _top_level(args: str) -> str:
    """``args`` without what nested brackets hold (``Index(name = ...)``)."""
    out: list[str] = []
    i = 0
    while i < len(args):
        if args[i] in "([{":
            i = _close(args, i)
            continue
        out.append(args[i])
        i += 1
    return "".join(out)


def _annotations(code: str, at: int, end: int) -> tuple[list[tuple[str, str]], int]:
    """The run of annotations from ``at``: ([(simple name, top-level arguments)], where it ends)."""
    found: list[tuple[str, str]] = []
    while True:
        modifiers = _MODIFIERS.match(code, at, end)
        at = modifiers.end() if modifiers else at
        annotation = _ANNOTATION.match(code, at, end)
        if annotation is None:
            return found, at
        args = ""
        at = annotation.end()
        if code.startswith("(", at):
            close = _close(code, at)
            args = _top_level(code[at + 1 : close - 1])
            at = close
        found.append((annotation.group(2).rpartition(".")[2], args))


def _names_it(args: str) -> bool:
    """Whether top-level annotation arguments give a name (``name = ...`` or a bare string)."""
    return bool(_NAMED.search(args))


def _run_start(code: str, at: int) -> int:
    """Where the run of annotations holding the one at ``at`` starts."""
    while True:
        end = len(code[:at].rstrip())
        if end and code[end - 1] == ")":  # its arguments: back to the matching "("
            depth, i = 0, end - 1
            while i >= 0:
                depth += {")": 1, "(": -1}.get(code[i], 0)
                if depth == 0:
                    break
                i -= 1
            end = max(i, 0)
        name = end
        while name and (code[name - 1].isalnum() or code[name - 1] in "_.:$"):
            name -= 1
        if name == end or not name or code[name - 1] != "@":
            return at
        at = name - 1


def _entities(path: str, text: str) -> list[_Entity]:
    code = _blank_comments(text)
    found: list[_Entity] = []
    marks = list(_ENTITY.finditer(code))
    for index, entity in enumerate(marks):
        declared = _CLASS.search(code, entity.end())
        if declared is None:
            continue
        # The annotation run around @Entity: from the statement before it to the class.
        run_start = _run_start(code, entity.start())
        head = code[run_start : declared.start()]
        if ";" in code[entity.end() : declared.start()]:
            continue  # not this annotation's class
        annotations, _ = _annotations(code, run_start, declared.start())
        tables = [a for n, a in annotations if n == "Table"]
        entity_args = next((a for n, a in annotations if n == "Entity"), "")
        named = _ENTITY_NAME.search(entity_args)
        entity_name = (named.group(1) or named.group(2)) if named else declared.group(1)
        inheritance = " ".join(a for n, a in annotations if n == "Inheritance")
        line, column, source = _position(text, declared.start(1))
        end = marks[index + 1].start() if index + 1 < len(marks) else len(code)
        found.append(
            _Entity(
                path,
                line,
                column,
                source,
                declared.group(1),
                entity_name or declared.group(1),
                (declared.group(2) or declared.group(3) or "").rpartition(".")[2] or None,
                any(_names_it(a) for a in tables) or ("@Table" in head and not tables),
                bool(_INHERITANCE.search(inheritance)),
                list(_collections(text, code, declared.end(1), end)),
                next(
                    (
                        m.group(1) or m.group(2)
                        for m in map(_ENTITY_NAME.search, tables)
                        if m is not None
                    ),
                    None,
                ),
                list(_many_to_many(text, code, declared.end(1), end)),
            )
        )
    return found


_TYPE_ARGUMENT = lazy_compile(r"<\s*(?:[\w.]+\.)?([A-Z]\w*)\s*\??\s*>")


def _many_to_many(
    text: str, code: str, start: int, end: int
) -> Iterator[tuple[int, int, str, str, str | None]]:
    """Owning ``@ManyToMany`` attributes (no ``mappedBy``) without a named ``@JoinTable``."""
    for found in _MANY_TO_MANY.finditer(code, start, end):
        annotations, at = _annotations(code, found.start(), end)
        earlier, _ = _annotations(code, _run_start(code, found.start()), found.start())
        every = annotations + earlier
        if any(n == "JoinTable" and _names_it(a) for n, a in every):
            continue
        if any("mappedBy" in a for n, a in every if n == "ManyToMany"):
            continue
        attribute = _attribute(code, at, end)
        if attribute is None:
            continue
        # The declaration's type: up to its end (Java ";"), initialiser or line's end.
        stop = min((i for i in (code.find(c, at, end) for c in ";=\n") if i >= 0), default=end)
        element = _TYPE_ARGUMENT.search(code, at, stop)
        line, column, source = _position(text, found.start())
        yield line, column, source, attribute, element.group(1) if element else None


def _collections(text: str, code: str, start: int, end: int) -> Iterator[tuple[int, int, str, str]]:
    """``@ElementCollection`` attributes without a named ``@CollectionTable``."""
    for found in _COLLECTION.finditer(code, start, end):
        # Annotations before it: since the previous statement or Kotlin property.
        since = max(code.rfind(c, 0, found.start()) for c in ";{}") + 1
        for before in _KOTLIN_PROPERTY.finditer(code, since, found.start()):
            since = before.end()
        annotations, at = _annotations(code, found.start(), end)
        for table in _COLLECTION_TABLE.finditer(code, since, found.start()):
            close = _close(code, table.end() - 1)
            annotations.append(("CollectionTable", _top_level(code[table.end() : close - 1])))
        if any(n == "CollectionTable" and _names_it(a) for n, a in annotations):
            continue
        attribute = _attribute(code, at, end)
        if attribute is None:
            continue
        line, column, source = _position(text, found.start())
        yield line, column, source, attribute


def _attribute(code: str, at: int, end: int) -> str | None:
    """The attribute an annotation run is on: Kotlin ``val x``, a Java field
    ``Set<String> x;`` or a getter ``getX()``."""
    kotlin = _KOTLIN_PROPERTY.match(code, at, end)
    if kotlin is not None:
        return kotlin.group(1)
    java = _JAVA_DECLARATION.match(code, at, end)
    if java is None:
        return None
    name = java.group(1)
    if java.group(2) == "(":
        if not name.startswith(("get", "is")) or name in {"get", "is"}:
            return None
        bare = name[3:] if name.startswith("get") else name[2:]
        return bare[:1].lower() + bare[1:]
    return name


class _Shared(Struct):
    """A ``@MappedSuperclass`` or ``@Embeddable`` class: its mappings are every user's."""

    path: str
    first: int  # 1-based line of the class name
    last: int  # 1-based line of its body's closing brace
    name: str
    kind: str  # "mapped superclass" or "embeddable"
    base: str | None


def _shared_classes(path: str, text: str) -> list[_Shared]:
    code = _blank_comments(text)
    found: list[_Shared] = []
    for mark in _SHARED.finditer(code):
        declared = _CLASS.search(code, mark.end())
        if declared is None or ";" in code[mark.end() : declared.start()]:
            continue
        brace = code.find("{", declared.end())
        end = _close(code, brace) if brace >= 0 else declared.end()
        kind = "mapped superclass" if mark.group(1) == "MappedSuperclass" else "embeddable"
        found.append(
            _Shared(
                path,
                code.count("\n", 0, declared.start()) + 1,
                code.count("\n", 0, end) + 1,
                declared.group(1),
                kind,
                (declared.group(2) or declared.group(3) or "").rpartition(".")[2] or None,
            )
        )
    return found


def _bare(name: str) -> str:
    """A table name as the database stores it: Hibernate's quoting removed."""
    return name.strip().strip('`"[]')


class JpaEntities:
    """The convention-named entities of a repository's Java and Kotlin files."""

    def __init__(self, files: Iterable[tuple[str, str]]) -> None:
        """``files``: (path, text) of each ``.java``/``.kt`` file naming ``@Entity``,
        ``@MappedSuperclass`` or ``@Embeddable``."""
        files = list(files)
        self._texts = dict(files)
        self._entities = [e for path, text in files for e in _entities(path, text)]
        self._by_name = {e.name: e for e in self._entities}
        self._shared = [c for path, text in files for c in _shared_classes(path, text)]

    def _table_names(self, entity: _Entity) -> tuple[str, tuple[str, ...]]:
        """(the name to show, the names its table may have, folded)."""
        if not self._own_table(entity):
            entity = self._root(entity)
        if entity.table_name is not None:
            shown = _bare(entity.table_name)
            return shown, (shown.casefold(),)
        logical = entity.entity_name
        return logical, tuple(dict.fromkeys((logical.casefold(), spring_physical_name(logical))))

    def _users(self, shared: _Shared) -> list[_Entity]:
        """The entities whose tables ``shared``'s mappings map columns of."""
        out: list[_Entity] = []
        for entity in self._entities:
            if shared.kind == "embeddable":
                body = self._texts.get(entity.path, "")
                body = body[body.find(entity.source) :] if entity.source in body else body
                if _uses_type(body, shared.name, entity.name):
                    out.append(entity)
                continue
            seen: set[str] = set()
            name, path = entity.base, entity.path
            while name is not None and name not in seen:
                seen.add(name)
                same = [c for c in self._shared if c.name == name]
                if len(same) > 1:  # two modules' BaseEntity: the one this file sees
                    same = [c for c in same if self._sees(path, c)] or same
                if shared in same:
                    out.append(entity)
                    break
                above = same[0] if same else self._by_name.get(name)
                name, path = (above.base, above.path) if above is not None else (None, path)
        return out

    def _sees(self, path: str, shared: _Shared) -> bool:
        """Whether the file at ``path`` names ``shared``'s class: same package, or imports it."""
        package = _PACKAGE_LINE.search(self._texts.get(shared.path, ""))
        if package is None:
            return False
        text = self._texts.get(path, "")
        own = _PACKAGE_LINE.search(text)
        if own is not None and own.group(1) == package.group(1):
            return True
        wanted = {f"{package.group(1)}.{shared.name}", f"{package.group(1)}.*"}
        return any(m.group(1) in wanted for m in _IMPORT_LINE.finditer(text))

    def settle_shared(
        self, references: list[Reference], targets: Iterable[Target]
    ) -> list[Reference]:
        """``references`` with each high-confidence column mapping in a mapped
        superclass or embeddable kept only when every table it maps (its users')
        renames that column to one new name; else plain, labelled
        :data:`SHARED_LABEL` with the tables still using the old name."""
        if not self._shared:
            return references
        columns = [t for t in targets if t.kind == "column"]
        verdicts: dict[tuple[str, int, int], str | None] = {}
        out: list[Reference] = []
        for ref in references:
            shared = next(
                (c for c in self._shared if c.path == ref.path and c.first <= ref.line <= c.last),
                None,
            )
            if shared is None or ref.confidence != HIGH or ref.target.kind != "column":
                out.append(ref)
                continue
            place = (ref.path, ref.line, ref.column)
            if place not in verdicts:
                verdicts[place] = self._shared_verdict(shared, ref, columns)
            detail = verdicts[place]
            out.append(ref if detail is None else replace(ref, confidence=PLAIN, context=detail))
        return out

    def _shared_verdict(self, shared: _Shared, ref: Reference, columns: list[Target]) -> str | None:
        """None when every user's table renames the column ``ref`` names alike;
        else the label saying which tables keep the old name."""
        users = self._users(shared)
        if not users:
            return None  # no entity of these files uses it: nothing says otherwise
        written = ref.name.casefold()
        kept: list[str] = []
        renamed: dict[str, set[str]] = {}
        for entity in users:
            shown, names = self._table_names(entity)
            news = {
                t.target or ""
                for t in columns
                if written in {n.casefold() for n in (*t.old_names, *t.stored)}
                and not {_bare(n).casefold() for n in t.tables}.isdisjoint(names)
            }
            if news:
                renamed.setdefault(entity.name, set()).update(news)
            else:
                kept.append(shown)
        news = set().union(*renamed.values()) if renamed else set()
        if not kept and len(news) == 1:
            return None
        text = self._texts.get(ref.path, "")
        attribute = _mapped_attribute(text, ref.line) or "<attribute>"
        new = sorted(news)[0] if news else ref.target.target or ""
        kept_text = ", ".join(sorted(dict.fromkeys(kept))) or "none"
        return (
            f"{SHARED_LABEL}: the {shared.kind} {shared.name} maps {ref.name} for "
            f"{len(users)} {'entity' if len(users) == 1 else 'entities'}; "
            f"tables still using {ref.name}: {kept_text}; give each "
            f"renamed entity ({', '.join(sorted(renamed))}) "
            f'@AttributeOverride(name = "{attribute}", column = @Column(name = "{new}"))'
        )

    def _root(self, entity: _Entity) -> _Entity:
        seen = {id(entity)}
        while entity.base is not None and entity.base in self._by_name:
            base = self._by_name[entity.base]
            if id(base) in seen:
                break
            seen.add(id(base))
            entity = base
        return entity

    def _own_table(self, entity: _Entity) -> bool:
        """Whether the entity has a table of its own (not single-table inheritance)."""
        if entity.base is None or entity.base not in self._by_name:
            return True
        return self._root(entity).split

    def _tables(self, entity: _Entity) -> tuple[str, ...]:
        """The physical names the entity's table may have (either naming strategy)."""
        if entity.table_name is not None:
            logical = entity.table_name
        elif entity.explicit:
            return ()
        else:
            logical = entity.entity_name
        return tuple(dict.fromkeys((spring_physical_name(logical), logical)))

    def references(self, targets: Iterable[Target]) -> Iterator[Reference]:
        """A high-confidence reference per entity (or element collection) whose
        conventional table is a target's old name."""
        tables: dict[str, list[Target]] = {}
        for target in targets:
            if target.kind in _TABLE_KINDS:
                for old in dict.fromkeys((*target.old_names, *target.stored)):
                    tables.setdefault(old.casefold(), []).append(target)
        if not tables:
            return
        for entity in self._entities:
            if not self._own_table(entity):
                continue
            if not entity.explicit:
                for target in _matching(tables, entity.entity_name):
                    yield Reference(
                        entity.path,
                        entity.line,
                        entity.column + 1,
                        entity.column + len(entity.name) + 1,
                        entity.source,
                        entity.name,
                        target,
                        HIGH,
                        LABEL,
                    )
            for line, column, source, attribute, element in entity.many:
                other = self._by_name.get(element) if element is not None else None
                others = self._tables(other) if other is not None else ()
                for target in _join_tables(tables, self._tables(entity), attribute, others):
                    yield Reference(
                        entity.path,
                        line,
                        column + 1,
                        column + len("@ManyToMany") + 1,
                        source,
                        source[column : column + len("@ManyToMany")],
                        target,
                        HIGH,
                        JOIN_LABEL,
                    )
            for line, column, source, attribute in entity.collections:
                logical = f"{entity.entity_name}_{attribute}"
                for target in _matching(tables, logical):
                    yield Reference(
                        entity.path,
                        line,
                        column + 1,
                        column + len("@ElementCollection") + 1,
                        source,
                        source[column : column + len("@ElementCollection")],
                        target,
                        HIGH,
                        COLLECTION_LABEL,
                    )


def _join_tables(
    tables: dict[str, list[Target]],
    owner: tuple[str, ...],
    attribute: str,
    other: tuple[str, ...],
) -> list[Target]:
    """Targets an owning ``@ManyToMany``'s implicit join table may be: Spring
    Boot's ``SpringImplicitNamingStrategy`` names it ``<owning physical
    table>_<attribute>``, Hibernate's ``ImplicitNamingStrategyJpaCompliantImpl``
    ``<owning physical table>_<other physical table>``; then the physical
    naming applies."""
    logical = [f"{t}_{attribute}" for t in owner]
    logical += [f"{t}_{o}" for t in owner for o in other]
    return list(dict.fromkeys(t for name in logical for t in _matching(tables, name)))


def _matching(tables: dict[str, list[Target]], logical: str) -> list[Target]:
    """Targets named by ``logical`` under either physical naming strategy."""
    names = dict.fromkeys((spring_physical_name(logical), logical.casefold()))
    return list(dict.fromkeys(t for n in names for t in tables.get(n, ())))


_IMPORTS = lazy_compile(r"^\s*import\s+((?:jakarta|javax)\.persistence)\.(\*|\w+)", re.MULTILINE)


def annotation(text: str, label: str, new: str) -> str:
    """The annotation mapping a convention-named table to ``new``.

    ``@Table(name = "new")`` for an entity, ``@CollectionTable(name =
    "new")`` for an element collection, qualified with the file's
    persistence package unless the file imports the class or the package's
    ``*``.
    """
    simple = {LABEL: "Table", COLLECTION_LABEL: "CollectionTable"}.get(label, "JoinTable")
    imported = {(m.group(1), m.group(2)) for m in _IMPORTS.finditer(text)}
    packages = {p for p, _ in imported}
    if not packages or any(p for p, n in imported if n in {"*", simple}):
        written = simple
    else:
        written = f"{sorted(packages)[0]}.{simple}"
    return f'@{written}(name = "{new}")'


def join_table_notes(
    path: str, text: str, line: int, new: str, pinned: Collection[int] = ()
) -> list[str]:
    """Notes on the owning ``@ManyToMany`` attributes of the entity at ``line``
    that name no ``@JoinTable``.

    Hibernate's JPA-compliant implicit naming makes such a join table
    ``<owning table>_<other table>`` from the *physical* table names, so
    mapping the entity to ``new`` moves it to a table no migration made.
    ``pinned``: lines of ``@ManyToMany`` attributes the patch gives a
    ``@JoinTable`` anyway.
    """
    code = _blank_comments(text)
    start = sum(len(x) + 1 for x in text.split("\n")[: line - 1])
    following = _ENTITY.search(code, start)
    end = following.start() if following is not None else len(code)
    notes: list[str] = []
    for found in _MANY_TO_MANY.finditer(code, start, end):
        annotations, at = _annotations(code, found.start(), end)
        earlier, _ = _annotations(code, _run_start(code, found.start()), found.start())
        names = {n for n, _a in annotations + earlier}
        owning = not any("mappedBy" in a for n, a in annotations if n == "ManyToMany")
        if "JoinTable" in names or not owning:
            continue
        number, _column, _source = _position(text, found.start())
        if number in pinned:
            continue
        attribute = _attribute(code, at, end) or "?"
        notes.append(
            f"{path}:{number}: @ManyToMany {attribute} names no @JoinTable: Hibernate names "
            f"its join table after the owning entity's table, which this patch maps to {new}; "
            f'add @JoinTable(name = "<its current name>") so it keeps its table'
        )
    return notes


def _uses_type(body: str, name: str, entity: str) -> bool:
    """Whether an entity's source from its class line declares an attribute of type ``name``."""
    if name == entity:
        return False
    return re.search(rf"(?<![\w$.]){re.escape(name)}(?![\w$])", body) is not None


def _mapped_attribute(text: str, line: int) -> str | None:
    """The attribute the annotation run on 1-based ``line`` is on."""
    code = _blank_comments(text)
    lines = code.split("\n")
    start = sum(len(x) + 1 for x in lines[: line - 1])
    at = code.find("@", start)
    if at < 0:
        return None
    _found, end = _annotations(code, _run_start(code, at), len(code))
    return _attribute(code, end, len(code))


def shared_notes(references: Iterable[Reference]) -> list[str]:
    """A note per place :meth:`JpaEntities.settle_shared` left as written."""
    return list(
        dict.fromkeys(
            f"{r.path}:{r.line}:{r.column}: {r.name} not rewritten: "
            + r.context.removeprefix(SHARED_LABEL + ": ")
            for r in references
            if r.context.startswith(SHARED_LABEL)
        )
    )
