"""How the gate matches a finding with the base's: its code and object identity."""

from __future__ import annotations

from dbnamelint.core.identity import ObjectRef, ref_of
from dbnamelint.core.index import CatalogIndex
from dbnamelint.findings import Finding

FindingKey = tuple[str, ObjectRef]


def finding_keys(finding: Finding, index: CatalogIndex) -> set[FindingKey]:
    """The keys a finding may have had at the base: its object under its table's names.

    A column, index or constraint is identified through its table, so when a
    change renames the table (a legacy table to its target: the most common
    pull request of a renaming plan) its unchanged columns must still match
    their findings at the base under the table's earlier names. The object's
    own earlier names do not count: a rename to another bad name is new.
    """
    obj = finding.object
    keys = {(finding.code, ref_of(obj))}
    for table in index.owner_names(obj):
        keys.add((finding.code, ref_of(obj, table=table)))
    return keys
