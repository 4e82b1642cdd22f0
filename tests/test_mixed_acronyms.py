"""Mixed-case acronyms are one word in a snake_case suggestion.

The trial's case (hatchet): ``UserOAuth`` was suggested as ``user_o_auth``.
``inflection.underscore`` (a dependency, the oracle for the usual cases)
splits ``OAuth`` too: its rule cuts an upper-case run before its last
capital. Rails fixes that with declared acronyms (``inflect.acronym``,
ActiveSupport's documented ``underscore('RESTfulController') # =>
'restful_controller'``); dbnamelint declares a short list of them
(``MIXED_CASE_ACRONYMS``) and otherwise splits as inflection does.
"""

from __future__ import annotations

import json
from pathlib import Path

import inflection
import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.rules.naming import MIXED_CASE_ACRONYMS, CaseStyle, convert, matches_style


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("IPAddress", "ip_address"),
        ("HTMLParser", "html_parser"),
        ("userID", "user_id"),
        ("S3Bucket", "s3_bucket"),
        ("UserAccounts", "user_accounts"),
    ],
)
def test_plain_acronyms_split_as_inflection_does(name: str, snake: str) -> None:
    assert inflection.underscore(name) == snake  # the oracle agrees with the brief
    assert convert(name, CaseStyle.SNAKE_CASE) == snake


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("UserOAuth", "user_oauth"),
        ("OAuthToken", "oauth_token"),
        ("oAuthToken", "oauth_token"),  # camelCase lowers its first capital
        ("OAuth2Token", "oauth2_token"),  # digits stay with the word
        ("GraphQLSchema", "graphql_schema"),
        ("MySQLDump", "mysql_dump"),
        ("PostgreSQLServer", "postgresql_server"),
        ("iOSDevice", "ios_device"),
        ("JavaScriptBundle", "javascript_bundle"),
        ("TypeScriptFile", "typescript_file"),
        ("OAuthor", "o_author"),  # followed by a lower-case letter: not the acronym
        ("JavaScripts", "java_scripts"),
    ],
)
def test_mixed_case_acronyms_stay_whole(name: str, snake: str) -> None:
    assert convert(name, CaseStyle.SNAKE_CASE) == snake


def test_inflection_alone_would_split_oauth() -> None:
    """Why a list is needed: the general rule cannot see ``OAuth``."""
    assert inflection.underscore("UserOAuth") == "user_o_auth"


@pytest.mark.parametrize("acronym", MIXED_CASE_ACRONYMS)
@pytest.mark.parametrize("style", [CaseStyle.PASCAL_CASE, CaseStyle.CAMEL_CASE])
def test_respelled_names_read_back_as_the_same_words(acronym: str, style: CaseStyle) -> None:
    snake = f"user_{acronym.lower()}_tokens"
    respelled = convert(snake, style)
    assert matches_style(respelled, style)
    assert convert(respelled, CaseStyle.SNAKE_CASE) == snake


def test_check_suggests_user_oauth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.sql").write_text('CREATE TABLE "UserOAuth" (id int);\n', encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [a.sql]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache"])
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "DBN101" and finding["suggestion"] == "user_oauth"
