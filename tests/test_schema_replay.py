"""Replaying naming events into the final schema.

Events are built by hand, shaped the way the parsing layer emits them (see
the conventions in ``Event``'s docstring), so these tests pin the replay
semantics without depending on sqlglot. Where an expectation is about what
PostgreSQL itself does (implicit names after renames, DROP COLUMN), it was
checked against a PostgreSQL 15 server with the SQL quoted in the comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count

import pytest
from msgspec.structs import replace

from dbnamelint.model import (
    TABLE_ATTACHED_KINDS,
    Comment,
    ConstraintType,
    Event,
    EventOp,
    Location,
    ObjectKind,
    QualifiedName,
    Schema,
    SchemaObject,
    Severity,
    SourceFile,
)
from dbnamelint.replay.engine import replay
from dbnamelint.replay.state import NOT_CREATED, REDEFINED

T = ObjectKind.TABLE
COL = ObjectKind.COLUMN
CON = ObjectKind.CONSTRAINT
IDX = ObjectKind.INDEX
VIEW = ObjectKind.VIEW
PK = ConstraintType.PRIMARY_KEY
FK = ConstraintType.FOREIGN_KEY
UQ = ConstraintType.UNIQUE
CK = ConstraintType.CHECK


def qn(text: str, quoted: bool = False) -> QualifiedName:
    schema, _, name = text.rpartition(".")
    return QualifiedName(name, schema or None, quoted)


@dataclass
class History:
    """Writes events the way the parser would, one file after another.

    Statements: a created table, view, sequence..., a rename and a drop each
    start a new statement; created columns, constraints and indexes belong to
    the statement before them (the table's definition, or an ALTER TABLE)
    unless :meth:`statement` starts a new one, as each ALTER TABLE does.
    """

    dialect: str = "postgres"
    path: str = "001.sql"
    events: list[Event] = field(default_factory=list)
    _line: Iterator[int] = field(default_factory=lambda: count(1))
    _statements: Iterator[int] = field(default_factory=count)
    _statement: int = 0

    def file(self, path: str, dialect: str | None = None) -> History:
        self.path = path
        if dialect is not None:
            self.dialect = dialect
        return self

    def loc(self) -> Location:
        return Location(self.path, next(self._line), 1)

    def statement(self) -> History:
        """Start a new statement (``Event.statement`` tells statements apart)."""
        self._statement = next(self._statements)
        return self

    def add(self, op: EventOp, kind: ObjectKind, name: str | None, **kw: object) -> History:
        if op is not EventOp.CREATE or kind not in TABLE_ATTACHED_KINDS:
            self.statement()
        kw.setdefault("statement", self._statement)
        if isinstance(kw.get("table"), str):
            kw["table"] = qn(str(kw["table"]), bool(kw.pop("table_quoted", False)))
        if isinstance(kw.get("ref_table"), str):
            kw["ref_table"] = qn(str(kw["ref_table"]))
        if "selects_from" in kw:
            kw["selects_from"] = tuple(qn(str(s)) for s in kw["selects_from"])  # type: ignore[attr-defined]
        if op is EventOp.RENAME and kw.get("new_name") is not None:
            kw.setdefault("new_location", self.loc())
        source = SourceFile(self.path, self.dialect, None)
        self.events.append(Event(op, kind, name, self.loc(), source, **kw))  # type: ignore[arg-type]
        return self

    def table(self, name: str, *columns: str, **kw: object) -> History:
        schema, _, bare = name.rpartition(".")
        self.add(EventOp.CREATE, T, bare, schema=schema or None, **kw)
        for column in columns:
            self.add(EventOp.CREATE, COL, column, table=name, table_quoted=kw.get("quoted", False))
        return self

    def create(self, kind: ObjectKind, name: str | None, **kw: object) -> History:
        return self.add(EventOp.CREATE, kind, name, **kw)

    def rename(self, kind: ObjectKind, name: str, new_name: str | None, **kw: object) -> History:
        return self.add(EventOp.RENAME, kind, name, new_name=new_name, **kw)

    def drop(self, kind: ObjectKind, name: str | None, **kw: object) -> History:
        return self.add(EventOp.DROP, kind, name, **kw)

    def unique(self, table: str = "r", column: str = "a", **kw: object) -> History:
        return self.create(CON, None, table=table, constraint_type=UQ, columns=(column,), **kw)

    def attach(self, child: str, parent: str, *, detach: bool = False) -> History:
        schema, _, bare = child.rpartition(".")
        op = EventOp.DETACH if detach else EventOp.ATTACH
        return self.add(op, T, bare, schema=schema or None, table=parent)

    def replay(self) -> Schema:
        return replay(self.events)


def names(schema: Schema) -> list[tuple[str, str]]:
    return [(o.kind.value, o.qualified_name) for o in schema.objects]


def one(schema: Schema, kind: ObjectKind, qualified: str) -> SchemaObject:
    found = [o for o in schema.objects if o.kind is kind and o.qualified_name == qualified]
    assert len(found) == 1, names(schema)
    return found[0]


def codes(schema: Schema) -> list[str]:
    return [d.code for d in schema.diagnostics]


# -- whole histories -------------------------------------------------------


def test_multi_file_history() -> None:
    h = (
        History()
        .file("001_users.sql")
        .table("users", "id", "mail")
        .create(CON, None, table="users", constraint_type=PK, columns=("id",))
        .create(CON, None, table="users", constraint_type=UQ, columns=("mail",))
        .file("002_rename.sql")
        .rename(T, "users", "app_users")
        .create(COL, "nickname", table="app_users")
        .rename(COL, "mail", "email", table="app_users")
        .rename(CON, "users_mail_key", "app_users_email_key", table="app_users")
        .file("003_drop.sql")
        .drop(COL, "nickname", table="app_users")
    )
    schema = h.replay()
    assert names(schema) == [
        ("table", "app_users"),
        ("column", "app_users.id"),
        ("column", "app_users.email"),
        ("constraint", "app_users.users_pkey"),
        ("constraint", "app_users.app_users_email_key"),
    ]
    table = one(schema, T, "app_users")
    assert table.previous_names == ("users",)
    assert table.location.path == "002_rename.sql"
    assert table.created_at is not None and table.created_at.path == "001_users.sql"
    pkey = one(schema, CON, "app_users.users_pkey")
    assert pkey.implicit and pkey.previous_names == ()
    assert pkey.location.path == "001_users.sql"
    unique = one(schema, CON, "app_users.app_users_email_key")
    assert unique.previous_names == ("users_mail_key",)
    assert unique.columns == ("email",)  # follows the column rename
    # Renamed to exactly the name PostgreSQL would choose now (the table's and
    # column's new names): still the database's choice, as `check --db` reads it.
    assert unique.implicit is True
    assert schema.diagnostics == ()


def seed_000_phase_3() -> History:
    """Seed 000, Phase 3: workspace tables renamed, FK re-added, views kept."""
    return (
        History()
        .file("module-ws/db/schema/001-workspaces.sql")
        .table("workspaces", "id")
        .create(CON, None, table="workspaces", constraint_type=PK, columns=("id",))
        .file("module-ws/db/schema/003-ws-config.sql")
        .table("ws_configs", "id")
        .file("module-ws/db/schema/005-ws-org-settings.sql")
        .table("ws_org_settings", "id", "ws_id")
        .file("module-ws/db/schema/006-ws-activity-log.sql")
        .table("ws_activity_log", "id", "ws_id")
        .create(
            CON,
            None,
            table="ws_activity_log",
            constraint_type=FK,
            columns=("ws_id",),
            ref_table="workspaces",
        )
        .file("module-ws/db/migrations/20260201_phase3.sql")
        .rename(T, "ws_configs", "ws_cfg_sys")
        .rename(T, "ws_org_settings", "ws_cfg_org")
        .rename(T, "ws_activity_log", "ws_log_activity")
    )


def test_seed_000_phase_3_before_fk_fix_keeps_old_implicit_name() -> None:
    # PostgreSQL renames no constraint with its table: the FK still carries
    # the legacy table name, which is what a naming rule must see.
    schema = seed_000_phase_3().replay()
    fk = one(schema, CON, "ws_log_activity.ws_activity_log_ws_id_fkey")
    assert fk.implicit
    assert fk.ref_table == "workspaces"


def test_seed_000_phase_3_complete() -> None:
    h = seed_000_phase_3()
    (
        h.drop(CON, "ws_activity_log_ws_id_fkey", table="ws_log_activity")
        .create(
            CON,
            "ws_log_activity_ws_id_fkey",
            table="ws_log_activity",
            constraint_type=FK,
            columns=("ws_id",),
            ref_table="workspaces",
        )
        .create(VIEW, "ws_configs", selects_from=("ws_cfg_sys",), view_is_select_star=True)
        .create(VIEW, "ws_org_settings", selects_from=("ws_cfg_org",), view_is_select_star=True)
        .create(VIEW, "ws_activity_log", selects_from=("ws_log_activity",))
    )
    schema = h.replay()
    assert [n for n in names(schema) if n[0] in ("table", "view")] == [
        ("table", "workspaces"),
        ("table", "ws_cfg_sys"),
        ("table", "ws_cfg_org"),
        ("table", "ws_log_activity"),
        ("view", "ws_configs"),
        ("view", "ws_org_settings"),
        ("view", "ws_activity_log"),
    ]
    assert {o.name: o.compatibility_view_for for o in schema.of_kind(VIEW)} == {
        "ws_configs": "ws_cfg_sys",
        "ws_org_settings": "ws_cfg_org",
        "ws_activity_log": "ws_log_activity",
    }
    fks = [o.name for o in schema.of_kind(CON) if o.constraint_type is FK]
    assert fks == ["ws_log_activity_ws_id_fkey"]
    assert one(schema, CON, "ws_log_activity.ws_log_activity_ws_id_fkey").implicit is False
    assert schema.diagnostics == ()


def test_seed_001_messages_compatibility_view() -> None:
    # ALTER TABLE messages RENAME TO comms_messages;
    # CREATE VIEW messages AS SELECT * FROM comms_messages;
    h = (
        History()
        .file("supabase/migrations/0001_init.sql")
        .table("messages", "id", "body")
        .file("supabase/migrations/20260117_standardization.sql")
        .rename(T, "messages", "comms_messages")
        .create(VIEW, "messages", selects_from=("comms_messages",), view_is_select_star=True)
    )
    schema = h.replay()
    view = one(schema, VIEW, "messages")
    assert view.compatibility_view_for == "comms_messages"
    assert view.selects_from == ("comms_messages",)
    assert one(schema, T, "comms_messages").previous_names == ("messages",)


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        pytest.param(
            [("rename", "a", "b"), ("view", "a", "b"), ("rename", "b", "c")],
            "c",
            id="view-then-later-table-rename",
        ),
        pytest.param(
            [("rename", "a", "b"), ("view", "a_tmp", "b"), ("rename_view", "a_tmp", "a")],
            "b",
            id="view-renamed-to-old-name",
        ),
        pytest.param(
            [("rename", "a", "b"), ("view", "a", "other")],
            None,
            id="old-name-but-reads-another-table",
        ),
        pytest.param(
            [("rename", "a", "b"), ("view", "b_v", "b")],
            None,
            id="reads-table-but-not-an-old-name",
        ),
        pytest.param([("view", "a_v", "a")], None, id="no-rename"),
    ],
)
def test_compatibility_views(steps: list[tuple[str, str, str]], expected: str | None) -> None:
    h = History().table("a", "id").table("other", "id")
    for step, first, second in steps:
        if step == "rename":
            h.rename(T, first, second)
        elif step == "view":
            h.create(VIEW, first, selects_from=(second,))
        else:
            h.rename(VIEW, first, second)
    views = h.replay().of_kind(VIEW)
    assert len(views) == 1
    assert views[0].compatibility_view_for == expected


def test_rename_chain_keeps_oldest_first() -> None:
    h = History().table("a", "id").rename(T, "a", "b").file("002.sql").rename(T, "b", "c")
    table = one(h.replay(), T, "c")
    assert table.previous_names == ("a", "b")
    assert table.location.path == "002.sql"


def test_mysql_rename_table_list_in_order() -> None:
    # RENAME TABLE a TO b, b TO c  -> two events, applied in order
    h = History(dialect="mysql").table("a", "id").rename(T, "a", "b").rename(T, "b", "c")
    assert names(h.replay()) == [("table", "c"), ("column", "c.id")]


def test_set_schema_moves_table_and_attached_objects() -> None:
    h = (
        History()
        .table("t", "id")
        .create(IDX, "t_id_idx", table="t", columns=("id",))
        .add(EventOp.RENAME, T, "t", new_schema="archive")
        .create(COL, "note", table="archive.t")
    )
    schema = h.replay()
    assert names(schema) == [
        ("table", "archive.t"),
        ("column", "archive.t.id"),
        ("index", "archive.t.t_id_idx"),
        ("column", "archive.t.note"),
    ]
    assert one(schema, T, "archive.t").previous_names == ()
    assert schema.diagnostics == ()
    # the index moved with its table: it is found (and dropped) in the new schema
    h.drop(IDX, "t_id_idx", schema="archive")
    assert ("index", "archive.t.t_id_idx") not in names(h.replay())
    assert codes(h.replay()) == []


def test_alter_index_rename_renames_the_pkey_constraint() -> None:
    # ALTER INDEX users_pkey RENAME TO pk_users renames the constraint too.
    h = (
        History()
        .table("users", "id")
        .create(CON, None, table="users", constraint_type=PK, columns=("id",))
        .rename(IDX, "users_pkey", "pk_users")
    )
    assert names(h.replay())[-1] == ("constraint", "users.pk_users")


def test_foreign_key_target_follows_renames() -> None:
    h = (
        History()
        .table("users", "id")
        .table("posts", "id", "user_id")
        .create(CON, "posts_user_fk", table="posts", constraint_type=FK, ref_table="users")
        .rename(T, "users", "app_users")
    )
    assert one(h.replay(), CON, "posts.posts_user_fk").ref_table == "app_users"


# -- objects the files never created ---------------------------------------


def test_rename_of_unknown_table_creates_it_under_new_name() -> None:
    h = History().rename(T, "legacy", "app_legacy")
    schema = h.replay()
    table = one(schema, T, "app_legacy")
    assert table.previous_names == ("legacy",)
    assert table.location == h.events[0].new_location
    assert [(d.code, d.severity, d.message) for d in schema.diagnostics] == [
        (NOT_CREATED, Severity.INFO, "table 'legacy' is not created in the files; renamed here")
    ]


@pytest.mark.parametrize(
    ("if_exists", "expected_codes"),
    [pytest.param(False, [NOT_CREATED], id="noted"), pytest.param(True, [], id="if-exists-silent")],
)
def test_drop_of_unknown_table(if_exists: bool, expected_codes: list[str]) -> None:
    schema = History().drop(T, "ghost", if_exists=if_exists).replay()
    assert schema.objects == ()
    assert codes(schema) == expected_codes


def test_add_to_unknown_table_keeps_attached_objects() -> None:
    h = (
        History()
        .create(COL, "extra", table="auth.users")
        .create(CON, None, table="auth.users", constraint_type=UQ, columns=("extra",))
        .rename(COL, "extra", "extra_info", table="auth.users")
    )
    schema = h.replay()
    assert names(schema) == [
        ("column", "auth.users.extra_info"),
        ("constraint", "auth.users.users_extra_key"),
    ]
    assert codes(schema) == [NOT_CREATED]  # one note per table, not per column
    assert one(schema, COL, "auth.users.extra_info").previous_names == ("extra",)


def test_unknown_table_renamed_after_alter_becomes_a_table() -> None:
    h = History().create(COL, "x", table="ext").rename(T, "ext", "app_ext")
    schema = h.replay()
    assert names(schema) == [("table", "app_ext"), ("column", "app_ext.x")]
    assert one(schema, T, "app_ext").previous_names == ("ext",)


# -- drops ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cascade", "expected"),
    [
        pytest.param(
            True,
            [("table", "b"), ("column", "b.id"), ("column", "b.a_id")],
            id="cascade-takes-views-and-fks",
        ),
        pytest.param(
            False,
            [
                ("table", "a"),
                ("column", "a.id"),
                ("constraint", "a.a_pkey"),
                ("index", "a.a_idx"),
                ("table", "b"),
                ("column", "b.id"),
                ("column", "b.a_id"),
                ("constraint", "b.b_a_id_fkey"),
                ("view", "a_v"),
            ],
            # PostgreSQL refuses it while a_v reads a (DBN018,
            # tests/test_replay_view_drops.py): nothing is dropped.
            id="plain-drop-refused-while-a-view-reads-it",
        ),
    ],
)
def test_drop_table(cascade: bool, expected: list[tuple[str, str]]) -> None:
    h = (
        History()
        .table("a", "id")
        .create(CON, None, table="a", constraint_type=PK, columns=("id",))
        .create(IDX, "a_idx", table="a", columns=("id",))
        .table("b", "id", "a_id")
        .create(CON, None, table="b", constraint_type=FK, columns=("a_id",), ref_table="a")
        .create(VIEW, "a_v", selects_from=("a",))
        .drop(T, "a", cascade=cascade)
    )
    assert names(h.replay()) == expected


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        # PG 15: CREATE INDEX dc_ab ON dc (a, b); ADD CHECK (a > b);
        # ADD UNIQUE (c); DROP COLUMN a  -> only dc_c_key survives
        pytest.param(
            "postgres",
            [("b", "c"), ("constraint", "dc.dc_c_key", ("c",))],
            id="postgres-drops-everything-involving-it",
        ),
        pytest.param(
            "mysql",
            [
                ("b", "c"),
                ("index", "dc.dc_ab", ("b",)),
                ("constraint", "dc.dc_ab_check", ("b",)),
                ("constraint", "dc.c", ("c",)),
            ],
            id="mysql-removes-it-from-multi-column-indexes",
        ),
    ],
)
def test_drop_column_dependents(dialect: str, expected: list[tuple[str, ...]]) -> None:
    h = (
        History(dialect=dialect)
        .table("dc", "a", "b", "c")
        .create(IDX, "dc_ab", table="dc", columns=("a", "b"))
        .create(IDX, "dc_a", table="dc", columns=("a",))
        .create(CON, "dc_ab_check", table="dc", constraint_type=CK, columns=("a", "b"))
        .create(CON, None, table="dc", constraint_type=UQ, columns=("c",))
        .drop(COL, "a", table="dc")
    )
    schema = h.replay()
    columns = tuple(o.name for o in schema.of_kind(COL))
    rest = [(o.kind.value, o.qualified_name, o.columns) for o in schema.of_kind(IDX, CON)]
    assert [columns, *rest] == expected


# -- re-creation ------------------------------------------------------------


def test_create_twice_replaces_with_a_note() -> None:
    h = (
        History()
        .table("t", "a", "b")
        .create(CON, None, table="t", constraint_type=UQ, columns=("a",))
        .file("upgrade.sql")
        .table("t", "a", "c")
        .create(CON, None, table="t", constraint_type=UQ, columns=("a",))
    )
    schema = h.replay()
    assert names(schema) == [
        ("table", "t"),
        ("column", "t.a"),
        ("column", "t.c"),
        ("constraint", "t.t_a_key"),
    ]
    assert codes(schema) == [REDEFINED]
    table = one(schema, T, "t")
    assert table.location.path == "upgrade.sql"
    assert table.created_at is not None and table.created_at.path == "001.sql"


def test_create_if_not_exists_changes_nothing() -> None:
    h = (
        History()
        .table("t", "a")
        .create(CON, None, table="t", constraint_type=UQ, columns=("a",))
        .file("again.sql")
        .table("t", "a", if_exists=True)
        .create(CON, None, table="t", constraint_type=UQ, columns=("a",))
        .create(CON, "t_a_named", table="t", constraint_type=UQ, columns=("a",))
        .statement()  # ALTER TABLE t ADD COLUMN IF NOT EXISTS added_later int
        .create(COL, "added_later", table="t", if_exists=True)
    )
    schema = h.replay()
    assert names(schema) == [
        ("table", "t"),
        ("column", "t.a"),
        ("constraint", "t.t_a_key"),  # no second t_a_key1, no t_a_named
        ("column", "t.added_later"),
    ]
    assert one(schema, T, "t").location.path == "001.sql"
    assert codes(schema) == []


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        # CREATE TABLE IF NOT EXISTS t (a int); ALTER TABLE t ADD UNIQUE (a)
        pytest.param(True, ["t_a_key", "t_a_key1"], id="alter-after-is-its-own-statement"),
        # CREATE TABLE IF NOT EXISTS t (a int, UNIQUE (a))
        pytest.param(False, ["t_a_key"], id="element-of-the-skipped-statement"),
    ],
)
def test_unnamed_key_after_create_if_not_exists(statement: bool, expected: list[str]) -> None:
    # The run-of-events heuristic replay used before statements were known
    # skipped the ALTER TABLE's unnamed UNIQUE too: it looked like one more
    # element of the CREATE TABLE it follows. PostgreSQL 15 adds t_a_key1.
    h = (
        History()
        .table("t", "a")
        .create(CON, None, table="t", constraint_type=UQ, columns=("a",))
        .file("again.sql")
        .table("t", "a", if_exists=True)
    )
    if statement:
        h.statement()
    h.create(CON, None, table="t", constraint_type=UQ, columns=("a",))
    assert [o.name for o in h.replay().of_kind(CON)] == expected


def test_create_or_replace_view_is_silent_and_updates_sources() -> None:
    h = (
        History()
        .table("a", "id")
        .table("b", "id")
        .create(VIEW, "v", selects_from=("a",))
        .file("v_v2.sql")
        .create(VIEW, "v", selects_from=("b",), or_replace=True)
    )
    schema = h.replay()
    view = one(schema, VIEW, "v")
    assert view.selects_from == ("b",)
    assert view.location.path == "v_v2.sql"
    assert codes(schema) == []


# -- name matching ----------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "created", "created_quoted", "ref", "ref_quoted", "found"),
    [
        pytest.param("postgres", "Users", False, "users", False, True, id="pg-unquoted-folds"),
        pytest.param("postgres", "users", False, "users", True, True, id="pg-quoted-lower-equal"),
        pytest.param("postgres", "Users", True, "users", False, False, id="pg-quoted-exact"),
        pytest.param("postgres", "Users", True, "Users", False, False, id="pg-unquoted-ref-folds"),
        pytest.param("postgres", "Users", True, "Users", True, True, id="pg-quoted-both"),
        # lower_case_table_names=0 (Linux): RENAME TABLE users on `Users` fails
        # on MariaDB 10.11 ("Table 'db.users' doesn't exist").
        pytest.param("mysql", "Users", True, "users", False, False, id="mysql-table-case"),
        pytest.param("mysql", "Users", True, "Users", False, True, id="mysql-table-exact"),
        pytest.param("sqlite", "USERS", False, "users", True, True, id="sqlite-insensitive"),
        pytest.param("tsql", "Users", True, "USERS", False, True, id="tsql-insensitive"),
        pytest.param("snowflake", "Users", True, "users", False, False, id="snowflake-upper"),
        pytest.param("snowflake", "USERS", True, "users", False, True, id="snowflake-folds-up"),
        pytest.param("oracle", "Emp", False, "EMP", False, True, id="oracle-unquoted"),
        pytest.param("bigquery", "Orders", True, "Orders", False, True, id="bigquery-exact"),
        pytest.param("bigquery", "Orders", True, "orders", False, False, id="bigquery-case"),
        pytest.param("duckdb", "Users", True, "users", False, True, id="unknown-insensitive"),
        pytest.param("redshift", "Users", True, "users", False, False, id="redshift-is-pg"),
    ],
)
def test_name_matching(
    dialect: str, created: str, created_quoted: bool, ref: str, ref_quoted: bool, found: bool
) -> None:
    h = (
        History(dialect=dialect)
        .create(T, created, quoted=created_quoted)
        .rename(T, ref, "renamed", quoted=ref_quoted)
    )
    schema = h.replay()
    tables = {o.name: o.previous_names for o in schema.of_kind(T)}
    if found:  # the old name is kept as the object was written
        assert tables == {"renamed": (created,)}
        assert codes(schema) == []
    else:
        assert tables == {created: (), "renamed": (ref,)}
        assert codes(schema) == [NOT_CREATED]


@pytest.mark.parametrize(
    ("dialect", "created", "ref", "found"),
    [
        pytest.param("postgres", "public.users", "users", True, id="pg-public"),
        pytest.param("postgres", "users", "PUBLIC.users", True, id="pg-public-folded"),
        pytest.param("postgres", "auth.users", "users", False, id="pg-other-schema"),
        pytest.param("tsql", "dbo.users", "users", True, id="tsql-dbo"),
        pytest.param("sqlite", "main.users", "users", True, id="sqlite-main"),
        pytest.param("mysql", "shop.users", "users", False, id="mysql-no-default"),
        pytest.param("oracle", "hr.employees", "employees", True, id="oracle-owner-schema"),
        pytest.param("snowflake", "raw.events", "events", True, id="snowflake-any-schema"),
    ],
)
def test_default_schema(dialect: str, created: str, ref: str, found: bool) -> None:
    schema, _, bare = ref.rpartition(".")
    h = History(dialect=dialect).table(created).drop(T, bare, schema=schema or None)
    assert (len(h.replay().of_kind(T)) == 0) is found


def test_each_dialect_replays_into_its_own_namespace() -> None:
    h = (
        History()
        .file("postgres/schema.sql", "postgres")
        .table("users", "id")
        .create(CON, None, table="users", constraint_type=PK, columns=("id",))
        .file("mysql/schema.sql", "mysql")
        .table("users", "id")
        .create(CON, None, table="users", constraint_type=PK, columns=("id",))
        .file("sqlite/schema.sql", "sqlite")
        .table("users", "id")
        .create(CON, None, table="users", constraint_type=PK, columns=("id",))
        .file("postgres/002.sql", "postgres")
        .rename(T, "users", "app_users")
    )
    schema = h.replay()
    assert [(o.source.dialect, o.name) for o in schema.of_kind(T)] == [
        ("postgres", "app_users"),
        ("mysql", "users"),
        ("sqlite", "users"),
    ]
    assert [o.name for o in schema.of_kind(CON)] == [
        "users_pkey",
        "PRIMARY",
        "sqlite_autoindex_users_1",
    ]
    assert codes(schema) == []


# -- implicit names inside replay -------------------------------------------


def test_postgres_implicit_names_use_the_table_name_at_creation() -> None:
    # PG 15: CREATE TABLE old_name (id int PRIMARY KEY, e text UNIQUE);
    # ALTER TABLE old_name RENAME TO new_name; ALTER TABLE new_name ADD UNIQUE (id);
    # ALTER TABLE new_name RENAME COLUMN e TO email; ADD UNIQUE (email);
    # CREATE TABLE pk_old... RENAME TO pk_new; CREATE TABLE pk_old (id PRIMARY KEY)
    h = (
        History()
        .table("old_name", "id", "e")
        .create(CON, None, table="old_name", constraint_type=PK, columns=("id",))
        .create(CON, None, table="old_name", constraint_type=UQ, columns=("e",))
        .rename(T, "old_name", "new_name")
        .create(CON, None, table="new_name", constraint_type=UQ, columns=("id",))
        .rename(COL, "e", "email", table="new_name")
        .create(CON, None, table="new_name", constraint_type=UQ, columns=("email",))
        .table("pk_old", "id")
        .create(CON, None, table="pk_old", constraint_type=PK, columns=("id",))
        .rename(T, "pk_old", "pk_new")
        .table("pk_old", "id")
        .create(CON, None, table="pk_old", constraint_type=PK, columns=("id",))
    )
    assert [o.qualified_name for o in h.replay().of_kind(CON)] == [
        "new_name.old_name_pkey",
        "new_name.old_name_e_key",
        "new_name.new_name_id_key",
        "new_name.new_name_email_key",
        "pk_new.pk_old_pkey",
        "pk_old.pk_old_pkey1",
    ]


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        # CREATE TABLE q (a int UNIQUE, CONSTRAINT q_a_key CHECK (a > 0))
        pytest.param(
            lambda h: (
                h.table("q", "a")
                .create(CON, None, table="q", constraint_type=UQ, columns=("a",))
                .create(CON, "q_a_key", table="q", constraint_type=CK, columns=("a",))
            ),
            ["q_a_key1", "q_a_key"],
            id="explicit-name-later-in-same-table-is-reserved",
        ),
        # CREATE TABLE w1 (a int, CONSTRAINT w2_a_check CHECK (a > 0));
        # CREATE TABLE w2 (a int CHECK (a > 0))
        pytest.param(
            lambda h: (
                h.table("w1", "a")
                .create(CON, "w2_a_check", table="w1", constraint_type=CK, columns=("a",))
                .table("w2", "a")
                .create(CON, None, table="w2", constraint_type=CK, columns=("a",))
            ),
            ["w2_a_check", "w2_a_check1"],
            id="constraint-names-are-schema-wide",
        ),
        # CREATE TABLE u (a int, CONSTRAINT u_a_idx CHECK (a > 0)); CREATE INDEX ON u (a)
        pytest.param(
            lambda h: (
                h.table("u", "a")
                .create(CON, "u_a_idx", table="u", constraint_type=CK, columns=("a",))
                .create(IDX, None, table="u", columns=("a",))
            ),
            ["u_a_idx", "u_a_idx"],
            id="plain-index-ignores-constraint-names",
        ),
        # CREATE TABLE t3_a_key (z int); CREATE TABLE t3 (a int); ADD UNIQUE (a)
        pytest.param(
            lambda h: (
                h.table("t3_a_key", "z")
                .table("t3", "a")
                .create(CON, None, table="t3", constraint_type=UQ, columns=("a",))
            ),
            ["t3_a_key1"],
            id="unique-avoids-relation-names",
        ),
        # CREATE TABLE v_a_fkey (z int); CREATE TABLE v (a int); ADD FOREIGN KEY (a) ...
        pytest.param(
            lambda h: (
                h.table("v_a_fkey", "z")
                .table("v", "a")
                .create(CON, None, table="v", constraint_type=FK, columns=("a",), ref_table="users")
            ),
            ["v_a_fkey"],
            id="fkey-ignores-relation-names",
        ),
        # CREATE TABLE Mixed (Email text UNIQUE)
        pytest.param(
            lambda h: h.table("Mixed", "Email").create(
                CON, None, table="Mixed", constraint_type=UQ, columns=("Email",)
            ),
            ["mixed_email_key"],
            id="unquoted-names-fold",
        ),
    ],
)
def test_postgres_implicit_names_match_the_server(build: object, expected: list[str]) -> None:
    h = History().table("users", "id")
    build(h)  # type: ignore[operator]
    assert [o.name for o in h.replay().of_kind(CON, IDX)] == expected


def test_quoted_implicit_name_is_found_by_quoted_reference() -> None:
    # Prisma: CREATE TABLE "User" ("id" TEXT, CONSTRAINT ... PRIMARY KEY ("id"))
    h = (
        History()
        .table("User", "id", quoted=True)
        .create(CON, None, table="User", table_quoted=True, constraint_type=PK, columns=("id",))
    )
    pkey = one(h.replay(), CON, "User.User_pkey")
    assert pkey.quoted and pkey.implicit
    h.rename(CON, "User_pkey", "users_pkey", table="User", table_quoted=True, quoted=True)
    assert [o.name for o in h.replay().of_kind(CON)] == ["users_pkey"]


def test_mysql_and_sqlite_rename_their_generated_names_with_the_table() -> None:
    # MySQL: RENAME TABLE renames <t>_ibfk_N / <t>_chk_N; SQLite renames
    # sqlite_autoindex_<t>_N (checked with Python's sqlite3).
    mysql = (
        History(dialect="mysql")
        .table("parent", "id")
        .table("kid", "id", "parent_id")
        .create(CON, None, table="kid", constraint_type=PK, columns=("id",))
        .create(
            CON, None, table="kid", constraint_type=FK, columns=("parent_id",), ref_table="parent"
        )
        .create(
            CON, None, table="kid", constraint_type=FK, columns=("parent_id",), ref_table="parent"
        )
        .create(CON, None, table="kid", constraint_type=CK, columns=("id",))
        .create(IDX, None, table="kid", columns=("parent_id",))
        .rename(T, "kid", "child")
    )
    assert [(o.name, o.previous_names) for o in mysql.replay().of_kind(CON, IDX)] == [
        ("PRIMARY", ()),
        ("child_ibfk_1", ("kid_ibfk_1",)),
        ("child_ibfk_2", ("kid_ibfk_2",)),
        ("child_chk_1", ("kid_chk_1",)),
        ("parent_id", ()),
    ]
    sqlite = (
        History(dialect="sqlite")
        .table("t", "a", "b")
        .create(CON, None, table="t", constraint_type=PK, columns=("a",))
        .create(CON, None, table="t", constraint_type=UQ, columns=("b",))
        .create(CON, None, table="t", constraint_type=FK, columns=("b",), ref_table="x")
        .rename(T, "t", "t2")
    )
    assert [o.name for o in sqlite.replay().objects] == [
        "t2",
        "a",
        "b",
        "sqlite_autoindex_t2_1",
        "sqlite_autoindex_t2_2",
    ]


# -- output ------------------------------------------------------------------


def test_output_order_tables_with_their_objects_then_the_rest() -> None:
    h = (
        History()
        .create(ObjectKind.SCHEMA, "app")
        .table("a", "id")
        .create(ObjectKind.SEQUENCE, "a_seq")
        .table("b", "id")
        .create(IDX, "a_late_idx", table="a", columns=("id",))
        .create(VIEW, "v", selects_from=("a",))
        .create(ObjectKind.TRIGGER, "b_trg", table="b")
    )
    assert names(h.replay()) == [
        ("table", "a"),
        ("column", "a.id"),
        ("index", "a.a_late_idx"),
        ("table", "b"),
        ("column", "b.id"),
        ("trigger", "b.b_trg"),
        ("schema", "app"),
        ("sequence", "a_seq"),
        ("view", "v"),
    ]


def test_suppressions_come_from_the_naming_statement() -> None:
    comment = Comment("dbnamelint: ignore[DBN101]", Location("002.sql", 1, 1))
    h = History().table("t").rename(T, "t", "legacy_t", suppressions=(comment,))
    assert one(h.replay(), T, "legacy_t").suppressions == (comment,)


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        pytest.param("postgres", ["t_pkey"], id="postgres-not-t_pkey1"),
        pytest.param("mysql", ["PRIMARY"], id="mysql-one-PRIMARY"),
    ],
)
def test_primary_key_added_again_replaces_the_old_one(dialect: str, expected: list[str]) -> None:
    # guacamole's MySQL upgrade scripts ADD PRIMARY KEY to tables that have one
    h = (
        History(dialect=dialect)
        .table("t", "a", "b")
        .create(CON, None, table="t", constraint_type=PK, columns=("a",))
        .file("upgrade.sql")
        .create(CON, None, table="t", constraint_type=PK, columns=("a", "b"))
    )
    schema = h.replay()
    assert [(o.name, o.columns) for o in schema.of_kind(CON)] == [(expected[0], ("a", "b"))]
    assert codes(schema) == [REDEFINED]


def test_create_or_replace_trigger_is_silent() -> None:
    h = (
        History()
        .table("history", "id")
        .create(ObjectKind.TRIGGER, "tg_count", table="history")
        .create(ObjectKind.TRIGGER, "tg_count", table="history", or_replace=True)
    )
    schema = h.replay()
    assert len(schema.of_kind(ObjectKind.TRIGGER)) == 1
    assert codes(schema) == []


def test_mysql_drop_primary_key_without_a_name() -> None:
    # ALTER TABLE t DROP PRIMARY KEY
    h = (
        History(dialect="mysql")
        .table("t", "id")
        .create(CON, None, table="t", constraint_type=PK, columns=("id",))
        .drop(CON, None, table="t", constraint_type=PK)
    )
    assert names(h.replay()) == [("table", "t"), ("column", "t.id")]


@pytest.mark.parametrize(
    ("cascade", "expected"),
    [
        pytest.param(True, [("table", "keep")], id="cascade-empties-the-schema"),
        pytest.param(
            False,
            [("table", "keep"), ("table", "app.t"), ("column", "app.t.id")],
            id="plain-drop-takes-the-schema-only",
        ),
    ],
)
def test_drop_schema(cascade: bool, expected: list[tuple[str, str]]) -> None:
    h = (
        History()
        .table("keep")
        .create(ObjectKind.SCHEMA, "app")
        .table("app.t", "id")
        .drop(ObjectKind.SCHEMA, "app", cascade=cascade)
    )
    assert names(h.replay()) == expected


def test_rename_schema_moves_its_objects() -> None:
    h = (
        History()
        .create(ObjectKind.SCHEMA, "old")
        .table("old.t", "id")
        .create(ObjectKind.SEQUENCE, "s", schema="old")
        .rename(ObjectKind.SCHEMA, "old", "new")
        .create(COL, "added", table="new.t")
    )
    schema = h.replay()
    assert names(schema) == [
        ("table", "new.t"),
        ("column", "new.t.id"),
        ("column", "new.t.added"),
        ("schema", "new"),
        ("sequence", "new.s"),
    ]
    assert codes(schema) == []


# -- equal keys of one statement ----------------------------------------------


def _keys(
    h: History, *specs: tuple[str | None, ConstraintType, tuple[str, ...]], table: str = "r"
) -> History:
    for name, ctype, columns in specs:
        h.create(CON, name, table=table, constraint_type=ctype, columns=columns)
    return h


@pytest.mark.parametrize(
    ("dialect", "specs", "expected"),
    [
        # Each checked on PostgreSQL 15: CREATE TABLE r (a int, b int, <specs>)
        pytest.param(
            "postgres",
            [(None, UQ, ("a",)), (None, UQ, ("a",))],
            [("r_a_key", UQ)],
            id="unique-twice",
        ),
        # UNIQUE (a), UNIQUE (A): the reader folds bare names before replay
        # (column lists hold the catalog's spelling), so these are the
        # "unique-twice" events; tests/test_reader_round2.py checks the SQL.
        pytest.param(
            "postgres",
            [(None, UQ, ("a", "b")), (None, UQ, ("b", "a"))],
            [("r_a_b_key", UQ), ("r_b_a_key", UQ)],
            id="column-order-matters",
        ),
        # a int UNIQUE PRIMARY KEY
        pytest.param(
            "postgres",
            [(None, UQ, ("a",)), (None, PK, ("a",))],
            [("r_pkey", PK)],
            id="primary-key-wins",
        ),
        # a int CONSTRAINT u UNIQUE PRIMARY KEY
        pytest.param(
            "postgres",
            [("u", UQ, ("a",)), (None, PK, ("a",))],
            [("u", PK)],
            id="primary-key-takes-the-unique-name",
        ),
        pytest.param(
            "postgres",
            [(None, UQ, ("a",)), ("named", UQ, ("a",))],
            [("named", UQ)],
            id="later-name-names-the-key",
        ),
        pytest.param(
            "postgres",
            [("x", UQ, ("a",)), ("y", UQ, ("a",))],
            [("x", UQ)],
            id="first-name-wins",
        ),
        pytest.param(
            "sqlite",
            [(None, UQ, ("a",)), (None, UQ, ("a",)), (None, UQ, ("b",))],
            [("sqlite_autoindex_r_1", UQ), ("sqlite_autoindex_r_2", UQ)],
            id="sqlite-merges-too",
        ),
        pytest.param(
            "mysql",
            [(None, UQ, ("a",)), (None, UQ, ("a",))],
            [("a", UQ), ("a_2", UQ)],
            id="mysql-keeps-both",
        ),
    ],
)
def test_equal_keys_of_one_statement_merge(
    dialect: str,
    specs: list[tuple[str | None, ConstraintType, tuple[str, ...]]],
    expected: list[tuple[str, ConstraintType]],
) -> None:
    h = _keys(History(dialect=dialect).table("r", "a", "b"), *specs)
    schema = h.replay()
    assert [(o.name, o.constraint_type) for o in schema.of_kind(CON)] == expected
    assert codes(schema) == []


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        # CREATE TABLE r (a int UNIQUE, UNIQUE (a))
        pytest.param(lambda h: h.unique(), ["r_a_key"], id="same-create-table-merges"),
        # CREATE TABLE r (a int UNIQUE); ALTER TABLE r ADD UNIQUE (a)
        pytest.param(
            lambda h: h.statement().unique(), ["r_a_key", "r_a_key1"], id="alter-table-keeps-both"
        ),
        # CREATE TABLE r (a int UNIQUE); ALTER TABLE r ADD UNIQUE (a), ADD UNIQUE (a)
        # (checked on PostgreSQL 15: ALTER TABLE transforms each ADD on its own)
        pytest.param(
            lambda h: h.statement().unique().unique(),
            ["r_a_key", "r_a_key1", "r_a_key2"],
            id="one-alter-table-keeps-all",
        ),
    ],
)
def test_keys_merge_only_within_a_create_table(build: object, expected: list[str]) -> None:
    h = History().table("r", "a").unique()
    build(h)  # type: ignore[operator]
    assert [o.name for o in h.replay().of_kind(CON)] == expected


def test_events_of_unknown_statements_share_nothing() -> None:
    h = History().table("r", "a").unique().unique()
    h.events[:] = [replace(e, statement=-1) for e in h.events]
    assert [o.name for o in h.replay().of_kind(CON)] == ["r_a_key", "r_a_key1"]


# -- partitions -------------------------------------------------------------


def partitions(schema: Schema) -> dict[str, str | None]:
    return {o.qualified_name: o.partition_of for o in schema.of_kind(T)}


@pytest.mark.parametrize(
    ("build", "expected", "expected_codes"),
    [
        # CREATE TABLE p (...) PARTITION BY ...; CREATE TABLE p1 PARTITION OF p ...
        pytest.param(
            lambda h: h.table("p").table("p1", partition_of=qn("p")),
            {"p": None, "p1": "p"},
            [],
            id="partition-of",
        ),
        # pg_dump: CREATE TABLE p1 (...); ALTER TABLE ONLY p ATTACH PARTITION p1 ...
        pytest.param(
            lambda h: h.table("public.p").table("public.p1").attach("public.p1", "public.p"),
            {"public.p": None, "public.p1": "p"},
            [],
            id="attach",
        ),
        pytest.param(
            lambda h: h.table("p").table("p1", partition_of=qn("p")).rename(T, "p", "q"),
            {"q": None, "p1": "q"},
            [],
            id="parent-rename-followed",
        ),
        pytest.param(
            lambda h: h.table("p1", partition_of=qn("p")).table("p"),
            {"p1": "p", "p": None},
            [],
            id="parent-created-later",
        ),
        pytest.param(
            lambda h: h.table("p1", partition_of=qn("elsewhere")),
            {"p1": "elsewhere"},
            [],
            id="parent-never-created",
        ),
        pytest.param(
            lambda h: h.table("p").table("p1").attach("p1", "p").attach("p1", "p", detach=True),
            {"p": None, "p1": None},
            [],
            id="detach",
        ),
        # DROP TABLE p drops its partitions and theirs, not other tables
        pytest.param(
            lambda h: (
                h.table("p")
                .table("p1", partition_of=qn("p"))
                .table("p11", partition_of=qn("p1"))
                .table("other")
                .drop(T, "p")
            ),
            {"other": None},
            [],
            id="drop-parent-drops-partitions",
        ),
        pytest.param(
            lambda h: h.table("p").attach("ghost", "p"),
            {"p": None},
            [NOT_CREATED],
            id="attach-unknown-table-is-noted",
        ),
    ],
)
def test_partitions(
    build: object, expected: dict[str, str | None], expected_codes: list[str]
) -> None:
    h = History()
    build(h)  # type: ignore[operator]
    schema = h.replay()
    assert partitions(schema) == expected
    assert codes(schema) == expected_codes


# -- SQLite: the rowid alias and autoindex numbers ---------------------------

#: (column, declared type) of the table ``t`` the cases below build.
_SQLITE_COLUMNS = (("id", "INTEGER"), ("a", "TEXT"), ("b", None), ("code", "INT"))


def _sqlite_table(
    specs: list[tuple[str | None, ConstraintType, tuple[str, ...]]],
    *,
    dialect: str = "sqlite",
    without_rowid: bool = False,
    columns: tuple[tuple[str, str | None], ...] = _SQLITE_COLUMNS,
) -> History:
    h = History(dialect=dialect).table("t", without_rowid=without_rowid)
    for column, data_type in columns:
        h.create(COL, column, table="t", data_type=data_type)
    return _keys(h, *specs, table="t")


@pytest.mark.parametrize(
    ("specs", "without_rowid", "expected"),
    [
        # Each checked with Python's sqlite3 (pragma_index_list), on
        # CREATE TABLE t (id INTEGER, a TEXT, b, code INT, <specs>) [WITHOUT ROWID]
        pytest.param(
            [(None, PK, ("id",)), (None, UQ, ("a",))],
            False,
            [("sqlite_autoindex_t_1", UQ)],
            id="rowid-alias-has-no-index",
        ),
        pytest.param(
            [(None, PK, ("ID",)), (None, UQ, ("a",))],
            False,
            [("sqlite_autoindex_t_1", UQ)],
            id="column-matched-case-insensitively",
        ),
        pytest.param(
            [("pk", PK, ("id",)), (None, UQ, ("a",)), (None, UQ, ("b",))],
            False,
            [("pk", PK), ("sqlite_autoindex_t_1", UQ), ("sqlite_autoindex_t_2", UQ)],
            id="named-rowid-alias-kept-without-a-number",
        ),
        pytest.param(
            [(None, PK, ("code",)), (None, UQ, ("a",))],
            False,
            [("sqlite_autoindex_t_1", PK), ("sqlite_autoindex_t_2", UQ)],
            id="int-is-not-the-rowid",
        ),
        pytest.param(
            [(None, PK, ("id", "a")), (None, UQ, ("a",))],
            False,
            [("sqlite_autoindex_t_1", PK), ("sqlite_autoindex_t_2", UQ)],
            id="two-column-key-is-not-the-rowid",
        ),
        pytest.param(
            [(None, UQ, ("id",)), (None, UQ, ("a",)), (None, PK, ("id",))],
            False,
            [("sqlite_autoindex_t_1", UQ), ("sqlite_autoindex_t_2", UQ)],
            id="rowid-alias-does-not-absorb-an-equal-unique",
        ),
        pytest.param(
            [("pk", PK, ("a",)), ("u", UQ, ("b",)), (None, UQ, ("code",))],
            False,
            [("pk", PK), ("u", UQ), ("sqlite_autoindex_t_3", UQ)],
            id="named-keys-take-numbers",
        ),
        pytest.param(
            [(None, UQ, ("a",)), (None, UQ, ("b",)), (None, PK, ("a",))],
            False,
            [("sqlite_autoindex_t_1", PK), ("sqlite_autoindex_t_2", UQ)],
            id="primary-key-takes-over-the-unique-index",
        ),
        pytest.param(
            [(None, UQ, ("a",)), (None, UQ, ("b",)), ("p", PK, ("a",))],
            False,
            [("p", PK), ("sqlite_autoindex_t_2", UQ)],
            id="named-primary-key-takes-over",
        ),
        pytest.param(
            [(None, PK, ("id",)), (None, UQ, ("a",)), (None, UQ, ("b",))],
            True,
            [
                ("sqlite_autoindex_t_3", PK),
                ("sqlite_autoindex_t_1", UQ),
                ("sqlite_autoindex_t_2", UQ),
            ],
            id="without-rowid-integer-key-numbered-last",
        ),
        pytest.param(
            [(None, PK, ("id",)), (None, UQ, ("id",)), (None, UQ, ("a",))],
            True,
            [("sqlite_autoindex_t_1", PK), ("sqlite_autoindex_t_2", UQ)],
            id="without-rowid-equal-unique-pins-the-key",
        ),
        pytest.param(
            [(None, UQ, ("a",)), (None, PK, ("a",)), (None, UQ, ("b",))],
            True,
            [("sqlite_autoindex_t_1", PK), ("sqlite_autoindex_t_2", UQ)],
            id="without-rowid-text-key-in-place",
        ),
    ],
)
def test_sqlite_autoindex_numbers(
    specs: list[tuple[str | None, ConstraintType, tuple[str, ...]]],
    without_rowid: bool,
    expected: list[tuple[str, ConstraintType]],
) -> None:
    schema = _sqlite_table(specs, without_rowid=without_rowid).replay()
    assert [(o.name, o.constraint_type) for o in schema.of_kind(CON)] == expected
    assert codes(schema) == []


def test_integer_primary_key_is_named_in_other_dialects() -> None:
    schema = _sqlite_table([(None, PK, ("id",))], dialect="postgres").replay()
    assert [o.name for o in schema.of_kind(CON)] == ["t_pkey"]


def test_sqlite_late_key_follows_a_table_rename() -> None:
    # CREATE TABLE new_t (id INTEGER PRIMARY KEY, a UNIQUE) WITHOUT ROWID;
    # ALTER TABLE new_t RENAME TO t: SQLite renames both autoindexes.
    h = History(dialect="sqlite").table("new_t", without_rowid=True)
    h.create(COL, "id", table="new_t", data_type="integer").create(COL, "a", table="new_t")
    h.create(CON, None, table="new_t", constraint_type=PK, columns=("id",))
    h.create(CON, None, table="new_t", constraint_type=UQ, columns=("a",))
    h.rename(T, "new_t", "t")
    assert [(o.name, o.previous_names) for o in h.replay().of_kind(CON)] == [
        ("sqlite_autoindex_t_2", ("sqlite_autoindex_new_t_2",)),
        ("sqlite_autoindex_t_1", ("sqlite_autoindex_new_t_1",)),
    ]


def test_recreated_table_forgets_without_rowid() -> None:
    h = _sqlite_table([(None, PK, ("id",))], without_rowid=True)
    h.drop(T, "t")
    h.table("t").create(COL, "id", table="t", data_type="INTEGER")
    h.create(CON, None, table="t", constraint_type=PK, columns=("id",))
    h.create(CON, None, table="t", constraint_type=UQ, columns=("id",))
    assert [o.name for o in h.replay().of_kind(CON)] == ["sqlite_autoindex_t_1"]
