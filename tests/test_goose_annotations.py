"""pressly's goose reads its annotations exactly so (trial s28 openfga).

goose (``internal/sqlparser/parser.go``, HEAD of July 2026) takes a line for
an annotation when, trimmed, it starts with ``--`` and it holds ``+goose``
spelled so, lower case; then ``extractAnnotation`` takes out every ``--``
and the first ``+goose``, trims the rest and compares it ignoring case with
``Up``, ``Down``, ``StatementBegin``, ``StatementEnd``, ``NO TRANSACTION``,
``ENVSUB ON``, ``ENVSUB OFF``; leading blanks, a second ``+goose`` or another
word refuse the file. dbnamelint read ``-- +GOOSE DOWN`` as a rollback
marker, while goose runs what follows it going up: a bad table there passed
the hook, and an applied migration's new DDL there passed as a rollback edit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli


@pytest.mark.parametrize(
    ("line", "taken"),
    [
        ("-- +goose Up", "up"),
        ("-- +goose down", "down"),
        ("--+goose Down", "down"),
        ("---- +goose Down", "down"),  # every "--" taken out
        ("--\u00a0+goose Down", "down"),  # Go's TrimSpace trims a no-break space
        ("-- +goose StatementBegin", "statementbegin"),
        ("-- +goose NO TRANSACTION", "no transaction"),
        ("-- +GOOSE DOWN", None),  # "+goose" is looked for as written
        ("-- +Goose Down", None),
        ("SELECT 1; -- +goose Down", None),  # not a comment line
        ("  -- +goose Down", "refused"),  # leading whitespace
        ("-- +goose Down;", "refused"),
        ("-- +goose Down -- rollback", "refused"),
        ("-- +goose Up +goose Down", "refused"),
    ],
)
def test_a_line_is_what_goose_takes_it_for(line: str, taken: str | None) -> None:
    from dbnamelint.migration_text import goose_annotation

    assert goose_annotation(line) == taken


def _objects(folder: Path) -> list[tuple[str, str]]:
    result = CliRunner().invoke(
        cli, ["inspect", "--no-cache", "--dialect", "postgres", "--format", "json", str(folder)]
    )
    assert result.exit_code == 0, result.output
    return [(o["kind"], o["name"]) for o in json.loads(result.stdout)["objects"]]


def test_ddl_after_an_upper_case_marker_is_read_as_goose_runs_it(tmp_path: Path) -> None:
    (tmp_path / "011_add_store_tags.sql").write_text(
        "-- +goose Up\nCREATE TABLE store_tags (store TEXT NOT NULL);\n\n"
        '-- +GOOSE DOWN\nCREATE TABLE "storeTagsArchive" (store TEXT);\n\n'
        "-- +goose Down\nDROP TABLE store_tags;\n"
    )
    assert ("table", "storeTagsArchive") in _objects(tmp_path)


def test_a_rollback_after_a_dashed_marker_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "012_things.sql").write_text(
        "-- +goose Up\nCREATE TABLE things (id int);\n---- +goose Down\nDROP TABLE things;\n"
    )
    assert ("table", "things") in _objects(tmp_path)


def test_a_line_goose_refuses_the_file_on_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "013_c.sql").write_text(
        "-- +goose Up\nCREATE TABLE c_things (id int);\n-- +goose Down;\nDROP TABLE c_things;\n"
    )
    result = CliRunner().invoke(
        cli,
        ["check", "--no-cache", "--dialect", "postgres", "--format", "json", str(tmp_path)],
    )
    report = json.loads(result.stdout)
    said = [
        (d["line"], d["severity"])
        for d in report["diagnostics"]
        if "goose refuses this file" in d["message"]
    ]
    assert said == [(3, "warning")]
    assert ("table", "c_things") in _objects(tmp_path)  # read as the line means it
