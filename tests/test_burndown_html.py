"""``burndown --format html`` says what the text report says; an ``.svg``
or ``.png`` ``--chart`` without its extra writes nothing (trial s11 finding
6), an ``.html`` one is the tables and a line saying what to install, as
the README promises (trial s18, stash: it exited 2).

Real processes (``python -m dbnamelint``) on a real git history: a table
renamed in phase 1 whose old name the code still reads, a phase past due.
The oracle for the page is the text report of the same run: each of its
tables (rows split on its column gaps) must be the page's table, row for
row, and each of its summary lines a paragraph of the page.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from git_helpers import commit_all, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SRC = Path(__file__).resolve().parents[1] / "src"

START = """\
phases:
  - {id: "1", title: Messaging, owner: ana, due: 2020-01-31}
  - {id: "2", title: CRM, owner: bo, due: 2999-12-31}
entries:
  - {kind: table, name: messages, phase: "1", target: comms_messages}
  - {kind: table, name: notes, phase: "1", target: crm_notes}
  - {kind: table, name: contacts, phase: "2", target: crm_contacts}
"""


def _env(tmp_path: Path, *, block_pygal: bool = False) -> dict[str, str]:
    path = [str(SRC)]
    if block_pygal:  # pygal as if not installed: importing it fails
        shim = tmp_path / "no-pygal" / "pygal"
        shim.mkdir(parents=True, exist_ok=True)
        (shim / "__init__.py").write_text("raise ImportError(\"No module named 'pygal'\")\n")
        path.insert(0, str(shim.parent))
    return {
        **os.environ,
        **isolated_git_env(),
        "PYTHONPATH": os.pathsep.join(path),
        "DBNAMELINT_CACHE_DIR": str(tmp_path / "cache"),
        "NO_COLOR": "1",
    }


def _burndown(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dbnamelint", "burndown", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db").mkdir(parents=True)
    (root / "db/001.sql").write_text(
        "CREATE TABLE messages (id int);\nCREATE TABLE notes (id int);\n"
        "CREATE TABLE contacts (id int);\n"
    )
    (root / "dbnamelint.yaml").write_text("extends: dba-domains\npaths: [db]\n")
    (root / "whitelist.yaml").write_text(START)
    (root / "app.py").write_text('Q = "SELECT * FROM messages"\nR = "SELECT * FROM contacts"\n')
    init_repo(root)
    commit_all(root, "start", date="2026-01-01T09:30:00+00:00")
    (root / "db/002.sql").write_text("ALTER TABLE messages RENAME TO comms_messages;\n")
    (root / "whitelist.yaml").write_text(START.replace(START.splitlines()[4] + "\n", ""))
    commit_all(root, "messages renamed", date="2026-01-05T17:45:00+00:00")
    return root


class _Page(HTMLParser):
    """The page's tables (rows of cell texts) and paragraphs, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.paragraphs: list[str] = []
        self._cell: list[str] | None = None
        self._para: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in {"td", "th"}:
            self._cell = []
        elif tag == "p":
            self._para = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "p" and self._para is not None:
            self.paragraphs.append("".join(self._para))
            self._para = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._para):
            if part is not None:
                part.append(data)


def _text_table(report: str, heading: str) -> list[list[str]]:
    """The rows under ``heading`` in the text report, cells split on column gaps."""
    lines = report.split(f"\n{heading}", 1)[1].splitlines()[1:]
    rows = []
    for line in lines:
        if not line.strip() or not re.search(r"\S {2,}\S", line):
            break
        rows.append(re.split(r" {2,}", line.strip()))
    return rows


def test_the_html_page_has_the_text_reports_rows_and_lines(project: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    text = _burndown(project, env)
    assert text.returncode == 0, text.stderr
    report = text.stdout
    # The run has what the trial's page left out: the renamed name read by code.
    assert "(renamed)" in report and "Past due: phase 1" in report
    page = _burndown(project, env, "--format", "html")
    assert page.returncode == 0, page.stderr
    parsed = _Page()
    parsed.feed(page.stdout)
    tables = {
        "Plan:": _text_table(report, "Plan:"),
        "Trend": _text_table(report, "Trend ("),
        "Phases:": _text_table(report, "Phases:"),
        "Left": _text_table(report, "Left ("),
    }
    for heading, rows in tables.items():
        assert rows, heading
        assert rows in parsed.tables, (heading, rows, parsed.tables)
    # The trend is dated by day in both (the trial's page had full timestamps).
    assert tables["Trend"][1][0] == "2026-01-01"
    for line in report.splitlines():
        if line.startswith(("Projected finish", "Finished", "Past due")):
            assert line in parsed.paragraphs, (line, parsed.paragraphs)
    # A tree without modules: no module table in either.
    assert "Modules:" not in report and "Module" not in {r[0][0] for r in parsed.tables}


@pytest.mark.parametrize("args", [["--format", "html", "-o", "out/x.html"], ["-o", "out/x.txt"]])
@pytest.mark.parametrize("chart", ["out/x.svg", "out/x.png"])
def test_a_chart_without_pygal_is_refused_before_anything_is_written(
    project: Path, tmp_path: Path, args: list[str], chart: str
) -> None:
    """The trial's run exited 2 (`needs pygal`) with x.html written: a
    report left behind by a failed run. Now nothing is written."""
    done = _burndown(project, _env(tmp_path, block_pygal=True), *args, "--chart", chart)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr == (
        "dbnamelint: the burn-down chart needs pygal (the chart extra): pip install '.[chart]' "
        'in a checkout of dbnamelint, or pip install "dbnamelint[chart] @ '
        'git+https://github.com/dbnamelint/dbnamelint@main"\n'
    )
    assert done.stdout == ""
    assert not (project / "out").exists()


def test_a_png_chart_without_cairosvg_is_refused_before_anything_is_written(
    project: Path, tmp_path: Path
) -> None:
    pytest.importorskip("pygal")
    try:
        import cairosvg  # noqa: F401
    except (ImportError, OSError):
        pass
    else:
        pytest.skip("cairosvg is installed")
    done = _burndown(project, _env(tmp_path), "-o", "out/x.txt", "--chart", "out/x.png")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "a PNG chart also needs cairosvg" in done.stderr
    assert not (project / "out").exists()


def test_an_html_chart_without_pygal_is_the_tables_and_what_to_install(
    project: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    report = _burndown(project, env).stdout
    done = _burndown(project, _env(tmp_path, block_pygal=True), "--chart", "out/x.html")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == report  # the text report, as with pygal
    hint = (
        "the burn-down chart needs pygal (the chart extra): pip install '.[chart]' in a "
        'checkout of dbnamelint, or pip install "dbnamelint[chart] @ '
        'git+https://github.com/dbnamelint/dbnamelint@main"'
    )
    page = (project / "out" / "x.html").read_text(encoding="utf-8")
    assert f"<p><em>{html.escape(hint)}</em></p>" in page
    assert "<svg" not in page
    parsed = _Page()
    parsed.feed(page)
    assert _text_table(report, "Phases:") in parsed.tables
    assert _text_table(report, "Left (") in parsed.tables
    assert (
        done.stderr == f"dbnamelint: note: wrote out/x.html with the tables and no chart: {hint}\n"
    )
