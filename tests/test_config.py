"""Config discovery, validation errors with locations, and layer merging."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pytest

from dbnamelint.config import (
    ConfigError,
    LocatedDocument,
    PerPathSettings,
    Settings,
    expand_selector,
    load_settings,
    parse_located_yaml,
)
from dbnamelint.config import layers as config_layers
from dbnamelint.model import ObjectKind, Severity
from dbnamelint.rules.base import Rule
from dbnamelint.rules.options import RuleOptions


class InfixOptions(RuleOptions):
    infixes: dict[str, list[str]] = {}
    empty_rest: str = "sys"


class RequiredOptions(RuleOptions):
    tables: list[str]


class CaseRule(Rule):
    code = "DBN101"
    name = "table-name-case"
    kinds = frozenset({ObjectKind.TABLE})


class InfixRule(Rule):
    code = "DBN104"
    name = "table-type-infix"
    kinds = frozenset({ObjectKind.TABLE})
    options_model = InfixOptions


class GenericRule(Rule):
    code = "DBN105"
    name = "table-generic-name"
    default_enabled = False
    default_severity = Severity.WARNING


class ColumnRule(Rule):
    code = "DBN201"
    name = "column-name-case"


class RequiredRule(Rule):
    code = "DBN501"
    name = "required-objects"
    default_enabled = False
    options_model = RequiredOptions


REGISTRY: Mapping[str, type[Rule]] = MappingProxyType(
    {cls.code: cls for cls in (CaseRule, InfixRule, GenericRule, ColumnRule, RequiredRule)}
)

PACKS = {
    "recommended": """
        description: defaults
        rules:
          DBN201: {severity: warning}
    """,
    "infix": """
        extends: [recommended]
        module_pattern: "modules/{module}/"
        rules:
          table-type-infix:
            options:
              infixes: {cfg: [config, settings]}
              empty_rest: root
    """,
    "badpack": """
        rules:
          table-type-infix:
            options:
              infixes: [cfg]
    """,
    "loop-a": "extends: [loop-b]\n",
    "loop-b": "extends: [loop-a]\n",
}


def fake_pack(name: str) -> tuple[LocatedDocument, Path]:
    if name not in PACKS:
        raise LookupError(f"no pack named {name!r}")
    text = textwrap.dedent(PACKS[name]).lstrip("\n")
    return parse_located_yaml(text, f"<pack {name}>"), Path("/")


@pytest.fixture(autouse=True)
def _packs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config_layers, "_pack_document", fake_pack)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load(cwd: Path, **kwargs: object) -> Settings:
    return load_settings(cwd, registry=REGISTRY, **kwargs)  # type: ignore[arg-type]


def codes(settings: Settings) -> dict[str, Severity]:
    return {rule.code: severity for rule, severity in settings.rules}


# --------------------------------------------------------------------------
# discovery
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "start", "expected"),
    [
        ({"dbnamelint.yaml": "dialect: mysql\n"}, ".", "dbnamelint.yaml"),
        ({".dbnamelint.yaml": "dialect: mysql\n"}, ".", ".dbnamelint.yaml"),
        ({"pyproject.toml": '[tool.dbnamelint]\ndialect = "mysql"\n'}, ".", "pyproject.toml"),
        ({"dbnamelint.yaml": "dialect: mysql\n"}, "db/schema", "dbnamelint.yaml"),
        (
            {"dbnamelint.yaml": "dialect: mysql\n", "db/pyproject.toml": "[tool.black]\n"},
            "db",
            "dbnamelint.yaml",
        ),
        (
            {"dbnamelint.yaml": "dialect: sqlite\n", "db/dbnamelint.yaml": "dialect: mysql\n"},
            "db",
            "db/dbnamelint.yaml",
        ),
        (
            {"dbnamelint.yaml": "dialect: mysql\n", "pyproject.toml": "[tool.dbnamelint]\n"},
            ".",
            "dbnamelint.yaml",
        ),
    ],
    ids=[
        "yaml",
        "hidden-yaml",
        "pyproject",
        "found-upward",
        "pyproject-without-section-skipped",
        "nearest-wins",
        "yaml-before-pyproject",
    ],
)
def test_config_is_found_upward(
    tmp_path: Path, files: dict[str, str], start: str, expected: str
) -> None:
    (tmp_path / ".git").mkdir()  # the search climbs to the repository root, no further
    for name, text in files.items():
        write(tmp_path / name, text)
    (tmp_path / start).mkdir(parents=True, exist_ok=True)
    settings = load(tmp_path / start)
    assert settings.config_path == (tmp_path / expected).resolve()
    assert settings.root == (tmp_path / expected).resolve().parent
    assert settings.dialect == "mysql"


def test_no_config_means_recommended(tmp_path: Path) -> None:
    settings = load(tmp_path)
    assert settings.config_path is None
    assert settings.root == tmp_path.resolve()
    # recommended (fake) sets DBN201 to warning; default-enabled rules run
    assert codes(settings) == {
        "DBN101": Severity.ERROR,
        "DBN104": Severity.ERROR,
        "DBN201": Severity.WARNING,
    }
    assert settings.module_pattern == "module-{module}/"
    assert settings.whitelist_path == tmp_path.resolve() / "whitelist.yaml"
    assert settings.include_down is False


def test_explicit_config_path_overrides_search(tmp_path: Path) -> None:
    write(tmp_path / "dbnamelint.yaml", "dialect: sqlite\n")
    write(tmp_path / "ci" / "strict.yaml", "dialect: mysql\n")
    settings = load(tmp_path, config_path=Path("ci/strict.yaml"))
    assert settings.dialect == "mysql"
    assert settings.root == (tmp_path / "ci").resolve()


# --------------------------------------------------------------------------
# errors: each names the file, the key path and the line
# --------------------------------------------------------------------------

ERROR_CASES = [
    pytest.param(
        """
        rules:
          table-type-infix:
            options:
              names: {a.b: c}
        """,
        # trial s6-t2 finding 10: no key is close, so the keys its place allows are listed
        "rules.table-type-infix.options.names: unknown key (expected one of: ",
        4,
        id="unknown-rule-option-lists-the-keys",
    ),
    pytest.param(
        """
        per_path:
          - paths: [db/vendor]
            ignroe: [DBN101]
        """,
        "per_path[0].ignroe: unknown key (did you mean ignore?)",
        3,
        id="unknown-nested-key-did-you-mean",
    ),
    pytest.param(
        """
        rules:
          DBN101:
            colour: red
        """,
        "rules.DBN101.colour: unknown key (expected one of: options, severity)",
        3,
        id="unknown-rule-setting-lists-the-keys",
    ),
    pytest.param(
        """
        dialect: postgres
        rulez:
          DBN101: false
        """,
        "rulez: unknown key (did you mean rules?)",
        2,
        id="unknown-top-level-key",
    ),
    pytest.param(
        """
        rules:
          table-type-infix:
            options:
              empty_rest: x
              infixes: [cfg, log]
        """,
        "rules.table-type-infix.options.infixes: Input should be a valid dictionary",
        5,
        id="bad-rule-option",
    ),
    pytest.param(
        """
        rules:
          table-type-infix:
            options:
              infixez: {}
        """,
        "rules.table-type-infix.options.infixez: unknown key (did you mean infixes?)",
        4,
        id="unknown-rule-option",
    ),
    pytest.param(
        """
        rules:
          DBN101:
            severity: loud
        """,
        "rules.DBN101.severity: Input should be 'info', 'warning' or 'error'",
        3,
        id="bad-severity",
    ),
    pytest.param(
        """
        rules:
          DBN101:
            options: {}
            colour: red
        """,
        "rules.DBN101.colour: unknown key",
        4,
        id="unknown-key-in-rule",
    ),
    pytest.param(
        """
        rules:
          DBN101: false
          table-type-infx: false
        """,
        "unknown rule 'table-type-infx' (did you mean table-type-infix",
        3,
        id="unknown-rule-name",
    ),
    pytest.param(
        """
        select:
          - DBN1
          - DBX9
        """,
        "select: unknown rule 'DBX9'",
        3,
        id="unknown-selector",
    ),
    pytest.param(
        """
        per_path:
          - paths: [legacy/**]
            ignore: [DBN101, nope]
        """,
        "per_path[0].ignore: unknown rule 'nope'",
        3,
        id="per-path-unknown-rule",
    ),
    pytest.param(
        """
        per_path:
          - dialect: mysql
        """,
        "per_path[0].paths: required key missing",
        2,
        id="per-path-missing-paths",
    ),
    pytest.param(
        """
        per_path:
          - paths: [legacy/**, ./]
            ignore: [DBN101]
        """,
        "per_path[0].paths[1]: empty path glob './'",
        2,
        id="per-path-empty-glob",
    ),
    pytest.param(
        """
        modules:
          ws: ws_
        """,
        "modules.ws:",
        2,
        id="module-prefixes-not-a-list",
    ),
    pytest.param(
        """
        modules:
          ws: {prefixes: [ws_], extra: 1}
        """,
        "modules.ws.extra: unknown key",
        2,
        id="module-long-form-extra-key",
    ),
    pytest.param(
        """
        dialect: postgres
        rules:
          DBN101: false
          DBN101: {}
        """,
        "rules.DBN101: duplicate key (first written at line 3)",
        4,
        id="duplicate-key",
    ),
    pytest.param(
        """
        rules:
          DBN101: [oops
        """,
        "invalid YAML",
        3,
        id="yaml-syntax",
    ),
    pytest.param(
        """
        module_pattern: "modules/"
        """,
        "module_pattern: must contain {module}",
        1,
        id="module-pattern-without-placeholder",
    ),
    pytest.param(
        """
        paths: [db]
        dialect: nosuchdb
        """,
        "dialect:",
        2,
        id="unknown-dialect",
    ),
    pytest.param(
        """
        extends: [recommended, nosuchpack]
        """,
        "extends: unknown pack 'nosuchpack'",
        1,
        id="unknown-pack",
    ),
    pytest.param(
        """
        extends:
          - ./missing.yaml
        """,
        "extends: no such file './missing.yaml'",
        2,
        id="missing-extends-file",
    ),
    pytest.param(
        """
        - just
        - a list
        """,
        "expected a mapping",
        1,
        id="not-a-mapping",
    ),
    pytest.param(
        """
        include_down_migrations: maybe
        """,
        "include_down_migrations: Input should be a valid boolean",
        1,
        id="bad-bool",
    ),
]


@pytest.mark.parametrize(("text", "message", "line"), ERROR_CASES)
def test_config_errors_name_file_key_and_line(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    write(tmp_path / "dbnamelint.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load(tmp_path)
    error = caught.value
    assert message in error.message
    assert error.location is not None
    assert error.location.path == "dbnamelint.yaml"
    assert error.location.line == line
    assert str(error).startswith(f"dbnamelint.yaml:{line}:")


def test_error_in_pack_options_points_at_the_pack(tmp_path: Path) -> None:
    write(tmp_path / "dbnamelint.yaml", "extends: [badpack]\n")
    with pytest.raises(ConfigError) as caught:
        load(tmp_path)
    assert caught.value.location is not None
    assert caught.value.location.path == "<pack badpack>"
    assert caught.value.location.line == 4
    assert "rules.table-type-infix.options.infixes" in caught.value.message


def test_error_in_extended_file_points_at_that_file(tmp_path: Path) -> None:
    write(tmp_path / "dbnamelint.yaml", "extends: [shared/base.yaml]\n")
    write(
        tmp_path / "shared" / "base.yaml",
        """
        # shared settings
        rules:
          DBN104:
            options:
              empty_rest: [1]
        """,
    )
    with pytest.raises(ConfigError) as caught:
        load(tmp_path)
    assert str(caught.value).startswith("shared/base.yaml:5:")
    assert "rules.DBN104.options.empty_rest: Input should be a valid string" in str(caught.value)


def test_option_set_in_pack_but_broken_by_config_blames_config(tmp_path: Path) -> None:
    write(
        tmp_path / "dbnamelint.yaml",
        """
        extends: [infix]
        rules:
          DBN104:
            options:
              empty_rest: 5
        """,
    )
    with pytest.raises(ConfigError) as caught:
        load(tmp_path)
    assert str(caught.value).startswith("dbnamelint.yaml:5:")
    assert "rules.DBN104.options.empty_rest" in caught.value.message


def test_missing_required_option_of_selected_rule(tmp_path: Path) -> None:
    write(tmp_path / "dbnamelint.yaml", "dialect: postgres\n")
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, select=("DBN501",))
    assert "rules.DBN501.options.tables: required key missing" in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.path == "dbnamelint.yaml"


def test_pack_extends_cycle_is_reported_where_it_closes(tmp_path: Path) -> None:
    write(tmp_path / "dbnamelint.yaml", "extends: loop-a\n")
    with pytest.raises(ConfigError) as caught:
        load(tmp_path)
    assert "extends cycle:" in caught.value.message
    assert caught.value.message.endswith("loop-a -> loop-b -> loop-a")
    assert caught.value.location is not None
    assert caught.value.location.path == "<pack loop-b>"


def test_file_extends_cycle(tmp_path: Path) -> None:
    write(tmp_path / "dbnamelint.yaml", "extends: [a.yaml]\n")
    write(tmp_path / "a.yaml", "extends: [b.yaml]\n")
    write(tmp_path / "b.yaml", "dialect: mysql\nextends: [a.yaml]\n")
    with pytest.raises(ConfigError) as caught:
        load(tmp_path)
    assert "extends cycle" in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.path == "b.yaml"
    assert caught.value.location.line == 2


@pytest.mark.parametrize(
    ("toml", "message", "line"),
    [
        ('[tool.dbnamelint]\ndialect = "mysql"\nrulez = 1\n', "rulez: unknown key", 3),
        (
            '[project]\nname = "x"\n\n[tool.dbnamelint.rules.DBN101]\nseverity = "loud"\n',
            "rules.DBN101.severity",
            5,
        ),
        ('[tool.dbnamelint]\ndialect = "mysql\n', "invalid TOML", 2),
    ],
    ids=["unknown-key", "nested-table", "toml-syntax"],
)
def test_pyproject_errors_have_lines(tmp_path: Path, toml: str, message: str, line: int) -> None:
    write(tmp_path / "pyproject.toml", toml)
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, config_path=Path("pyproject.toml"))
    assert message in caught.value.message
    assert caught.value.location is not None
    assert (caught.value.location.path, caught.value.location.line) == ("pyproject.toml", line)


@pytest.mark.parametrize(
    ("select", "ignore", "message"),
    [(("DBN9",), (), "--select: unknown rule 'DBN9'"), ((), ("nope",), "--ignore: unknown rule")],
    ids=["select", "ignore"],
)
def test_cli_selector_errors(
    tmp_path: Path, select: tuple[str, ...], ignore: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, select=select, ignore=ignore)
    assert message in str(caught.value)
    assert caught.value.location is None


# --------------------------------------------------------------------------
# merging
# --------------------------------------------------------------------------


def test_pack_options_merge_key_by_key_with_config(tmp_path: Path) -> None:
    write(
        tmp_path / "dbnamelint.yaml",
        """
        extends: infix
        rules:
          DBN104:
            severity: warning
            options:
              empty_rest: sys
        """,
    )
    settings = load(tmp_path)
    rule = next(rule for rule, _ in settings.rules if rule.code == "DBN104")
    assert isinstance(rule.options, InfixOptions)
    assert rule.options.infixes == {"cfg": ["config", "settings"]}  # from the pack
    assert rule.options.empty_rest == "sys"  # config wins
    assert codes(settings)["DBN104"] is Severity.WARNING
    assert settings.module_pattern == "modules/{module}/"  # pack scalar kept
    assert codes(settings)["DBN201"] is Severity.WARNING  # from recommended via infix


SELECTION_CASES = [
    pytest.param("", (), (), {"DBN101", "DBN104", "DBN201"}, id="defaults"),
    pytest.param("rules: {DBN104: false}", (), (), {"DBN101", "DBN201"}, id="false-disables"),
    pytest.param(
        "rules: {table-generic-name: {}}",
        (),
        (),
        {"DBN101", "DBN104", "DBN105", "DBN201"},
        id="configuring-enables",
    ),
    pytest.param("select: [DBN1]", (), (), {"DBN101", "DBN104", "DBN105"}, id="prefix-select"),
    pytest.param(
        "select: [ALL]\nignore: [DBN5]",
        (),
        (),
        {"DBN101", "DBN104", "DBN105", "DBN201"},
        id="all-minus-prefix",
    ),
    pytest.param("ignore: [table-type-infix]", (), (), {"DBN101", "DBN201"}, id="ignore-by-name"),
    pytest.param(
        "ignore: [DBN104]\nrules: {DBN104: {severity: info}}",
        (),
        (),
        {"DBN101", "DBN201"},
        id="ignore-beats-configured",
    ),
    pytest.param("ignore: [DBN104]", ("DBN104",), (), {"DBN104"}, id="cli-select-starts-over"),
    pytest.param("", (), ("DBN2", "dbn101"), {"DBN104"}, id="cli-ignore"),
    pytest.param("", ("DBN1",), ("DBN105",), {"DBN101", "DBN104"}, id="cli-select-and-ignore"),
]


@pytest.mark.parametrize(("text", "select", "ignore", "expected"), SELECTION_CASES)
def test_rule_selection(
    tmp_path: Path,
    text: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    expected: set[str],
) -> None:
    write(tmp_path / "dbnamelint.yaml", "extends: []\n" + text + "\n")
    settings = load(tmp_path, select=select, ignore=ignore)
    assert set(codes(settings)) == expected
    assert [r.code for r, _ in settings.rules] == sorted(expected)


def test_later_mapping_re_enables_a_rule_a_pack_disabled(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "rules:\n  DBN101: false\n")
    write(
        tmp_path / "dbnamelint.yaml",
        "extends: [base.yaml]\nrules:\n  table-name-case: {severity: info}\n",
    )
    assert codes(load(tmp_path))["DBN101"] is Severity.INFO


def test_a_pack_reached_twice_is_applied_once(tmp_path: Path) -> None:
    # infix extends recommended; listing recommended again after infix must not
    # re-apply it over infix's settings.
    write(tmp_path / "dbnamelint.yaml", "extends: [infix, recommended]\n")
    settings = load(tmp_path)
    rule = next(rule for rule, _ in settings.rules if rule.code == "DBN104")
    assert isinstance(rule.options, InfixOptions)
    assert rule.options.empty_rest == "root"


def test_extra_extends_apply_before_the_config_body(tmp_path: Path) -> None:
    write(tmp_path / "dbnamelint.yaml", "extends: []\nmodule_pattern: 'x/{module}/'\n")
    settings = load(tmp_path, extra_extends=("infix",))
    assert settings.module_pattern == "x/{module}/"  # config beats --extends
    assert "DBN201" in codes(settings)  # infix -> recommended arrived


def test_plain_settings(tmp_path: Path) -> None:
    write(
        tmp_path / "conf" / "dbnamelint.yaml",
        """
        extends: []
        paths: [db/schema, migrations]
        exclude: ["**/seed_*.sql"]
        dialect: postgresql
        modules:
          access: [access_, user_]
          ws: {prefixes: [ws_]}
        whitelist: ../legacy/whitelist.yaml
        include_down_migrations: true
        per_path:
          - paths: [legacy/**, "*.mysql.sql"]
            dialect: mysql
            module: old
            ignore: [DBN1]
        """,
    )
    settings = load(tmp_path / "conf")
    assert settings.paths == ("db/schema", "migrations")
    assert settings.exclude == ("**/seed_*.sql",)
    assert settings.dialect == "postgres"
    assert dict(settings.modules) == {"access": ("access_", "user_"), "ws": ("ws_",)}
    assert settings.module_infos()["access"].prefixes == ("access_", "user_")
    assert settings.whitelist_path.resolve() == (tmp_path / "legacy" / "whitelist.yaml").resolve()
    assert settings.include_down is True
    (override,) = settings.per_path
    assert (override.dialect, override.module) == ("mysql", "old")
    assert override.ignore == frozenset({"DBN101", "DBN104", "DBN105"})
    assert settings.ignored_codes("legacy/a/b.sql") == override.ignore
    assert settings.ignored_codes(settings.root / "db" / "x.mysql.sql") == override.ignore
    assert settings.ignored_codes("db/schema/x.sql") == frozenset()


def test_modules_merge_by_name_across_layers(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "modules: {ws: [ws_], ai: [ai_]}\n")
    write(tmp_path / "dbnamelint.yaml", "extends: [base.yaml]\nmodules: {ws: [ws_, wsp_]}\n")
    assert dict(load(tmp_path).modules) == {"ws": ("ws_", "wsp_"), "ai": ("ai_",)}


def test_active_rules_has_codes_and_names(tmp_path: Path) -> None:
    write(tmp_path / "dbnamelint.yaml", "extends: []\nselect: [DBN101]\n")
    settings = load(tmp_path)
    assert settings.active_rules == frozenset({"DBN101", "table-name-case"})
    assert settings.registry is REGISTRY


def test_local_rules_are_discovered_relative_to_the_config(tmp_path: Path) -> None:
    pytest.importorskip("dbnamelint.rules.builtin")
    write(
        tmp_path / "lint" / "my_rules.py",
        """
        from dbnamelint.rules.base import Rule

        class NoTmpTables(Rule):
            '''Local rule.'''
            code = "ZZZ901"
            name = "table-temp-name"
        """,
    )
    write(tmp_path / "dbnamelint.yaml", "extends: []\nlocal_rules: [lint/my_rules.py]\n")
    (tmp_path / ".git").mkdir()  # found from a subfolder: the search climbs to the repo root
    (tmp_path / "sub").mkdir()
    settings = load_settings(tmp_path / "sub", select=("ZZZ901",))
    assert [rule.code for rule, _ in settings.rules] == ["ZZZ901"]


def test_broken_local_rule_is_a_config_error(tmp_path: Path) -> None:
    pytest.importorskip("dbnamelint.rules.builtin")
    write(tmp_path / "bad.py", "this is not python\n")
    write(tmp_path / "dbnamelint.yaml", "extends: []\nlocal_rules:\n  - bad.py\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert caught.value.location is not None
    assert caught.value.location.line == 2
    assert "local_rules" in caught.value.message


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("DBN104", {"DBN104"}),
        ("dbn104", {"DBN104"}),
        ("table-type-infix", {"DBN104"}),
        ("DBN10", {"DBN101", "DBN104", "DBN105"}),
        ("DBN", set(REGISTRY)),
        ("all", set(REGISTRY)),
    ],
    ids=["code", "lower-code", "name", "prefix", "bare-prefix", "all"],
)
def test_expand_selector(selector: str, expected: set[str]) -> None:
    assert expand_selector(selector, REGISTRY) == expected


def test_expand_selector_suggests_close_matches() -> None:
    with pytest.raises(LookupError, match="did you mean table-name-case"):
        expand_selector("table-name-cas", REGISTRY)


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("legacy/**", "legacy/a/b.sql", True),
        ("legacy/", "legacy/b.sql", True),
        ("legacy", "legacy/b.sql", True),
        ("legacy/**", "new/legacy/b.sql", False),
        ("*.mysql.sql", "db/deep/x.mysql.sql", True),
        ("db/*.sql", "db/deep/x.sql", False),
        ("db/**/*.sql", "db/x.sql", True),
        ("db/**/*.sql", "db/a/b/x.sql", True),
        ("db/?.sql", "db/ab.sql", False),
        # The sources layer's reading (its dialect and module overrides use
        # the same globs): classes, and a leading "/" anchors at the root.
        ("db/[ab].sql", "db/b.sql", True),
        ("db/[!ab].sql", "db/b.sql", False),
        ("/legacy", "legacy/b.sql", True),
        ("/legacy", "src/legacy/b.sql", False),
    ],
)
def test_per_path_globs(pattern: str, path: str, matches: bool) -> None:
    assert PerPathSettings((pattern,)).matches(path) is matches


