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

from dbnamelint.catalog_conditions import parse
from dbnamelint.model import Branch
from dbnamelint.replay.liquibase_sql_checks import count_rows
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
    return branch.taken == first if certain else branch.taken >= first


def _holds(ns: Namespace, test: str) -> bool | None:
    counted = parse(test)
    if counted is None:
        return None
    count = count_rows(ns, counted.check)
    return None if count is None else counted.holds(count)
