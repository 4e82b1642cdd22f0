"""An applied JS/TS migration whose unread DDL calls an edit changes where
no DDL string or builder call the gate reads changed (trial s39 ghost): a
migration factory's arguments (``addTable('users_newsletters', {...})``
renamed ``'UsersNewsletters'``, its spec), a helper's the handle is handed
to (``addAudit(knex, 'posts')``): :func:`dbnamelint.js_handoff.handed_off`'s
calls. Knex, knex-migrator, Sequelize, Kysely, TypeORM, db-migrate and
node-pg-migrate record a migration as applied by its name, so every
database that ran it keeps what the old code made and only a new one runs
the edited code (``DBN025``). Other code (a log line's constant) is left
alone, as services.code_inputs leaves it (s35)."""

from __future__ import annotations

from dbnamelint.js_handoff import handed_off
from dbnamelint.kysely_schema import _args, _tokens, is_js
from dbnamelint.model import Diagnostic, Location, Severity

__all__ = ["edited_js"]

#: The code of an edited applied migration (as services.code_ddl's DBN025).
_CODE = "DBN025"


def _calls(path: str, text: str) -> list[tuple[int, list[str]]]:
    """(start, tokens) of each call of ``text`` whose DDL is not read
    (:func:`~dbnamelint.js_handoff.handed_off`): its callee and arguments,
    comments and layout left out."""
    toks = _tokens(text)
    starts = {t.start: i for i, t in enumerate(toks)}
    out: list[tuple[int, list[str]]] = []
    for call in handed_off(path, text):
        first = starts.get(call.start)
        if first is None:
            continue
        k = next((j for j in range(first, len(toks)) if toks[j].text == "("), len(toks))
        _, after = _args(toks, k) if k < len(toks) else ([], k)
        out.append((call.start, [t.text for t in toks[first:after]]))
    return out


def edited_js(
    rel: str, shown: str, before: str, now: str, ref: str, accepted: bool
) -> Diagnostic | None:
    """``DBN025`` at the first of applied JS/TS migration ``rel``'s unread
    DDL calls that ``now`` changes from ``before`` (None: none changed, or
    no JS file); an info note when ``accepted`` (a ``dbnamelint:
    ignore[DBN025] <reason>`` comment the change adds)."""
    if not is_js(rel):
        return None
    was, is_now = _calls(rel, before), _calls(rel, now)
    if [t for _, t in was] == [t for _, t in is_now]:
        return None
    at = next(
        (i for i, (a, b) in enumerate(zip(was, is_now, strict=False)) if a[1] != b[1]),
        min(len(was), len(is_now)),
    )
    offset = is_now[min(at, len(is_now) - 1)][0] if is_now else 0
    line = now.count("\n", 0, offset) + 1
    message = (
        f"this JS/TS migration was committed at {ref} and this change edits a call it runs "
        f"forward (first at line {line}, a call whose DDL dbnamelint does not read: a "
        "migration factory's or a helper's arguments, a spec): its tool "
        "records it as applied by its name, so every database that ran it keeps what the "
        "old code made and only a new one runs the edited code: restore it and write the "
        "change as a new migration"
    )
    if accepted:
        return Diagnostic(
            Location(shown, line, 1),
            Severity.INFO,
            message + "; accepted by the `dbnamelint: ignore[DBN025]` comment the change adds",
            _CODE,
        )
    return Diagnostic(
        Location(shown, line, 1),
        Severity.ERROR,
        message + " (or, reviewed by hand, accept it with a `// dbnamelint: ignore[DBN025] "
        "<reason>` comment in the file)",
        _CODE,
    )