def test_locate_falls_back_to_nearest_written_parent() -> None:
    doc = parse_located_yaml("a:\n  b:\n    - 1\n    - x: 2\n", "f.yaml")
    assert doc.locate(("a", "b", 1, "x")).line == 4
    assert doc.locate(("a", "b", 1, "missing")).line == 4
    assert doc.locate(("a", "nope")).line == 1
    assert doc.locate(("a", "b", 0)).line == 3


# --------------------------------------------------------------------------
# the real rules and packs (skipped until they exist)
# --------------------------------------------------------------------------


def _real_packs() -> tuple[str, ...]:
    try:
        from dbnamelint.rules.pack_files import list_packs
    except ImportError:
        return ()
    return list_packs()


@pytest.mark.parametrize("pack", _real_packs() or ["(none)"])
def test_every_shipped_pack_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pack: str
) -> None:
    if pack == "(none)":
        pytest.skip("no packs shipped yet")
    monkeypatch.undo()  # use the real pack loader, not the fakes
    write(tmp_path / "dbnamelint.yaml", f"extends: [{pack}]\n")
    settings = load_settings(tmp_path)
    assert settings.rules, f"pack {pack} enables no rule"


def test_real_default_config_is_recommended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "recommended" not in _real_packs():
        pytest.skip("recommended pack not shipped yet")
    monkeypatch.undo()
    settings = load_settings(tmp_path)
    assert settings.config_path is None
    assert settings.rules


