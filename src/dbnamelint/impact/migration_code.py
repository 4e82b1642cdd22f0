"""Which code files beside migrations are migrations themselves.

A folder named ``migrations`` holds what a migration tool reads, and often
the code that runs the tool or works beside it: hasura-auth's
``go/migrations/postgres.go`` applies the ``postgres/*.up.sql`` files and
``go/migrations/hasura.go`` tracks the tables in Hasura's metadata at every
start. That code is live: it names the tables as they are today. A code file
there is history only when a tool reads it as one migration, which shows in
one of two ways:

- its name carries the version the tool orders it by: digits then ``_``,
  ``-`` or ``.`` (goose ``00001_x.go``, Django ``0001_initial.py``, Knex and
  Sequelize ``20240101120000-x.js``, TypeORM ``1700000000000-X.ts``, Rails
  ``20240101120000_x.rb``, Ecto ``…_x.exs``, Laravel
  ``2024_01_01_000000_x.php``, EF Core ``20240101120000_Init.cs``), Flyway's
  and refinery's ``V1__x``/``U1__x``/``R__x``, Yii's and SeaORM's
  ``m240101_120000_x``/``m20240101_000001_x``, Doctrine's
  ``Version20240101120000``; a hand-rolled runner's step named
  ``migration`` and a version (spicedb's ``zz_migration.0001_initial_schema.go``,
  ``migration_0042.go``) or ``v`` and a version (Gitea's ``v259.go``); or
- its text registers it with a migration API (:data:`_REGISTERS`): goose's
  ``AddMigration``, a gormigrate or sql-migrate ``Migration{`` literal,
  Django's ``class Migration(migrations.Migration)``, Alembic's
  ``down_revision =``, Knex/db-migrate/node-pg-migrate ``exports.up`` or
  ``export function up``, Sequelize's ``module.exports = { up``, TypeORM's
  ``MigrationInterface``, a class extending ``Migration`` /
  ``AbstractMigration`` / ``BaseJavaMigration`` (Laravel, Yii, Phinx,
  Doctrine, MikroORM, Flyway, EF Core, FluentMigrator, Room), Rails'
  ``ActiveRecord::Migration``, ``Sequel.migration``, ``use Ecto.Migration``,
  SeaORM's ``impl MigrationTrait for``, EF Core's ``ModelSnapshot``.

An Alembic revision is history wherever it lies (Alembic's own folder is
``alembic/versions``): a file opening with ``revision =`` and
``down_revision =``, or one in a ``versions`` folder named as Alembic names
them, a 12-hex-digit revision id then ``_`` (``1975ea83b712_add_users.py``).
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile

#: Source files of programming languages (SQL, data and prose are not code here).
CODE_SUFFIXES = (
    *(".go", ".py", ".rb", ".rs", ".php", ".java", ".kt", ".kts", ".scala", ".groovy"),
    *(".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"),
    *(".cs", ".fs", ".vb", ".swift", ".dart", ".ex", ".exs", ".cr", ".clj", ".lua"),
    *(".sh", ".bash", ".pl", ".pm", ".r", ".jl", ".rake"),
    # View templates are application code too: Rails' ``app/views/changesets/
    # _changeset.xml.builder`` renders a model, it is no migration.
    *(".builder", ".jbuilder", ".erb", ".haml", ".slim", ".rabl", ".eex", ".heex", ".leex"),
    *(".vue", ".svelte", ".ejs", ".hbs", ".handlebars", ".mustache", ".twig", ".jinja"),
    *(".jinja2", ".j2", ".pug", ".jsp", ".cshtml", ".razor", ".njk", ".liquid"),
)
#: How many characters of a code file the markers are looked for in.
CODE_HEAD_CHARS = 20_000

_VERSIONED = lazy_compile(
    r"^(?:\d+[-_.]"  # goose, Django, Knex, TypeORM, Rails, Ecto, Laravel, EF Core...
    r"|[VU]\d+(?:[._]\d+)*__|R__"  # Flyway (Java, Kotlin), refinery (Rust)
    r"|m\d{6,8}_\d{6}_"  # Yii, SeaORM
    r"|Version\d{3,}\b"  # Doctrine
    # a hand-rolled runner's steps: spicedb's zz_migration.0001_initial_schema.go,
    # migration_0042.go, Gitea's v259.go
    r"|(?:\w*[-_.])?migrat(?:e|ion)[-_.]v?\d+[-_.]|v\d+[-_.])",
    re.IGNORECASE,
)
#: A migration tool's registration or base class in the file's text.
_REGISTERS = lazy_compile(
    "|".join(
        (
            r"\bAdd(?:Named)?Migration\w*\s*\(",  # goose (Go)
            r"\b(?:gormigrate|migrate)\.Migration\s*\{",  # gormigrate, sql-migrate (Go)
            r"\bclass\s+\w+\s*\(\s*(?:migrations\.)?Migration\s*\)",  # Django
            r"^down_revision\s*(?::[^=\n]*)?=",  # Alembic
            r"\bexports\.up\s*=",  # Knex, db-migrate, node-pg-migrate (CommonJS)
            r"\bmodule\.exports\s*=\s*\{\s*(?:async\s+)?up\b",  # Sequelize
            r"\bexport\s+(?:async\s+)?function\s+up\s*\(",  # Knex, node-pg-migrate (ESM)
            r"\bexport\s+(?:const|let|var)\s+up\b",  # Umzug
            r"\bMigrationInterface\b",  # TypeORM
            # Laravel, Yii, Phinx, Doctrine, MikroORM, Flyway (Java)
            r"\b(?:extends|implements)\s+[\w.\\]*(?:Abstract|Base|BaseJava|Java)?Migration\b",
            # EF Core, FluentMigrator (C#), Flyway and Room (Kotlin)
            r"\b(?:class\s+\w+|object)\s*:\s*[\w.]*(?:BaseJava|Java)?Migration\b",
            r"\[\s*Migration\s*\(",  # EF Core, FluentMigrator attribute
            r":\s*ModelSnapshot\b",  # EF Core's model snapshot
            r"<\s*ActiveRecord::Migration\b",  # Rails
            r"\bSequel\.migration\b",  # Sequel (Ruby)
            r"\buse\s+Ecto\.Migration\b",  # Ecto
            r"\bimpl\s+MigrationTrait\s+for\b",  # SeaORM
        )
    ),
    re.MULTILINE,
)
_ALEMBIC = lazy_compile(r"^revision\s*(?::[^=\n]*)?=", re.MULTILINE)
#: ``alembic revision``'s file name: the revision id (``uuid4().hex[-12:]``), ``_``, a slug.
_ALEMBIC_NAME = lazy_compile(r"(?:^|/)versions/[0-9a-f]{12}_[^/]*\.py$")
_ALEMBIC_DOWN = lazy_compile(r"^down_revision\s*(?::[^=\n]*)?=", re.MULTILINE)


def is_code(name: str) -> bool:
    """Whether file ``name`` (a base name or path) is a programming language's source."""
    return name.lower().endswith(CODE_SUFFIXES)


def is_migration_code(name: str, head: str = "") -> bool:
    """Whether the code file ``name`` (its base name), whose first
    :data:`CODE_HEAD_CHARS` characters are ``head`` (empty: not read), is
    shaped as one migration of a tool (see the module docstring)."""
    return _VERSIONED.match(name) is not None or _REGISTERS.search(head) is not None


def is_alembic_revision(path: str, head: str = "") -> bool:
    """Whether the Python file at ``path`` (``/``-separated) is an Alembic
    revision: named as ``alembic revision`` names them in a ``versions``
    folder, or opening with module-level ``revision =`` and ``down_revision =``."""
    if not path.lower().endswith(".py"):
        return False
    if _ALEMBIC_NAME.search(path) is not None:
        return True
    return is_alembic_shaped(head)


def is_alembic_shaped(text: str) -> bool:
    """Whether ``text`` assigns module-level ``revision`` and ``down_revision``."""
    return _ALEMBIC.search(text) is not None and _ALEMBIC_DOWN.search(text) is not None
