"""Seed acceptance: each pack against its seed document's legacy and target names.

Packs are loaded through the real config loader (``extends: [<pack>]``), so
these tests also prove that the packs merge the way a project would use
them. For every seed, the legacy names must each be flagged by the rule
that owns the standard, the target names must produce no finding at all,
and the suggestions that follow from a rule (not from a pack's explicit
old -> new list) are pinned exactly, with the misses explained.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from dbnamelint.config import load_settings
from dbnamelint.findings import Finding, Rename
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.engine import run_rules
from dbnamelint.runner.pipeline import schema_from_sql
from seed_data import (
    CORA_RENAMES,
    DBA_DERIVED,
    DBA_RENAMES,
    FUNCTIONAL_DERIVED,
    FUNCTIONAL_RENAMES,
    FUNCTIONAL_UNCHANGED,
    SNAKE_RENAMES,
)

#: Seed 003's project config: the general prisma-map pack plus the plan's own lists.
SEED_003_CONFIG = Path(__file__).parent.parent / "examples/prisma-map/dbnamelint.yaml"


def lint(
    pack: str, files: Mapping[str, str], tmp_path: Path, *, config: str | None = None
) -> list[Finding]:
    """``files`` checked with ``extends: [<pack>]``, or with the ``config`` text."""
    text = config if config is not None else f"extends: [{pack}]\n"
    (tmp_path / "dbnamelint.yaml").write_text(text, encoding="utf-8")
    settings = load_settings(tmp_path, Path("dbnamelint.yaml"))
    findings: list[Finding] = []
    for path, sql in files.items():
        schema = schema_from_sql(sql, path=path, module_pattern=settings.module_pattern)
        ctx = RuleContext(schema=schema, modules=settings.module_infos())
        findings.extend(run_rules(schema, settings.rules, ctx))
    return findings


def tables_sql(*names: str) -> str:
    return "".join(f"CREATE TABLE {n} (id bigint PRIMARY KEY);\n" for n in names)


def flagged(findings: list[Finding]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(f.object.name, set()).add(f.code)
    return out


def suggestion_of(findings: list[Finding], code: str) -> dict[str, str | None]:
    """What rule ``code`` alone proposes per object (before fixes are merged)."""
    return {
        f.object.name: f.rule_fix.new_name if f.rule_fix else None
        for f in findings
        if f.code == code
    }


def merged_of(findings: list[Finding]) -> dict[str, str | None]:
    """The one target per object; fails if two findings of an object disagree."""
    out: dict[str, set[str | None]] = {}
    for f in findings:
        out.setdefault(f.object.name, set()).add(f.suggestion)
    assert all(len(v) == 1 for v in out.values()), out
    return {name: next(iter(v)) for name, v in out.items()}


# --- seed 000: CORA ADR-011 Rule 8 (pack "cora") ----------------------------

CORA_LEGACY = {
    "module-access/db/schema/001-idp.sql": ("sys_idp_config", "sys_idp_audit_log", "user_auth_log"),
    "module-mgmt/db/schema/001-sys.sql": (
        "sys_lambda_config",
        "sys_module_registry",
        "sys_module_usage",
        "sys_module_usage_daily",
    ),
    "module-ws/db/schema/003-ws-config.sql": ("ws_configs", "ws_org_settings", "ws_activity_log"),
    "module-ai/db/schema/001-ai.sql": (
        "ai_model_validation_history",
        "ai_model_validation_progress",
        "org_prompt_engineering",
        "sys_rag",
    ),
    "module-kb/db/schema/001-kb.sql": ("chat_session_kb",),
}
CORA_TARGET = {
    "module-access/db/schema/001-idp.sql": (
        "access_cfg_sys_idp",
        "access_log_idp_audit",
        "user_log_auth",
    ),
    "module-mgmt/db/schema/001-sys.sql": (
        "mgmt_cfg_sys_lambda",
        "mgmt_cfg_sys_modules",
        "mgmt_usage_modules",
        "mgmt_usage_modules_daily",
    ),
    "module-ws/db/schema/003-ws-cfg-sys.sql": ("ws_cfg_sys", "ws_cfg_org", "ws_log_activity"),
    "module-ai/db/schema/001-ai.sql": (
        "ai_hist_model_validation",
        "ai_state_validation",
        "ai_cfg_org_prompts",
        "ai_cfg_sys_rag",
    ),
    "module-kb/db/schema/001-kb.sql": ("chat_session_kbs",),
}


def test_cora_flags_every_legacy_name(tmp_path: Path) -> None:
    files = {path: tables_sql(*names) for path, names in CORA_LEGACY.items()}
    got = flagged(lint("cora", files, tmp_path))
    rule_of = {
        "sys_idp_config": {"DBN102", "DBN104"},
        "sys_idp_audit_log": {"DBN102", "DBN104"},
        "user_auth_log": {"DBN104"},
        "sys_lambda_config": {"DBN102", "DBN104"},
        "sys_module_registry": {"DBN102", "DBN104"},
        "sys_module_usage": {"DBN102", "DBN104"},
        "sys_module_usage_daily": {"DBN102"},
        "ws_configs": {"DBN104"},
        "ws_org_settings": {"DBN104"},
        "ws_activity_log": {"DBN104"},
        "ai_model_validation_history": {"DBN104"},
        "ai_model_validation_progress": {"DBN104"},
        "org_prompt_engineering": {"DBN102"},
        "sys_rag": {"DBN102"},
        "chat_session_kb": {"DBN105"},
    }
    assert set(got) == set(rule_of)
    for name, codes in rule_of.items():
        assert codes <= got[name], name


def test_cora_target_state_is_clean(tmp_path: Path) -> None:
    files = {path: tables_sql(*names) for path, names in CORA_TARGET.items()}
    files["module-ai/db/schema/002-models.sql"] = (
        "CREATE TABLE ai_models (id bigint PRIMARY KEY, vendor text);\n"
        "CREATE INDEX idx_ai_models_vendor ON ai_models (vendor);\n"
    )
    assert lint("cora", files, tmp_path) == []


WS_MIGRATION = """\
CREATE TABLE workspaces (id bigint PRIMARY KEY);
CREATE TABLE ws_activity_log (id bigint PRIMARY KEY, ws_id bigint,
    CONSTRAINT ws_activity_log_ws_id_fkey FOREIGN KEY (ws_id) REFERENCES workspaces (id));
