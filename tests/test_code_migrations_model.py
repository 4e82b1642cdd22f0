"""Code migrations enter the model: Laravel's, Django's and Alembic's (dbnamelint.code_migrations).

A project whose whole schema history is migrations written in its
framework's API (Laravel ``Schema::create``, Alembic ``op.create_table``,
Django ``CreateModel``) held no SQL file: ``dbnamelint init`` said "0 SQL
files" and ``check``/``inspect``/``drift`` saw no table, while the gate
already read those APIs for new migrations. Now a folder of them named in
``paths:`` (``init`` writes it) is read as the SQL the tool runs, in the
tool's order: Laravel by file name, Alembic by the ``down_revision`` chain
(here the file names sort the rename before the table it renames), Django
by its ``dependencies`` graph across apps (here ``accounts/0002`` adds a
foreign key to the table ``blog/0003`` renames: path order would read it
first). Django's own names on PostgreSQL (hashed indexes and foreign keys,
``_like`` indexes, a many-to-many table's columns and constraints) are
written as its schema editor writes them.

Oracles (the sets below): ``alembic upgrade head`` (Alembic 1.x,
SQLAlchemy 2, psycopg) of :data:`ALEMBIC` on PostgreSQL 15, and
illuminate/database 12 (PHP 8.2, Laravel's migrator run by trial s30's
firefly-iii runner: ``php boot.php pgsql <db> 55432 postgres '' database/migrations``)
of :data:`LARAVEL` on PostgreSQL 15, and ``manage.py migrate`` (Django 5.2,
psycopg 3) of :data:`DJANGO` (two apps, ``INSTALLED_APPS = ["accounts",
"blog"]``) on PostgreSQL 15; then ``dbnamelint inspect --db`` of the database.
``test_alembic_upgrade_makes_what_inspect_reads`` runs the Alembic oracle live
(skipped without ``alembic`` or the server).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from oracle_tools import django_python
from pg_server import PgServer


def _laravel(up: str, down: str) -> str:
    """A Laravel migration (an anonymous class, Laravel 9+) whose ``up()`` and
    ``down()`` run ``up`` and ``down`` (lines at the method bodies' left edge)."""
    return (
        "<?php\n\n"
        "use Illuminate\\Database\\Migrations\\Migration;\n"
        "use Illuminate\\Database\\Schema\\Blueprint;\n"
        "use Illuminate\\Support\\Facades\\Schema;\n\n"
        "return new class extends Migration\n{\n"
        "    public function up(): void\n    {\n"
        + textwrap.indent(up, " " * 8)
        + "    }\n\n    public function down(): void\n    {\n"
        + textwrap.indent(down, " " * 8)
        + "    }\n};\n"
    )


ALEMBIC = {
    "migrations/versions/0c1d2e3f4a5b_rename_and_columns.py": r'''"""rename and columns

Revision ID: 0c1d2e3f4a5b
Revises: 9f8e7d6c5b4a
"""
from alembic import op
import sqlalchemy as sa

revision = "0c1d2e3f4a5b"
down_revision = "9f8e7d6c5b4a"


def upgrade():
    op.rename_table("posts", "articles")
    op.alter_column("articles", "body", new_column_name="content")
    op.add_column("users", sa.Column("last_login", sa.DateTime(), nullable=True))
    op.drop_column("users", "full_name")
    op.create_unique_constraint("uq_articles_title", "articles", ["title"])


def downgrade():
    op.execute("ALTER TABLE articles RENAME TO posts")
''',
    "migrations/versions/1a2b3c4d5e6f_create_users.py": r'''"""create users

Revision ID: 1a2b3c4d5e6f
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b3c4d5e6f"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("full_name", sa.String(length=100)),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_index("ix_users_full_name", "users", ["full_name"])


def downgrade():
    op.drop_index("ix_users_full_name", table_name="users")
    op.drop_table("users")
''',
    "migrations/versions/5e6f7a8b9c0d_tags.py": r'''"""tags

Revision ID: 5e6f7a8b9c0d
Revises: 0c1d2e3f4a5b
"""
from alembic import op
import sqlalchemy as sa

revision = "5e6f7a8b9c0d"
down_revision = "0c1d2e3f4a5b"


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("label", sa.String(50), nullable=False, index=True),
    )
    op.create_table(
        "article_tags",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("tag_id", sa.Integer(), sa.ForeignKey("tags.id"), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "tag_id"),
    )
    op.execute("CREATE INDEX ix_article_tags_tag ON article_tags (tag_id)")


def downgrade():
    op.drop_table("article_tags")
    op.drop_table("tags")
''',
    "migrations/versions/9f8e7d6c5b4a_create_posts.py": r'''"""create posts

Revision ID: 9f8e7d6c5b4a
Revises: 1a2b3c4d5e6f
"""
from alembic import op
import sqlalchemy as sa

revision = "9f8e7d6c5b4a"
down_revision = "1a2b3c4d5e6f"


def upgrade():
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text()),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_posts_author"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_posts_author_id", "posts", ["author_id"])


def downgrade():
    op.drop_table("posts")
''',
}
LARAVEL = {
    "database/migrations/2024_01_01_000000_create_users_table.php": _laravel(
        """\
Schema::create('users', function (Blueprint $table) {
    $table->id();
    $table->string('name');
    $table->string('email')->unique();
    $table->timestamp('email_verified_at')->nullable();
    $table->string('password');
    $table->rememberToken();
    $table->timestamps();
});
""",
        "Schema::dropIfExists('users');\n",
    ),
    "database/migrations/2024_01_02_000000_create_posts_table.php": _laravel(
        """\
Schema::create('posts', function (Blueprint $table) {
    $table->id();
    $table->foreignId('user_id')->constrained('users')->cascadeOnDelete();
    $table->string('title', 200);
    $table->text('body')->nullable();
    $table->string('slug')->index();
    $table->timestamps();
    $table->softDeletes();
});
""",
        "Schema::dropIfExists('posts');\n",
    ),
    "database/migrations/2024_01_03_000000_rename_posts_to_articles.php": _laravel(
        """\
Schema::rename('posts', 'articles');
Schema::table('articles', function (Blueprint $table) {
    $table->renameColumn('body', 'content');
    $table->string('summary', 500)->nullable();
    $table->dropColumn('slug');
    $table->unique(['user_id', 'title'], 'articles_user_title_unique');
});
""",
        "Schema::rename('articles', 'posts');\n",
    ),
    "database/migrations/2024_01_04_000000_create_comments_table.php": _laravel(
        """\
Schema::create('comments', function (Blueprint $table) {
    $table->increments('id');
    $table->foreignId('article_id')->constrained('articles');
    $table->unsignedBigInteger('author_id');
    $table->foreign('author_id')->references('id')->on('users');
    $table->text('text');
    $table->index(['article_id', 'created_at']);
    $table->timestamp('created_at')->useCurrent();
});
Schema::table('users', function (Blueprint $table) {
    $table->dropColumn('remember_token');
    $table->string('locale', 8)->default('en');
});
""",
        "Schema::dropIfExists('comments');\n",
    ),
}
#: ``dbnamelint inspect --db`` of the database ``alembic upgrade head`` made from ALEMBIC.
ALEMBIC_MADE = {
    ("column", "article_tags", "article_id"),
    ("column", "article_tags", "tag_id"),
    ("column", "articles", "author_id"),
    ("column", "articles", "content"),
    ("column", "articles", "id"),
    ("column", "articles", "title"),
    ("column", "tags", "id"),
    ("column", "tags", "label"),
    ("column", "users", "email"),
    ("column", "users", "id"),
    ("column", "users", "last_login"),
    ("constraint", "article_tags", "article_tags_article_id_fkey"),
    ("constraint", "article_tags", "article_tags_pkey"),
    ("constraint", "article_tags", "article_tags_tag_id_fkey"),
    ("constraint", "articles", "fk_posts_author"),
    ("constraint", "articles", "posts_pkey"),
    ("constraint", "articles", "uq_articles_title"),
    ("constraint", "tags", "tags_pkey"),
    ("constraint", "users", "uq_users_email"),
    ("constraint", "users", "users_pkey"),
    ("index", "article_tags", "ix_article_tags_tag"),
    ("index", "articles", "ix_posts_author_id"),
    ("index", "tags", "ix_tags_label"),
    ("sequence", "", "posts_id_seq"),
    ("sequence", "", "tags_id_seq"),
    ("sequence", "", "users_id_seq"),
    ("table", "", "article_tags"),
    ("table", "", "articles"),
    ("table", "", "tags"),
    ("table", "", "users"),
}
#: ``dbnamelint inspect --db`` of the database Laravel's migrator made from LARAVEL.
LARAVEL_MADE = {
    ("column", "articles", "content"),
    ("column", "articles", "created_at"),
    ("column", "articles", "deleted_at"),
    ("column", "articles", "id"),
    ("column", "articles", "summary"),
    ("column", "articles", "title"),
    ("column", "articles", "updated_at"),
    ("column", "articles", "user_id"),
    ("column", "comments", "article_id"),
    ("column", "comments", "author_id"),
    ("column", "comments", "created_at"),
    ("column", "comments", "id"),
    ("column", "comments", "text"),
    ("column", "users", "created_at"),
    ("column", "users", "email"),
    ("column", "users", "email_verified_at"),
    ("column", "users", "id"),
    ("column", "users", "locale"),
    ("column", "users", "name"),
    ("column", "users", "password"),
    ("column", "users", "updated_at"),
    ("constraint", "articles", "articles_user_title_unique"),
    ("constraint", "articles", "posts_pkey"),
    ("constraint", "articles", "posts_user_id_foreign"),
    ("constraint", "comments", "comments_article_id_foreign"),
    ("constraint", "comments", "comments_author_id_foreign"),
    ("constraint", "comments", "comments_pkey"),
    ("constraint", "users", "users_email_unique"),
    ("constraint", "users", "users_pkey"),
    ("index", "comments", "comments_article_id_created_at_index"),
    ("sequence", "", "comments_id_seq"),
    ("sequence", "", "posts_id_seq"),
    ("sequence", "", "users_id_seq"),
    ("table", "", "articles"),
    ("table", "", "comments"),
    ("table", "", "users"),
}

DJANGO = {
    "accounts/migrations/0001_initial.py": r"""# Generated by Django 5.2.19 on 2026-12-05 04:08

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Member',
            fields=[
                ('id', models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name='ID'
                )),
                ('name', models.CharField(max_length=100)),
                ('email', models.EmailField(max_length=254, unique=True)),
                ('joined', models.DateTimeField(auto_now_add=True)),
            ],
        ),
    ]
""",
    "accounts/migrations/0002_remove_member_joined_member_bio_member_favourite.py": r"""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('blog', '0003_tag_rename_post_article'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='member',
            name='joined',
        ),
        migrations.AddField(
            model_name='member',
            name='bio',
            field=models.TextField(blank=True, default=''),
        ),
        migrations.AddField(
            model_name='member',
            name='favourite',
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name='fans',
                to='blog.article',
            ),
        ),
    ]
""",
    "blog/migrations/0001_initial.py": r"""# Generated by Django 5.2.19 on 2026-12-05 04:08

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Post',
            fields=[
                ('id', models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name='ID'
                )),
                ('title', models.CharField(max_length=200)),
                ('body', models.TextField()),
                ('slug', models.SlugField()),
                ('author', models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, to='accounts.member'
                )),
            ],
        ),
    ]
""",
    "blog/migrations/0002_rename_body_post_content_post_published.py": r"""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0001_initial'),
    ]

    operations = [
        migrations.RenameField(
            model_name='post',
            old_name='body',
            new_name='content',
        ),
        migrations.AddField(
            model_name='post',
            name='published',
            field=models.BooleanField(default=False),
        ),
    ]
""",
    "blog/migrations/0003_tag_rename_post_article.py": r"""from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('blog', '0002_rename_body_post_content_post_published'),
    ]

    operations = [
        migrations.CreateModel(
            name='Tag',
            fields=[
                ('id', models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name='ID'
                )),
                ('label', models.CharField(max_length=50, unique=True)),
            ],
        ),
        migrations.RenameModel(
            old_name='Post',
            new_name='Article',
        ),
        migrations.AddField(
            model_name='article',
            name='tags',
            field=models.ManyToManyField(to='blog.tag'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['title'], name='article_title_idx'),
        ),
    ]
""",
}
#: ``dbnamelint inspect --db`` of the database ``manage.py migrate`` (Django 5.2) made from DJANGO.
DJANGO_MADE = {
    ("column", "accounts_member", "bio"),
    ("column", "accounts_member", "email"),
    ("column", "accounts_member", "favourite_id"),
    ("column", "accounts_member", "id"),
    ("column", "accounts_member", "name"),
    ("column", "blog_article", "author_id"),
    ("column", "blog_article", "content"),
    ("column", "blog_article", "id"),
    ("column", "blog_article", "published"),
    ("column", "blog_article", "slug"),
    ("column", "blog_article", "title"),
    ("column", "blog_article_tags", "article_id"),
    ("column", "blog_article_tags", "id"),
    ("column", "blog_article_tags", "tag_id"),
    ("column", "blog_tag", "id"),
    ("column", "blog_tag", "label"),
    ("constraint", "accounts_member", "accounts_member_email_key"),
    ("constraint", "accounts_member", "accounts_member_favourite_id_2e48afb9_fk_blog_article_id"),
    ("constraint", "accounts_member", "accounts_member_pkey"),
    ("constraint", "blog_article", "blog_post_author_id_dd7a8485_fk_accounts_member_id"),
    ("constraint", "blog_article", "blog_post_pkey"),
    ("constraint", "blog_article_tags", "blog_article_tags_article_id_82c02dd6_fk_blog_article_id"),
    ("constraint", "blog_article_tags", "blog_article_tags_article_id_tag_id_b78a22e9_uniq"),
    ("constraint", "blog_article_tags", "blog_article_tags_pkey"),
    ("constraint", "blog_article_tags", "blog_article_tags_tag_id_88eb3ed9_fk_blog_tag_id"),
    ("constraint", "blog_tag", "blog_tag_label_key"),
    ("constraint", "blog_tag", "blog_tag_pkey"),
    ("index", "accounts_member", "accounts_member_email_c12225e9_like"),
    ("index", "accounts_member", "accounts_member_favourite_id_2e48afb9"),
    ("index", "blog_article", "article_title_idx"),
    ("index", "blog_article", "blog_post_author_id_dd7a8485"),
    ("index", "blog_article", "blog_post_slug_b95473f2"),
    ("index", "blog_article", "blog_post_slug_b95473f2_like"),
    ("index", "blog_article_tags", "blog_article_tags_article_id_82c02dd6"),
    ("index", "blog_article_tags", "blog_article_tags_tag_id_88eb3ed9"),
    ("index", "blog_tag", "blog_tag_label_1379ed24_like"),
    ("sequence", "", "accounts_member_id_seq"),
    ("sequence", "", "blog_article_tags_id_seq"),
    ("sequence", "", "blog_post_id_seq"),
    ("sequence", "", "blog_tag_id_seq"),
    ("table", "", "accounts_member"),
    ("table", "", "blog_article"),
    ("table", "", "blog_article_tags"),
    ("table", "", "blog_tag"),
}

#: ``dbnamelint inspect --db`` of the SQLite database ``manage.py migrate`` (Django 5.2)
#: made from DJANGO.
DJANGO_SQLITE_MADE = {
    *(made for made in DJANGO_MADE if made[0] in ("column", "table")),  # the same on both
    ("constraint", "accounts_member", "sqlite_autoindex_accounts_member_1"),
    ("constraint", "blog_tag", "sqlite_autoindex_blog_tag_1"),
    ("index", "accounts_member", "accounts_member_favourite_id_2e48afb9"),
    ("index", "blog_article", "article_title_idx"),
    ("index", "blog_article", "blog_post_author_id_dd7a8485"),
    ("index", "blog_article", "blog_post_slug_b95473f2"),
    ("index", "blog_article_tags", "blog_article_tags_article_id_82c02dd6"),
    ("index", "blog_article_tags", "blog_article_tags_article_id_tag_id_b78a22e9_uniq"),
    ("index", "blog_article_tags", "blog_article_tags_tag_id_88eb3ed9"),
}


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _inspect(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def _objects(data: dict) -> set[tuple[str, str, str]]:
    return {(o["kind"], o["table"] or "", o["name"]) for o in data["objects"]}


def test_alembic_revisions_are_read_in_down_revision_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, ALEMBIC)
    code, data = _inspect(root, monkeypatch, "migrations/versions")
    assert code == 0
    assert _objects(data) == ALEMBIC_MADE
    assert not [d for d in data["diagnostics"] if d["severity"] != "info"]


def test_laravel_migrations_are_read_in_file_name_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, LARAVEL)
    code, data = _inspect(root, monkeypatch, "database/migrations")
    assert code == 0
    assert _objects(data) == LARAVEL_MADE
    # Laravel knows a migration by its whole name: 2024_01_0x_... share no version
    assert not [d for d in data["diagnostics"] if d["code"] == "DBN016"]


