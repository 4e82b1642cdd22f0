"""``whitelist init --group-by`` phases and ``whitelist add OBJECT``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli

FILES = {
    "db/module-ws/001.sql": (
        "CREATE TABLE ws_user_settings (id int);\n"  # DBN104 (cfg infix)
        'CREATE TABLE sys_audit_log (id int, "badCol" int);\n'  # DBN102, DBN104 + DBN201
    ),
    "db/module-ai/001.sql": "CREATE TABLE ai_model_history (id int);\n",  # DBN104 (hist)
}
CONFIG = "extends: [cora]\npaths: [db]\nmodule_pattern: 'module-{module}/'\n"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _entries(project: Path) -> dict[str, str]:
    data = yaml.safe_load((project / "whitelist.yaml").read_text(encoding="utf-8"))
    return {f"{e['kind']} {e['name']}": e["phase"] for e in data["entries"]}


def _phases(project: Path) -> list[str]:
    data = yaml.safe_load((project / "whitelist.yaml").read_text(encoding="utf-8"))
    return [p["id"] for p in data["phases"]]


def test_check_fails_before_init(project: Path) -> None:
    assert invoke("check")[0] == 1


@pytest.mark.parametrize(
    ("by", "phases", "expected"),
    [
        (
            "module",
            ["module-ai", "module-ws"],
            {
                "table ai_model_history": "module-ai",
                "table sys_audit_log": "module-ws",
                "column sys_audit_log.badCol": "module-ws",
                "table ws_user_settings": "module-ws",
            },
        ),
        (
            "prefix",
            ["prefix-ai", "prefix-sys", "prefix-ws"],
            {
                "table ai_model_history": "prefix-ai",
                "table sys_audit_log": "prefix-sys",
                "column sys_audit_log.badCol": "prefix-sys",  # with its table
                "table ws_user_settings": "prefix-ws",
            },
        ),
    ],
)
def test_init_groups_entries_into_phases(
    project: Path, by: str, phases: list[str], expected: dict[str, str]
) -> None:
    code, _, err = invoke("whitelist", "init", "--group-by", by)
    assert code == 0, err
    assert _phases(project) == phases
    assert _entries(project) == expected
    assert invoke("check")[0] == 0  # every finding excused, none stale


def test_init_by_rule_uses_each_objects_lowest_code(project: Path) -> None:
    assert invoke("whitelist", "init", "--group-by", "rule")[0] == 0
    entries = _entries(project)
    assert entries["table sys_audit_log"] == "rule-DBN102"  # breaks DBN102 and DBN104
    assert entries["table ws_user_settings"] == "rule-DBN104"
    assert entries["column sys_audit_log.badCol"].startswith("rule-DBN2")
    assert set(entries.values()) == set(_phases(project))
    assert invoke("check")[0] == 0


def test_add_excuses_one_object_and_keeps_the_file(project: Path) -> None:
    assert invoke("whitelist", "init", "--group-by", "module")[0] == 0
    path = project / "whitelist.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# kept comment\n", encoding="utf-8")
    (project / "db" / "module-ws" / "002.sql").write_text(
        "CREATE TABLE ws_member_settings (id int);\n", encoding="utf-8"
    )
    before = path.read_text(encoding="utf-8")
    assert invoke("check")[0] == 1
    code, out, _ = invoke("whitelist", "add", "ws_member_settings", "--phase", "module-ws")
    assert code == 0
    assert out == "added table ws_member_settings (DBN104) to whitelist.yaml\n"
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n").rsplit("\n", 1)[0])  # nothing above changed
    assert "# kept comment" in after
    assert _entries(project)["table ws_member_settings"] == "module-ws"
    assert invoke("check")[0] == 0


def test_add_refuses_a_phase_the_whitelist_does_not_declare(project: Path) -> None:
    """Trial s7-t3 #14: written, the entry made every later command exit 2."""
    assert invoke("whitelist", "init", "--group-by", "module")[0] == 0
    (project / "db" / "module-ws" / "002.sql").write_text(
        "CREATE TABLE ws_member_settings (id int);\n", encoding="utf-8"
    )
    path = project / "whitelist.yaml"
    before = path.read_bytes()
    code, out, err = invoke("whitelist", "add", "ws_member_settings", "--phase", "later")
    assert (code, out) == (2, "")
    assert "unknown phase 'later' (phases: module-ai, module-ws)" in err
    assert path.read_bytes() == before
    assert invoke("check")[0] == 1  # the whitelist still loads; the new table is new


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("accounts_ok", "no object of that name in the files read"),  # no such object
        ("ws_user_settings", "already excused"),
    ],
)
def test_add_is_refused_when_nothing_new_breaks(project: Path, name: str, why: str) -> None:
    assert invoke("whitelist", "init")[0] == 0
    before = (project / "whitelist.yaml").read_bytes()
    code, _, err = invoke("whitelist", "add", name)
    assert code == 2
    assert why in err
    assert (project / "whitelist.yaml").read_bytes() == before


