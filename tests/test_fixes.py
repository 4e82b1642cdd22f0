"""One merged, safe target per object (issue: contradictory suggestions per rule).

The packs are loaded through the real config loader and the SQL through the
real pipeline; PostgreSQL facts (reserved words, 63-byte limit, folding) are
the manual's, and the SARIF output is validated against the published schema.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from dbnamelint.config import load_settings
from dbnamelint.dialects import profile_for
from dbnamelint.findings import CheckResult, Finding, Rename
from dbnamelint.report import render
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.builtin.prefix import closest_prefixes
from dbnamelint.rules.engine import run_rules
from dbnamelint.rules.fixes import collapse_doubled_prefix, shorten
from dbnamelint.rules.registry import discover_rules
from dbnamelint.runner.pipeline import schema_from_sql
from dbnamelint.whitelist import init_whitelist

RULES = discover_rules()


def lint(
    config: str, sql: str, tmp_path: Path, path: str = "schema.sql", dialect: str = "postgres"
) -> list[Finding]:
    (tmp_path / "dbnamelint.yaml").write_text(config, encoding="utf-8")
    settings = load_settings(tmp_path, Path("dbnamelint.yaml"))
    schema = schema_from_sql(
        sql, path=path, dialect=dialect, module_pattern=settings.module_pattern
    )
    ctx = RuleContext(schema=schema, modules=settings.module_infos())
    return list(run_rules(schema, settings.rules, ctx))


def by_object(findings: list[Finding]) -> dict[str, set[tuple[str | None, str | None]]]:
    out: dict[str, set[tuple[str | None, str | None]]] = {}
    for f in findings:
        out.setdefault(f.object.qualified_name, set()).add((f.suggestion, f.no_fix))
    return out


def test_issue_example_user_gets_one_target(tmp_path: Path) -> None:
    """Issue 8: "User" got `user` (reserved), `Users` (wrong case) and `users`."""
    findings = lint("extends: snake-case\n", 'CREATE TABLE "User" (id int);\n', tmp_path)
    assert {f.code for f in findings} == {"DBN101", "DBN105", "DBN502"}
    assert by_object(findings) == {"User": {("users", None)}}
    assert {f.fix for f in findings} == {Rename("users", quoted=False)}
    # each rule's own proposal is kept apart from the merged one
    assert {f.code: f.rule_fix for f in findings} == {
        "DBN101": Rename("user"),
        "DBN105": Rename("Users"),
        "DBN502": None,
    }


def test_every_pascal_case_table_gets_one_target(tmp_path: Path) -> None:
    sql = 'CREATE TABLE "AssistantFolder" (id int);\nCREATE TABLE "ChatMessage" (id int);\n'
    findings = lint("extends: snake-case\n", sql, tmp_path)
    assert by_object(findings) == {
        "AssistantFolder": {("assistant_folders", None)},
        "ChatMessage": {("chat_messages", None)},
    }


def test_explicit_legacy_map_wins(tmp_path: Path) -> None:
    sql = 'CREATE TABLE "AssistantFolder" (id int);\n'
    config = (
        "extends: prisma-map\nrules:\n  table-legacy-name:\n    options:\n"
        "      names: {AssistantFolder: chat_folders}\n"
    )
    findings = lint(config, sql, tmp_path)
    assert by_object(findings) == {"AssistantFolder": {("chat_folders", None)}}


def test_legacy_target_that_breaks_a_rule_is_kept_and_reported(tmp_path: Path) -> None:
    config = (
        "extends: recommended\nrules:\n  table-legacy-name:\n    options:\n"
        "      names: {people_list: person}\n"
    )
    findings = lint(config, "CREATE TABLE people_list (id int);\n", tmp_path)
    ((target, note),) = by_object(findings)["people_list"]
    assert target == "person"
    assert note is not None and "DBN105" in note


def test_conflict_is_reported_once_naming_the_rules(tmp_path: Path) -> None:
    """The module demands ws_, the allowed list crm_: no name satisfies both."""
    config = (
        "extends: recommended\nrules:\n"
        "  table-missing-module-prefix: {}\n"
        "  table-missing-allowed-prefix:\n    options: {prefixes: [crm_]}\n"
    )
    findings = lint(config, "CREATE TABLE cat (id int);\n", tmp_path, path="module-ws/a.sql")
    assert {f.code for f in findings} == {"DBN102", "DBN103", "DBN105"}
    notes = by_object(findings)["cat"]
    assert len(notes) == 1  # every finding says the same
    ((target, note),) = notes
    assert target is None
    assert note is not None and "DBN102" in note and "DBN103" in note
    text = render(CheckResult(findings=tuple(findings)), "text", tool_version="0")
    # each finding's line says it (s13: a line read alone still tells)
    for line in (line for line in text.splitlines() if " DBN1" in line):
        assert "(no consistent fix: " in line, line
    assert text.count("no consistent fix") == 3


def test_text_output_shows_the_target_on_every_line_of_the_object(tmp_path: Path) -> None:
    """README "One target per object": every finding of an object shows its
    merged target, in text as in JSON (the Lemmy trial: DBN105 on
    "UserBadge" showed none while DBN101 on it said user_badges)."""
    for table, target in (("User", "users"), ("UserBadge", "user_badges")):
        sql = f'CREATE TABLE "{table}" (id int);\n'
        findings = lint("extends: snake-case\n", sql, tmp_path)
        result = CheckResult(findings=tuple(findings))
        data = json.loads(render(result, "json", tool_version="0"))
        assert {f["suggestion"] for f in data["findings"]} == {target}
        lines = render(result, "text", tool_version="0").splitlines()
        by_code = {line.split(" ")[1]: line for line in lines if ": DBN" in line}
        assert {"DBN101", "DBN105"} <= set(by_code)
        for code, line in by_code.items():
            assert line.endswith(f"(suggestion: {target})"), (code, line)


def test_json_and_sarif_carry_the_fix(tmp_path: Path) -> None:
    findings = lint("extends: snake-case\n", 'CREATE TABLE "User" (id int);\n', tmp_path)
    result = CheckResult(findings=tuple(findings))
    data = json.loads(render(result, "json", tool_version="0"))
    assert {json.dumps(f["fix"]) for f in data["findings"]} == {
        json.dumps({"kind": "rename", "new_name": "users", "quoted": False})
    }
    sarif = json.loads(render(result, "sarif", tool_version="0"))
    (run,) = sarif["runs"]
    for item in run["results"]:
        (fix,) = item["fixes"]
        (change,) = fix["artifactChanges"]
        (replacement,) = change["replacements"]
        # "User" with its quotes starts at column 14 and is 6 characters wide
        assert replacement["deletedRegion"] == {"startLine": 1, "startColumn": 14, "endColumn": 20}
        assert replacement["insertedContent"] == {"text": "users"}


def test_sarif_fixes_are_valid(tmp_path: Path) -> None:
    schema_path = (
        Path(__file__).resolve().parents[1].parent
        / "shared"
        / "schemas"
        / "sarif-schema-2.1.0.json"
    )
    if not schema_path.is_file():
        pytest.skip("SARIF schema not found")
    findings = lint("extends: snake-case\n", 'CREATE TABLE "MyTable" (id int);\n', tmp_path)
    sarif = json.loads(render(CheckResult(findings=tuple(findings)), "sarif", tool_version="0"))
    Draft4Validator(json.loads(schema_path.read_text(encoding="utf-8"))).validate(sarif)
    assert all("fixes" in r for r in sarif["runs"][0]["results"])


# --- safe to apply ------------------------------------------------------------------


def test_collision_with_an_existing_object_is_refused(tmp_path: Path) -> None:
    sql = 'CREATE TABLE users (id int);\nCREATE TABLE "User" (id int);\n'
    findings = lint("extends: snake-case\n", sql, tmp_path)
    ((target, note),) = by_object(findings)["User"]
    assert target is None
    assert note is not None and "would collide with table 'users'" in note


def test_two_objects_never_get_the_same_target(tmp_path: Path) -> None:
    sql = 'CREATE TABLE "User" (id int);\nCREATE TABLE "USER" (id int);\n'
    findings = lint("extends: snake-case\n", sql, tmp_path)
    targets = [t for notes in by_object(findings).values() for t, _ in notes if t]
    assert len(targets) == len(set(targets))


def test_too_long_target_is_shortened_stably(tmp_path: Path) -> None:
    name = "Organization" + "MembershipInvitation" * 3 + "Entry"
    findings = lint("extends: snake-case\n", f'CREATE TABLE "{name}" (id int);\n', tmp_path)
    # The table is the name's first 63 bytes, as PostgreSQL keeps it; the
    # target is made from the whole name as written.
    ((target, note),) = by_object(findings)[name[:63]]
    assert note is None and target is not None
    assert len(target.encode()) <= 63
    assert target.startswith("org_membership_") and target.endswith("_entries")
    again = lint("extends: snake-case\n", f'CREATE TABLE "{name}" (id int);\n', tmp_path)
    assert {f.suggestion for f in again} == {target}


@pytest.mark.parametrize(
    ("name", "last"),
    [
        ("someVeryLongTableNamePTRignore", "ignore"),
        ("someVeryLongTableNameHTTPServer", "Server"),
        ("someVeryLongTableNameUserIDs", "IDs"),
    ],
)
def test_shorten_keeps_the_last_word_split_words_reads(name: str, last: str) -> None:
    """A camelCase name keeps its last word whole, cut where split_words cuts."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    short = shorten(name, 25)
    assert short.endswith(f"_{digest}_{last}")
    assert len(short) <= 25


