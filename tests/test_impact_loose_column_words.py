"""``dbnamelint impact`` on a column named with a common English word.

paperless-ngx's ``documents_workflowactionemail.to`` had 14,845 plain-text
references in 543 files (every "to" of its prose, translations and HTTP
recordings): the counts and the burn-down were unusable (trial s38 I2). A
column's bare word as plain text counts only in a file that names one of
the column's tables; elsewhere it is counted in a note. High-confidence
places stay whatever the file names.

The note's counts are checked against the real ``git grep -o -w``.
Searches run through the real ``git grep``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import committed_repo

FILES = {
    "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
    "whitelist.yaml": (
        "phases:\n  - {id: '1', title: L, status: open}\nentries:\n"
        "  - {kind: column, name: mail_message.to, phase: '1', target: recipient}\n"
        "  - {kind: column, name: mail_message.sent_at, phase: '1', target: sent_on}\n"
    ),
    "db/schema.sql": (
        'CREATE TABLE mail_message (id int PRIMARY KEY, "to" text, sent_at timestamp);\n'
    ),
    # Prose naming the table: its words are the column's mention.
    "docs/schema.md": "The mail_message table keeps in `to` who it goes to.\n",
    # The table in sight: SQL reading the column, and a comment beside it.
    "app/send.py": (
        "def recipients(cur):\n"
        "    # who the mail_message goes to\n"
        "    cur.execute('SELECT \"to\" FROM mail_message')\n"
        "    return cur.fetchall()\n"
    ),
    # No table in sight: English.
    "README.md": (
        "# Mailer\n\nHow to install: copy it to a folder.\nTo run it, type make.\n"
        "It fills sent_at.\n"  # an identifier, not a word: the column's mention
    ),
    "locale/messages.po": 'msgid "Send to"\nmsgstr "Senden an"\n',
    # Code: its comments and docstrings are English; its other plain places stay.
    "app/util.py": (
        "def parse(s):\n"
        '    """Convert s to an int."""\n'
        "    # convert s to an int\n"
        "    return int(s, to)  # a program's word: it may be the column's, unlabelled\n"
    ),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(tmp_path / "repo", FILES, monkeypatch)


def _grep_count(root: Path, path: str) -> int:
    """The whole-word ``to`` places of ``path`` (``To`` opening a sentence is no
    spelling of the quoted, lower-case column), as git finds them."""
    done = subprocess.run(
        ["git", "grep", "-o", "-w", "to", "--", path],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return len(done.stdout.splitlines())


def test_a_common_word_column_counts_only_where_its_table_is_named(repo: Path) -> None:
    impact = collect_impact(load_settings(repo, None, (), (), ()), repo)
    (found,) = [o for o in impact.objects if o.target.name == "mail_message.to"]
    places = sorted((r.path, r.line, r.confidence) for r in found.references)
    # app/send.py names mail_message, app/util.py is code; README.md and the catalogue: neither.
    assert places == [
        ("app/send.py", 2, "plain"),
        ("app/send.py", 3, "high"),
        ("app/util.py", 4, "plain"),
        ("docs/schema.md", 1, "plain"),
        ("docs/schema.md", 1, "plain"),
    ]
    (sent,) = [o for o in impact.objects if o.target.name == "mail_message.sent_at"]
    assert [(r.path, r.line, r.confidence) for r in sent.references] == [("README.md", 5, "plain")]
    readme, catalogue = _grep_count(repo, "README.md"), _grep_count(repo, "locale/messages.po")
    util = _grep_count(repo, "app/util.py") - 1  # but the code's own word
    assert (readme, catalogue, util) == (2, 1, 2)
    (note,) = [n for n in impact.notes if n.startswith("column mail_message.to:")]
    assert note.startswith(
        f"column mail_message.to: {readme + catalogue + util} plain-text places of the bare word "
    )
    assert "in 3 files that never name mail_message (prose, data, comments) not counted" in note
    assert note.endswith(
        f"README.md ({readme}), app/util.py ({util}), locale/messages.po ({catalogue})"
    )