@pytest.mark.parametrize(
    ("files", "folder", "tool"),
    [
        (ALEMBIC, "migrations/versions", "Alembic revisions"),
        (LARAVEL, "database/migrations", "Laravel migrations"),
    ],
)
def test_init_names_the_code_migration_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], folder: str, tool: str
) -> None:
    root = _tree(tmp_path, files)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert f"Found 4 code migrations: {folder} (4 files, {tool})" in result.output
    assert f"paths:\n  - {folder}\n" in (root / "dbnamelint.yaml").read_text()
    check = CliRunner().invoke(cli, ["inspect"])
    assert "4 tables" in check.output or "3 tables" in check.output


def test_what_a_code_migration_does_not_read_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operation not read and a statement the code completes are DBN013
    warnings (never skipped in silence); a ``# dbnamelint: ignore[DBN013]
    <reason>`` comment above one accepts it (an info note)."""
    revision = ALEMBIC["migrations/versions/5e6f7a8b9c0d_tags.py"]
    extra = (
        "    op.create_sequence('counter_seq')\n"
        "    op.execute('CREATE TABLE ' + NAME + ' (id int)')\n"
        "    # dbnamelint: ignore[DBN013] made by hand, checked\n"
        "    op.execute(f'CREATE TABLE {NAME} (id int)')\n"
    )
    files = dict(ALEMBIC)
    files["migrations/versions/5e6f7a8b9c0d_tags.py"] = revision.replace(
        "\n\ndef downgrade", extra + "\n\ndef downgrade"
    )
    root = _tree(tmp_path, files)
    code, data = _inspect(root, monkeypatch, "migrations/versions")
    assert code == 0
    said = sorted(
        (d["line"], d["severity"], d["message"][:34])
        for d in data["diagnostics"]
        if d["code"] == "DBN013"
    )
    assert said == [
        (26, "warning", "op.create_sequence() is not read: "),
        (27, "warning", "this migration's SQL (CREATE TABLE"),
        (29, "info", "this migration's SQL (CREATE TABLE"),
    ]
    assert _objects(data) == ALEMBIC_MADE


def _alembic() -> str | None:
    """The ``alembic`` command: ``DBNAMELINT_TEST_ALEMBIC``, else on PATH."""
    return os.environ.get("DBNAMELINT_TEST_ALEMBIC") or shutil.which("alembic")


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_alembic_upgrade_makes_what_inspect_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """The oracle live: ``alembic upgrade head`` of ALEMBIC on PostgreSQL,
    then ``inspect --db`` equals ``inspect`` of the files, and ``drift``
    finds none."""
    root = _tree(tmp_path, ALEMBIC)
    (root / "migrations" / "env.py").write_text(
        "from alembic import context\nfrom sqlalchemy import create_engine\n"
        "url = context.config.get_main_option('sqlalchemy.url')\n"
        "try:\n    import psycopg2  # noqa: F401\n"
        "except ImportError:\n    url = url.replace('+psycopg2', '+psycopg')\n"
        "engine = create_engine(url)\n"
        "with engine.connect() as connection:\n"
        "    context.configure(connection=connection)\n"
        "    with context.begin_transaction():\n"
        "        context.run_migrations()\n"
    )
    with pg.fresh_database("dbnamelint_code_model_alembic") as database:
        url = pg.url(database)
        (root / "alembic.ini").write_text(
            "[alembic]\nscript_location = migrations\nsqlalchemy.url = "
            + url.replace("postgresql://", "postgresql+psycopg2://", 1)
            + "\n"
        )
        alembic = _alembic()
        assert alembic is not None
        subprocess.run(
            [alembic, "-c", str(root / "alembic.ini"), "upgrade", "head"],
            check=True,
            capture_output=True,
            cwd=root,
        )
        _code, live = _inspect(root, monkeypatch, "--db", url)
        _code, files = _inspect(root, monkeypatch, "migrations/versions")
        (root / "dbnamelint.yaml").write_text("paths: [migrations/versions]\n")
        drift = CliRunner().invoke(cli, ["drift", "--db", url])
    assert _objects(live) == _objects(files) == ALEMBIC_MADE
    assert drift.exit_code == 0, drift.output
    assert "No drift" in drift.output


def test_django_migrations_are_read_in_dependency_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, DJANGO)
    code, data = _inspect(root, monkeypatch, "accounts/migrations", "blog/migrations")
    assert code == 0
    assert _objects(data) == DJANGO_MADE
    assert not [d for d in data["diagnostics"] if d["severity"] != "info"]


def test_django_names_follow_its_schema_editor() -> None:
    """``_create_index_name`` on PostgreSQL (63 characters): the names
    ``manage.py sqlmigrate`` printed for DJANGO, and a long one cut as it cuts."""
    from dbnamelint.django_ops import index_name

    assert index_name("blog_post", ["slug"], "", "postgres") == "blog_post_slug_b95473f2"
    assert index_name("blog_post", ["slug"], "_like", "postgres") == "blog_post_slug_b95473f2_like"
    assert (
        index_name("accounts_member", ["favourite_id"], "_fk_blog_article_id", "postgres")
        == "accounts_member_favourite_id_2e48afb9_fk_blog_article_id"
    )
    assert (
        index_name("blog_article_tags", ["article_id", "tag_id"], "_uniq", "postgres")
        == "blog_article_tags_article_id_tag_id_b78a22e9_uniq"
    )
    long = index_name("a" * 40, ["b" * 40], "_fk_" + "c" * 30 + "_id", "postgres")
    assert len(long) <= 63


def test_a_django_operation_not_followed_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = dict(DJANGO)
    path = "blog/migrations/0002_rename_body_post_content_post_published.py"
    files[path] = files[path].replace(
        "    operations = [\n",
        "    operations = [\n"
        "        migrations.AlterOrderWithRespectTo(\n"
        "            name='post', order_with_respect_to='author'\n"
        "        ),\n",
    )
    root = _tree(tmp_path, files)
    code, data = _inspect(root, monkeypatch, "accounts/migrations", "blog/migrations")
    assert code == 0
    said = [
        (d["path"], d["line"], d["severity"]) for d in data["diagnostics"] if d["code"] == "DBN013"
    ]
    assert said == [(path, 12, "warning")]


def test_init_names_every_django_app_migrations_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, DJANGO)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert (
        "Found 5 code migrations: accounts/migrations (2 files, Django migrations); "
        "blog/migrations (3 files, Django migrations)"
    ) in result.output
    config = (root / "dbnamelint.yaml").read_text()
    assert "paths:\n  - accounts/migrations\n  - blog/migrations\n" in config
    code, data = _inspect(root, monkeypatch)
    assert code == 0
    assert _objects(data) == DJANGO_MADE


def test_the_gate_judges_a_new_laravel_migration_in_the_model_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the migrations in ``paths:``, a new migration's bad name is the
    rule's finding once, at the PHP call; a builder call not read is one
    ``DBN013`` error (not a second warning of the code gate); an applied
    migration's edited builder call is ``DBN025``."""
    from check_json import check_entries
    from git_helpers import committed_repo

    files = {**LARAVEL, "dbnamelint.yaml": "paths: [database/migrations]\ndialect: postgres\n"}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    head = LARAVEL["database/migrations/2024_01_04_000000_create_comments_table.php"]
    head = head[: head.index("        Schema::create")]
    (root / "database/migrations/2024_02_01_000000_add_flags.php").write_text(
        head
        + "        Schema::table('users', function (Blueprint $table) {\n"
        + "            $table->boolean('IsAdmin')->default(false);\n"
        + "            $table->someMacro('x');\n"
        + "        });\n    }\n};\n"
    )
    applied = root / "database/migrations/2024_01_01_000000_create_users_table.php"
    applied.write_text(
        applied.read_text().replace(
            "            $table->string('password');\n",
            "            $table->string('password');\n            $table->string('nickname');\n",
        )
    )
    _code, entries = check_entries("--base", "main")
    said = sorted((e[0], e[1].rsplit("/", 1)[-1], e[2], e[3]) for e in entries)
    assert said == [
        ("DBN013", "2024_02_01_000000_add_flags.php", 13, "error"),
        ("DBN025", "2024_01_01_000000_create_users_table.php", 11, "error"),
        ("DBN201", "2024_02_01_000000_add_flags.php", 12, "error"),
    ]


