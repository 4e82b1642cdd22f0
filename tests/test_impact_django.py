"""``dbnamelint impact`` on Django models that name their tables and columns by convention.

The oracle is Django itself: the fixture apps are imported with a minimal
``settings.configure`` in a subprocess, and ``Model._meta.db_table`` and
each field's ``column`` (and a many-to-many field's join table) are what
the expected references and the patched files are checked against. Where
Django is not installed the same values come from its documentation:
"Models" (``<app_label>_<model name lower>``), "Model Meta options:
db_table / abstract / proxy / managed", "Applications: AppConfig.label"
(default: the last component of ``name``), "Model field reference:
db_column" (a ``ForeignKey``'s column is ``<name>_id``) and
"ManyToManyField.db_table" (``<table>_<field>``). Trial s8-t2 finding F10.

Searches run through the real ``git grep``; patches through the real ``git apply``.
"""

from __future__ import annotations

import json
import py_compile
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files
from impact_notes import views_then_refused_cleanup
from oracle_tools import django_python

API_MODELS = '''\
from django.db import models


class Channel(models.Model):
    """Where alerts go."""

    kind = models.CharField(max_length=20)


class Special(Channel):  # multi-table inheritance: a table of its own
    extra = models.TextField(blank=True)


class TimeStamped(models.Model):
    created_on = models.DateTimeField(null=True)

    class Meta:
        abstract = True


class Check(TimeStamped):
    n_pings = models.IntegerField(default=0)
    channel = models.ForeignKey(
        Channel,
        on_delete=models.CASCADE,  # the owner
    )
    channels = models.ManyToManyField(Channel, related_name="checks")
    legacy = models.CharField(max_length=5, db_column="old_code")

    class Meta:
        ordering = ["id"]


class OpenCheck(Check):
    class Meta:
        proxy = True


class Ping(models.Model):
    n = models.IntegerField(null=True)

    class Meta:
        db_table = "pings_legacy"


class Report(models.Model):
    class Meta:
        managed = False
'''

FILES = {
    "hc/__init__.py": "",
    "hc/api/__init__.py": "",
    "hc/api/apps.py": (
        'from django.apps import AppConfig\n\n\nclass ApiConfig(AppConfig):\n    name = "hc.api"\n'
    ),
    "hc/api/models.py": API_MODELS,
    "hc/accounts/__init__.py": "",
    "hc/accounts/apps.py": (
        "from django.apps import AppConfig\n\n\nclass AccountsConfig(AppConfig):\n"
        '    name = "hc.accounts"\n    label = "acct"\n'
    ),
    "hc/accounts/models.py": (
        "from django.db.models import CASCADE, ForeignKey, Model, OneToOneField\n"
        "from hc.api.models import Channel\n\n\n"
        "class Profile(Model):\n"
        "    channel = OneToOneField(Channel, on_delete=CASCADE)\n"
    ),
    # An app without apps.py, its models in a package: the label is the folder's name.
    "shop/__init__.py": "",
    "shop/models/__init__.py": "from .order import Order\n",
    "shop/models/order.py": (
        "import django.db.models\n\n\n"
        "class Order(django.db.models.Model):\n"
        "    total = django.db.models.IntegerField()\n"
    ),
    # Flask-SQLAlchemy: a models.py, but db.Model names no Django table.
    "web/models.py": "class Channel(db.Model):\n    kind = db.Column(db.String)\n",
}

SCHEMA = """\
CREATE TABLE api_channel (id int PRIMARY KEY, kind text);
CREATE TABLE api_special (channel_ptr_id int PRIMARY KEY, extra text);
CREATE TABLE api_check (id int PRIMARY KEY, created_on timestamp, n_pings int,
  channel_id int, old_code text);
CREATE TABLE api_check_channels (id int PRIMARY KEY, check_id int, channel_id int);
CREATE TABLE pings_legacy (id int PRIMARY KEY, n int);
CREATE TABLE api_report (id int PRIMARY KEY);
CREATE TABLE acct_profile (id int PRIMARY KEY, channel_id int);
CREATE TABLE shop_order (id int PRIMARY KEY, total int);
"""

#: (old table or table.column, new name)
RENAMES = {
    "api_channel": "api_channels",
    "api_special": "api_specials",
    "api_check": "api_checks",
    "api_check_channels": "api_check_links",
    "pings_legacy": "pings",
    "api_report": "api_reports",
    "acct_profile": "acct_profiles",
    "shop_order": "shop_orders",
    "api_check.n_pings": "ping_count",
    "api_check.channel_id": "chan_id",
    "api_check.created_on": "created_at",
    "api_check.old_code": "code",
    "pings_legacy.n": "seq",
    "acct_profile.channel_id": "target_channel_id",
    "shop_order.total": "amount",
}


