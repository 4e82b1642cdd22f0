"""A Rails view template is application code, whatever its folder is named.

Trial s21 (openstreetmap-website): ``app/views/api/changesets/_changeset.xml.builder``
was listed as migration history (never counted, never patched) because its
folder ``changesets`` is one of Liquibase's names, while the same template
under ``app/views/notes/`` was counted. A folder name alone makes no app code
history: a view template (``.builder``, ``.erb``, ``.haml``...) is code, and
code is history only when shaped as one migration; Liquibase's folder names
make history only of Liquibase's formats, and not below ``app/``. The search
runs through the real ``git grep``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from dbnamelint.impact.history import is_migration
from git_helpers import committed_repo


@pytest.mark.parametrize(
    ("path", "history"),
    [
        ("app/views/api/changesets/_changeset.xml.builder", False),
        ("app/views/changesets/show.html.erb", False),
        ("app/views/changesets/index.json.jbuilder", False),
        ("app/views/changelogs/show.html.haml", False),
        ("app/views/migrations/show.html.erb", False),
        ("lib/changesets/upload.rb", False),
        ("src/components/changelog/Entry.vue", False),
        ("app/assets/changesets/data.json", False),
        # Liquibase's own files stay history.
        ("src/main/resources/db/changelog/changes.xml", True),
        ("src/main/resources/db/changelog/changes.yaml", True),
        ("db/changesets/001-users.sql", True),
        ("db/changelog/README.md", True),
        ("db/migrate/notes.txt", True),
        ("db/migrate/20240101120000_create_users.rb", True),
    ],
)
def test_a_folder_name_alone_makes_no_app_code_history(path: str, history: bool) -> None:
    assert is_migration(path) is history


BUILDER = 'xml.acl(:table => "acls")\n'
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy names", status: open}
entries:
  - {kind: table, name: acls, rules: [DBN107], phase: "1", target: access_control_lists}
"""


def test_impact_counts_a_view_template_in_either_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": (
                "paths: [db]\nrules:\n  table-legacy-name:\n"
                "    options:\n      names: {acls: access_control_lists}\n"
            ),
            "whitelist.yaml": WHITELIST,
            "db/structure.sql": "CREATE TABLE acls (id bigint PRIMARY KEY, k text);\n",
            "app/views/api/changesets/_changeset.xml.builder": BUILDER,
            "app/views/notes/_note.xml.builder": BUILDER,
        },
        monkeypatch,
    )
    impact = collect_impact(load_settings(root, None, (), (), ()), root)
    assert sorted({r.path for r in impact.references}) == [
        "app/views/api/changesets/_changeset.xml.builder",
        "app/views/notes/_note.xml.builder",
    ]
    assert [path for path, _ in impact.history_files()] == []
