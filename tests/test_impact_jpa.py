"""``dbnamelint impact`` on JPA/Hibernate entities (Java and Kotlin). Trial s8-t3 F10.

Oracles (no Hibernate here): JPA's default table name is the entity name
(the unqualified class name, or ``@Entity(name = ...)``), an
``@ElementCollection``'s table ``<entity name>_<attribute>`` (Jakarta
Persistence, ``Table`` and ``CollectionTable`` defaults); Spring Boot's
default physical naming, ``CamelCaseToUnderscoresNamingStrategy`` (Spring
Boot reference, "Configure Hibernate Naming Strategy": dots and camel case
become underscores, names lower case), whose ``apply`` inserts ``_`` before
an upper-case character between two lower-case ones; Hibernate's own
``PhysicalNamingStrategyStandardImpl`` keeps the name. The patched Java is
compiled by ``javac`` against stand-ins for the annotations when a JDK is
installed. Searches run through the real ``git grep``, patches through the
real ``git apply``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from dbnamelint.impact.jpasql import spring_physical_name
from git_helpers import committed_repo, git

SCHEMA = """\
CREATE TABLE guild_member_gate (guild_id bigint PRIMARY KEY);
CREATE TABLE guild_member_gate_questions (guild_member_gate_guild_id bigint, questions text);
CREATE TABLE channel_order_locked_guild (id bigint PRIMARY KEY);
CREATE TABLE animal (id bigint PRIMARY KEY, kind text);
CREATE TABLE report_settings (id bigint PRIMARY KEY, tracked_role bigint);
CREATE TABLE report_settings_pets (report_settings_id bigint, pets_id bigint);
CREATE TABLE report_settings_dog (report_settings_id bigint, dogs_id bigint);
"""

WHITELIST = """\
phases:
  - {id: "1", title: "Plural", status: open}
entries:
  - {kind: table, name: guild_member_gate, phase: "1", target: guild_member_gates}
  - {kind: table, name: guild_member_gate_questions, phase: "1", target: gate_questions}
  - {kind: table, name: channel_order_locked_guild, phase: "1", target: locked_guilds}
  - {kind: table, name: animal, phase: "1", target: animals}
  - {kind: table, name: report_settings, phase: "1", target: report_configs}
  - {kind: column, name: report_settings.tracked_role, phase: "1", target: tracked_role_id}
  - {kind: table, name: report_settings_pets, phase: "1", target: settings_pets}
"""

KOTLIN = """\
package bot.gate

import jakarta.persistence.ElementCollection
import jakarta.persistence.Entity
import jakarta.persistence.Id

// @Entity class NotThisOne
@Entity
data class GuildMemberGate(
    @Id val guildId: Long,
    @ElementCollection val questions: List<String> = listOf(),
)
"""

LOCK = """\
package bot.lock

import jakarta.persistence.*

@Entity
@Table(name = "channel_order_locked_guild")
class ChannelOrderLock(@Id val id: Long)
"""

JAVA = """\
package zoo;

import javax.persistence.Entity;
import javax.persistence.Id;

@Entity
public class Animal {
    @Id
    private Long id;
}
"""

DOG = """\
package zoo;

import javax.persistence.Entity;

@Entity
public class Dog extends Animal {
}
"""

SETTINGS = """\
package bot.report;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import zoo.Animal;
import zoo.Dog;

@Entity
public class ReportSettings {
    @Id
    private Long id;
    @Column(name = "tracked_role")
    private Long trackedRole;
    @ManyToMany
    private java.util.Set<Animal> pets;
    @ManyToMany(mappedBy = "owners")
    private java.util.Set<Animal> others;
    @ManyToMany
    private java.util.Set<Dog> dogs;
}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: mariadb\n",
            "whitelist.yaml": WHITELIST,
            "db/V1__init.sql": SCHEMA,
            "src/main/kotlin/bot/gate/GuildMemberGate.kt": KOTLIN,
            "src/main/kotlin/bot/lock/ChannelOrderLock.kt": LOCK,
            "src/main/java/zoo/Animal.java": JAVA,
            "src/main/java/zoo/Dog.java": DOG,
            "src/main/java/bot/report/ReportSettings.java": SETTINGS,
        },
        monkeypatch,
    )


def test_spring_physical_naming_is_camel_case_to_underscores() -> None:
    # CamelCaseToUnderscoresNamingStrategy.apply: "_" only between lower, UPPER, lower.
    assert spring_physical_name("GuildMemberGate") == "guild_member_gate"
    assert spring_physical_name("GuildMemberGate_questions") == "guild_member_gate_questions"
    assert spring_physical_name("HTTPRequest") == "httprequest"
    assert spring_physical_name("userID") == "userid"
    assert spring_physical_name("bot.Gate") == "bot_gate"


