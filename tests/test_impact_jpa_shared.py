"""``impact --diff`` on JPA mappings several tables share, and Hibernate's SQL annotations.

Trial apolloconfig/apollo: a ``@MappedSuperclass`` (``BaseEntity``) maps
``IsDeleted`` for every entity extending it; renaming the column on one
table (App) must not rewrite the superclass, which still maps Item's and
Consumer's column. ``@SQLDelete(sql = "Update `Consumer` ...")`` names its
table: its columns are Consumer's (a table of another database here), not a
renamed table's. ``@SQLRestriction`` / ``@Where`` fragments are SQL about
the entity's own table (Hibernate javadoc, ``SQLRestriction``).

Oracle: MariaDB. After the forward script ``migrate`` wrote, the SQL
Hibernate would issue from the patched annotations (the ``@SQLDelete``
statement, ``SELECT <mapped columns> FROM <@Table> WHERE <restriction>``)
runs for the renamed entity (App, with the ``@AttributeOverride`` the note
asks for) and for the entities left alone (Item, and Consumer, whose table
the test makes as its other database would), and the same SQL from the
annotations as the old code patched them fails.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git

SCHEMA = """\
CREATE TABLE `App` (`Id` int NOT NULL, `Name` varchar(20),
  `IsDeleted` bit NOT NULL DEFAULT 0, PRIMARY KEY (`Id`)) ENGINE=InnoDB;
CREATE TABLE `Item` (`Id` int NOT NULL, `Key` varchar(20),
  `IsDeleted` bit NOT NULL DEFAULT 0, PRIMARY KEY (`Id`)) ENGINE=InnoDB;
"""
#: The other database's table (apollo's portal database): no schema file here.
CONSUMER = (
    "CREATE TABLE `Consumer` (`Id` int NOT NULL, `IsDeleted` bit NOT NULL DEFAULT 0, "
    "PRIMARY KEY (`Id`)) ENGINE=InnoDB;"
)

WHITELIST = """\
phases:
  - {id: "1", title: "Plural", status: open}
entries:
  - {kind: table, name: App, phase: "1", target: apps}
  - {kind: column, name: App.IsDeleted, phase: "1", target: is_deleted}
"""

BASE = """\
package e;

import javax.persistence.*;

@MappedSuperclass
public abstract class BaseEntity {
  @Id
  @Column(name = "`Id`")
  private long id;

  @Column(name = "`IsDeleted`", columnDefinition = "Bit default '0'")
  protected boolean isDeleted = false;
}
"""


def _entity(name: str, restriction: str, own: str = "") -> str:
    return f"""\
package e;

import javax.persistence.*;
import org.hibernate.annotations.*;

