"""Property: the incremental collision check refuses exactly what the plain one did.

The reference is the earlier implementation of
:func:`dbnamelint.rules.fixes._collisions` (recompute every object's name
after each refusal, then scan the targets from the start), kept here
verbatim as the specification (its message names the other object as the
database stores it, as every message does since the thirteenth session);
the shipped one keeps the names held up to date instead. Inputs are
schemas written from few words, so that targets collide with existing
objects, with each other and in chains, in several dialects and quotings.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbnamelint.core.identity import stored_qualified_name
from dbnamelint.findings import Rename
from dbnamelint.model import Schema, SchemaObject, Severity
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.fixes import Target, _collisions, namespace_key
from dbnamelint.rules.stored import profile_of, stored_object
from dbnamelint.runner.pipeline import schema_from_sql

WORDS = ["users", "user", "User", "USERS", "orders", "order_items", "items", "log"]


def reference(
    targets: dict[SchemaObject, Target], schema: Schema, ctx: RuleContext
) -> dict[SchemaObject, Target]:
    out = dict(targets)
    changed = True
    while changed:
        changed = False
        holders: dict[tuple[object, ...], list[SchemaObject]] = {}
        for obj in schema.objects:
            target = out.get(obj)
            final = target.fix.new_name if target and target.fix else stored_object(obj, ctx).name
            key = namespace_key(obj, final, profile_of(obj, ctx))
            if key is not None:
                holders.setdefault(key, []).append(obj)
        for obj, target in out.items():
            if target.fix is None or target.fix.new_name == stored_object(obj, ctx).name:
                continue
            key = namespace_key(obj, target.fix.new_name, profile_of(obj, ctx))
            others = [o for o in holders.get(key, []) if o is not obj] if key else []
            if others:
                other = others[0]
                out[obj] = Target(
                    None,
                    f"the merged target {target.fix.new_name!r} would collide with "
                    f"{other.kind.value} {stored_qualified_name(other)!r} ({other.location})",
                )
                changed = True
                break
    return out


def _sql(tables: list[tuple[str, bool]], dialect: str) -> str:
    quote = "`" if dialect == "mysql" else '"'
    lines = []
    for name, quoted in tables:
        written = f"{quote}{name}{quote}" if quoted else name
        lines.append(f"CREATE TABLE {written} (id int, {name.lower()}_id int);")
        lines.append(f"CREATE INDEX idx_{name.lower()} ON {written} (id);")
    return "\n".join(lines) + "\n"


TABLES = st.lists(st.tuples(st.sampled_from(WORDS), st.booleans()), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tables=TABLES,
    dialect=st.sampled_from(["postgres", "mysql", "sqlite"]),
    picks=st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from([*WORDS, "idx_users", "user_id"])),
        max_size=12,
    ),
)
def test_same_refusals_as_the_reference(
    tables: list[tuple[str, bool]], dialect: str, picks: list[tuple[int, str]]
) -> None:
    schema = schema_from_sql(_sql(tables, dialect), dialect=dialect)
    assert all(d.severity is not Severity.ERROR for d in schema.diagnostics)
    ctx = RuleContext(schema=schema, default_dialect=dialect)
    objects = schema.objects
    targets: dict[SchemaObject, Target] = {}
    for index, new_name in picks:
        obj = objects[index % len(objects)]
        targets[obj] = Target(Rename(new_name))
    expected = reference(targets, schema, ctx)
    got = _collisions(targets, schema, ctx)
    assert list(got.items()) == list(expected.items())
