"""DBN501's shortened name: within the dialect's limit, whole words, the last word kept.

A quoted free-text name (``"Order Line Items For Customers ... Last Year"``,
Supabase policy names) used to be cut as one word: the last word was lost
and the cut fell inside a word. Every dialect's limit is checked at and
around its edge (PostgreSQL 63 bytes, multibyte included; MySQL 64
characters; SQL Server 128...), and the names are given to the real
PostgreSQL and MariaDB, which store the suggestion unchanged and refuse or
truncate the original.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import mysql_server
import pg_server
from dbnamelint.cli import cli
from dbnamelint.dialects import profile_for
from dbnamelint.dialects.profile import clip_bytes
from dbnamelint.rules.fixes import HASH_DIGITS, shorten

ORDER = "Order Line Items For Customers Who Placed More Than Ten Orders Last Year"
POLICY = "Allow full access to own workspaces for every authenticated member of team"
LIMITED = ("postgres", "redshift", "mysql", "mariadb", "tsql", "oracle", "snowflake")


def _pieces(short: str, sep: str) -> tuple[str, str, str]:
    """(kept start, hash, kept last word) of a shortened name."""
    match = re.fullmatch(
        rf"(.*?){re.escape(sep)}([0-9a-f]{{{HASH_DIGITS}}})(?:{re.escape(sep)}(.*))?", short
    )
    assert match, short
    return match.group(1), match.group(2), match.group(3) or ""


@pytest.mark.parametrize(
    ("name", "limit", "expected"),
    [
        # the start cut between words, the name's own separator, the last word kept
        (ORDER, 63, "Order Line Items For Customers Who Placed More ee100199 Year"),
        (POLICY, 63, "Allow full access to own workspaces for every 5a8a3a86 team"),
        ("order-line-items-for-customers-who-placed-more-than-ten-orders-last-year", 40, None),
        # snake_case: a cut inside "than" falls back to the word before it
        (
            "order_line_items_for_customers_who_placed_more_than_ten_orders_last_year",
            63,
            None,
        ),
        # PascalCase: the last capitalised word is kept, the hash set off with "_"
        ("OrderLineItemsForCustomersWhoPlacedMoreThanTenOrdersLastYearX", 40, None),
    ],
)
def test_words_are_kept_whole(name: str, limit: int, expected: str | None) -> None:
    short = shorten(name, limit)
    if expected is not None:
        assert short == expected
    assert len(short) <= limit
    sep = next((s for s in (" ", "-", "_") if s in name), "_")
    start, digest, last = _pieces(short, sep)
    words = re.split(r"[ _-]|(?<=[a-z])(?=[A-Z])", name)
    assert last == words[-1]
    kept = re.split(r"[ _-]|(?<=[a-z])(?=[A-Z])", start)
    assert kept == words[: len(kept)]  # whole words from the start, none cut
    assert digest == shorten(name, limit).split(sep)[-2][-HASH_DIGITS:]


def test_the_first_word_alone_too_long_is_cut_inside() -> None:
    name = "a" * 80 + " tail"
    short = shorten(name, 20)
    assert len(short) == 20 and short.endswith(" tail") and short.startswith("aaaa")


def test_a_limit_smaller_than_the_hash_still_holds() -> None:
    for limit in range(1, 12):
        assert len(shorten("x" * 40 + "_" + "y" * 40, limit)) <= limit


def test_a_last_word_longer_than_the_limit_keeps_the_start() -> None:
    short = shorten("id_" + "z" * 100, 30)
    assert len(short) <= 30 and short.startswith("id_zzz")


WORD = st.text(
    alphabet=st.sampled_from("abcxyzABCXYZ0189äöüßéł日本語ñ"), min_size=1, max_size=14
).filter(lambda w: not w[0].isdigit())


@settings(max_examples=400, deadline=None)
@given(
    dialect=st.sampled_from(LIMITED),
    words=st.lists(WORD, min_size=1, max_size=30),
    sep=st.sampled_from(["_", " ", "-"]),
    slack=st.integers(min_value=-3, max_value=3),
)
def test_every_dialect_at_and_around_its_limit(
    dialect: str, words: list[str], sep: str, slack: int
) -> None:
    """Names from ``limit - 3`` to far above it, multibyte included, in the dialect's unit."""
    profile = profile_for(dialect)
    limit, size = profile.max_identifier, profile.identifier_size
    name = sep.join(words)
    # stretch the name to just around the limit, or keep it when it is far over
    while size(name) < limit + slack:
        name += sep + words[-1]
    short = shorten(name, limit, size)
    assert size(short) <= limit
    if size(name) <= limit:
        assert short == name
        return
    assert short == shorten(name, limit, size)  # stable
    last = name.rsplit(sep, 1)[-1] if sep in name else ""
    if last and size(f"{sep}{'0' * HASH_DIGITS}{sep}{last}") < limit:
        assert short.endswith(f"{sep}{last}")
        start = short[: -len(f"{sep}{'0' * HASH_DIGITS}{sep}{last}")]
        assert name.startswith(start)
        if start:  # whole words of the start, or a cut first word
            assert name.startswith(start + sep) or sep not in start


