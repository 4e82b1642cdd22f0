"""``dbnamelint impact`` after trial s10-t2 (#4: high-confidence false positives).

On shiori, ``impact --diff`` rewrote ``summary: Update tag`` in the generated
``docs/swagger/swagger.yaml`` (English read as ``UPDATE tag``) and
``fp.Join("bookmark", "2", "thumb")`` in a test (``fp`` is ``path/filepath``,
read as a query builder's ``.Join``). Oracles: the YAML 1.2 spec (a plain
scalar, a key's unquoted value, is a string, as a string literal is in code);
the Go Modules Reference, "Module paths" (the standard library's import paths
have no dot in their first element) and the ``path/filepath`` documentation
(``Join`` joins path elements). Searches run through the real ``git grep``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.modpaths import go_std_packages
from git_helpers import committed_repo
from test_impact_contexts import _refs

BASE = {
    "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
    "db/001_init.sql": "CREATE TABLE tag (id int PRIMARY KEY, name text);\n"
    "CREATE TABLE bookmark (id int PRIMARY KEY);\n",
    "whitelist.yaml": 'phases:\n  - {id: "1", title: "Plurals", status: open}\nentries:\n'
    '  - {kind: table, name: tag, phase: "1", target: tags}\n'
    '  - {kind: table, name: bookmark, phase: "1", target: bookmarks}\n',
}

SWAGGER = """\
paths:
  /api/v1/tags/{id}:
    put:
      summary: Update tag
      description: Update tag information  # a comment
      tags:
      - Update tag
      - Update bookmark status
queries:
  rename: UPDATE tag SET name = 'x' WHERE id = 1
  list: select id from tag
  quoted: "Update tag"
  block: |
    SELECT id
    FROM bookmark
"""

GO_PATHS = """\
package core_test

import (
\t"os"
\tfp "path/filepath"
\t"strings"

\tsq "github.com/Masterminds/squirrel"
)

var thumb = fp.Join("bookmark", "2", "thumb")
var joined = strings.Join([]string{"tag"}, ",")
var q = sq.Select("id").From("tag")
var ins = sq.Insert("bookmark")
var j = sb.Join("tag t ON t.id = bt.tag_id")
var tmp = os.TempDir()
"""
GO_ALIAS_AS_BUILDER = """\
package store

import "github.com/huandu/go-sqlbuilder"

var fp = sqlbuilder.NewSelectBuilder()
var q = fp.From("bookmark")
"""
CSHARP = 'var dir = Path.Join("bookmark", "thumb");\nvar s = string.Join(",", "tag");\n'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        **BASE,
        "docs/swagger/swagger.yaml": SWAGGER,
        "internal/core/ebook_test.go": GO_PATHS,
        "internal/store/store.go": GO_ALIAS_AS_BUILDER,
        "tools/Thumbs.cs": CSHARP,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def test_a_yaml_value_in_english_is_plain_text_and_sql_values_stay_high(repo: Path) -> None:
    found = {(line, name, conf, ctx) for p, line, name, conf, ctx in _refs(repo) if "yaml" in p}
    assert found == {
        (4, "tag", "plain", "text"),  # summary: Update tag
        (5, "tag", "plain", "text"),  # description: Update tag information  # a comment
        (7, "tag", "plain", "text"),  # - Update tag
        (8, "bookmark", "plain", "text"),  # - Update bookmark status
        (10, "tag", "high", "SQL"),  # rename: UPDATE tag SET ...
        (11, "tag", "high", "SQL"),  # list: select id from tag
        (12, "tag", "plain", "text"),  # quoted: "Update tag"
        (15, "bookmark", "high", "SQL"),  # a block scalar's line
    }


def test_a_standard_library_call_is_no_query_builder(repo: Path) -> None:
    found = {
        (p, line, name, conf, ctx)
        for p, line, name, conf, ctx in _refs(repo)
        if p.endswith((".go", ".cs"))
    }
    assert found == {
        ("internal/core/ebook_test.go", 11, "bookmark", "plain", "text"),  # fp.Join: a path
        ("internal/core/ebook_test.go", 12, "tag", "plain", "text"),  # strings.Join
        ("internal/core/ebook_test.go", 13, "tag", "high", "Go query builder"),
        ("internal/core/ebook_test.go", 14, "bookmark", "high", "Go query builder"),
        ("internal/core/ebook_test.go", 15, "tag", "high", "Go query builder"),
        # A variable named fp in a file that imports no package as fp: a builder.
        ("internal/store/store.go", 6, "bookmark", "high", "Go query builder"),
        ("tools/Thumbs.cs", 1, "bookmark", "plain", "text"),  # C#'s Path.Join
        ("tools/Thumbs.cs", 2, "tag", "plain", "text"),
    }


def test_the_patch_leaves_english_and_paths_alone(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    patch = result.stdout
    assert "summary: Update tags" not in patch
    assert '"bookmarks", "2", "thumb"' not in patch
    assert "+  rename: UPDATE tags SET name = 'x' WHERE id = 1" in patch
    assert '+var q = sq.Select("id").From("tags")' in patch


def test_go_standard_packages_are_named_as_the_file_calls_them() -> None:
    text = (
        'package a\n\nimport "math/rand/v2"\nimport fp "path/filepath"\n\n'
        'import (\n\t"strings"\n\t_ "embed"\n\t. "fmt"\n\n'
        '\tsq "github.com/Masterminds/squirrel"\n\t"golang.org/x/sync/errgroup"\n)\n'
    )
    assert go_std_packages("a.go", text) == {"rand", "fp", "strings"}
    assert go_std_packages("a.py", text) == frozenset()
