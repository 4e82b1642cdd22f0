"""Whitelist loading, identity matching, stale entries, init round trip, prune."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import yaml
from msgspec.structs import replace

from dbnamelint.findings import Finding, PhaseProgress, StaleEntry
from dbnamelint.model import Location, ObjectKind, Schema, SchemaObject, Severity, SourceFile
from dbnamelint.rules.base import Rule
from dbnamelint.whitelist import (
    Phase,
    Whitelist,
    WhitelistError,
    apply_whitelist,
    init_whitelist,
    load_whitelist,
    parse_whitelist,
    phase_progress,
    prune,
    split_name,
)

SOURCE = SourceFile("module-access/db/schema/001.sql", "postgres", "access")


def applied(*args: Any, **kwargs: Any) -> tuple[tuple[Finding, ...], tuple[StaleEntry, ...]]:
    """apply_whitelist's excused findings and stale entries."""
    result = apply_whitelist(*args, **kwargs)
    return result.findings, result.stale


def obj(
    kind: ObjectKind,
    name: str,
    *,
    table: str | None = None,
    schema: str | None = None,
    quoted: bool = False,
    line: int = 1,
) -> SchemaObject:
    attached = table is not None
    return SchemaObject(
        kind=kind,
        name=name,
        location=Location(SOURCE.path, line, 14),
        source=SOURCE,
        schema=None if attached else schema,
        table=table,
        table_schema=schema if attached else None,
        quoted=quoted,
    )


def finding(
    o: SchemaObject,
    code: str = "DBN104",
    rule: str = "table-type-infix",
    suggestion: str | None = None,
) -> Finding:
    return Finding(code, rule, Severity.ERROR, o, f"{o.kind.value} {o.name!r} is bad", suggestion)


def wl(text: str) -> Whitelist:
    return parse_whitelist(textwrap.dedent(text).lstrip("\n"))


IDP = obj(ObjectKind.TABLE, "sys_idp_config")

EXAMPLE = """
# legacy names
phases:
  - {id: "1", title: "Critical auth tables", status: open}
  - {id: 2, title: "System config tables", status: Done}
entries:
  - kind: table
    name: sys_idp_config          # qualified name
    rules: all
    phase: "1"
    target: access_cfg_sys_idp
    reason: "module-access, moves with Cognito phase 0"
  - kind: column
    name: projects.user_id
    rules: [DBN201, column-legacy-name]
    phase: "2"
"""


def test_load_example() -> None:
    loaded = wl(EXAMPLE)
    assert loaded.phases == (
        Phase("1", "Critical auth tables", "open"),
        Phase("2", "System config tables", "done"),
    )
    first, second = loaded.entries
    assert (first.kind, first.name, first.rules, first.phase) == (
        ObjectKind.TABLE,
        "sys_idp_config",
        None,
        "1",
    )
    assert first.target == "access_cfg_sys_idp"
    assert first.location == Location("whitelist.yaml", 6, 5)
    assert second.rules == ("DBN201", "column-legacy-name")
    assert second.location.line == 12


def test_missing_file_is_an_empty_whitelist(tmp_path: Path) -> None:
    assert load_whitelist(tmp_path / "whitelist.yaml").entries == ()
    with pytest.raises(WhitelistError, match="no such file"):
        load_whitelist(tmp_path / "whitelist.yaml", missing_ok=False)


def test_load_from_file_reports_its_display_path(tmp_path: Path) -> None:
    path = tmp_path / "whitelist.yaml"
    path.write_text("entries:\n  - kind: tabel\n    name: x\n", encoding="utf-8")
    with pytest.raises(WhitelistError) as caught:
        load_whitelist(path, display="whitelist.yaml")
    assert str(caught.value).startswith("whitelist.yaml:2:")
    assert "entries[0].kind" in caught.value.message


class FakeRule(Rule):
    code = "DBN104"
    name = "table-type-infix"


KNOWN: Mapping[str, type[Rule]] = MappingProxyType({"DBN104": FakeRule})