def test_drop_per_path_ignored(tmp_path: Path) -> None:
    from dbnamelint.config import drop_per_path_ignored
    from dbnamelint.findings import Finding
    from dbnamelint.model import Location, SchemaObject, SourceFile

    write(
        tmp_path / "dbnamelint.yaml",
        "extends: []\nper_path:\n  - paths: [legacy/]\n    ignore: [DBN1]\n",
    )
    (tmp_path / ".git").mkdir()  # the config is found from db/ up to the repository root
    (tmp_path / "db").mkdir()
    settings = load(tmp_path / "db")

    def make(path: str, code: str) -> Finding:
        source = SourceFile(path, "postgres", None)
        target = SchemaObject(ObjectKind.TABLE, "t", Location(path, 1, 1), source)
        return Finding(code, "x", Severity.ERROR, target, "m")

    # paths as shown from cwd = <root>/db
    findings = [
        make("../legacy/a.sql", "DBN101"),
        make("../legacy/a.sql", "DBN201"),
        make("schema.sql", "DBN101"),
    ]
    kept = drop_per_path_ignored(findings, settings, tmp_path / "db")
    assert [(f.location.path, f.code) for f in kept] == [
        ("../legacy/a.sql", "DBN201"),
        ("schema.sql", "DBN101"),
    ]


