"""The shipped inflect table against inflect itself, the oracle.

Every answer of ``src/dbnamelint/rules/inflect-table.json.gz`` is rebuilt
here from the installed inflect and lexicon and must equal the file: a
changed :mod:`~dbnamelint.rules.lexicon_gaps`, a changed ``plural_of`` or
another inflect makes this fail until the file is rebuilt
(``python -m dbnamelint.rules.inflect_table_build``).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dbnamelint.rules import inflect_answers, inflect_table, inflect_table_build, words

SRC = Path(__file__).resolve().parents[1] / "src"

pytestmark = pytest.mark.skipif(
    (inflect_table.inflect_release() or "").split(" ")[0] != inflect_table.VERIFIED_VERSION,
    reason="the table is built from and used with inflect 6.2.0 only",
)


def _shipped() -> dict[str, object]:
    data: dict[str, object] = json.loads(gzip.decompress(inflect_table.TABLE.read_bytes()))
    return data


def test_the_shipped_table_is_what_inflect_answers_today() -> None:
    rebuilt = json.loads(gzip.decompress(inflect_table_build.build()))
    shipped = _shipped()
    for key in ("format", "inflect", "lemminflect"):
        assert shipped[key] == rebuilt[key]
    for key in ("singular", "plural", "plurals"):
        assert shipped[key] == rebuilt[key], f"{key}: rebuild the table"


def test_every_word_of_the_domain_answers_as_inflect() -> None:
    import inflect

    engine = inflect.engine()
    domain = inflect_table_build.domain()
    assert len(domain) > 60_000  # the lexicon's words, not an empty file
    for word in domain:
        assert inflect_table.singular_noun(word) == engine.singular_noun(word), word
        assert inflect_table.plural_noun(word) == engine.plural_noun(word), word


def test_words_outside_the_domain_are_left_to_inflect() -> None:
    for word in ("kvs", "oauthaccessdata", "Users", "", "x1s"):
        assert inflect_table.singular_noun(word) is None
        assert inflect_table.plural_noun(word) is None


@pytest.mark.parametrize(
    "word",
    [
        # table names of the shared corpus and seeds that are no lexicon noun
        "kv",
        "dlq",
        "meta",
        "org",
        "override",
        "accesscontrolpolicyhistory",
        "channelmemberhistory",
        "oauthaccessdata",
        "termsofservice",
        "retentionidsfordeletion",
        # plurals of compounds and of lexicon gaps: the filter must let them through
        "playlists",
        "salespeople",
        "workspaces",
        "emojis",
        "changelogs",
        "userhistories",
        "spokespeople",
        "datapoints",
    ],
)
def test_singular_of_with_the_filter_is_singular_of_without_it(
    word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    filtered = words.singular_of.__wrapped__(word)
    monkeypatch.setattr(words, "_may_be_noun_plural", lambda low: True)
    words.plural_of.cache_clear()
    assert filtered == words.singular_of.__wrapped__(word)


def test_a_plural_filter_miss_is_no_noun_plural() -> None:
    """Every word the filter rejects has no singular inflect gives whose
    plural is the word: checked over the lexicon's non-noun words."""
    domain = inflect_table_build.domain()
    rejected = [
        w for w in domain if "NOUN" not in words.classes(w) and not words._may_be_noun_plural(w)
    ]
    assert len(rejected) > 10_000
    for word in rejected[::7]:
        singular = inflect_answers.singular_noun(word)
        assert (
            not singular
            or singular == word
            or "NOUN" not in words.classes(singular)
            or words.plural_of(singular) != word
        ), word


def test_a_check_of_lexicon_words_never_imports_inflect(tmp_path: Path) -> None:
    """The point of the table: pydantic and inflect stay out of such a run."""
    (tmp_path / "schema.sql").write_text(
        "CREATE TABLE people (id int);\nCREATE TABLE status (id int);\n"
        "CREATE TABLE kv (id int);\nCREATE TABLE user_profile (id int);\n"
    )
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['dbnamelint', 'check', '--no-cache', '--format', 'json', 'schema.sql']\n"
        "try:\n    runpy.run_module('dbnamelint.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted(m for m in ('inflect', 'pydantic') if m in sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.stderr.strip().endswith("[]"), run.stderr
    findings = json.loads(run.stdout)["findings"]
    # the answers still come: status and user_profile are singular, people plural
    flagged = sorted(f["name"] for f in findings if f["code"] == "DBN105")
    assert flagged == ["status", "user_profile"]


def test_a_check_answers_the_same_with_and_without_the_table(tmp_path: Path) -> None:
    """End to end: irregular, zero and classical plurals, compounds and
    unknown words give the same findings and suggestions from the table as
    from inflect."""
    names = (
        *("person", "people", "status", "statuses", "sheep", "taxi", "taxis", "data"),
        *("indices", "matrix", "analysis", "criteria", "child", "children", "mouse", "goose"),
        *("aircraft", "cactus", "octopus", "bus", "quiz", "transport", "transports", "syntax"),
        *("spokesperson", "spokespeople", "user_profile", "oxen", "alumnus", "kv", "dlq"),
        *("playlist", "passkey", "salespeople", "workspace", "emoji", "changelog", "meta"),
        *("clusterdiscovery", "termsofservice", "oauthaccessdata", "override", "loginhistory"),
    )
    (tmp_path / "a.sql").write_text("".join(f"CREATE TABLE {n} (id int);\n" for n in names))
    outputs = []
    for off in ("", "1"):
        env = {**os.environ, "PYTHONPATH": str(SRC), inflect_table.OFF_ENV: off}
        run = subprocess.run(
            [sys.executable, "-m", "dbnamelint.cli", "check", "--no-cache", "a.sql"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        outputs.append((run.returncode, run.stdout, run.stderr))
    assert outputs[0] == outputs[1]
    assert "DBN105" in outputs[0][1]
