"""``impact`` finds a Doctrine ORM entity's table mapping (trial s41 kimai).

kimai maps each entity's table with a PHP 8 attribute,
``#[ORM\\Table(name: 'kimai2_access_token')]``; renaming the table (a
``migrate`` phase), ``impact`` listed it as "plain text, not listed" (0 high
confidence), so the one place the application names the table was left
out. Doctrine ORM reads the table of an entity from ``#[ORM\\Table]`` (its
``name`` argument, the first) and a many-to-many's join table from
``#[ORM\\JoinTable]``, and, before PHP 8, from the docblock annotations
``@ORM\\Table(name="t")``: each is a high-confidence reference now.

Oracle: PHP's own parser (PHP 8 ``ReflectionClass::getAttributes()`` and
``ReflectionProperty::getAttributes()``: each attribute's name and
arguments as PHP reads them) gives the tables the attributes name; the
annotations, which PHP leaves to a library, follow the Doctrine ORM
documentation ("Annotations Reference": ``@Table(name="t")``).
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
  - {id: "1", title: "Plural tables", status: open}
entries:
  - {kind: table, name: kimai2_access_token, phase: "1", target: kimai2_access_tokens}
  - {kind: table, name: kimai2_configuration, phase: "1", target: kimai2_configurations}
  - {kind: table, name: kimai2_token_team, phase: "1", target: kimai2_token_teams}
  - {kind: table, name: kimai2_tag, phase: "1", target: kimai2_tags}
"""
SQL = """\
CREATE TABLE kimai2_access_token (id INT);
CREATE TABLE kimai2_configuration (id INT);
CREATE TABLE kimai2_token_team (token_id INT, team_id INT);
CREATE TABLE kimai2_tag (id INT);
"""
ACCESS_TOKEN = """\
<?php

namespace App\\Entity;

use Doctrine\\ORM\\Mapping as ORM;

#[ORM\\Table(name: 'kimai2_access_token')]
#[ORM\\Entity(repositoryClass: AccessTokenRepository::class)]
class AccessToken
{
    #[ORM\\ManyToMany(targetEntity: Team::class)]
    #[ORM\\JoinTable(name: 'kimai2_token_team')]
    private $teams;
}
"""
CONFIGURATION = """\
<?php

namespace App\\Entity;

use Doctrine\\ORM\\Mapping as ORM;

#[ORM\\Entity, ORM\\Table('kimai2_configuration')]
class Configuration
{
}
"""
#: Docblock annotations (Doctrine ORM before PHP 8 attributes).
TAG = """\
<?php

namespace App\\Entity;

use Doctrine\\ORM\\Mapping as ORM;

/**
 * @ORM\\Entity
 * @ORM\\Table(name="kimai2_tag")
 */
class Tag
{
}
"""
#: Prints, per class, the tables its attributes name, as PHP reads them.
READ_ATTRIBUTES = r"""
foreach (array_slice($argv, 1) as $file) {
    require $file;
}
$out = [];
foreach (get_declared_classes() as $class) {
    if (!str_starts_with($class, 'App\\')) continue;
    $r = new ReflectionClass($class);
    $attrs = $r->getAttributes();
    foreach ($r->getProperties() as $p) { $attrs = array_merge($attrs, $p->getAttributes()); }
    foreach ($attrs as $a) {
        $name = $a->getName();
        if ($name === 'Doctrine\ORM\Mapping\Table' || $name === 'Doctrine\ORM\Mapping\JoinTable') {
            $args = $a->getArguments();
            $out[] = [$class, $args['name'] ?? $args[0]];
        }
    }
}
echo json_encode($out);
"""


MAPPED = ["src/Entity/Configuration.php"]


@pytest.mark.skipif(shutil.which("php") is None, reason="PHP is not installed")
def test_the_tables_the_mappings_name_are_high_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
            "whitelist.yaml": WHITELIST,
            "db/schema.sql": SQL,
            "src/Entity/AccessToken.php": ACCESS_TOKEN,
            "src/Entity/Configuration.php": CONFIGURATION,
            "src/Entity/Tag.php": TAG,
        },
        monkeypatch,
    )
    php = subprocess.run(
        [
            "php",
            "-r",
            READ_ATTRIBUTES,
            "src/Entity/AccessToken.php",
            "src/Entity/Configuration.php",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=repo,
    )
    read_by_php = {table for _class, table in json.loads(php.stdout)}
    assert read_by_php == {"kimai2_access_token", "kimai2_token_team", "kimai2_configuration"}
    found = {(r[0], r[1], r[2], r[4]) for r in _refs(repo) if r[3] == "high"}
    assert found == {
        ("src/Entity/AccessToken.php", 7, "kimai2_access_token", "Doctrine ORM Table"),
        ("src/Entity/AccessToken.php", 12, "kimai2_token_team", "Doctrine ORM Table"),
        ("src/Entity/Configuration.php", 7, "kimai2_configuration", "Doctrine ORM Table"),
        ("src/Entity/Tag.php", 9, "kimai2_tag", "Doctrine ORM Table"),
    }
    assert {name for _p, _l, name, _c in found if name != "kimai2_tag"} == read_by_php