def test_add_refuses_a_compliant_object(project: Path) -> None:
    (project / "db" / "module-ws" / "003.sql").write_text(
        "CREATE TABLE ws_members (id int);\n", encoding="utf-8"
    )
    code, _, err = invoke("whitelist", "add", "ws_members")
    assert code == 2 and "breaks no rule" in err
    assert not (project / "whitelist.yaml").exists()


def test_add_starts_a_whitelist_and_fills_an_empty_list(project: Path) -> None:
    assert invoke("whitelist", "add", "ai_model_history")[0] == 0
    assert _entries(project) == {"table ai_model_history": "1"}
    path = project / "whitelist.yaml"
    path.write_text("# ours\nphases:\n  - {id: p1, title: first}\nentries: []\n", encoding="utf-8")
    assert invoke("whitelist", "add", "AI_MODEL_HISTORY", "--kind", "table")[0] == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ours\nphases:\n  - {id: p1, title: first}\nentries:\n")
    assert _entries(project) == {"table ai_model_history": "p1"}


def test_add_asks_which_object_when_the_name_is_ambiguous(project: Path) -> None:
    (project / "db" / "module-ws" / "004.sql").write_text(
        "CREATE SCHEMA other;\nCREATE TABLE other.ai_model_history (id int);\n",
        encoding="utf-8",
    )
    code, _, err = invoke("whitelist", "add", "ai_model_history")
    assert code == 2
    assert "several objects" in err
    assert "table ai_model_history" in err and "table other.ai_model_history" in err
    assert invoke("whitelist", "add", "other.ai_model_history")[0] == 0
    assert "table other.ai_model_history" in _entries(project)


def test_init_says_which_errors_a_whitelist_cannot_excuse(project: Path) -> None:
    # A whitelist excuses names; an unreadable statement still fails check,
    # and init says so when it writes the baseline, not one command later.
    (project / "db" / "module-ws" / "002.sql").write_text("CREATE TABLE (x int);\n", "utf-8")
    code, out, err = invoke("whitelist", "init")
    assert code == 0 and out.startswith("wrote whitelist.yaml: ")
    assert "db/module-ws/002.sql:1:14: DBN004" in err
    assert "1 error above is not excused by a whitelist" in err
    code, out, _ = invoke("check", "--no-cache")
    assert code == 1 and "db/module-ws/002.sql:1:14: DBN004" in out
    # Without it, init says nothing more than what it wrote.
    (project / "db" / "module-ws" / "002.sql").unlink()
    code, _, err = invoke("whitelist", "init", "--force")
    assert code == 0 and err == ""


