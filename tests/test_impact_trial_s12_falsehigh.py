"""``dbnamelint impact`` after trial s12: false high-confidence references in data files.

#1 A translation's UI text read as SQL: with a table ``team``,
``public/intl/messages/en-GB.json`` holding ``"join-team": "Join team"`` and
``"label": "Select from team"`` was ``high [SQL]`` twice, and ``--diff``
changed the UI text to "Join teams". A value of a data file (JSON, YAML,
``.properties``, gettext ``.po``) is SQL only as a whole statement
(``"SELECT count(*) FROM team"``), in a message catalogue only with
upper-case keywords.
#2 A mapping key read as ``table.column``: ``subscribers.attribs:`` in an
OpenAPI schema (listmonk's ``docs/swagger/collections.yaml``) was
``high [SQL (table.column)]`` and ``--diff`` rewrote it. A key is a key.

Oracles: PyYAML and Python's ``json`` read which words are keys and what each
value is; the search runs through the real ``git grep`` and each patch
through the real ``git apply``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from test_impact_contexts import _refs

SCHEMA = """\
CREATE TABLE team (team_id int PRIMARY KEY);
CREATE TABLE subscribers (id int PRIMARY KEY, attribs jsonb);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: team, phase: "1", target: teams}
  - {kind: column, name: subscribers.attribs, phase: "1", target: attributes}
"""
# The trial's catalogue, and UI text in the other catalogue formats.
MESSAGES_JSON = (
    '{"join-team": "Join team", "leave-team": "Leave team", "label": "Select from team"}\n'
)
LOCALE_YAML = """\
fr:
  join: Join team
  label: Select from team
  help: |
    Join team
    to chat with it
  wrapped: Ask to
    join team
  lower: select team_id from team
  upper: SELECT team_id FROM team
"""
LOCALE_PO = 'msgid "Join team"\nmsgstr "Rejoindre team"\n'
LOCALE_PROPERTIES = "join.team=Join team\ndelete.team=Delete from team\n"
# Data files outside any catalogue: statements are SQL, UI text and clauses are not.
QUERIES_JSON = """\
{
  "count": "SELECT count(*) FROM team",
  "purge": "delete from team where team_id = 0",
  "button": "Delete from team",
  "menu": ["Insert into team", "Order by team"],
  "invite": "Join team on Slack"
}
"""
APP_YAML = """\
query: |
  SELECT team_id
  FROM team
title: Join team
attribs: SELECT subscribers.attribs FROM subscribers
"""
# listmonk's OpenAPI schema, its translation keys and a .properties catalogue's.
SWAGGER = """\
components:
  schemas:
    Subscriber:
      properties:
        subscribers.attribs:
          type: string
        "subscribers.attribs": {type: string}
        flow: {subscribers.attribs: x}
