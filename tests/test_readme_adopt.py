"""The README's "Adopt it in your project" walk-through is what its commands print.

The ``sql`` block of the section is the project's file and the ``yaml``
block the settings ``dbnamelint init`` writes for it; every ``$ `` line of
its console blocks runs, as written, in one bash session in a fresh git
repository holding the file, and each command's output must equal the lines
under it (``...`` stands for any number of lines).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from test_readme_migrate import README, _run, assert_printed, console_steps

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _section() -> str:
    return README.split("## Adopt it in your project", 1)[1].split("\n## ", 1)[0]


@pytest.mark.slow
def test_adoption_walk_through_prints_what_the_readme_shows(tmp_path: Path) -> None:
    section = _section()
    (sql,) = re.findall(r"```sql\n(.*?)```", section, re.S)
    (config,) = re.findall(r"```yaml\n(.*?)```", section, re.S)
    repo = tmp_path / "shop"
    (repo / "db" / "migrations").mkdir(parents=True)
    (repo / "db" / "migrations" / "001_init.sql").write_text(sql, encoding="utf-8")
    steps = [("git init -q", []), *console_steps(section)]
    assert any(c.startswith("dbnamelint migrate") for c, _ in steps)
    outputs = _run(steps, repo, tmp_path)
    assert_printed(steps, outputs)
    # `dbnamelint init` wrote the config: its settings are the yaml block's
    written = yaml.safe_load((repo / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert written == yaml.safe_load(config)
    left = yaml.safe_load((repo / "whitelist.yaml").read_text(encoding="utf-8"))
    assert left["entries"] == [] and left["phases"][0]["id"] == "1"  # empty, phases kept