ALTER TABLE ws_activity_log RENAME TO ws_log_activity;
CREATE VIEW ws_activity_log AS SELECT * FROM ws_log_activity;
"""


def test_cora_phase_3_migration_flags_only_the_stale_constraint(tmp_path: Path) -> None:
    files = {"module-ws/db/schema/006-ws-log-activity.sql": WS_MIGRATION}
    findings = lint("cora", files, tmp_path)
    # workspaces lacks the ws_ prefix in the seed too (it is the module's core
    # table); PostgreSQL keeps the implicit primary key name on a table rename.
    assert sorted((f.code, f.object.name, f.suggestion) for f in findings) == [
        ("DBN102", "workspaces", "ws_workspaces"),
        ("DBN504", "ws_activity_log_pkey", "ws_log_activity_pkey"),
        ("DBN504", "ws_activity_log_ws_id_fkey", "ws_log_activity_ws_id_fkey"),
    ]
    fixed = WS_MIGRATION + (
        "ALTER TABLE ws_log_activity RENAME CONSTRAINT ws_activity_log_ws_id_fkey"
        " TO ws_log_activity_ws_id_fkey;\n"
        "ALTER TABLE ws_log_activity RENAME CONSTRAINT ws_activity_log_pkey"
        " TO ws_log_activity_pkey;\n"
    )
    codes = [f.code for f in lint("cora", {"module-ws/db/schema/006.sql": fixed}, tmp_path)]
    assert codes == ["DBN102"]


def test_cora_suggestion_hit_rate(tmp_path: Path) -> None:
    files = {path: tables_sql(*names) for path, names in CORA_LEGACY.items()}
    findings = lint("cora", files, tmp_path)
    infix = suggestion_of(findings, "DBN104")
    prefix = suggestion_of(findings, "DBN102")
    plural = suggestion_of(findings, "DBN105")
    best = {**plural, **prefix, **infix}  # the most specific rule wins
    seed = CORA_RENAMES
    assert {name: best.get(name) for name in seed} == {
        **seed,
        # Not derivable: the seed also pluralises / drops words of the rest.
        "sys_module_registry": "mgmt_cfg_sys_module",
        "sys_module_usage": "mgmt_usage_module",
        "ai_model_validation_progress": "ai_state_model_validation",
        # Type word in the middle (anywhere: false) -> only the module prefix.
        "sys_module_usage_daily": "mgmt_sys_module_usage_daily",
        # No type word in the name: the seed's `cfg` is knowledge, not a rule.
        "org_prompt_engineering": "ai_org_prompt_engineering",
        "sys_rag": "ai_sys_rag",
    }
    hits = sum(best.get(name) == target for name, target in seed.items())
    assert hits == 9
    # The merged target (what every finding shows) hits as often, and the
    # scope word rule gives sys_idp_audit_log -> access_log_idp_audit.
    merged = merged_of(findings)
    assert merged["sys_idp_audit_log"] == "access_log_idp_audit"
    assert sum(merged.get(name) == target for name, target in seed.items()) == 9


def test_cora_plural_style_is_configurable(tmp_path: Path) -> None:
    """The seed's other choice, ws_activity_logs: disable the infix rule."""
    (tmp_path / "dbnamelint.yaml").write_text(
        "extends: [cora]\nrules:\n  table-type-infix: false\n", encoding="utf-8"
    )
    settings = load_settings(tmp_path, Path("dbnamelint.yaml"))
    schema = schema_from_sql(
        tables_sql("ws_activity_log", "ws_activity_logs"),
        path="module-ws/db/schema/006.sql",
        module_pattern=settings.module_pattern,
    )
    active = frozenset(rule.code for rule, _ in settings.rules)
    ctx = RuleContext(schema, settings.module_infos(), active_rules=active)
    findings = run_rules(schema, settings.rules, ctx)
    assert [(f.code, f.object.name, f.rule_fix) for f in findings] == [
        ("DBN105", "ws_activity_log", Rename("ws_activity_logs"))
    ]
    # ws_activity_logs exists in this schema, so the rename would collide
    (finding,) = findings
    assert finding.suggestion is None
    assert finding.no_fix is not None and "would collide" in finding.no_fix