"""
I18N_JSON = '{\n  "subscribers.attribs": "Attributes"\n}\n'
LABELS = "subscribers.attribs=Attributes\n"

FILES = {
    "public/intl/messages/en-GB.json": MESSAGES_JSON,
    "config/locales/fr.yml": LOCALE_YAML,
    "locale/fr.po": LOCALE_PO,
    "src/main/resources/i18n/messages.properties": LOCALE_PROPERTIES,
    "config/queries.json": QUERIES_JSON,
    "config/app.yaml": APP_YAML,
    "docs/swagger/collections.yaml": SWAGGER,
    "i18n/en.json": I18N_JSON,
    "conf/labels.properties": LABELS,
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        **FILES,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _found(root: Path, path: str) -> set[tuple[int, str, str, str]]:
    return {(line, name, conf, ctx) for p, line, name, conf, ctx in _refs(root) if p == path}


def test_the_fixtures_read_as_the_parsers_read_them() -> None:
    locale = yaml.safe_load(LOCALE_YAML)["fr"]
    assert locale["help"] == "Join team\nto chat with it\n"
    assert locale["wrapped"] == "Ask to join team"
    assert yaml.safe_load(APP_YAML)["query"] == "SELECT team_id\nFROM team\n"
    props = yaml.safe_load(SWAGGER)["components"]["schemas"]["Subscriber"]["properties"]
    assert list(props) == ["subscribers.attribs", "flow"]  # the quoted key is the same key
    assert list(props["flow"]) == ["subscribers.attribs"]
    assert list(json.loads(I18N_JSON)) == ["subscribers.attribs"]
    assert json.loads(QUERIES_JSON)["menu"] == ["Insert into team", "Order by team"]


def test_ui_text_in_catalogues_is_plain_text(repo: Path) -> None:
    assert _found(repo, "public/intl/messages/en-GB.json") == {
        (1, "team", "plain", "key"),  # "join-team", "leave-team": keys
        (1, "team", "plain", "text"),  # "Join team", "Leave team", "Select from team"
    }
    assert sorted(_found(repo, "config/locales/fr.yml")) == [
        (2, "team", "plain", "text"),  # join: Join team
        (3, "team", "plain", "text"),  # label: Select from team
        (5, "team", "plain", "text"),  # a block scalar's line
        (8, "team", "plain", "text"),  # a plain scalar's second line
        (9, "team", "plain", "text"),  # lower-case SQL in a catalogue: UI text
        (10, "team", "high", "SQL"),  # upper-case SQL, even in a catalogue
    ]
    assert _found(repo, "locale/fr.po") == {
        (1, "team", "plain", "text"),
        (2, "team", "plain", "text"),
    }
    # (join.team= names no table: a qualifier that is neither a table nor a schema)
    assert _found(repo, "src/main/resources/i18n/messages.properties") == {
        (1, "team", "plain", "text"),
        (2, "team", "plain", "text"),  # Delete from team
    }


def test_a_data_value_is_sql_only_as_a_whole_statement(repo: Path) -> None:
    assert sorted(_found(repo, "config/queries.json")) == [
        (2, "team", "high", "SQL"),  # SELECT count(*) FROM team
        (3, "team", "high", "SQL"),  # delete from team where ...
        (4, "team", "plain", "text"),  # Delete from team: a sentence's capital
        (5, "team", "plain", "text"),  # Insert into team, Order by team
        (6, "team", "plain", "text"),  # Join team on Slack: a clause, no statement
    ]
    assert {(line, name, conf) for line, name, conf, _ in _found(repo, "config/app.yaml")} == {
        (3, "team", "high"),  # FROM team in a block scalar holding a statement
        (4, "team", "plain"),  # title: Join team
        (5, "attribs", "plain"),  # the key attribs:
        (5, "attribs", "high"),
    }


def test_a_mapping_key_is_a_key_not_sql(repo: Path) -> None:
    assert _found(repo, "docs/swagger/collections.yaml") == {
        (5, "attribs", "plain", "key"),
        (7, "attribs", "plain", "key"),
        (8, "attribs", "plain", "key"),
    }
    assert _found(repo, "i18n/en.json") == {(2, "attribs", "plain", "key")}
    assert _found(repo, "conf/labels.properties") == {(1, "attribs", "plain", "key")}


def test_the_patch_leaves_ui_text_and_keys_alone(repo: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", str(tmp_path / "fix.patch"))
    changed = {p for p, text in FILES.items() if (repo / p).read_text(encoding="utf-8") != text}
    assert changed == {"config/locales/fr.yml", "config/queries.json", "config/app.yaml"}
    assert (repo / "config/locales/fr.yml").read_text() == LOCALE_YAML.replace(
        "upper: SELECT team_id FROM team", "upper: SELECT team_id FROM teams"
    )
    assert json.loads((repo / "config/queries.json").read_text()) == {
        **json.loads(QUERIES_JSON),
        "count": "SELECT count(*) FROM teams",
        "purge": "delete from teams where team_id = 0",
    }
    assert yaml.safe_load((repo / "config/app.yaml").read_text()) == {
        **yaml.safe_load(APP_YAML),
        "query": "SELECT team_id\nFROM teams\n",
        "attribs": "SELECT subscribers.attributes FROM subscribers",
    }


# #3 listmonk's table sets and Sprintf queries (internal/core/subscribers.go, stats).
GO_TABLES = """\
package core

import "fmt"

var (
	allowedSubQueryTables = map[string]struct{}{
		"subscribers":    {},
		"lists":          {},
		"campaign_views": {},
	}
	allowed = map[string]bool{"subscribers": true, "lists": true, "campaign_views": true}
	tabs    = []string{"subscribers", "campaign_views", "settings"}
	pair    = []string{"lists", "campaign_views"}
)

const qViews = `SELECT COUNT(*) FROM %s WHERE campaign_id = $1`

func count(name string) (string, string) {
	return fmt.Sprintf(qViews, "campaign_views"),
		fmt.Sprintf("SELECT * FROM lists WHERE name = '%s'", "campaign_views")
}
"""
GO_SCHEMA = """\
CREATE TABLE subscribers (id int PRIMARY KEY);
CREATE TABLE lists (id int PRIMARY KEY);
CREATE TABLE campaign_views (campaign_id int);
"""
GO_WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: campaign_views, phase: "1", target: campaign_view_log}
"""


def test_table_sets_and_sprintf_table_arguments_are_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": GO_WHITELIST,
        "db/001_init.sql": GO_SCHEMA,
        "internal/core/stats.go": GO_TABLES,
    }
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    assert sorted(_found(root, "internal/core/stats.go")) == [
        (9, "campaign_views", "high", "table-name list"),  # named for tables: a map's key
        (11, "campaign_views", "high", "table-name list"),  # three table names, no name says so
        (12, "campaign_views", "plain", "text"),  # settings is no table of the schema
        (13, "campaign_views", "plain", "text"),  # two strings only
        (19, "campaign_views", "high", "Go Sprintf table argument"),  # FROM %s
        (20, "campaign_views", "plain", "text"),  # name = '%s': a value
    ]
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    patched = (root / "internal/core/stats.go").read_text()
    assert patched.count('"campaign_view_log"') == 3
    assert 'fmt.Sprintf(qViews, "campaign_view_log")' in patched
    assert '"campaign_views", "settings"' in patched and '\'%s\'", "campaign_views"' in patched
