"""Hostile configs and whitelists (issue 15, kinds 3, 5, 8, 9): each smallest
input found by the probe, plus a property suite over hostile YAML.

Every case must end in a located, one-line error with the usage exit code
(2), promptly and in bounded memory; never "internal error" (4), a hang or
a silently ignored file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbnamelint.cli import main
from dbnamelint.config import ConfigError, load_settings, parse_located_yaml, yamlsafe
from dbnamelint.config.files import find_config, search_folders

BAD_SQL = 'CREATE TABLE "Bad" (id int);\n'

#: The probe's 9-line billion laughs: 9**9 strings once expanded.
LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def run_main(monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> int:
    """Run the real entry point (its error handling included) in ``cwd``."""
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["dbnamelint", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    return int(stop.value.code or 0)


def project(tmp_path: Path, config: str | bytes, whitelist: str | bytes | None = None) -> Path:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "a.sql").write_text(BAD_SQL)
    data = config.encode() if isinstance(config, str) else config
    (tmp_path / "dbnamelint.yaml").write_bytes(data)
    if whitelist is not None:
        raw = whitelist.encode() if isinstance(whitelist, str) else whitelist
        (tmp_path / "whitelist.yaml").write_bytes(raw)
    return tmp_path


CONFIG = b"paths: [a.sql]\n"


@pytest.mark.parametrize(
    ("config", "whitelist", "where", "words"),
    [
        (b"paths: [a.sql]\x00\n", None, "dbnamelint.yaml:1:15", "NUL"),
        (b"paths: [a.sql]\n\x0c\n", None, "dbnamelint.yaml:2:1", "form feed"),
        (b"paths: &e [*e]\n", None, "dbnamelint.yaml:1:8", "recursive alias"),
        (LAUGHS.encode(), None, "dbnamelint.yaml:", "aliases expand"),
        (b"a:" + b" [" * 3000 + b"\n", None, "dbnamelint.yaml:1:1", "nested"),
        (CONFIG, b"entries:\n- {kind: table, name: x\x00}\n", "whitelist.yaml:2:24", "NUL"),
        (CONFIG, b"entries:\n- {kind: table, name: x}\n\x0c\n", "whitelist.yaml:3:1", "form"),
        (CONFIG, b"entries: &e [*e]\n", "whitelist.yaml:1:10", "recursive alias"),
        (CONFIG, LAUGHS.encode(), "whitelist.yaml:", "aliases expand"),
        (CONFIG, b"entries: [\xff]\n", "whitelist.yaml:1:11", "not UTF-8"),
        (
            b"paths: [a.sql]\nmodule_pattern: '{module}/{module}/'\n",
            None,
            "dbnamelint.yaml:2:1",
            "exactly once",
        ),
        (
            b"paths: [a.sql]\nrules: {DBN105: false, dbn105: true}\n",
            None,
            "dbnamelint.yaml:2:24",
            "already configured as rules.DBN105",
        ),
    ],
    ids=[
        "cfg-nul",
        "cfg-formfeed",
        "cfg-recursive-alias",
        "cfg-billion-laughs",
        "cfg-deep-nesting",
        "wl-nul",
        "wl-formfeed",
        "wl-recursive-alias",
        "wl-billion-laughs",
        "wl-not-utf8",
        "module-pattern-twice",
        "rule-twice-other-case",
    ],
)
def test_hostile_config_is_a_located_usage_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    config: bytes,
    whitelist: bytes | None,
    where: str,
    words: str,
) -> None:
    project(tmp_path, config, whitelist)
    code = run_main(monkeypatch, tmp_path, "check")
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"dbnamelint: {where}" in err
    assert words in err
    assert "internal error" not in err


def test_extends_chain_1500_deep_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(1, 1501):
        (tmp_path / f"e{i}.yaml").write_text(f"extends: e{i + 1}.yaml\n")
    (tmp_path / "e1501.yaml").write_text("paths: [a.sql]\n")
    project(tmp_path, "extends: e1.yaml\n")
    assert run_main(monkeypatch, tmp_path, "check") == 2
    err = capsys.readouterr().err
    assert "extends: chain deeper than 32 files" in err
    assert "e32.yaml:1:1" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_whitelist_fifo_is_refused_without_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(tmp_path, CONFIG)
    os.mkfifo(tmp_path / "whitelist.yaml")  # nobody writes: a plain open() blocks forever
    assert run_main(monkeypatch, tmp_path, "check") == 2
    assert "whitelist.yaml:1:1: cannot read: a FIFO (named pipe), not a file" in (
        capsys.readouterr().err
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_whitelist_pointing_at_dev_zero_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(tmp_path, "paths: [a.sql]\nwhitelist: /dev/zero\n")
    assert run_main(monkeypatch, tmp_path, "check") == 2
    assert "cannot read: a character device, not a file" in capsys.readouterr().err


def test_whitelist_symlink_loop_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(tmp_path, "paths: [a.sql]\nwhitelist: loop1\n")
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    assert run_main(monkeypatch, tmp_path, "check") == 2
    err = capsys.readouterr().err
    assert "loop1:1:1: cannot read: Too many levels of symbolic links" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_full_device_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(tmp_path, CONFIG)
    assert run_main(monkeypatch, tmp_path, "check", "-o", "/dev/full") == 2
    assert "dbnamelint: /dev/full: cannot write: No space left on device" in (
        capsys.readouterr().err
    )


def test_output_into_a_path_through_a_file_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a folder we cannot create: root ignores chmod, a file in the way stops everyone
    project(tmp_path, CONFIG)
    (tmp_path / "blocker").write_text("")
    assert run_main(monkeypatch, tmp_path, "check", "-o", "blocker/report.txt") == 2
    err = capsys.readouterr().err
    assert "blocker/report.txt: cannot write:" in err
    assert "internal error" not in err


def test_failed_report_write_keeps_the_old_report(tmp_path: Path) -> None:
    from dbnamelint.outputs import OutputError, write_bytes_with

    target = tmp_path / "report.txt"
    target.write_text("old report\n")

    def fail_half_way(path: Path) -> None:
        path.write_text("new rep")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left on device"):
        write_bytes_with(target, fail_half_way)
    assert target.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]  # no temp left


# ---------------------------------------------------------------- kind 8


def test_broken_pyproject_is_an_error_not_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "dbnamelint.yaml").write_text("dialect: mysql\n")  # a parent's config
    sub = tmp_path / "db"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[tool.dbnamelint\npaths = ['x']\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(sub)
    assert str(caught.value).startswith("pyproject.toml:1:17: ")  # shown from db/
    assert "invalid TOML" in str(caught.value)


def test_non_utf8_pyproject_is_an_error_not_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.dbnamelint]\npaths = ['\xff']\n")
    with pytest.raises(ConfigError, match="not UTF-8") as caught:
        load_settings(tmp_path)
    assert caught.value.location is not None
    assert (caught.value.location.line, caught.value.location.column) == (2, 11)


# ---------------------------------------------------------------- kind 9


def test_config_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "dbnamelint.yaml").write_text("local_rules: [evil.py]\n")
    (tmp_path / "evil.py").write_text("raise SystemExit('evil code ran')\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "db").mkdir()
    assert find_config(repo / "db") is None
    assert search_folders(repo / "db") == (repo / "db", repo)
    settings = load_settings(repo / "db")  # defaults; evil.py never imported
    assert settings.config_path is None


def test_config_search_outside_a_repository_reads_only_below_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    work = home / "proj" / "db"
    work.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    (tmp_path / "dbnamelint.yaml").write_text("dialect: mysql\n")  # above $HOME
    (home / "dbnamelint.yaml").write_text("dialect: mysql\n")  # $HOME itself
    assert find_config(work) is None
    (home / "proj" / "dbnamelint.yaml").write_text("dialect: mysql\n")
    assert find_config(work) == home / "proj" / "dbnamelint.yaml"
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    assert search_folders(work) == (work,)  # neither repository nor home: cwd only


def test_local_rules_from_an_extended_file_outside_the_project_are_refused(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "evil.py").write_text("raise SystemExit('evil code ran')\n")
    (shared / "base.yaml").write_text("local_rules: [evil.py]\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "dbnamelint.yaml").write_text("extends: ../shared/base.yaml\n")
    with pytest.raises(ConfigError, match="only the project's own config files") as caught:
        load_settings(repo)
    assert caught.value.location is not None
    assert caught.value.location.path.endswith("shared/base.yaml")


def test_local_rule_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    (tmp_path / "evil.py").write_text("raise SystemExit('evil code ran')\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "dbnamelint.yaml").write_text("local_rules:\n  - ../evil.py\n")
    with pytest.raises(ConfigError, match=r"local_rules\[0\]: refused") as caught:
        load_settings(repo)
    assert caught.value.location is not None
    assert (caught.value.location.line, caught.value.location.column) == (2, 5)


def test_local_rules_from_the_projects_own_extended_file_still_load(tmp_path: Path) -> None:
    pytest.importorskip("dbnamelint.rules.builtin")
    (tmp_path / ".git").mkdir()
    lint = tmp_path / "lint"
    lint.mkdir()
    (lint / "my_rules.py").write_text(
        "from dbnamelint.rules.base import Rule\n\n"
        "class Mine(Rule):\n    '''Local.'''\n    code = 'ZZZ902'\n    name = 'zz-mine'\n"
    )
    (lint / "base.yaml").write_text("local_rules: [my_rules.py]\n")
    (tmp_path / "dbnamelint.yaml").write_text("extends: lint/base.yaml\n")
    settings = load_settings(tmp_path, select=("ZZZ902",))
    assert [rule.code for rule, _ in settings.rules] == ["ZZZ902"]


# ---------------------------------------------------------------- properties

_scalars = st.one_of(
    st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_plain_documents_load_as_pyyaml_loads_them(value: object) -> None:
    """Bounds never refuse an ordinary document, and never change its meaning."""
    text = yaml.safe_dump(value, allow_unicode=True)
    assert yamlsafe.safe_load(text) == yaml.safe_load(text)


_fragments = st.sampled_from(
    [
        "a: ",
        "&x ",
        "*x",
        "&y ",
        "*y",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "- ",
        "\n",
        "  ",
        "<<: ",
        "lol",
        "'",
        '"',
        "\x00",
        "\x0c",
        "\x1b",
        "\ufeff",
        "? ",
        ": ",
        "!!python/object:os.system ",
        "!!binary ",
        "#",
        "---\n",
        "...\n",
    ]
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fragments, max_size=40).map("".join))
def test_any_text_is_data_or_a_located_config_error(text: str) -> None:
    """Hostile YAML fragments: a document or a ConfigError, nothing else."""
    try:
        doc = parse_located_yaml(text, "fuzz.yaml")
    except ConfigError as exc:
        assert exc.location is not None
        assert exc.location.path == "fuzz.yaml"
        assert exc.location.line >= 1
        assert exc.location.column >= 1
        return
    assert doc.path == "fuzz.yaml"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=12), st.integers(min_value=2, max_value=12))
def test_alias_fan_out_is_refused_before_it_is_walked(width: int, depth: int) -> None:
    """Any laughs shape: accepted iff its expanded size is within the budget."""
    lines = [f"l0: &l0 [{', '.join(['x'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, depth)]
    text = "\n".join(lines) + "\n"
    # nodes written: the root, a key and a list per level, the first list's items
    written = 1 + 2 * depth + width
    sizes = [1 + width]  # each level's list expands to 1 + width * the level below
    for _ in range(1, depth):
        sizes.append(1 + width * sizes[-1])
    expanded = 1 + depth + sum(sizes)
    within = expanded <= yamlsafe.ALIAS_BUDGET + yamlsafe.ALIAS_FACTOR * written
    try:
        parse_located_yaml(text, "laughs.yaml")
    except ConfigError as exc:
        assert not within
        assert "aliases expand" in exc.message
    else:
        assert within


def test_whitelist_entry_with_no_rules_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(tmp_path, CONFIG, "entries:\n- kind: table\n  name: Bad\n  rules: []\n")
    assert run_main(monkeypatch, tmp_path, "check") == 2
    assert "whitelist.yaml:4:3: entries[0].rules: empty list excuses nothing" in (
        capsys.readouterr().err
    )


# ---------------------------------------------------------------- globs

_glob_parts = st.sampled_from(["a", "b", "x", "*", "**", "**/", "/", "?", "[ab]", ".sql", "a/"])
_path_parts = st.sampled_from(["a", "b", "x", "y", "/", ".sql", "ab"])


def _regex_matches(pattern: str, path: str) -> bool:
    """The earlier regex meaning of a glob (re's backtracking): the oracle."""
    import re

    from dbnamelint.globs import translate_glob

    text = pattern.strip().replace("\\", "/").removeprefix("./").rstrip("/")
    anchored = "/" in text
    regex = re.compile(("" if anchored else "(?:.*/)?") + translate_glob(text.lstrip("/")))
    prefixes = [path] + [path[:i] for i, c in enumerate(path) if c == "/"]
    return any(regex.fullmatch(p) for p in prefixes)


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(_glob_parts, min_size=1, max_size=6).map("".join),
    st.lists(_path_parts, max_size=8).map("".join),
)
def test_linear_glob_matcher_agrees_with_the_regex_meaning(pattern: str, path: str) -> None:
    from dbnamelint.globs import PathGlob

    if not pattern.strip().strip("/").removeprefix("./").strip("/"):
        return  # empty globs are refused
    assert PathGlob.compile(pattern).matches(path) == _regex_matches(pattern, path)


