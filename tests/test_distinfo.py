"""``installed_version`` agrees with importlib.metadata (the oracle) on the
installed distributions the rules depend on, and on layouts it cannot read."""

from __future__ import annotations

from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import pytest

from dbnamelint.distinfo import installed_version


@pytest.mark.parametrize("distribution", ["inflect", "lemminflect", "click", "pydantic"])
def test_installed_versions_agree_with_importlib_metadata(distribution: str) -> None:
    spec = find_spec(distribution)
    assert spec is not None and spec.submodule_search_locations
    package = next(iter(spec.submodule_search_locations))
    assert installed_version(distribution, package) == version(distribution)


def test_without_a_single_dist_info_it_asks_importlib_metadata(tmp_path: Path) -> None:
    package = tmp_path / "site" / "click"
    package.mkdir(parents=True)
    # no dist-info beside it: the answer is importlib.metadata's
    assert installed_version("click", str(package)) == version("click")
    # two candidates beside it are ambiguous: importlib.metadata again
    for release in ("1.0", "2.0"):
        (tmp_path / "site" / f"click-{release}.dist-info").mkdir()
    assert installed_version("click", str(package)) == version("click")
    (tmp_path / "site" / "click-2.0.dist-info").rmdir()
    assert installed_version("click", str(package)) == "1.0"
    assert installed_version("no-such-distribution-x", str(package)) is None
