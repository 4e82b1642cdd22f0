"""Burn-down planning: owner/due per phase, past-due phases, projected finish, the chart."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.burndown import Burndown, Snapshot, compute_burndown
from dbnamelint.cli import cli
from dbnamelint.model import Location, ObjectKind
from dbnamelint.planning import overdue, past_due, projected_finish, projected_finish_time
from dbnamelint.report.burndown_chart import chart_svg
from dbnamelint.whitelist import Phase, Whitelist, WhitelistEntry, WhitelistError, parse_whitelist
from git_helpers import commit_all, git, init_repo, isolated_git_env


def _day(n: int) -> str:
    return (datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(days=n)).isoformat()


def test_planning_fields_parse_and_bad_dates_are_located() -> None:
    wl = parse_whitelist(
        "phases:\n  - {id: 1, owner: ana, due: 2026-03-31}\n  - {id: 2}\nentries: []\n"
    )
    assert wl.phases == (Phase("1", "", "open", "ana", date(2026, 3, 31)), Phase("2"))
    with pytest.raises(WhitelistError) as err:
        parse_whitelist("phases:\n  - {id: 1, due: next week}\n")
    assert str(err.value).startswith("whitelist.yaml:2:")
    assert "phases[0].due" in str(err.value)


def test_projection_uses_commit_time_not_position() -> None:
    # 100 -> 90 in 10 days, -> 70 by day 30: exactly one entry a day, so
    # zero on day 100. Spaced evenly (one step per commit) it would be day 60.
    points = [(_day(0), 100), (_day(10), 90), (_day(30), 70)]
    assert projected_finish(points) == date(2026, 4, 11)
    assert projected_finish([(_day(0), 5), (_day(3), 5)]) is None  # flat: no projection
    assert projected_finish([(_day(0), 5), (_day(3), 7)]) is None  # growing
    assert projected_finish([(_day(0), 5)]) is None
    assert projected_finish([(_day(0), 5), (_day(4), 0)]) == date(2026, 1, 5)  # done


def test_projection_never_lies_in_the_past() -> None:
    # Least squares through 10, 1, 1 (days 0-2) crosses zero on day 1.89,
    # before the last commit while 1 entry is left: progress stalled, no date.
    points = [(_day(0), 10), (_day(1), 1), (_day(2), 1)]
    assert projected_finish_time(points) is None
    # a line still going down after today gives a date; one that reached zero
    # before today with entries left (the fresh-user report) gives none
    going = [(_day(0), 10), (_day(10), 5)]
    assert projected_finish_time(going) == datetime(2026, 1, 21, tzinfo=timezone.utc)
    assert projected_finish_time(going, datetime(2026, 1, 15, tzinfo=timezone.utc)) is not None
    assert projected_finish_time(going, datetime(2026, 11, 30, tzinfo=timezone.utc)) is None


def test_past_due() -> None:
    due = {"1": date(2026, 1, 31), "2": date(2026, 6, 30), "3": None, "4": date(2026, 1, 1)}
    left = {"1": 2, "2": 5, "3": 1, "4": 0}
    assert past_due(due, left, date(2026, 2, 1)) == ("1",)
    assert past_due(due, left, date(2026, 1, 31)) == ()  # due today is not late


WHITELIST = """\
phases:
  - {id: "1", title: Auth, owner: ana, due: 2020-01-31}
  - {id: "2", title: CRM, owner: bo, due: 2999-12-31}
