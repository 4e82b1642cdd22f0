"""A Go model's ``TableName()`` method names its table (trial s11b #2, gophish).

GORM (its ``Tabler`` interface, "Conventions > TableName"), xorm and Beego's
ORM read a model's table from ``func (m Model) TableName() string`` when it
exists: gophish's ``func (im IMAP) TableName() string { return "imap" }`` is
how every IMAP query finds its table, though no query names it. ``impact``
counted that string as plain text, so ``--views-where-referenced`` made no
``imap`` view and ``migrate --cleanup`` would drop it while the app still
read it. The oracle is GORM's documented contract (the returned string is the
table's name) and real git: the patch applies with ``git apply``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json
from impact_notes import views_then_refused_cleanup

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = (
    "CREATE TABLE imap (id int PRIMARY KEY);\nCREATE TABLE smtp (id int PRIMARY KEY);\n"
    "CREATE TABLE pages (id int PRIMARY KEY);\nCREATE TABLE results (id int PRIMARY KEY);\n"
    "CREATE TABLE events (id int PRIMARY KEY);\n"
)
RENAMES = {
    "imap": "imap_settings",
    "smtp": "sending_profiles",
    "pages": "landing_pages",
    "results": "campaign_results",
    "events": "timeline_events",
}
WHITELIST = 'phases:\n  - {id: "1", title: "Names", status: open}\nentries:\n' + "".join(
    f'  - {{kind: table, name: {old}, phase: "1", target: {new}}}\n' for old, new in RENAMES.items()
)

#: gophish's own method, on lines of its own.
IMAP = """\
package models

// TableName specifies the database tablename for Gorm to use
func (im IMAP) TableName() string {
	return "imap"
}

func (im *IMAP) Validate() error {
	return nil
}
"""
#: One line, a pointer receiver and no receiver name; the string through a
#: constant of the file whose name does not say "table".
SMTP = """\
package models

const (
	smtpName string = "smtp" // GORM reads this
)

func (*SMTP) TableName() string { return smtpName }
"""
#: Several returns, a comment, a schema-qualified name, GORM's TablerWithNamer
#: signature and a generic receiver; a built name is not followed.
PAGES = """\
package models

func (p *Page[T]) TableName(namer schema.Namer) string {
	// return "events" was the old table
	if p.Archived {
		return `results`
	}
	name := "public.pages"
	return name
}

func (e Event) TableName() string {
	return "events" + suffix
}

func label() string {
	return "events"
}
"""


#: gophish's models.go imports GORM: the files of its package that import
#: no ORM (imap.go, smtp.go, page.go) are labelled by it.
DB = """\
package models

import "github.com/jinzhu/gorm"

var db *gorm.DB
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "models/models.go": DB,
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "models/imap.go": IMAP,
        "models/smtp.go": SMTP,
        "models/page.go": PAGES,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs() -> list[tuple[str, str, int, int, str, str]]:
    data = impact_json()
    return sorted(
        (obj["name"], i["path"], i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
    )


def test_the_strings_table_name_methods_return_are_high_confidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    assert _refs() == [
        # The comment, the built name and another function's string stay plain,
        # and so do the Go type names (IMAP, SMTP).
        ("events", "models/page.go", 4, 13, "plain", "comment"),
        ("events", "models/page.go", 13, 10, "plain", "text"),
        ("events", "models/page.go", 17, 10, "plain", "text"),
        ("imap", "models/imap.go", 4, 10, "plain", "text"),
        ("imap", "models/imap.go", 5, 10, "high", "GORM TableName()"),
        ("imap", "models/imap.go", 8, 11, "plain", "text"),
        ("pages", "models/page.go", 8, 18, "high", "GORM TableName()"),
        ("results", "models/page.go", 6, 11, "high", "GORM TableName()"),
        ("smtp", "models/smtp.go", 4, 21, "high", "GORM TableName()"),
        ("smtp", "models/smtp.go", 7, 8, "plain", "text"),
    ]


def test_diff_renames_the_returned_strings_and_git_applies_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    assert (root / "models/imap.go").read_text() == IMAP.replace('"imap"', '"imap_settings"')
    assert (root / "models/smtp.go").read_text() == SMTP.replace('"smtp"', '"sending_profiles"')
    assert (root / "models/page.go").read_text() == PAGES.replace(
        "`results`", "`campaign_results`"
    ).replace('"public.pages"', '"public.landing_pages"')
    # GORM quotes the table name itself: no note to quote it by hand.
    assert "quote it" not in result.stderr


def test_views_and_cleanup_count_the_method_as_a_use_of_the_old_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    plan, refusal = views_then_refused_cleanup(root)
    assert 'CREATE VIEW "imap" AS SELECT * FROM "imap_settings";' in plan
    assert "code still uses imap, pages, results, smtp (4 high-confidence references: " in (refusal)
    assert "models/imap.go:5 (imap)" in refusal
