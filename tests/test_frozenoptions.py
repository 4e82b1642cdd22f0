"""Rules read back from the settings cache run without pydantic, and judge alike.

A cached rule holds its options as :class:`FrozenOptions` (the field values
of its pydantic model); these tests hold it against the rule built from the
configuration the usual way, for every built-in rule of every shipped pack,
and check in a real process that a cache hit does not import pydantic.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dbnamelint.config.load import load_settings
from dbnamelint.config.settings import Settings
from dbnamelint.rules.builtin import BUILTIN_MODULES
from dbnamelint.rules.engine import run_rules
from dbnamelint.rules.frozenoptions import FrozenOptions
from dbnamelint.rules.pack_files import list_packs
from dbnamelint.rules.registry import discover_rules
from dbnamelint.runner import pickled
from dbnamelint.runner.pipeline import schema_from_sql

#: Names that break most standards the packs describe: case, plurals, prefixes,
#: infixes, legacy names, templates, length, reserved words, generic names.
SCHEMA = textwrap.dedent(
    """\
    CREATE TABLE "UserAccount" (id int PRIMARY KEY, "firstName" text, data text);
    CREATE TABLE user_profile (id int, account_id int REFERENCES "UserAccount" (id));
    CREATE TABLE ws_activity_logs (id int, "order" int);
    CREATE TABLE tbl_temp (id int UNIQUE);
    CREATE TABLE a_table_name_that_goes_on_and_on_far_beyond_what_any_database_allows_x (id int);
    CREATE INDEX ix1 ON user_profile (account_id);
    CREATE VIEW "AccountView" AS SELECT id FROM "UserAccount";
    ALTER TABLE user_profile ADD CONSTRAINT fk_a
        FOREIGN KEY (account_id) REFERENCES "UserAccount" (id);
    """
)


def _settings(tmp_path: Path, pack: str) -> Settings:
    (tmp_path / "dbnamelint.yaml").write_text(f"extends: [{pack}]\n", "utf-8")
    return load_settings(tmp_path)


@pytest.mark.parametrize("pack", list_packs())
def test_cached_rules_hold_the_same_options_and_find_the_same(tmp_path: Path, pack: str) -> None:
    settings = _settings(tmp_path, pack)
    restored = pickled.loads(pickled.dumps(settings))
    assert isinstance(restored, Settings)
    assert len(restored.rules) == len(settings.rules)
    for (fresh, severity), (cached, cached_severity) in zip(
        settings.rules, restored.rules, strict=True
    ):
        assert type(cached) is type(fresh)
        assert cached_severity == severity
        assert isinstance(cached.options, FrozenOptions)
        assert not isinstance(fresh.options, FrozenOptions)
        # every field of the model, with its value, both ways round
        assert dict(cached.options) == dict(fresh.options)
        assert set(dict(cached.options)) == set(type(fresh).options_model.model_fields)
        assert cached.options == fresh.options
        assert fresh.options == cached.options
    schema = schema_from_sql(SCHEMA)
    found = run_rules(schema, settings.rules, settings.rule_context(schema))
    again = run_rules(schema, restored.rules, restored.rule_context(schema))
    assert found, f"the schema breaks no rule of {pack}: the comparison would prove nothing"
    assert again == found


def test_frozen_options_differ_when_a_value_differs() -> None:
    a = FrozenOptions({"number": "plural", "nouns": ("log",)})
    assert a == FrozenOptions({"number": "plural", "nouns": ("log",)})
    assert a != FrozenOptions({"number": "singular", "nouns": ("log",)})
    assert a != FrozenOptions({"number": "plural"})
    assert a != "number"
    with pytest.raises(AttributeError):
        a.number = "singular"
    with pytest.raises(AttributeError):
        _ = a.missing


def test_every_builtin_options_model_is_named_lazily() -> None:
    """No built-in rule module imports its options model (and so pydantic) itself."""
    code = (
        "import sys\n"
        "from dbnamelint.rules.registry import discover_rules\n"
        "rules = discover_rules()\n"
        "print(len(rules), 'pydantic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    rules = discover_rules()
    assert int(out[0]) == len(rules) > 10
    assert out[1] == "False", "importing the built-in rules imported pydantic"
    assert {cls.__module__ for cls in rules.values()} == set(BUILTIN_MODULES)
    for cls in rules.values():  # the model is found where the rule names it
        assert cls.options_model.__module__ != cls.__module__
        assert "options" in cls.options_model.__module__


_DRIVER = textwrap.dedent(
    """\
    import runpy, sys
    sys.argv = ["dbnamelint", *sys.argv[1:]]
    try:
        runpy.run_module("dbnamelint", run_name="__main__")
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    sys.stderr.write(f"\\nPYDANTIC={'pydantic' in sys.modules} EXIT={code}\\n")
    """
)


def _check(tmp_path: Path, *args: str) -> tuple[str, bool, str]:
    env = {**os.environ, "DBNAMELINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER, "check", *args, "db"],
        cwd=tmp_path / "project",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    tail = done.stderr.rsplit("PYDANTIC=", 1)[1].split()
    return done.stdout, tail[0] == "True", tail[1].removeprefix("EXIT=")


def test_a_settings_cache_hit_does_not_import_pydantic(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "db").mkdir(parents=True)
    (project / "dbnamelint.yaml").write_text("extends: [cora]\n", "utf-8")
    schema = project / "db" / "schema.sql"
    schema.write_text(SCHEMA, "utf-8")
    first, first_pydantic, first_exit = _check(tmp_path)
    assert first_pydantic, "the first run validates the config, with pydantic"
    for n in range(2):  # edited each time: the run cache misses, the settings cache hits
        schema.write_text(SCHEMA + f"-- edit {n}\n", "utf-8")
        out, used_pydantic, exit_code = _check(tmp_path)
        assert not used_pydantic
        assert (out, exit_code) == (first, first_exit)
    uncached, _, uncached_exit = _check(tmp_path, "--no-cache")
    assert (uncached, uncached_exit) == (first, first_exit)
    assert first_exit == "1" and "DBN" in first
