"""A message that sends the user to a section of the documentation names one
that is there (confirmation s39: after the README was split into docs/,
`DBN013` and `DBN023` messages still said "README: ..." of sections that had
moved). Every string literal of ``src/`` but docstrings is read with Python's
tokenizer, and each ``README: Section``, ``README "Section"`` or
``docs/file.md: Section`` it holds must name a heading or a bold label
(``**Section...``) of that file; another project's README ("its README",
"dbmate's README") is not ours.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

from docs_text import DOCS, README, ROOT

_WHERE = r"(?<!its )(?<!'s )(README|docs/[\w-]+\.md)"
_POINTER = re.compile(
    _WHERE
    + r"""(?::\s*|,?\s+)"?([A-Z][^";)\n]*?)"?\s*[;)]|"""
    + _WHERE
    + r""",?\s+"([A-Z][^"\n]*)\""""
)
_DOCSTRING = ('"""', "'''")


def _literals(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every string literal but docstrings, adjacent ones
    joined as Python joins them (an f-string's literal text is enough here;
    Python 3.12 tokenizes f-strings in parts, earlier ones whole)."""
    out: list[tuple[int, str]] = []
    run: list[str] = []
    start, inside = 0, 0
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        name = tokenize.tok_name[token.type]
        if name == "FSTRING_START":
            start = start if run else token.start[0]
            inside += 1
        elif name == "FSTRING_END":
            inside -= 1
        elif name == "FSTRING_MIDDLE":
            run.append(token.string)
        elif inside:
            continue  # a replacement field's code
        elif token.type == tokenize.STRING and not token.string.startswith(_DOCSTRING):
            start = start if run else token.start[0]
            try:
                run.append(str(ast.literal_eval(token.string)))
            except (ValueError, SyntaxError):
                run.append(token.string)
        elif token.type not in (tokenize.NL, tokenize.COMMENT):
            if run:
                out.append((start, "".join(run)))
            run = []
    return out


def _labels(path: Path) -> str:
    """Headings and bold labels of ``path``, lower-cased, one per line."""
    text = path.read_text(encoding="utf-8").replace("`", "")
    heads = re.findall(r"^#{1,6} (.+)$", text, re.M)
    bold = re.findall(r"\*\*([^*\n]+?)\*\*", text)
    return "\n".join(label.lower() for label in heads + bold)


def test_every_message_names_a_section_that_is_there() -> None:
    labels = {"README": _labels(README)}
    labels.update({f"docs/{p.name}": _labels(p) for p in DOCS.glob("*.md")})
    missing = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        for line, text in _literals(path):
            for match in _POINTER.finditer(text):
                where = match.group(1) or match.group(3)
                section = (match.group(2) or match.group(4)).replace("`", "").strip().lower()
                known = labels.get(where)
                if known is None or not re.search(rf"(^|\n){re.escape(section)}", known):
                    missing.append(f"{path.relative_to(ROOT)}:{line}: {where}: {section}")
    assert missing == []
