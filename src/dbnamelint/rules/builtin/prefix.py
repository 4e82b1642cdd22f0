"""Table prefixes: owned by the module of the file, or drawn from a fixed list."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation
from dbnamelint.rules.builtin._common import module_prefixes
from dbnamelint.rules.naming import matches_any

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.prefix import AllowedPrefixOptions, ModulePrefixOptions


def _starts_with_any(name: str, prefixes: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(lowered.startswith(p.lower()) for p in prefixes)


class TableMissingModulePrefix(Rule):
    """Tables must start with a prefix of the module that owns their file.

    ## What it does
    For a table created in a file that belongs to a module (for example
    `module-ws/db/schema/006.sql` with `module_pattern: "module-{module}/"`),
    checks that its name starts with one of the module's prefixes (config
    `modules: {ws: [ws_]}`, default `<module>_`). Tables in files without a
    module are skipped. The suggestion prepends the first prefix, after
    dropping a wrong prefix listed in `replace_prefixes`.

    ## Why is this bad?
    Without the owner in the name, nobody can tell which module's lambdas and
    migrations may touch a table, and two modules can pick the same name.

    ## Example
    ```sql
    -- module-access/db/schema/001.sql
    CREATE TABLE idp_config (id uuid PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE access_idp_config (id uuid PRIMARY KEY);
    ```

    ## Options
    `replace_prefixes`: prefixes to strip before adding the module's (leave
    empty to keep a wrong prefix as a word, as `sys_` is kept in
    `access_cfg_sys_idp`); `exceptions`: table name globs.
    """

    code = "DBN102"
    name = "table-missing-module-prefix"
    fix_order = 20
    kinds = frozenset({ObjectKind.TABLE})
    options_model = OptionsModel("dbnamelint.rules.builtin.options.prefix", "ModulePrefixOptions")
    default_enabled = False

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("ModulePrefixOptions", self.options)
        prefixes = module_prefixes(obj, ctx)
        if not prefixes or _starts_with_any(obj.name, prefixes):
            return
        if matches_any(obj.name, opts.exceptions):
            return
        rest = obj.name
        for wrong in opts.replace_prefixes:
            if rest.lower().startswith(wrong.lower()):
                rest = rest[len(wrong) :]
                break
        shown = ", ".join(prefixes)
        yield Violation(
            f"table {obj.name!r} in module {obj.module!r} does not start with {shown}",
            f"{prefixes[0]}{rest}",
        )


class TableMissingAllowedPrefix(Rule):
    """Tables must start with one of a fixed list of domain prefixes.

    ## What it does
    Checks that every table name starts with one of `prefixes` (for example
    `system_`, `security_`, `user_`, `crm_`), unless it matches one of the
    `exceptions` globs. When the name starts with a key of
    `replace_prefixes`, the suggestion swaps it (`ai_jobs` ->
    `assistant_jobs` with `{ai_: assistant_}`); otherwise there is no
    suggestion, since only a human knows which domain owns the data. The
    message names the closest allowed prefixes (at most three), not the
    whole list, and points to the config that holds it.

    ## Why is this bad?
    Prefixes group tables by owner in every database tool, make backups and
    grants by pattern possible (`pg_dump -t 'auth_*'`), and prevent generic
    names from colliding.

    ## Example
    ```sql
    CREATE TABLE rate_limits (id bigint PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE system_rate_limits (id bigint PRIMARY KEY);
    ```

    ## Options
    `prefixes` (the rule does nothing while it is empty), `exceptions`
    (globs, e.g. `deals`), `replace_prefixes` (mapping used for suggestions).
    """

    code = "DBN103"
    name = "table-missing-allowed-prefix"
    fix_order = 20
    kinds = frozenset({ObjectKind.TABLE})
    options_model = OptionsModel("dbnamelint.rules.builtin.options.prefix", "AllowedPrefixOptions")
    default_enabled = False

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("AllowedPrefixOptions", self.options)
        if not opts.prefixes or _starts_with_any(obj.name, opts.prefixes):
            return
        if matches_any(obj.name, opts.exceptions):
            return
        suggestion = None
        # longest old prefix first, so "document_" wins over "doc"
        for old in sorted(opts.replace_prefixes, key=len, reverse=True):
            if obj.name.lower().startswith(old.lower()):
                suggestion = opts.replace_prefixes[old] + obj.name[len(old) :]
                break
        closest = closest_prefixes(obj.name, opts.prefixes)
        hint = f"closest: {', '.join(closest)}; " if closest else ""
        yield Violation(
            f"table {obj.name!r} does not start with an allowed prefix ({hint}"
            f"{len(opts.prefixes)} allowed, listed in the config under "
            f"rules.{self.name}.options.prefixes)",
            suggestion,
        )


def closest_prefixes(name: str, prefixes: tuple[str, ...], n: int = 3) -> list[str]:
    """Up to ``n`` allowed prefixes that look most like the start of ``name``.

    A prefix whose word starts the name's first word (``doc_`` for
    ``documentation_files``) or is one of its words (``google_`` for
    ``sources_google``) comes first; the rest are ranked by how alike the
    prefix and the name's start are, so a long list collapses to the few a
    reader would pick from.
    """
    words = name.lower().split("_")
    scored = []
    for prefix in prefixes:
        stem = prefix.lower().rstrip("_")
        size = max(prefix.count("_"), 1)
        start = "_".join(words[:size]) + "_"
        ratio = difflib.SequenceMatcher(None, start, prefix.lower()).ratio()
        if stem and (words[0].startswith(stem) or stem.startswith(words[0])):
            ratio = max(ratio, 1.0)
        elif stem in words:
            ratio = max(ratio, 0.9)
        scored.append((-ratio, prefix))
    scored.sort()
    return [p for score, p in scored[:n] if -score >= 0.6]
