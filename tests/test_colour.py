"""Colour policy: flags, NO_COLOR / FORCE_COLOR, pipes, files and a real terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from dbnamelint.report.colour import colour_wanted

ESC = "\x1b["
SQL = 'CREATE TABLE "UserAccounts" (id int);\n'


@pytest.mark.parametrize(
    ("flag", "to_file", "tty", "env", "expected"),
    [
        (None, False, True, {}, True),
        (None, False, False, {}, False),
        (None, False, True, {"NO_COLOR": "1"}, False),
        (None, False, True, {"NO_COLOR": ""}, True),  # empty means unset (no-color.org)
        (None, False, False, {"FORCE_COLOR": "1"}, True),
        (None, True, False, {"FORCE_COLOR": "1"}, True),  # forced: even a file
        (None, False, True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (None, False, True, {"TERM": "dumb"}, False),
        (True, False, False, {"NO_COLOR": "1"}, True),  # the flag beats the environment
        (True, True, True, {}, False),  # a file never gets colour from --color
        (False, False, True, {"FORCE_COLOR": "1"}, False),
    ],
)
def test_policy(
    flag: bool | None, to_file: bool, tty: bool, env: dict[str, str], expected: bool
) -> None:
    assert colour_wanted(flag, to_file=to_file, stdout_is_tty=tty, environ=env) is expected


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "TERM"}}
    env["TERM"] = "xterm"
    env.update(extra)
    return env


def _project(tmp_path: Path) -> Path:
    (tmp_path / "schema.sql").write_text(SQL, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("extends: recommended\n", encoding="utf-8")
    return tmp_path


def _on_pty(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run dbnamelint with stdout on a real pseudo-terminal; return what it printed."""
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dbnamelint", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=subprocess.DEVNULL,
    )
    os.close(child)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def _on_pipe(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dbnamelint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    return done.stdout


def test_terminal_is_coloured_by_default(tmp_path: Path) -> None:
    out = _on_pty(["check"], _project(tmp_path), _env())
    assert "DBN" in out and ESC in out


def test_no_color_wins_on_a_terminal(tmp_path: Path) -> None:
    out = _on_pty(["check"], _project(tmp_path), _env(NO_COLOR="1"))
    assert "DBN" in out and ESC not in out


def test_no_color_flag_on_a_terminal(tmp_path: Path) -> None:
    out = _on_pty(["check", "--no-color"], _project(tmp_path), _env())
    assert "DBN" in out and ESC not in out


def test_pipe_is_plain_unless_asked(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert ESC not in _on_pipe(["check"], root, _env())
    assert ESC in _on_pipe(["check", "--color"], root, _env())
    assert ESC in _on_pipe(["check"], root, _env(FORCE_COLOR="1"))


def test_files_get_colour_only_when_forced(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _on_pty(["check", "--color", "-o", "plain.txt"], root, _env())
    assert ESC not in (root / "plain.txt").read_text(encoding="utf-8")
    assert "DBN" in (root / "plain.txt").read_text(encoding="utf-8")
    _on_pipe(["check", "-o", "forced.txt"], root, _env(FORCE_COLOR="1"))
    assert ESC in (root / "forced.txt").read_text(encoding="utf-8")


def test_source_frames_default_on_a_terminal_only(tmp_path: Path) -> None:
    root = _project(tmp_path)
    frame = '1 | CREATE TABLE "UserAccounts" (id int);'
    assert frame in _on_pty(["check", "--no-color"], root, _env())
    piped = _on_pipe(["check"], root, _env())
    assert frame not in piped
    assert frame in _on_pipe(["check", "--show-source"], root, _env())
