"""A dependent's suggestion that follows its table's target says so, and the name that fits today.

Closing confirmation of session 36 (umami): a new trigger ``"TouchTeam"`` on
the legacy table ``team`` (target ``teams``) was told ``(suggestion:
touch_teams)``, a table name no file has; so were an index
(``websites_by_domain``) and a foreign key (``fk_revenues_website``). The
merged target must follow the table's: a whitelist entry's target spelling
``team`` is refused by ``migrate`` (it would break DBN504 once the table is
renamed). So the target stays, and the line tells why, and the name that
fits the table as it is named today, which ``migrate`` renames with the
table.

Oracle: PostgreSQL. The trigger named as told for today runs there, and
after the migration ``migrate`` writes for the table's phase, the catalog
holds the trigger under the suggested name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

SCHEMA = (
    "CREATE TABLE team (team_id uuid PRIMARY KEY, updated_at timestamptz);\n"
    "CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;\n"
    "CREATE TABLE website (website_id uuid PRIMARY KEY, domain text);\n"
)
NEW = (
    'CREATE TRIGGER "TouchTeam" BEFORE UPDATE ON team FOR EACH ROW '
    "EXECUTE FUNCTION touch_updated_at();\n"
    'CREATE INDEX "WebsiteByDomain" ON website (domain);\n'
)
CONFIG = "paths: [db]\ndialect: postgres\n"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _suggestion(output: str, name: str) -> str:
    line = next(line for line in output.splitlines() if f".{name}" in line)
    return line[line.index("(suggestion: ") :]


def test_the_suggestion_says_it_follows_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {"dbnamelint.yaml": CONFIG, "db/001_init.sql": SCHEMA, "db/002_new.sql": NEW}
    committed_repo(tmp_path / "app", files, monkeypatch)
    checked = _run("check", "--no-cache")
    assert _suggestion(checked.output, "TouchTeam") == (
        "(suggestion: touch_teams, with table team's target teams; touch_team with its name today)"
    )
    assert _suggestion(checked.output, "WebsiteByDomain") == (
        "(suggestion: websites_by_domain, with table website's target websites; "
        "website_by_domain with its name today)"
    )
    # a table with no target: nothing to follow, no note
    assert "(suggestion: teams)" in checked.output


def test_the_name_for_today_passes_and_migrate_renames_it_with_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    today = NEW.replace('"TouchTeam"', "touch_team").replace(
        '"WebsiteByDomain"', "website_by_domain"
    )
    files = {"dbnamelint.yaml": CONFIG, "db/001_init.sql": SCHEMA, "db/002_new.sql": today}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    checked = _run("check", "--no-cache")
    assert checked.exit_code == 0, checked.output
    done = _run("migrate", "--phase", "1", "--write", "--no-views")
    assert done.exit_code == 0, done.output
    written = sorted((root / "db").glob("003_*.sql"))
    assert len(written) == 1, done.output
    with pg.fresh_database("s37_umami_follows") as db:
        pg.run(files=[root / "db/001_init.sql", root / "db/002_new.sql", written[0]], dbname=db)
        triggers = pg.query_json("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal", dbname=db)
        indexes = pg.query_json(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'", dbname=db
        )
    assert [t["tgname"] for t in triggers] == ["touch_teams"]
    assert "websites_by_domain" in {i["indexname"] for i in indexes}
