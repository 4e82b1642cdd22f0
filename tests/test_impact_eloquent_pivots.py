"""``dbnamelint impact`` finds Eloquent's implicit pivot tables.

``$this->belongsToMany(Tag::class)`` in ``class Post extends Model`` reads
``post_tag``, a name the code never spells: illuminate/database's
``joiningTable`` (Eloquent/Concerns/HasRelationships.php) sorts the two
models' ``Str::snake(class_basename(...))`` and joins them with ``_``.
Renaming ``post_tag`` left the call unreported, and the app then reads a
compatibility view, or nothing once it is dropped.

Oracle: illuminate/database 12.x on PHP 8.2 (the trial s30 runner's
sources, ``(new Post)->rel()->getTable()`` for ``belongsToMany(Tag::class)``
in namespace ``App\\Models``) gave :data:`ILLUMINATE`. Searches run through
the real ``git grep``; the patch through the real ``git apply``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files

#: (model, related) -> the pivot table illuminate/database 12.x gave.
ILLUMINATE = {
    ("Post", "Tag"): "post_tag",
    ("UserRole", "Permission"): "permission_user_role",
    ("HTMLPage", "Tag"): "h_t_m_l_page_tag",
    ("User", "UserGroup"): "user_user_group",
    ("Zebra", "Apple"): "apple_zebra",
    ("Account", "AccountMeta"): "account_account_meta",
    ("TagItem", "Tag_item"): "tag_item_tag_item",
}


@pytest.mark.parametrize(("pair", "table"), list(ILLUMINATE.items()))
def test_joining_table_is_illuminates(pair: tuple[str, str], table: str) -> None:
    from dbnamelint.impact.eloquent import joining_table

    assert joining_table(*pair) == table


SCHEMA = """\
CREATE TABLE posts (id int);
CREATE TABLE tags (id int);
CREATE TABLE post_tag (post_id int, tag_id int);
CREATE TABLE permissions (id int);
CREATE TABLE user_roles (id int);
CREATE TABLE permission_user_role (permission_id int, user_role_id int);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Pivots", status: open}
entries:
  - {kind: table, name: post_tag, phase: "1", target: posts_tags}
  - {kind: table, name: permission_user_role, phase: "1", target: role_permissions}
"""
POST = """\
<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Model;

class Post extends Model
{
    public function tags()
    {
        return $this->belongsToMany(Tag::class);
    }
}
"""
USER_ROLE = """\
<?php

namespace App\\Models;

class UserRole extends \\Illuminate\\Database\\Eloquent\\Model
{
    public function permissions()
    {
        return $this->belongsToMany('App\\Models\\Permission');
    }

    public function tags()
    {
        return $this->belongsToMany(\\App\\Models\\Tag::class, 'post_tag');
    }

    public function roles()
    {
        return $this->belongsToMany(Role::class, 'permission_user_role', 'user_role_id', 'x');
    }

    public function taggedPosts()
    {
        return $this->morphedByMany(Post::class, 'taggable', 'post_tag');
    }

    public function labels()
    {
        // the second argument of morphToMany is the morph name, not a table
        return $this->morphToMany(Tag::class, 'post_tag');
    }
}
"""
# Overrides its half of the name: not counted.
TAG = """\
<?php

namespace App\\Models;

class Tag extends Model
{
    public function joiningTableSegment()
    {
        return 'label';
    }

    public function posts()
    {
        return $this->belongsToMany(Post::class);
    }
}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    write_files(
        root,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "db/schema.sql": SCHEMA,
            "app/Models/Post.php": POST,
            "app/Models/UserRole.php": USER_ROLE,
            "app/Models/Tag.php": TAG,
        },
    )
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    return root


def test_implicit_pivot_tables_are_references(repo: Path) -> None:
    impact = collect_impact(load_settings(repo, None, (), (), ()), repo)
    label = "Eloquent pivot table (convention)"
    relation = "Eloquent relation table"
    found = sorted(
        (r.path, r.line, r.column, r.name, r.confidence, r.context, r.target.name)
        for r in impact.references
        if r.path.endswith(".php")
    )
    assert found == [
        ("app/Models/Post.php", 11, 37, "Tag::class", "high", label, "post_tag"),
        ("app/Models/UserRole.php", 9, 37, "'App\\Models\\Permission'", "high", label,
         "permission_user_role"),
        # a written table: belongsToMany's second argument, morphedByMany's third
        # (HasRelationships.php's signatures; trial s37 BookStack P4)
        ("app/Models/UserRole.php", 14, 62, "post_tag", "high", relation, "post_tag"),
        ("app/Models/UserRole.php", 19, 51, "permission_user_role", "high", relation,
         "permission_user_role"),
        ("app/Models/UserRole.php", 24, 63, "post_tag", "high", relation, "post_tag"),
        # morphToMany's second argument is the morph name: a literal, plain text
        ("app/Models/UserRole.php", 30, 48, "post_tag", "plain", "text", "post_tag"),
    ]  # fmt: skip


def test_diff_writes_the_new_table_as_the_second_argument(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "impact.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "impact.patch")
    post = (repo / "app/Models/Post.php").read_text(encoding="utf-8")
    assert "return $this->belongsToMany(Tag::class, 'posts_tags');" in post
    role = (repo / "app/Models/UserRole.php").read_text(encoding="utf-8")
    assert "belongsToMany('App\\Models\\Permission', 'role_permissions');" in role