def test_shorten_counts_bytes_and_keeps_both_ends() -> None:
    pg = profile_for("postgres")
    name = "ä" * 40 + "_" + "ö" * 10 + "_entries"
    short = shorten(name, 63, pg.identifier_size)
    assert pg.identifier_size(short) <= 63
    assert short.startswith("ää") and short.endswith("_entries")
    assert shorten(name, 63, pg.identifier_size) == short
    assert shorten("short_name", 63) == "short_name"


def test_doubled_prefix_is_collapsed(tmp_path: Path) -> None:
    assert collapse_doubled_prefix("ai_ai_prompts") == "ai_prompts"
    assert collapse_doubled_prefix("user_mfa_user_mfa_settings") == "user_mfa_settings"
    assert collapse_doubled_prefix("ai_prompts") == "ai_prompts"
    assert collapse_doubled_prefix("ai_ai") == "ai_ai"  # nothing would be left
    config = (
        "extends: recommended\nrules:\n  table-missing-allowed-prefix:\n    options:\n"
        "      prefixes: [ai_]\n      replace_prefixes: {prompt_: ai_prompt_, ai: ai_ai}\n"
    )
    findings = lint(config, "CREATE TABLE aiprompts (id int);\n", tmp_path)
    assert {f.rule_fix for f in findings} == {Rename("ai_aiprompts")}
    assert {f.suggestion for f in findings} == {"ai_aiprompts"}
    findings = lint(
        config.replace("ai: ai_ai", "ai_: ai_ai_"), "CREATE TABLE ai_x (id int);\n", tmp_path
    )
    assert findings == []


