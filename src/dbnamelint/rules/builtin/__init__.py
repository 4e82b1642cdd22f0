"""The built-in rules, one small module per rule family.

The registry imports exactly the modules listed here, so adding a rule
family means adding its module name to :data:`BUILTIN_MODULES`.
"""

from __future__ import annotations

BUILTIN_MODULES = (
    "dbnamelint.rules.builtin.case",
    "dbnamelint.rules.builtin.prefix",
    "dbnamelint.rules.builtin.infix",
    "dbnamelint.rules.builtin.plural",
    "dbnamelint.rules.builtin.generic",
    "dbnamelint.rules.builtin.legacy",
    "dbnamelint.rules.builtin.templates",
    "dbnamelint.rules.builtin.limits",
    "dbnamelint.rules.builtin.required",
    "dbnamelint.rules.builtin.renamed",
    "dbnamelint.rules.builtin.spelling",
)
