"""Confirmation trial s22 (jhipster-sample-app): JHipster creates
``jhi_date_time_wrapper`` in a changeset with ``context="test"`` and runs
production with ``contexts: prod``, where Liquibase skips that changeset
(Liquibase documentation, "Contexts"). The changeset ``migrate`` writes has no
context, so on such a database it renamed a table that is not there and failed
whole. The plan now names the tables only some contexts create.

Oracle: a real PostgreSQL built as a production run builds it (the changesets
without a context only) refuses the forward script on exactly that table.
"""

# ruff: noqa: E501  (changelog lines kept whole, as JHipster writes them)
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, SqlFailed

_MASTER = """<?xml version="1.0" encoding="utf-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <include file="config/liquibase/changelog/00000000000000_initial_schema.xml" relativeToChangelogFile="false"/>
</databaseChangeLog>
"""

_INITIAL = """<?xml version="1.0" encoding="utf-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <changeSet id="00000000000001" author="jhipster">
        <createTable tableName="bank_account">
            <column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column>
        </createTable>
    </changeSet>
    <changeSet author="jhipster" id="00000000000002" context="test">
        <createTable tableName="jhi_date_time_wrapper">
            <column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column>
        </createTable>
    </changeSet>
</databaseChangeLog>
"""
#: What a run with ``contexts: prod`` creates (the changeset without a context).
_PROD = "CREATE TABLE bank_account (id BIGINT NOT NULL, CONSTRAINT bank_account_pkey PRIMARY KEY (id));\n"


def _migrate(root: Path, monkeypatch: pytest.MonkeyPatch, *renames: str) -> str:
    base = root / "src/main/resources/config/liquibase"
    (base / "changelog").mkdir(parents=True)
    (base / "master.xml").write_text(_MASTER, encoding="utf-8")
    (base / "changelog/00000000000000_initial_schema.xml").write_text(_INITIAL, "utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [src/main/resources/config/liquibase]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    args = [a for r in renames for a in ("--rename", r)]
    result = CliRunner().invoke(cli, ["migrate", *args, "-o", "forward.sql", "--no-views"])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_a_table_only_a_context_creates_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    out = _migrate(
        tmp_path, monkeypatch, "bank_account=bank_accounts", "jhi_date_time_wrapper=date_times"
    )
    assert (
        "jhi_date_time_wrapper (src/main/resources/config/liquibase/changelog/00000000000000_initial_schema.xml:"
        in out
    ), out
    assert 'changeset "00000000000002", context="test")' in out
    assert "bank_account (" not in out.split("Liquibase creates", 1)[1].split("only in a run", 1)[0]
    forward = (tmp_path / "forward.sql").read_text(encoding="utf-8")
    with pg.fresh_database("dbn_lb_context_prod") as db:
        pg.run(sql=_PROD, dbname=db)
        with pytest.raises(SqlFailed, match="jhi_date_time_wrapper"):
            pg.run(sql=forward, dbname=db)


def test_no_note_when_no_renamed_table_is_a_context_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _migrate(tmp_path, monkeypatch, "bank_account=bank_accounts")
    assert "Liquibase creates" not in out, out


_NEEDLES = """    <!-- jhipster-needle-liquibase-add-changelog - JHipster will add liquibase changelogs here -->
    <!-- jhipster-needle-liquibase-add-constraints-changelog - JHipster will add liquibase constraints changelogs here -->
"""


@pytest.mark.parametrize("needles", [True, False], ids=["jhipster", "plain"])
def test_jhipster_s_needles_above_the_include_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, needles: bool
) -> None:
    """JHipster's generator adds later changelogs at its needle comments, which
    stay above the include `migrate --write` appends: the plan says so."""
    master = _MASTER.replace(
        "</databaseChangeLog>", (_NEEDLES if needles else "") + "</databaseChangeLog>"
    )
    base = tmp_path / "src/main/resources/config/liquibase"
    (base / "changelog").mkdir(parents=True)
    (base / "master.xml").write_text(master, encoding="utf-8")
    (base / "changelog/00000000000000_initial_schema.xml").write_text(_INITIAL, "utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [src/main/resources/config/liquibase]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["migrate", "--rename", "bank_account=bank_accounts", "--write"])
    assert done.exit_code == 0, done.output
    out = " ".join(done.output.split())
    written = (base / "master.xml").read_text(encoding="utf-8")
    assert written.count("<include") == 2  # the include was added
    if needles:
        assert written.index("jhipster-needle-liquibase-add-changelog") < written.rindex("<include")
        assert (
            "master.xml keeps JHipster's needle comments (jhipster-needle-liquibase-add-changelog, jhipster-needle-liquibase-add-constraints-changelog)"
            in out
        ), out
    else:
        assert "needle" not in out