def test_sql_the_code_builds_or_reads_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``op.execute(SQL)``, ``RunSQL(SQL)`` and ``DB::unprepared(file_get_contents(...))``
    run SQL no string literal of the call holds: a ``DBN013`` warning each,
    and a constant beside Django's operations is not read as one of them."""
    files = {
        "migrations/versions/aaaaaaaaaaaa_x.py": (
            '"""x"""\nfrom alembic import op\n\nrevision = "aaaaaaaaaaaa"\n'
            "down_revision = None\n\n\ndef upgrade():\n    op.execute(SQL)\n"
            "    op.execute('CREATE TABLE kept (id int)')\n\n\n"
            "def downgrade():\n    op.execute(SQL)\n"
        ),
        "shop/migrations/0001_initial.py": (
            "from django.db import migrations\n\n"
            'SQL = "CREATE TABLE beside (id int)"\n\n\n'
            "class Migration(migrations.Migration):\n"
            "    dependencies = []\n"
            "    operations = [\n"
            "        migrations.RunSQL(SQL, reverse_sql=SQL),\n"
            '        migrations.RunSQL(["CREATE TABLE listed (id int)"]),\n'
            "    ]\n"
        ),
        "database/migrations/2024_01_01_000000_raw.php": (
            "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\n\n"
            "return new class extends Migration\n{\n    public function up(): void\n    {\n"
            "        DB::unprepared(file_get_contents(__DIR__.'/raw.sql'));\n    }\n};\n"
        ),
    }
    root = _tree(tmp_path, files)
    code, data = _inspect(
        root, monkeypatch, "migrations/versions", "shop/migrations", "database/migrations"
    )
    assert code == 0
    said = sorted(
        (d["path"].split("/")[0], d["line"], d["severity"], d["message"].split(" runs")[0])
        for d in data["diagnostics"]
        if d["code"] == "DBN013"
    )
    assert said == [
        ("database", 9, "warning", "DB::unprepared()"),
        ("migrations", 9, "warning", "op.execute()"),
        # RunSQL(SQL) of a module constant is read since s42 (plane):
        # tests/test_django_runsql_constant_s42.py
    ]
    assert {o["name"] for o in data["objects"] if o["kind"] == "table"} == {
        "kept",
        "listed",
        "beside",
    }