def test_nested_double_star_glob_is_linear() -> None:
    """``'**/' * 10 + 'x/y'`` took 22 s per path through re; the matcher's
    work is bounded by len(path) * len(pattern) state steps."""
    from dbnamelint.globs import PathGlob

    glob = PathGlob.compile("**/" * 10 + "x/y")
    assert not glob.matches("a/" * 200 + "b")
    assert glob.matches("a/" * 200 + "x/y/z.sql")


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("inspect", "."),
        ("rules",),
        ("burndown", "--no-history"),
        ("whitelist", "prune", "--dry-run"),
    ],
    ids=["check", "inspect", "rules", "burndown", "whitelist-prune"],
)
def test_no_command_runs_rule_code_from_above_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    marker = tmp_path / "evil-ran"
    (tmp_path / "evil.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    (tmp_path / "dbnamelint.yaml").write_text("local_rules: [evil.py]\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a.sql").write_text("CREATE TABLE items (id int);\n")
    (repo / "whitelist.yaml").write_text("entries: []\n")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    run_main(monkeypatch, repo, *args)
    assert not marker.exists()


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
def test_config_given_as_process_substitution_says_what_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--config <(cat dbnamelint.yaml)`` gives ``/dev/fd/N``, a link to
    ``pipe:[...]``, no path: it said ``/proc/<pid>/fd/pipe:[...]:1:1: no such
    config file`` (trial s43, formbricks); a pipe is refused as a named one is."""
    (tmp_path / "a.sql").write_text(BAD_SQL)
    read, write = os.pipe()
    try:
        code = run_main(monkeypatch, tmp_path, "check", "--config", f"/dev/fd/{read}", "a.sql")
    finally:
        os.close(read)
        os.close(write)
    assert code == 2
    err = capsys.readouterr().err
    assert f"/dev/fd/{read}:1:1: cannot read: a FIFO (named pipe), not a file" in err, err