# -- the databases themselves ----------------------------------------------------------


def _suggestions(tmp_path: Path, dialect: str, sql: str, select: str) -> dict[str, str]:
    """name -> suggestion, as ``check --format json`` reports them."""
    (tmp_path / "t.sql").write_text(sql, encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        args = ["check", "--no-cache", "--format", "json", "--dialect", dialect, "t.sql"]
        result = CliRunner().invoke(cli, [*args, "--select", select])
    finally:
        os.chdir(old)
    findings = json.loads(result.stdout)["findings"]
    return {f["name"]: f["suggestion"] for f in findings if f["code"] == "DBN501"}


PG_NAMES = [
    ORDER,
    POLICY,
    "straße größe übung äpfel öfen türen müll bären füße käse grüße übel",  # 2-byte letters
    "日本語の表の名前はとても長いです 注文 明細 顧客",  # 3-byte letters: 63 bytes is 21 of them
    "x" * 63,  # at the limit: no finding
    "x" * 30 + " " + "y" * 33,  # one byte over
]


@pytest.mark.parametrize("select", ["DBN501", "DBN1,DBN501"], ids=["rule-fix", "merged-target"])
def test_postgresql_stores_the_suggestion_unchanged(
    pg: pg_server.PgServer, tmp_path: Path, select: str
) -> None:
    sql = "".join(f'CREATE TABLE "{n}" (id int);\n' for n in PG_NAMES)
    suggested = _suggestions(tmp_path, "postgres", sql, select)
    too_long = {n for n in PG_NAMES if len(n.encode()) > 63}
    # A finding names the object by the name PostgreSQL keeps (its first 63
    # bytes, whole characters: checked against pg_class below).
    kept = {clip_bytes(n, 63) for n in too_long}
    assert set(suggested) == kept
    assert all(suggested.values()) or select != "DBN501"
    with pg.fresh_database("dbnamelint_shorten") as db:
        pg.run(sql=sql, dbname=db)  # PostgreSQL truncates the originals...
        for new in suggested.values():
            pg.run(sql=f'CREATE TABLE "{new}" (id int);', dbname=db)
        stored = {r["relname"] for r in pg.query_json("SELECT relname FROM pg_class", db)}
    assert too_long.isdisjoint(stored)  # ...which is the fault DBN501 reports
    assert kept <= stored  # ...to the names the findings give
    # ...and keeps every suggestion whole (a name no rule set can fix has none)
    assert {s for s in suggested.values() if s is not None} <= stored
    if select == "DBN501":
        ends = suggested[clip_bytes(ORDER, 63)], suggested[clip_bytes(POLICY, 63)]
        assert ends[0].endswith(" Year") and ends[1].endswith(" team")


def test_mariadb_accepts_the_suggestion_and_refuses_the_name(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    names = [ORDER, POLICY, "ä" * 40 + " " + "ö" * 25, "x" * 64, "x" * 60 + " yyyy"]
    sql = "".join(f"CREATE TABLE `{n}` (id int);\n" for n in names)
    suggested = _suggestions(tmp_path, "mysql", sql, "DBN501")
    assert set(suggested) == {n for n in names if len(n) > 64}  # characters, not bytes
    with maria.fresh_database("dbnamelint_shorten") as db:
        for name in suggested:
            with pytest.raises(mysql_server.SqlFailed, match="ERROR 1103"):  # name too long
                maria.run(f"CREATE TABLE `{name}` (id int)", database=db)
        for new in suggested.values():
            maria.run(f"CREATE TABLE `{new}` (id int)", database=db)
        stored = set(maria.run("SHOW TABLES", database=db).splitlines())
    assert stored == set(suggested.values())