def test_a_sql_file_beside_code_migrations_keeps_the_folder_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder holding SQL files too is walked as before: its SQL files are
    read, not its code taken for one tool's migrations."""
    files = dict(LARAVEL)
    files["database/migrations/schema.sql"] = "CREATE TABLE from_sql (id int);\n"
    root = _tree(tmp_path, files)
    code, data = _inspect(root, monkeypatch, "database/migrations")
    assert code == 0
    assert {o["name"] for o in data["objects"] if o["kind"] == "table"} == {"from_sql"}


def test_migrate_write_writes_an_alembic_revision_after_the_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once refused ("a Django or Alembic migration ... --write does not write
    one"); now a revision after the chain's head, 5e6f7a8b9c0d (Alembic's own
    upgrade of such a revision: tests/test_migrate_alembic_write_s40.py)."""
    root = _tree(tmp_path, ALEMBIC)
    monkeypatch.chdir(root)
    before = set((root / "migrations" / "versions").iterdir())
    result = CliRunner().invoke(
        cli,
        ["migrate", "migrations/versions", "--rename-column", "users.email=mail", "--write"],
    )
    assert result.exit_code == 0, result.output
    (new,) = set((root / "migrations" / "versions").iterdir()) - before
    text = new.read_text()
    assert "down_revision = '5e6f7a8b9c0d'" in text
    assert """op.execute(r'''ALTER TABLE "users" RENAME COLUMN "email" TO "mail"''')""" in text


def test_django_migrations_on_sqlite_carry_sqlite_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite Django names no primary or foreign key, writes no ``_like``
    index, and a unique set is a ``CREATE UNIQUE INDEX``; a unique column is
    SQLite's ``sqlite_autoindex_<table>_<n>``."""
    root = _tree(tmp_path, DJANGO)
    code, data = _inspect(
        root, monkeypatch, "--dialect", "sqlite", "accounts/migrations", "blog/migrations"
    )
    assert code == 0
    assert _objects(data) == DJANGO_SQLITE_MADE