entries:
  - {kind: table, name: messages, phase: "1", target: comms_messages}
  - {kind: table, name: contacts, phase: "2", target: crm_contacts}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001.sql").write_text(
        "CREATE TABLE messages (id int);\nCREATE TABLE contacts (id int);\n", encoding="utf-8"
    )
    (tmp_path / "dbnamelint.yaml").write_text(
        "extends: dba-domains\npaths: [db]\n", encoding="utf-8"
    )
    (tmp_path / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    (tmp_path / "app.py").write_text('Q = "SELECT * FROM messages"\n', encoding="utf-8")
    init_repo(tmp_path)
    commit_all(tmp_path, "start", date="2026-01-01T00:00:00+00:00")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_warns_on_past_due_phase_and_can_fail(project: Path) -> None:
    wl = parse_whitelist(WHITELIST)
    assert [(p.id, n) for p, n in overdue(wl, date(2026, 1, 1))] == [("1", 1)]
    base = CliRunner().invoke(cli, ["check", "--no-color"])
    assert "warning: whitelist.yaml: phase 1 (owner ana) was due 2020-01-31; 1 entry left" in (
        base.stderr
    )
    strict = CliRunner().invoke(cli, ["check", "--fail-past-due"])
    assert "error: whitelist.yaml: phase 1 (owner ana) was due 2020-01-31" in strict.stderr
    assert (base.exit_code, strict.exit_code) == (0, 1)


def test_burndown_shows_plan_projection_and_code_references(project: Path) -> None:
    result = CliRunner().invoke(cli, ["burndown"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    plan = lines.index("Plan:")
    assert lines[plan + 1].split() == ["Phase", "Owner", "Due", "State", "Left", "Code", "refs"]
    assert lines[plan + 2].split() == ["1", "ana", "2020-01-31", "past", "due", "1", "1"]
    assert lines[plan + 3].split() == ["2", "bo", "2999-12-31", "open", "1", "0"]
    assert "Past due: phase 1" in result.stdout
    assert "Projected finish: unknown" in result.stdout  # one version: no trend yet
    js = CliRunner().invoke(cli, ["burndown", "--format", "json"])

    document = json.loads(js.stdout)
    assert document["phases"][0]["owner"] == "ana"
    assert document["phases"][0]["due"] == "2020-01-31"
    assert document["phases"][0]["past_due"] is True
    assert document["code_references"] == {"1": 1, "2": 0}
    page = CliRunner().invoke(cli, ["burndown", "--format", "html"]).stdout
    assert "<td>1</td><td>ana</td><td>2020-01-31</td><td>past due</td><td>1</td><td>1</td>" in page


def test_burndown_without_the_code_search(project: Path) -> None:
    """--no-code-refs: the same report, the code references null (not searched)."""
    full = json.loads(CliRunner().invoke(cli, ["burndown", "--format", "json"]).stdout)
    result = CliRunner().invoke(cli, ["burndown", "--format", "json", "--no-code-refs"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert full["code_references"] == {"1": 1, "2": 0}
    assert document["code_references"] is None
    assert [p["code_references"] for p in document["phases"]] == [None, None]
    assert [p["left"] for p in document["phases"]] == [p["left"] for p in full["phases"]]
    text = CliRunner().invoke(cli, ["burndown", "--no-code-refs"]).stdout.splitlines()
    plan = text.index("Plan:")
    assert text[plan + 2].split() == ["1", "ana", "2020-01-31", "past", "due", "1", "-"]


def _big_burndown() -> Burndown:
    """20 phases, 500 entries, burned down over 40 commits at irregular times."""
    phases = tuple(
        Phase(
            str(i),
            f"Phase {i} tables of module number {i}",
            "open",
            f"owner{i}",
            date(2026, 1, 1) + timedelta(days=30 * i),
        )
        for i in range(1, 21)
    )
    entries = [
        WhitelistEntry(
            ObjectKind.TABLE,
            f"legacy_{i}",
            Location("whitelist.yaml", 30 + i, 5),
            phase=str(i % 20 + 1),
            target=f"app_{i}",
        )
        for i in range(500)
    ]
    snapshots = []
    day = 0
    for step in range(40):
        version = Whitelist("whitelist.yaml", phases, tuple(entries[: 500 - step * 11]))
        snapshots.append(Snapshot(f"{step:040x}", _day(day), version))
        day += 1 if step % 10 else 45  # bursts of daily commits, then a quiet month
    return compute_burndown(snapshots[-1].whitelist, snapshots, today=date(2026, 6, 1))


def test_big_chart_is_time_scaled_and_lists_every_phase() -> None:
    burndown = _big_burndown()
    svg = chart_svg(burndown)
    # 20 phase lines would tangle near zero: the total and the projection only.
    assert "(phases: see the table)" in svg
    assert "Phase 7 tables" not in svg
    finish = burndown.projected_finish
    assert finish is not None
    assert finish > date.fromisoformat(burndown.trend[-1].date[:10])
    assert f"projected finish {finish.isoformat()}" in svg


def test_big_chart_screenshot(tmp_path: Path) -> None:
    """Renders the chart in headless Chromium; the PNG is kept for a human to look at."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed")
    svg = chart_svg(_big_burndown())
    page = tmp_path / "chart.html"
    page.write_text(
        f'<!DOCTYPE html><html><body style="margin:0;width:1280px">{svg}</body></html>',
        encoding="utf-8",
    )
    shot = tmp_path / "chart.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={shot}",
            "--window-size=1280,1600",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.is_file()
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (1280, 1600)
    keep = Path(__file__).resolve().parents[1] / "build" / "burndown-chart.png"
    keep.parent.mkdir(exist_ok=True)
    keep.write_bytes(shot.read_bytes())


def _commit_whitelist(root: Path, entries: int, when: datetime) -> None:
    names = ["messages", "contacts", "deals"][:entries]
    lines = ["phases:", '  - {id: "1", title: All, status: open}', "entries:"]
    lines += [f'  - {{kind: table, name: {n}, phase: "1", target: x_{n}}}' for n in names]
    (root / "whitelist.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    commit_all(root, f"{entries} left", date=when.isoformat(timespec="seconds"))


@pytest.mark.parametrize(
    ("gap", "projected"),
    [
        (timedelta(seconds=5), False),  # the trial: two commits seconds apart
        (timedelta(hours=23), False),
        (timedelta(days=2), True),
    ],
)
def test_projection_needs_a_day_of_real_commit_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gap: timedelta, projected: bool
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001.sql").write_text(
        "CREATE TABLE messages (id int);\nCREATE TABLE contacts (id int);\n"
        "CREATE TABLE deals (id int);\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\n", encoding="utf-8")
    init_repo(tmp_path)
    last = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=1)
    _commit_whitelist(tmp_path, 3, last - gap)
    _commit_whitelist(tmp_path, 2, last)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["burndown"])
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("Projected finish:")]
    document = json.loads(CliRunner().invoke(cli, ["burndown", "--format", "json"]).stdout)
    if projected:
        # 3 -> 2 over the gap: 2 left take twice the gap after the last commit
        finish = (last + 2 * gap).date()
        assert line.startswith(f"Projected finish: {finish.isoformat()} ")
        assert document["projected_finish"] == finish.isoformat()
    else:
        assert line.startswith("Projected finish: unknown (not enough history: ")
        assert "a projection needs 1 day" in line
        assert document["projected_finish"] is None


def test_a_finished_plan_says_finished_not_projected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's flipt: the whitelist emptied minutes after it was written.
    A plan with nothing left has a finish date, the commit that emptied it."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001.sql").write_text("CREATE TABLE x_messages (id int);\n", encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\n", encoding="utf-8")
    init_repo(tmp_path)
    last = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=1)
    _commit_whitelist(tmp_path, 1, last - timedelta(minutes=3))
    _commit_whitelist(tmp_path, 0, last)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["burndown"])
    assert result.exit_code == 0, result.output
    head = git(tmp_path, "rev-parse", "HEAD").strip()[:12]
    lines = result.stdout.splitlines()
    assert not [x for x in lines if x.startswith("Projected finish")]
    assert f"Finished: {last.date().isoformat()} (no entry left since {head})" in lines


def test_references_to_names_already_renamed_have_a_named_key() -> None:
    from dbnamelint.report.burndown import render

    wl = parse_whitelist("phases:\n  - {id: 1}\nentries: []\n")
    burndown = compute_burndown(wl, None, references={"1": 1, "": 2}, today=date(2026, 6, 1))
    document = json.loads(render(burndown, "json"))
    assert document["code_references"] == {"1": 1, "(renamed)": 2}
    assert "(renamed)" in render(burndown, "text")
