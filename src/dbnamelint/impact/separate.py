"""Code in a tree of several separate databases (config ``databases:``).

``impact --database billing`` searches all code for billing's old names. A
file a ``databases:`` folder or glob lists is that database's code (an app's
folder listed whole holds its code as well as its migrations), and so is a
file whose package holds that database's migrations only
(:mod:`~dbnamelint.impact.codeowners`): another database's is kept apart,
never counted or patched (:func:`dbnamelint.impact.collect.collect_impact`).
Code no entry lists or package attributes (a library both apps use) may
run on every database (a package holding several databases' migrations: on
each of them), so ``--diff`` leaves a place in it unpatched while another
database still has the old name: ``todos`` keeps its own table ``account``
when billing's becomes ``accounts``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dbnamelint.impact.result import Impact, used_name
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.sharedcode import holding


def split_shared(
    references: Iterable[Reference], impact: Impact
) -> tuple[list[Reference], list[tuple[Reference, tuple[str, ...]]]]:
    """``references`` the patch may rewrite, and those in code no database
    lists whose old name other databases of the tree (named) hold now."""
    kept: list[Reference] = []
    left: list[tuple[Reference, tuple[str, ...]]] = []
    holders = impact.other_databases_names
    for ref in references:
        listed = ref.path in impact.code_databases  # its database's code (another's is apart)
        others = () if listed else holding(ref.target, used_name(ref), holders)
        candidates = impact.code_candidates.get(ref.path)
        if candidates is not None:  # its package runs these databases only
            others = tuple(d for d in others if d in candidates)
        if others:
            left.append((ref, others))
        else:
            kept.append(ref)
    return kept, left


def shared_note(
    left: Sequence[tuple[Reference, tuple[str, ...]]],
    shown: str,
    database: str | None,
    *,
    packaged: bool = False,
) -> str:
    """The ``--diff`` note for places left unpatched (``shown``: their list).

    ``packaged``: every place is in a package that runs the searched
    database's migrations and the others' (vaultwarden's crate, one folder
    per backend): no entry can tell its code apart, so the advice is to
    rename the name in those databases too."""
    others = sorted({d for _ref, ds in left for d in ds})
    # One entry per object, spelled as stored when some place spells it so:
    # prose's `Store` and code's `store` are one table.
    spelled: dict[tuple[str, str], str] = {}
    by_spelling = sorted(
        left, key=lambda pair: (used_name(pair[0]) not in pair[0].target.stored, used_name(pair[0]))
    )
    for r, _ds in by_spelling:
        name = used_name(r)
        spelled.setdefault((str(r.target.kind), name.casefold()), f"{r.target.kind} {name}")
    named = sorted(spelled.values())
    keeps = "keeps that name" if len(named) == 1 else "keep those names"
    which = " and ".join(others)
    mine = f" for {database}" if database else ""
    head = (
        f"not patched: {shown}: code no `databases:` entry lists, so it may run on {which} "
        f"too, whose {', '.join(named)} {keeps}; patched{mine}, it would name what {which} "
        f"{'does' if len(others) == 1 else 'do'} not have. "
    )
    if packaged:
        them = "it" if len(named) == 1 else "them"
        return head + (
            f"Its package runs {which}'s migrations too: rename {them} there as well, in "
            "each one's own migration, and `--diff` patches these places once none keeps "
            "the old name"
        )
    return head + (
        "List each app's folder under its database (the app's folder, not only its "
        "migrations: code there is then that database's alone), or patch it by hand"
    )


def other_database_label(path: str, impact: Impact) -> str:
    """``path``, with the separate database whose code it is when one lists it."""
    owner = impact.code_databases.get(path)
    if owner is not None and owner != impact.database:
        return f"{path}, database {owner}"
    candidates = impact.code_candidates.get(path)
    if candidates is not None and impact.database not in candidates:
        return f"{path}, database {' or '.join(candidates)}"
    return path


def diff_clause(references: Sequence[Reference], impact: Impact, command: str) -> str:
    """What ``command`` (``impact [--database X] --diff``) does with
    ``references``, for a refusal that names them: "patches them", or, where
    some are in code another database of the tree runs too and that database
    keeps the old name (:func:`split_shared`), how many it leaves and why."""
    patched, left = split_shared(references, impact)
    if not left:
        return f"`{command}` patches them"
    others = sorted({d for _ref, ds in left for d in ds})
    which = " and ".join(others)
    names = ", ".join(sorted({used_name(r) for r, _ds in left}, key=str.casefold))
    keep = "keeps" if len(others) == 1 else "keep"
    run = "runs" if len(others) == 1 else "run"
    if not patched:
        return f"`{command}` patches none of them: {which} {run} that code too and {keep} {names}"
    return (
        f"`{command}` patches {len(patched)} of them, not the {len(left)} in code "
        f"{which} {run} too, which {keep} {names}"
    )