ERRORS = [
    pytest.param(
        "phases: [{id: '1'}]\nentries:\n  - {kind: table, name: a, phase: '9'}\n",
        "entries[0].phase: unknown phase '9' (phases: 1)",
        3,
        id="unknown-phase",
    ),
    pytest.param(
        "entries:\n  - {kind: table, name: a}\n  - {kind: table, name: A, rules: [DBN104]}\n",
        "duplicate entry for table A (first at line 2)",
        3,
        id="duplicate-all-and-list",
    ),
    pytest.param(
        "entries:\n  - {kind: table, name: a, rules: [DBN104]}\n"
        "  - {kind: table, name: a, rules: [table-type-infix]}\n",
        "duplicate entry for table a",
        3,
        id="duplicate-overlapping-rules",
    ),
    pytest.param(
        "entries:\n  - kind: table\n    nmae: a\n",
        "entries[0].nmae: unknown key",
        3,
        id="unknown-key",
    ),
    pytest.param(
        # the object's kind written as the key (confirmation s39: "did you mean database?")
        "entries:\n  - table: WatchParties\n",
        "entries[0].table: unknown key (an entry names its object as `kind: table` and "
        "`name: WatchParties`)",
        2,
        id="kind-as-key",
    ),
    pytest.param(
        "entries:\n  - kind: table\n    rules: all\n",
        "entries[0].name: required key missing",
        2,
        id="missing-name",
    ),
    pytest.param(
        "entries:\n  - kind: column\n    name: user_id\n",
        "entries[0].name: 'user_id' is not a column name; expected [schema.]table.name",
        3,
        id="column-without-table",
    ),
    pytest.param(
        "entries:\n  - kind: table\n    name: a.b.c\n",
        "is not a table name",
        3,
        id="table-with-too-many-parts",
    ),
    pytest.param(
        "phases:\n  - {id: '1'}\n  - {id: 1}\n",
        "phases[1].id: duplicate phase id '1'",
        3,
        id="duplicate-phase",
    ),
    pytest.param(
        "phases:\n  - id: '1'\n    status: finished\n",
        "phases[0].status: Input should be 'open', 'in-progress', 'deferred' or 'done'",
        3,
        id="bad-status",
    ),
    pytest.param(
        "entries:\n  - kind: table\n    name: a\n    rules:\n      - DBN104\n      - table-typo\n",
        "entries[0].rules[1]: unknown rule 'table-typo'",
        6,
        id="unknown-rule",
    ),
    pytest.param(
        "entries:\n  - kind: table\n    name: a\n    rules: some\n",
        "entries[0].rules:",
        4,
        id="rules-neither-all-nor-list",
    ),
    pytest.param("entries: [\n", "invalid YAML", 2, id="yaml-syntax"),
    pytest.param("- a\n", "expected a mapping", 1, id="not-a-mapping"),
]


@pytest.mark.parametrize(("text", "message", "line"), ERRORS)
def test_whitelist_errors_name_file_key_and_line(text: str, message: str, line: int) -> None:
    with pytest.raises(WhitelistError) as caught:
        parse_whitelist(text, "ci/whitelist.yaml", known_rules=KNOWN)
    assert message in caught.value.message
    assert caught.value.location is not None
    assert (caught.value.location.path, caught.value.location.line) == ("ci/whitelist.yaml", line)


def test_entries_with_different_rules_for_one_object_are_allowed() -> None:
    loaded = wl(
        """
        entries:
          - {kind: table, name: a, rules: [DBN101]}
          - {kind: table, name: a, rules: [DBN104]}
        """
    )
    assert len(loaded.entries) == 2


# --------------------------------------------------------------------------
# matching by identity
# --------------------------------------------------------------------------

MATCHES = [
    pytest.param("table", "sys_idp_config", IDP, True, id="exact"),
    pytest.param("table", "SYS_IDP_CONFIG", IDP, True, id="unquoted-folds-case"),
    pytest.param("view", "sys_idp_config", IDP, False, id="other-kind"),
    pytest.param("table", "sys_idp_configs", IDP, False, id="other-name"),
    pytest.param("table", "User", obj(ObjectKind.TABLE, "User", quoted=True), True, id="quoted"),
    pytest.param(
        "table", "user", obj(ObjectKind.TABLE, "User", quoted=True), False, id="quoted-keeps-case"
    ),
    pytest.param(
        "table", '"User"', obj(ObjectKind.TABLE, "User", quoted=True), True, id="written-quoted"
    ),
    pytest.param(
        "table", "public.users", obj(ObjectKind.TABLE, "users", schema="public"), True, id="schema"
    ),
    pytest.param(
        "table",
        "users",
        obj(ObjectKind.TABLE, "users", schema="public"),
        True,
        id="entry-no-schema",
    ),
    pytest.param(
        "table", "public.users", obj(ObjectKind.TABLE, "users"), True, id="object-no-schema"
    ),
    pytest.param(
        "table",
        "auth.users",
        obj(ObjectKind.TABLE, "users", schema="public"),
        False,
        id="schema-differs",
    ),
    pytest.param(
        "column",
        "projects.user_id",
        obj(ObjectKind.COLUMN, "user_id", table="projects"),
        True,
        id="column",
    ),
    pytest.param(
        "column",
        "app.Projects.user_id",
        obj(ObjectKind.COLUMN, "user_id", table="projects", schema="app"),
        True,
        id="column-with-schema",
    ),
    pytest.param(
        "column",
        "orders.user_id",
        obj(ObjectKind.COLUMN, "user_id", table="projects"),
        False,
        id="column-of-other-table",
    ),
    pytest.param(
        "table",
        '"odd.name"',
        obj(ObjectKind.TABLE, "odd.name", quoted=True),
        True,
        id="dotted-quoted-name",
    ),
]


