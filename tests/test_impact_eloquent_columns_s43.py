"""``dbnamelint impact`` finds an Eloquent model's renamed column in PHP strings.

After LinkAce renamed ``settings.key`` to ``setting_key``, ``impact`` said
0 references (54 plain-text places, none listed) and ``burndown`` said the
phase was finished, while the model's ``$fillable``,
``Setting::updateOrCreate(['key' => ...])``, ``->pluck('value', 'key')``,
``->where('key', ...)`` and ``$setting->key`` all still named ``key``
(trial s43 LinkAce). The fixture below is written on LinkAce's idioms
(``public $table = 'settings'``, scopes on a ``Builder $query``, Laravel's
testing ``assertDatabaseHas``), with a model named by convention
(``Revision``: ``revisions``) and a third table with its own ``key`` column,
never renamed, which no place may be counted for.

Oracles: illuminate/database on PHP (Debian's ``php-illuminate-database``)
runs the code on SQLite after the renames: it fails before the patch
(``table settings has no column named key``) and returns the rows after it, each column string
the patch rewrote read by Eloquent as the renamed column; ``php -l`` on the
patched files; the real ``git apply``. What is left plain (a config array's
``'key'``, an array read ``$item['key']``, a variable of unknown class) is
what Laravel's documents give no column there (the config repository, PHP
arrays).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env, write_files
from laravel_oracle import needs_laravel

RUN = Path(__file__).parent / "laravel" / "run_queries.php"

INIT = (
    "CREATE TABLE settings (id INTEGER PRIMARY KEY, user_id INTEGER, key TEXT, value TEXT);\n"
    "CREATE TABLE revisions (id INTEGER PRIMARY KEY, key TEXT, old_value TEXT);\n"
    "CREATE TABLE links (id INTEGER PRIMARY KEY, key TEXT, url TEXT);\n"
)
RENAME = (
    "ALTER TABLE settings RENAME COLUMN key TO setting_key;\n"
    "ALTER TABLE revisions RENAME COLUMN key TO revision_key;\n"
)
SETTING = """<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Builder;
use Illuminate\\Database\\Eloquent\\Model;

class Setting extends Model
{
    public $table = 'settings';

    public $timestamps = false;

    public $fillable = [
        'user_id',
        'key',
        'value',
    ];

    protected $casts = ['user_id' => 'integer', 'key' => 'string'];

    public function scopeSystemOnly(Builder $query): Builder
    {
        return $query->whereNull('user_id');
    }

    public function scopeNamed(Builder $query, string $name): Builder
    {
        return $query->where('key', $name);
    }
}
"""
REVISION = """<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Model;

class Revision extends Model
{
    public $timestamps = false;

    protected $guarded = ['id'];

    protected $hidden = array('key');
}
"""
LINK = """<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Model;

class Link extends Model
{
    public $table = 'links';

    public $timestamps = false;

    public $fillable = ['key', 'url'];
}
"""
QUERIES = """<?php

use App\\Models\\Link;
use App\\Models\\Revision;
use App\\Models\\Setting;
use Illuminate\\Support\\Facades\\DB;

function queries(): array
{
    foreach (['a' => '1', 'b' => '2'] as $key => $value) {
        Setting::updateOrCreate([
            'key' => $key,
            'user_id' => null,
        ], [
            'key' => $key,
            'value' => $value,
        ]);
    }
    Setting::create(['key' => 'c', 'value' => '3', 'user_id' => 5]);
    Revision::insert([
        ['key' => 'url', 'old_value' => 'x'], ['key' => 'title', 'old_value' => 'y'],
    ]);
    Link::create(['key' => 'k1', 'url' => 'https://x']);
    $named = Setting::named('b')->first();
    $query = Revision::where('old_value', 'x');
    $query->orderBy('key');
    $either = Setting::where(function ($q) {
        $q->where('key', 'a')->orWhere('value', '3');
    })->count();
    return [
        $either,
        Setting::systemOnly()->get()->pluck('value', 'key')->all(),
        Setting::where('key', 'c')->value('user_id'),
        $named->value,
        $query->pluck('key')->all(),
        DB::table('settings')->where('key', 'a')->value('value'),
        Link::where('key', 'k1')->value('url'),
        array_keys(Revision::first()->toArray()),
    ];
}
"""
ATTRIBUTES = """<?php

