"""``impact --diff``: a unified diff renaming high-confidence references.

Only the bare name is replaced (quotes, schema and table qualifiers stay as
written), only for references judged high confidence and whose target has
a new name, and nothing is written: the user reviews the patch and applies
it with ``git apply``. Files are read again as bytes so line endings and a
missing final newline survive exactly.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.scan import Reference

_NO_NEWLINE = "\\ No newline at end of file\n"


def rewritable(references: Iterable[Reference]) -> list[Reference]:
    """References a patch rewrites: high confidence, with a known target name."""
    return [r for r in references if r.confidence == HIGH and r.target.target]


def _rewrite_line(line: str, refs: list[Reference]) -> str:
    # Right to left, so earlier columns stay valid.
    for ref in sorted(refs, key=lambda r: r.column, reverse=True):
        start, end = ref.column - 1, ref.end_column - 1
        if line[start:end] != ref.name:
            continue  # the file changed since the search: leave it alone
        new = ref.target.target or ref.name
        if ref.name.isupper() and not ref.target.exact:
            new = new.upper()  # MESSAGES -> COMMS_MESSAGES keeps the file's style
        line = line[:start] + new + line[end:]
    return line


def _diff_lines(path: str, old: list[str], new: list[str]) -> list[str]:
    out: list[str] = []
    for line in difflib.unified_diff(old, new, f"a/{path}", f"b/{path}", n=3):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out += [line + "\n", _NO_NEWLINE]
    return out


def make_diff(cwd: Path, references: Iterable[Reference]) -> tuple[str, list[str]]:
    """(the patch text, notes on files left out), paths relative to ``cwd``.

    Apply it from ``cwd`` with ``git apply`` (or ``patch -p1``). A file that
    is not UTF-8 is left out with a note rather than rewritten blindly.
    """
    per_file: dict[str, dict[int, list[Reference]]] = {}
    for ref in rewritable(references):
        per_file.setdefault(ref.path, {}).setdefault(ref.line, []).append(ref)
    chunks: list[str] = []
    notes: list[str] = []
    for path in sorted(per_file):
        try:
            text = (cwd / path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            notes.append(f"{path}: not rewritten (cannot be read as UTF-8 text)")
            continue
        old = text.splitlines(keepends=True)
        new = list(old)
        for number, refs in per_file[path].items():
            raw = old[number - 1]
            body = raw.rstrip("\r\n")
            new[number - 1] = _rewrite_line(body, refs) + raw[len(body) :]
        if new != old:
            chunks += _diff_lines(path, old, new)
    return "".join(chunks), notes