@pytest.mark.parametrize(("kind", "name", "target", "expected"), MATCHES)
def test_matching_by_identity(kind: str, name: str, target: SchemaObject, expected: bool) -> None:
    loaded = wl(f"entries:\n  - {{kind: {kind}, name: '{name}'}}\n")
    (result,), _ = applied([finding(target)], Schema((target,)), loaded)
    assert result.whitelisted is expected


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("all", True),
        ("[DBN104]", True),
        ("[dbn104]", True),
        ("[table-type-infix]", True),
        ("[DBN101, DBN105]", False),
    ],
    ids=["all", "code", "code-any-case", "name", "other-rules"],
)
def test_entry_rules_decide(rules: str, expected: bool) -> None:
    loaded = wl(
        f"phases: [{{id: p1}}]\nentries:\n  - {{kind: table, name: sys_idp_config, "
        f"phase: p1, rules: {rules}}}\n"
    )
    (result,), _ = applied([finding(IDP)], Schema((IDP,)), loaded)
    assert result.whitelisted is expected
    assert result.whitelist_phase == ("p1" if expected else None)
    assert result.is_new is not expected


# --------------------------------------------------------------------------
# stale entries
# --------------------------------------------------------------------------

STALE_WHITELIST = """
phases: [{id: "1"}]
entries:
  - kind: table
    name: sys_idp_config
    phase: "1"
  - kind: table
    name: sys_rag
    phase: "1"
  - kind: table
    name: ws_org_settings
    rules: [DBN104]
  - kind: table
    name: ws_configs
    rules: [DBN105]
"""


def test_stale_entries_object_gone_or_compliant() -> None:
    org = obj(ObjectKind.TABLE, "ws_org_settings")
    configs = obj(ObjectKind.TABLE, "ws_configs")
    schema = Schema((IDP, org, configs))
    findings = [finding(IDP), finding(configs, "DBN104")]
    result, stale = applied(findings, schema, wl(STALE_WHITELIST))
    assert [f.whitelisted for f in result] == [True, False]
    assert stale == (
        StaleEntry(
            "table",
            "sys_rag",
            Location("whitelist.yaml", 6, 5),
            "no table named sys_rag exists any more: delete this entry",
            "1",
        ),
        StaleEntry(
            "table",
            "ws_org_settings",
            Location("whitelist.yaml", 9, 5),
            "no longer breaks DBN104: delete this entry",
            object_path=org.location.path,
        ),
        StaleEntry(
            "table",
            "ws_configs",
            Location("whitelist.yaml", 12, 5),
            "no longer breaks DBN105: delete this entry",
            object_path=configs.location.path,
        ),
    )


def test_an_entry_naming_nothing_says_which_name_it_likely_meant() -> None:
    """A typo in an entry is likelier than a table that went away: deleting the
    entry, as "exists any more" advises, would leave the real object unexcused."""
    users = obj(ObjectKind.TABLE, "Users", quoted=True)
    email = obj(ObjectKind.COLUMN, "emailAddress", table="Users", quoted=True)
    schema = Schema((users, email, obj(ObjectKind.TABLE, "orders")))
    whitelist = wl(
        """
        entries:
          - {kind: table, name: Userz}
          - {kind: column, name: Users.emailAdress}
          - {kind: table, name: invoices}
          - {kind: table, name: public.Users}
        """
    )
    _, stale = applied([finding(users), finding(email)], schema, whitelist)
    assert [(e.name, e.reason) for e in stale] == [
        (
            "Userz",
            "no table named Userz exists: did you mean Users? correct the entry's name, "
            "or delete it if the table is gone",
        ),
        (
            "Users.emailAdress",
            "no column named Users.emailAdress exists: did you mean Users.emailAddress? "
            "correct the entry's name, or delete it if the column is gone",
        ),
        ("invoices", "no table named invoices exists any more: delete this entry"),
    ]


