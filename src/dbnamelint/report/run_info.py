"""``--verbose``: what a run used, printed to standard error before the report.

A user whose run finds nothing (or too much) first needs to know which
config was found, which packs it pulled in, which paths were read and as
which dialects; ruff and sqlfluff answer that under ``-v`` too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from dbnamelint.model import SourceFile

#: ``-v``'s packs line without ``extends``: the defaults are the set the
#: ``recommended`` pack selects (rules/recommended.yaml: "The same set runs
#: without any config"), as the README says; trial s32 unleash read "none"
#: as no rules of the README's ``recommended``.
NO_PACKS = (
    "none named (each rule on or off by its default: the set the `recommended` pack turns on)"
)


def describe_run(
    *,
    config: str | None,
    layers: Sequence[str],
    paths: Sequence[str],
    files: Sequence[SourceFile] | None,
    rules: Sequence[str],
    whitelist: str | None,
) -> str:
    """Lines starting ``dbnamelint: `` naming config, packs, paths, dialects and rules.

    ``layers`` are config layers in the order applied (``<pack NAME>`` or a
    path); ``files`` the files read, whose dialect counts are reported.
    """
    packs = [
        layer.removeprefix("<pack ").removesuffix(">")
        for layer in layers
        if layer.startswith("<pack ")
    ]
    dialects = Counter(f.dialect for f in files or ())
    shown_dialects = ", ".join(
        f"{name} ({n} files)" if n != 1 else f"{name} (1 file)"
        for name, n in sorted(dialects.items())
    )
    lines = [
        f"config: {config or 'none found (built-in defaults)'}",
        f"packs: {', '.join(packs) or NO_PACKS}",
        f"paths: {', '.join(paths) or '.'}",
        f"files read: {len(files) if files is not None else 'see the report'}",
        f"dialects: {shown_dialects or ('none (no files)' if files is not None else 'per file')}",
        f"rules: {len(rules)} active ({', '.join(rules)})",
        f"whitelist: {whitelist or 'not used'}",
    ]
    return "".join(f"dbnamelint: {line}\n" for line in lines)
