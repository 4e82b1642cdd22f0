"""A call of an Ecto helper whose names its parameters give, read bound.

Trial s42 plausible/hexpm: a committed ``lib/hexpm/repo/migration_helpers.ex``
(``import Ecto.Migration``; ``def create_stats_table(name) do create
table(name) do ... end end``) is one ``DBN013`` note where it stands (the
table's name unknown there), accepted once; then a new migration's
``create_stats_table(:PackageStats)`` passed the gate unjudged. Here each
call, in a migration's forward step, of a ``def``/``defp`` of the file
itself, of a module the file imports (``import Hexpm.Repo.MigrationHelpers``),
or of one named by its module or alias (``MigrationHelpers.create_stats_table``
after ``alias Hexpm.Repo.MigrationHelpers``), whose body runs Ecto.Migration
macros with a parameter, is read as the SQL the body runs with each
parameter bound to the call's literal argument (atoms, strings, numbers,
lists and keyword lists of them): the body, its parameters replaced by the
arguments' source (``#{name}`` in a string by the value), is read by the
Ecto reader (:func:`dbnamelint.code_builders.shadow_text`, ecto_sql's SQL:
``table/2``, ``index/3``'s ``<table>_<columns>_index``) with the helper
module's attributes. Laid at the call, its statements are judged there. A
call with an argument that is no literal is left as it was (the helper's
own ``DBN013`` note). One level: a helper the helper calls is not followed.

The helper module is found as Mix lays it out: ``lib/<Macro.underscore of
the module>.ex`` (or ``apps/*/lib/...`` in an umbrella), else the ``.ex``
file under ``lib/`` or ``apps/`` that defines it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from dbnamelint.code_builders import ecto_backward_spans, ecto_functions, ecto_mask, shadow_text
from dbnamelint.code_ddl_text import DdlString, ddl_strings, laid_string, makes_ddl
from dbnamelint.core.lazyre import lazy_compile

__all__ = ["ecto_helper_calls"]

#: An Ecto.Migration macro making or renaming a name, or running SQL.
_MACRO = lazy_compile(
    r"(?<![\w.:@])(?:create_if_not_exists|create|alter|rename|execute)\b(?![?!:])"
)
#: ``import A.B``, ``alias A.B`` / ``alias A.B, as: C``.
_IMPORT = lazy_compile(r"^[ \t]*import[ \t]+(?P<module>[A-Z][\w.]*)", re.MULTILINE)
_ALIAS = lazy_compile(
    r"^[ \t]*alias[ \t]+(?P<module>[A-Z][\w.]*)(?:[ \t]*,[ \t]*as:[ \t]*(?P<as>[A-Z]\w*))?",
    re.MULTILINE,
)
_DEFMODULE = lazy_compile(r"^[ \t]*defmodule[ \t]+(?P<module>[A-Z][\w.]*)[ \t]+do\b", re.MULTILINE)
#: A call: ``name(`` or ``Module.name(``.
_CALL = lazy_compile(
    r"(?<![\w.:@?!])(?:(?P<module>[A-Z][\w]*(?:\.[A-Z]\w*)*)\.)?(?P<name>[a-z_]\w*[?!]?)\("
)
#: One literal token of an argument: blanks, an atom, a string without
#: interpolation, a number, true/false/nil, a keyword key, a bracket or a comma.
_TOKEN = lazy_compile(
    r'\s+|:"[^"\\#]*"|:[A-Za-z_][\w?!]*|"[^"\\#]*"|-?\d[\d_.]*|true\b|false\b|nil\b'
    r"|[a-z_]\w*:(?=\s)|[\[\],]"
)
#: A module attribute set to an atom or a string (``@table :drives``), as the Ecto reader reads one.
_ATTRIBUTE = lazy_compile(
    r'^[ \t]*@[a-z_]\w*[ \t]+(?::"[^"\n]*"|:[A-Za-z_][\w?!]*|"[^"\n#\\]*")[ \t]*$', re.MULTILINE
)
_NAME = lazy_compile(r'^\s*(?::"(?P<qa>[^"]*)"|:(?P<atom>[A-Za-z_][\w?!]*)|"(?P<str>[^"]*)")\s*$')


class _Helper:
    """A function whose Ecto.Migration macros its parameters complete."""

    def __init__(self, params: list[str], body: str, attributes: str) -> None:
        self.params = params
        self.body = body
        self.attributes = attributes


def _underscore(module: str) -> str:
    """Elixir's ``Macro.underscore``: ``Hexpm.Repo.MigrationHelpers`` ->
    ``hexpm/repo/migration_helpers``."""
    parts = []
    for part in module.split("."):
        split = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", part)
        parts.append(re.sub(r"([a-z\d])([A-Z])", r"\1_\2", split).lower())
    return "/".join(parts)


@lru_cache(maxsize=32)
def _helpers(text: str) -> dict[str, _Helper]:
    """The functions of module ``text`` running a make/rename macro with a parameter."""
    if not _MACRO.search(text):
        return {}
    mask = ecto_mask(text)
    # the module's attribute lines (``@table :drives``), as written: the body may read them
    attributes = "".join(
        text[m.start() : m.end()] + "\n"
        for m in _ATTRIBUTE.finditer(text)
        if "@" in mask[m.start() : m.end()]
    )
    out: dict[str, _Helper] = {}
    for name, params, start, end in ecto_functions(text):
        body_mask = mask[start:end]
        if not params or not _MACRO.search(body_mask):
            continue
        body = text[start:end]
        if any(
            re.search(rf"(?<![\w.:@]){p}(?![\w?!:]|\s*\()", body_mask) or "#{" + p + "}" in body
            for p in params
        ):
            out.setdefault(name, _Helper(params, body, attributes))
    return out


def _bound(helper: _Helper, args: list[str]) -> str:
    """The helper's body with each parameter replaced by its argument's source."""
    body = helper.body
    values = dict(zip(helper.params, args, strict=False))
    for param, arg in values.items():
        found = _NAME.match(arg)
        if found is not None:
            value = found.group("qa") or found.group("atom") or found.group("str") or ""
            body = body.replace("#{" + param + "}", value.replace("\\", "\\\\").replace('"', '\\"'))
    mask = ecto_mask(body)
    pattern = re.compile(
        r"(?<![\w.:@])(?:"
        + "|".join(re.escape(p) for p in values)
        + r")(?![\w?!:]|\s*\()"  # a parameter, not a call of ``table/2``
    )
    out, last = [], 0
    for hit in pattern.finditer(mask):
        out += [body[last : hit.start()], values[hit.group()]]
        last = hit.end()
    return "".join([*out, body[last:]])


def _statements(helper: _Helper, args: list[str], family: str) -> list[str]:
    """The SQL the helper runs with ``args`` bound, read as Ecto runs it."""
    module = (
        "defmodule DbnamelintHelperCall do\n  use Ecto.Migration\n"
        f"{helper.attributes}  def change do\n{_bound(helper, args)}\n  end\nend\n"
    )
    shadow, _ = shadow_text("helper_call.exs", module, family)
    return [
        s.text for s in ddl_strings("helper_call.exs", shadow) if not s.holes and makes_ddl(s.text)
    ]


def _module_text(module: str, root: Path, read: Callable[[Path], str | None]) -> str | None:
    """The text of the project's file defining ``module``."""
    rel = _underscore(module) + ".ex"
    for base in [root / "lib", *sorted((root / "apps").glob("*/lib"))]:
        text = read(base / rel)
        if text is not None:
            return text
    path = _defined(root).get(module)
    return read(path) if path is not None else None


