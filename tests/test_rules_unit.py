"""Engine, registry, docs and naming helpers, on hand-made schema objects."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from dbnamelint.findings import Rename
from dbnamelint.model import Location, ObjectKind, Schema, SchemaObject, Severity, SourceFile
from dbnamelint.rules import registry
from dbnamelint.rules.base import Rule, RuleContext, Violation
from dbnamelint.rules.builtin.case import TableNameCase
from dbnamelint.rules.builtin.infix import DEFAULT_INFIXES, suggest_infix_name
from dbnamelint.rules.builtin.options.plural import PluralOptions
from dbnamelint.rules.builtin.plural import TableNameSingular
from dbnamelint.rules.builtin.renamed import replace_old_name
from dbnamelint.rules.docs import REQUIRED_SECTIONS, rule_doc, rules_table
from dbnamelint.rules.engine import RuleCrashError, run_rules
from dbnamelint.rules.naming import CaseStyle, convert, matches_style, split_words
from dbnamelint.rules.registry import (
    RuleLoadError,
    UnknownRuleError,
    discover_rules,
    resolve_rule,
)

SRC = SourceFile("db/schema.sql", "postgres", None)


def table(name: str, line: int = 1, path: str = "db/schema.sql") -> SchemaObject:
    source = SourceFile(path, "postgres", None)
    return SchemaObject(ObjectKind.TABLE, name, Location(path, line, 14), source)


# --- naming -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("AssistantChatSession", "assistant_chat_session"),
        ("userId", "user_id"),
        ("HTTPServer", "http_server"),
        ("IFK_AlbumArtistId", "ifk_album_artist_id"),
        ("PK_Album", "pk_album"),
        ("oauth2Tokens", "oauth2_tokens"),
        ("user_profiles_v2", "user_profiles_v2"),
        ("already_snake", "already_snake"),
        ("Mixed__Double", "mixed_double"),
    ],
    ids=str,
)
def test_convert_to_snake_case(name: str, snake: str) -> None:
    assert convert(name, CaseStyle.SNAKE_CASE) == snake


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (CaseStyle.CAMEL_CASE, "assistantChatSession"),
        (CaseStyle.PASCAL_CASE, "AssistantChatSession"),
        (CaseStyle.UPPER_SNAKE, "ASSISTANT_CHAT_SESSION"),
    ],
    ids=lambda v: str(getattr(v, "value", v)),
)
def test_convert_to_other_styles(style: CaseStyle, expected: str) -> None:
    assert convert("assistant_chat_session", style) == expected
    assert matches_style(expected, style)


@pytest.mark.parametrize(
    ("name", "style", "ok"),
    [
        ("chat_sessions", CaseStyle.SNAKE_CASE, True),
        ("chat__sessions", CaseStyle.SNAKE_CASE, False),
        ("_prisma_migrations", CaseStyle.SNAKE_CASE, False),
        ("_prisma_migrations", CaseStyle.LOWER_SNAKE, True),
        ("ChatSessions", CaseStyle.SNAKE_CASE, False),
        ("userId", CaseStyle.CAMEL_CASE, True),
        ("UserId", CaseStyle.CAMEL_CASE, False),
    ],
    ids=lambda v: str(getattr(v, "value", v)),
)
def test_matches_style(name: str, style: CaseStyle, ok: bool) -> None:
    assert matches_style(name, style) is ok


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        # the last capital of an acronym starts the next word (the usual reading)...
        ("HTTPServer", "http_server"),
        ("XMLHttpRequest", "xml_http_request"),  # neither "http" nor "ttp" is a word
        ("getHTTPResponseCode", "get_http_response_code"),
        ("SQLServer", "sql_server"),
        ("ITEMSet", "item_set"),  # both cuts leave a word ("set", "et"): the usual one
        # ...unless that leaves no word while keeping it leaves one
        ("PTRignore", "ptr_ignore"),
        ("PTRignoreCount", "ptr_ignore_count"),
        ("APIkey", "api_key"),
        ("URLto", "url_to"),
        # a lone "s" after an acronym is its plural
        ("IDs", "ids"),
        ("userIDs", "user_ids"),
        ("CPUs", "cpus"),
        ("AutoIncrementPKs", "auto_increment_pks"),
        ("IDsOnly", "ids_only"),
        ("userID", "user_id"),
        ("OAuth2Token", "oauth2_token"),  # a mixed-case acronym is one word
    ],
    ids=str,
)
def test_convert_splits_acronyms_at_a_word(name: str, snake: str) -> None:
    assert convert(name, CaseStyle.SNAKE_CASE) == snake


def test_acronym_split_asks_the_lexicon() -> None:
    """The facts the cases above rest on, from the lemminflect lexicon."""
    from dbnamelint.rules import words

    assert words.known("ignore") and not words.known("rignore")
    assert words.known("key") and not words.known("ikey")
    assert words.known("server") and words.known("set")
    assert not words.known("http") and not words.known("ttp")


def test_split_words_keeps_digits_with_their_word() -> None:
    assert split_words("payment_p2020_01") == ("payment", "p2020", "01")


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        # generated suffixes stay whole (Rails' idx_on_..._<hash>, SQL Server's PK__T__<id>)
        ("idx_on_billing_entity_bd26b2e655", "idx_on_billing_entity_bd26b2e655"),
        ("PK__Customer__A4AE64B8", "pk_customer_a4ae64b8"),
        ("FK__Orders__Custo__3B75D760", "fk_orders_custo_3b75d760"),
        ("idx_4f3a2b1c", "idx_4f3a2b1c"),
        # ...while words with digits still split where the case changes
        ("Table1Name", "table1_name"),
        ("md5Hash", "md5_hash"),
        # letters outside ASCII are transliterated, not dropped
        ("Größe", "grosse"),
        ("CaféItems", "cafe_items"),
        ("Ñandú", "nandu"),
    ],
    ids=str,
)
def test_convert_keeps_hashes_and_letters(name: str, snake: str) -> None:
    assert convert(name, CaseStyle.SNAKE_CASE) == snake
    assert matches_style(snake, CaseStyle.SNAKE_CASE)


# --- rule helpers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "prefixes", "expected"),
    [
        ("ws_activity_log", ("ws_",), ("log", "ws_log_activity")),
        ("ws_org_settings", ("ws_",), ("cfg", "ws_cfg_org")),
        ("ws_configs", ("ws_",), ("cfg", "ws_cfg_sys")),
        ("sys_idp_config", ("access_",), ("cfg", "access_cfg_sys_idp")),
        ("sys_lambda_config", ("mgmt_",), ("cfg", "mgmt_cfg_sys_lambda")),
        ("user_auth_log", ("access_", "user_"), ("log", "user_log_auth")),
        ("ai_model_validation_history", None, ("hist", "ai_hist_model_validation")),
        ("ws_cfg_sys", ("ws_",), None),
        ("mgmt_usage_modules_daily", ("mgmt_",), None),
        ("ai_hist_model_validation", None, None),
        ("ws_members", ("ws_",), None),
        ("activity_log", None, None),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_suggest_infix_name(
    name: str, prefixes: tuple[str, ...] | None, expected: tuple[str, str] | None
) -> None:
    assert suggest_infix_name(name, prefixes, DEFAULT_INFIXES) == expected


@pytest.mark.parametrize(
    ("name", "old", "current", "expected"),
    [
        (
            "ws_activity_log_ws_id_fkey",
            "ws_activity_log",
            "ws_log_activity",
            "ws_log_activity_ws_id_fkey",
        ),
        ("User_pkey", "User", "users", "users_pkey"),
        (
            "AssistantChatSession_userId_fkey",
            "AssistantChatSession",
            "chat_sessions",
            "chat_sessions_userId_fkey",
        ),
        ("app_logs_pkey", "logs", "app_logs", None),
        ("ws_activity_logger_idx", "ws_activity_log", "ws_log_activity", None),
        ("users_pkey", "User", "users", None),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_replace_old_name(name: str, old: str, current: str, expected: str | None) -> None:
    assert replace_old_name(name, old, current) == expected


@pytest.mark.parametrize(
    ("word", "number"),
    [
        ("logs", "plural"),
        ("statuses", "plural"),
        ("children", "plural"),
        ("people", "plural"),
        ("criteria", "plural"),
        ("analyses", "plural"),
        ("menus", "plural"),
        ("status", "singular"),
        ("bus", "singular"),
        ("analysis", "singular"),
        ("address", "singular"),
        ("workspace", "singular"),  # a compound the lexicon lacks: work + space
        ("log", "singular"),  # the lexicon files it as a verb only: in `nouns`
        # not judged: uncountable, not a noun, participle, gerund, acronym
        ("data", None),
        ("news", None),
        ("series", None),
        ("kb", None),
        ("json", None),
        ("linearized", None),
        ("combined", None),
        ("processing", None),
        ("to", None),
    ],
    ids=str,
)
def test_number_of_the_last_word(word: str, number: str | None) -> None:
    for mode in ("plural", "singular"):
        rule = TableNameSingular(PluralOptions(number=mode))
        found = rule.number_of(word)
        assert (found[0] if found else None) == number, mode


# --- engine -----------------------------------------------------------------


class _Boom(Rule):
    """Raises on one table."""

    code = "TST901"
    name = "test-boom"
    kinds = frozenset({ObjectKind.TABLE})

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        if obj.name == "bad":
            raise KeyError("oops")
        yield from ()


class _Everything(Rule):
    """Flags every table, and once per schema."""

    code = "TST902"
    name = "test-everything"
    kinds = frozenset({ObjectKind.TABLE})

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        yield Violation(f"saw {obj.name}", obj.name.upper())

    def check_schema(self, ctx: RuleContext) -> Iterator[Violation]:
        yield Violation("schema-wide", object=table("zzz", 1, "a.sql"))


def test_run_rules_orders_by_path_line_column_code() -> None:
    objs = (table("b", 5, "b.sql"), table("a", 9, "a.sql"), table("c", 2, "b.sql"))
    schema = Schema(objs)
    rules = [(_Everything(), Severity.WARNING), (TableNameCase(), Severity.ERROR)]
    findings = run_rules(schema, rules, RuleContext(schema))
    assert [(f.location.path, f.location.line, f.object.name) for f in findings] == [
        ("a.sql", 1, "zzz"),
        ("a.sql", 9, "a"),
        ("b.sql", 2, "c"),
        ("b.sql", 5, "b"),
    ]
    first = findings[1]
    assert (first.code, first.rule, first.severity, first.rule_fix) == (
        "TST902",
        "test-everything",
        Severity.WARNING,
        Rename("A"),
    )
    # the rule flags every name, its own fix included: no consistent fix
    assert first.suggestion is None
    assert first.no_fix is not None and "TST902" in first.no_fix


def test_a_crashing_rule_becomes_a_located_internal_error() -> None:
    schema = Schema((table("good"), table("bad", 7)))
    with pytest.raises(RuleCrashError) as info:
        run_rules(schema, [(_Boom(), Severity.ERROR)], RuleContext(schema))
    crash = info.value.crash
    assert (crash.code, crash.object_name, crash.location.line) == ("TST901", "bad", 7)
    diag = crash.diagnostic
    assert diag.code == "TST901"
    assert "KeyError" in diag.message
    assert "test_rules_unit.py" in diag.message


# --- registry ---------------------------------------------------------------


def test_builtins_are_discovered() -> None:
    rules = discover_rules()
    assert {"DBN101", "DBN104", "DBN105", "DBN503", "DBN504"} <= set(rules)


@pytest.mark.parametrize(
    ("key", "code"),
    [("DBN104", "DBN104"), ("dbn104", "DBN104"), ("table-type-infix", "DBN104")],
    ids=str,
)
def test_resolve_rule(key: str, code: str) -> None:
    assert resolve_rule(key, discover_rules()).code == code


def test_unknown_rule_lists_close_matches() -> None:
    with pytest.raises(UnknownRuleError) as info:
        resolve_rule("table-type-infx", discover_rules())
    assert "table-type-infix" in info.value.suggestions
    assert "did you mean" in str(info.value)


def _write(path: Path, body: str) -> Path:
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


LOCAL_RULE = '''
from dbnamelint.model import ObjectKind
from dbnamelint.rules.base import Rule

class NoTemp(Rule):
    """No temp tables."""
    code = "{code}"
    name = "{name}"
    kinds = frozenset({{ObjectKind.TABLE}})
'''


def test_local_module_by_path_and_dotted_name(tmp_path: Path) -> None:
    _write(tmp_path / "myrules.py", LOCAL_RULE.format(code="LOC101", name="no-temp"))
    (tmp_path / "pkg").mkdir()
    _write(tmp_path / "pkg" / "__init__.py", "")
    _write(tmp_path / "pkg" / "extra.py", LOCAL_RULE.format(code="LOC102", name="no-temp-2"))
    rules = discover_rules(["myrules.py", "pkg.extra"], root=tmp_path)
    assert rules["LOC101"].name == "no-temp"
    assert rules["LOC102"].name == "no-temp-2"


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("DBN101", "another-name", "code 'DBN101' is defined twice"),
        ("LOC201", "table-type-infix", "name 'table-type-infix' is defined twice"),
        ("bad", "x-y", "has code 'bad'"),
        ("LOC202", "Not_Kebab", "expected kebab-case"),
    ],
    ids=["dup-code", "dup-name", "bad-code", "bad-name"],
)
def test_local_rule_clashes_are_load_errors(
    tmp_path: Path, code: str, name: str, message: str
) -> None:
    _write(tmp_path / f"r_{code.lower()}.py", LOCAL_RULE.format(code=code, name=name))
    with pytest.raises(RuleLoadError, match=message):
        discover_rules([f"r_{code.lower()}.py"], root=tmp_path)


def test_missing_local_module_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError, match="no file"):
        discover_rules(["nope.py"], root=tmp_path)
    with pytest.raises(RuleLoadError, match="nope_mod"):
        discover_rules(["nope_mod"], root=tmp_path)


# --- docs -------------------------------------------------------------------


def test_rule_doc_has_title_sections_and_generated_options() -> None:
    doc = rule_doc(resolve_rule("DBN104", discover_rules()))
    assert doc.splitlines()[0] == "DBN104 table-type-infix"
    for section in REQUIRED_SECTIONS:
        assert section in doc
    assert '- `empty_rest` (str), default `"sys"`' in doc
    assert "- `exceptions` (list[str]), default `[]`" in doc


def test_rules_table_rows() -> None:
    rows = rules_table(discover_rules())
    assert [r.code for r in rows] == sorted(r.code for r in rows)
    row = next(r for r in rows if r.code == "DBN105")
    assert (row.name, row.kinds, row.default_enabled) == ("table-name-singular", "table", True)
    assert row.summary == (
        "Table names must end in a plural noun (or, with `number: singular`, a singular one)."
    )


class _FakeEntryPoint:
    def __init__(self, name: str, loaded: object) -> None:
        self.name, self.value, self._loaded = name, f"fake:{name}", loaded

    def load(self) -> object:
        if isinstance(self._loaded, Exception):
            raise self._loaded
        return self._loaded


@pytest.mark.parametrize(
    ("loaded", "outcome"),
    [
        (_Boom, "TST901"),
        (sys.modules[__name__], "TST902"),  # a module: every rule class it defines
        (ImportError("no module named plugin"), "cannot load: no module named plugin"),
        (42, "neither a Rule subclass nor a module"),
    ],
    ids=["class", "module", "broken", "wrong-type"],
)
def test_entry_point_plugins(monkeypatch: pytest.MonkeyPatch, loaded: object, outcome: str) -> None:
    monkeypatch.setattr(registry, "entry_points", lambda group: [_FakeEntryPoint("plugin", loaded)])
    if outcome.startswith("TST"):
        assert outcome in registry.discover_rules()
    else:
        with pytest.raises(RuleLoadError, match=outcome):
            registry.discover_rules()


# --- default options ------------------------------------------------------------


def test_default_options_equal_pydantic_validated_defaults() -> None:
    """Rules' default options skip pydantic's validator; pydantic's own result is the oracle."""
    from dbnamelint.rules.options import RuleOptions, default_options

    for cls in discover_rules().values():
        built = default_options(cls.options_model)
        validated = cls.options_model()
        assert built == validated, cls.code
        assert built.model_dump() == validated.model_dump(), cls.code

    class Required(RuleOptions):
        limit: int

    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        default_options(Required)