def test_per_path_ignore_takes_diagnostic_codes_and_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The top-level ``ignore`` and --ignore take diagnostic codes (DBN004) and
    # names (unreadable-statement); so does ``per_path.ignore``, for its files only.
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    (tmp_path / ".git").mkdir()
    (tmp_path / "gen").mkdir()
    (tmp_path / "db").mkdir()
    (tmp_path / "gen" / "x.sql").write_text("CREATE TABLE (id int);\n", encoding="utf-8")
    (tmp_path / "db" / "y.sql").write_text("CREATE TABLE (id int);\n", encoding="utf-8")
    for selector in ("DBN004", "unreadable-statement"):
        write(
            tmp_path / "dbnamelint.yaml",
            "paths: [db, gen]\ndialect: postgres\n"
            f'per_path:\n  - paths: ["gen/**"]\n    ignore: [{selector}]\n',
        )
        monkeypatch.chdir(tmp_path)
        result = CliRunner().invoke(cli, ["check", "--no-cache"], catch_exceptions=False)
        assert result.exit_code == 1, result.output
        assert "db/y.sql:1:14: DBN004" in result.output
        assert "gen/x.sql" not in result.output
    # A code that is neither a rule nor a diagnostic is still refused where it stands.
    write(
        tmp_path / "dbnamelint.yaml",
        'paths: [db]\nper_path:\n  - paths: ["gen/**"]\n    ignore: [DBN0042]\n',
    )
    result = CliRunner().invoke(cli, ["check", "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "dbnamelint.yaml:4:14: per_path[0].ignore: unknown rule 'DBN0042'" in result.output


def test_a_config_without_extends_runs_the_rules_recommended_turns_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the README says: no config -> the recommended pack; a config with no
    # `extends` -> each rule's default; the same rules either way.
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    lines = {}
    for name, config in (("none", None), ("bare", "paths: [x.sql]\n")):
        root = tmp_path / name
        (root / ".git").mkdir(parents=True)
        (root / "x.sql").write_text("CREATE TABLE users (id int);\n", encoding="utf-8")
        if config is not None:
            (root / "dbnamelint.yaml").write_text(config, encoding="utf-8")
        monkeypatch.chdir(root)
        result = CliRunner().invoke(cli, ["check", "--no-cache", "-v", "x.sql"])
        lines[name] = {
            line.split(": ", 2)[1]: line.split(": ", 2)[2]
            for line in result.stderr.splitlines()
            if line.startswith(("dbnamelint: rules:", "dbnamelint: packs:"))
        }
    assert lines["none"]["packs"] == "recommended"
    assert lines["bare"]["packs"] == (
        "none named (each rule on or off by its default: the set the `recommended` pack turns on)"
    )
    assert lines["none"]["rules"] == lines["bare"]["rules"]


def test_rules_documents_a_rule_when_the_config_does_not_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s6-t2 finding 10: the documentation that fixes a config error is at hand."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    write(
        tmp_path / "dbnamelint.yaml",
        """
        rules:
          column-legacy-name:
            options:
              names: {a.b: c}
        """,
    )
    monkeypatch.chdir(tmp_path)
    check = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert check.exit_code == 2  # a run still refuses the config
    done = CliRunner().invoke(cli, ["rules", "DBN202"])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("DBN202 column-legacy-name")
    assert "`columns`" in done.stdout
    assert "warning: dbnamelint.yaml:4:7:" in done.stderr
    assert "expected one of: columns" in done.stderr
    listing = CliRunner().invoke(cli, ["rules"])
    assert listing.exit_code == 0
    assert "DBN202" in listing.stdout and "active rules are not marked" in listing.stdout
    assert not [line for line in listing.stdout.splitlines() if line.startswith("* ")]
