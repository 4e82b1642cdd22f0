"""Rule selectors: ``ALL``, a code, a name or a code prefix, to rule codes.

Kept light (no pydantic): the suppression comments, the whitelist and the
command line's ``--select`` all expand selectors through here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from dbnamelint.config.errors import ConfigError, KeyPath, dotted
from dbnamelint.core.diagnostics import expand_diagnostic_selector
from dbnamelint.rules.base import Rule

if TYPE_CHECKING:
    from dbnamelint.config.located import LocatedDocument

RuleRegistry = Mapping[str, type[Rule]]


def expand_selector(
    selector: str, registry: RuleRegistry, *, prefixes: bool = True
) -> frozenset[str]:
    """Codes a selector stands for: ``ALL``, a code, a name or a code prefix.

    Raises ``LookupError`` with close matches when it stands for nothing,
    because a typo in ``ignore`` would otherwise silently ignore nothing.
    """
    key = selector.strip()
    upper = key.upper()
    by_code = {code.upper(): code for code in registry}
    if prefixes and upper == "ALL":
        return frozenset(registry)
    if upper in by_code:
        return frozenset({by_code[upper]})
    named = frozenset(code for code, cls in registry.items() if cls.name == key.lower())
    if named:
        return named
    if prefixes and re.fullmatch(r"[A-Za-z]+[0-9]*", key):
        matched = frozenset(code for up, code in by_code.items() if up.startswith(upper))
        if matched:
            return matched
    candidates = [*registry, *(cls.name for cls in registry.values())]
    close = difflib.get_close_matches(key, candidates, n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise LookupError(f"unknown rule {selector!r}{hint}")


def expand_all(
    selectors: Iterable[str],
    registry: RuleRegistry,
    doc: LocatedDocument | None,
    key_path: KeyPath,
    *,
    diagnostics: bool = False,
) -> frozenset[str]:
    """Expand a list of selectors; an unknown one is an error at its item.

    With ``diagnostics``, a selector naming only diagnostic codes (DBN011)
    is not an error: :func:`~dbnamelint.config.merge.diagnostic_selectors` picks it up.
    """
    codes: set[str] = set()
    for index, selector in enumerate(selectors):
        try:
            codes |= expand_selector(selector, registry)
        except LookupError as exc:
            if diagnostics and expand_diagnostic_selector(selector):
                continue
            where = doc.locate((*key_path, index)) if doc is not None else None
            raise ConfigError(f"{dotted(key_path)}: {exc.args[0]}", where) from None
    return frozenset(codes)
