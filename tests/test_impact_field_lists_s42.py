"""``impact``: a list of a model's field names is no list of tables (trial s42 plane).

plane names its tables after its models' fields (``issue``, ``project``,
``workspace``, ``cycle``, ``user`` before ``0012`` renamed them). A list of
at least three strings that are all table names counts as a table-name
list whatever its name (docs/impact.md), so Django REST framework's
``read_only_fields = ["workspace", "project", "issue"]`` and Django's
``.select_related("issue", "workspace", "project")`` were 35 ``high
[table-name list]`` references to the tables: both take field names
(Django's QuerySet API reference, ``select_related(*fields)``; DRF's
serializer docs, ``read_only_fields``), and ``impact --diff`` would have
renamed them. Not a call's arguments nor a list assigned to a name saying
``field`` or ``column``; a list iterated or compared still is.

Oracle: the documents; the search runs through the real ``git grep``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from git_helpers import committed_repo
from test_impact_contexts import _refs

SCHEMA = """\
CREATE TABLE workspace (id int PRIMARY KEY);
CREATE TABLE project (id int PRIMARY KEY);
CREATE TABLE issue (id int PRIMARY KEY);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: issue, phase: "1", target: issues}
"""
SERIALIZER = """\
class IssueLinkSerializer(BaseSerializer):
    class Meta:
        model = IssueLink
        fields = "__all__"
        read_only_fields = ["workspace", "project", "issue"]


def links(queryset):
    return queryset.select_related("issue", "workspace", "project").only(
        "workspace", "project", "issue"
    )


class Meta:
    indexes = [models.Index(fields=["workspace", "project", "issue"], name="link_idx")]


def purge(cursor):
    for table in ("workspace", "project", "issue"):
        cursor.execute(f"DELETE FROM {table}")
    scoped = ["workspace", "project", "issue"]
    return scoped
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "app/serializers.py": SERIALIZER,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def test_field_name_lists_are_not_table_lists(repo: Path) -> None:
    found = {
        (line, conf, ctx)
        for path, line, name, conf, ctx in _refs(repo)
        if path == "app/serializers.py" and name == "issue"
    }
    high = {(line, ctx) for line, conf, ctx in found if conf == "high"}
    # the loop over tables and the nameless list: tables; lines 5, 9, 10, 15: fields
    assert high == {(19, "table-name list"), (21, "table-name list")}, found
    assert {line for line, _c, _x in found} >= {5, 9, 10, 15}
