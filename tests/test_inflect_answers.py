"""inflect's answers kept from run to run (dbnamelint.rules.inflect_answers).

The oracle is inflect itself: every stored answer is compared with a fresh
``inflect.engine()``, and every ``check`` with the same command run with
``--no-cache``. Which runs imported inflect is read from ``-X importtime``
of real ``python -m dbnamelint.cli`` processes. Each cached run first edits
the schema file, so the whole-run cache (tests/test_runcache.py) never
answers instead.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import inflect
import pytest

from dbnamelint.rules import inflect_answers, inflect_table
from dbnamelint.runner import readcache

#: Table names that make the plural rule ask inflect: irregular plurals,
#: zero plurals, Latin and Greek endings, words ending in s, closed compounds.
TRICKY = (
    *("person", "people", "status", "statuses", "sheep", "taxi", "taxis", "data", "index"),
    *("indices", "indexes", "matrix", "analysis", "criteria", "child", "children", "mouse"),
    *("aircraft", "cactus", "goose", "octopus", "bus", "quiz", "transport", "transports"),
    *("syntax", "spokesperson", "spokespeople", "user_profile", "moose", "oxen", "alumnus"),
)
SCHEMA = "".join(f"CREATE TABLE {name} (id int);\n" for name in TRICKY)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    imported_inflect: bool


class _Edits:
    count = 0


def _check(cwd: Path, cache: Path, *args: str, extra_env: dict[str, str] | None = None) -> Run:
    _Edits.count += 1  # a new schema text: the run cache cannot replay the run
    (cwd / "a.sql").write_text(f"{SCHEMA}-- edit {_Edits.count}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != readcache.OFF_ENV}
    env[readcache.DIR_ENV] = str(cache)
    env[inflect_table.OFF_ENV] = "1"  # the memo's own behaviour: the table's words skip it
    env.update(extra_env or {})
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dbnamelint.cli", "check", "a.sql", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = done.stderr.splitlines(True)
    names = {line.rsplit("|", 1)[-1].strip() for line in lines if line.startswith("import time:")}
    assert "dbnamelint.rules.words" in names, "the run was replayed whole"
    rest = "".join(line for line in lines if not line.startswith("import time:"))
    return Run(done.returncode, done.stdout, rest, imported_inflect="inflect" in names)


def _memo_path(cache: Path) -> Path:
    """Where a process running this code keeps the memo under ``cache``."""
    return readcache.FileCache(cache).directory / inflect_answers.FILE_NAME


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The check as ``--no-cache`` prints it: inflect asked afresh."""
    cwd = tmp_path_factory.mktemp("oracle")
    run = _check(cwd, cwd / "cache", "--no-cache")
    assert run.code == 1 and "DBN105" in run.stdout, run.stdout + run.stderr
    assert run.imported_inflect
    return run


def _same(run: Run, oracle: Run) -> None:
    assert (run.code, run.stdout, run.stderr) == (oracle.code, oracle.stdout, oracle.stderr)


def _assert_answers_are_inflects(memo: Path) -> None:
    data = json.loads(memo.read_text(encoding="utf-8"))
    assert data["format"] == inflect_answers.FORMAT
    assert data["inflect"] == inflect_answers.inflect_origin()
    engine = inflect.engine()
    assert data["plural_noun"] and data["singular_noun"]
    for word, answer in data["plural_noun"].items():
        assert engine.plural_noun(word) == answer, word
    for word, answer in data["singular_noun"].items():
        assert engine.singular_noun(word) == answer, word


def test_a_repeat_run_does_not_import_inflect(tmp_path: Path, oracle: Run) -> None:
    cache = tmp_path / "cache"
    first = _check(tmp_path, cache)
    _same(first, oracle)
    assert first.imported_inflect
    memo = _memo_path(cache)
    _assert_answers_are_inflects(memo)
    before = memo.stat()

    second = _check(tmp_path, cache)
    _same(second, oracle)
    assert not second.imported_inflect
    after = memo.stat()  # nothing new learnt: the memo is not written again
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize(
    ("args", "env"),
    [(("--no-cache",), {}), ((), {readcache.OFF_ENV: "1"})],
    ids=["--no-cache", "DBNAMELINT_NO_CACHE"],
)
def test_no_memo_without_a_cache(
    tmp_path: Path, oracle: Run, args: tuple[str, ...], env: dict[str, str]
) -> None:
    cache = tmp_path / "cache"
    _same(_check(tmp_path, cache, *args, extra_env=env), oracle)
    assert not list(tmp_path.rglob(inflect_answers.FILE_NAME))


