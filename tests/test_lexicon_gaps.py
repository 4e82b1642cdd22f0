"""DBN105 judges the nouns real schemas end in, and only the countable ones.

openfga's singular ``tuple`` and ``changelog`` tables were never flagged:
lemminflect's lexicon (SPECIALIST, a medical lexicon) lacks ``tuple``,
files ``log`` as a verb only, and the compound splitter took only heads it
knew as nouns. The same held for every schema noun the lexicon lacks
(``emoji``, ``todo``, ``stat``, ``invite``...), for ``-ing`` nouns it files
as countable only (``setting``: skipped as gerunds) and for ``feed``
(skipped as a participle for its ``-ed``); and a compound ending in an
uncountable (``loginhistory``) was flagged, since ``uncountables`` were
checked against the whole word only.

Oracles: the lexicon itself (each supplied word is missing from it as a
noun), inflect and lemminflect (each supplied plural is one of theirs), and
real table names, each from the project named beside it.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import inflect
import lemminflect
import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import Location, ObjectKind, Schema, SchemaObject, SourceFile
from dbnamelint.rules import lexicon
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.builtin.options.plural import PluralOptions
from dbnamelint.rules.builtin.plural import TableNameSingular
from dbnamelint.rules.lexicon_gaps import NOUNS

SOURCE = SourceFile("db/schema.sql", "postgres", None)
CONTEXT = RuleContext(Schema(()))


def suggestion(name: str, number: str = "plural") -> str | None:
    """DBN105's suggestion for a table named ``name`` as stored, or None."""
    rule = TableNameSingular(PluralOptions(number=number))
    obj = SchemaObject(ObjectKind.TABLE, name, Location("db/schema.sql", 1, 14), SOURCE)
    found = list(rule.check(obj, CONTEXT))
    return found[0].suggestion if found else None


@pytest.mark.skipif(
    version("lemminflect") != lexicon.VERIFIED_VERSION,
    reason="another lemminflect may know these words",
)
@pytest.mark.parametrize("word", sorted(NOUNS))
def test_each_supplied_noun_is_a_gap_of_the_lexicon(word: str) -> None:
    assert "NOUN" not in lemminflect.getAllLemmas(word), f"the lexicon knows {word!r} now"
    plural = NOUNS[word]
    guessed = set(lemminflect.getInflection(word, tag="NNS"))
    assert plural in guessed | {inflect.engine().plural_noun(word)}, (word, plural)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # openfga/openfga, assets/migrations/*/001_initialize_schema.sql
        ("tuple", "tuples"),
        ("changelog", "changelogs"),
        ("store", "stores"),
        ("assertion", "assertions"),
        ("authorization_model", "authorization_models"),
        # mattermost (../shared/corpus): emoji; NotifyAdmin, stored unquoted in PostgreSQL
        ("emoji", "emojis"),
        ("notifyadmin", "notifyadmins"),
        # go-gitea/gitea, models/fixtures/<table>.yml
        ("language_stat", "language_stats"),
        ("repo_redirect", "repo_redirects"),
        ("team_repo", "team_repos"),
        ("system_setting", "system_settings"),
        ("commit_status", "commit_statuses"),
        # the web.py tutorial's table (mozillazg/webpy-code-examples, todolist)
        ("todo", "todos"),
        # duckduckgo/community-platform, sql/1.0xx/activity_feed.sql
        ("activity_feed", "activity_feeds"),
        # documenso (../shared/corpus), Prisma models, quoted
        ("OrganisationMemberInvite", "OrganisationMemberInvites"),
        ("OrganisationMonthlyStat", "OrganisationMonthlyStats"),
        # apolloconfig/apollo, scripts/sql/profiles/mysql-default/apolloconfigdb.sql
        # (trial s21): ``app`` is no word to the lexicon; ``audit`` was an uncountable
        ("App", "Apps"),
        ("Audit", "Audits"),
        ("AppNamespace", "AppNamespaces"),
        # trial s22: user_setting was flagged, user_pref and app_conf were not
        # (abbreviations that are countable nouns are no word to the lexicon)
        ("user_pref", "user_prefs"),
        ("app_conf", "app_confs"),
        ("request_param", "request_params"),
        ("api_spec", "api_specs"),
        ("node_attr", "node_attrs"),
        ("chat_msg", "chat_msgs"),
        ("user_doc", "user_docs"),
        ("product_img", "product_imgs"),
        ("user_pkg", "user_pkgs"),
        ("email_addr", "email_addrs"),
        ("bank_acct", "bank_accts"),
        ("wallet_txn", "wallet_txns"),
        ("pull_req", "pull_reqs"),
        # semaphoreui/semaphore, db/sql/migrations (trial s26): ``template`` is a
        # verb only to the lexicon, ``matcher`` no word (an agent noun of match)
        ("project__template", "project__templates"),
        ("task_template", "task_templates"),
        ("project__integration_matcher", "project__integration_matchers"),
        # agent nouns the lexicon lacks, each a verb and -er
        ("feed_fetcher", "feed_fetchers"),
        ("job_poller", "job_pollers"),
        ("event_notifier", "event_notifiers"),
        ("site_crawler", "site_crawlers"),
        ("metric_emitter", "metric_emitters"),
    ],
)
def test_real_singular_tables_are_flagged(name: str, expected: str) -> None:
    assert suggestion(name) == expected
    assert suggestion(expected) is None  # the suggestion is a name the rule accepts


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("tuples", "tuple"),
        ("changelogs", "changelog"),
        ("todos", "todo"),
        ("emojis", "emoji"),
        ("language_stats", "language_stat"),
        ("activity_feeds", "activity_feed"),
        ("Apps", "App"),
        ("Audits", "Audit"),
        ("user_prefs", "user_pref"),
        ("app_confs", "app_conf"),
        ("task_templates", "task_template"),
        ("integration_matchers", "integration_matcher"),
        ("job_pollers", "job_poller"),
    ],
)
def test_singular_standard_judges_them_too(name: str, expected: str) -> None:
    assert suggestion(name, "singular") == expected
    assert suggestion(expected, "singular") is None


@pytest.mark.parametrize(
    "name",
    [
        # mass nouns: temporal, lago-structure, atuin, mattermost (../shared/corpus),
        # go-gitea/gitea
        "cluster_metadata",
        "cluster_metadata_info",
        "customer_metadata",
        "session_metadata",
        "app_external_data",
        "linkmetadata",
        "fileinfo",
        "oauthaccessdata",
        "channelmemberhistory",
        # EdiWang/Moonglade's LoginHistory, as PostgreSQL stores it unquoted
        "loginhistory",
        # gerunds and participles stay unjudged
        "batch_processing",
        "receipts_linearized",
        "report_combined",
        # plurals of the supplied nouns
        "tuples",
        "todos",
        "emojis",
    ],
)
def test_mass_nouns_and_plurals_pass(name: str) -> None:
    assert suggestion(name) is None


def test_check_reports_openfga_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The trial: ``check`` on openfga's two singular tables (abridged)."""
    (tmp_path / "001_initialize_schema.sql").write_text(
        "CREATE TABLE tuple (store TEXT NOT NULL, object_type TEXT NOT NULL);\n"
        "CREATE TABLE changelog (store TEXT NOT NULL, ulid TEXT NOT NULL);\n"
        "CREATE TABLE store (id TEXT PRIMARY KEY);\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--dialect", "postgres", "--format", "json", "."])
    assert result.exit_code == 1, result.output
    found = {(f["name"], f["suggestion"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {("tuple", "tuples"), ("changelog", "changelogs"), ("store", "stores")}
