"""A Laravel migration's computed index and key names (trial s35 firefly-iii, F1).

``$table->foreign('owner_id', sprintf('%s_FK_Owner', 'Tags'))``,
``->index('owner_id', sprintf('IDX_%s', 'OwnerTag'))``, ``->unique([...], 'UQ' .
'OwnerTag')``, ``->foreign('user_id', self::FK_NAME)``, ``->index('label', $idx)``
and ``->unique('label', "UQ_{$idx}")`` in a new migration passed the hook and
``check --base``: the reader put Laravel's default name (``tags_owner_id_foreign``)
where Laravel uses the one given. Now a name made of literals only (``sprintf``
of literals, ``.``, a class constant of the file, ``strtoupper``) is read as
the value PHP gives it, and one the code computes when it runs (a variable,
``"UQ_{$idx}"``) is the gate's ``DBN013`` error at the call, accepted by a
``// dbnamelint: ignore[DBN013] <reason>`` comment.

Oracle: Laravel's schema builder itself (illuminate/database, its pretend mode:
tests/laravel/pretend.php) gives the names of :data:`LITERAL_ONLY`; real git
for the gate.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from check_json import assert_edit_fails, check_entries, stage
from git_helpers import committed_repo
from laravel_oracle import laravel_sql, needs_laravel

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    private const string FK_NAME = 'FkUser' . 'Owner';
    private const IDX = self::FK_NAME . '_Idx', OTHER = 'x';

    public function up(): void
    {
"""
LITERAL_ONLY = (
    HEAD
    + """        Schema::table('tags', static function (Blueprint $table): void {
            $table->integer('owner_id', false, true)->nullable();
            $table->foreign('owner_id', sprintf('%s_FK_Owner', 'Tags'))
                ->references('id')->on('users');
            $table->index('owner_id', sprintf('IDX_%2$s_%1$s', 'Tag', "Owner"));
            $table->unique(['owner_id', 'tag'], 'UQ' . 'OwnerTag');
            $table->foreign('user_id', self::FK_NAME)->references('id')->on('users');
            $table->index('user_id', static::IDX);
            $table->string('code2')->index(strtoupper('idx_' . 'code2'));
            $table->string('code3')->unique(sprintf('%s_%d', 'UqCode', 3));
            $table->morphs('taggable', 'Idx' . 'Morph');
            $table->index('tag', null);
        });
    }
};
"""
)
COMPUTED = (
    HEAD
    + """        $idx = str_repeat('IdxVar', 1);
        Schema::table('tags', static function (Blueprint $table) use ($idx): void {
            $table->index('label', $idx);
            $table->unique('label', "UQ_{$idx}");
            $table->string('code')->unique($idx);
            $table->foreignId('owner_id')->constrained('users', 'id', $idx);
            $table->morphs('taggable', $idx . '_m');
            $table->foreign('user_id', sprintf('%s_fk', $idx))->references('id')->on('users');
        });
    }
};
"""
)
NEW_PATH = "database/migrations/2026_12_05_000001_tags_owner.php"
APPLIED_PATH = "database/migrations/2024_01_05_000001_og.php"
APPLIED = (
    HEAD
    + """        Schema::table('object_groups', static function (Blueprint $table): void {
            $table->foreign('user_group_id', sprintf('%s_to_ugi', 'object_groups'))
                ->references('id')->on('user_groups');
        });
    }
};
"""
)
_NAME = re.compile(r'(?:constraint|index|unique|CONSTRAINT|INDEX) ["`](\w+)["`]')


def _names(sql: list[str]) -> list[str]:
    return sorted(m.group(1) for s in sql for m in _NAME.finditer(s))


@needs_laravel
def test_literal_only_names_are_the_names_laravel_gives(tmp_path: Path) -> None:
    from dbnamelint.laravel_schema import builder_sql

    found = builder_sql(LITERAL_ONLY)
    assert not found.unread
    ours = [sql for _, _, pieces in found.calls for _, sql, _ in pieces]
    (tmp_path / "m.php").write_text(LITERAL_ONLY)
    laravel = laravel_sql(tmp_path / "m.php")
    assert _names(ours) == _names(laravel)
    assert "Tags_FK_Owner" in _names(ours)  # not tags_owner_id_foreign


@needs_laravel
def test_computed_names_are_names_laravel_uses(tmp_path: Path) -> None:
    """Laravel uses the computed name, not its default one: so it is not read."""
    from dbnamelint.laravel_schema import builder_sql

    (tmp_path / "m.php").write_text(COMPUTED)
    assert "IdxVar" in _names(laravel_sql(tmp_path / "m.php"))
    found = builder_sql(COMPUTED)
    assert [u.call for u in found.unread] == [
        "index",
        "unique",
        "unique",
        "constrained",
        "morphs",
        "foreign",
    ]
    ours = " ".join(sql for _, _, pieces in found.calls for _, sql, _ in pieces)
    assert "tags_label_index" not in ours and "tags_label_unique" not in ours


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n',
            "schema.sql": "CREATE TABLE tags (id bigserial PRIMARY KEY, tag text, label text);\n",
            APPLIED_PATH: APPLIED,
        },
        monkeypatch,
    )