#: Answers inflect never gives, well formed: a memo read despite what is wrong
#: with it shows in the output (``person`` is suggested ``persons``, not ``people``).
WRONG = {
    "plural_noun": {"person": "persons", "goose": "gooses", "alumnus": "alumnuses"},
    "singular_noun": {"people": "peoples", "spokespeople": "spokespeoples"},
}


def _shaped(**changes: object) -> bytes:
    """A memo of this inflect holding :data:`WRONG`, with ``changes``."""
    data = {"format": inflect_answers.FORMAT, "inflect": inflect_answers.inflect_origin()}
    return json.dumps({**data, **WRONG, **changes}).encode()


BAD_MEMOS = {
    "empty": lambda: b"",
    "half-written": lambda: _shaped()[:-7],
    "not JSON": lambda: b"\x80\x00\xff garbage",
    "a list": lambda: b"[1, 2, 3]",
    "another format": lambda: _shaped(format=0),
    "another inflect": lambda: _shaped(inflect="0.0.1 1 1"),
    "a number for a plural": lambda: _shaped(plural_noun={**WRONG["plural_noun"], "taxi": 1}),
    "true for a singular": lambda: _shaped(singular_noun={**WRONG["singular_noun"], "oxen": True}),
    "false for a plural": lambda: _shaped(plural_noun={**WRONG["plural_noun"], "taxi": False}),
    "plurals as a list": lambda: _shaped(plural_noun=list(WRONG["plural_noun"].items())),
    "too big": lambda: _shaped() + b" " * inflect_answers.MAX_BYTES,
}


def _plant(cache: Path, data: bytes) -> Path:
    memo = _memo_path(cache)
    memo.parent.mkdir(parents=True)
    memo.write_bytes(data)
    return memo


def test_a_well_formed_memo_is_read(tmp_path: Path, oracle: Run) -> None:
    """The bad memos below are bad for one fault each: read as answers,
    :data:`WRONG` would show in the output, as it does here."""
    cache = tmp_path / "cache"
    _plant(cache, _shaped())
    run = _check(tmp_path, cache)
    assert "(suggestion: persons)" in run.stdout
    assert "(suggestion: persons)" not in oracle.stdout


@pytest.mark.parametrize("bad", list(BAD_MEMOS), ids=list(BAD_MEMOS))
def test_an_unusable_memo_is_a_miss(tmp_path: Path, oracle: Run, bad: str) -> None:
    cache = tmp_path / "cache"
    memo = _plant(cache, BAD_MEMOS[bad]())
    run = _check(tmp_path, cache)
    _same(run, oracle)
    assert run.imported_inflect
    _assert_answers_are_inflects(memo)  # written afresh


# -- in one process: the memo's own rules ------------------------------------


