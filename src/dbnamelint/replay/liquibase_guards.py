"""Liquibase ``preConditions`` evaluated while replay runs.

A changeset's schema preconditions (``tableExists``, ``columnExists``,
``indexExists``, ``foreignKeyConstraintExists``, ``primaryKeyExists``,
``viewExists``, ``sequenceExists``, with ``and``/``or``/``not``) test the
database as it is when Liquibase reaches the changeset (each
``*ExistsPrecondition.check`` asks ``SnapshotGeneratorFactory.has`` of the
live database), so replay evaluates them once, against the schema it has
built up to the changeset's first event, and skips the whole changeset when
they fail with ``onFail`` ``MARK_RAN`` or ``CONTINUE`` (Liquibase's
``ChangeSet.execute``: ``MARK_RAN`` records it as run, ``CONTINUE`` skips
it and tries again next update). ``changeSetExecuted`` is True for a
changeset replay ran or marked ran before (``getRanChangeSetList``: a
``MARK_RAN`` one is listed too), False for one of a changelog replay has not
run (a database the files built has no such row in ``DATABASECHANGELOG``:
OpenMRS's guards naming the long-gone ``liquibase-update-to-latest.xml``).
``not`` fails when any nested one holds (``NotPrecondition``); ``or`` holds
when one does. A ``sqlCheck`` counting catalog rows (``COUNT(*)`` over
``information_schema.tables`` ... ``WHERE table_name = 'x'``) is answered
from the model (:mod:`.liquibase_sql_checks`). What replay cannot evaluate
(another ``sqlCheck``, ``runningAs``, a ``changeSetExecuted`` of a changeset
it did not see in a changelog it ran: one that makes no event) counts as
holding: the changeset is replayed as before. A failing guard with
``onFail`` ``HALT`` (the default) stops a real update with an error;
replay runs the changeset and says so (``DBN011``).
"""

from __future__ import annotations

from dbnamelint.dialects import Family
from dbnamelint.kinds import ObjectKind
from dbnamelint.liquibase_sql_check import parse
from dbnamelint.model import ConstraintType, Precondition
from dbnamelint.replay.liquibase_sql_checks import holds
from dbnamelint.replay.model import Node
from dbnamelint.replay.namespace import Namespace

__all__ = ["GUARD_CODE", "GUARD_SKIPPED", "SKIPPED_CODE", "evaluate", "unanswered"]

#: A guard that fails where Liquibase halts: the DBN011 note.
GUARD_CODE = "DBN011"
#: A changeset skipped for its guard: the DBN007 note, whose message starts
#: so (the gate judges the names of such changesets a change adds: another
#: database, in another state, runs them).
SKIPPED_CODE = "DBN007"
GUARD_SKIPPED = "changeset not replayed: its preConditions fail"

_INDEX_TYPES = frozenset({ConstraintType.UNIQUE, ConstraintType.PRIMARY_KEY})


def evaluate(ns: Namespace, test: Precondition, executed: dict[str, bool]) -> bool | None:
    """Whether ``test`` holds on the schema in ``ns`` (None: not evaluated);
    ``executed``: changeset key (``path::id::author``) -> ran or marked ran."""
    tag = test.tag
    if tag in ("and", "or", "not"):
        said = [evaluate(ns, child, executed) for child in test.children]
        if tag == "and":
            return False if False in said else (None if None in said else True)
        if tag == "or":
            return True if True in said else (None if None in said or not said else False)
        return False if True in said else (None if None in said else True)
    if tag == "true":
        return True
    if tag == "false":
        return False
    if tag == "changesetexecuted":
        return _executed(test, executed)
    if tag == "sqlcheck":
        check = parse(test.get("sql") or "")
        return None if check is None else holds(ns, check, test.get("expectedResult"))
    get = test.get
    schema = get("schemaName")
    if tag == "tableexists":
        return _top(ns, ObjectKind.TABLE, schema, get("tableName")) is not None
    if tag == "viewexists":
        return _top(ns, ObjectKind.VIEW, schema, get("viewName")) is not None
    if tag == "sequenceexists":
        return _top(ns, ObjectKind.SEQUENCE, schema, get("sequenceName")) is not None
    if tag == "columnexists":
        table = _top(ns, ObjectKind.TABLE, schema, get("tableName"))
        column = get("columnName")
        if table is None or column is None:
            return False if column is not None else None
        return _child(ns, table, ObjectKind.COLUMN, column) is not None
    if tag == "foreignkeyconstraintexists":
        name = get("foreignKeyName")
        if name is None:
            return None
        fk_table = _named_table(ns, schema, get("foreignKeyTableName"))
        if fk_table is False:
            return False
        found = ns.find_wide(
            ObjectKind.CONSTRAINT,
            schema,
            name,
            False,
            owner=fk_table if isinstance(fk_table, Node) else None,
            types=frozenset({ConstraintType.FOREIGN_KEY}),
        )
        return found is not None and found.alive
    if tag == "primarykeyexists":
        pk_table = _named_table(ns, schema, get("tableName"))
        if pk_table is False:
            return False
        name = get("primaryKeyName")
        if isinstance(pk_table, Node):
            keys = [
                node
                for node in pk_table.children.values()
                if node.alive and node.constraint_type is ConstraintType.PRIMARY_KEY
            ]
            if not keys or name is None or ns.family is Family.MYSQL:
                return bool(keys)  # MySQL's primary key is always called PRIMARY
            return any(ns.key(k.name, k.quoted) == ns.key(name, False) for k in keys)
        if name is None:
            return None
        found = ns.find_wide(
            ObjectKind.CONSTRAINT,
            schema,
            name,
            False,
            types=frozenset({ConstraintType.PRIMARY_KEY}),
        )
        return found is not None and found.alive
    if tag == "indexexists":
        return _index(ns, schema, get("indexName"), get("tableName"), get("columnNames"))
    return None