def _whitelist() -> str:
    lines = ['phases:\n  - {id: "1", title: "Legacy", status: open}\nentries:\n']
    for old, new in RENAMES.items():
        kind = "column" if "." in old else "table"
        lines.append(f'  - {{kind: {kind}, name: {old}, phase: "1", target: {new}}}\n')
    return "".join(lines)


ORACLE = """\
import json, sys
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=["hc.api", "hc.accounts", "shop"])
django.setup()
from django.apps import apps
out = {}
for model in apps.get_models():
    meta = model._meta
    out[meta.label] = {
        "table": meta.db_table,
        "columns": [f.column for f in meta.local_fields],
        "m2m": [f.m2m_db_table() for f in meta.local_many_to_many],
    }
print(json.dumps(out))
"""


def _django(root: Path) -> dict[str, Any]:
    """What Django itself names each model's table, columns and join tables."""
    python = django_python()
    if python is None:
        pytest.skip("no Python with Django (DBNAMELINT_TEST_DJANGO)")
    done = subprocess.run(
        [python, "-c", ORACLE], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    write_files(
        root,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": _whitelist(),
            "db/schema.sql": SCHEMA,
            **FILES,
        },
    )
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    return root


def _refs(root: Path) -> list[tuple[str, int, int, str, str, str, str]]:
    settings = load_settings(root, None, (), (), ())
    impact = collect_impact(settings, root)
    return sorted(
        (r.path, r.line, r.column, r.name, r.target.name, r.confidence, r.context)
        for r in impact.references
        if r.confidence == "high"
    )


def test_the_fixture_schema_is_what_django_names(repo: Path) -> None:
    found = _django(repo)
    assert {label: names["table"] for label, names in found.items()} == {
        "api.Channel": "api_channel",
        "api.Special": "api_special",
        "api.Check": "api_check",
        "api.OpenCheck": "api_check",  # proxy: its base's table
        "api.Ping": "pings_legacy",
        "api.Report": "api_report",
        "acct.Profile": "acct_profile",  # AppConfig.label
        "shop.Order": "shop_order",  # no AppConfig: the folder
    }
    assert found["api.Check"]["columns"] == [
        "id",
        "created_on",
        "n_pings",
        "channel_id",
        "old_code",
    ]
    assert found["api.Check"]["m2m"] == ["api_check_channels"]
    assert found["api.Special"]["columns"] == ["channel_ptr_id", "extra"]
    assert found["acct.Profile"]["columns"] == ["id", "channel_id"]


def test_django_models_are_their_conventional_tables_and_columns(repo: Path) -> None:
    model, field, m2m = (
        "Django model (convention)",
        "Django model field (convention)",
        "Django many-to-many table (convention)",
    )
    api = "hc/api/models.py"
    assert _refs(repo) == [
        ("hc/accounts/models.py", 5, 7, "Profile", "acct_profile", "high", model),
        ("hc/accounts/models.py", 6, 5, "channel", "acct_profile.channel_id", "high", field),
        (api, 4, 7, "Channel", "api_channel", "high", model),
        (api, 10, 7, "Special", "api_special", "high", model),
        (api, 15, 5, "created_on", "api_check.created_on", "high", field),  # abstract base
        (api, 21, 7, "Check", "api_check", "high", model),
        (api, 22, 5, "n_pings", "api_check.n_pings", "high", field),
        (api, 23, 5, "channel", "api_check.channel_id", "high", field),
        (api, 27, 5, "channels", "api_check_channels", "high", m2m),
        (api, 28, 56, "old_code", "api_check.old_code", "high", "Django db_column"),
        (api, 40, 5, "n", "pings_legacy.n", "high", field),
        (api, 43, 21, "pings_legacy", "pings_legacy", "high", "Django db_table"),
        (api, 46, 7, "Report", "api_report", "high", model),  # managed = False
        ("shop/models/order.py", 4, 7, "Order", "shop_order", "high", model),
        ("shop/models/order.py", 5, 5, "total", "shop_order.total", "high", field),
    ]
    # The word n_pings at the field is settled as the field's column, not also plain text.
    settings = load_settings(repo, None, (), (), ())
    at_field = [
        r for r in collect_impact(settings, repo).references if (r.path, r.line) == (api, 22)
    ]
    assert [(r.confidence, r.context) for r in at_field] == [("high", field)]