@Entity
@Table(name = "`{name}`")
@SQLDelete(sql = "Update `{name}` set IsDeleted = true where Id = ?")
{restriction}
public class {name} extends BaseEntity {{
{own}}}
"""


APP = _entity("App", '@SQLRestriction("`IsDeleted` = false")', '  @Column(name = "`Name`")\n')
ITEM = _entity("Item", '@SQLRestriction("`IsDeleted` = false")')
CONSUMER_JAVA = _entity("Consumer", '@Where(clause = "`IsDeleted` = false")')

_TABLE = re.compile(r'@Table\(name = "([^"]*)"\)')
_DELETE = re.compile(r'@SQLDelete\(sql = "([^"]*)"\)')
_RESTRICTION = re.compile(r'@(?:SQLRestriction\(|Where\(clause = )"([^"]*)"\)')
_COLUMN = re.compile(r'@Column\(name = "([^"]*)"')


def _hibernate_sql(entity: str, base: str, overrides: dict[str, str]) -> list[str]:
    """What Hibernate issues for ``entity``'s source: its delete, and a select of
    the superclass's mapped columns (``overrides``: column -> @AttributeOverride's)
    under its restriction."""
    table = _TABLE.search(entity)
    delete = _DELETE.search(entity)
    restriction = _RESTRICTION.search(entity)
    assert table and delete and restriction
    columns = [overrides.get(c, c) for c in _COLUMN.findall(base)]
    return [
        delete.group(1).replace("?", "1"),
        f"SELECT {', '.join(columns)} FROM {table.group(1)} WHERE {restriction.group(1)}",
    ]


@pytest.fixture
def patched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str, str]]:
    """(the repository after ``git apply`` of the patch, its forward script, the notes)."""
    repo = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
            "whitelist.yaml": WHITELIST,
            "db/001_init.sql": SCHEMA,
            "src/e/BaseEntity.java": BASE,
            "src/e/App.java": APP,
            "src/e/Item.java": ITEM,
            "src/e/Consumer.java": CONSUMER_JAVA,
        },
        monkeypatch,
    )
    runner = CliRunner()
    done = runner.invoke(cli, ["migrate", "--all", "--write"])
    assert done.exit_code == 0, done.output
    forward = next((repo / "db").glob("002_*.sql")).read_text()
    commit_all(repo, "rename")
    assert runner.invoke(cli, ["whitelist", "prune"]).exit_code == 0
    commit_all(repo, "prune")
    done = runner.invoke(cli, ["impact", "--diff", "--renamed-only", "src"])
    assert done.exit_code == 0, done.stderr
    (repo / "rename.patch").write_text(done.stdout)
    git(repo, "apply", "rename.patch")
    yield repo, forward, done.stderr


def test_shared_mapping_is_left_with_a_note_and_entity_sql_is_patched(
    patched: tuple[Path, str, str],
) -> None:
    repo, _forward, notes = patched
    assert (repo / "src/e/BaseEntity.java").read_text() == BASE
    assert (repo / "src/e/Item.java").read_text() == ITEM
    assert (repo / "src/e/Consumer.java").read_text() == CONSUMER_JAVA
    app = (repo / "src/e/App.java").read_text()
    assert '@SQLDelete(sql = "Update `apps` set is_deleted = true where Id = ?")' in app
    assert '@SQLRestriction("`is_deleted` = false")' in app
    assert (
        "src/e/BaseEntity.java:11:20: IsDeleted not rewritten: the mapped superclass "
        "BaseEntity maps IsDeleted for 3 entities; tables still using IsDeleted: Consumer, "
        'Item; give each renamed entity (App) @AttributeOverride(name = "isDeleted", '
        'column = @Column(name = "is_deleted"))' in notes
    )


def test_hibernate_sql_runs_on_mariadb_after_the_forward_script(
    patched: tuple[Path, str, str], maria: mysql_server.MysqlServer
) -> None:
    repo, forward, _notes = patched
    base = (repo / "src/e/BaseEntity.java").read_text()
    # The note's @AttributeOverride on the renamed entity: its column's new name.
    app = _hibernate_sql(
        (repo / "src/e/App.java").read_text(), base, {"`IsDeleted`": "`is_deleted`"}
    )
    item = _hibernate_sql((repo / "src/e/Item.java").read_text(), base, {})
    consumer = _hibernate_sql((repo / "src/e/Consumer.java").read_text(), base, {})
    # As the old code patched them: the superclass and Consumer's delete renamed, App's
    # restriction not.
    old_base = BASE.replace("`IsDeleted`", "`is_deleted`")
    old_app = APP.replace("`App`", "`apps`").replace("set IsDeleted", "set is_deleted")
    old_consumer = CONSUMER_JAVA.replace("set IsDeleted", "set is_deleted")
    with maria.fresh_database("dbnl_javaimpact_shared") as db:
        maria.run(SCHEMA, database=db)
        maria.run(CONSUMER, database=db)
        maria.run(forward, database=db)
        for sql in app + item + consumer:
            maria.run(sql, database=db)
        for sql in [
            _hibernate_sql(old_app, old_base, {})[1],  # restriction missed
            _hibernate_sql(ITEM, old_base, {})[1],  # the superclass rewritten
            _hibernate_sql(old_consumer, old_base, {})[0],  # Consumer's delete rewritten
        ]:
            with pytest.raises(mysql_server.SqlFailed, match="Unknown column"):
                maria.run(sql, database=db)


def test_every_user_renamed_alike_patches_the_superclass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
            "whitelist.yaml": WHITELIST.replace("App.IsDeleted", "App.IsDeleted")
            + '  - {kind: column, name: Item.IsDeleted, phase: "1", target: is_deleted}\n',
            "db/001_init.sql": SCHEMA + SCHEMA.split(";")[1].replace("`Item`", "`Other`") + ";\n",
            "src/e/BaseEntity.java": BASE,
            "src/e/App.java": APP,
            "src/e/Item.java": ITEM,
            # Another module's BaseEntity of the same name: its users are its own.
            "src/o/BaseEntity.java": BASE.replace("package e;", "package o;"),
            "src/o/Other.java": _entity("Other", '@SQLRestriction("`IsDeleted` = false")')
            .replace("package e;", "package o;")
            .replace("import javax.persistence.*;", "import javax.persistence.*;\nimport e.App;"),
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["impact", "--diff", "src"])
    assert done.exit_code == 0, done.stderr
    (repo / "rename.patch").write_text(done.stdout)
    subprocess.run(["git", "apply", "rename.patch"], cwd=repo, check=True)
    base = (repo / "src/e/BaseEntity.java").read_text()
    assert '@Column(name = "`is_deleted`", columnDefinition' in base
    assert (repo / "src/o/BaseEntity.java").read_text() == BASE.replace("package e;", "package o;")
    assert "src/e/BaseEntity.java" not in done.stderr
    assert (
        "src/o/BaseEntity.java:11:20: IsDeleted not rewritten: the mapped superclass BaseEntity "
        "maps IsDeleted for 1 entity; tables still using IsDeleted: Other;" in done.stderr
    )
