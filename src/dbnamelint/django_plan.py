"""The order Django's ``migrate`` runs migrations in on an empty database.

``MigrationExecutor.migration_plan`` of ``graph.leaf_nodes()`` (Django
5.2): for each leaf (a migration no other of its app depends on), sorted
by ``(app, name)``, the migrations it needs in
``MigrationGraph.iterative_dfs``'s order, a depth-first walk taking the
*greatest* ``(app, name)`` dependency first (it pushes them sorted and pops
the last), each migration once. The state a migration runs in is every
migration before it in that order, of every app (trial s42 plane:
``license/0001`` depends only on ``db``'s ``__first__`` but runs after all
of ``db``, so its keys to the user are named after ``users``, the table
``db/0012`` gave the model).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["migrate_plan", "resolved"]


def resolved(
    dependencies: Sequence[tuple[str, str]], names: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """``dependencies`` with ``__first__``/``__latest__`` as the app's first
    and last migration (``MigrationLoader.check_key``), ``names`` each app's
    migration names in order."""
    out: list[tuple[str, str]] = []
    for app, name in dependencies:
        listed = names.get(app, [])
        ends = {"__first__": listed[0], "__latest__": listed[-1]} if listed else {}
        out.append((app, ends.get(name, name)))
    return out


def migrate_plan(keys: Sequence[tuple[str, str]], parents: Sequence[set[int]]) -> list[int]:
    """Positions of ``keys`` (``(app, name)``) in the order ``migrate`` runs
    them, ``parents[i]`` the positions migration ``i`` depends on. A cycle's
    members (Django refuses them) are left at the end in position order."""
    where = {k: i for i, k in enumerate(keys)}
    # a leaf: no migration of its own app depends on it (graph.leaf_nodes)
    inner = {m for i, ps in enumerate(parents) for m in ps if keys[m][0] == keys[i][0]}
    leaves = sorted(k for i, k in enumerate(keys) if i not in inner)
    out: list[int] = []
    done: set[int] = set()
    for leaf in leaves:
        entered: set[int] = set()
        stack = [(where[leaf], False)]
        while stack:
            n, processed = stack.pop()
            if n in done:
                continue
            if processed:
                done.add(n)
                out.append(n)
            elif n not in entered:  # a cycle's member is not walked twice
                entered.add(n)
                stack.append((n, True))
                stack += [(m, False) for m in sorted(parents[n], key=keys.__getitem__)]
    return out + [n for n in range(len(keys)) if n not in done]