def test_entities_and_their_mappings_are_high_confidence_references(repo: Path) -> None:
    settings = load_settings(repo, None, (), (), ())
    impact = collect_impact(settings, repo)
    found = sorted(
        (r.path.rpartition("/")[2], r.line, r.name, r.target.name, r.context)
        for r in impact.references
        if r.confidence == "high"
    )
    assert found == [
        ("Animal.java", 7, "Animal", "animal", "JPA entity (convention)"),
        (
            "ChannelOrderLock.kt",
            6,
            "channel_order_locked_guild",
            "channel_order_locked_guild",
            "JPA @Table",
        ),
        (
            "GuildMemberGate.kt",
            9,
            "GuildMemberGate",
            "guild_member_gate",
            "JPA entity (convention)",
        ),
        (
            "GuildMemberGate.kt",
            11,
            "@ElementCollection",
            "guild_member_gate_questions",
            "JPA element collection table (convention)",
        ),
        ("ReportSettings.java", 11, "ReportSettings", "report_settings", "JPA entity (convention)"),
        ("ReportSettings.java", 14, "tracked_role", "report_settings.tracked_role", "JPA @Column"),
        (
            "ReportSettings.java",
            16,
            "@ManyToMany",
            "report_settings_pets",
            "JPA many-to-many join table (convention)",
        ),
    ]  # Dog extends Animal: single-table inheritance, JPA's default, reads animal


def test_views_where_referenced_makes_the_view_of_a_convention_entity(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--views-where-referenced"])
    assert result.exit_code == 0, result.stderr
    for old, new in [
        ("guild_member_gate", "guild_member_gates"),
        ("guild_member_gate_questions", "gate_questions"),
        ("channel_order_locked_guild", "locked_guilds"),
        ("animal", "animals"),
        ("report_settings_pets", "settings_pets"),
    ]:
        assert f"CREATE VIEW `{old}` AS SELECT * FROM `{new}`;" in result.stdout


def test_diff_maps_the_entities_and_javac_accepts_the_java(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "rename.patch").write_text(result.stdout)
    git(repo, "apply", "rename.patch")
    kotlin = (repo / "src/main/kotlin/bot/gate/GuildMemberGate.kt").read_text()
    # Kotlin imports single classes, not Table: the annotation names its package.
    assert (
        '@Entity\n@jakarta.persistence.Table(name = "guild_member_gates")\n'
        "data class GuildMemberGate(" in kotlin
    )
    assert (
        '    @jakarta.persistence.CollectionTable(name = "gate_questions")\n'
        "    @ElementCollection val questions" in kotlin
    )
    lock = (repo / "src/main/kotlin/bot/lock/ChannelOrderLock.kt").read_text()
    assert '@Table(name = "locked_guilds")' in lock
    animal = (repo / "src/main/java/zoo/Animal.java").read_text()
    assert '@Entity\n@javax.persistence.Table(name = "animals")\npublic class Animal {' in animal
    settings = (repo / "src/main/java/bot/report/ReportSettings.java").read_text()
    assert '@Column(name = "tracked_role_id")' in settings
    assert "Dog.java" not in result.stdout
    # Hibernate names a join table after the owning entity's physical table:
    # report_settings_pets is a target, so it gets its @JoinTable; dogs' stays
    # report_settings_dog only when pinned by hand (a note says so).
    assert (
        '    @jakarta.persistence.JoinTable(name = "settings_pets")\n    @ManyToMany\n'
        "    private java.util.Set<Animal> pets;" in settings
    )
    assert (
        "src/main/java/bot/report/ReportSettings.java:20: @ManyToMany dogs names no @JoinTable"
        in result.stderr
    )
    assert "@ManyToMany pets" not in result.stderr
    assert "others" not in result.stderr  # the inverse side names no join table
    if shutil.which("javac") is None:
        pytest.skip("no JDK to compile the patched Java")
    stubs = repo / "stubs"
    for package in ("javax.persistence", "jakarta.persistence"):
        folder = stubs / package.replace(".", "/")
        folder.mkdir(parents=True)
        for name, body in [
            ("Entity", 'String name() default "";'),
            ("Id", ""),
            ("Table", 'String name() default "";'),
            ("Column", 'String name() default "";'),
            ("ManyToMany", 'String mappedBy() default "";'),
            ("JoinTable", 'String name() default "";'),
        ]:
            (folder / f"{name}.java").write_text(
                f"package {package};\npublic @interface {name} {{ {body} }}\n"
            )
    sources = [str(p) for p in stubs.rglob("*.java")] + [
        str(repo / "src/main/java/zoo/Animal.java"),
        str(repo / "src/main/java/zoo/Dog.java"),
        str(repo / "src/main/java/bot/report/ReportSettings.java"),
    ]
    done = subprocess.run(
        ["javac", "-d", str(repo / "out"), *sources], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
