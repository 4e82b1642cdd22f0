"""``whitelist init``'s targets are always ones ``migrate`` accepts.

The trial on sqlc's ondeck schema: ``venues`` (a SERIAL column, so the
sequence ``venues_id_seq``) renamed ``venue``; init gave the sequence the
target ``venue_id_seq`` (judged on the table's current name) and seconds
later ``migrate --all`` refused it for spelling the table's old name (the
table's target is ``venues``). Both now ask one rule,
:func:`dbnamelint.rules.dependents.stale_target`. Each schema runs init,
then ``migrate --all --write``, prune and check through the CLI in a git
repository; the forward script and the rollback run on real PostgreSQL
(the catalog gives the names left; ``pg_dump`` shows the rollback restores
the legacy schema).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.model import Location, ObjectKind, SchemaObject, SourceFile
from dbnamelint.rules.dependents import stale_target
from pg_server import PgServer
from test_migrate_dependent_targets import _apply_and_roll_back, _entries, _init, _project
from test_migrate_loop import _run

CONFIG = "paths: [db]\ndialect: postgres\n"

ONDECK = """\
CREATE TABLE city (slug text PRIMARY KEY, name text NOT NULL);
CREATE TABLE venues (
    id serial PRIMARY KEY,
    slug text NOT NULL,
    city text NOT NULL REFERENCES city (slug)
);
ALTER TABLE venues RENAME TO venue;
ALTER TABLE venue ADD COLUMN created_at timestamp NOT NULL DEFAULT now();
"""
POST = """\
CREATE TABLE post (id serial PRIMARY KEY, author_id int NOT NULL);
CREATE INDEX post_author_idx ON post (author_id);
ALTER TABLE post ADD CONSTRAINT post_author_check CHECK (author_id > 0);
ALTER TABLE post RENAME TO blog_post;
"""
ITEMS = """\
CREATE TABLE items (id bigserial PRIMARY KEY, owner_id int NOT NULL);
CREATE UNIQUE INDEX items_owner_key ON items (owner_id);
ALTER TABLE items RENAME TO item;
CREATE TABLE tag (id serial PRIMARY KEY, item_id bigint REFERENCES item (id));
"""

CASES = {
    # schema, the names the forward script leaves (pg_constraint, pg_class i/S)
    "ondeck": (
        ONDECK,
        {"cities_pkey", "venues_pkey", "venues_id_seq", "venues_city_fkey"},
    ),
    "post": (
        POST,
        {
            "blog_posts_pkey",
            "blog_posts_id_seq",
            "blog_posts_author_idx",
            "blog_posts_author_check",
        },
    ),
    "items": (
        ITEMS,
        {
            "items_pkey",
            "items_id_seq",
            "items_owner_key",
            "tags_pkey",
            "tags_id_seq",
            "tags_item_id_fkey",
        },
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_init_targets_pass_migrate_and_apply(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    sql, names = CASES[case]
    root = _project(tmp_path, sql, CONFIG)
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--all", "--write")
    assert code == 0, plan + err
    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
    assert _entries(root) == []
    assert _apply_and_roll_back(pg, root, f"dbnl_init_targets_{case}") == names


def test_ondeck_sequence_gets_no_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sequence already spells the table's target: no target, not ``venue_id_seq``."""
    root = _project(tmp_path, ONDECK, CONFIG)
    _init(root, monkeypatch)
    seq = [e for e in _entries(root) if e["kind"] == "sequence"]
    assert seq == [{"kind": "sequence", "name": "venues_id_seq", "rules": ["DBN504"], "phase": "1"}]


def test_stale_target_is_the_rule_migrate_applies() -> None:
    """The shared rule: a target spelling an old table name is refused with the
    name that follows the table; an implicit name kept as it is passes."""
    seq = SchemaObject(
        kind=ObjectKind.SEQUENCE,
        name="venues_id_seq",
        location=Location("x.sql", 1, 1),
        source=SourceFile("x.sql", "postgres", None),
        owned_by=("venue", "id"),
        implicit=True,
    )
    assert stale_target(seq, "venues_id_seq", "venue_id_seq", ["venue"], "venues") == (
        "venue",
        "venues_id_seq",
    )
    assert stale_target(seq, "venues_id_seq", "venues_id_seq", ["venue"], "venues") is None
