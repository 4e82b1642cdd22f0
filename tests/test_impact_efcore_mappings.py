"""``dbnamelint impact`` on EF Core mappings in C# (confirmation s39 on jellyfin).

EF Core names a table with the data annotation ``[Table("t")]`` or the
fluent API's ``builder.ToTable("t")`` (``ToView("v")`` for a view), and a
column with ``[Column("c")]`` or ``.HasColumnName("c")``
(learn.microsoft.com, EF Core: "Tables and views", "Column names"). jellyfin's
``builder.ToTable("LinkedChildren")`` was plain text among 40 other hits
though it is the one line a rename must change, and the two annotations were
labelled as SQLAlchemy's. Searches run through the real ``git grep``, the
patch through the real ``git apply``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

FILES = {
    "dbnamelint.yaml": "paths: [db]\n",
    "db/001.sql": 'CREATE TABLE "LinkedChildren" (id int PRIMARY KEY, "ParentId" int);\n',
    "whitelist.yaml": (
        'phases:\n  - {id: "1", title: one}\nentries:\n'
        '  - {kind: table, name: \'"LinkedChildren"\', phase: "1", target: linked_children}\n'
        '  - {kind: column, name: \'"LinkedChildren"."ParentId"\', phase: "1",'
        " target: parent_id}\n"
    ),
    "Data/LinkedChildConfiguration.cs": """\
public class LinkedChildConfiguration : IEntityTypeConfiguration<LinkedChild>
{
    public void Configure(EntityTypeBuilder<LinkedChild> builder)
    {
        builder.ToTable("LinkedChildren");
        builder.Property(e => e.ParentId).HasColumnName(\"ParentId\");
    }
}

[System.ComponentModel.DataAnnotations.Schema.Table(Name = "LinkedChildren")]
public class LinkedChild
{
    [Column("ParentId")]
    public int ParentId { get; set; }
}
""",
    # the same words in Python: no EF Core label outside C#
    "tools/report.py": 'print(rows.ToTable("LinkedChildren"))\n',
}


def test_ef_core_mappings_are_high_confidence_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_repo(tmp_path / "app", FILES, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--min-confidence", "high"])
    assert result.exit_code == 0, result.output
    cs = "Data/LinkedChildConfiguration.cs"
    for place in (
        f"{cs}:5:26: high [EF Core ToTable]",
        f"{cs}:6:58: high [EF Core HasColumnName]",
        f"{cs}:10:",
        f"{cs}:13:14: high [EF Core [Column]]",
    ):
        assert place in result.output, (place, result.output)
    assert "high [EF Core [Table]]" in result.output
    assert "SQLAlchemy" not in result.output
    assert "tools/report.py" not in result.output


def test_the_patch_renames_every_ef_core_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = committed_repo(tmp_path / "app", FILES, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.output
    patch = result.stdout
    subprocess.run(["git", "apply"], input=patch, text=True, check=True, cwd=repo)
    mapped = (repo / "Data/LinkedChildConfiguration.cs").read_text(encoding="utf-8")
    assert 'ToTable("linked_children")' in mapped
    assert 'HasColumnName("parent_id")' in mapped
    assert 'Table(Name = "linked_children")' in mapped
    assert '[Column("parent_id")]' in mapped
    assert "LinkedChildren" not in mapped.replace("LinkedChildConfiguration", "")