@lru_cache(maxsize=4)
def _defined(root: Path) -> dict[str, Path]:
    """Each module an ``.ex`` file under ``lib/`` or ``apps/`` that imports
    Ecto's macros defines -> that file."""
    out: dict[str, Path] = {}
    for top in ("lib", "apps"):
        for path in sorted((root / top).rglob("*.ex")):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if "Ecto.Migration" not in text:
                continue
            for found in _DEFMODULE.finditer(text):
                out.setdefault(found.group("module"), path)
    return out


def _args(text: str, mask: str, open_at: int) -> tuple[list[str], int] | None:
    """The arguments of the call whose ``(`` is at ``open_at`` (``mask``:
    ``text`` with strings and comments blanked) and the offset after its
    ``)``, when each is a literal; else None."""
    depth = 0
    starts = [open_at + 1]
    close = -1
    for at in range(open_at, len(mask)):
        c = mask[at]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                close = at
                break
        elif c == "," and depth == 1:
            starts.append(at + 1)
    if close < 0:
        return None
    ends = [at - 1 for at in starts[1:]] + [close]
    parts = [text[a:b].strip() for a, b in zip(starts, ends, strict=True)]
    if parts == [""]:
        parts = []
    if not all(p and _literal(p) for p in parts):
        return None
    return parts, close + 1