def test_a_computed_name_in_a_new_migration_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    stage(root, NEW_PATH, COMPUTED)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        refused = sorted(line for c, p, line, s, _ in found if c == "DBN013" and s == "error")
        assert refused == [16, 17, 18, 19, 20, 21], (run, found)
    # accepted by a comment of the migration, as its other unread calls are
    accepted = COMPUTED.replace(
        "            $table->index('label', $idx);\n",
        "            // dbnamelint: ignore[DBN013] IdxVar is checked by hand\n"
        "            $table->index('label', $idx);\n",
    )
    stage(root, NEW_PATH, accepted)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found
    assert "error" not in {s for c, p, line, s, _ in found if c == "DBN013"}, found


def test_literal_only_names_are_judged_in_a_new_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    stage(root, NEW_PATH, LITERAL_ONLY)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 1
    assert not [f for f in found if f[0] == "DBN013"], found
    judged = {m for c, p, line, s, m in found if p == NEW_PATH and s == "error"}
    assert any("Tags_FK_Owner" in m for m in judged), judged
    assert any("UQOwnerTag" in m for m in judged), judged


def test_an_edit_of_a_sprintf_name_of_an_applied_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert_edit_fails(root, APPLIED_PATH, APPLIED.replace("'%s_to_ugi'", "'%s_TO_UGI'"))


BLUEPRINT_RENAME = (
    HEAD
    + """        Schema::table('tags', static function (Blueprint $table): void {
            $table->rename('TagsRenamed');
        });
    }
};
"""
)


@needs_laravel
def test_blueprint_rename_is_the_rename_laravel_runs(tmp_path: Path) -> None:
    """``$table->rename('X')`` in ``Schema::table`` (trial s35, F9: refused as
    an unread call) is read as the table rename Laravel runs."""
    from dbnamelint.laravel_schema import builder_sql

    (tmp_path / "m.php").write_text(BLUEPRINT_RENAME)
    laravel = laravel_sql(tmp_path / "m.php")
    found = builder_sql(BLUEPRINT_RENAME)
    assert not found.unread
    ours = [sql for _, _, pieces in found.calls for _, sql, _ in pieces]
    assert [s.lower().rstrip(";") for s in ours] == [s.lower() for s in laravel]


SCHEMA_BUILDER = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
        DB::connection()->getSchemaBuilder()->create('BuilderTableJ', function (Blueprint $t) {
            $t->integer('id');
            $t->index('id', 'IdxBuilderJ');
        });
    }
};
"""


@needs_laravel
def test_the_connections_schema_builder_is_read(tmp_path: Path) -> None:
    """``DB::connection()->getSchemaBuilder()->create(...)`` (trial s35, F9:
    neither read nor warned) is read as ``Schema::create``."""
    from dbnamelint.laravel_schema import builder_sql

    (tmp_path / "m.php").write_text(SCHEMA_BUILDER)
    laravel = laravel_sql(tmp_path / "m.php")
    found = builder_sql(SCHEMA_BUILDER)
    assert not found.unread
    ours = [sql for _, _, pieces in found.calls for _, sql, _ in pieces]
    assert "BuilderTableJ" in " ".join(ours)
    assert _names(ours) == _names(laravel)


DROPS = (
    HEAD
    + """        Schema::table('tags', static function (Blueprint $table): void {
            $table->dropIndex('IdxTag');
            $table->dropIndex(['tag', 'label']);
            $table->dropUnique(['label']);
            $table->dropForeign(['user_id']);
            $table->dropForeign(sprintf('%s_fk', 'Tags'));
            $table->dropPrimary();
            $table->dropFullText(['body']);
        });
    }
};
"""
)
_DROPPED = re.compile(
    r"(?:drop index|drop constraint|drop foreign key)\s*[\"`]?(\w+)|(drop primary key)", re.I
)


@needs_laravel
@pytest.mark.parametrize("driver", ["pgsql", "mysql"])
def test_index_drops_drop_what_laravel_drops(tmp_path: Path, driver: str) -> None:
    """An index, unique, foreign or primary key drop in ``up()`` was not read:
    the model kept what it dropped. Now the same names as Laravel's."""
    from dbnamelint.laravel_schema import builder_sql

    (tmp_path / "m.php").write_text(DROPS)
    laravel = laravel_sql(tmp_path / "m.php", driver)
    found = builder_sql(DROPS, mysql=driver == "mysql")
    assert not found.unread
    ours = " ".join(sql for _, _, pieces in found.calls for _, sql, _ in pieces)
    theirs = " ".join(laravel)
    assert [m.group(1) or m.group(2).lower() for m in _DROPPED.finditer(ours)] == [
        m.group(1) or m.group(2).lower() for m in _DROPPED.finditer(theirs)
    ]


CREATES = (
    HEAD
    + """        Schema::create('tags', function (Blueprint $table) {
            $table->id();
            $table->string('tag');
            $table->index('tag', 'IdxTag');
            $table->foreignId('user_id')->constrained();
        });
    }
};
"""
)
DROPS_TWO = (
    HEAD
    + """        Schema::table('tags', static function (Blueprint $table): void {
            $table->dropIndex('IdxTag');
            $table->dropForeign(['user_id']);
        });
    }
};
"""
)


def test_what_a_migration_drops_leaves_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from click.testing import CliRunner

    from dbnamelint.cli import cli

    folder = tmp_path / "database" / "migrations"
    folder.mkdir(parents=True)
    (folder / "2020_01_01_000000_a.php").write_text(CREATES)
    (folder / "2020_01_02_000000_b.php").write_text(DROPS_TWO)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["inspect", "database/migrations", "--format", "json", "--no-cache"]
    )
    names = {o["name"] for o in json.loads(result.stdout)["objects"]}
    assert "tags" in names
    assert not names & {"IdxTag", "tags_user_id_foreign"}, names