@pytest.mark.skipif(
    django_python() is None, reason="DBNAMELINT_TEST_DJANGO names no Python with Django"
)
def test_django_migrate_on_sqlite_makes_what_inspect_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The oracle live: ``manage.py migrate`` of DJANGO on SQLite, then
    ``inspect --db`` equals ``inspect`` of the files."""
    root = _tree(tmp_path, DJANGO)
    for app in ("accounts", "blog"):
        (root / app / "__init__.py").write_text("")
        (root / app / "migrations" / "__init__.py").write_text("")
    (root / "settings.py").write_text(
        'INSTALLED_APPS = ["accounts", "blog"]\n'
        f"DATABASES = {{'default': {{'ENGINE': 'django.db.backends.sqlite3', "
        f"'NAME': {str(root / 'db.sqlite3')!r}}}}}\n"
        "USE_TZ = True\nSECRET_KEY = 'x'\n"
    )
    python = django_python()
    assert python is not None
    subprocess.run(
        [python, "-m", "django", "migrate", "--settings", "settings", "-v", "0"],
        check=True,
        capture_output=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    _code, live = _inspect(root, monkeypatch, "--db", f"sqlite:///{root / 'db.sqlite3'}")
    _code, files = _inspect(
        root, monkeypatch, "--dialect", "sqlite", "accounts/migrations", "blog/migrations"
    )
    assert _objects(live) == _objects(files) == DJANGO_SQLITE_MADE


UNNAMED = r'''"""unnamed

