"""Liquibase: where ``migrate --write`` puts a rename so Liquibase runs it, last
(trial s8-t3 findings 1, 3, 11, 12, 13).

Facts from Liquibase's manual ("include", "includeAll": a changelog runs its
entries in order, an ``includeAll`` folder's files sorted by path; "Example
Changelogs: SQL Format") and its source (``DatabaseChangeLog``: a nested
changelog runs where it is included, ``getStandardChangeLogComparator`` is
plain ``String`` order; ``AbstractFormattedChangeLogParser``: the
``context:``/``contextFilter:``/``labels:`` attributes of a changeset line).
The oracle is a fresh PostgreSQL 15 given every changeset in the order those
rules give, each changeset on its own, as Liquibase runs them (the helper
below walks the changelog itself, independently of dbnamelint's reader), and
``drift`` on it afterwards.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, pg_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def write(root: Path, files: dict[str, str], config: str) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text.encode("utf-8"))
    (root / "dbnamelint.yaml").write_text(config, encoding="utf-8")


def drifted(out: str) -> list[tuple[str, str, str]]:
    return [(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]]


# -- Liquibase's order, as its manual states it ------------------------------------


def _resolve(changelog: Path, value: str, relative: bool, classpath: Path) -> Path:
    return (changelog.parent if relative else classpath) / value


def liquibase_files(changelog: Path, classpath: Path) -> list[Path]:
    """The files Liquibase runs from ``changelog``, in its order: ``include``s and
    ``sqlFile``s as listed, an ``includeAll`` folder's files by path as plain text,
    a nested changelog's files where it is included."""
    out: list[Path] = []
    if changelog.suffix == ".sql":
        return [changelog]
    if changelog.suffix == ".xml":
        items = []
        for element in ET.parse(changelog).getroot():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "changeSet":
                for inner in element:
                    if inner.tag.rsplit("}", 1)[-1] == "sqlFile":
                        items.append(("sqlFile", inner.attrib))
            else:
                items.append((tag, element.attrib))
    else:
        data = yaml.safe_load(changelog.read_text(encoding="utf-8"))
        items = []
        for entry in data["databaseChangeLog"]:
            ((tag, body),) = entry.items()
            if tag == "changeSet":
                items += [("sqlFile", c["sqlFile"]) for c in body["changes"] if "sqlFile" in c]
            else:
                items.append((tag, body))
    for tag, attrs in items:
        relative = str(attrs.get("relativeToChangelogFile", "false")).lower() == "true"
        if tag == "include":
            out += liquibase_files(
                _resolve(changelog, attrs["file"], relative, classpath), classpath
            )
        elif tag == "sqlFile":
            out.append(_resolve(changelog, attrs["path"], relative, classpath))
        elif tag == "includeAll":
            folder = _resolve(changelog, attrs["path"], relative, classpath)
            for path in sorted(folder.rglob("*"), key=lambda p: p.as_posix()):
                if path.is_file():
                    out += liquibase_files(path, classpath)
    return out


_CHANGESET = re.compile(r"^--\s*changeset\s+\S+:\S+(.*)$", re.MULTILINE | re.IGNORECASE)