def test_diff_maps_the_models_and_django_reads_the_new_names(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "impact.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "impact.patch")
    for path in ("hc/api/models.py", "hc/accounts/models.py", "shop/models/order.py"):
        py_compile.compile(str(repo / path), doraise=True)
    patched = (repo / "hc/api/models.py").read_text(encoding="utf-8")
    assert (
        "    kind = models.CharField(max_length=20)\n\n"
        '    class Meta:\n        db_table = "api_channels"\n'
    ) in patched
    assert '        ordering = ["id"]\n        db_table = "api_checks"\n' in patched
    assert '        on_delete=models.CASCADE, db_column="chan_id",  # the owner\n' in patched
    assert (repo / "web/models.py").read_text(encoding="utf-8") == FILES["web/models.py"]
    found = _django(repo)
    assert {label: names["table"] for label, names in found.items()} == {
        "api.Channel": "api_channels",
        "api.Special": "api_specials",
        "api.Check": "api_checks",
        "api.OpenCheck": "api_checks",
        "api.Ping": "pings",
        "api.Report": "api_reports",
        "acct.Profile": "acct_profiles",
        "shop.Order": "shop_orders",
    }
    assert found["api.Check"]["columns"] == ["id", "created_at", "ping_count", "chan_id", "code"]
    assert found["api.Check"]["m2m"] == ["api_check_links"]
    assert found["api.Ping"]["columns"] == ["id", "seq"]
    assert found["acct.Profile"]["columns"] == ["id", "target_channel_id"]
    assert found["shop.Order"]["columns"] == ["id", "amount"]


def test_views_where_referenced_makes_the_view_of_a_convention_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Trial s8-t2 F10's repro: without the model, api_channel was "not referenced"
    # and the plan made no view, so Channel.objects.count() failed after the forward.
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    write_files(
        root,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": (
                'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
                '  - {kind: table, name: api_channel, phase: "1", target: api_channels}\n'
                '  - {kind: table, name: api_flip, phase: "1", target: api_flips}\n'
            ),
            "db/001.sql": (
                "CREATE TABLE api_channel (id int, kind text);\nCREATE TABLE api_flip (id int);\n"
            ),
            "hc/api/apps.py": (
                "from django.apps import AppConfig\n"
                'class ApiConfig(AppConfig):\n    name = "hc.api"\n'
            ),
            "hc/api/models.py": (
                "from django.db import models\n\n\nclass Channel(models.Model):\n"
                "    kind = models.CharField(max_length=20)\n"
            ),
        },
    )
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    plan, refusal = views_then_refused_cleanup(root)
    assert 'CREATE VIEW "api_channel" AS SELECT * FROM "api_channels";' in plan
    assert 'CREATE VIEW "api_flip"' not in plan  # no code uses it
    # s8-t3 F16: the cleanup's refusal names the table the model still uses,
    # not the class it spells.
    assert "code still uses api_channel (1 high-confidence reference: " in refusal
    assert "hc/api/models.py:4 (api_channel, by Channel)" in refusal


def test_an_abstract_field_shared_with_an_unrenamed_table_is_not_patched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Django docs, "Abstract base classes": the base's fields are added to each
    # child's table; a db_column= on the base would rename api_note's column too.
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    models = (
        "from django.db import models\n\n\nclass Stamped(models.Model):\n"
        "    created_on = models.DateTimeField()\n\n    class Meta:\n        abstract = True\n\n\n"
        "class Flip(Stamped):\n    pass\n\n\nclass Note(Stamped):\n    pass\n"
    )
    write_files(
        root,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": (
                'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
                '  - {kind: column, name: api_flip.created_on, phase: "1", target: created_at}\n'
            ),
            "db/001.sql": (
                "CREATE TABLE api_flip (id int, created_on timestamp);\n"
                "CREATE TABLE api_note (id int, created_on timestamp);\n"
            ),
            "api/models.py": models,
        },
    )
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    settings = load_settings(root, None, (), (), ())
    refs = collect_impact(settings, root).references
    assert [(r.line, r.confidence, r.context) for r in refs] == [
        (5, "plain", "Django abstract model field (column of other tables too)")
    ]
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0 and result.stdout == ""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    write_files(root, files)
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    return root


