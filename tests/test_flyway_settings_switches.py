"""The Flyway settings a project's own files give: the history table,
``outOfOrder`` and ``ignoreMigrationPatterns``, as Flyway's ``flyway.conf``,
Spring Boot's ``spring.flyway.*`` and Micronaut's
``flyway.datasources.<name>.*`` spell them (each runner's documented keys;
trial s36 kestra's ``cli/src/main/resources/application.yml``, a module
beside the migrations' one)."""

from __future__ import annotations

from pathlib import Path

from dbnamelint.flyway_settings import (
    configured_history_table,
    flyway_switches,
    ignores_missing,
    out_of_order,
)
from git_helpers import write_files

KESTRA_YML = """flyway:
  datasources:
    postgres:
      locations:
        - classpath:migrations/postgres
      ignore-migration-patterns: "*:missing,*:future"
      out-of-order: true
      table: kestra_history
    h2:
      locations: classpath:migrations/h2
"""


def test_micronaut_datasources_in_another_module(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "cli/src/main/resources/application.yml": KESTRA_YML,
            "jdbc-postgres/src/main/resources/migrations/postgres/V1__a.sql": "",
            "jdbc-h2/src/main/resources/migrations/h2/V1__a.sql": "",
        },
    )
    pg = tmp_path / "jdbc-postgres/src/main/resources/migrations/postgres"
    h2 = tmp_path / "jdbc-h2/src/main/resources/migrations/h2"
    found = flyway_switches(pg, tmp_path)
    where = str(tmp_path / "cli/src/main/resources/application.yml")
    assert out_of_order(found) == ("true", where)
    assert ignores_missing(found) == ("*:missing,*:future", where)
    assert flyway_switches(h2, tmp_path) == {}  # the h2 datasource sets neither


def test_flyway_conf_and_spring_properties(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "flyway.conf": "flyway.outOfOrder=true\nflyway.ignoreMigrationPatterns=*:future\n",
            "app/src/main/resources/application.properties": (
                "spring.flyway.table=schema_version\n"
            ),
            "app/src/main/resources/db/migration/V1__a.sql": "",
        },
    )
    folder = tmp_path / "app/src/main/resources/db/migration"
    found = flyway_switches(folder, tmp_path)
    assert out_of_order(found) is not None
    assert ignores_missing(found) is None  # only future ones are ignored
    assert configured_history_table(folder, tmp_path) == (
        "schema_version",
        str(tmp_path / "app/src/main/resources/application.properties"),
    )


def test_micronaut_history_table(tmp_path: Path) -> None:
    write_files(tmp_path, {"src/main/resources/application.yml": KESTRA_YML})
    folder = tmp_path / "src/main/resources/migrations/postgres"
    folder.mkdir(parents=True)
    assert configured_history_table(folder, tmp_path) == (
        "kestra_history",
        str(tmp_path / "src/main/resources/application.yml"),
    )