@pytest.fixture
def memo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Answers kept in ``tmp_path`` for this test; nothing saved at exit."""
    monkeypatch.setattr(inflect_answers, "_folder", lambda: tmp_path)
    monkeypatch.setattr(inflect_table, "table", lambda: None)
    made: list[inflect_answers.Memo] = []
    real = inflect_answers.Memo

    def tracked(path: Path, origin: str) -> inflect_answers.Memo:
        made.append(real(path, origin))
        return made[-1]

    monkeypatch.setattr(inflect_answers, "Memo", tracked)
    inflect_answers._memo_in.cache_clear()
    yield tmp_path
    inflect_answers._memo_in.cache_clear()
    for memo in made:
        atexit.unregister(memo.save)


WORDS = (*TRICKY, "data", "Person", "PEOPLE", "x", "bus stop", "schéma", "naïveté")


def _fresh_memo(folder: Path) -> inflect_answers.Memo:
    memo = inflect_answers._memo_in(folder)
    assert memo is not None
    return memo


def test_answers_equal_inflects_learnt_and_stored(memo_folder: Path) -> None:
    engine = inflect.engine()
    expected = [(engine.plural_noun(w), engine.singular_noun(w)) for w in WORDS]
    learnt = [(inflect_answers.plural_noun(w), inflect_answers.singular_noun(w)) for w in WORDS]
    assert learnt == expected
    _fresh_memo(memo_folder).save()

    inflect_answers._memo_in.cache_clear()  # as the next process: from the file only
    stored = _fresh_memo(memo_folder)
    assert all(stored.get("plural_noun", w) is not None for w in WORDS)
    served = [(inflect_answers.plural_noun(w), inflect_answers.singular_noun(w)) for w in WORDS]
    assert served == expected
    assert not stored.learnt


def test_the_memo_keeps_the_most_recent_answers(
    memo_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inflect_answers, "MAX_ANSWERS", 3)
    for word in ("cat", "dog", "cow", "hen"):
        inflect_answers.plural_noun(word)
    _fresh_memo(memo_folder).save()
    inflect_answers._memo_in.cache_clear()

    memo = _fresh_memo(memo_folder)  # the next run asks "dog" (stored), then learns "elk"
    inflect_answers.plural_noun("dog")
    inflect_answers.plural_noun("elk")
    memo.save()
    data = json.loads((memo_folder / inflect_answers.FILE_NAME).read_text(encoding="utf-8"))
    assert data["plural_noun"] == {"hen": "hens", "dog": "dogs", "elk": "elks"}


def test_answers_another_run_stored_meanwhile_are_kept(memo_folder: Path) -> None:
    path = memo_folder / inflect_answers.FILE_NAME
    inflect_answers.plural_noun("cat")
    mine = _fresh_memo(memo_folder)
    path.write_bytes(_shaped(plural_noun={"dog": "dogs"}, singular_noun={"cows": "cow"}))
    mine.save()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["plural_noun"] == {"dog": "dogs", "cat": "cats"}
    assert data["singular_noun"] == {"cows": "cow"}


def test_no_folder_no_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inflect_answers, "_folder", lambda: None)
    assert inflect_answers._memo() is None
    assert inflect_answers.plural_noun("person") == inflect.engine().plural_noun("person")


#: Table names ending in nouns whose plural the lexicon files do not list
#: (harbor's ``job_log``): lemminflect's ``getInflection`` answers them, which
#: loads its whole inflection table and imports NumPy.
GUESSED = ("user_subreddit", "site_subreddit")
#: ``subreddit``: a noun the team names (``extra_nouns``) that no lexicon lists.
GUESS_CONFIG = "rules:\n  DBN105:\n    options:\n      extra_nouns: [subreddit]\n"


def test_lemminflect_s_guesses_are_remembered_too(tmp_path: Path) -> None:
    """A run that judged only names whose plurals were guessed before imports
    neither lemminflect nor NumPy, and prints what ``--no-cache`` prints; the
    stored guesses are lemminflect's own answers."""
    import lemminflect

    schema = "".join(f"CREATE TABLE {name} (id int);\n" for name in GUESSED)
    (tmp_path / "dbnamelint.yaml").write_text(GUESS_CONFIG, encoding="utf-8")
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k != readcache.OFF_ENV}
    env[readcache.DIR_ENV] = str(cache)

    def run(edit: int, *args: str) -> tuple[str, set[str]]:
        (tmp_path / "a.sql").write_text(f"{schema}-- edit {edit}\n", encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "dbnamelint.cli", "check", "a.sql", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        lines = done.stderr.splitlines(True)
        names = {line.rsplit("|", 1)[-1].strip() for line in lines if "import time:" in line}
        return done.stdout, names

    oracle, _ = run(0, "--no-cache")
    assert "DBN105" in oracle and "user_subreddits" in oracle, oracle
    first, imported = run(1)
    assert first == oracle and "lemminflect" in imported
    memo = readcache.FileCache(cache).directory / inflect_answers.GUESS_FILE_NAME
    data = json.loads(memo.read_text(encoding="utf-8"))
    assert data["lemminflect"] == inflect_answers._origin("lemminflect")
    assert set(data["nns"]) == {"subreddit"}
    for word, plurals in data["nns"].items():
        assert tuple(plurals) == tuple(lemminflect.getInflection(word, tag="NNS")), word
    second, imported = run(2)
    assert second == oracle
    assert "dbnamelint.rules.words" in imported, "the run was replayed whole"
    assert "lemminflect" not in imported and "numpy" not in imported