def apply_liquibase(
    pg: PgServer, db: str, files: list[Path], contexts: set[str] | None = None
) -> None:
    """Each changeset of ``files`` on its own (a plain SQL file whole), skipping
    ``dbms:`` lists without postgresql and, with ``contexts``, changesets whose
    ``context:`` names none of them (Liquibase ``--contexts``)."""
    for path in files:
        text = path.read_text(encoding="utf-8")
        if not text.lstrip().lower().startswith(("--liquibase", "-- liquibase")):
            pg.run(sql=text, dbname=db)
            continue
        heads = list(_CHANGESET.finditer(text))
        for i, head in enumerate(heads):
            body = text[head.end() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
            attrs = head.group(1)
            dbms = re.search(r"dbms:(\S+)", attrs)
            if dbms and "postgresql" not in dbms.group(1).split(","):
                continue
            context = re.search(r"context:(\S+)", attrs)
            if contexts is not None and context and context.group(1) not in contexts:
                continue
            lines = [ln for ln in body.splitlines() if not re.match(r"--\s*rollback\b", ln)]
            if "".join(lines).strip():
                pg.run(sql="\n".join(lines), dbname=db)


def assert_clean(pg: PgServer, db: str) -> None:
    code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
    assert (code, drifted(out)) == (0, []), out + err


# -- findings 1, 3 and 11: one changelog, one migration, run after everything ----------

LB = "src/main/resources/config/liquibase"
MASTER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
    '    <include file="config/liquibase/changes/01-init.sql" relativeToChangelogFile="false"/>\n'
    '    <include file="changes/02-accounts.sql" relativeToChangelogFile="true"/>\n'
    '    <!-- <include file="changes/old.sql" relativeToChangelogFile="true"/> -->\n'
    '    <includeAll path="later/" relativeToChangelogFile="true"/>\n'
    '    <changeSet id="extra-1" author="me">\n'
    '        <sqlFile path="sql/extra.sql" relativeToChangelogFile="true" dbms="postgresql"/>\n'
    "    </changeSet>\n"
    "</databaseChangeLog>\n"
)
TREE = {
    f"{LB}/master.xml": MASTER,
    f"{LB}/changes/01-init.sql": (
        "-- liquibase formatted sql\n\n-- changeset me:1\n"
        'CREATE TABLE "UserAccount" (\n    id bigserial PRIMARY KEY,\n'
        '    "emailAddress" varchar(200) NOT NULL\n)\n-- rollback DROP TABLE "UserAccount";\n\n'
        "-- changeset me:2 dbms:postgresql\n"
        "CREATE TYPE \"OrderState\" AS ENUM ('new', 'paid')\n\n"
        "-- changeset me:3 dbms:mysql\nCREATE TABLE mysql_only (id int)\n"
    ),
    f"{LB}/changes/02-accounts.sql": (
        "-- liquibase formatted sql\n\n-- changeset me:10\n"
        'CREATE TABLE "PurchaseOrder" (\n    id bigserial PRIMARY KEY,\n'
        '    account_id bigint NOT NULL REFERENCES "UserAccount"(id),\n'
        "    state \"OrderState\" NOT NULL DEFAULT 'new'\n)\n\n"
        "-- changeset me:11\n"
        'CREATE INDEX idx_purchaseorder_account ON "PurchaseOrder"(account_id)\n'
    ),
    f"{LB}/later/001-b.sql": (
        "-- liquibase formatted sql\n\n-- changeset me:20\n"
        'CREATE UNIQUE INDEX ON "UserAccount" (lower("emailAddress"))\n'
    ),
    f"{LB}/later/002-c.sql": (
        "-- liquibase formatted sql\n\n-- changeset me:30\n"
        'ALTER TABLE "PurchaseOrder" ADD COLUMN "totalCents" bigint\n'
    ),
    f"{LB}/sql/extra.sql": (
        'CREATE VIEW order_summary AS SELECT o.id, a."emailAddress" FROM "PurchaseOrder" o '
        'JOIN "UserAccount" a ON a.id = o.account_id;\n'
    ),
}


