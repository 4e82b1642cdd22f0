"""The statement a Kysely or Knex chain writes, per its table's string.

Kysely (kysely.dev, "Insert", "Upsert", "Delete"): ``db.insertInto("t")
.values({...}).onConflict((oc) => oc.column("a").doUpdateSet({...}))``
builds ``insert into "t" ... on conflict ("a") do update set ...`` (and
``.doNothing()`` ``on conflict do nothing``; ``oc.constraint("c")`` ``on
conflict on constraint "c"``); ``.returning(...)`` and
``.returningAll()`` add ``returning``; ``db.deleteFrom("t")`` and
``db.updateTable("t")`` a DELETE and an UPDATE, whose results give
``numDeletedRows`` and ``numUpdatedRows``. Knex (knexjs.org, "insert",
"onConflict", "del", "update"): ``knex("t").insert(...).onConflict("a")
.merge()`` (or ``.ignore()``) is an upsert, ``knex("t").del()`` a DELETE,
``knex("t").update(...)`` an UPDATE. A chain is read from its table call to
the end of its statement (``;``, or where its parentheses close); the forms
are those :meth:`~dbnamelint.impact.sqlscope.SqlText.write_form` gives SQL.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.sqlscope import WriteForm

_SUFFIXES = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte")
_STRING = r"""(?P<q>["'`])(?P<name>[A-Za-z_][\w$.]*)(?P=q)"""
_KYSELY = lazy_compile(
    r"\.(?P<call>insertInto|replaceInto|deleteFrom|updateTable)\(\s*" + _STRING + r"\s*\)"
)
_KNEX = lazy_compile(r"(?<![\w$.])(?:knex|db|trx|k)\(\s*" + _STRING + r"\s*\)")
_KNEX_TABLE = lazy_compile(r"\.(?:table|from|into)\(\s*" + _STRING + r"\s*\)")
_ON_CONFLICT = lazy_compile(r"\.onConflict\s*\(")
#: Kysely's OnConflictBuilder naming the constraint (``oc.constraint("c")``).
_ON_CONSTRAINT = lazy_compile(r"\.constraint\s*\(")
_RETURNING = lazy_compile(r"\.returning(?:All)?\s*\(")
_KNEX_VERB = lazy_compile(r"\.(?P<verb>insert|del|delete|update)\s*\(")
_KYSELY_FORMS: dict[str, WriteForm] = {
    "insertInto": "insert",
    "replaceInto": "insert",
    "deleteFrom": "delete",
    "updateTable": "update",
}
#: How far a chain is read past its table call.
_REACH = 4000


def write_forms(path: str, text: str) -> dict[int, WriteForm]:
    """Per offset of the table name a Kysely or Knex chain writes to, its form."""
    if not path.lower().endswith(_SUFFIXES):
        return {}
    out: dict[int, WriteForm] = {}
    if "Into(" in text or "deleteFrom(" in text or "updateTable(" in text:
        for found in _KYSELY.finditer(text):
            chain = _rest(text, found.end())
            form = _KYSELY_FORMS[found["call"]]
            if form == "insert":
                conflict = _ON_CONFLICT.search(chain)
                if conflict is not None:
                    named = _ON_CONSTRAINT.search(chain, conflict.end())
                    form = "upsert" if named is None else "upsert-constraint"
                elif _RETURNING.search(chain):
                    form = "insert-returning"
            out[found.start("name") + found["name"].rfind(".") + 1] = form
    if "knex" in text or "Knex" in text:
        for pattern in (_KNEX, _KNEX_TABLE):
            for found in pattern.finditer(text):
                chain = _rest(text, found.end())
                verb = _KNEX_VERB.search(chain)
                if verb is None:
                    continue
                knex: WriteForm = "delete"
                if verb["verb"] == "insert":
                    knex = "upsert" if _ON_CONFLICT.search(chain) else "insert"
                elif verb["verb"] == "update":
                    knex = "update"
                out[found.start("name") + found["name"].rfind(".") + 1] = knex
    return out


def _rest(text: str, at: int) -> str:
    """The text of the chain going on at ``at``: to its statement's ``;``, to
    where a parenthesis it did not open closes, or to a line that goes on
    with no ``.`` (a statement of its own, in code written without ``;``)."""
    depth = 0
    end = min(len(text), at + _REACH)
    for i in range(at, end):
        char = text[i]
        if char == "\n" and depth == 0 and not text[i + 1 : end].lstrip().startswith((".", "?.")):
            return text[at:i]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return text[at:i]
        elif char == ";" and depth == 0:
            return text[at:i]
    return text[at:end]
