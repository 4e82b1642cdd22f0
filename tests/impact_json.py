"""``impact --format json`` read by the impact tests: one run, its places."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from click.testing import CliRunner

from dbnamelint.cli import cli


def impact_json(*args: str, codes: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """The report of ``dbnamelint impact --format json ARGS`` in the current
    folder; its exit code must be one of ``codes``."""
    result = CliRunner().invoke(cli, ["impact", "--format", "json", *args])
    assert result.exit_code in codes, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def impact_items(
    report: dict[str, Any], name: str | None = None
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(object, item) for every place ``report`` lists, phase by phase;
    ``name``: only that object's places."""
    for phase in report["phases"]:
        for obj in phase["objects"]:
            if name is None or obj["name"] == name:
                for item in obj["items"]:
                    yield obj, item
