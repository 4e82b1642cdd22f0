"""Property: for random names and every shipped pack, the merged target passes
every active rule of the pack, or the object says it has no consistent fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbnamelint.config import Settings, load_settings
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.engine import run_rules
from dbnamelint.rules.pack_files import list_packs
from dbnamelint.runner.pipeline import schema_from_sql

WORDS = st.sampled_from(
    [
        "user",
        "users",
        "User",
        "Account",
        "config",
        "settings",
        "log",
        "history",
        "sys",
        "org",
        "ai",
        "ws",
        "access",
        "prompt",
        "prompts",
        "status",
        "analysis",
        "json",
        "kb",
        "linearized",
        "combined",
        "to",
        "data",
        "news",
        "people",
        "document",
        "documentation",
        "stripe",
        "messages",
        "order",
        "select",
    ]
)
NAMES = st.lists(WORDS, min_size=1, max_size=5).flatmap(
    lambda ws: st.sampled_from(["_".join(ws), "".join(w.capitalize() for w in ws)])
)
MODULES = st.sampled_from(["module-ws/", "module-access/", "module-ai/", ""])


def _settings(pack: str, root: Path) -> Settings:
    (root / "dbnamelint.yaml").write_text(f"extends: [{pack}]\n", encoding="utf-8")
    return load_settings(root, Path("dbnamelint.yaml"))


@pytest.mark.parametrize("pack", list_packs())
def test_merged_target_passes_every_active_rule(
    pack: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    config = _settings(pack, tmp_path_factory.mktemp(pack))

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(name=NAMES, folder=MODULES, quoted=st.booleans())
    def prop(name: str, folder: str, quoted: bool) -> None:
        written = f'"{name}"' if quoted else name
        sql = f"CREATE TABLE {written} (id int);\n"
        path = f"{folder}db/schema/001.sql"
        schema = schema_from_sql(sql, path=path, module_pattern=config.module_pattern)
        ctx = RuleContext(schema=schema, modules=config.module_infos())
        findings = run_rules(schema, config.rules, ctx)
        # DBN503 reports missing required objects: not this table
        tables = [f for f in findings if f.object in schema.objects]
        if not tables:
            return
        assert len({(f.suggestion, f.no_fix) for f in tables}) == 1  # one answer per object
        target = tables[0].fix
        if target is None:
            return  # no rule proposes a name, or no consistent fix (said in no_fix)
        if tables[0].no_fix is not None:
            return  # an explicit map's target the other rules reject: reported
        renamed = f'"{target.new_name}"' if target.quoted else target.new_name
        again = schema_from_sql(
            f"CREATE TABLE {renamed} (id int);\n", path=path, module_pattern=config.module_pattern
        )
        ctx2 = RuleContext(schema=again, modules=config.module_infos())
        left = [
            (f.code, f.message)
            for f in run_rules(again, config.rules, ctx2)
            if f.object in again.objects
        ]
        assert left == [], (name, target)

    prop()
