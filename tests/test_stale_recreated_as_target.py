"""An entry whose object was dropped and created again under its target is
"renamed to its target", not a typo.

SQLite cannot rename an index or a trigger: ``migrate`` drops it and creates
it under its target in the same migration. The stash trial's ``check`` then
said ``no index named ... exists: did you mean <the target>? correct the
entry's name``, advice that would widen the whitelist to the new name.
sqlite3 shows what the migration did (the old index and trigger are gone,
the targets exist on the renamed table); DBN900 must say so, and ``prune``
must leave a clean tree.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

INIT = (
    "CREATE TABLE scenes_cover (scene_id integer, `coverImg` blob);\n"
    "CREATE INDEX `index_scenes_cover_on_coverImg` ON scenes_cover (`coverImg`);\n"
    "CREATE TRIGGER `TouchCover` AFTER UPDATE ON scenes_cover BEGIN SELECT 1; END;\n"
)


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_dropped_and_created_under_the_target_is_renamed_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    (folder / "1_init.up.sql").write_text(INIT, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db/migrations]\ndialect: sqlite\n", encoding="utf-8"
    )
    assert _run(tmp_path, monkeypatch, "whitelist", "init")[0] == 0
    listed = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert "target: index_scenes_covers_on_cover_img" in listed
    assert "target: touch_cover" in listed
    code, _, err = _run(tmp_path, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, err
    forward = (folder / "2_rename_phase_1.up.sql").read_text(encoding="utf-8")

    db = sqlite3.connect(":memory:")
    db.executescript(INIT)
    db.executescript(forward)
    rows = db.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE type <> 'view'")
    catalog = {(str(t), str(n), str(o)) for t, n, o in rows}
    assert ("index", "index_scenes_covers_on_cover_img", "scenes_covers") in catalog
    assert ("trigger", "touch_cover", "scenes_covers") in catalog
    assert not {n for _, n, _ in catalog} & {"index_scenes_cover_on_coverImg", "TouchCover"}

    lines = forward.splitlines()
    made_index = next(
        i + 1 for i, line in enumerate(lines) if line.startswith('CREATE INDEX "index_scenes_cov')
    )
    made_trigger = next(
        i + 1 for i, line in enumerate(lines) if line.startswith('CREATE TRIGGER "touch_cover"')
    )
    code, out, _ = _run(tmp_path, monkeypatch, "check", "--no-cache")
    assert code == 1
    assert "did you mean" not in out
    where = "db/migrations/2_rename_phase_1.up.sql"
    assert (
        "DBN900 stale whitelist entry index scenes_cover.index_scenes_cover_on_coverImg "
        f"(phase 1): renamed to its target index_scenes_covers_on_cover_img at {where}:"
        f"{made_index}:"
    ) in out
    assert (
        "DBN900 stale whitelist entry trigger scenes_cover.TouchCover (phase 1): renamed to "
        f"its target touch_cover at {where}:{made_trigger}:"
    ) in out
    assert out.count("(dropped and created again under that name): delete this entry") == 2

    code, out, err = _run(tmp_path, monkeypatch, "whitelist", "prune")
    assert code == 0, err
    assert "4 stale entries removed" in out
    assert _run(tmp_path, monkeypatch, "check", "--no-cache")[0] == 0


def test_a_typo_still_gets_did_you_mean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The target exists, but the entry's own name is only misspelt: not a re-creation
    when the entry has no target, and the typo advice stands."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "1.sql").write_text(INIT, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n", "utf-8")
    assert _run(tmp_path, monkeypatch, "whitelist", "init")[0] == 0
    path = tmp_path / "whitelist.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: scenes_cover.TouchCover", "name: scenes_cover.TouchCovr")
    path.write_text(text.replace("    target: touch_cover\n", ""), encoding="utf-8")
    code, out, _ = _run(tmp_path, monkeypatch, "check", "--no-cache")
    assert code == 1
    assert "no trigger named scenes_cover.TouchCovr exists: did you mean" in out