def test_entries_for_rules_that_did_not_run_are_not_stale() -> None:
    configs = obj(ObjectKind.TABLE, "ws_configs")
    _, stale = applied(
        [], Schema((IDP, configs)), wl(STALE_WHITELIST), active_rules={"DBN104", "table-type-infix"}
    )
    # sys_idp_config (all rules) is compliant and sys_rag gone: still stale;
    # ws_org_settings is gone; ws_configs only lists DBN105, which did not run.
    assert [s.name for s in stale] == ["sys_idp_config", "sys_rag", "ws_org_settings"]
    assert stale[0].reason == "no longer breaks any rule: delete this entry"


def test_an_object_only_known_from_a_finding_exists() -> None:
    # schema-wide rules report missing objects as synthetic objects
    missing = obj(ObjectKind.TABLE, "app_users")
    loaded = wl("entries:\n  - {kind: table, name: app_users}\n")
    (result,), stale = applied([finding(missing, "DBN501")], Schema(()), loaded)
    assert result.whitelisted and stale == ()


# --------------------------------------------------------------------------
# init round trip
# --------------------------------------------------------------------------

COL = obj(ObjectKind.COLUMN, "user_id", table="projects", schema="app")
PASCAL = obj(ObjectKind.TABLE, "AssistantChatSession", quoted=True)
DOTTED = obj(ObjectKind.TABLE, 'we"ird.name', quoted=True)
YES = obj(ObjectKind.TABLE, "yes")
FKEY = obj(ObjectKind.CONSTRAINT, "User_pkey", table="users", quoted=True)

ROUND_TRIP = [
    finding(IDP, "DBN104", "table-type-infix", "access_cfg_sys_idp"),
    finding(IDP, "DBN101", "table-missing-module-prefix", "access_cfg_sys_idp"),
    finding(COL, "DBN202", "column-legacy-name", "owner_user_id"),
    finding(PASCAL, "DBN102", "table-name-case", "assistant_chat_session"),
    finding(PASCAL, "DBN103", "table-plural-name", "AssistantChatSessions"),
    finding(DOTTED, "DBN102", "table-name-case"),
    finding(YES, "DBN106", "table-generic-name", "my table: #1"),
    finding(FKEY, "DBN401", "constraint-stale-table-name", "users_pkey"),
]


def test_init_round_trip_excuses_everything_and_nothing_is_stale() -> None:
    text = init_whitelist(ROUND_TRIP)
    loaded = parse_whitelist(text)
    schema = Schema(tuple(dict.fromkeys(f.object for f in ROUND_TRIP)))
    result, stale = applied(ROUND_TRIP, schema, loaded)
    assert all(f.whitelisted and f.whitelist_phase == "1" for f in result)
    assert stale == ()
    assert len(loaded.entries) == 6  # one per object
    by_name = {e.name: e for e in loaded.entries}
    assert by_name["sys_idp_config"].rules == ("DBN101", "DBN104")
    assert by_name["sys_idp_config"].target == "access_cfg_sys_idp"  # suggestions agree
    assert by_name["AssistantChatSession"].target is None  # suggestions disagree
    assert by_name["app.projects.user_id"].kind is ObjectKind.COLUMN
    assert by_name["yes"].target == "my table: #1"
    assert '"we""ird.name"' in by_name
    assert text.startswith("# dbnamelint whitelist")


def test_init_skips_suppressed_findings_and_uses_given_phases() -> None:
    text = init_whitelist(
        [finding(IDP), replace(finding(YES), suppressed=True)],
        phases=[Phase("auth", "Auth tables", "in-progress"), Phase("later")],
    )
    loaded = parse_whitelist(text)
    assert [e.name for e in loaded.entries] == ["sys_idp_config"]
    assert loaded.entries[0].phase == "auth"
    assert [p.id for p in loaded.phases] == ["auth", "later"]


def test_init_without_findings_is_a_valid_empty_whitelist() -> None:
    assert parse_whitelist(init_whitelist([])).entries == ()


# --------------------------------------------------------------------------
# prune
# --------------------------------------------------------------------------

PRUNE_BEFORE = """\
# Legacy whitelist (do not re-sort)
phases:
  - {id: "1", title: "Auth", status: open}   # Cognito phase 0
entries:
  # --- phase 1: auth ---
  - kind: table
    name: sys_idp_config          # moves with Cognito
    phase: "1"
    target: access_cfg_sys_idp

  - kind: table
    name: sys_idp_audit_log
    rules:
      - DBN104
      - DBN101   # both
    phase: "1"
  # --- phase 5: logs ---
  - {kind: table, name: user_auth_log}  # flow style
  -
    kind: table
    name: ai_model_validation_history
# trailing comment
"""

