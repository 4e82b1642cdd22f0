"""DBN105 skips a typed table only where the standard puts its type infix.

The type-infix standard (seed 000, CORA ADR-011 Rule 8, DBN104) reads
``<module>_<type>_<name>``: the infix is the word right after the module
prefix (``ws_log_activity``, ``user_log_auth`` in module access). A table is
of a type only when that position holds an infix; without DBN104 in the
run no standard has infixes. The trial's case (hatchet, recommended rules):
every ``*_queue_item`` table passed DBN105 because ``queue`` is a default
infix and happened to be the second word (``internal_queue_item``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files


def _plural_findings(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    return {
        f["name"]: f["suggestion"]
        for f in json.loads(result.stdout)["findings"]
        if f["code"] == "DBN105"
    }


def test_without_an_infix_standard_queue_tables_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/001.sql": "".join(
                f"CREATE TABLE {n} (id int);\n"
                for n in (
                    "internal_queue_item",
                    "v1_queue_item",
                    "v1_retry_queue_item",
                    "ws_log_activity",
                    "message_queues",
                )
            ),
        },
    )
    assert _plural_findings(tmp_path, monkeypatch) == {
        "internal_queue_item": "internal_queue_items",
        "v1_queue_item": "v1_queue_items",
        "v1_retry_queue_item": "v1_retry_queue_items",
        "ws_log_activity": "ws_log_activities",
    }


def test_with_the_cora_standard_the_infix_follows_the_module_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = "".join
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": "extends: [cora]\npaths: [.]\ndialect: postgres\n",
            # seed 000's target names: typed after their module's prefix
            "module-ws/db/schema/001.sql": sql(
                f"CREATE TABLE {n} (id int);\n"
                for n in ("ws_cfg_sys", "ws_cfg_org", "ws_log_activity", "ws_queue_item")
            ),
            "module-access/db/schema/001.sql": sql(
                f"CREATE TABLE {n} (id int);\n"
                for n in ("access_cfg_sys_idp", "access_log_idp_audit", "user_log_auth")
            ),
            "module-mgmt/db/schema/001.sql": sql(
                f"CREATE TABLE {n} (id int);\n"
                for n in ("mgmt_usage_modules_daily", "mgmt_cfg_sys_lambda")
            ),
            # second word an infix, but not after the module's prefix
            "module-kb/db/schema/001.sql": sql(
                f"CREATE TABLE {n} (id int);\n"
                for n in ("kb_chat_queue_item", "app_queue_item", "chat_queue_item")
            ),
        },
    )
    assert _plural_findings(tmp_path, monkeypatch) == {
        "kb_chat_queue_item": "kb_chat_queue_items",
        "app_queue_item": "kb_app_queue_items",  # with DBN102's module prefix
    }
