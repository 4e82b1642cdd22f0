"""``impact``'s default text report lists what breaks and counts the plain text.

Trial s10-t2 #7 (shiori): tables named ``tag``, ``account`` and ``bookmark``
are words of every comment, doc page and test name, and the report listed
2,949 lines of them. By default the text report now lists the
high-confidence places and counts plain-text ones per object and per file;
``--min-confidence plain`` lists each. Expected counts are read off the files
below (the search runs through the real ``git grep``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

FILES = {
    "dbnamelint.yaml": "paths: [db/schema]\ndialect: postgres\n",
    "whitelist.yaml": 'phases:\n  - {id: "1", title: "Plurals", status: open}\nentries:\n'
    '  - {kind: table, name: tag, phase: "1", target: tags}\n'
    '  - {kind: table, name: account, phase: "1", target: accounts}\n',
    "db/schema/001_init.sql": "CREATE TABLE tag (id int PRIMARY KEY, name text);\n"
    "CREATE TABLE account (id int PRIMARY KEY);\n",
    # high: tag (line 4), account (line 5); plain: the comment's tag and account
    "app/store.go": "package app\n\n"
    "// Each tag belongs to an account.\n"
    "const q = `SELECT id FROM tag WHERE name = $1`\n"
    "const d = `DELETE FROM account WHERE id = $1`\n",
    # plain: three test names (tag)
    "app/store_test.go": 'package app\n\nimport "testing"\n\n'
    "func TestTags(t *testing.T) {\n"
    '\tt.Run("create tag", nil)\n\tt.Run("delete tag", nil)\n\tt.Run("rename tag", nil)\n}\n',
    # plain: prose (tag twice, account once)
    "docs/guide.md": "# Labels\n\nAdd a tag to a bookmark; a tag has a name.\n\n"
    "Every account has labels.\n",
    # plain: a comment (tag)
    "web/labels.js": "// pick a tag\nexport const pick = (x) => x;\n",
}

HIGH_LINES = [
    "      app/store.go:4:27: high [SQL] const q = `SELECT id FROM tag WHERE name = $1`",
    "      app/store.go:5:24: high [SQL] const d = `DELETE FROM account WHERE id = $1`",
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(tmp_path / "repo", FILES, monkeypatch)


def _impact(*args: str) -> str:
    result = CliRunner().invoke(cli, ["impact", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_default_lists_high_places_and_counts_plain_text(repo: Path) -> None:
    out = _impact()
    lines = out.splitlines()
    assert [line for line in lines if ": high [" in line] == HIGH_LINES
    assert not [line for line in lines if ": plain [" in line]
    # Totals count every place, as before.
    assert "Phase 1: Plurals: 11 references in 4 files" in lines
    assert "  table tag -> tags: 8 references in 4 files (1 high confidence)" in lines
    assert (
        "    plain text, not listed: 7 references in 4 files: app/store_test.go (3), "
        "docs/guide.md (2), app/store.go (1) and 1 more file"
    ) in lines
    assert "  table account -> accounts: 3 references in 2 files (1 high confidence)" in lines
    assert (
        "    plain text, not listed: 2 references in 2 files: app/store.go (1), docs/guide.md (1)"
    ) in lines
    total = lines.index(
        "Total: 11 references in 4 files (2 high confidence, 9 plain text); "
        "4 files matched the pre-filter"
    )
    assert lines[total + 1 : total + 6] == [
        "Plain text, not listed: 9 references in 4 files; most in:",
        "  app/store_test.go (3)",
        "  docs/guide.md (3)",
        "  app/store.go (2)",
        "  web/labels.js (1)",
    ]
    assert lines[total + 6].startswith("  --min-confidence plain lists each place")


def test_min_confidence_plain_lists_each_place_the_summary_counts(repo: Path) -> None:
    out = _impact("--min-confidence", "plain")
    listed = re.findall(r"^      ([^:\n]+):\d+:\d+: plain \[", out, re.MULTILINE)
    # The summary's per-file counts, place by place.
    assert Counter(listed) == {
        "app/store_test.go": 3,
        "docs/guide.md": 3,
        "app/store.go": 2,
        "web/labels.js": 1,
    }
    assert [line for line in out.splitlines() if ": high [" in line] == HIGH_LINES
    assert "not listed" not in out


def test_high_keeps_its_report_and_machine_formats_do_not_change(repo: Path) -> None:
    high = _impact("--min-confidence", "high")
    assert "plain" not in high.replace("0 plain text", "")
    for fmt in ("json", "sarif"):
        assert _impact("--format", fmt) == _impact("--format", fmt, "--min-confidence", "plain")


def test_markdown_lists_high_places_and_counts_plain_text(repo: Path) -> None:
    """A pull-request comment (at most 65,536 characters on GitHub) gets the
    text report's summary: the high places in the table, the plain ones counted."""
    out = _impact("--format", "markdown")
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    places = [r for r in rows if "| high (" in r or "| plain (" in r]
    assert [r.split(" | ")[0] for r in places] == ["| `app/store.go:4:27`", "| `app/store.go:5:24`"]
    assert all("| high (" in r for r in places)
    assert (
        "Plain text, not listed: 9 references in 4 files: `app/store_test.go` (3), "
        "`docs/guide.md` (3), `app/store.go` (2), `web/labels.js` (1)"
    ) in out
    assert "--min-confidence plain lists each place" in out
    # the summary table still counts every place
    assert "| table `tag` | `tags` | 8 | 1 | 4 |" in out
    full = _impact("--format", "markdown", "--min-confidence", "plain")
    listed = re.findall(r"^\| `([^:`]+):\d+:\d+` \| plain \(", full, re.MULTILINE)
    assert Counter(listed) == {
        "app/store_test.go": 3,
        "docs/guide.md": 3,
        "app/store.go": 2,
        "web/labels.js": 1,
    }
    assert "not listed" not in full


def test_one_file_matched_is_said_in_the_singular(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """confirmation s40 (miniflux): "1 files matched the pre-filter"."""
    one = {k: v for k, v in FILES.items() if not k.startswith(("docs/", "web/", "app/store_"))}
    committed_repo(tmp_path / "repo", one, monkeypatch)
    out = _impact()
    assert "; 1 file matched the pre-filter" in out, out