def test_diff_keeps_crlf_tabs_non_ascii_and_a_missing_final_newline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two AppConfigs in apps.py: Django picks the one saying default = True
    # ("Applications: Configuring applications"); Meta.app_label overrides it.
    models = (
        "from django.db import models\r\n\r\n\r\n"
        "class Café(models.Model):\r\n"
        '\t"""Un café."""\r\n'
        '\tnom = models.CharField(max_length=3, verbose_name="é")\r\n\r\n\r\n'
        "class Tag(models.Model):\r\n"
        "\tlabel = models.CharField(\r\n\t\tmax_length=3,\r\n\t)\r\n\r\n"
        '\tclass Meta:\r\n\t\t"""Options."""\r\n\t\tapp_label = "shop"'
    )
    root = _repo(
        tmp_path,
        monkeypatch,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": (
                'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
                '  - {kind: table, name: cafe_café, phase: "1", target: cafe_cafes}\n'
                '  - {kind: column, name: cafe_café.nom, phase: "1", target: name}\n'
                '  - {kind: table, name: shop_tag, phase: "1", target: shop_tags}\n'
                '  - {kind: column, name: shop_tag.label, phase: "1", target: title}\n'
            ),
            "db/001.sql": (
                'CREATE TABLE "cafe_café" (id int, nom text);\n'
                "CREATE TABLE shop_tag (id int, label text);\n"
            ),
            "menu/__init__.py": "",
            "menu/apps.py": (
                "from django.apps import AppConfig\n\n\n"
                'class Other(AppConfig):\n    name = "menu"\n    label = "other"\n\n\n'
                'class MenuConfig(AppConfig):\n    default = True\n    name = "menu"\n'
                '    label = "cafe"\n'
            ),
            "menu/models.py": models,
            "shop/__init__.py": "",
            "shop/models.py": "",
        },
    )
    assert (root / "menu/models.py").read_bytes() == models.encode("utf-8")  # CRLF kept
    oracle = ORACLE.replace('["hc.api", "hc.accounts", "shop"]', '["menu", "shop"]')
    python = django_python()
    if python is None:
        pytest.skip("no Python with Django (DBNAMELINT_TEST_DJANGO)")

    def django_names() -> dict[str, Any]:
        done = subprocess.run(
            [python, "-c", oracle], cwd=root, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)  # type: ignore[no-any-return]

    assert django_names() == {
        "cafe.Café": {"table": "cafe_café", "columns": ["id", "nom"], "m2m": []},
        "shop.Tag": {"table": "shop_tag", "columns": ["id", "label"], "m2m": []},
    }
    assert _refs(root) == [
        ("menu/models.py", 4, 7, "Café", "cafe_café", "high", "Django model (convention)"),
        ("menu/models.py", 6, 2, "nom", "cafe_café.nom", "high", "Django model field (convention)"),
        ("menu/models.py", 9, 7, "Tag", "shop_tag", "high", "Django model (convention)"),
        (
            "menu/models.py",
            10,
            2,
            "label",
            "shop_tag.label",
            "high",
            "Django model field (convention)",
        ),
    ]
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root / "impact.patch").write_bytes(result.stdout_bytes)  # .stdout turns CRLF into LF
    git(root, "apply", "impact.patch")
    patched = (root / "menu/models.py").read_bytes().decode("utf-8")
    assert patched == (
        "from django.db import models\r\n\r\n\r\n"
        "class Café(models.Model):\r\n"
        '\t"""Un café."""\r\n'
        '\tnom = models.CharField(max_length=3, verbose_name="é", db_column="name")\r\n'
        '\r\n\tclass Meta:\r\n\t\tdb_table = "cafe_cafes"\r\n\r\n\r\n'
        "class Tag(models.Model):\r\n"
        '\tlabel = models.CharField(\r\n\t\tmax_length=3, db_column="title",\r\n\t)\r\n\r\n'
        '\tclass Meta:\r\n\t\t"""Options."""\r\n'
        '\t\tdb_table = "shop_tags"\r\n\t\tapp_label = "shop"'
    )
    py_compile.compile(str(root / "menu/models.py"), doraise=True)
    assert django_names() == {
        "cafe.Café": {"table": "cafe_cafes", "columns": ["id", "name"], "m2m": []},
        "shop.Tag": {"table": "shop_tags", "columns": ["id", "title"], "m2m": []},
    }


def test_views_where_referenced_counts_a_rails_convention_model_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plan compared the written word (Article) with the old name (articles).
    root = _repo(
        tmp_path,
        monkeypatch,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": (
                'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
                '  - {kind: table, name: articles, phase: "1", target: posts}\n'
            ),
            "db/001.sql": "CREATE TABLE articles (id int);\n",
            "app/models/article.rb": "class Article < ApplicationRecord\nend\n",
        },
    )
    assert root.is_dir()
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--views-where-referenced"])
    assert result.exit_code == 0, result.stderr
    assert 'CREATE VIEW "articles" AS SELECT * FROM "posts";' in result.stdout


