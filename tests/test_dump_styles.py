"""Real-world dump and migration styles we have no corpus project for.

Each folder under ``tests/fixtures/dumps`` is one tool's output, written by
hand from what that tool emits (mysqldump 8, SSMS "Generate Scripts",
``sqlite3 .dump``, Rails ``structure.sql``, Flyway, Liquibase formatted SQL,
Django ``sqlmigrate``, Alembic ``--sql``, Prisma migrate, an Oracle DDL
export). Each is read the way a user would lay it out:

* the dialect comes from the file name (``shop.mysql.sql``,
  ``app.sqlite3.sql``, ``changelog.postgres.sql``), a folder name
  (``sqlserver/``, ``sqlite-migrations/``) or the text itself (pg_dump,
  Django, Alembic, Prisma and Flyway files carry no hint, as in a real
  repository); Oracle has no path hint, so the case sets it as
  ``--dialect oracle`` / ``dialect: oracle`` in config would;
* the model must hold exactly the hand-written set of objects and no
  statement may be unreadable (DBN004), unrecognised (DBN005), internal
  (DBN099) or unterminated (DBN001).

Where the model is knowingly wrong today, the case lists the gap with its
reason: the main test checks the current (gap-adjusted) model so that any
other regression still fails, and a strict xfail test checks the right one,
so the gap cannot be fixed silently without the test saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dbnamelint.frontends.sql.sources import SourceSettings
from dbnamelint.model import ObjectKind, Schema
from dbnamelint.runner.pipeline import Loaded, load_paths

DUMPS = Path(__file__).resolve().parent / "fixtures" / "dumps"

#: Input that could not be read: none of these may appear for any sample.
UNREADABLE_CODES = frozenset({"DBN001", "DBN004", "DBN005", "DBN099"})

#: The kinds compared exactly; columns are compared per table where listed.
NAMED_KINDS = (
    ObjectKind.SCHEMA,
    ObjectKind.TABLE,
    ObjectKind.VIEW,
    ObjectKind.MATERIALIZED_VIEW,
    ObjectKind.INDEX,
    ObjectKind.CONSTRAINT,
    ObjectKind.TRIGGER,
    ObjectKind.FUNCTION,
    ObjectKind.SEQUENCE,
    ObjectKind.TYPE,
)

Name = tuple[str, "str | None", str]  # (kind, owning table or None, name)


@dataclass(frozen=True)
class Gap:
    """A known wrong answer: what is missing, what appears instead, and why."""

    reason: str
    missing: frozenset[Name] = frozenset()
    instead: frozenset[Name] = frozenset()
    diagnostics: frozenset[str] = frozenset()  # codes the gap causes
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # as read today


@dataclass(frozen=True)
class Case:
    folder: str
    dialect: str  # the dialect every object must end up read with
    expected: frozenset[Name]
    setting: str | None = None  # a global dialect, as --dialect would set it
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    gap: Gap | None = None


def _names(*rows: tuple[str, str | None, str]) -> frozenset[Name]:
    return frozenset(rows)


CASES = (
    Case(
        "mysqldump",
        "mysql",
        _names(
            ("table", None, "customer"),
            ("table", None, "order_item"),
            ("table", None, "payment"),
            ("view", None, "customer_total"),
            ("function", None, "refresh_totals"),
            ("trigger", "payment", "trg_payment_bi"),
            ("constraint", "customer", "uq_customer_email"),
            ("constraint", "order_item", "chk_order_item_quantity"),
            ("constraint", "payment", "fk_payment_customer"),
            ("index", "customer", "idx_customer_name"),
            ("index", "customer", "ft_customer_full_name"),
            ("index", "order_item", "fk_order_item_customer"),
            ("index", "payment", "idx_payment_customer"),
        ),
        columns={
            "customer": (
                "customer_id",
                "email",
                "first_name",
                "last_name",
                "full_name",
                "created_at",
                "updated_at",
            ),
            "order_item": (
                "order_item_id",
                "customer_id",
                "quantity",
                "unit_price",
                "line_total",
                "ordered_on",
            ),
        },
    ),
    Case(
        "sqlserver",
        "tsql",
        _names(
            ("schema", None, "sales"),
            ("table", None, "Customer"),
            ("table", None, "Orders"),
            ("view", None, "vOrderSummary"),
            ("function", None, "usp_CloseOrder"),
            ("trigger", "Orders", "trg_Orders_Audit"),
            ("index", "Orders", "IX_Orders_CustomerId"),
            ("constraint", "Customer", "PK_Customer"),
            ("constraint", "Customer", "UQ_Customer_Email"),
            ("constraint", "Customer", "DF_Customer_Created"),
            ("constraint", "Orders", "PK_Orders"),
            ("constraint", "Orders", "DF_Orders_Status"),
            ("constraint", "Orders", "FK_Orders_Customer"),
            ("constraint", "Orders", "CK_Orders_Total"),
        ),
        columns={"Orders": ("OrderId", "CustomerId", "Status", "Total", "OrderedAt")},
    ),
    Case(
        "sqlite-dump",
        "sqlite",
        _names(
            ("table", None, "author"),
            ("table", None, "book"),
            ("table", None, "tag"),
            ("table", None, "book_tag"),
            ("table", None, "audit_log"),
            ("view", None, "book_count"),
            ("index", "book", "idx_book_author"),
            ("index", "book", "ux_book_title_author"),
            ("trigger", "book", "trg_book_ai"),
            ("trigger", "book", "trg_book_au"),
            ("constraint", "book", "pk_book"),
            ("constraint", "book", "fk_book_author"),
            ("constraint", "book", "uq_book_isbn"),
        ),
    ),
    Case(
        "sqlite-migrations",
        "sqlite",
        _names(
            ("table", None, "author"),
            ("table", None, "book"),
            ("table", None, "audit_log"),
            ("index", "book", "idx_book_author"),
            ("trigger", "book", "trg_book_ai"),
            ("constraint", "book", "pk_book"),
            ("constraint", "book", "fk_book_author"),
            ("constraint", "book", "uq_book_isbn"),
            ("constraint", "book", "ck_book_page_count"),
        ),
        columns={
            "book": ("book_id", "author_id", "title", "isbn", "page_count"),
            "audit_log": ("id", "table_name", "row_id", "action", "created_at", "actor"),
        },
    ),
    Case(
        "rails",
        "postgres",
        _names(
            ("table", None, "ar_internal_metadata"),
            ("table", None, "articles"),
            ("table", None, "schema_migrations"),
            ("table", None, "users"),
            ("function", None, "touch_updated_at"),
            # pg_dump writes the names PostgreSQL chose too (<table>_pkey, a
            # serial's <table>_id_seq): they count as the database's, as
            # check --db counts them (default_names.database_chosen)
            ("constraint", "articles", "articles_title_present"),
            ("constraint", "articles", "fk_rails_3d31dad1cc"),
            ("index", "articles", "index_articles_on_slug"),
            ("index", "articles", "index_articles_on_user_id_and_created_at"),
            ("index", "users", "index_users_on_email"),
            ("trigger", "articles", "articles_touch_updated_at"),
        ),
    ),
    Case(
        "flyway",
        "postgres",
        _names(
            ("table", None, "customer"),
            ("table", None, "purchase_orders"),
            ("view", None, "open_orders"),
            ("view", None, "order_report"),
            ("constraint", "customer", "uk_customer_email"),
            ("constraint", "purchase_orders", "fk_purchase_orders_customer"),
            ("constraint", "purchase_orders", "ck_purchase_orders_total"),
            ("index", "purchase_orders", "idx_purchase_orders_customer"),
            ("index", "purchase_orders", "idx_purchase_orders_placed_at"),
        ),
        columns={"purchase_orders": ("id", "customer_id", "status", "placed_at", "total_cents")},
    ),
    Case(
        "liquibase",
        "postgres",
        _names(
            ("table", None, "account"),
            ("table", None, "account_member"),
            ("view", None, "account_summary"),
            ("function", None, "account_name_upper"),
            ("trigger", "account", "trg_account_name_upper"),
            ("constraint", "account", "uq_account_display_name"),
            ("constraint", "account_member", "pk_account_member"),
            ("constraint", "account_member", "fk_account_member_account"),
            ("index", "account_member", "ix_account_member_user"),
        ),
        # --rollback lines are comments: replaying them would undo the renames.
        columns={"account": ("id", "display_name")},
    ),
    Case(
        "django",
        "postgres",
        _names(
            ("table", None, "blog_author"),
            ("table", None, "blog_label"),
            ("table", None, "blog_post"),
            ("table", None, "blog_post_tags"),
            ("constraint", "blog_post", "unique_post_title_per_author"),
            ("constraint", "blog_post", "blog_post_author_id_dd7a8485_fk_blog_author_id"),
            ("constraint", "blog_post", "post_status_valid"),
            ("constraint", "blog_post_tags", "blog_post_tags_post_id_tag_id_4925ec37_uniq"),
            ("constraint", "blog_post_tags", "blog_post_tags_post_id_a1c71c8a_fk_blog_post_id"),
            ("constraint", "blog_post_tags", "blog_post_tags_tag_id_0875c551_fk_blog_tag_id"),
            ("index", "blog_author", "blog_author_email_3f2c9a1b_like"),
            ("index", "blog_label", "blog_tag_slug_0b4f7c2e_like"),
            ("index", "blog_post", "blog_post_author_id_dd7a8485"),
            ("index", "blog_post", "blog_post_status_idx"),
            ("index", "blog_post_tags", "blog_post_tags_post_id_a1c71c8a"),
            ("index", "blog_post_tags", "blog_post_tags_tag_id_0875c551"),
        ),
        columns={
            "blog_post": ("id", "title", "body", "published_on", "author_id", "status"),
            "blog_post_tags": ("id", "post_id", "label_id"),
        },
    ),
    Case(
        "alembic",
        "postgres",
        _names(
            ("table", None, "alembic_version"),
            ("table", None, "invoices"),
            ("table", None, "invoice_lines"),
            ("type", None, "invoicestatus"),
            ("constraint", "alembic_version", "alembic_version_pkc"),
            ("constraint", "invoices", "pk_invoices"),
            ("constraint", "invoices", "uq_invoices_number"),
            ("constraint", "invoices", "ck_invoices_amount_positive"),
            ("constraint", "invoice_lines", "pk_invoice_lines"),
            ("constraint", "invoice_lines", "fk_invoice_lines_invoice_id_invoices"),
            ("index", "invoices", "ix_invoices_created"),
        ),
        columns={"invoices": ("id", "invoice_number", "status", "amount", "created_at", "paid_at")},
    ),
    Case(
        "prisma",
        "postgres",
        _names(
            ("table", None, "User"),
            ("table", None, "Profile"),
            ("table", None, "Post"),
            ("type", None, "Role"),
            ("constraint", "User", "User_pkey"),
            ("constraint", "Profile", "Profile_pkey"),
            ("constraint", "Profile", "Profile_userId_fkey"),
            ("constraint", "Post", "Post_pkey"),
            ("constraint", "Post", "Post_authorId_fkey"),
            ("index", "User", "User_email_key"),
            ("index", "Profile", "Profile_user_id_key"),
            ("index", "Post", "Post_authorId_idx"),
            ("index", "Post", "Post_authorId_title_key"),
        ),
        columns={"User": ("id", "email", "name", "role", "createdAt", "lastLoginAt")},
    ),
    Case(
        "oracle",
        "oracle",
        _names(
            ("sequence", None, "EMPLOYEES_SEQ"),
            ("table", None, "DEPARTMENTS"),
            ("table", None, "EMPLOYEES"),
            ("view", None, "EMP_DETAILS_VIEW"),
            ("function", None, "SECURE_DML"),
            ("trigger", "EMPLOYEES", "UPDATE_JOB_HISTORY"),
            ("constraint", "DEPARTMENTS", "DEPT_NAME_NN"),
            ("constraint", "DEPARTMENTS", "DEPT_ID_PK"),
            ("constraint", "EMPLOYEES", "EMP_LAST_NAME_NN"),
            ("constraint", "EMPLOYEES", "EMP_EMAIL_NN"),
            ("constraint", "EMPLOYEES", "EMP_HIRE_DATE_NN"),
            ("constraint", "EMPLOYEES", "EMP_SALARY_MIN"),
            ("constraint", "EMPLOYEES", "EMP_EMP_ID_PK"),
            ("constraint", "EMPLOYEES", "EMP_EMAIL_UK"),
            ("constraint", "EMPLOYEES", "EMP_DEPT_FK"),
            ("index", "EMPLOYEES", "EMP_EMAIL_UK"),
            ("index", "EMPLOYEES", "EMP_DEPARTMENT_IX"),
        ),
        setting="oracle",
    ),
)

IDS = [c.folder for c in CASES]


def _load(case: Case) -> Loaded:
    settings = SourceSettings(root=DUMPS, dialect=case.setting)
    return load_paths([str(DUMPS / case.folder)], settings)


def _model_names(schema: Schema) -> frozenset[Name]:
    """Every written (not dialect-chosen) name of the compared kinds."""
    return frozenset(
        (o.kind.value, o.table, o.name) for o in schema.of_kind(*NAMED_KINDS) if not o.implicit
    )


def _columns(schema: Schema, table: str) -> tuple[str, ...]:
    return tuple(o.name for o in schema.of_kind(ObjectKind.COLUMN) if o.table == table)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_statement_is_read(case: Case) -> None:
    loaded = _load(case)
    assert loaded.files, f"no file found under {case.folder}"
    unreadable = [
        f"{d.code} {d.location}: {d.message}"
        for d in loaded.diagnostics
        if d.code in UNREADABLE_CODES
    ]
    assert unreadable == []
    allowed = case.gap.diagnostics if case.gap else frozenset()
    other = [f"{d.code} {d.location}: {d.message}" for d in loaded.diagnostics]
    assert [d for d in other if d.split()[0] not in allowed] == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_dialect_is_recognised_as_a_user_lays_files_out(case: Case) -> None:
    loaded = _load(case)
    dialects = {o.source.dialect for o in loaded.schema.objects}
    assert dialects == {case.dialect}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_model_has_exactly_the_written_names(case: Case) -> None:
    expected = case.expected
    if case.gap is not None:  # what we produce today; see test_known_gap
        expected = (expected - case.gap.missing) | case.gap.instead
    assert _model_names(_load(case).schema) == expected


@pytest.mark.parametrize("case", [c for c in CASES if c.columns], ids=lambda c: c.folder)
def test_columns_after_replay(case: Case) -> None:
    schema = _load(case).schema
    expected = {**case.columns, **(case.gap.columns if case.gap else {})}
    for table, columns in expected.items():
        assert _columns(schema, table) == columns, table


GAPS = [
    pytest.param(c, id=c.folder, marks=pytest.mark.xfail(strict=True, reason=c.gap.reason))
    for c in CASES
    if c.gap is not None
]


@pytest.mark.parametrize("case", GAPS)
def test_known_gap(case: Case) -> None:
    schema = _load(case).schema
    assert _model_names(schema) == case.expected
    for table, columns in case.columns.items():
        assert _columns(schema, table) == columns, table


def test_sqlserver_objects_keep_their_schema() -> None:
    (case,) = (c for c in CASES if c.folder == "sqlserver")
    schema = _load(case).schema
    qualified = {o.qualified_name for o in schema.of_kind(ObjectKind.TABLE, ObjectKind.VIEW)}
    assert qualified == {"dbo.Customer", "sales.Orders", "sales.vOrderSummary"}


def test_mysql_view_placeholder_table_is_replaced_by_the_view() -> None:
    """mysqldump creates a stand-in view first (SELECT 1 AS col), then the real one."""
    (case,) = (c for c in CASES if c.folder == "mysqldump")
    schema = _load(case).schema
    kinds = {o.kind for o in schema.objects if o.name == "customer_total"}
    assert kinds == {ObjectKind.VIEW}
