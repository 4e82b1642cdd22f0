"""DDL that Java and Kotlin libraries build from method calls, not SQL text.

A Flyway Java or Kotlin migration whose strings hold DDL is refused when new
(``DBN013``: :func:`~dbnamelint.services.code_gate.code_gate`); one that
builds the same DDL with a library's DSL held no string to find (trial s36
kestra, whose database layer is jOOQ: ``DSL.using(context.getConnection())
.createTable("JooqMigBad").column("FooBar", ...)`` passed with a hidden
``DBN014`` note). The libraries whose DDL builders are told here, each only
in a file that imports it (a call of another object of that name is no DDL):

- jOOQ (``org.jooq``): the DDL statements of ``DSLContext`` and ``DSL``
  (jOOQ manual, "DDL statements"): ``create[Temporary|GlobalTemporary]Table``,
  ``create[Or Replace|Materialized]View``, ``create[Unique]Index``,
  ``createSequence``, ``createSchema``, ``createType``, ``createDomain``,
  ``createFunction``, ``createProcedure``, ``createTrigger`` (each
  ``...IfNotExists`` too); ``alterTable`` (``renameTo``, ``addColumn``,
  ``renameColumn``, ``add(constraint(..))``), ``alterIndex``,
  ``alterSequence``, ``alterView``, ``alterSchema``, ``alterDomain``,
  ``alterType`` (each ``...IfExists`` too); ``ddl(..)`` and ``migrateTo(..)``
  (the DDL of a schema's meta).
- Exposed (``org.jetbrains.exposed``): ``SchemaUtils``' ``create``,
  ``createMissingTablesAndColumns``, ``addMissingColumnsStatements``,
  ``createIndex``, ``createSequence``, ``createSchema``, ``createStatements``
  and ``MigrationUtils.statementsRequiredForDatabaseMigration``: the tables,
  columns and indexes of the ``Table`` objects they are given.

A call is a word among those, after ``.`` (jOOQ: ``using(c).createTable``,
``DSL.createIndex``; Exposed: after ``SchemaUtils.``/``MigrationUtils.``) and
before ``(``, outside comments and strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile

#: An import of jOOQ or Exposed (``import org.jooq.impl.DSL``, ``import static org.jooq...``).
_JOOQ = lazy_compile(r"^\s*import\s+(?:static\s+)?org\.jooq\b", re.MULTILINE)
_EXPOSED = lazy_compile(r"^\s*import\s+org\.jetbrains\.exposed\b", re.MULTILINE)
#: jOOQ's DDL statement methods.
_JOOQ_CALL = lazy_compile(
    r"(?:create(?:OrReplace|Temporary|GlobalTemporary|Materialized|Unique)?"
    r"(?:Table|View|Index|Sequence|Schema|Type|Domain|Function|Procedure|Trigger)"
    r"(?:IfNotExists)?"
    r"|alter(?:Table|Index|Sequence|View|Schema|Domain|Type)(?:IfExists)?"
    r"|ddl|migrateTo)"
)
#: Exposed's schema methods that create or alter tables, columns, indexes.
_EXPOSED_CALL = lazy_compile(
    r"create(?:MissingTablesAndColumns|Index|Sequence|Schema|Statements)?"
    r"|addMissingColumnsStatements|statementsRequiredForDatabaseMigration"
)
_EXPOSED_OWNERS = frozenset({"SchemaUtils", "MigrationUtils"})


def builder_calls(text: str, tokens: Sequence[tuple[str, int]]) -> list[tuple[int, str]]:
    """(line, ``Library.call``) of each DDL builder call in the Java or Kotlin
    ``text``, cut into ``tokens`` (comments and strings are single tokens,
    so never matched); none when ``text`` imports neither library."""
    jooq = _JOOQ.search(text) is not None
    exposed = _EXPOSED.search(text) is not None
    if not (jooq or exposed):
        return []
    code = [t for t in tokens if not t[0].startswith(("//", "/*"))]
    out: list[tuple[int, str]] = []
    for at in range(1, len(code) - 1):
        word, line = code[at]
        if code[at - 1][0] != "." or code[at + 1][0] != "(":
            continue
        if jooq and _JOOQ_CALL.fullmatch(word):
            out.append((line, f"jOOQ {word}()"))
        elif (
            exposed
            and at >= 2
            and code[at - 2][0] in _EXPOSED_OWNERS
            and _EXPOSED_CALL.fullmatch(word)
        ):
            out.append((line, f"Exposed {code[at - 2][0]}.{word}()"))
    return out
