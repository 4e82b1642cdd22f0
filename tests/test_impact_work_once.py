"""``impact`` does each place's work once, and only where a reference may be.

On hatchet (825 whitelisted objects, column names such as ``a`` that many
tables share, quoted mixed-case names) impact took 9-12 s: every candidate
object of one place was classified anew, and every place had its SQL
statement and context read although 95,000 of 112,000 were words no object
is named by as written. The counts below fail with the old code (one
``classify`` per candidate; a SQL parse per file holding any word); the
oracles check that the shortcuts change no result: the search with every
place judged in full, and the regular expressions the set lookups replace.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest

import dbnamelint.impact.scan as scan
from dbnamelint.impact.scan import _IDENT, Matcher, Reference, _mentions
from dbnamelint.impact.sqlscope import SqlText
from dbnamelint.impact.targets import Target
from test_impact_word_scan import NAMES, _code, _targets


def _column(table: str, name: str = "status") -> Target:
    return Target(
        "column", f"{table}.{name}", "1", "state", (name,), ("public",), (table,), False, False
    )


def _counting(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_a_column_many_tables_share_is_classified_once_per_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables = [f"t{i}" for i in range(6)]
    matcher = Matcher([_column(t) for t in tables], tables)
    calls = _counting(monkeypatch, scan, "classify")
    found = list(matcher.references("app/q.py", 'q = "SELECT status FROM t0"\n'))
    # The statement names t0: its column is the one (high); the five others differ
    # from it only in that, so two contexts, two calls (six before).
    assert len(calls) == 2
    assert [(r.target.name, r.confidence, r.context) for r in found] == [
        ("t0.status", "high", "SQL")
    ]


def _quoted_table(name: str) -> Target:
    """A PostgreSQL table created as ``"Tenant"``: only that spelling, quoted, names it."""
    return Target(
        "table", name, "1", "tenants", (name,), ("public",), (), True, False, (name,), "postgres"
    )


def test_a_file_no_place_can_name_is_never_parsed_for_sql(monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = Matcher([_quoted_table("Tenant")], ["Tenant"])
    parses = _counting(monkeypatch, SqlText, "parse")
    text = 'q = "SELECT tenant.id FROM tenant WHERE tenant = $1"\ntenant = load(tenant)\n'
    assert list(matcher.references("app/q.py", text)) == []
    assert parses == []  # parsed once before, for nothing
    quoted = 'q = "SELECT id FROM \\"Tenant\\" WHERE tenant = $1"\n'
    found = list(matcher.references("app/q.py", quoted))
    assert [(r.name, r.confidence) for r in found] == [("Tenant", "high")]
    assert len(parses) == 1


class _EveryPlace(Matcher):
    """``Matcher`` judging every place in full (the oracle): no place skipped."""

    def _may_refer(self, *args: Any) -> bool:
        return True


#: Lines where spelling, quotes and bind parameters decide (``{n}``: a name).
_SPELLINGS = [
    'q = "SELECT * FROM \\"{n}\\" WHERE id = :{n}"',
    "rows = db.query(`UPDATE {n} SET x = @{n}`)",
    "<select>SELECT {n} FROM t WHERE a = #{{{n}}}</select>",
    "const {n} = await prisma.{n}.findMany()",
    'SELECT "{n}", {n} FROM public."{n}";',
    "{n}",
]


def _spelled(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    names = ["NoteLikes", "Tenant", "tenantId", "A", "Messages_Old", *NAMES[-12:]]
    for text in _code(seed, count):
        lines = text.split("\n")
        for _ in range(rng.randint(2, 10)):
            n = rng.choice(names)
            n = rng.choice([n, n.lower(), n.upper()])
            lines.append(rng.choice(_SPELLINGS).format(n=n))
        rng.shuffle(lines)
        yield "\n".join(lines)


def _spelling_targets() -> list[Target]:
    exact = [_quoted_table(n) for n in ("NoteLikes", "Tenant")]
    exact.append(
        Target(
            "column",
            'Tenant."tenantId"',
            "1",
            "tenant_id",
            ("tenantId",),
            ("public",),
            ("Tenant",),
            True,
            False,
            ("tenantId",),
            "postgres",
        )
    )
    exact.append(
        Target(
            "column", "X.A", "1", "a", ("A",), ("public",), ("X",), True, False, ("A",), "postgres"
        )
    )
    return [*_targets(), *exact]


@pytest.mark.parametrize("suffix", [".py", ".go", ".sql", ".ts", ".xml", ".md", ".prisma"])
def test_skipping_places_loses_no_reference(suffix: str) -> None:
    targets = _spelling_targets()
    tables = [t.old_names[0] for t in targets if not t.attached]
    new, every = Matcher(targets, tables), _EveryPlace(targets, tables)
    found: list[Reference] = []
    for i, text in enumerate(_spelled(len(suffix), 60)):
        path = f"src/f{i}{suffix}"
        expected = list(every.references(path, text))
        assert list(new.references(path, text)) == expected, text
        found += expected
    assert len(found) > 100
    assert any(r.target.stored for r in found)  # the quoted names are found too


def _statements_sql(rng: random.Random) -> str:
    parts = []
    for i in range(rng.randint(1, 40)):
        parts.append(
            rng.choice(
                [
                    f"SELECT a FROM t{i} x WHERE x.b = 1",
                    f"-- note {i}\nINSERT INTO t{i} (a) VALUES (1)",
                    f"UPDATE t{i} SET a = 2",
                    "",
                    f"WITH c AS (SELECT 1) SELECT * FROM c JOIN t{i} ON t{i}.a = c.a",
                ]
            )
        )
    return (";\n" + rng.choice(["", "\n", "  /* gap */ "])).join(parts)


def test_the_statement_around_a_name_is_the_one_a_linear_scan_finds() -> None:
    """The statements of a SQL file are found by bisection; the oracle reads them in turn."""
    rng = random.Random(3)
    checked = 0
    for _ in range(60):
        text = _statements_sql(rng)
        sql = SqlText.parse("db/q.sql", text)
        statements = sql._statements(0) if text else []
        for at in range(len(text) + 1):
            inside = [st for lo, hi, st in statements if lo <= at < hi]
            expected = frozenset(inside[0].tables) if inside else None
            assert sql.tables_at(at) == expected, (text, at)
            checked += inside != []
    assert checked > 10_000


def _old_mentions(line: str, names: tuple[str, ...]) -> bool:
    """What ``_mentions`` was: one regex per name over the folded line (the oracle)."""
    lowered = line.casefold()
    return any(
        re.search(rf"(?<!{_IDENT}){re.escape(n.casefold())}(?!{_IDENT})", lowered) for n in names
    )


def test_a_line_mentions_a_table_as_the_regex_says() -> None:
    rng = random.Random(5)
    names = ["users", "my-table", "User Accounts", "café", "sys$user", "-odd", "straße", "x", ""]
    pieces = [
        *names,
        *(n.upper() for n in names),
        " ",
        ".",
        "_",
        "$",
        "é",
        "xx",
        "STRASSE",
        "(",
        '"',
    ]
    seen = {True: 0, False: 0}
    for _ in range(3000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        asked = tuple(rng.sample(names, rng.randint(1, 3)))
        expected = _old_mentions(line, asked)
        assert _mentions(line, asked) == expected, (line, asked)
        seen[expected] += 1
    assert min(seen.values()) > 300
