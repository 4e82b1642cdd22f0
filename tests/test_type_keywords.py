"""A domain or type is never given a name PostgreSQL reads as its own type.

The list is checked against the server's own keyword table
(``pg_get_keywords()``, catcode ``C``: "non-reserved (cannot be function
or type)"), and the refusal against what the server does with such a name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from dbnamelint.dialects.reserved_words import POSTGRES_TYPE_KEYWORDS

#: pagila's domain name: "bigint" spelt with dotless i (U+0131).
DOTLESS = "b\u0131g\u0131nt"


def test_the_list_holds_every_type_keyword_of_the_server(pg: pg_server.PgServer) -> None:
    rows = pg.query_json("SELECT word FROM pg_get_keywords() WHERE catcode = 'C'")
    server = {row["word"] for row in rows}
    assert server, "the server lists no such keyword"
    assert server <= POSTGRES_TYPE_KEYWORDS, sorted(server - POSTGRES_TYPE_KEYWORDS)


def test_a_domain_named_so_is_not_what_the_bare_word_means(pg: pg_server.PgServer) -> None:
    # Why the target is refused: the domain exists, but a bare `bigint` is int8.
    out = pg.run(
        sql="BEGIN; CREATE DOMAIN public.bigint AS integer CHECK (VALUE > 0); "
        "CREATE TABLE public.uses_it (x bigint); "
        "SELECT atttypid::regtype::text = 'bigint' AND atttypid = 'int8'::regtype "
        "FROM pg_attribute WHERE attrelid = 'public.uses_it'::regclass AND attname = 'x'; "
        "ROLLBACK;"
    )
    assert "t" in out.split()


def test_the_fix_for_a_type_keyword_is_refused_and_others_transliterated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pagila's own trick: a domain spelt with a dotless i.
    (tmp_path / "schema.sql").write_text(
        f'CREATE DOMAIN public."{DOTLESS}" AS bigint CHECK (VALUE >= 0);\n'
        'CREATE DOMAIN public."Größe" AS integer;\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "schema.sql"])
    findings = {f["name"]: f for f in json.loads(result.stdout)["findings"]}
    assert findings[DOTLESS]["suggestion"] is None
    assert findings[DOTLESS]["fix"] is None
    assert (
        "'bigint', is a keyword that cannot name a domain unquoted" in (findings[DOTLESS]["no_fix"])
    )
    assert findings["Größe"]["suggestion"] == "grosse"
