"""Type infixes: a table of a known type reads ``<prefix>_<infix>_<rest>``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation
from dbnamelint.rules.builtin._common import module_prefixes
from dbnamelint.rules.naming import matches_any, underscore_words

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.infix import TypeInfixOptions
    from dbnamelint.rules.frozenoptions import FrozenOptions
    from dbnamelint.rules.options import RuleOptions

DEFAULT_INFIXES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "cfg": ("config", "configs", "configuration", "configurations", "settings", "setting"),
        "log": ("log", "logs"),
        "hist": ("history", "histories"),
        "usage": ("usage",),
        "state": ("state", "states", "progress", "status"),
        "queue": ("queue", "queues"),
    }
)


def _markers(infixes: Mapping[str, Sequence[str]]) -> list[tuple[list[str], str]]:
    """(marker words, infix) pairs, longest marker first; the infix marks itself."""
    pairs = [
        (underscore_words(marker.lower()), infix)
        for infix, markers in infixes.items()
        for marker in (*markers, infix)
    ]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def suggest_infix_name(
    name: str,
    prefixes: Sequence[str] | None,
    infixes: Mapping[str, Sequence[str]],
    empty_rest: str = "sys",
    anywhere: bool = False,
    scopes: Mapping[str, Sequence[str]] | None = None,
    markers: Sequence[tuple[list[str], str]] | None = None,
) -> tuple[str, str] | None:
    """(infix, compliant name) for a typed table not yet named by the pattern.

    ``prefixes`` are the owning module's; a name that does not start with one
    keeps all its words after the first prefix (``sys_idp_config`` in module
    access -> ``access_cfg_sys_idp``). Without a module the first word is the
    prefix, and two-word names are left alone: ``activity_log`` could be
    prefix + type or a plain name. Returns None for compliant or untyped names.

    ``scopes`` maps an infix to its scope words (``cfg: [sys, org]``): in a
    table of that type the scope word goes right after the infix
    (``ws_org_settings`` -> ``ws_cfg_org``); in a table of another type, a
    scope word that was the legacy prefix the module prefix replaces is
    dropped (``sys_idp_audit_log`` in module access -> ``access_log_idp_audit``).

    ``markers`` are ``infixes`` as (marker words, infix) pairs, longest
    first, when the caller has them already (a rule builds them once).
    """
    scopes = scopes or {}
    scope_words = {w.lower() for ws in scopes.values() for w in ws}
    replaced_prefix = False
    words = underscore_words(name)
    if prefixes:
        lowered = name.lower()
        prefix = next((p for p in prefixes if lowered.startswith(p.lower())), None)
        if prefix is not None:
            rest = underscore_words(name[len(prefix) :])
        else:
            prefix, rest = prefixes[0], words
            replaced_prefix = True
    else:
        if len(words) < 3:
            return None
        prefix, rest = f"{words[0]}_", words[1:]
    if not rest or rest[0].lower() in infixes:
        return None
    low = [w.lower() for w in rest]
    if markers is None:
        markers = _markers(infixes)
    type_words = {w for marker, _ in markers for w in marker}
    if all(marker for marker, _ in markers) and type_words.isdisjoint(low):
        return None  # no type word anywhere: the usual name, settled before the search
    # A type word at the end is the strongest signal, then at the start.
    places: list[Callable[[int], Sequence[int]]] = [
        lambda n: [len(low) - n],
        lambda n: [0],
    ]
    if anywhere:
        places.append(lambda n: range(1, len(low) - n))
    for place in places:
        for marker, infix in markers:
            n = len(marker)
            for start in place(n):
                if start >= 0 and low[start : start + n] == marker:
                    remaining = rest[:start] + rest[start + n :]
                    remaining = _place_scope(
                        remaining, infix, scopes, scope_words, replaced_prefix and start > 0
                    )
                    tail = "_".join(remaining) if remaining else empty_rest
                    joined = f"{prefix.rstrip('_')}_{infix}"
                    return infix, f"{joined}_{tail}" if tail else joined
    return None


def _place_scope(
    remaining: list[str],
    infix: str,
    scopes: Mapping[str, Sequence[str]],
    scope_words: set[str],
    legacy_prefix: bool,
) -> list[str]:
    """Scope word first for scoped types; a legacy scope prefix dropped otherwise."""
    if not scope_words:
        return remaining
    own = {w.lower() for w in scopes.get(infix, ())}
    if own:
        at = next((i for i, w in enumerate(remaining) if w.lower() in own), None)
        if at:
            return [remaining[at], *remaining[:at], *remaining[at + 1 :]]
        return remaining
    if legacy_prefix and len(remaining) > 1 and remaining[0].lower() in scope_words:
        return remaining[1:]
    return remaining


class TableTypeInfix(Rule):
    """Config, log, history, usage, state and queue tables carry a type infix after the prefix.

    ## What it does
    Recognises the type of a table from a type word at the end (or start) of
    the name after its prefix (`ws_activity_log`, `ws_org_settings`,
    `ai_model_validation_history`) and asks for the pattern
    `<prefix>_<infix>_<rest>`: `ws_log_activity`, `ws_cfg_org`,
    `ai_hist_model_validation`. The prefix is the owning module's (see
    DBN102); without a module, the first word. Names that already have an
    infix right after the prefix pass (`ws_cfg_sys`, `mgmt_usage_modules_daily`).

    ## Why is this bad?
    With the type right after the owner, all of a module's config tables sort
    together and a reader knows from the name alone that a table is
    append-only (log, hist) or a singleton (cfg).

    ## Example
    ```sql
    -- module-ws/db/schema/006.sql
    CREATE TABLE ws_activity_log (id bigint PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE ws_log_activity (id bigint PRIMARY KEY);
    ```

    ## Options
    `infixes` (infix -> type words, replaces the default mapping),
    `empty_rest` (`ws_configs` -> `ws_cfg_sys`), `anywhere` (also match a
    type word in the middle), `scopes` (infix -> scope words such as
    `cfg: [sys, org]`: kept right after that infix, `ws_cfg_org`,
    `access_cfg_sys_idp`; a legacy `sys_` prefix of another type of table is
    dropped when the module prefix replaces it, `sys_idp_audit_log` ->
    `access_log_idp_audit`), `exceptions` (globs). Teams that prefer
    `ws_activity_logs` (type word last, plural) disable this rule and keep
    DBN105.
    """

    code = "DBN104"
    name = "table-type-infix"
    fix_order = 10
    kinds = frozenset({ObjectKind.TABLE})
    options_model = OptionsModel("dbnamelint.rules.builtin.options.infix", "TypeInfixOptions")
    default_enabled = False

    def __init__(self, options: RuleOptions | FrozenOptions | None = None) -> None:
        super().__init__(options)
        opts = cast("TypeInfixOptions", self.options)
        self._markers = _markers(opts.infixes)  # per name judged, built once

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("TypeInfixOptions", self.options)
        if matches_any(obj.name, opts.exceptions):
            return
        found = suggest_infix_name(
            obj.name,
            module_prefixes(obj, ctx),
            opts.infixes,
            opts.empty_rest,
            opts.anywhere,
            opts.scopes,
            self._markers,
        )
        if found is None:
            return
        infix, suggestion = found
        yield Violation(
            f"table {obj.name!r} is a {infix} table; its name must read <prefix>_{infix}_<name>",
            suggestion,
        )