PRUNE_AFTER = """\
# Legacy whitelist (do not re-sort)
phases:
  - {id: "1", title: "Auth", status: open}   # Cognito phase 0
entries:
  # --- phase 1: auth ---
  - kind: table
    name: sys_idp_config          # moves with Cognito
    phase: "1"
    target: access_cfg_sys_idp

  # --- phase 5: logs ---
# trailing comment
"""


def test_prune_removes_only_stale_entries_and_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "whitelist.yaml"
    path.write_text(PRUNE_BEFORE, encoding="utf-8")
    loaded = load_whitelist(path)
    keep = {"sys_idp_config"}
    _, stale = applied(
        [finding(IDP)],
        Schema((IDP,)),
        loaded,
    )
    assert {s.name for s in stale} == {e.name for e in loaded.entries} - keep
    pruned = prune(path, stale).text
    assert pruned == PRUNE_AFTER
    # the result is still a valid whitelist, and now nothing is stale
    path.write_text(pruned, encoding="utf-8")
    result, again = applied([finding(IDP)], Schema((IDP,)), load_whitelist(path))
    assert again == () and result[0].whitelisted


def test_pruning_every_entry_leaves_a_loadable_file(tmp_path: Path) -> None:
    path = tmp_path / "whitelist.yaml"
    path.write_text("entries:\n  - kind: table\n    name: gone\n", encoding="utf-8")
    _, stale = applied([], Schema(()), load_whitelist(path))
    pruned = prune(path, stale).text
    assert pruned == "entries: []\n"  # an empty list, not a key left holding null
    assert parse_whitelist(pruned).entries == ()
    assert yaml.safe_load(pruned) == {"entries": []}
    path.write_text(
        "entries:   # legacy names\r\n  - kind: table\r\n    name: gone\r\n# end\r\n",
        encoding="utf-8",
        newline="",
    )
    pruned = prune(path, stale).text
    assert pruned == "entries: []  # legacy names\r\n# end\r\n"


def test_prune_without_stale_entries_returns_the_text_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "whitelist.yaml"
    path.write_text(PRUNE_BEFORE, encoding="utf-8")
    assert prune(path, ()).text == PRUNE_BEFORE


def test_prune_refuses_a_flow_style_entries_list(tmp_path: Path) -> None:
    path = tmp_path / "whitelist.yaml"
    path.write_text("entries: [{kind: table, name: a}, {kind: table, name: b}]\n", "utf-8")
    _, stale = applied([], Schema(()), load_whitelist(path))
    with pytest.raises(WhitelistError, match="flow-style"):
        prune(path, stale)


# --------------------------------------------------------------------------
# phases and helpers
# --------------------------------------------------------------------------


def test_phase_progress_counts_entries_per_phase() -> None:
    loaded = wl(
        """
        phases:
          - {id: "1", title: Auth, status: open}
          - {id: "2", title: Config, status: done}
          - {id: "5", title: Logs, status: deferred}
        entries:
          - {kind: table, name: a, phase: "1"}
          - {kind: table, name: b, phase: "5"}
          - {kind: table, name: c, phase: "1"}
          - {kind: table, name: d}
        """
    )
    assert phase_progress(loaded) == (
        PhaseProgress("1", "Auth", "open", 2, 0),
        PhaseProgress("2", "Config", "done", 0, 0),
        PhaseProgress("5", "Logs", "deferred", 1, 0),
        PhaseProgress("", "(no phase)", "open", 1, 0),
    )


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("a.b", (("a", False), ("b", False))),
        ('"A.b".c', (("A.b", True), ("c", False))),
        ('s."x""y"', (("s", False), ('x"y', True))),
        ("`T`.[col]", (("T", True), ("col", True))),
    ],
    ids=["plain", "quoted-dot", "doubled-quote", "mysql-and-tsql-quotes"],
)
def test_split_name(name: str, parts: tuple[tuple[str, bool], ...]) -> None:
    assert split_name(name) == parts


def test_init_prefers_the_legacy_mapping_as_target() -> None:
    """DBN101 says "user", DBN107 says "users": the team's mapping wins."""
    from dbnamelint.findings import Finding
    from dbnamelint.model import Location, ObjectKind, SchemaObject, Severity, SourceFile
    from dbnamelint.whitelist import init_whitelist

    obj = SchemaObject(
        ObjectKind.TABLE,
        "User",
        Location("s.sql", 1, 14),
        SourceFile("s.sql", "postgres", None),
        quoted=True,
    )
    findings = [
        Finding("DBN101", "table-name-wrong-case", Severity.ERROR, obj, "case", "user"),
        Finding("DBN107", "table-legacy-name", Severity.ERROR, obj, "legacy", "users"),
    ]
    text = init_whitelist(findings)
    assert "    target: users\n" in text
    assert "target: user\n" not in text
