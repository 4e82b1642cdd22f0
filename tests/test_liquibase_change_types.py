"""Liquibase change types read into the model (XML, YAML, JSON changelogs).

Oracle: the SQL Liquibase documents it generates for PostgreSQL for each
change type (docs.liquibase.com, "Change Types": each page's generated SQL,
e.g. addForeignKeyConstraint: ``ALTER TABLE cat.address ADD CONSTRAINT
fk_address_person FOREIGN KEY (person_id) REFERENCES cat.person (id)``;
``PostgresDatabase``: bare names, a mixed-case one quoted, an unnamed
``createTable`` primary key named ``<tableName>_pkey`` as real Liquibase
4.28's ``update-sql`` writes it: ``CONSTRAINT "AuditEntry_pkey"``,
``CONSTRAINT label_pkey``), run on PostgreSQL 15 in
the changelog's order; ``drift`` then finds the model of the changelog tree
equal to the catalog.
"""

# ruff: noqa: E501  (changelog lines are kept whole, as a user writes them)
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer, pg_url

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
)

#: JHipster's layout: master.xml includes one changelog per entity, then their constraints.
MASTER = HEAD + (
    '    <include file="config/liquibase/changelog/00000000000000_initial_schema.xml"'
    ' relativeToChangelogFile="false"/>\n'
    '    <include file="config/liquibase/changelog/20240101000000_added_entity_Book.xml"'
    ' relativeToChangelogFile="false"/>\n'
    '    <include file="config/liquibase/changelog/20240101000000_added_entity_constraints_Book.xml"'
    ' relativeToChangelogFile="false"/>\n'
    "</databaseChangeLog>\n"
)

INITIAL = HEAD + (
    '    <changeSet id="00000000000000" author="jhipster">\n'  # 3
    '        <createSequence sequenceName="sequence_generator" startValue="1050" incrementBy="50"/>\n'
    "    </changeSet>\n"
    '    <changeSet id="00000000000001" author="jhipster">\n'  # 6
    '        <createTable tableName="jhi_user">\n'  # 7
    '            <column name="id" type="bigint">\n'  # 8
    '                <constraints primaryKey="true" nullable="false"/>\n'
    "            </column>\n"
    '            <column name="login" type="varchar(50)">\n'  # 11
    '                <constraints unique="true" nullable="false" uniqueConstraintName="ux_user_login"/>\n'
    "            </column>\n"
    '            <column name="email" type="varchar(191)">\n'  # 14
    '                <constraints unique="true"/>\n'
    "            </column>\n"
    '            <column name="created_date" type="timestamp"/>\n'
    "        </createTable>\n"
    '        <createTable tableName="jhi_authority">\n'
    '            <column name="name" type="varchar(50)">\n'
    '                <constraints primaryKey="true" primaryKeyName="pk_authority" nullable="false"/>\n'
    "            </column>\n"
    "        </createTable>\n"
    '        <createTable tableName="jhi_user_authority">\n'
    '            <column name="user_id" type="bigint"><constraints nullable="false"/></column>\n'
    '            <column name="authority_name" type="varchar(50)"><constraints nullable="false"/></column>\n'
    "        </createTable>\n"
    '        <addPrimaryKey columnNames="user_id, authority_name" tableName="jhi_user_authority"/>\n'
    '        <addForeignKeyConstraint baseColumnNames="authority_name" baseTableName="jhi_user_authority"'
    ' constraintName="fk_authority_name" referencedColumnNames="name" referencedTableName="jhi_authority"/>\n'
    '        <addForeignKeyConstraint baseColumnNames="user_id" baseTableName="jhi_user_authority"'
    ' constraintName="fk_user_id" referencedColumnNames="id" referencedTableName="jhi_user"/>\n'
    '        <createIndex indexName="idx_user_created" tableName="jhi_user">\n'
    '            <column name="created_date"/>\n'
    "        </createIndex>\n"
    '        <loadData file="config/liquibase/data/user.csv" separator=";" tableName="jhi_user"/>\n'
    "    </changeSet>\n"
    "</databaseChangeLog>\n"
)

