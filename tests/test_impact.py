"""``dbnamelint impact``: old names in code, judged in context, in real git repositories.

Every expectation is written out from the application files below (one per
mapping style, plus negatives); the search runs through the real ``git
grep`` and the patch is checked with the real ``git apply``.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

CONFIG = "paths: [db/schema]\ndialect: postgres\n"
WHITELIST = """\
phases:
  - {id: "1", title: "Messaging", status: open, owner: ana, due: 2030-01-31}
  - {id: "2", title: "Projects", status: open}
entries:
  - {kind: table, name: messages, phase: "1", target: comms_messages}
  - {kind: table, name: '"User"', phase: "1", target: users}
  - {kind: column, name: projects.user_id, phase: "2", target: owner_user_id}
"""
SCHEMA = """\
CREATE TABLE messages (id int PRIMARY KEY, body text);
CREATE TABLE "User" (id int PRIMARY KEY);
CREATE TABLE projects (id int PRIMARY KEY, user_id int);
CREATE TABLE ai_jobs (id int PRIMARY KEY);
ALTER TABLE ai_jobs RENAME TO assistant_jobs;
CREATE VIEW ai_jobs AS SELECT * FROM assistant_jobs;
CREATE TABLE archive.messages (id int);
"""

#: file -> text; each line marked "# H" (or "// H") holds one high-confidence reference.
APP = {
    "app/models.py": (
        "class Message(Base):\n"
        '    __tablename__ = "messages"\n'
        '    user_id = Column("user_id", Integer)\n'
        'messages_table = Table("messages", metadata)\n'
        "class Project(Base):\n"
        '    __tablename__ = "projects"\n'
        '    owner = Column("user_id", Integer)\n'
    ),
    "app/django_models.py": (
        "class Meta:\n    db_table = 'messages'\nowner = models.IntegerField(db_column='user_id')\n"
    ),
    "app/message.rb": 'class Message < ApplicationRecord\n  self.table_name = "messages"\nend\n',
    "prisma/schema.prisma": (
        'model Message {\n  id Int @id\n  @@map("messages")\n}\n'
        'model Project {\n  userId Int @map("user_id")\n  @@map("projects")\n}\n'
    ),
    "web/entity.ts": (
        '@Entity("messages")\n'
        "export class Message {}\n"
        '@Entity({ name: "messages" })\n'
        "export class MessageCopy {}\n"
    ),
    "web/supabase.ts": "const q = supabase.from('messages').select('*');\n",
    "web/knex.js": (
        "knex('messages').where({ id: 1 });\n"
        "knex.insert({ body: 'x' }).into('messages');\n"
        "db.selectFrom('messages').selectAll();\n"
        "db.insertInto('messages').values({ body: 'y' });\n"
    ),
    "app/queries.py": (
        'ALL = "SELECT * FROM messages"\n'
        "USERS = 'SELECT * FROM \"User\"'\n"
        'BACKTICK = "SELECT * FROM `User`"\n'
        'QUALIFIED = "UPDATE public.messages SET body = %s"\n'
        'OWNERS = "SELECT p.user_id FROM projects p"\n'
        'DIRECT = "SELECT projects.user_id FROM projects"\n'
        'JOBS = "SELECT * FROM ai_jobs"\n'
    ),
    "app/negatives.py": (
        "messages_count = 0\n"
        "# messages are archived nightly\n"
        'ARCHIVE = "SELECT * FROM archive.messages"\n'
        "self.messages.append(x)\n"
        "user = User()\n"
        "class Messages:\n"
        "    pass\n"
        "print(messages)\n"
    ),
}

HIGH = {
    ("app/models.py", 2, "messages", "SQLAlchemy __tablename__"),
    # line 3: Message's table (messages) has no user_id: projects.user_id is not it
    ("app/models.py", 7, "user_id", "SQLAlchemy Column()"),
    ("app/models.py", 4, "messages", "SQLAlchemy Table()"),
    ("app/django_models.py", 2, "messages", "Django db_table"),
    ("app/django_models.py", 3, "user_id", "Django db_column"),
    ("app/message.rb", 2, "messages", "Rails self.table_name"),
    ("prisma/schema.prisma", 6, "user_id", "Prisma @map"),
    ("prisma/schema.prisma", 3, "messages", "Prisma @@map"),
    ("web/entity.ts", 1, "messages", "TypeORM @Entity"),
    ("web/entity.ts", 3, "messages", "TypeORM @Entity"),
    ("web/supabase.ts", 1, "messages", "Supabase/Knex .from()"),
    ("web/knex.js", 1, "messages", "Knex table call"),
    ("web/knex.js", 2, "messages", "Knex table call"),
    ("web/knex.js", 3, "messages", "Kysely table call"),
    ("web/knex.js", 4, "messages", "Kysely table call"),
    ("app/queries.py", 1, "messages", "SQL"),
    ("app/queries.py", 2, "User", "SQL"),
    ("app/queries.py", 3, "User", "SQL"),
    ("app/queries.py", 4, "messages", "SQL"),
    ("app/queries.py", 5, "user_id", "SQL (table.column)"),  # p: an alias of projects
    ("app/queries.py", 6, "user_id", "SQL (table.column)"),
    ("app/queries.py", 7, "ai_jobs", "SQL"),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    write_files(
        root,
        {
            "dbnamelint.yaml": CONFIG,
            "whitelist.yaml": WHITELIST,
            "db/schema/001_init.sql": SCHEMA,
            ".gitignore": "build/\n",
            "build/generated.py": 'X = "SELECT * FROM messages"\n',
            **APP,
        },
    )
    (root / "app/blob.bin").write_bytes(b"\x00\x01SELECT * FROM messages\x00")
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    return root


def _impact(root: Path, **kwargs: Any) -> Any:
    settings = load_settings(root, None, (), (), ())
    return collect_impact(settings, root, **kwargs)


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["impact", *args])
    return result.exit_code, result.stdout, result.stderr


def test_each_mapping_style_is_high_confidence(repo: Path) -> None:
    impact = _impact(repo)
    high = {
        (r.path, r.line, r.name, r.context) for r in impact.references if r.confidence == "high"
    }
    assert high == HIGH


def test_negatives(repo: Path) -> None:
    impact = _impact(repo)
    negatives = [r for r in impact.references if r.path == "app/negatives.py"]
    # Only the comment (line 2) and the bare word (line 8) mention the table,
    # both as plain text; messages_count, archive.messages, self.messages,
    # user/User() and class Messages are no references at all.
    assert [(r.line, r.confidence, r.context) for r in negatives] == [
        (2, "plain", "comment"),
        (8, "plain", "text"),
    ]


def test_schema_gitignored_untracked_and_binary_files_are_not_searched(repo: Path) -> None:
    (repo / "app/new_file.py").write_text('Q = "SELECT * FROM messages"\n', encoding="utf-8")
    paths = {r.path for r in _impact(repo).references}
    assert "db/schema/001_init.sql" not in paths
    assert "build/generated.py" not in paths
    assert "app/blob.bin" not in paths
    assert "app/new_file.py" not in paths
    assert "app/new_file.py" in {r.path for r in _impact(repo, untracked=True).references}
    assert "build/generated.py" not in {r.path for r in _impact(repo, untracked=True).references}


def test_renamed_objects_previous_names_count(repo: Path) -> None:
    impact = _impact(repo)
    (renamed,) = [o for o in impact.objects if o.target.renamed]
    assert renamed.target.old_names == ("ai_jobs",)
    assert renamed.target.target == "assistant_jobs"
    assert [(r.path, r.line) for r in renamed.references] == [("app/queries.py", 7)]


def test_api_for_the_migration_generator(repo: Path) -> None:
    impact = _impact(repo)
    assert impact.referenced_names() == {"messages", "user", "user_id", "ai_jobs"}
    assert {o.target.name for o in impact.referenced()} == {
        "messages",
        '"User"',
        "projects.user_id",
        "assistant_jobs",
    }
    assert impact.references_per_phase() == {"1": 16, "2": 5, "": 1}


def test_phase_filter_and_text_totals(repo: Path) -> None:
    code, out, err = _invoke("--phase", "2")
    assert code == 0, err
    assert "Phase 2: Projects: 6 references in 4 files" in out
    assert "messages" not in out
    code, _, err = _invoke("--phase", "9")
    assert code == 2
    assert "unknown phase '9' (phases: 1, 2)" in err


def test_text_report_groups_per_phase_object_and_file(repo: Path) -> None:
    code, out, _ = _invoke("--min-confidence", "high")
    assert code == 0
    assert "Phase 1: Messaging: 16 references in 8 files" in out
    assert (
        "  table messages -> comms_messages: 14 references in 8 files (14 high confidence)" in out
    )
    assert "    app/queries.py (2)" in out
    assert "      app/queries.py:4:28: high [SQL] QUALIFIED = " in out
    assert "Total: 22 references in 8 files (22 high confidence, 0 plain text)" in out


def test_json_markdown_and_sarif(repo: Path) -> None:
    code, out, _ = _invoke("--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["summary"]["references"] == 25
    assert document["summary"]["high"] == 22
    (phase1, phase2, other) = document["phases"]
    assert (phase1["phase"], phase1["references"]) == ("1", 18)
    assert (phase2["phase"], phase2["references"]) == ("2", 6)
    assert other["phase"] is None
    item = next(i for i in phase1["objects"][0]["items"] if i["path"] == "app/queries.py")
    assert item == {
        "path": "app/queries.py",
        "line": 1,
        "column": 22,
        "end_column": 30,
        "name": "messages",
        "confidence": "high",
        "context": "SQL",
        "text": 'ALL = "SELECT * FROM messages"',
        "shared_with": [],
        "refused": None,
        "ddl": None,
    }
    _, md, _ = _invoke("--format", "markdown")
    assert md.startswith("## Old names still in code: 25 references in 9 files\n")
    assert "| table `messages` | `comms_messages` | 16 | 14 | 9 |" in md


def test_sarif_is_valid(repo: Path) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    validator = Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    _, out, _ = _invoke("--format", "sarif")
    document = json.loads(out)
    assert sorted(validator.iter_errors(document), key=str) == []
    results = document["runs"][0]["results"]
    assert len(results) == 25
    first = next(
        r
        for r in results
        if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/queries.py"
    )
    assert first["level"] == "warning"
    assert first["locations"][0]["physicalLocation"]["region"]["startColumn"] == 28
    # The validator does reject a broken document (the check can fail).
    del first["message"]
    assert list(validator.iter_errors(document))


def test_diff_applies_with_git_and_writes_nothing(repo: Path) -> None:
    before = {name: (repo / name).read_text(encoding="utf-8") for name in APP}
    code, patch, err = _invoke("--diff")
    assert code == 0, err
    assert {name: (repo / name).read_text(encoding="utf-8") for name in APP} == before
    assert '+    __tablename__ = "comms_messages"\n' in patch
    assert '+QUALIFIED = "UPDATE public.comms_messages SET body = %s"\n' in patch
    assert "+USERS = 'SELECT * FROM \"users\"'\n" in patch
    (repo / "fix.patch").write_text(patch, encoding="utf-8")
    git(repo, "apply", "--check", "fix.patch")
    git(repo, "apply", "fix.patch")
    (repo / "fix.patch").unlink()
    after = _impact(repo)
    assert [r for r in after.references if r.confidence == "high"] == []
    negatives = (repo / "app/negatives.py").read_text(encoding="utf-8")
    assert negatives == APP["app/negatives.py"]  # plain text is never rewritten
    assert (repo / "app/queries.py").read_text(encoding="utf-8").splitlines()[6] == (
        'JOBS = "SELECT * FROM assistant_jobs"'
    )


def test_diff_keeps_crlf_and_missing_final_newline(repo: Path) -> None:
    (repo / "app/crlf.py").write_bytes(b'A = "SELECT 1"\r\nB = "SELECT * FROM messages"\r\n')
    (repo / "app/tail.py").write_bytes(b'B = "SELECT * FROM messages"')
    commit_all(repo, "more")
    # click's test runner turns CRLF into LF in .stdout; the bytes are what a shell gets
    result = CliRunner().invoke(cli, ["impact", "--diff", "app/crlf.py", "app/tail.py"])
    (repo / "fix.patch").write_bytes(result.stdout_bytes)
    git(repo, "apply", "fix.patch")
    assert (repo / "app/crlf.py").read_bytes() == (
        b'A = "SELECT 1"\r\nB = "SELECT * FROM comms_messages"\r\n'
    )
    assert (repo / "app/tail.py").read_bytes() == b'B = "SELECT * FROM comms_messages"'


def test_missing_path_is_a_usage_error(repo: Path) -> None:
    code, _, err = _invoke("nowhere/")
    assert code == 2
    assert err == "nowhere/:1:1: DBN002 error: no such file or directory\n"


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": CONFIG,
            "whitelist.yaml": WHITELIST,
            "db/schema/001_init.sql": SCHEMA,
            "app/q.py": 'Q = "SELECT * FROM messages"\n',
        },
    )
    monkeypatch.chdir(tmp_path)
    impact = _impact(tmp_path)
    assert [(r.path, r.line, r.confidence) for r in impact.references] == [("app/q.py", 1, "high")]


# --------------------------------------------------------------------------
# The bundled examples
# --------------------------------------------------------------------------


def _example_impact(
    folder: Path, monkeypatch: pytest.MonkeyPatch, paths: tuple[str, ...] = ()
) -> Any:
    monkeypatch.chdir(folder)
    settings = load_settings(folder, None, (), (), ())
    return collect_impact(settings, folder, paths=paths)


def _tracked(path: Path) -> bool:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--error-unmatch", str(path)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def test_seed_001_example_counts_13_references_in_4_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = ROOT / "examples" / "dba-domains"
    if not _tracked(folder / "src/hooks/useAiJobs.ts"):
        pytest.skip("not a git checkout of dbnamelint")
    impact = _example_impact(folder, monkeypatch)
    phase1 = [o for o in impact.objects if o.target.renamed and o.count("high")]
    assert {o.target.old_names[0]: o.count("high") for o in phase1} == {
        "messages": 3,
        "ai_jobs": 10,
    }
    files = {r.path for o in phase1 for r in o.references if r.confidence == "high"}
    assert len(files) == 4
    assert impact.references_per_phase()["2"] == 3  # profiles, leads, contacts in src/lib/crm.ts


def test_cora_example_references_per_phase(monkeypatch: pytest.MonkeyPatch) -> None:
    if not _tracked(ROOT / "examples/cora/module-ws/backend/lambdas/workspace/lambda_function.py"):
        pytest.skip("not a git checkout of dbnamelint")
    impact = _example_impact(ROOT, monkeypatch, ("examples/cora",))
    assert impact.references_per_phase() == {"1": 3, "3": 5, "5": 0, "": 1}
    per_object = {o.target.old_names[0]: o.count("high") for o in impact.objects if o.references}
    assert per_object == {
        "sys_idp_config": 2,
        "sys_idp_audit_log": 1,
        "ws_configs": 2,
        "ws_org_settings": 1,
        "ws_activity_log": 2,
        "sys_lambda_config": 1,
    }


def test_migrate_views_only_where_code_still_references(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ROOT / "examples" / "dba-domains"
    if not _tracked(folder / "src/lib/crm.ts"):
        pytest.skip("not a git checkout of dbnamelint")
    monkeypatch.chdir(folder)
    everything = CliRunner().invoke(cli, ["migrate", "--phase", "2"])
    referenced = CliRunner().invoke(cli, ["migrate", "--phase", "2", "--views-where-referenced"])
    assert (everything.exit_code, referenced.exit_code) == (0, 0), referenced.stderr
    created = re.findall(r'^CREATE VIEW "(\w+)"', referenced.stdout, re.M)
    # src/lib/crm.ts reads profiles, leads and contacts; the other 13 are unused.
    assert created == ["profiles", "leads", "contacts"]
    assert len(re.findall(r"^CREATE VIEW ", everything.stdout, re.M)) == 16


def test_migrate_views_where_referenced_on_cora(monkeypatch: pytest.MonkeyPatch) -> None:
    lambda_file = ROOT / "examples/cora/module-ws/backend/lambdas/workspace/lambda_function.py"
    if not _tracked(lambda_file):
        pytest.skip("not a git checkout of dbnamelint")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "3", "--views-where-referenced"])
    assert result.exit_code == 0, result.stderr
    # The workspace Lambda queries all three phase-3 tables.
    created = re.findall(r'^CREATE VIEW "(\w+)"', result.stdout, re.M)
    assert sorted(created) == ["ws_activity_log", "ws_configs", "ws_org_settings"]