# --- seed 001: DBA domain prefixes (pack "dba-domains") ---------------------


def test_dba_domains_legacy_and_target(tmp_path: Path) -> None:
    legacy = lint("dba-domains", {"schema.sql": tables_sql(*DBA_RENAMES, "deals")}, tmp_path)
    got = flagged(legacy)
    assert set(got) == set(DBA_RENAMES)  # deals is kept as is
    for name, codes in got.items():
        assert "DBN107" in codes, name
        # user_mfa already has an allowed prefix and ends in an acronym (not
        # a noun the plural rule judges): only its legacy name is wrong
        if name != "user_mfa":
            assert "DBN103" in codes, name
    assert {"DBN106"} <= got["messages"] and {"DBN106"} <= got["leads"]
    assert suggestion_of(legacy, "DBN107") == DBA_RENAMES
    target = tables_sql(*DBA_RENAMES.values(), "deals")
    target += "CREATE VIEW messages AS SELECT * FROM comms_messages;\n"
    assert lint("dba-domains", {"schema.sql": target}, tmp_path) == []


def test_dba_domains_rule_derived_suggestions(tmp_path: Path) -> None:
    findings = lint("dba-domains", {"schema.sql": tables_sql(*DBA_RENAMES)}, tmp_path)
    derived = {
        **suggestion_of(findings, "DBN105"),
        **{k: v for k, v in suggestion_of(findings, "DBN103").items() if v},
    }
    hits = {old for old, new in DBA_RENAMES.items() if derived.get(old) == new}
    # The other 22 need a human choice of domain; the pack's explicit list
    # (DBN107) covers them.
    assert hits == DBA_DERIVED


# --- seed 002: canonical core (pack "canonical-core") -----------------------

CORE_LEGACY = """\
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE projects (id bigint PRIMARY KEY, user_id bigint, slug text);
CREATE TABLE run_job_candidates (id bigint PRIMARY KEY);
CREATE TABLE assets (id bigint PRIMARY KEY, asset_kind text, rel_path text);
CREATE TABLE project_api_secrets (id bigint PRIMARY KEY, key_ref text);
CREATE TABLE project_exports (id bigint PRIMARY KEY, export_path text);
"""