BOOK = HEAD + (
    '    <changeSet id="20240101000000-1" author="jhipster">\n'
    '        <createTable tableName="book">\n'
    '            <column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column>\n'
    '            <column name="title" type="varchar(255)"/>\n'
    '            <column name="publishedOn" type="${datetimeType}"/>\n'  # 7: DBN201
    '            <column name="old_note" type="varchar(20)"/>\n'
    '            <column name="author_id" type="bigint"/>\n'
    "        </createTable>\n"
    '        <addColumn tableName="book">\n'
    '            <column name="isbn" type="varchar(13)"><constraints unique="true"/></column>\n'
    "        </addColumn>\n"
    '        <renameColumn tableName="book" oldColumnName="title" newColumnName="book_title"/>\n'
    '        <dropColumn tableName="book" columnName="old_note"/>\n'
    "    </changeSet>\n"
    '    <changeSet id="20240101000000-2" author="jhipster" dbms="mysql,mariadb">\n'
    '        <createTable tableName="mysql_only"><column name="id" type="int"/></createTable>\n'
    "    </changeSet>\n"
    '    <changeSet id="20240101000000-3" author="jhipster" context="!test">\n'
    '        <createTable tableName="tmp_book"><column name="id" type="int"/></createTable>\n'
    '        <renameTable oldTableName="tmp_book" newTableName="book_archive"/>\n'
    '        <createView viewName="book_titles">SELECT id, book_title FROM book</createView>\n'
    "        <sql>CREATE TABLE book_tags (book_id bigint REFERENCES book (id), tag text);</sql>\n"
    "    </changeSet>\n"
    "</databaseChangeLog>\n"
)

CONSTRAINTS = HEAD + (
    '    <changeSet id="20240101000000-4" author="jhipster">\n'
    '        <addForeignKeyConstraint baseColumnNames="author_id" baseTableName="book"'
    ' constraintName="fk_book__author_id" referencedColumnNames="id" referencedTableName="jhi_user"/>\n'
    '        <addUniqueConstraint tableName="book" columnNames="book_title, author_id"'
    ' constraintName="ux_book_title_author"/>\n'
    "    </changeSet>\n"
    "</databaseChangeLog>\n"
)

#: What Liquibase runs on PostgreSQL for the tree above, in its order (the
#: documented generated SQL of each change type; ``dbms="mysql,mariadb"`` left out).
POSTGRES_SQL = [
    "CREATE SEQUENCE sequence_generator START WITH 1050 INCREMENT BY 50",
    "CREATE TABLE jhi_user (id BIGINT NOT NULL, login VARCHAR(50) NOT NULL,"
    " email VARCHAR(191), created_date TIMESTAMP WITHOUT TIME ZONE,"
    " CONSTRAINT jhi_user_pkey PRIMARY KEY (id), UNIQUE (email),"
    " CONSTRAINT ux_user_login UNIQUE (login))",
    "CREATE TABLE jhi_authority (name VARCHAR(50) NOT NULL,"
    " CONSTRAINT pk_authority PRIMARY KEY (name))",
    "CREATE TABLE jhi_user_authority (user_id BIGINT NOT NULL, authority_name VARCHAR(50) NOT NULL)",
    "ALTER TABLE jhi_user_authority ADD PRIMARY KEY (user_id, authority_name)",
    "ALTER TABLE jhi_user_authority ADD CONSTRAINT fk_authority_name FOREIGN KEY (authority_name)"
    " REFERENCES jhi_authority (name)",
    "ALTER TABLE jhi_user_authority ADD CONSTRAINT fk_user_id FOREIGN KEY (user_id)"
    " REFERENCES jhi_user (id)",
    "CREATE INDEX idx_user_created ON jhi_user(created_date)",
    'CREATE TABLE book (id BIGINT NOT NULL, title VARCHAR(255), "publishedOn" TIMESTAMP,'
    " old_note VARCHAR(20), author_id BIGINT, CONSTRAINT book_pkey PRIMARY KEY (id))",
    "ALTER TABLE book ADD isbn VARCHAR(13) UNIQUE",
    "ALTER TABLE book RENAME COLUMN title TO book_title",
    "ALTER TABLE book DROP COLUMN old_note",
    "CREATE TABLE tmp_book (id INTEGER)",
    "ALTER TABLE tmp_book RENAME TO book_archive",
    "CREATE VIEW book_titles AS SELECT id, book_title FROM book",
    "CREATE TABLE book_tags (book_id bigint REFERENCES book (id), tag text)",
    "ALTER TABLE book ADD CONSTRAINT fk_book__author_id FOREIGN KEY (author_id)"
    " REFERENCES jhi_user (id)",
    "ALTER TABLE book ADD CONSTRAINT ux_book_title_author UNIQUE (book_title, author_id)",
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def jhipster_tree(root: Path) -> None:
    base = root / "src/main/resources/config/liquibase"
    files = {
        "master.xml": MASTER,
        "changelog/00000000000000_initial_schema.xml": INITIAL,
        "changelog/20240101000000_added_entity_Book.xml": BOOK,
        "changelog/20240101000000_added_entity_constraints_Book.xml": CONSTRAINTS,
    }
    for name, text in files.items():
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        (base / name).write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [src/main/resources/config/liquibase]\ndialect: postgres\n", encoding="utf-8"
    )


