"""``migrate --write`` in an Ecto app says how to make an Ecto migration (trial s28 plausible).

An Ecto app's schema is ``priv/<repo>/structure.sql`` (``mix ecto.dump``)
beside ``priv/<repo>/migrations/*.exs``; Ecto never runs a ``.sql`` file.
The refusal advised ``--layout numbered`` (a ``db/000-schema.sql``), which
would break ``mix ecto.load``. It now says to put the SQL in an Ecto
migration, as Rails' refusal does for Rails (Ecto's ``execute/1``; Postgrex
runs one statement per query).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo

DUMP = """\
CREATE TABLE public."ApiKeys" (id bigint NOT NULL);
CREATE TABLE public.schema_migrations (version bigint NOT NULL, inserted_at timestamp(0));
INSERT INTO public."schema_migrations" (version) VALUES (20190109173917);
"""


def test_migrate_write_in_an_ecto_app_says_how_to_make_an_ecto_migration(
    git_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = git_project
    (root / "priv/repo/migrations").mkdir(parents=True)
    (root / "priv/repo/migrations/20190109173917_create_api_keys.exs").write_text(
        "defmodule M do\n  use Ecto.Migration\nend\n"
    )
    (root / "priv/repo/structure.sql").write_text(DUMP)
    (root / "dbnamelint.yaml").write_text("paths: [priv/repo]\ndialect: postgres\n")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    init_repo(root, "base")
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert result.exit_code == 2, result.output
    assert "Ecto's schema dump" in result.stderr
    assert "mix ecto.gen.migration" in result.stderr
    assert "--layout numbered" not in result.stderr
    printed = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert printed.exit_code == 0, printed.output
    assert 'ALTER TABLE "public"."ApiKeys" RENAME TO "api_keys"' in printed.stdout