def unanswered(ns: Namespace, test: Precondition) -> bool:
    """Whether a ``sqlCheck`` under ``test`` that the reader took as one
    replay counts finds the model unable to say (a table the files never
    create, an index on expressions): the changeset then runs as if it held."""
    if test.tag == "sqlcheck":
        return evaluate(ns, test, {}) is None
    return any(unanswered(ns, child) for child in test.children)


def _top(ns: Namespace, kind: ObjectKind, schema: str | None, name: str | None) -> Node | None:
    if name is None:
        return None
    found = ns.find_top((kind,), schema, name, False)
    return found if found is not None and found.alive and not found.ghost else None


def _named_table(ns: Namespace, schema: str | None, name: str | None) -> Node | bool | None:
    """The table ``name`` (None when not given; False when given and absent)."""
    if name is None:
        return None
    found = _top(ns, ObjectKind.TABLE, schema, name)
    return False if found is None else found


def _child(ns: Namespace, table: Node, kind: ObjectKind, name: str) -> Node | None:
    found = ns.find_child(table, kind, name, False)
    return found if found is not None and found.alive else None


def _index(
    ns: Namespace,
    schema: str | None,
    name: str | None,
    table_name: str | None,
    columns: str | None,
) -> bool | None:
    """``indexExists``: Liquibase's snapshot lists as indexes those of the
    unique keys (and, on MySQL/MariaDB, of every key) too."""
    table = _named_table(ns, schema, table_name)
    if table is False:
        return False
    owner = table if isinstance(table, Node) else None
    if name is not None:
        for kind, types in ((ObjectKind.INDEX, None), (ObjectKind.CONSTRAINT, _INDEX_TYPES)):
            found = ns.find_wide(kind, schema, name, False, owner=owner, types=types)
            if found is not None and found.alive:
                return True
        if ns.family is Family.MYSQL:
            found = ns.find_wide(ObjectKind.CONSTRAINT, schema, name, False, owner=owner)
            if found is not None and found.alive:
                return True  # a foreign key's index takes the key's name
        return False
    if owner is None or not columns:
        return None
    wanted = [c.strip().lower() for c in columns.split(",")]
    return any(
        node.alive
        and (node.kind is ObjectKind.INDEX or node.constraint_type in _INDEX_TYPES)
        and [c.lower() for c in node.columns] == wanted
        for node in owner.children.values()
    )


def _executed(test: Precondition, executed: dict[str, bool]) -> bool | None:
    """``changeSetExecuted``: its ``changeLogFile`` is the path Liquibase
    logged (relative to its search path), so a changelog whose path ends
    with it is the one meant."""
    wanted_id, author = test.get("id"), test.get("author")
    log = (test.get("changeLogFile") or "").replace("\\", "/").lstrip("/")
    if wanted_id is None:
        return None
    for key, ran in executed.items():
        path, _, rest = key.partition("::")
        key_id, _, key_author = rest.rpartition("::")
        if key_id != wanted_id or (author is not None and key_author != author):
            continue
        if not log or path == log or path.endswith("/" + log):
            return ran
    if log and not any(
        (path := key.partition("::")[0]) == log or path.endswith("/" + log) for key in executed
    ):
        # a changelog replay has not run: a database these files built never
        # ran it (Liquibase looks the changeset up in DATABASECHANGELOG)
        return False
    return None