Revision ID: 6b6b6b6b6b6b
Revises: 5e6f7a8b9c0d
"""
from alembic import op
import sqlalchemy as sa

revision = "6b6b6b6b6b6b"
down_revision = "5e6f7a8b9c0d"


def upgrade():
    op.add_column("articles", sa.Column("editor_id", sa.Integer(), nullable=True))
    op.create_foreign_key(None, "articles", "users", ["editor_id"], ["id"])
    op.create_unique_constraint(None, "tags", ["label"])


def downgrade():
    op.drop_constraint(None, "articles", type_="foreignkey")
'''


def test_an_alembic_constraint_named_none_gets_the_databases_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``op.create_foreign_key(None, ...)``: SQLAlchemy writes ``ADD FOREIGN
    KEY`` without ``CONSTRAINT <name>`` and PostgreSQL names it (``alembic
    upgrade head`` of ALEMBIC and UNNAMED made ``articles_editor_id_fkey`` and
    ``tags_label_key``); it was read as a name the code computes (a DBN013
    note) and, laid past the line of the call before it, overwrote that
    call's SQL (DBN005, its column lost)."""
    files = {**ALEMBIC, "migrations/versions/6b6b6b6b6b6b_unnamed.py": UNNAMED}
    root = _tree(tmp_path, files)
    code, data = _inspect(root, monkeypatch, "migrations/versions")
    assert code == 0
    assert _objects(data) == ALEMBIC_MADE | {
        ("column", "articles", "editor_id"),
        ("constraint", "articles", "articles_editor_id_fkey"),
        ("constraint", "tags", "tags_label_key"),
    }
    assert not [d for d in data["diagnostics"] if d["severity"] != "info"]