def _literal(source: str) -> bool:
    """Whether argument ``source`` is literal tokens alone."""
    at = 0
    while at < len(source):
        found = _TOKEN.match(source, at)
        if found is None or found.end() == at:
            return False
        at = found.end()
    return True


def _modules(text: str) -> tuple[list[str], dict[str, str]]:
    """The modules ``text`` imports, and each alias it names -> its module."""
    imported = [m.group("module") for m in _IMPORT.finditer(text)]
    aliases: dict[str, str] = {}
    for found in _ALIAS.finditer(text):
        module = found.group("module")
        aliases[found.group("as") or module.rsplit(".", 1)[-1]] = module
    return [m for m in imported if not m.startswith("Ecto.")], aliases


def _within(at: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in spans)


def ecto_helper_calls(
    text: str, root: Path, read: Callable[[Path], str | None], family: str = "postgres"
) -> list[DdlString]:
    """The statements each call in Ecto migration ``text``'s forward step of
    a helper (of the file, or of a module of the project under ``root`` it
    imports, aliases or names; ``read``: a file's text, None when absent)
    runs, its literal arguments bound, laid at the call (``family``: the
    adapter's SQL, ``postgres`` or ``mysql``)."""
    if "(" not in text:
        return []
    mask = ecto_mask(text)
    imported, aliases = _modules(mask)
    own = _helpers(text)
    local: dict[str, _Helper] = {}
    for module in imported:
        module_text = _module_text(module, root, read)
        if module_text is not None:
            for name, held in _helpers(module_text).items():
                local.setdefault(name, held)
    local.update(own)
    backward: list[tuple[int, int]] | None = None  # (found at the first helper call)
    out: list[DdlString] = []
    for call in _CALL.finditer(mask):
        module, name = call.group("module"), call.group("name")
        helper: _Helper | None
        if module is None:
            helper = local.get(name)
        elif module.split(".")[0] in ("Ecto", "Enum", "Kernel", "String", "Application"):
            continue  # Ecto's own and Elixir's modules: no helper of the project
        else:
            module_text = _module_text(aliases.get(module, module), root, read)
            helper = _helpers(module_text).get(name) if module_text is not None else None
        line_start = mask.rfind("\n", 0, call.start()) + 1
        if helper is None or re.search(r"\bdefp?\s+$", mask[line_start : call.start()]):
            continue
        if backward is None:
            backward = ecto_backward_spans(text)
        if _within(call.start(), backward):
            continue
        found = _args(text, mask, call.end() - 1)
        if found is None or len(found[0]) != len(helper.params):
            continue
        args, end = found
        statements = _statements(helper, args, family)
        if statements:
            out.append(laid_string(text, call.start(), "; ".join(statements), end, known=True))
    return out
