"""DDL that Go ORMs build from structs, not SQL text.

The gate refuses new DDL strings in Go code it does not read as a schema
(``DBN013``); an ORM that makes tables, columns and indexes from Go structs
holds no string to find, so a new migration of them passed it unread (trial
s38 gogs: ``db.AutoMigrate(&BadThing{})`` with ``gorm:"column:OwnerRef;
uniqueIndex:UQ_Bad"``, ``db.Migrator().AddColumn(&User{}, "BadCol")``;
Gitea's ``x.Sync(new(T))`` in ``models/migrations/v1_NN/vNNN.go``). The ORMs
whose schema calls are told here, each only in a file that imports it (a
``Sync`` of another object is no DDL):

- GORM (``gorm.io/gorm``; jinzhu's ``github.com/jinzhu/gorm``): ``AutoMigrate``
  and the ``Migrator`` methods that make or rename names (GORM docs,
  "Migration > Migrator Interface"): ``CreateTable``, ``AddColumn``,
  ``AlterColumn``, ``MigrateColumn``, ``RenameColumn``, ``RenameTable``,
  ``CreateIndex``, ``RenameIndex``, ``CreateConstraint``, ``CreateView``;
  jinzhu's v1 ``AddIndex``, ``AddUniqueIndex``, ``AddForeignKey``,
  ``ModifyColumn``.
- xorm (``xorm.io/xorm``, ``github.com/go-xorm/xorm``): ``Sync``, ``Sync2``,
  ``CreateTables``, ``CreateTable``, ``CreateIndexes``, ``CreateUniques``
  (xorm docs, "Sync database schema" and "Table operations").

A call is such a word after ``.`` and before ``(`` with an argument, outside
comments and strings (``file.Sync()`` takes none).
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.gormconv import mask
from dbnamelint.impact.modpaths import go_imports

_GORM = frozenset({"gorm.io/gorm", "github.com/jinzhu/gorm"})
_XORM = frozenset({"xorm.io/xorm", "github.com/go-xorm/xorm"})
_GORM_CALL = lazy_compile(
    r"AutoMigrate|CreateTable|AddColumn|AlterColumn|MigrateColumn|RenameColumn|RenameTable"
    r"|CreateIndex|RenameIndex|CreateConstraint|CreateView"
    r"|AddIndex|AddUniqueIndex|AddForeignKey|ModifyColumn"
)
_XORM_CALL = lazy_compile(r"Sync2?|CreateTables?|CreateIndexes|CreateUniques")
#: ``.Name(`` followed by something other than ``)``: a call with an argument.
_CALL = lazy_compile(r"\.\s*([A-Z]\w*)\s*\(\s*(?!\))")


#: A query builder's chain's end: ``.ToSQL()`` (WriteFreely's ``db`` package),
#: ``.ToSql()`` (squirrel's).
_TO_SQL = lazy_compile(r"\.\s*ToS(?:QL|ql)\s*\(\s*\)")
#: A builder call that names a table to make, alter, drop or rename.
_TABLE_CALL = lazy_compile(r"\b((?:Create|Alter|Drop|Rename)?Table)\s*\(\s*(?!\))")
#: How far before its ``ToSQL()`` a chain's table call is looked for.
_CHAIN = 3000


def _sql_builder_calls(code: str) -> list[tuple[int, str]]:
    """(line, ``SQL builder Name()``) of the table call of each query builder
    chain of masked Go ``code`` that ends in ``ToSQL()``: a project's own DDL
    builder (WriteFreely's ``dialect.Table("oauth_users").Column(...).ToSQL()``,
    ``dialect.AlterTable(...)``: trial s39, a new migration written so passed
    unread). A chain of no table call (squirrel's ``Select(...).From(...)``)
    is none."""
    out: list[tuple[int, str]] = []
    last = 0
    for end in _TO_SQL.finditer(code):
        start = max(last, end.start() - _CHAIN)
        last = end.end()
        found = _TABLE_CALL.search(code, start, end.start())
        if found is not None:
            line = code.count("\n", 0, found.start(1)) + 1
            out.append((line, f"SQL builder {found.group(1)}()"))
    return out


def builder_calls(path: str, text: str) -> list[tuple[int, str]]:
    """(line, ``ORM Name()``) of each schema call of GORM or xorm in the Go
    file ``text`` at ``path`` (none when it imports neither), and of each
    query builder chain that makes DDL (:func:`_sql_builder_calls`)."""
    imported = {p for _n, p in go_imports(path, text)}
    gorm = bool(imported & _GORM)
    xorm = bool(imported & _XORM)
    if not (gorm or xorm):
        return _sql_builder_calls(mask(text)) if "ToS" in text else []
    code = mask(text)
    out: list[tuple[int, str]] = _sql_builder_calls(code) if "ToS" in text else []
    for m in _CALL.finditer(code):
        word = m.group(1)
        if gorm and _GORM_CALL.fullmatch(word):
            label = f"GORM {word}()"
        elif xorm and _XORM_CALL.fullmatch(word):
            label = f"xorm {word}()"
        else:
            continue
        out.append((code.count("\n", 0, m.start(1)) + 1, label))
    return sorted(out)


__all__ = ["builder_calls"]