def _django_settings(root: Path, database: str) -> None:
    """DJANGO's apps as a project whose database ``database`` is the Python
    dict literal of Django's ``DATABASES["default"]``."""
    for app in ("accounts", "blog"):
        (root / app / "__init__.py").write_text("")
        (root / app / "migrations" / "__init__.py").write_text("")
    (root / "settings.py").write_text(
        "try:\n    import pymysql  # Django's MySQL backend on PyMySQL\n"
        "    pymysql.version_info = (2, 2, 4, 'final', 0)\n"
        "    pymysql.install_as_MySQLdb()\n"
        "except ImportError:\n    pass\n"
        'INSTALLED_APPS = ["accounts", "blog"]\n'
        f"DATABASES = {{'default': {database}}}\n"
        "USE_TZ = True\nSECRET_KEY = 'x'\n"
    )
    python = django_python()
    assert python is not None
    done = subprocess.run(
        [python, "-m", "django", "migrate", "--settings", "settings", "-v", "0"],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(
    django_python() is None, reason="DBNAMELINT_TEST_DJANGO names no Python with Django"
)
def test_django_migrate_on_postgres_makes_what_inspect_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """The oracle live on PostgreSQL 15: ``manage.py migrate`` of DJANGO, then
    ``inspect --db`` equals ``inspect`` of the files: the names Django gives
    itself (django_ops.own_names, the gate's) with the primary keys and
    identity sequences the model adds (django_names)."""
    root = _tree(tmp_path, DJANGO)
    info = dict(part.split("=", 1) for part in pg.conninfo.split())
    with pg.fresh_database("dbnamelint_code_model_django") as database:
        _django_settings(
            root,
            repr(
                {
                    "ENGINE": "django.db.backends.postgresql",
                    "NAME": database,
                    "HOST": info.get("host", "127.0.0.1"),
                    "PORT": info.get("port", "5432"),
                    "USER": info.get("user", "postgres"),
                    "PASSWORD": info.get("password", ""),
                }
            ),
        )
        _code, live = _inspect(root, monkeypatch, "--db", pg.url(database))
    _code, files = _inspect(root, monkeypatch, "accounts/migrations", "blog/migrations")
    made = {o for o in _objects(live) if "django_migrations" not in o[1] + o[2]}
    assert made == _objects(files) == DJANGO_MADE


@pytest.mark.skipif(
    django_python() is None, reason="DBNAMELINT_TEST_DJANGO names no Python with Django"
)
def test_django_migrate_on_mariadb_makes_what_inspect_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: object
) -> None:
    """The oracle live on MariaDB 10.11 (Django's MySQL backend: the Python
    needs PyMySQL): ``manage.py migrate`` of DJANGO, then ``inspect --db``
    equals ``inspect --dialect mariadb`` of the files."""
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    python = django_python()
    assert python is not None
    driver = "import pymysql\nexcept ImportError:\n    import MySQLdb"
    found = subprocess.run([python, "-c", f"try:\n    {driver}"], capture_output=True, check=False)
    if found.returncode != 0:
        pytest.skip("the Python of DBNAMELINT_TEST_DJANGO has no MySQL driver (PyMySQL)")
    root = _tree(tmp_path, DJANGO)
    with maria.fresh_database("dbn_code_model_django") as database:
        _django_settings(
            root,
            repr(
                {
                    "ENGINE": "django.db.backends.mysql",
                    "NAME": database,
                    "HOST": maria.host,
                    "PORT": str(maria.port),
                    "USER": "root",
                }
            ),
        )
        _code, live = _inspect(root, monkeypatch, "--db", maria.url(database))
    _code, files = _inspect(
        root, monkeypatch, "--dialect", "mariadb", "accounts/migrations", "blog/migrations"
    )
    made = {o for o in _objects(live) if "django_migrations" not in o[1] + o[2]}
    assert made == _objects(files)