def test_a_meta_added_below_an_abstract_base_keeps_inheriting_its_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Django docs, "Abstract base classes: Meta inheritance": a child declaring
    # its own Meta extends the base's only as class Meta(Base.Meta); a bare
    # class Meta would drop the base's ordering (and its indexes, constraints).
    root = _repo(
        tmp_path,
        monkeypatch,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": (
                'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
                '  - {kind: table, name: api_flip, phase: "1", target: api_flips}\n'
                '  - {kind: table, name: api_note, phase: "1", target: api_notes}\n'
            ),
            "db/001.sql": (
                "CREATE TABLE api_flip (id int, created timestamp);\n"
                "CREATE TABLE api_note (id int);\n"
            ),
            "core/__init__.py": "",
            "core/models.py": (
                "from django.db import models\n\n\nclass Stamped(models.Model):\n"
                "    created = models.DateTimeField(null=True)\n\n"
                '    class Meta:\n        abstract = True\n        ordering = ["-created"]\n'
            ),
            "api/__init__.py": "",
            "api/models/__init__.py": "from .flip import Flip\nfrom .note import Note\n",
            "api/models/base.py": (
                "from django.db import models\n\n\nclass Local(models.Model):\n"
                '    class Meta:\n        abstract = True\n        ordering = ["id"]\n'
            ),
            "api/models/flip.py": (
                "from core.models import Stamped\n\n\nclass Flip(Stamped):\n    pass\n"
            ),
            "api/models/note.py": "from .base import Local\n\n\nclass Note(Local):\n    pass\n",
        },
    )
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    assert "was not found" not in result.stderr
    (root / "impact.patch").write_bytes(result.stdout_bytes)
    git(root, "apply", "impact.patch")
    assert (root / "api/models/flip.py").read_text(encoding="utf-8") == (
        "from core.models import Stamped\n\n\nclass Flip(Stamped):\n    pass\n\n"
        '    class Meta(Stamped.Meta):\n        db_table = "api_flips"\n'
    )
    python = django_python()
    if python is None:
        pytest.skip("no Python with Django (DBNAMELINT_TEST_DJANGO)")
    oracle = (
        "import django\nfrom django.conf import settings\n"
        'settings.configure(INSTALLED_APPS=["core", "api"])\ndjango.setup()\n'
        "from api.models import Flip, Note\n"
        "print(Flip._meta.db_table, Flip._meta.ordering,\n"
        "      Note._meta.db_table, Note._meta.ordering)\n"
    )
    done = subprocess.run(
        [python, "-c", oracle], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["api_flips", "['-created']", "api_notes", "['id']"]


CATALOG = """\
import django.db.models as models


class Tag(models.Model):
    label = models.CharField(max_length=50)


class Product(models.Model):
    name = models.CharField(max_length=100)
    tags = models.ManyToManyField(Tag)
    extras = models.ManyToManyField(Tag, related_name="+", db_table="shop_extras")
"""


def test_a_model_given_db_table_keeps_its_join_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """s8-t3 F7: Django names an unpinned join table after its model's table
    (``<db_table>_<field>``), so a ``db_table`` added to ``Product`` alone moved
    ``tags`` to ``shop_products_tags``, a table no migration made. The patch
    pins the join table under its current name; one already pinned is left."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    whitelist = (
        'phases:\n  - {id: "1", title: "Legacy", status: open}\nentries:\n'
        '  - {kind: table, name: shop_product, phase: "1", target: shop_products}\n'
        '  - {kind: table, name: shop_tag, phase: "1", target: shop_tags}\n'
    )
    write_files(
        root,
        {
            **FILES,
            "shop/models/__init__.py": (
                "from .order import Order\nfrom .catalog import Product, Tag\n"
            ),
            "shop/models/catalog.py": CATALOG,
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": whitelist,
            "db/schema.sql": SCHEMA + "CREATE TABLE shop_tag (id int PRIMARY KEY, label text);\n"
            "CREATE TABLE shop_product (id int PRIMARY KEY, name text);\n"
            "CREATE TABLE shop_product_tags (id int PRIMARY KEY, product_id int, tag_id int);\n"
            "CREATE TABLE shop_extras (id int PRIMARY KEY, product_id int, tag_id int);\n",
        },
    )
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    before = _django(root)
    assert before["shop.Product"]["m2m"] == ["shop_product_tags", "shop_extras"]
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root / "impact.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", "impact.patch")
    py_compile.compile(str(root / "shop/models/catalog.py"), doraise=True)
    after = _django(root)
    assert after["shop.Product"]["table"] == "shop_products"
    assert after["shop.Tag"]["table"] == "shop_tags"
    assert after["shop.Product"]["m2m"] == ["shop_product_tags", "shop_extras"]