def test_a_word_the_name_repeats_itself_is_kept(tmp_path: Path) -> None:
    """Northwind's customer_customer_demo: the plural fix keeps both words (fresh-user report)."""
    findings = lint(
        "extends: recommended\n", "CREATE TABLE customer_customer_demo (id int);\n", tmp_path
    )
    assert {f.suggestion for f in findings} == {"customer_customer_demos"}


def test_reserved_word_target_is_refused(tmp_path: Path) -> None:
    config = (
        "extends: recommended\nrules:\n  table-name-singular:\n    options: {number: singular}\n"
    )
    findings = lint(config, "CREATE TABLE users (id int);\n", tmp_path)
    ((target, note),) = by_object(findings)["users"]
    assert target is None and note is not None and "reserved word" in note


def test_quoted_only_where_needed(tmp_path: Path) -> None:
    findings = lint(
        "extends: recommended\nrules:\n  table-name-wrong-case:\n"
        "    options: {style: PascalCase}\n",
        "CREATE TABLE invoice_lines (id int);\n",
        tmp_path,
    )
    # PostgreSQL would fold an unquoted InvoiceLines: the fix must be quoted
    assert {f.fix for f in findings} == {Rename("InvoiceLines", quoted=True)}
    mysql = lint(
        "extends: recommended\ndialect: mysql\nrules:\n  table-name-wrong-case:\n"
        "    options: {style: PascalCase}\n",
        "CREATE TABLE invoice_lines (id int);\n",
        tmp_path,
        dialect="mysql",
    )
    assert {f.fix for f in mysql} == {Rename("InvoiceLines", quoted=False)}


