"""plugin_scan.may_declare against importlib.metadata, the oracle.

Each case runs in a fresh interpreter whose ``sys.path`` holds the folders
built here, so importlib.metadata's own caches and the test process's
modules play no part.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
GROUP = "dbnamelint.rules"

_PROBE = """
import json, sys
from importlib.metadata import entry_points
from dbnamelint.rules.plugin_scan import may_declare
groups = json.loads(sys.argv[1])
print(json.dumps({g: [may_declare(g), sorted(ep.name for ep in entry_points(group=g))]
                  for g in groups}))
"""


def _probe(extra: list[Path], groups: list[str]) -> dict[str, list[object]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*map(str, extra), str(SRC)])}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(groups)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: dict[str, list[object]] = json.loads(out)
    return found


def _dist(folder: Path, name: str, entry_points: str | None, suffix: str = ".dist-info") -> None:
    info = folder / f"{name}-1.0{suffix}"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


def test_no_plugin_answers_false_where_importlib_finds_none(tmp_path: Path) -> None:
    _dist(tmp_path, "other", "[console_scripts]\nother = other:main\n")
    _dist(tmp_path, "bare", None)
    found = _probe([tmp_path], [GROUP, "console_scripts"])
    assert found[GROUP] == [False, []]
    # console_scripts is declared here (and by pip in any venv): both say so
    assert found["console_scripts"][0] is True
    assert "other" in found["console_scripts"][1]


@pytest.mark.parametrize("suffix", [".dist-info", ".egg-info"])
def test_a_declared_plugin_is_seen(tmp_path: Path, suffix: str) -> None:
    _dist(tmp_path, "dbnamelint_extra", f"[{GROUP}]\nextra = dbnamelint_extra.rules\n", suffix)
    found = _probe([tmp_path], [GROUP])
    assert found[GROUP] == [True, ["extra"]]


def test_an_egg_folder_on_the_path_is_read(tmp_path: Path) -> None:
    egg = tmp_path / "dbnamelint_egg-1.0-py3.egg"
    (egg / "EGG-INFO").mkdir(parents=True)
    (egg / "EGG-INFO" / "PKG-INFO").write_text("Metadata-Version: 1.1\nName: dbnamelint_egg\n")
    (egg / "EGG-INFO" / "entry_points.txt").write_text(f"[{GROUP}]\negg = dbnamelint_egg\n")
    found = _probe([egg], [GROUP])
    assert found[GROUP] == [True, ["egg"]]


def test_a_zip_on_the_path_is_left_to_importlib(tmp_path: Path) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped\n")
        z.writestr("zipped-1.0.dist-info/entry_points.txt", f"[{GROUP}]\nzipped = zipped\n")
    found = _probe([archive], [GROUP])
    assert found[GROUP] == [True, ["zipped"]]


def test_a_missing_path_entry_is_skipped(tmp_path: Path) -> None:
    found = _probe([tmp_path / "gone"], [GROUP])
    assert found[GROUP] == [False, []]