def model(out: str) -> set[tuple[str, str]]:
    return {(o["kind"], o["qualified_name"]) for o in json.loads(out)["objects"]}


def test_jhipster_changelogs_match_the_catalog(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JHipster tree (master.xml including one changelog per entity) read in the
    master's order, change types as the SQL Liquibase runs for them: ``drift``
    against PostgreSQL 15 after that SQL finds no difference (implicit names such
    as ``jhi_user_email_key``, ``jhi_user_authority_pkey``, renames, drops, the
    ``sql`` change and the view included; the ``dbms="mysql,mariadb"`` changeset left out)."""
    jhipster_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("inspect", "src/main/resources/config/liquibase", "--format", "json")
    assert code == 0, out + err
    found = model(out)
    assert ("table", "book_archive") in found and ("table", "mysql_only") not in found
    assert ("column", "book.book_title") in found and ("column", "book.old_note") not in found
    with pg.fresh_database("dbn_lb_change_types") as db:
        for sql in POSTGRES_SQL:
            pg.run(sql=sql, dbname=db)
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        drift = [(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]]
        assert (code, drift) == (0, []), out + err


def test_check_points_at_the_changelog_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad name written in a change type is found at its element's line and the
    column of the name in it; change types not read get no DBN917 note, and
    ``loadData`` (data) none either."""
    jhipster_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "--no-cache", "--format", "json", "--select", "DBN201,DBN917")
    found = [(d["path"], d["line"], d["column"], d["code"]) for d in json.loads(out)["findings"]]
    notes = [d["code"] for d in json.loads(out)["diagnostics"]]
    book = "src/main/resources/config/liquibase/changelog/20240101000000_added_entity_Book.xml"
    assert (code, found, notes) == (1, [(book, 7, 27, "DBN201")], []), out + err


YAML = """\
databaseChangeLog:
  - changeSet:
      id: '1'
      author: me
      changes:
        - createTable:
            tableName: orders
            columns:
              - column:
                  name: id
                  type: bigint
                  autoIncrement: true
                  constraints: {primaryKey: true, nullable: false}
              - column:
                  name: customerRef
                  type: varchar(20)
                  constraints: {unique: true}
        - createIndex:
            tableName: orders
            columns:
              - column: {name: customerRef}
        - sql:
            sql: CREATE TABLE order_notes (id int PRIMARY KEY)
"""