# --- names as stored -----------------------------------------------------------------


def test_unquoted_pascal_case_is_judged_as_postgres_stores_it(tmp_path: Path) -> None:
    """110 of 123 findings on a Go project were unquoted names PostgreSQL folds:
    with ``judge: catalog`` only the stored name is judged."""
    sql = "CREATE TABLE NotifyAdmins (id int);\nCREATE TABLE UserAccount (Id int);\n"
    findings = lint(f"extends: snake-case\n{CATALOG}", sql, tmp_path)
    # no case finding; the stored useraccount is a singular compound noun, and
    # its fix is spelled in the stored case (never the source's UserAccounts)
    # with the words the capitals started (not useraccounts)
    assert [(f.code, f.object.name, f.suggestion) for f in findings] == [
        ("DBN105", "UserAccount", "user_accounts")
    ]


def test_unquoted_pascal_case_words_are_judged_as_written(tmp_path: Path) -> None:
    """``judge: written`` (the default): the stored notifyadmins passes
    snake_case, but the words NotifyAdmins was written with are folded away."""
    sql = "CREATE TABLE NotifyAdmins (id int);\nCREATE TABLE UserAccount (Id int);\n"
    findings = lint("extends: snake-case\n", sql, tmp_path)
    assert [(f.code, f.object.name, f.suggestion) for f in findings] == [
        ("DBN101", "NotifyAdmins", "notify_admins"),
        ("DBN101", "UserAccount", "user_accounts"),
        ("DBN105", "UserAccount", "user_accounts"),
    ]
    assert findings[0].message == (
        "unquoted table name 'NotifyAdmins' is PascalCase: the database folds it to "
        "'notifyadmins', which hides its words; snake_case spells them 'notify_admins'"
    )
    assert [f.rule_fix for f in findings] == [
        Rename("notify_admins"),
        Rename("user_account"),
        Rename("user_accounts"),
    ]


#: The snake-case pack's table rule judging the stored name alone.
CATALOG = "rules:\n  table-name-wrong-case:\n    options: {style: snake_case, judge: catalog}\n"


def test_source_spelling_rule_is_opt_in(tmp_path: Path) -> None:
    sql = "CREATE TABLE NotifyAdmins (id int);\nCREATE TABLE users (id int);\n"
    assert lint(f"extends: snake-case\n{CATALOG}", sql, tmp_path) == []
    config = f"extends: snake-case\nselect: [DBN101, DBN506]\n{CATALOG}"
    findings = lint(config, sql, tmp_path)
    assert [(f.code, f.object.name, f.suggestion) for f in findings] == [
        ("DBN506", "NotifyAdmins", None)
    ]
    assert "notifyadmins" in findings[0].message


# --- readable findings -------------------------------------------------------------------


def test_dbn103_names_the_closest_prefixes_not_the_list(tmp_path: Path) -> None:
    prefixes = [f"p{i:03d}_" for i in range(120)] + ["doc_", "google_"]
    config = (
        "extends: recommended\nrules:\n  table-missing-allowed-prefix:\n    options:\n"
        f"      prefixes: [{', '.join(prefixes)}]\n"
    )
    findings = lint(config, "CREATE TABLE documentation_files (id int);\n", tmp_path)
    (finding,) = [f for f in findings if f.code == "DBN103"]
    assert "closest: doc_" in finding.message
    assert "p000_" not in finding.message
    assert "rules.table-missing-allowed-prefix.options.prefixes" in finding.message
    assert len(finding.message) < 200


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("documentation_files", ["doc_"]),
        ("sources_google", ["google_"]),
        ("command_categories", ["cmd_"]),
        ("user_filter_profiles", ["filter_"]),
    ],
)
def test_closest_prefixes(name: str, expected: list[str]) -> None:
    prefixes = ("auth_", "doc_", "expert_", "google_", "email_", "media_", "cmd_", "filter_")
    assert closest_prefixes(name, prefixes)[: len(expected)] == expected


def test_whitelist_init_writes_the_merged_target(tmp_path: Path) -> None:
    sql = 'CREATE TABLE "AssistantFolder" (id int);\nCREATE TABLE "User" (id int);\n'
    findings = lint("extends: snake-case\n", sql, tmp_path)
    text = init_whitelist(findings)
    assert "target: assistant_folders" in text
    assert "target: users" in text
