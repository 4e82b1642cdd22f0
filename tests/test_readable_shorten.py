"""Over-long names get a readable suggestion, one finding, and migrate says what it settles.

Trial s10-t1 (ente-io/ente server, PostgreSQL): the 71-byte trigger
``trigger_authenticator_key_updated_time_on_authenticator_entity_updation``
got the suggestion ``trigger_authenticator_key_updated_time_on_6eb5fe06_entities``
(a hash for a word, ``updation`` lost), a second finding (DBN505, "not
snake_case") only because PostgreSQL cut the name to ``..._entity_``, and
``migrate --phase rule-DBN105`` renamed it, finishing its DBN501 entry,
without a word. PostgreSQL itself says which name it keeps (pg_trigger) and
that it stores each suggestion whole.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from dbnamelint.dialects import profile_for
from dbnamelint.rules.abbreviations import readable_short
from dbnamelint.rules.fixes import HASH_DIGITS, short_name, shorten

PG = profile_for("postgres")
TRIGGER = "trigger_authenticator_key_updated_time_on_authenticator_entity_updation"
SQL = f"""CREATE TABLE authenticator_entity (id int);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER {TRIGGER}
    BEFORE UPDATE ON authenticator_entity FOR EACH ROW EXECUTE PROCEDURE touch();
"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # abbreviations, the longest word first, any word but the last
        (
            "organization_membership_invitation_acceptance_audit_trail_entries",
            "org_membership_invitation_acceptance_audit_trail_entries",
        ),
        (
            "idx_organizations_configuration_environment_application_notification_id",
            "idx_orgs_configuration_environment_application_notification_id",
        ),
        # no abbreviation: the little words go first, last first...
        (
            "fk_customer_addresses_on_the_billing_country_of_the_primary_contact_person",
            "fk_customer_addresses_on_billing_country_primary_contact_person",
        ),
        # ...then the middle words nearest the last one
        (
            "identity_registration_codes_selfservice_registration_flows_id_fk",
            "identity_registration_codes_selfservice_registration_flows_fk",
        ),
    ],
)
def test_readable_short_names(name: str, expected: str) -> None:
    short = readable_short(name, 63, PG.identifier_size)
    assert short == expected
    assert PG.identifier_size(short) <= 63
    assert short.split("_")[0] in {name.split("_", maxsplit=1)[0], "org"}
    assert short.split("_")[-1] == name.rsplit("_", maxsplit=1)[-1]


@pytest.mark.parametrize(
    "name",
    [
        "OrganizationMembershipInvitationAcceptanceAuditTrailEntriesAndMore",  # camelCase
        "Order Line Items For Customers Who Placed More Than Ten Orders Last Year",
        "x" * 40 + "_" + "y" * 40,  # two words: nothing to drop
    ],
)
def test_names_not_in_snake_case_keep_the_hashed_form(name: str) -> None:
    assert readable_short(name, 63, PG.identifier_size) is None
    assert short_name(name, 63, PG.identifier_size) == shorten(name, 63, PG.identifier_size)


def _check(tmp_path: Path, sql: str, *args: str) -> list[dict[str, str]]:
    (tmp_path / "schema.sql").write_text(sql, encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        base = ["check", "--no-cache", "--format", "json", "--dialect", "postgres"]
        result = CliRunner().invoke(cli, [*base, *args, "schema.sql"])
    finally:
        os.chdir(old)
    findings: list[dict[str, str]] = json.loads(result.stdout)["findings"]
    return findings


def test_the_trial_trigger_gets_one_readable_finding(
    pg: pg_server.PgServer, tmp_path: Path
) -> None:
    findings = _check(tmp_path, SQL)
    on_trigger = [f for f in findings if f["kind"] == "trigger"]
    # one finding: the cut spelling's trailing "_" is DBN501's, not a DBN505
    assert [f["code"] for f in on_trigger] == ["DBN501"]
    suggestion = on_trigger[0]["suggestion"]
    # built from the name as written, following its table's DBN105 target
    assert suggestion == "trigger_auth_key_updated_time_on_auth_entities_updation"
    with pg.fresh_database("dbnamelint_readable") as db:
        pg.run(sql=SQL, dbname=db)
        rows = pg.query_json("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal", db)
        assert [r["tgname"] for r in rows] == [on_trigger[0]["name"]]
        assert on_trigger[0]["name"].endswith("_entity_")  # the cut the finding names
        pg.run(sql="ALTER TABLE authenticator_entity RENAME TO authenticator_entities;", dbname=db)
        pg.run(
            sql=f'ALTER TRIGGER "{on_trigger[0]["name"]}" ON authenticator_entities '
            f'RENAME TO "{suggestion}";',
            dbname=db,
        )
        rows = pg.query_json("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal", db)
    assert [r["tgname"] for r in rows] == [suggestion]  # stored whole


def test_a_rule_the_written_name_breaks_is_still_reported(tmp_path: Path) -> None:
    """Only findings the cut alone causes are dropped: a camelCase name stays DBN505's."""
    name = "TriggerAuthenticatorKeyUpdatedTimeOnAuthenticatorEntityUpdation"
    sql = SQL.replace(TRIGGER, f'"{name}X"')
    codes = sorted(f["code"] for f in _check(tmp_path, sql) if f["kind"] == "trigger")
    assert codes == ["DBN501", "DBN505"]


def test_a_taken_readable_name_falls_back_to_the_hash(tmp_path: Path) -> None:
    long = "organization_membership_invitation_acceptance_audit_trail_entries"
    taken = "org_membership_invitation_acceptance_audit_trail_entries"
    sql = f"CREATE TABLE {long} (id int);\nCREATE TABLE {taken} (id int);\n"
    (finding,) = [f for f in _check(tmp_path, sql) if f["code"] == "DBN501"]
    suggestion = finding["suggestion"]
    assert suggestion is not None and suggestion != taken
    assert suggestion.endswith("_entries") and PG.identifier_size(suggestion) <= 63
    assert any(len(w) == HASH_DIGITS for w in suggestion.split("_"))


def test_migrate_says_which_entries_of_other_phases_it_settles(tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text(SQL, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [schema.sql]\ndialect: postgres\n", encoding="utf-8"
    )
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        runner = CliRunner()
        init = runner.invoke(cli, ["whitelist", "init", "--group-by", "rule"])
        assert init.exit_code == 0, init.output
        text = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
        assert 'phase: "rule-DBN501"' in text and 'phase: "rule-DBN105"' in text
        result = runner.invoke(cli, ["migrate", "--no-cache", "--phase", "rule-DBN105"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    out = result.output
    assert 'RENAME TO "trigger_auth_key_updated_time_on_auth_entities_updation"' in out
    assert "(its target, whitelist.yaml:" in out and ", phase rule-DBN501)" in out
    assert "this migration also settles 1 entry of other phases: trigger " in out