JSON_TEXT = """\
{"databaseChangeLog": [
  {"changeSet": {"id": "1", "author": "me", "changes": [
    {"createTable": {"tableName": "orders", "columns": [
      {"column": {"name": "id", "type": "bigint", "autoIncrement": true,
                  "constraints": {"primaryKey": true, "nullable": false}}},
      {"column": {"name": "customerRef", "type": "varchar(20)",
                  "constraints": {"unique": true}}}]}},
    {"createIndex": {"tableName": "orders", "columns": [{"column": {"name": "customerRef"}}]}},
    {"sql": {"sql": "CREATE TABLE order_notes (id int PRIMARY KEY)"}}
  ]}}
]}
"""

#: What Liquibase runs on PostgreSQL 10+ for the changelog above: autoIncrement is
#: an identity column (owns orders_id_seq), the mixed-case name is quoted.
ORDERS_SQL = [
    "CREATE TABLE orders (id BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL,"
    ' "customerRef" VARCHAR(20) UNIQUE, CONSTRAINT orders_pkey PRIMARY KEY (id))',
    'CREATE INDEX ON orders("customerRef")',
    "CREATE TABLE order_notes (id int PRIMARY KEY)",
]


@pytest.mark.parametrize(
    ("name", "text"), [("db.changelog.yaml", YAML), ("db.changelog.json", JSON_TEXT)]
)
def test_yaml_and_json_changelogs_match_the_catalog(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    """YAML and JSON changelogs say the same as XML: the model (identity column's
    sequence, implicit unique key and index names) equals PostgreSQL 15's catalog
    after the SQL Liquibase runs; a bad name is located on its YAML line."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / name).write_text(text, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_lb_change_types_" + name.rsplit(".", 1)[1]) as db:
        for sql in ORDERS_SQL:
            pg.run(sql=sql, dbname=db)
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        drift = [(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]]
        assert (code, drift) == (0, []), out + err
    if name.endswith(".yaml"):
        code, out, err = run("check", "--no-cache", "--format", "json", "--select", "DBN201")
        found = [(d["line"], d["column"], d["code"]) for d in json.loads(out)["findings"]]
        assert (code, found) == (1, [(15, 25, "DBN201")]), out + err


def test_changelogs_run_in_include_order_not_name_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Liquibase runs included changelogs where their ``include`` stands (manual,
    "include"), a nested changelog's own includes in its place: ``z-create.xml``
    (included first by ``nested.xml``) creates the table that ``a-rename.xml``
    renames, and a YAML changelog included last drops a column of it. Read in
    name order the rename would come first and find no table."""
    files = {
        "db/master.xml": HEAD
        + '    <include file="db/nested.xml"/>\n'
        + '    <include file="db/m-drop.yaml"/>\n'
        + "</databaseChangeLog>\n",
        "db/nested.xml": HEAD
        + '    <include file="db/z-create.xml"/>\n'
        + '    <include file="db/a-rename.xml"/>\n'
        + "</databaseChangeLog>\n",
        "db/z-create.xml": HEAD
        + '  <changeSet id="1" author="a"><createTable tableName="draft">'
        + '<column name="id" type="int"/><column name="gone" type="int"/>'
        + "</createTable></changeSet>\n</databaseChangeLog>\n",
        "db/a-rename.xml": HEAD
        + '  <changeSet id="2" author="a">'
        + '<renameTable oldTableName="draft" newTableName="drafts"/></changeSet>\n'
        + "</databaseChangeLog>\n",
        "db/m-drop.yaml": "databaseChangeLog:\n  - changeSet:\n      id: '3'\n      author: a\n"
        "      changes:\n        - dropColumn: {tableName: drafts, columnName: gone}\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("inspect", "db", "--format", "json")
    assert code == 0, out + err
    assert {n for k, n in model(out) if k in ("table", "column")} == {"drafts", "drafts.id"}


def test_a_change_without_its_name_is_noted_not_modelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tableName`` is required for ``createTable`` (Liquibase manual, createTable:
    "Required for: all"): one without it makes no table in the model (not a table
    called ""), and its changeset's DBN917 note says what is missing."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "db.changelog.yaml").write_text(
        "databaseChangeLog:\n  - changeSet:\n      id: '1'\n      author: a\n"
        "      changes:\n        - createTable:\n            columns:\n"
        "              - column: {name: id, type: int}\n"
        "        - createTable: {tableName: kept, columns: [{column: {name: id, type: int}}]}\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("inspect", "db", "--format", "json")
    assert {n for k, n in model(out) if k == "table"} == {"kept"}, out + err
    code, out, err = run("check", "--no-cache", "--format", "json", "--select", "DBN917")
    notes = [(d["line"], d["message"]) for d in json.loads(out)["diagnostics"]]
    assert (code, len(notes), notes[0][0]) == (0, 1, 2), out + err
    assert "(createTable without tableName)" in notes[0][1]


PKEY_XML = HEAD + (
    '  <changeSet id="1" author="me">\n'
    '    <createTable tableName="AuditEntry"><column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column></createTable>\n'
    '    <createTable tableName="label"><column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column></createTable>\n'
    '    <createTable tableName="BOOKS"><column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column></createTable>\n'
    "  </changeSet>\n"
    '  <changeSet id="2" author="me" objectQuotingStrategy="QUOTE_ALL_OBJECTS">\n'
    '    <createTable tableName="audit_trail"><column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column></createTable>\n'
    '    <createTable tableName="Customer"><column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column></createTable>\n'
    "  </changeSet>\n"
    "</databaseChangeLog>\n"
)

#: ``liquibase --url=offline:postgresql update-sql`` of PKEY_XML, Liquibase 4.28.0
#: (npm ``liquibase@4.28.1``), verbatim: the unnamed key is ``<tableName>_pkey``
#: with the table name as written, quoted when mixed case or QUOTE_ALL_OBJECTS.
PKEY_SQL = [
    'CREATE TABLE "AuditEntry" (id BIGINT NOT NULL, CONSTRAINT "AuditEntry_pkey" PRIMARY KEY (id))',
    "CREATE TABLE label (id BIGINT NOT NULL, CONSTRAINT label_pkey PRIMARY KEY (id))",
    'CREATE TABLE BOOKS (id BIGINT NOT NULL, CONSTRAINT "BOOKS_pkey" PRIMARY KEY (id))',
    'CREATE TABLE "audit_trail" ("id" BIGINT NOT NULL, CONSTRAINT "audit_trail_pkey" PRIMARY KEY ("id"))',
    'CREATE TABLE "Customer" ("id" BIGINT NOT NULL, CONSTRAINT "Customer_pkey" PRIMARY KEY ("id"))',
]


def test_unnamed_primary_key_is_named_as_liquibase_names_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unnamed ``createTable`` key on PostgreSQL is ``<tableName>_pkey`` as
    written (``"AuditEntry_pkey"``, ``"BOOKS_pkey"`` for a bare ``BOOKS``,
    ``"audit_trail_pkey"`` under QUOTE_ALL_OBJECTS), not ``<TABLE>_PKEY``:
    ``drift`` against the SQL real Liquibase 4.28 generates finds no difference,
    and ``migrate`` renames the key by the name the database has."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "changelog.xml").write_text(PKEY_XML, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_lb_pkey_names") as db:
        for sql in PKEY_SQL:
            pg.run(sql=sql, dbname=db)
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        drift = [(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]]
        assert (code, drift) == (0, []), out + err
    code, out, err = run("inspect", "db", "--format", "json")
    constraints = {n for k, n in model(out) if k == "constraint"}
    assert {"AuditEntry.AuditEntry_pkey", "audit_trail.audit_trail_pkey"} <= constraints, out


MARIA_XML = HEAD + (
    '  <changeSet id="1" author="a">\n'
    '    <createTable tableName="team"><column name="id" type="int"><constraints primaryKey="true"/></column></createTable>\n'
    '    <createTable tableName="person">\n'
    '      <column name="id" type="int" autoIncrement="true"><constraints primaryKey="true" nullable="false"/></column>\n'
    '      <column name="email" type="varchar(100)"><constraints unique="true"/></column>\n'
    '      <column name="team_id" type="int"/>\n'
    "    </createTable>\n"
    '    <addForeignKeyConstraint baseTableName="person" baseColumnNames="team_id" constraintName="fk_person_team" referencedTableName="team" referencedColumnNames="id"/>\n'
    '    <createIndex indexName="idx_person_email" tableName="person"><column name="email"/></createIndex>\n'
    '    <dropIndex indexName="idx_person_email" tableName="person"/>\n'
    "  </changeSet>\n"
    '  <changeSet id="2" author="a" dbms="postgresql">\n'
    '    <createTable tableName="pg_only"><column name="id" type="int"/></createTable>\n'
    "  </changeSet>\n"
    "</databaseChangeLog>\n"
)

#: What Liquibase runs on MariaDB for MARIA_XML (``dbms="postgresql"`` left out;
#: a MySQL primary key is always called PRIMARY, ``DROP INDEX i ON t``).
MARIA_SQL = [
    "CREATE TABLE team (id INT NOT NULL, PRIMARY KEY (id))",
    "CREATE TABLE person (id INT AUTO_INCREMENT NOT NULL, email VARCHAR(100) NULL,"
    " team_id INT NULL, CONSTRAINT PK_PERSON PRIMARY KEY (id), UNIQUE (email))",
    "ALTER TABLE person ADD CONSTRAINT fk_person_team FOREIGN KEY (team_id) REFERENCES team (id)",
    "CREATE INDEX idx_person_email ON person(email)",
    "DROP INDEX idx_person_email ON person",
]


def test_mariadb_changelog_matches_the_catalog(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On MariaDB the same change types give MariaDB's names (the unique key named
    after its column, the foreign key's index after the constraint), and the
    ``dbms="postgresql"`` changeset is left out: ``drift`` is clean."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "changelog.xml").write_text(MARIA_XML, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbn_lb_change_types") as db:
        for sql in MARIA_SQL:
            maria.run(sql, database=db)
        code, out, err = run("drift", "--db", maria.url(db), "--format", "json")
        drift = [(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]]
        assert (code, drift) == (0, []), out + err


def test_migrate_writes_a_changeset_the_master_changelog_runs_last(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a tree of change-type changelogs, ``migrate --write`` writes a
    formatted-SQL changeset and includes it after the master's last entry, in
    the style of its other includes (Liquibase runs nothing it does not
    include); the SQL the changelogs generate, then that changeset, leave
    PostgreSQL 15 with no drift from the migrated tree."""
    jhipster_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("whitelist", "init")
    assert code == 0, out + err
    code, out, err = run("migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    base = tmp_path / "src/main/resources/config/liquibase"
    master = (base / "master.xml").read_text(encoding="utf-8")
    assert master.startswith(MASTER.removesuffix("</databaseChangeLog>\n"))
    added = master.removeprefix(MASTER.removesuffix("</databaseChangeLog>\n")).splitlines()
    assert len(added) == 2 and added[1] == "</databaseChangeLog>", master
    written = added[0].split('file="config/liquibase/', 1)[1].split('"', 1)[0]
    assert added[0].endswith('relativeToChangelogFile="false"/>'), added[0]
    changeset = (base / written).read_text(encoding="utf-8")
    assert changeset.startswith("-- liquibase formatted sql"), changeset
    with pg.fresh_database("dbn_lb_change_migrate") as db:
        for sql in POSTGRES_SQL:
            pg.run(sql=sql, dbname=db)
        pg.run(sql=changeset, dbname=db)  # the `-- rollback` lines are comments to psql
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        drift = [(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]]
        assert (code, drift) == (0, []), out + err


def test_an_entity_and_its_constraints_changelog_share_a_timestamp_freely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JHipster writes ``<ts>_added_entity_Book.xml`` and
    ``<ts>_added_entity_constraints_Book.xml`` with one timestamp; the master
    changelog orders them, so the shared number is no duplicate version."""
    jhipster_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "--no-cache", "--format", "json", "--select", "DBN016")
    assert [d["code"] for d in json.loads(out)["diagnostics"]] == [], out + err
    assert code == 0, out + err