CORE_TARGET = """\
CREATE TABLE app_users (id bigint PRIMARY KEY);
CREATE TABLE projects (id bigint PRIMARY KEY, owner_user_id bigint, slug text);
CREATE TABLE project_storage (id bigint PRIMARY KEY);
CREATE TABLE assets (id bigint PRIMARY KEY, kind text, storage_uri text, metadata_json jsonb);
CREATE TABLE runs (id bigint PRIMARY KEY, run_mode text, model_name text,
    settings_snapshot_json jsonb);
CREATE TABLE run_jobs (id bigint PRIMARY KEY);
CREATE TABLE run_candidates (id bigint PRIMARY KEY);
CREATE TABLE project_api_secrets (id bigint PRIMARY KEY, kms_key_ref text);
CREATE TABLE quality_reports (id bigint PRIMARY KEY);
CREATE TABLE cost_events (id bigint PRIMARY KEY);
CREATE TABLE audit_events (id bigint PRIMARY KEY);
CREATE TABLE project_exports (id bigint PRIMARY KEY);
CREATE TABLE provider_accounts (id bigint PRIMARY KEY);
CREATE TABLE style_guides (id bigint PRIMARY KEY, rules_json jsonb, is_default boolean);
CREATE TABLE characters (id bigint PRIMARY KEY, identity_constraints_json jsonb);
CREATE TABLE reference_sets (id bigint PRIMARY KEY, kind text, metadata_json jsonb);
CREATE TABLE reference_items (id bigint PRIMARY KEY, weight real);
"""


def test_canonical_core_legacy_names_and_drift(tmp_path: Path) -> None:
    findings = lint("canonical-core", {"backend.sql": CORE_LEGACY}, tmp_path)
    assert suggestion_of(findings, "DBN107") == {
        "users": "app_users",
        "run_job_candidates": "run_candidates",
    }
    assert suggestion_of(findings, "DBN202") == {
        "user_id": "owner_user_id",
        "asset_kind": "kind",
        "rel_path": "storage_uri",
        "key_ref": "kms_key_ref",
        "export_path": None,
    }
    missing = {f.object.qualified_name for f in findings if f.code == "DBN503"}
    assert {"app_users", "run_candidates", "projects.owner_user_id", "assets.kind"} <= missing
    assert "projects" not in missing and "assets" not in missing
    missing_column = next(f for f in findings if f.object.qualified_name == "assets.kind")
    assert missing_column.location.line == 4  # reported at the table that lacks it


def test_canonical_core_target_is_clean(tmp_path: Path) -> None:
    assert lint("canonical-core", {"backend.sql": CORE_TARGET}, tmp_path) == []


# --- seed 003: PascalCase -> snake_case (pack "prisma-map" + the project's config) --


def prisma_table(name: str) -> str:
    return (
        f'CREATE TABLE "{name}" ("id" TEXT NOT NULL, "userId" TEXT,\n'
        f'    CONSTRAINT "{name}_pkey" PRIMARY KEY ("id"));\n'
    )


def seed_003(files: Mapping[str, str], tmp_path: Path) -> list[Finding]:
    """Checked as examples/prisma-map is: its config names seed 003's old -> new lists."""
    return lint("prisma-map", files, tmp_path, config=SEED_003_CONFIG.read_text(encoding="utf-8"))


def test_snake_case_legacy_flagged_and_renames_leave_stale_names(tmp_path: Path) -> None:
    legacy = "".join(prisma_table(n) for n in SNAKE_RENAMES)
    findings = seed_003({"schema.sql": legacy}, tmp_path)
    got = flagged(findings)
    for name in SNAKE_RENAMES:
        assert {"DBN101", "DBN107"} <= got[name], name
    assert suggestion_of(findings, "DBN107") == SNAKE_RENAMES
    assert suggestion_of(findings, "DBN101")["AssistantChatSession"] == "assistant_chat_session"
    renamed = legacy + "".join(
        f'ALTER TABLE "{old}" RENAME TO {new};\n' for old, new in SNAKE_RENAMES.items()
    )
    after = seed_003({"schema.sql": renamed}, tmp_path)
    assert suggestion_of(after, "DBN504") == {
        f"{old}_pkey": f"{new}_pkey" for old, new in SNAKE_RENAMES.items()
    }
    assert {f.code for f in after} == {"DBN504"}


def test_snake_case_target_is_clean(tmp_path: Path) -> None:
    target = "".join(prisma_table(n) for n in SNAKE_RENAMES.values())
    target += (
        'ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_userId_fkey"'
        ' FOREIGN KEY ("userId") REFERENCES "users" ("id");\n'
    )
    assert seed_003({"schema.sql": target}, tmp_path) == []


