"""The classes a PHP file imports with its ``use`` declarations.

PHP spells an import three ways (php.net, "Using namespaces: Aliasing/Importing"):
one name a line (``use App\\Profile;``, ``use App\\Profile as P;``), several
names in one declaration (``use Auth, Cache, DB;``) and a group under a common
prefix (``use Illuminate\\Database\\Eloquent\\{Model, SoftDeletes};``, also
over several lines). Laravel applications use all three: pixelfed imports
its models in groups (``use App\\{Profile, Status};``) in 60 files (trial
s43), and a reader that knew the first form only took those files' models
for classes of their own namespace.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile

#: A ``use`` declaration: its body up to the ``;`` (functions and constants,
#: ``use function``/``use const``, import no class and are left out).
_USE = lazy_compile(r"^[ \t]*use\s+(?!function\b|const\b)([\\\w\s,{}]+?);", re.MULTILINE)
#: The first class-like declaration: a ``use`` in its body imports a trait.
_DECLARATION = lazy_compile(
    r"^[ \t]*(?:(?:abstract|final|readonly)\s+)*(?:class|trait|interface|enum)\s+\w",
    re.MULTILINE,
)
#: One imported name and its alias: ``App\\Profile``, ``Model as Base``.
_CLAUSE = lazy_compile(r"^\\?([\w\\]+?)(?:\s+as\s+(\w+))?$")


def imports(text: str) -> dict[str, str]:
    """The short name (or alias) -> fully qualified class (no leading ``\\``)
    of each class the file's ``use`` declarations before its first class,
    trait, interface or enum import. A malformed declaration is skipped."""
    found: dict[str, str] = {}
    first = _DECLARATION.search(text)
    end = first.start() if first else len(text)
    for use in _USE.finditer(text, 0, end):
        body = use.group(1)
        prefix = ""
        if "{" in body:
            head, _, rest = body.partition("{")
            group, closed, tail = rest.partition("}")
            if not closed or tail.strip() or "," in head:
                continue
            prefix = head.strip().lstrip("\\")
            body = group
        for part in body.split(","):
            clause = _CLAUSE.match(" ".join(part.split()))
            if clause is None:
                continue
            name = prefix + clause.group(1)
            found[clause.group(2) or name.rpartition("\\")[2]] = name
    return found