def test_a_phase_of_one_changelog_is_one_migration_included_after_its_last_entry(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The type was renamed in a second file nothing included (F3), refused with a
    name-order reason that does not hold for included files (F1), and the rename
    went into ``later/``, which ``includeAll`` runs before ``sql/extra.sql`` reads
    the old names (F11: after the cleanup a fresh install failed, ``relation
    "PurchaseOrder" does not exist``). Now: one file beside the last file the
    changelog includes one by one, and one ``include`` of it after the last entry
    of ``master.xml`` (every other byte kept); the cleanup likewise after it.
    The oracle: PostgreSQL 15 given the changesets in Liquibase's order from a
    fresh database, after the rename and after the cleanup; ``drift`` clean;
    ``check`` passes once the whitelist is pruned."""
    write(tmp_path, TREE, f"paths: [{LB}]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert run("whitelist", "init")[0] == 0
    code, out, err = run("migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    assert out.count("Files (liquibase layout), written:") == 1, out
    assert "would replay it before" not in err
    new = tmp_path / LB / "changes/03-rename-phase-1.sql"
    assert 'ALTER TYPE "OrderState" RENAME TO "order_state"' in new.read_text()
    assert 'ALTER TABLE "PurchaseOrder" RENAME TO "purchase_orders"' in new.read_text()
    assert sorted(p.name for p in (tmp_path / LB / "later").iterdir()) == ["001-b.sql", "002-c.sql"]
    include = '    <include file="changes/03-rename-phase-1.sql" relativeToChangelogFile="true"/>\n'
    master = tmp_path / LB / "master.xml"
    assert master.read_text() == MASTER.replace(
        "</databaseChangeLog>", include + "</databaseChangeLog>"
    )
    classpath = tmp_path / "src/main/resources"
    order = liquibase_files(master, classpath)
    assert order[-2:] == [tmp_path / LB / "sql/extra.sql", new]
    with pg.fresh_database("dbn_lb_s9_phase") as db:
        apply_liquibase(pg, db, order)
        assert_clean(pg, db)
    assert run("whitelist", "prune")[0] == 0
    code, out, err = run("check", "--no-cache")
    assert code == 0, out + err

    code, out, err = run("migrate", "--cleanup", "--write", "--untracked")
    assert code == 0, out + err
    cleanup = tmp_path / LB / "changes/04-drop-compatibility-views.sql"
    assert 'DROP VIEW "PurchaseOrder"' in cleanup.read_text()
    assert master.read_text().endswith(
        include + '    <include file="changes/04-drop-compatibility-views.sql"'
        ' relativeToChangelogFile="true"/>\n</databaseChangeLog>\n'
    )
    order = liquibase_files(master, classpath)
    assert order[-1] == cleanup
    with pg.fresh_database("dbn_lb_s9_cleanup") as db:
        apply_liquibase(pg, db, order)  # sql/extra.sql reads the tables, before the rename
        assert_clean(pg, db)
    code, out, err = run("check", "--no-cache")
    assert code == 0, out + err


WIDGET = (
    '-- liquibase formatted sql\n-- changeset a:1\nCREATE TABLE "Widget" (id int PRIMARY KEY);\n'
)


def test_a_nested_changelog_runs_where_it_is_included(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A master including per-release changelogs: the rename's include goes after
    the last one in the master (Liquibase runs a nested changelog's files where
    it is included), and ``check`` replays the new file after ``r2/``'s files too.
    The oracle: PostgreSQL 15 in Liquibase's order; ``drift`` clean."""
    master = (
        "databaseChangeLog:\n"
        "- include:\n    file: r1/changelog.yaml\n    relativeToChangelogFile: true\n"
        "- include:\n    file: r2/changelog.yaml\n    relativeToChangelogFile: true\n"
    )
    files = {
        "db/master.yaml": master,
        "db/r1/changelog.yaml": (
            "databaseChangeLog:\n  - include: {file: 001-a.sql, relativeToChangelogFile: true}\n"
        ),
        "db/r2/changelog.yaml": (
            "databaseChangeLog:\n  - include: {file: 001-b.sql, relativeToChangelogFile: true}\n"
        ),
        "db/r1/001-a.sql": (WIDGET),
        "db/r2/001-b.sql": (
            "-- liquibase formatted sql\n-- changeset a:2\n"
            'CREATE VIEW widget_ids AS SELECT id FROM "Widget";\n'
        ),
    }
    write(tmp_path, files, "paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert run("whitelist", "init")[0] == 0
    code, out, err = run("migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    new = tmp_path / "db/r1/002-rename-phase-1.sql"
    assert (tmp_path / "db/master.yaml").read_text() == master + (
        "- include:\n    file: r1/002-rename-phase-1.sql\n    relativeToChangelogFile: true\n"
    )
    order = liquibase_files(tmp_path / "db/master.yaml", tmp_path)
    assert order == [tmp_path / "db/r1/001-a.sql", tmp_path / "db/r2/001-b.sql", new]
    code, out, err = run("inspect", "--events")
    paths = list(dict.fromkeys(line.split(":", 1)[0] for line in out.splitlines()))
    assert paths[-1] == "db/r1/002-rename-phase-1.sql", out
    with pg.fresh_database("dbn_lb_s9_nested") as db:
        apply_liquibase(pg, db, order)
        assert_clean(pg, db)


def test_an_include_all_folder_run_last_gets_a_name_that_sorts_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A master whose last entry is ``includeAll changes/``: Liquibase runs a new
    file of that folder last when its path sorts last, so nothing is edited."""
    master = (
        "databaseChangeLog:\n  - includeAll:\n      path: changes/\n"
        "      relativeToChangelogFile: true\n"
    )
    files = {
        "db/db.changelog-master.yaml": master,
        "db/changes/001-a.sql": (WIDGET),
    }
    write(tmp_path, files, "paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert run("whitelist", "init")[0] == 0
    code, out, err = run("migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    assert (tmp_path / "db/db.changelog-master.yaml").read_text() == master
    order = liquibase_files(tmp_path / "db/db.changelog-master.yaml", tmp_path)
    assert order == [
        tmp_path / "db/changes/001-a.sql",
        tmp_path / "db/changes/002-rename-phase-1.sql",
    ]


def test_a_second_master_running_the_same_files_gets_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two changelogs neither includes (an app's master, a test master) both run
    the file: the include goes to the shallowest, and the plan names the other."""
    include = "  - include: {file: changes/001-a.sql, relativeToChangelogFile: true}\n"
    files = {
        "db/db.changelog-master.yaml": "databaseChangeLog:\n" + include,
        "db/changelog-test.yaml": "databaseChangeLog:\n" + include,
        "db/changes/001-a.sql": WIDGET,
    }
    write(tmp_path, files, "paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert run("whitelist", "init")[0] == 0
    code, out, err = run("migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    master = (tmp_path / "db/db.changelog-master.yaml").read_text()
    assert master.endswith(include.replace("001-a", "002-rename-phase-1")), master
    assert "changelog-test.yaml also runs 001-a.sql" in out, out


# -- finding 12: a formatted-SQL changelog run directly ------------------------------

CHANGELOG_SQL = (
    "--liquibase formatted sql\r\n\r\n"
    "--changeset vt:1\r\n"
    'CREATE TABLE project (id serial PRIMARY KEY, "projectName" text);\r\n\r\n'
    "--changeset vt:2\r\n"
    "ALTER TABLE city ADD COLUMN zip text;\r\n"
)


def test_a_formatted_sql_changelog_run_directly_gets_the_changeset_appended(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """masterjava's ``liquibase --changeLogFile=databaseChangeLog.sql``: no XML/YAML
    changelog, so a separate file would never run. The changeset is appended to
    the changelog itself (its CRLF line endings kept, every earlier byte kept),
    nothing else written, the config untouched. The oracle: PostgreSQL 15 given
    ``initDB.sql`` then the changelog's changesets; ``drift`` clean; ``check``
    passes once pruned."""
    files = {
        "sql/initDB.sql": "CREATE TABLE city (id serial PRIMARY KEY, name text);\n",
        "sql/databaseChangeLog.sql": CHANGELOG_SQL,
    }
    config = "paths: [sql/initDB.sql, sql/databaseChangeLog.sql]\ndialect: postgres\n"
    write(tmp_path, files, config)
    monkeypatch.chdir(tmp_path)
    assert run("whitelist", "init")[0] == 0
    code, out, err = run("migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    assert sorted(p.name for p in (tmp_path / "sql").iterdir()) == [
        "databaseChangeLog.sql",
        "initDB.sql",
    ]
    assert (tmp_path / "dbnamelint.yaml").read_text() == config
    text = (tmp_path / "sql/databaseChangeLog.sql").read_bytes().decode()
    assert text.startswith(CHANGELOG_SQL + "\r\n-- changeset dbnamelint:rename_phase_1")
    assert "\n" not in text.replace("\r\n", "")
    with pg.fresh_database("dbn_lb_s9_direct") as db:
        apply_liquibase(
            pg, db, [tmp_path / "sql/initDB.sql", tmp_path / "sql/databaseChangeLog.sql"]
        )
        assert_clean(pg, db)
    assert run("whitelist", "prune")[0] == 0
    code, out, err = run("check", "--no-cache")
    assert code == 0, out + err


def test_a_file_no_changelog_runs_gets_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A numbered formatted-SQL file no changelog of the tree runs: the new file
    follows it (an ``includeAll`` would run it last) and the plan says what to
    add when the changelog lists files one by one."""
    files = {
        "db/001_init.sql": (
            '-- liquibase formatted sql\n-- changeset a:1\nCREATE TABLE "Widget" (id int);\n'
        )
    }
    write(tmp_path, files, "paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert run("whitelist", "init")[0] == 0
    code, out, err = run("migrate", "--phase", "1")
    assert code == 0, out + err
    assert "db/002_rename_phase_1.sql" in out
    assert "no Liquibase changelog in db/ or above runs 001_init.sql" in out


# -- finding 13: context and labels, as dbms -----------------------------------------

PUBLIC_RELATIONS = (
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'public'"
)


@pytest.mark.parametrize(
    ("heads", "expected"),
    [
        (["me:1 context:prod labels:v1", "me:2 context:prod labels:v1"], " context:prod labels:v1"),
        (
            ['me:1 contextFilter:"prod and !test"', 'me:2 contextFilter:"prod and !test"'],
            ' contextFilter:"prod and !test"',
        ),
        (["me:1 context:prod", "me:2 context:test"], ""),
        (["me:1 labels:v1", "me:2"], ""),
    ],
)
def test_the_rename_carries_the_context_and_labels_its_neighbours_share(
    pg: PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    heads: list[str],
    expected: str,
) -> None:
    """Liquibase runs a changeset with ``context:prod`` only under ``--contexts``
    naming prod (``AbstractFormattedChangeLogParser``: ``context:``, ``contextFilter:``,
    ``labels:``); a rename without it ran under ``--contexts=test`` without the
    tables and failed. Like ``dbms:``, a filter every neighbour changeset carries is
    copied; filters they do not share are not. The oracle (shared ``context:prod``):
    PostgreSQL 15 under ``--contexts=test`` runs nothing, under prod all of it."""
    body = [
        'CREATE TABLE "Widget" (id int PRIMARY KEY)',
        'ALTER TABLE "Widget" ADD COLUMN "sizeCm" int',
    ]
    text = "-- liquibase formatted sql\n" + "".join(
        f"\n-- changeset {head}\n{sql}\n" for head, sql in zip(heads, body, strict=True)
    )
    files = {
        "db/main.yaml": (
            "databaseChangeLog:\n"
            "  - include: { file: sql/001_init.sql, relativeToChangelogFile: true }\n"
        ),
        "db/sql/001_init.sql": text,
    }
    write(tmp_path, files, "paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert run("whitelist", "init")[0] == 0
    code, out, err = run("migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    new = tmp_path / "db/sql/002_rename_phase_1.sql"
    head = new.read_text().split("\n")[2]
    assert head == f"-- changeset dbnamelint:rename_phase_1 splitStatements:false{expected}", head
    assert (
        (tmp_path / "db/main.yaml")
        .read_text()
        .endswith(
            "  - include: { file: sql/002_rename_phase_1.sql, relativeToChangelogFile: true }\n"
        )
    )
    if expected != " context:prod labels:v1":
        return
    order = liquibase_files(tmp_path / "db/main.yaml", tmp_path)
    with pg.fresh_database("dbn_lb_s9_ctx") as db:
        apply_liquibase(pg, db, order, contexts={"test"})
        assert pg.query_json(PUBLIC_RELATIONS, db) == []
        apply_liquibase(pg, db, order, contexts={"prod"})
        assert_clean(pg, db)
