"""``impact`` finds Eloquent's implicit pivot tables in traits and behind a ``null`` table.

koel keeps its models' relations in traits (``trait HasSongRelationships {
... return $this->belongsToMany(Playlist::class); }``, used by ``class Song
extends Model``) and names key columns with the table left to Laravel
(``belongsToMany(Playlist::class, null, 'folder_id')``). Renaming
``playlist_song`` or ``playlist_playlist_folder`` left those calls
unreported: six of koel's pivot relations (trial s42 koel). Now a trait's
call reads the table of each class using it, and a ``null`` table the
default one; ``--diff`` writes the new table in place of the ``null``.

Oracle: illuminate/database's Eloquent on PHP (Debian's 8.x, whose
``joiningTable`` is 12.x's), ``$model->relation()->getTable()`` of the same
classes, before and after the patch ``impact --diff`` writes (real ``git
apply``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files
from laravel_oracle import needs_laravel

SCHEMA = """\
CREATE TABLE songs (id int);
CREATE TABLE playlists (id int);
CREATE TABLE playlist_folders (id int);
CREATE TABLE playlist_song (playlist_id int, song_id int);
CREATE TABLE playlist_playlist_folder (playlist_id int, folder_id int);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Pivots", status: open}
entries:
  - {kind: table, name: playlist_song, phase: "1", target: playlist_songs}
  - {kind: table, name: playlist_playlist_folder, phase: "1", target: playlist_folder_items}
"""
TRAIT = """\
<?php

namespace App\\Models\\Concerns;

use App\\Models\\Playlist;
use Illuminate\\Database\\Eloquent\\Relations\\BelongsToMany;

trait HasSongRelationships
{
    public function playlists(): BelongsToMany
    {
        return $this->belongsToMany(Playlist::class);
    }
}
"""
SONG = """\
<?php

namespace App\\Models;

use App\\Models\\Concerns\\HasSongRelationships;
use Illuminate\\Database\\Eloquent\\Model;

class Song extends Model
{
    use HasSongRelationships;
}
"""
PLAYLIST = """\
<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Model;

class Playlist extends Model
{
}
"""
FOLDER = """\
<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Model;

class PlaylistFolder extends Model
{
    public function playlists()
    {
        return $this->belongsToMany(Playlist::class, null, 'folder_id');
    }
}
"""
MODELS = {
    "app/Models/Concerns/HasSongRelationships.php": TRAIT,
    "app/Models/Song.php": SONG,
    "app/Models/Playlist.php": PLAYLIST,
    "app/Models/PlaylistFolder.php": FOLDER,
}
ORACLE = """\
<?php
require_once 'Illuminate/Database/autoload.php';
use Illuminate\\Database\\Capsule\\Manager as Capsule;
$capsule = new Capsule;
$capsule->addConnection(['driver' => 'sqlite', 'database' => ':memory:']);
$capsule->setAsGlobal();
$capsule->bootEloquent();
foreach (['Playlist', 'Concerns/HasSongRelationships', 'Song', 'PlaylistFolder'] as $f) {
    require "app/Models/$f.php";
}
echo json_encode([
    'song' => (new App\\Models\\Song)->playlists()->getTable(),
    'folder' => (new App\\Models\\PlaylistFolder)->playlists()->getTable(),
]);
"""


def _tables(root: Path) -> dict[str, str]:
    done = subprocess.run(
        ["php", "-r", ORACLE.removeprefix("<?php\n")],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, str] = json.loads(done.stdout)
    return found


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/schema.sql": SCHEMA,
        **MODELS,
    }
    write_files(root, files)
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    return root


def test_the_trait_and_the_null_table_are_references(repo: Path) -> None:
    """Before: neither call was a reference."""
    impact = collect_impact(load_settings(repo, None, (), (), ()), repo)
    found = sorted(
        (r.path, r.line, r.column, r.name, r.confidence, r.target.name)
        for r in impact.references
        if r.context == "Eloquent pivot table (convention)"
    )
    assert found == [
        ("app/Models/Concerns/HasSongRelationships.php", 12, 37, "Playlist::class", "high",
         "playlist_song"),
        ("app/Models/PlaylistFolder.php", 11, 37, "Playlist::class", "high",
         "playlist_playlist_folder"),
    ]  # fmt: skip


@needs_laravel
def test_the_patch_makes_eloquent_read_the_new_tables(repo: Path) -> None:
    """Before: the patch left both calls, which read the old tables."""
    assert _tables(repo) == {"song": "playlist_song", "folder": "playlist_playlist_folder"}
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "impact.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "impact.patch")
    assert _tables(repo) == {"song": "playlist_songs", "folder": "playlist_folder_items"}
