"""``impact`` finds a Doctrine ORM entity's column mappings (trial s41 kimai).

kimai names 166 columns with ``#[ORM\\Column(name: 'start_time', ...)]`` and
joins with ``#[ORM\\JoinColumn(name: 'user', referencedColumnName: 'id')]``
and indexes with ``#[ORM\\Index(columns: ['user', 'start_time'])]``;
renaming ``kimai2_timesheet.start_time``, ``impact`` left the mapping plain
text. A mapping names a column of the table its class maps
(``#[ORM\\Table(name: ...)]``), so another entity's ``timezone`` is no
reference to ``kimai2_timesheet.timezone``; a join column's
``referencedColumnName`` is the other table's and is not read as this one's.

Oracle: PHP's own parser (PHP 8 ``ReflectionClass``/``ReflectionProperty``
``getAttributes()``): the (table, column) pairs the attributes map, as PHP
reads their arguments; the references ``impact`` lists high are those of
the pairs the phase renames.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from git_helpers import committed_repo
from test_impact_contexts import _refs

WHITELIST = """\
phases:
  - {id: "1", title: "Columns", status: open}
entries:
  - {kind: column, name: kimai2_timesheet.start_time, phase: "1", target: started_at}
  - {kind: column, name: kimai2_timesheet.user, phase: "1", target: user_id}
"""
SQL = """\
CREATE TABLE kimai2_users (id INT PRIMARY KEY);
CREATE TABLE kimai2_timesheet (id INT, start_time DATETIME, `user` INT);
CREATE TABLE kimai2_projects (id INT, start_time DATETIME);
"""
TIMESHEET = """\
<?php

namespace App\\Entity;

use Doctrine\\ORM\\Mapping as ORM;

#[ORM\\Table(name: 'kimai2_timesheet')]
#[ORM\\Index(columns: ['user', 'start_time'], name: 'IDX_4F60C6B18D93D649502DF587')]
#[ORM\\Entity]
class Timesheet
{
    #[ORM\\Column(name: 'start_time', type: 'datetime', nullable: false)]
    private $begin;

    #[ORM\\ManyToOne(targetEntity: User::class)]
    #[ORM\\JoinColumn(name: 'user', referencedColumnName: 'id', nullable: false)]
    private $user;
}
"""
PROJECT = """\
<?php

namespace App\\Entity;

use Doctrine\\ORM\\Mapping as ORM;

#[ORM\\Table(name: 'kimai2_projects')]
#[ORM\\Index(columns: ['start_time'])]
#[ORM\\Entity]
class Project
{
    #[ORM\\Column('start_time', type: 'datetime', nullable: true)]
    private $start;
}
"""
#: Prints each (table, column, property line) the attributes map, as PHP reads them.
READ_ATTRIBUTES = r"""
foreach (array_slice($argv, 1) as $file) { require $file; }
$out = [];
foreach (get_declared_classes() as $class) {
    if (!str_starts_with($class, 'App\\')) continue;
    $r = new ReflectionClass($class);
    $table = $r->getAttributes('Doctrine\ORM\Mapping\Table')[0]->getArguments();
    foreach ($r->getProperties() as $p) {
        foreach ($p->getAttributes() as $a) {
            $n = $a->getName();
            if ($n === 'Doctrine\ORM\Mapping\Column' || $n === 'Doctrine\ORM\Mapping\JoinColumn') {
                $args = $a->getArguments();
                $out[] = [$table['name'], $args['name'] ?? $args[0]];
            }
        }
    }
    foreach ($r->getAttributes('Doctrine\ORM\Mapping\Index') as $a) {
        foreach ($a->getArguments()['columns'] as $c) { $out[] = [$table['name'], $c]; }
    }
}
echo json_encode($out);
"""


@pytest.mark.skipif(shutil.which("php") is None, reason="PHP is not installed")
def test_the_columns_the_mappings_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
            "whitelist.yaml": WHITELIST,
            "db/schema.sql": SQL,
            "src/Entity/Timesheet.php": TIMESHEET,
            "src/Entity/Project.php": PROJECT,
        },
        monkeypatch,
    )
    php = subprocess.run(
        ["php", "-r", READ_ATTRIBUTES, "src/Entity/Timesheet.php", "src/Entity/Project.php"],
        capture_output=True,
        text=True,
        check=True,
        cwd=repo,
    )
    mapped = {tuple(pair) for pair in json.loads(php.stdout)}
    assert mapped == {
        ("kimai2_timesheet", "start_time"),
        ("kimai2_timesheet", "user"),
        ("kimai2_projects", "start_time"),
    }
    renamed = {("kimai2_timesheet", "start_time"), ("kimai2_timesheet", "user")}
    found = {(r[0], r[1], r[2], r[3], r[4]) for r in _refs(repo) if r[0].startswith("src/")}
    high = {(path, line, name) for path, line, name, sure, _c in found if sure == "high"}
    assert high == {
        ("src/Entity/Timesheet.php", 8, "user"),
        ("src/Entity/Timesheet.php", 8, "start_time"),
        ("src/Entity/Timesheet.php", 12, "start_time"),
        ("src/Entity/Timesheet.php", 16, "user"),
    }
    assert {("kimai2_timesheet", name) for _p, _l, name in high} == renamed & mapped
    assert {r[4] for r in found if r[3] == "high"} == {"Doctrine ORM Column", "Doctrine ORM Index"}
    # Project's start_time is kimai2_projects': no reference at all
    assert not [r for r in found if r[0] == "src/Entity/Project.php"]