def test_the_prisma_map_pack_carries_no_project_list(tmp_path: Path) -> None:
    """Trial s17 (documenso): the bundled pack named seed 003's tables, so a
    new Prisma project extending it was told to rename its ``User`` model's
    table to ``users`` by a legacy list (DBN107) and its
    ``AssistantChatSession.sessionName`` to ``title`` (DBN202): another
    project's plan. The pack is Prisma's convention only: camelCase columns,
    Prisma-derived index and constraint names; the lists are the project's."""
    legacy = "".join(prisma_table(n) for n in SNAKE_RENAMES)
    legacy += 'ALTER TABLE "AssistantChatSession" ADD COLUMN "sessionName" TEXT;\n'
    findings = lint("prisma-map", {"schema.sql": legacy}, tmp_path)
    assert not [f for f in findings if f.code in ("DBN107", "DBN202")], findings
    # what the general rules say: snake_case plural tables, no reserved word
    # (PostgreSQL's USER); the columns and Prisma's constraint names
    # (AssistantChatSession_pkey) are left alone
    assert {f.code for f in findings} == {"DBN101", "DBN105", "DBN502"}
    assert {f.object.name for f in findings} == set(SNAKE_RENAMES)
    assert {f.object.name for f in findings if f.code == "DBN502"} == {"User"}
    settings = load_settings(tmp_path, Path("dbnamelint.yaml"))
    assert not {"DBN107", "DBN202"} & {rule.code for rule, _ in settings.rules}  # no list, no rule


def test_snake_case_rule_derived_suggestions(tmp_path: Path) -> None:
    """Case + plural, chained, derive one of six; the rest drop `Assistant`
    or add `_temp`, which are product decisions the pack lists (DBN107)."""
    legacy = "".join(prisma_table(n) for n in SNAKE_RENAMES)
    cased = suggestion_of(lint("prisma-map", {"schema.sql": legacy}, tmp_path), "DBN101")
    chained = lint("prisma-map", {"s.sql": tables_sql(*cased.values())}, tmp_path)
    plural = suggestion_of(chained, "DBN105")
    derived = {old: plural.get(cased[old], cased[old]) for old in SNAKE_RENAMES}
    assert derived == {
        "User": "users",
        "AssistantFolder": "assistant_folders",
        "AssistantChatSession": "assistant_chat_sessions",
        "AssistantChatMessage": "assistant_chat_messages",
        "AssistantConversation": "assistant_conversations",
        "AssistantMessage": "assistant_messages",
    }


# --- seed 004: functional prefixes (pack "functional-prefixes") -------------


def test_functional_prefixes_legacy_and_target(tmp_path: Path) -> None:
    legacy = tables_sql(*FUNCTIONAL_RENAMES, *FUNCTIONAL_UNCHANGED)
    findings = lint("functional-prefixes", {"schema.sql": legacy}, tmp_path)
    got = flagged(findings)
    assert set(got) == set(FUNCTIONAL_RENAMES)
    assert all({"DBN103", "DBN107"} <= codes for codes in got.values())
    target = tables_sql(*FUNCTIONAL_RENAMES.values(), *FUNCTIONAL_UNCHANGED, "sys_table_migrations")
    target += "CREATE VIEW prompts AS SELECT * FROM ai_prompts;\n"
    assert lint("functional-prefixes", {"schema.sql": target}, tmp_path) == []


def test_functional_prefixes_rule_derived_suggestions(tmp_path: Path) -> None:
    findings = lint("functional-prefixes", {"s.sql": tables_sql(*FUNCTIONAL_RENAMES)}, tmp_path)
    derived = suggestion_of(findings, "DBN103")
    hits = {old for old, new in FUNCTIONAL_RENAMES.items() if derived.get(old) == new}
    assert hits == FUNCTIONAL_DERIVED
    # Misses: word swaps (sources_google -> google_sources), new words
    # (experts -> expert_profiles), dropped words (documentation_files_missing_doc_ids
    # -> doc_files_missing_ids) and bare names (prompts) need the explicit list.
    assert derived["documentation_files_missing_doc_ids"] == "doc_files_missing_doc_ids"


@pytest.mark.parametrize(
    "pack", ["cora", "dba-domains", "canonical-core", "prisma-map", "functional-prefixes"]
)
def test_compatibility_views_with_legacy_names_are_not_flagged(pack: str, tmp_path: Path) -> None:
    sql = (
        'CREATE TABLE "Messages" (id bigint PRIMARY KEY);\n'
        'ALTER TABLE "Messages" RENAME TO system_messages;\n'
        'CREATE VIEW "Messages" AS SELECT * FROM system_messages;\n'
    )
    findings = lint(pack, {"schema.sql": sql}, tmp_path)
    assert not [f for f in findings if f.object.name == "Messages"]
