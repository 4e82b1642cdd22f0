"""Every entry of a phase that has no ``target`` is named on stderr, whatever its kind.

README (migrate, "What to rename"): "Entries of the phase without a
`target` are not renamed and a note on stderr names them (file and line)".
Trial s6-t1 finding 7: index entries (supabase/storage's
``objects.bucketid_objname``, whose suggestion collided) were left out with
no word, where column entries got the note.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

_SQL = """\
CREATE TABLE objects (id int PRIMARY KEY, bucket_id text, name text,
  CONSTRAINT objects_name_chk CHECK (name <> ''));
CREATE UNIQUE INDEX bucketid_objname ON objects (bucket_id, name);
CREATE INDEX idx_objects_bucket_id_name ON objects (bucket_id, name);
CREATE INDEX name_search ON objects (name);
"""

_WHITELIST = """\
phases:
  - id: "1"
    title: "Legacy names"
entries:
  - kind: index
    name: objects.bucketid_objname
    phase: "1"
  - kind: constraint
    name: objects.objects_name_chk
    phase: "1"
  - kind: index
    name: objects.name_search
    phase: "1"
    target: idx_objects_name
"""


def _tree(root: Path, whitelist: str) -> None:
    (root / "db").mkdir()
    (root / "db" / "001_init.sql").write_text(_SQL, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    (root / "whitelist.yaml").write_text(whitelist, encoding="utf-8")


def _line(text: str, name: str) -> int:
    """The line of the entry's ``- kind:`` (where a whitelist entry is located)."""
    lines = text.splitlines()
    # the 0-based index of the name line is the 1-based number of the line before it
    return next(i for i, line in enumerate(lines) if line.strip() == f"name: {name}")


@pytest.mark.parametrize("scope", [["--phase", "1"], ["--all"]])
def test_index_and_constraint_entries_without_target_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scope: list[str]
) -> None:
    _tree(tmp_path, _WHITELIST)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", *scope])
    assert result.exit_code == 0, result.stderr
    assert 'ALTER INDEX "name_search" RENAME TO "idx_objects_name";' in result.stdout
    index_line = _line(_WHITELIST, "objects.bucketid_objname")
    check_line = _line(_WHITELIST, "objects.objects_name_chk")
    assert (
        "dbnamelint: note: not renamed, no `target:`: "
        f"index objects.bucketid_objname (whitelist.yaml:{index_line}), "
        f"constraint objects.objects_name_chk (whitelist.yaml:{check_line})"
    ) in result.stderr


def test_a_phase_of_untargeted_indexes_only_is_refused_naming_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whitelist = _WHITELIST[: _WHITELIST.index("  - kind: index\n    name: objects.name_search")]
    _tree(tmp_path, whitelist)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert result.exit_code == 2
    assert "no entry of phase 1 has a target to rename to: index objects.bucketid_objname" in (
        result.stderr
    )