SELF_REFERENCE = {
    "tree/migrations/0001_initial.py": """from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name='Node',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('parent', models.ForeignKey(
                    null=True, on_delete=django.db.models.deletion.CASCADE, to='self'
                )),
                ('links', models.ManyToManyField(to='self')),
            ],
        ),
    ]
""",
}


@pytest.mark.skipif(
    django_python() is None, reason="DBNAMELINT_TEST_DJANGO names no Python with Django"
)
def test_a_relation_to_self_is_to_the_models_own_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``to='self'`` (a hand-written migration; makemigrations writes the
    label): the foreign key is to the model's own table and a many-to-many
    table's columns are ``from_node_id``/``to_node_id``
    (``create_many_to_many_intermediary_model``), as ``manage.py migrate``
    makes them on SQLite; they were to a table ``tree_self`` and a column
    ``self_id``."""
    root = _tree(tmp_path, SELF_REFERENCE)
    (root / "tree" / "__init__.py").write_text("")
    (root / "tree" / "migrations" / "__init__.py").write_text("")
    (root / "settings.py").write_text(
        'INSTALLED_APPS = ["tree"]\n'
        f"DATABASES = {{'default': {{'ENGINE': 'django.db.backends.sqlite3', "
        f"'NAME': {str(root / 'db.sqlite3')!r}}}}}\n"
        "USE_TZ = True\nSECRET_KEY = 'x'\n"
    )
    python = django_python()
    assert python is not None
    subprocess.run(
        [python, "-m", "django", "migrate", "tree", "--settings", "settings", "-v", "0"],
        check=True,
        capture_output=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    _code, live = _inspect(root, monkeypatch, "--db", f"sqlite:///{root / 'db.sqlite3'}")
    _code, files = _inspect(root, monkeypatch, "--dialect", "sqlite", "tree/migrations")
    made = {o for o in _objects(live) if "django_migrations" not in o[1] + o[2]}
    assert made == _objects(files)
    assert ("column", "tree_node_links", "from_node_id") in made
