"""Which arms of a PL/pgSQL ``IF`` replay runs (:class:`~dbnamelint.model.Branch`).

PostgreSQL tests an ``IF``'s conditions in order when it reaches it and runs
the arm of the first true one, else the ``ELSE`` (manual 43.6.2). Replay
decides a condition that counts catalog rows
(:mod:`dbnamelint.catalog_conditions`: ``EXISTS (SELECT ... FROM pg_indexes
WHERE ...)``, ``(SELECT count(*) ...) = 0``) on the schema built so far, as
a Liquibase ``sqlCheck`` is (:func:`.liquibase_sql_checks.count_rows`), once,
at the first event of that ``IF`` it reaches. A condition it cannot decide
(another query, a variable, a table the files never make) leaves that arm
and the later ones run, as before: every one read.
"""

from __future__ import annotations

from dbnamelint.catalog_conditions import (
    All,
    AnyOf,
    Condition,
    CountTest,
    Not,
    Opaque,
    RegclassTest,
    parse,
)
from dbnamelint.model import Branch
from dbnamelint.replay.liquibase_sql_checks import count_rows, relation_found
from dbnamelint.replay.namespace import Namespace

__all__ = ["ARM_SKIPPED", "SKIPPED_CODE", "Choice", "choose", "runs"]

#: The note at the first event of an arm replay skips (code ``DBN007``):
#: the gate judges the names of a statement holding one that a change adds,
#: as a database in another state (the reason for the test) runs the arm.
SKIPPED_CODE = "DBN007"
ARM_SKIPPED = "IF arm not replayed: its condition does not pick it"

#: An ``IF``'s outcome: (arms ruled out before it, whether that arm is certain).
Choice = tuple[int, bool]


def choose(ns: Namespace, branch: Branch) -> Choice:
    """Test ``branch``'s conditions in order on the schema in ``ns``."""
    for index, test in enumerate(branch.tests):
        said = _holds(ns, test)
        if said is None:
            return index, False  # this arm or a later one: not known
        if said:
            return index, True
    return len(branch.tests), True  # the ELSE (or nothing)


def runs(choice: Choice, branch: Branch) -> bool:
    """Whether the arm ``branch`` is in runs, given its ``IF``'s ``choice``."""
    first, certain = choice
    if branch.returns:  # after an arm that RETURNs: unless it is taken
        return branch.taken != first or not certain
    return branch.taken == first if certain else branch.taken >= first


def _holds(ns: Namespace, test: str) -> bool | None:
    condition = parse(test)
    return None if condition is None else _truth(ns, condition)


def _truth(ns: Namespace, condition: Condition) -> bool | None:
    """``condition`` on the schema in ``ns``, None where not known: SQL's
    AND is false when one part is (whatever the others), OR true when one is."""
    if isinstance(condition, CountTest):
        count = count_rows(ns, condition.check)
        return None if count is None else condition.holds(count)
    if isinstance(condition, RegclassTest):
        found = relation_found(ns, condition.schema, condition.name)
        return None if found is None else found == condition.exists
    if isinstance(condition, Not):
        said = _truth(ns, condition.term)
        return None if said is None else not said
    if isinstance(condition, Opaque):
        return None
    values = [_truth(ns, term) for term in condition.terms]
    decisive = isinstance(condition, AnyOf)  # OR: one true decides; AND: one false
    assert isinstance(condition, (All, AnyOf))
    if decisive in values:
        return decisive
    return None if None in values else not decisive
