"""docs/frameworks.md, the quick guide per framework, runs as written
(README-only testers s40: "I use Django / Rails / Prisma: what exactly do I
run, what does dbnamelint read?").

Each ``## `` section shows one or more small projects: a ``text`` block
listing its files, a ``yaml`` block of the settings ``dbnamelint init``
writes for it (comments aside), and a ``console`` block of the commands to
run, each followed by lines of what it prints. Here each project is built
from the files below (the ones the section lists, and no other but Python's
``__init__.py`` markers), committed on ``main`` with ``origin/main``
pointing at it as in CI, and every command of its block is run in order
(``dbnamelint ...`` through the CLI, anything else through bash): it must
exit with the code its ``# exit N`` comment says (0 without one), print each
line shown below it (in order; ``...`` skips text, ``<timestamp>`` stands for
the migration tool's version), and every ``wrote``/``updated`` path shown
must be a file afterwards. ``init``'s settings must be the ``yaml`` block,
line for line. So the guide cannot drift from the tool.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import dedent

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from docs_text import doc_text
from git_helpers import committed_repo, git

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)
_EXIT = re.compile(r"\s+#\s*exit\s+(\d+)$")
_TIMESTAMP = "<timestamp>"
#: An Alembic revision id in a file name the guide shows (random: 12 hex digits).
_REVISION = "<rev>"
_CODE = re.compile(r"`([^`]+)`")
_SENTENCE = re.compile(r"`[^`]*`|([:;.])(?=\s|$)")  # a sentence's end, outside code


def _files(**files: str) -> dict[str, str]:
    return {name: dedent(text).lstrip("\n") for name, text in files.items()}


_DJANGO = {
    "manage.py": """
        import os
        import sys

        if __name__ == "__main__":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
            from django.core.management import execute_from_command_line

            execute_from_command_line(sys.argv)
        """,
    "mysite/__init__.py": "",
    "mysite/settings.py": """
        INSTALLED_APPS = ["shop"]
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "shop",
            }
        }
        """,
    "shop/__init__.py": "",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": """
        from django.db import migrations, models


        class Migration(migrations.Migration):
            initial = True
            dependencies = []
            operations = [
                migrations.CreateModel(
                    name="Product",
                    fields=[
                        ("id", models.BigAutoField(primary_key=True, serialize=False)),
                        ("unitPrice", models.IntegerField()),
                    ],
                ),
            ]
        """,
}
_ALEMBIC = {
    "alembic.ini": """
        [alembic]
        script_location = alembic
        sqlalchemy.url = postgresql://localhost/app
        """,
    "alembic/env.py": "from alembic import context\n",
    "alembic/versions/0001_init.py": """
        import sqlalchemy as sa
        from alembic import op

        revision = "0001"
        down_revision = None


        def upgrade():
            op.create_table(
                "UserAccounts",
                sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("emailAddress", sa.String(200)),
            )


        def downgrade():
            op.drop_table("UserAccounts")
        """,
}
_RAILS = {
    "config/application.rb": """
        require_relative "boot"
        module Shop
          class Application < Rails::Application
          end
        end
        """,
    "config/database.yml": """
        default: &default
          adapter: postgresql
        development:
          <<: *default
          database: shop_development
        """,
    "db/migrate/20240101000000_create_user_accounts.rb": """
        class CreateUserAccounts < ActiveRecord::Migration[7.1]
          def change
            create_table :userAccounts do |t|
              t.string :emailAddress
            end
          end
        end
        """,
    "db/schema.rb": """
        ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do
          create_table "userAccounts", force: :cascade do |t|
            t.string "emailAddress"
          end
        end
        """,
}
_LARAVEL = {
    "artisan": "#!/usr/bin/env php\n<?php\n",
    "config/database.php": """
        <?php

        return [
            'default' => env('DB_CONNECTION', 'mysql'),
            'connections' => [
                'mysql' => ['driver' => 'mysql'],
            ],
        ];
        """,
    "database/migrations/2024_01_01_000000_create_user_accounts_table.php": """
        <?php

        use Illuminate\\Database\\Migrations\\Migration;
        use Illuminate\\Database\\Schema\\Blueprint;
        use Illuminate\\Support\\Facades\\Schema;

        return new class extends Migration
        {
            public function up(): void
            {
                Schema::create('UserAccounts', function (Blueprint $table) {
                    $table->id();
                    $table->string('emailAddress');
                });
            }

            public function down(): void
            {
                Schema::dropIfExists('UserAccounts');
            }
        };
        """,
}
_PRISMA = {
    "prisma/schema.prisma": """
        datasource db {
          provider = "postgresql"
          url      = env("DATABASE_URL")
        }

        model UserAccount {
          id           Int    @id
          emailAddress String

          @@map("UserAccounts")
        }
        """,
    "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
    "prisma/migrations/20240101000000_init/migration.sql": """
        CREATE TABLE "UserAccounts" (
            "id" INTEGER NOT NULL,
            "emailAddress" TEXT NOT NULL,
            CONSTRAINT "UserAccounts_pkey" PRIMARY KEY ("id")
        );
        """,
}
_ACCOUNTS_SQL = """
    CREATE TABLE "UserAccounts" (
        id bigint PRIMARY KEY,
        "emailAddress" text NOT NULL
    );
    """
_FLYWAY = {
    "flyway.conf": """
        flyway.url=jdbc:postgresql://localhost:5432/app
        flyway.locations=filesystem:db/migration
        """,
    "db/migration/V1__init.sql": _ACCOUNTS_SQL,
}
_LIQUIBASE = {
    "db/changelog/db.changelog-master.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
            <include file="changes/001-init.xml" relativeToChangelogFile="true"/>
        </databaseChangeLog>
        """,
    "db/changelog/changes/001-init.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
            <changeSet id="1" author="app">
                <createTable tableName="UserAccounts">
                    <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                    <column name="emailAddress" type="varchar(200)"/>
                </createTable>
            </changeSet>
        </databaseChangeLog>
        """,
}
_ONE_LINE_ACCOUNTS = 'CREATE TABLE "UserAccounts" (id bigint PRIMARY KEY, "emailAddress" text);\n'
_GOLANG_MIGRATE = {
    "go.mod": """
        module example.com/app

        go 1.22

        require github.com/golang-migrate/migrate/v4 v4.17.0
        """,
    "db/migrations/000001_init.up.sql": _ONE_LINE_ACCOUNTS,
    "db/migrations/000001_init.down.sql": 'DROP TABLE "UserAccounts";\n',
}
_GOOSE = {
    "go.mod": """
        module example.com/app

        go 1.22

        require github.com/pressly/goose/v3 v3.22.0
        """,
    "db/migrations/00001_init.sql": (
        f'-- +goose Up\n{_ONE_LINE_ACCOUNTS}\n-- +goose Down\nDROP TABLE "UserAccounts";\n'
    ),
}
_DIESEL = {
    "Cargo.toml": """
        [package]
        name = "app"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        diesel = { version = "2.2", features = ["postgres"] }
        """,
    "diesel.toml": """
        [print_schema]
        file = "src/schema.rs"

        [migrations_directory]
        dir = "migrations"
        """,
    "migrations/2024-01-01-000000_init/up.sql": _ONE_LINE_ACCOUNTS,
    "migrations/2024-01-01-000000_init/down.sql": 'DROP TABLE "UserAccounts";\n',
}
_SQLX = {
    "Cargo.toml": """
        [package]
        name = "app"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        sqlx = { version = "0.8", features = ["sqlite"] }
        """,
    "migrations/20240101000000_init.sql": (
        'CREATE TABLE "UserAccounts" (id integer PRIMARY KEY, "emailAddress" text);\n'
    ),
}
_KNEX = {
    "package.json": '{"name": "app", "dependencies": {"knex": "3.1.0", "pg": "8.12.0"}}\n',
    "knexfile.js": (
        "module.exports = { client: 'pg', migrations: { directory: './migrations' } };\n"
    ),
    "migrations/20240101000000_init.js": """
        exports.up = function (knex) {
          return knex.schema.createTable('UserAccounts', (table) => {
            table.increments('id');
            table.string('emailAddress');
          });
        };

        exports.down = function (knex) {
          return knex.schema.dropTable('UserAccounts');
        };
        """,
}
_EF_CORE = {
    "App/App.csproj": """
        <Project Sdk="Microsoft.NET.Sdk">
          <ItemGroup>
            <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="8.0.4" />
          </ItemGroup>
        </Project>
        """,
    "App/Migrations/20240101000000_Init.cs": """
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace App.Migrations
        {
            public partial class Init : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.CreateTable(
                        name: "UserAccounts",
                        columns: table => new
                        {
                            Id = table.Column<int>(type: "integer", nullable: false),
                            EmailAddress = table.Column<string>(type: "text", nullable: true)
                        },
                        constraints: table =>
                        {
                            table.PrimaryKey("PK_UserAccounts", x => x.Id);
                        });
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropTable(name: "UserAccounts");
                }
            }
        }
        """,
    "App/Migrations/20240101000000_Init.Designer.cs": """
        using Microsoft.EntityFrameworkCore.Infrastructure;
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace App.Migrations
        {
            [DbContext(typeof(AppDbContext))]
            [Migration("20240101000000_Init")]
            partial class Init
            {
            }
        }
        """,
}
_GORM = {
    "go.mod": """
        module example.com/app

        go 1.22

        require gorm.io/gorm v1.25.12
        """,
    "main.go": """
        package main

        import "gorm.io/gorm"

        type UserAccount struct {
        \tID           uint
        \tEmailAddress string `gorm:"column:emailAddress"`
        }

        func migrate(db *gorm.DB) error {
        \treturn db.AutoMigrate(&UserAccount{})
        }
        """,
}
# the schema AutoMigrate made on SQLite, as `sqlite3 app.db .schema` prints it
_GORM_SAVED = {
    **_GORM,
    "db/schema.sql": (
        "CREATE TABLE `user_accounts` (`id` integer PRIMARY KEY AUTOINCREMENT,"
        "`emailAddress` text);\n"
    ),
}
_GO_LIST = {
    "go.mod": "module example.com/app\n\ngo 1.22\n",
    "internal/database/migrations.go": """
        package database

        import "database/sql"

        var migrations = []func(tx *sql.Tx) error{
        \tfunc(tx *sql.Tx) (err error) {
        \t\t_, err = tx.Exec(`CREATE TABLE "UserAccounts" (id bigint, "emailAddress" text)`)
        \t\treturn err
        \t},
        }
        """,
}
_PLAIN = {
    "db/schema/001_accounts.sql": _ACCOUNTS_SQL,
    "db/schema/002_orders.sql": """
        CREATE TABLE orders (
            id bigint PRIMARY KEY,
            account_id bigint REFERENCES "UserAccounts" (id)
        );
        """,
}

_CREATE_ALL = {
    "app/models/__init__.py": """
        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy import Column, Integer, Text

        from .mixins import TimestampMixin

        db = SQLAlchemy()


        class Query(TimestampMixin, db.Model):
            __tablename__ = "queries"
            id = Column(Integer, primary_key=True)
            tags = Column(Text)
        """,
    "app/models/mixins.py": """
        from sqlalchemy import Column, DateTime


        class TimestampMixin:
            created_at = Column(DateTime(True))
        """,
    "migrations/alembic.ini": "[alembic]\n",
    "migrations/versions/0001_add_tags.py": """
        \"\"\"add tags\"\"\"
        from alembic import op
        import sqlalchemy as sa

        revision = "0001"
        down_revision = None


        def upgrade():
            op.add_column("queries", sa.Column("tags", sa.Text(), nullable=True))
        """,
}

# each section's projects, in the order the section shows them
PROJECTS: dict[str, list[dict[str, str]]] = {
    "Django": [_DJANGO],
    "Alembic": [_ALEMBIC],
    "Rails": [_RAILS],
    "Laravel": [_LARAVEL],
    "Prisma": [_PRISMA],
    "Flyway": [_FLYWAY],
    "Liquibase": [_LIQUIBASE],
    "golang-migrate and goose": [_GOLANG_MIGRATE, _GOOSE],
    "Diesel and sqlx": [_DIESEL, _SQLX],
    "Knex, Kysely, TypeORM, Sequelize": [_KNEX],
    "EF Core": [_EF_CORE],
    "A Go migration list (a hand-rolled runner)": [_GO_LIST],
    "GORM and xorm: schemas the ORM makes": [_GORM, _GORM_SAVED],
    "Alembic over tables SQLAlchemy models make": [_CREATE_ALL],
    "A plain schema folder": [_PLAIN],
}


@dataclass
class Command:
    line: str
    exit_code: int
    shown: list[str]


@dataclass
class Guide:
    files: list[str]
    prose: str = ""
    commands: list[Command] = field(default_factory=list)

    def settings(self) -> dict[str, object]:
        """The settings the prose says ``init`` writes: each `` `key: value` ``
        after "`init` writes", to the end of its sentence ("no setting": none)."""
        said = self.prose.partition("`init` writes")[2]
        assert said, f"no `init` writes ... for {self.files}"
        merged: dict[str, object] = {}
        end = next((m.start() for m in _SENTENCE.finditer(said) if m.group(1)), len(said))
        for span in _CODE.findall(said[:end]):
            value = yaml.safe_load(span)
            assert isinstance(value, dict), span
            merged.update(value)
        return merged


def _commands(block: str) -> list[Command]:
    commands: list[Command] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            code = _EXIT.search(line)
            command = line[2:] if code is None else line[2 : code.start()]
            commands.append(Command(command, int(code.group(1)) if code else 0, []))
        else:
            commands[-1].shown.append(line)
    return commands


def _guides() -> dict[str, list[Guide]]:
    """The projects of each ``## `` section: a ``text`` block starts one; the
    prose and ``console`` block after it, up to the next, are its own."""
    guides: dict[str, list[Guide]] = {}
    for section in doc_text("frameworks.md").split("\n## ")[1:]:
        heading, _, body = section.partition("\n")
        projects = guides.setdefault(heading.strip(), [])
        at = 0
        for fence in _FENCE.finditer(body):
            if projects:
                projects[-1].prose += " ".join(body[at : fence.start()].split()) + " "
            kind, block = fence.groups()
            if kind == "text":
                files = [line.split()[0] for line in block.splitlines() if line.strip()]
                projects.append(Guide(files))
            elif kind == "console":
                projects[-1].commands += _commands(block)
            at = fence.end()
        if projects:
            projects[-1].prose += " ".join(body[at:].split())
    return guides


def _pattern(shown: str) -> re.Pattern[str]:
    parts = [
        "[0-9_-]+".join(
            "[0-9a-f]{12}".join(re.escape(bit) for bit in piece.split(_REVISION))
            for piece in part.split(_TIMESTAMP)
        )
        for part in shown.split("...")
    ]
    return re.compile(".*?".join(parts))


def _run(command: str) -> tuple[int, str]:
    """``command`` run as the guide runs it, each part of an ``&&`` chain in
    turn until one fails: ``dbnamelint ...`` through the CLI in this process,
    anything else by bash."""
    code, output = 0, ""
    for part in command.split(" && "):
        words = shlex.split(part)
        if words[0] == "dbnamelint" and not set(words) & {"|", "||", ">", ";"}:
            done = CliRunner().invoke(cli, words[1:])
            code, output = done.exit_code, output + done.stdout + done.stderr
        else:
            ran = subprocess.run(["bash", "-c", part], capture_output=True, text=True, check=False)
            code, output = ran.returncode, output + ran.stdout + ran.stderr
        if code:
            break
    return code, output


GUIDES = _guides()
CASES = [(heading, n) for heading, projects in GUIDES.items() for n in range(len(projects))]


def test_every_section_has_its_projects() -> None:
    assert {heading: len(projects) for heading, projects in GUIDES.items()} == {
        heading: len(projects) for heading, projects in PROJECTS.items()
    }
    for projects in GUIDES.values():
        for guide in projects:
            assert guide.files and guide.commands[0].line.startswith("dbnamelint init")


def test_the_hook_entry_is_the_readmes() -> None:
    intro = doc_text("frameworks.md").split("\n## ")[0]
    hooks = [block for kind, block in _FENCE.findall(intro) if kind == "yaml"]
    assert len(hooks) == 1 and "id: dbnamelint" in hooks[0]
    assert f"```yaml\n{hooks[0]}```" in doc_text("README.md")


@pytest.mark.parametrize(("heading", "n"), CASES, ids=[f"{h}-{n}" for h, n in CASES])
def test_the_guide_runs_as_written(
    heading: str, n: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = GUIDES[heading][n]
    files = _files(**PROJECTS[heading][n])
    unlisted = sorted(set(files) - set(guide.files))
    assert sorted(set(guide.files) - set(files)) == []
    assert [name for name in unlisted if not name.endswith("__init__.py")] == []
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    root = committed_repo(tmp_path / "project", files, monkeypatch)
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")  # the branch a pull request targets
    for command in guide.commands:
        code, output = _run(command.line)
        assert code == command.exit_code, f"$ {command.line}\n{output}"
        lines = iter(output.splitlines())
        for shown in command.shown:
            pattern = _pattern(shown)
            assert any(pattern.search(line) for line in lines), (
                f"$ {command.line}: {shown}\n{output}"
            )
            wrote = re.match(r"(?:wrote|updated) (\S+)", shown)
            if wrote:
                assert (
                    len(
                        list(
                            root.glob(
                                wrote.group(1).replace(_TIMESTAMP, "*").replace(_REVISION, "*")
                            )
                        )
                    )
                    == 1
                ), shown
        if command.line.startswith("dbnamelint init"):
            written = yaml.safe_load((root / "dbnamelint.yaml").read_text()) or {}
            assert written == guide.settings()