def test_prefix_is_the_first_word_as_the_rules_split_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial 6 (documenso): PascalCase tables made one phase each."""
    (tmp_path / "001.sql").write_text(
        'CREATE TABLE "Document" (id int);\n'
        'CREATE TABLE "DocumentMeta" (id int);\n'
        'CREATE TABLE "DocumentShareLink" (id int);\n'
        "CREATE TABLE document_audit_log (id int);\n"
        'CREATE TABLE "HTTPServerLog" (id int);\n',
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("dialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("whitelist", "init", "--group-by", "prefix")
    assert code == 0, err
    data = yaml.safe_load((tmp_path / "whitelist.yaml").read_text(encoding="utf-8"))
    assert {p["id"]: p["title"] for p in data["phases"]} == {
        "prefix-document": "Name document and names starting document_",
        "prefix-http": "Names starting http_",
    }
    assert {e["name"]: e["phase"] for e in data["entries"]} == {
        "Document": "prefix-document",
        "DocumentMeta": "prefix-document",
        "DocumentShareLink": "prefix-document",
        "document_audit_log": "prefix-document",
        "HTTPServerLog": "prefix-http",
    }
    assert invoke("check")[0] == 0


def test_a_lower_case_prefix_with_digits_is_one_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s12 (harbor): ``p2p_preheat_policy`` went to ``prefix-p2``, "Names
    starting p2_", which no name does; a lower-case word keeps its digits."""
    (tmp_path / "001.sql").write_text(
        "CREATE TABLE p2p_preheat_policy (id int);\n"
        "CREATE TABLE p2p_preheat_instance (id int);\n"
        "CREATE TABLE oauth2_token (id int);\n"
        'CREATE TABLE "S3Key" (id int);\n',
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("dialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("whitelist", "init", "--group-by", "prefix")
    assert code == 0, err
    data = yaml.safe_load((tmp_path / "whitelist.yaml").read_text(encoding="utf-8"))
    phases = {p["id"]: p["title"] for p in data["phases"]}
    assert phases["prefix-p2p"] == "Names starting p2p_"
    assert phases["prefix-oauth2"] == "Names starting oauth2_"
    entries = {e["name"]: e["phase"] for e in data["entries"]}
    assert entries["p2p_preheat_policy"] == entries["p2p_preheat_instance"] == "prefix-p2p"
    assert entries["S3Key"] == "prefix-s3"  # PascalCase still split as the rules split it
    assert invoke("check")[0] == 0


def test_a_sequence_a_column_owns_goes_with_its_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An owned sequence keeps the name it was created with when its table is
    renamed (PostgreSQL's ``pg_depend`` still ties it to the column), so its
    own first word is the old table's: it went to ``prefix-legacy`` while the
    table and the key went to ``prefix-customer``, and that phase's migration
    renamed the sequence anyway. It goes with its table, as a column does."""
    (tmp_path / "001.sql").write_text(
        "CREATE TABLE legacy_customer (id serial PRIMARY KEY, name text);\n"
        'ALTER TABLE legacy_customer RENAME TO "CustomerAccounts";\n',
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("dialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("whitelist", "init", "--group-by", "prefix")
    assert code == 0, err
    assert _entries(tmp_path) == {
        "table CustomerAccounts": "prefix-customer",
        "constraint CustomerAccounts.legacy_customer_pkey": "prefix-customer",
        "sequence legacy_customer_id_seq": "prefix-customer",
    }
    assert _phases(tmp_path) == ["prefix-customer"]
    code, out, err = invoke("migrate", "--phase", "prefix-customer")
    assert code == 0, err
    assert 'ALTER SEQUENCE "legacy_customer_id_seq" RENAME TO "customer_accounts_id_seq";' in out


@pytest.mark.parametrize(
    ("group_by", "args", "phase", "why"),
    [
        # The trial's repro: phases by prefix; a new user_* table joins prefix-user.
        ("prefix", (), "prefix-user", "named for its module, prefix or rule"),
        ("rule", (), "rule-DBN105", "named for its module, prefix or rule"),
        ("prefix", ("--phase", "prefix-alert"), "prefix-alert", "(--phase)"),
    ],
    ids=["prefix", "rule", "given"],
)
def test_add_files_the_entry_where_init_would_and_says_so(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    group_by: str,
    args: tuple[str, ...],
    phase: str,
    why: str,
) -> None:
    """s9 trial finding 2: the phase is the one ``init --group-by`` would have
    chosen (README, *whitelist init --group-by*), and standard error names it."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001.sql").write_text(
        "CREATE TABLE alert (id int);\nCREATE TABLE user_session (id int);\n"
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert invoke("whitelist", "init", "--group-by", group_by)[0] == 0
    (tmp_path / "db/002.sql").write_text("CREATE TABLE user_badge (id int);\n")
    code, out, err = invoke("whitelist", "add", "user_badge", *args)
    assert code == 0, err
    assert out == "added table user_badge (DBN105) to whitelist.yaml\n"
    assert f"the entry went into phase {phase!r}" in err and why in err, err
    assert _entries(tmp_path)["table user_badge"] == phase


def test_add_says_when_it_falls_back_to_the_first_phase(project: Path) -> None:
    assert invoke("whitelist", "init", "--group-by", "module")[0] == 0
    (project / "db/002.sql").write_text("CREATE TABLE tmp_user_history (id int);\n")
    code, _, err = invoke("whitelist", "add", "tmp_user_history", "--dry-run")
    assert code == 0, err
    assert "would go into phase 'module-ai' (the whitelist's first phase; --phase ID" in err
