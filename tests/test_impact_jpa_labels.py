"""Each JPA table annotation is labelled for itself in ``impact`` (trial s33 hawkbit).

``@JoinTable(name = "sp_target_target_tag")`` was listed ``[JPA @Table]``;
the reference is found the same way (high confidence, renamed by ``--diff``),
its label now names the annotation the code has (Jakarta Persistence:
``@Table``, ``@JoinTable``, ``@CollectionTable``, ``@SecondaryTable``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from git_helpers import committed_repo
from test_impact_contexts import _refs

WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: sp_target, phase: "1", target: sp_targets}
  - {kind: table, name: sp_target_target_tag, phase: "1", target: sp_target_tags}
  - {kind: table, name: sp_target_attributes, phase: "1", target: sp_target_attribute_rows}
  - {kind: table, name: sp_target_extra, phase: "1", target: sp_target_extras}
"""
SQL = """\
CREATE TABLE sp_target (id int);
CREATE TABLE sp_target_target_tag (target int, tag int);
CREATE TABLE sp_target_attributes (target int, k text);
CREATE TABLE sp_target_extra (id int);
"""
JAVA = """\
package h;

@Entity
@Table(name = "sp_target")
@SecondaryTable(name = "sp_target_extra")
public class JpaTarget {
    @ManyToMany
    @JoinTable(name = "sp_target_target_tag",
        joinColumns = @JoinColumn(name = "target"))
    private Set<JpaTag> tags;

    @ElementCollection
    @CollectionTable(name = "sp_target_attributes")
    private Map<String, String> attributes;
}
"""
KOTLIN = """\
@ManyToMany
@JoinTable(
    name = "sp_target_target_tag",
)
val tags: Set<Tag> = setOf()
"""


def test_each_annotation_is_its_own_label(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "db/V1__init.sql": SQL,
            "src/JpaTarget.java": JAVA,
            "src/Tags.kt": KOTLIN,
        },
        monkeypatch,
    )
    found = {(r[0], r[1], r[2], r[4]) for r in _refs(repo) if r[3] == "high"}
    assert found == {
        ("src/JpaTarget.java", 4, "sp_target", "JPA @Table"),
        ("src/JpaTarget.java", 5, "sp_target_extra", "JPA @SecondaryTable"),
        ("src/JpaTarget.java", 8, "sp_target_target_tag", "JPA @JoinTable"),
        ("src/JpaTarget.java", 13, "sp_target_attributes", "JPA @CollectionTable"),
        ("src/Tags.kt", 3, "sp_target_target_tag", "JPA @JoinTable"),
    }