namespace App\\Http\\Controllers;

use App\\Models\\Setting;

class SettingController
{
    public function show(Setting $setting): string
    {
        return $setting->key;
    }

    public function all(): array
    {
        $out = [];
        foreach (Setting::all() as $one) {
            $out[] = $one->key;
        }
        $first = Setting::where('user_id', null)->first();
        $out[] = $first?->key;
        return $out;
    }

    public function unknown($row, array $item): array
    {
        return [$row->key, $item['key'], $row->where('key', 1)];
    }
}
"""
CONFIG = """<?php

return [
    'key' => env('APP_KEY'),
    'cache' => ['key' => 'spatie.permission.cache'],
];
"""
TEST = """<?php

namespace Tests;

use App\\Models\\Setting;

class SettingsTest extends TestCase
{
    public function testSaved(): void
    {
        $this->assertDatabaseHas('settings', [
            'user_id' => null,
            'key' => 'system_page_title',
        ]);
        $this->assertDatabaseMissing(Setting::class, ['key' => 'gone']);
        $this->assertDatabaseHas('links', ['key' => 'k1']);
        $rows = \\Illuminate\\Support\\Facades\\DB::table('settings')->get(['id', 'key']);
        $map = Setting::pluck('value', 'key');
        $this->assertSame('1', $map->get('key'));
    }
}
"""
FILES = {
    "dbnamelint.yaml": "paths: [db/migrations]\ndialect: sqlite\n",
    "db/migrations/001_init.sql": INIT,
    "db/migrations/002_rename.sql": RENAME,
    "app/Models/Setting.php": SETTING,
    "app/Models/Revision.php": REVISION,
    "app/Models/Link.php": LINK,
    "app/Queries.php": QUERIES,
    "app/Http/Controllers/SettingController.php": ATTRIBUTES,
    "config/app.php": CONFIG,
    "tests/SettingsTest.php": TEST,
}


def _line(path: str, snippet: str, nth: int = 0) -> int:
    lines = [n for n, one in enumerate(FILES[path].splitlines(), 1) if snippet in one]
    return lines[nth]


#: (path, line, object, context) of each high-confidence place.
SETTING_LABEL = "PHP (Eloquent model Setting)"
REVISION_LABEL = "PHP (Eloquent model Revision)"
TABLE_LABEL = "PHP (Laravel table settings)"
_S, _R = ("settings.setting_key", SETTING_LABEL), ("revisions.revision_key", REVISION_LABEL)
_T = ("settings.setting_key", TABLE_LABEL)
_M, _Q, _TEST = "app/Models/", "app/Queries.php", "tests/SettingsTest.php"
HIGH = {
    (path, _line(path, snippet, nth), *owner)
    for path, snippet, nth, owner in [
        (_M + "Setting.php", "'key',", 0, _S),
        (_M + "Setting.php", "$casts", 0, _S),
        (_M + "Setting.php", "where('key'", 0, _S),
        (_M + "Revision.php", "$hidden", 0, _R),
        (_Q, "'key' => $key", 0, _S),
        (_Q, "'key' => $key", 1, _S),
        (_Q, "Setting::create", 0, _S),
        (_Q, "['key' => 'url'", 0, _R),
        (_Q, "orderBy('key')", 0, _R),
        (_Q, "pluck('value', 'key')", 0, _S),
        (_Q, "Setting::where('key'", 0, _S),
        (_Q, "$query->pluck('key')", 0, _R),
        (_Q, "$q->where('key'", 0, _S),
        (_Q, "DB::table('settings')", 0, _T),
        (_TEST, "'system_page_title'", 0, _T),
        (_TEST, "Setting::class", 0, _S),
        (_TEST, "get(['id', 'key'])", 0, _T),
        (_TEST, "Setting::pluck", 0, _S),
    ]
}
#: Attributes on a model instance whose class is evident: listed, not patched.
ATTRIBUTE = "PHP (Eloquent model Setting, attribute)"
ATTRIBUTE_LINES = {
    _line("app/Http/Controllers/SettingController.php", "$setting->key"),
    _line("app/Http/Controllers/SettingController.php", "$one->key"),
    _line("app/Http/Controllers/SettingController.php", "$first?->key"),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    write_files(root, FILES)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _items() -> list[dict[str, object]]:
    done = CliRunner().invoke(cli, ["impact", "--format", "json", "--min-confidence", "plain"])
    assert done.exit_code == 0, done.output
    return [
        {**item, "object": obj["name"]}
        for phase in json.loads(done.stdout)["phases"]
        for obj in phase["objects"]
        for item in obj["items"]
    ]


def test_model_column_strings_are_high_for_their_own_table(repo: Path) -> None:
    items = _items()
    high = {
        (i["path"], i["line"], i["object"], i["context"])
        for i in items
        if i["confidence"] == "high"
    }
    attributes = {(p, n) for p, n, _o, c in high if c == ATTRIBUTE}
    assert attributes == {
        ("app/Http/Controllers/SettingController.php", n) for n in ATTRIBUTE_LINES
    }
    assert {h for h in high if h[3] != ATTRIBUTE} == HIGH
    # links.key (never renamed) is no place of settings.key or revisions.key, nor
    # are a config array's key, an array read and a variable of unknown class
    places = {(i["path"], i["line"]) for i in items if i["confidence"] == "high"}
    for path, snippet in [
        ("app/Models/Link.php", "$fillable"),
        ("app/Queries.php", "Link::create"),
        ("app/Queries.php", "Link::where"),
        ("tests/SettingsTest.php", "'links'"),
        ("app/Http/Controllers/SettingController.php", "$row->key"),
        ("config/app.php", "'key' => env"),
        ("tests/SettingsTest.php", "$map->get('key')"),  # a Collection's key
    ]:
        assert (path, _line(path, snippet)) not in places, snippet


def test_burndown_counts_them(repo: Path) -> None:
    done = CliRunner().invoke(cli, ["burndown", "--format", "json"])
    assert done.exit_code == 0, done.output
    # every high reference of impact's (the attributes too; Revision::insert's
    # line holds two): the renames are not finished
    high = [i for i in _items() if i["confidence"] == "high"]
    assert len(high) == len(HIGH) + len(ATTRIBUTE_LINES) + 1
    assert json.loads(done.stdout)["code_references"] == {"(renamed)": len(high)}


def _database(root: Path) -> Path:
    """A new SQLite database the migrations make (sqlite3 runs them)."""
    path = root.parent / "app.sqlite"
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.executescript(INIT)
        db.executescript(RENAME)
    db.close()
    return path


def _run(root: Path, database: Path) -> subprocess.CompletedProcess[str]:
    models = ["app/Models/Setting.php", "app/Models/Revision.php", "app/Models/Link.php"]
    return subprocess.run(
        ["php", str(RUN), str(database), *models, "app/Queries.php"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )


@needs_laravel
def test_diff_makes_the_code_run_on_the_renamed_columns(repo: Path) -> None:
    before = _run(repo, _database(repo))
    assert before.returncode != 0
    assert "table settings has no column named key" in before.stdout + before.stderr
    done = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert done.exit_code == 0, done.output
    patch = repo.parent / "rename.patch"
    patch.write_text(done.stdout)
    subprocess.run(["git", "apply", str(patch)], cwd=repo, check=True)
    controller = "app/Http/Controllers/SettingController.php"
    for line in sorted(ATTRIBUTE_LINES):
        assert f"{controller}:{line}:" in done.stderr
    assert "->key not rewritten: an Eloquent attribute" in done.stderr
    after = _run(repo, _database(repo))
    assert after.returncode == 0, after.stdout + after.stderr
    assert json.loads(after.stdout) == [
        2,
        {"a": "1", "b": "2"},
        5,
        "2",
        ["url"],
        "1",
        "https://x",
        ["id", "old_value"],  # $hidden hides the renamed column
    ]
    changed = subprocess.run(
        ["git", "diff", "--name-only"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split()
    for path in changed:
        subprocess.run(["php", "-l", path], cwd=repo, capture_output=True, check=True)
    # the attributes are listed, not rewritten; links.key and the config stay
    assert (repo / "app/Http/Controllers/SettingController.php").read_text() == ATTRIBUTES
    assert (repo / "app/Models/Link.php").read_text() == LINK
    assert (repo / "config/app.php").read_text() == CONFIG
    assert "['key' => 'k1']" in (repo / "tests/SettingsTest.php").read_text()
