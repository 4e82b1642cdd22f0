"""``init`` and the model read Laravel's default connection through a helper
(trial s35 firefly-iii, F3b).

firefly-iii's ``config/database.php`` says ``'default' =>
env_default_when_empty(env('DB_CONNECTION'), 'mysql')``: ``init`` read no
default and wrote PostgreSQL without a word, so MySQL's reserved words (``key``,
``range``, ``rank``) passed the gate. Now the helper's last literal is taken as
the fallback (and ``init`` says so), and a default it cannot read is said.

Oracle: PHP itself, with firefly-iii's helper and Laravel's ``env()`` (null for
an unset variable), gives the connection and its driver.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

DATABASE_PHP = """<?php

return [
    'default'     => env_default_when_empty(env('DB_CONNECTION'), 'mysql'),
    'connections' => [
        'pgsql' => [
            'driver' => 'pgsql',
        ],
        'mysql' => [
            'driver' => 'mysql',
        ],
    ],
    'redis' => [
        'default' => [
            'host' => env('REDIS_HOST', '127.0.0.1'),
        ],
    ],
];
"""
#: firefly-iii's app/Support/helpers.php, and Laravel's env() as it answers for an unset variable.
HELPERS = """<?php
function env($key, $default = null) { $v = getenv($key); return $v === false ? $default : $v; }
function env_default_when_empty($value, $default = null) {
    if ('' === $value || null === $value || is_array($value)) { return $default; }
    return $value;
}
"""
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('widgets', function (Blueprint $table) {
            $table->id();
            $table->string('key');
        });
    }
};
"""


def _write(root: Path, database: str) -> Path:
    for rel, text in {
        "config/database.php": database,
        "database/migrations/2024_01_01_000000_widgets.php": MIGRATION,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.mark.skipif(shutil.which("php") is None, reason="php is not installed")
def test_a_wrapped_default_is_its_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _write(tmp_path / "app", DATABASE_PHP)
    (tmp_path / "helpers.php").write_text(HELPERS)
    script = (
        f"require '{tmp_path / 'helpers.php'}'; $c = require '{root / 'config/database.php'}';"
        " echo $c['connections'][$c['default']]['driver'];"
    )
    env = {"PATH": "/usr/bin:/bin"}  # DB_CONNECTION unset
    driver = subprocess.run(
        ["php", "-r", script], capture_output=True, text=True, check=True, env=env
    ).stdout
    monkeypatch.chdir(root)
    monkeypatch.delenv("DB_CONNECTION", raising=False)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    dialect = {"mysql": "mysql", "pgsql": "postgres"}[driver]
    assert f"Dialect: {dialect} (read from config/database.php" in result.output
    assert "env_default_when_empty(env('DB_CONNECTION'), 'mysql')" in result.output
    assert f"\ndialect: {dialect}\n" in (root / "dbnamelint.yaml").read_text()
    # and the gate's model reads it so: `key` is reserved in MySQL
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert "DBN502" in result.output and "'key'" in result.output, result.output


def test_a_default_not_read_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _write(
        tmp_path / "app",
        DATABASE_PHP.replace(
            "env_default_when_empty(env('DB_CONNECTION'), 'mysql')", "config_value('db')"
        ),
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Dialect: postgres" in said
    assert (
        "config/database.php: its 'default' connection (config_value('db')) could not be read"
        in said
    )
    assert "set `dialect:`" in said
