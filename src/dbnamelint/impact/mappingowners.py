"""Whose column an ORM's column mapping names: the table of its struct or class.

A column mapping (``orm:"column(username)"``, ``db:"username"``,
``Column("username")``, ``@Column(name = "username")``...) is read where the
text before the name matches the ORM's pattern (:mod:`~dbnamelint.impact.classify`),
which says nothing of the table: harbor's ``AuditLog`` (``TableName()``
returns ``"audit_log"``) and ``User`` (``models.UserTable``) had their
``column(username)`` rewritten to ``access_key`` for the rename of
``registry.username`` (trial s33, harbor). A mapping names a column of the
table its struct or class maps:

- Go: the struct whose body holds the tag; its table is its package's
  ``TableName()`` (:mod:`~dbnamelint.impact.gorm`), else Beego's convention
  for a registered model (:mod:`~dbnamelint.impact.beego`), else GORM's for a
  struct of a file importing GORM (:mod:`~dbnamelint.impact.gormconv`).
  sqlx's and bun's ``db``/``bun`` tags name the columns of whatever query
  scans the struct: no table.
- Python: the call the mapping is an argument of (``Table("t", ...)``,
  Alembic's ``op.create_table("t", ...)``), else the top-level class holding
  it: ``__tablename__``, Django's ``db_table``, else Django's default
  ``<app_label>_<model>`` (any schema table ending ``_<model>``).
- TypeScript/JavaScript: drizzle's ``pgTable("t", {...})`` the column is in,
  else the class's ``@Entity("t")``/``@Entity({ name: "t" })``, else
  TypeORM's default naming (``DefaultNamingStrategy.tableName``: the class
  name in snake_case).
- Java/Kotlin: the class's ``@Table(name = "t")`` or MyBatis-Plus
  ``@TableName("t")``, else JPA's entity name (``@Entity(name = ...)`` or the
  class name) as is or as Spring's naming writes it (a mapped superclass's or
  embeddable's are its users' tables': :mod:`~dbnamelint.impact.jpa`); a join column's
  ``referencedColumnName`` and ``@JoinTable``'s columns name other tables' and
  are left as found.
- Rust: the struct's ``#[sea_orm(table_name = "t")]`` or
  ``#[diesel(table_name = t)]``; sqlx's ``FromRow`` structs map no table.

A mapping whose table is known and is not the column's table is no reference
at all (dropped); one whose table is not known (or not in the schema) stays
high only when every table with a column of that name renames it alike
(:meth:`~dbnamelint.impact.scan.Matcher.renamed_alike`), else it is plain,
listed with the reason and left out of ``--diff``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact import gormconv
from dbnamelint.impact.beego import snake_string
from dbnamelint.impact.classify import HIGH, PLAIN
from dbnamelint.impact.gormfields import closing_brace
from dbnamelint.impact.jpasql import spring_physical_name
from dbnamelint.impact.scan import Reference

#: Go struct tags, whose struct's table decides.
GO_LABELS = frozenset(
    {
        "Go struct tag db",
        "Go struct tag bun",
        "Go struct tag gorm column",
        "Go struct tag orm column",
    }
)
#: Column mappings of classes (and Rust structs, drizzle's table objects).
CLASS_LABELS = frozenset(
    {
        "SQLAlchemy Column()",
        "Django db_column",
        "Drizzle column",
        "TypeORM @Column",
        "JPA @Column",
        "Doctrine ORM Column",
        "Doctrine ORM Index",
        "MyBatis-Plus @TableField",
        "SeaORM column_name",
        "sqlx rename",
        "Diesel column_name",
    }
)
#: Appended to the context of a mapping left plain: its table is not known.
UNKNOWN_TABLE = " (its struct's table not known)"

_LITERAL = r"""["'`]([^"'`\n]+)["'`]"""
#: Class (struct) declarations per file suffix: a unit runs to the next one.
_CLASS_LINES: dict[str, re.Pattern[str]] = {
    ".py": lazy_compile(r"^class[ \t]+([A-Za-z_]\w*)", re.M),
    ".ts": lazy_compile(
        r"^[ \t]*(?:export[ \t]+)?(?:default[ \t]+)?(?:abstract[ \t]+)?class[ \t]+"
        r"([A-Za-z_$][\w$]*)",
        re.M,
    ),
    ".java": lazy_compile(
        r"^[ \t]*(?:(?:public|protected|private|internal|abstract|final|open|data|static"
        r"|sealed)[ \t]+)*class[ \t]+([A-Za-z_$][\w$]*)",
        re.M,
    ),
    ".rs": lazy_compile(r"^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?struct[ \t]+([A-Za-z_]\w*)", re.M),
    ".php": lazy_compile(r"^[ \t]*(?:(?:abstract|final|readonly)[ \t]+)*class[ \t]+(\w+)", re.M),
}
_SUFFIX_FAMILY = {
    ".py": ".py",
    ".ts": ".ts",
    ".tsx": ".ts",
    ".mts": ".ts",
    ".cts": ".ts",
    ".js": ".ts",
    ".jsx": ".ts",
    ".mjs": ".ts",
    ".cjs": ".ts",
    ".java": ".java",
    ".kt": ".java",
    ".rs": ".rs",
    ".php": ".php",
}
#: A class's table, said in its body (Python).
_BODY_TABLES = lazy_compile(
    rf"\b(?:__tablename__[ \t]*(?::[^=\n]*)?|db_table[ \t]*)=[ \t]*{_LITERAL}"
)
#: A class's table, said by an annotation before it.
_HEAD_TABLES = lazy_compile(
    rf"(?:@(?:[\w.]+\.)?(?:Table|TableName)\(\s*(?:[^()]*?\b(?:name|value)\s*=\s*)?"
    rf"|@Entity\(\s*(?:\{{[^}}]*?\b(?:name|tableName)\s*:\s*)?"
    rf"|#\[\s*sea_orm\s*\([^)\]]*\btable_name\s*=\s*){_LITERAL}"
    r"|#\[\s*diesel\s*\([^)\]]*\btable_name\s*=\s*(?:\w+\s*::\s*)*(\w+)"
    # Doctrine ORM: #[ORM\Table(name: 't')], #[ORM\Table('t')], @ORM\Table(name="t")
    rf"|(?:#\[(?:[^\]\n]*?[,\s])?|@)(?:\\?Doctrine\\ORM\\Mapping\\|ORM\\)?Table\(\s*"
    rf"(?:[^()]*?\bname\s*[:=]\s*)?{_LITERAL}"
)
#: JPA's ``@Entity`` (its name, if given) before a class.
_JPA_ENTITY = lazy_compile(
    r"@(?:(?:jakarta|javax)\.persistence\.)?Entity\b(?:\s*\(\s*(?:name\s*=\s*)?\"([^\"]*)\")?"
)
_JPA_SHARED = lazy_compile(
    r"@(?:(?:jakarta|javax)\.persistence\.)?(?:MappedSuperclass|Embeddable)\b"
)
_TYPEORM_ENTITY = lazy_compile(r"@Entity\(")
#: Calls whose first argument is the table the mappings among their arguments map.
_TABLE_CALLS: dict[str, re.Pattern[str]] = {
    ".py": lazy_compile(
        rf"(?:(?<![\w.])|\b(?:sa|sqlalchemy|op|batch_op)\.)(?:Table|create_table|add_column"
        rf"|alter_column|batch_alter_table)\(\s*{_LITERAL}"
    ),
    ".ts": lazy_compile(
        rf"\b(?:pg|mysql|sqlite|singlestore)(?:Table|View|MaterializedView)\(\s*{_LITERAL}"
    ),
}
#: A JPA mapping that names another table's column (a join's referenced one) or a join table's.
_JPA_OTHER = lazy_compile(r"referencedColumnName|JoinTable|joinColumns|inverseJoinColumns")
#: A Python line at the module's level (no comment, no decorator: the next class's).
_TOP_LEVEL = lazy_compile(r"^[^\s#@)\]}]", re.M)
_STRING = lazy_compile(r"\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`[^`]*`")


def _bare(name: str) -> str:
    return name.rpartition(".")[2].strip('"`[]').casefold()


@dataclass
class _File:
    """What one file's mappings are read against (computed once per file)."""

    text: str
    starts: list[int]
    masked: str | None = None
    structs: list[tuple[str, int, int]] | None = None  # Go: (name, brace, close)
    classes: list[tuple[str, int]] | None = None  # (name, offset of the class line)
    extra: dict[str, object] = field(default_factory=dict)


class MappingOwners:
    """Settles column mappings by the table their struct or class maps."""

    def __init__(
        self,
        read: Callable[[str], str | None],
        schema_tables: Iterable[str],
        renamed_alike: Callable[[str], bool],
        *,
        folder_tables: Mapping[str, Mapping[str, str | None]] | None = None,
        beego_tables: Mapping[tuple[str, str], str] | None = None,
        gorm_tables: Mapping[str, str | None] | None = None,
        renamed_tables: Iterable[tuple[str, Iterable[str]]] = (),
    ) -> None:
        """``read``: a file's text by its path; ``schema_tables``: the schema's
        tables and views; ``renamed_alike``: whether a column name is renamed
        alike whichever table has it; ``folder_tables``: per Go folder, per
        type, its ``TableName()``; ``beego_tables``: per (path, type) of a
        registered Beego model, its table; ``gorm_tables``: per struct of the
        files importing GORM, its table; ``renamed_tables``: (new name, old
        names) of each table a phase renames (a patched model names the new
        one before the schema does)."""
        self._read = read
        self._schema = frozenset(_bare(t) for t in schema_tables)
        self._alike = renamed_alike
        self._folder_tables = folder_tables or {}
        self._beego = beego_tables or {}
        self._gorm = gorm_tables or {}
        self._files: dict[str, _File | None] = {}
        self._renamed: dict[str, set[str]] = {}
        for new, olds in renamed_tables:
            self._renamed.setdefault(_bare(new), set()).update(_bare(o) for o in olds)

    def settle(self, references: Iterable[Reference]) -> list[Reference]:
        """``references`` with each column mapping of another table's struct
        dropped and each of a struct whose table is not known plain (unless
        its name is renamed alike)."""
        out: list[Reference] = []
        for ref in references:
            label = ref.context
            if ref.target.kind != "column" or (
                label not in GO_LABELS and label not in CLASS_LABELS
            ):
                out.append(ref)
                continue
            owners = self._owners(ref)
            if owners is None:
                out.append(ref)  # not to be told here (a JPA join's other table)
                continue
            owners = owners.union(*(self._renamed.get(o, ()) for o in owners))
            own = {_bare(t) for t in ref.target.tables}
            known = {o for o in owners if o in self._schema}
            if known & own:
                out.append(ref)
            elif known:
                continue  # another table's column of the same name
            elif ref.confidence == HIGH and not self._alike(ref.name):
                out.append(replace(ref, confidence=PLAIN, context=label + UNKNOWN_TABLE))
            else:
                out.append(ref)
        return out

    def _file(self, path: str) -> _File | None:
        if path not in self._files:
            text = self._read(path)
            if text is None:
                self._files[path] = None
            else:
                starts = [0, *(m.end() for m in re.finditer("\n", text))]
                self._files[path] = _File(text, starts)
        return self._files[path]

    def _owners(self, ref: Reference) -> set[str] | None:
        """The tables (folded, bare) the mapping's struct or class may map; empty:
        not known; None: the mapping is not its class's column."""
        file = self._file(ref.path)
        if file is None or ref.line > len(file.starts):
            return set()
        at = file.starts[ref.line - 1] + ref.column - 1
        if ref.context in GO_LABELS:
            return self._go_owners(ref.path, file, at)
        if ref.context == "JPA @Column" and _JPA_OTHER.search(ref.text):
            return None
        suffix = "." + ref.path.rpartition(".")[2].lower()
        family = _SUFFIX_FAMILY.get(suffix)
        if family is None:
            return set()
        call = _TABLE_CALLS.get(family)
        if call is not None:
            found = _enclosing_call(file, call, at)
            if found is not None:
                return {_bare(found)}
        return self._class_owners(file, family, at, ref.context)

    def _go_owners(self, path: str, file: _File, at: int) -> set[str]:
        if file.structs is None:
            file.masked = gormconv.mask(file.text)
            file.structs = []
            for name, offset in gormconv.structs(file.text):
                brace = file.text.find("{", offset)
                if brace >= 0:
                    file.structs.append((name, brace, closing_brace(file.masked, brace)))
        inside = [s for s in file.structs if s[1] < at < s[2]]
        if not inside:
            return set()
        name = max(inside, key=lambda s: s[1])[0]  # the innermost (a nested type's own)
        own = self._folder_tables.get(path.rpartition("/")[0], {})
        if name in own:
            table = own[name]
            return set() if table is None else {_bare(table)}
        if (path, name) in self._beego:
            return {_bare(self._beego[(path, name)])}
        if gormconv.imports_gorm(path, file.text):
            table = self._gorm.get(name)
            return set() if table is None else {_bare(table)}
        return set()

    def _class_owners(self, file: _File, family: str, at: int, label: str) -> set[str] | None:
        if file.classes is None:
            pattern = _CLASS_LINES[family]
            file.classes = [(m.group(1), m.start()) for m in pattern.finditer(file.text)]
        index = -1
        for i, (_name, offset) in enumerate(file.classes):
            if offset <= at:
                index = i
        if label == "Doctrine ORM Index":
            # a class attribute, #[ORM\Index(...)] above the class line: the next class's
            index = next((i for i, (_n, offset) in enumerate(file.classes) if offset > at), -1)
        if index < 0:
            return set()
        name, offset = file.classes[index]
        head_start = file.classes[index - 1][1] if index else 0
        line_end = file.text.find("\n", offset)
        head = file.text[head_start : len(file.text) if line_end < 0 else line_end]
        if index:
            # the annotations after the previous class line: its body's own are on members
            head = head[head.find("\n") + 1 :]
        body_end = file.classes[index + 1][1] if index + 1 < len(file.classes) else len(file.text)
        if family == ".py":
            # The class ends at the next line the module's own level holds.
            dedent = _TOP_LEVEL.search(file.text, file.text.find("\n", offset) + 1, body_end)
            if dedent is not None:
                if dedent.start() <= at:
                    return set()  # a module-level statement, no class's
                body_end = dedent.start()
        body = file.text[offset:body_end]
        if family == ".py":
            found = _BODY_TABLES.search(body)
            if found is not None:
                return {_bare(found.group(1))}
            if label != "Django db_column":
                return set()  # SQLAlchemy: a mixin's, or a table a declared_attr names
            suffix = "_" + name.casefold()
            return {t for t in self._schema if t.endswith(suffix)}  # Django's app_label_model
        tables = [m.group(1) or m.group(2) or m.group(3) for m in _HEAD_TABLES.finditer(head)]
        tables = [t for t in tables if t]
        if tables:
            return {_bare(tables[-1])}
        if family == ".java":
            if _JPA_SHARED.search(head):
                return None  # its users' tables: :meth:`~.jpa.JpaEntities.settle_shared`
            entities = list(_JPA_ENTITY.finditer(head))
            if not entities:
                return set()
            entity = entities[-1]
            logical = entity.group(1) or name
            return {logical.casefold(), spring_physical_name(logical).casefold()}
        if family == ".ts" and _TYPEORM_ENTITY.search(head):
            return {snake_string(name).casefold()}
        return set()


def _enclosing_call(file: _File, pattern: re.Pattern[str], at: int) -> str | None:
    """The first argument of the last call matching ``pattern`` before ``at``
    whose parentheses are still open at ``at``."""
    found = None
    for match in pattern.finditer(file.text, 0, at):
        found = match
    if found is None:
        return None
    depth = 1
    for char in _STRING.sub('""', file.text[found.end() : at]):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if not depth:
                return None  # the call closed before the mapping
    return found.group(1)
