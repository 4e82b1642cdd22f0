"""A column's bare name as plain text in a file that never names its table.

A column named with a common English word (paperless-ngx's
``documents_workflowactionemail.to``, ``documents_workflowaction.order``)
is that word in every sentence, translation catalogue and HTTP recording
of the tree: 14,845 plain-text places in 543 files for ``to`` (trial s38),
which swamped every count and the burn-down. A column named with one word
of prose (no ``_``, digit or inner capital: ``full_name`` in a document is
the column's mention) is, in prose and data files (no program around the
word), evidence of the column only where its table is in sight: a file
that names none of the column's tables (as a word, in any case) gives the
bare word no owner, so its plain-text places are not references. They are
counted in a note per column instead, so nothing goes unsaid. So are a
program's comments and docstrings, English too; its other plain places
stay (an ORM's mapping or model may own the word, unlabelled), and
high-confidence places are kept whatever the file names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dbnamelint.impact.classify import PLAIN
from dbnamelint.impact.languages import JS_SUFFIXES, family
from dbnamelint.impact.scan import Reference


def _bare(table: str) -> str:
    """A table's name without its schema, case-folded."""
    return table.rpartition(".")[2].strip('"`[]').casefold()


def _not_code(path: str) -> bool:
    """Prose (Markdown, reStructuredText, plain text, HTML) or a file of no
    language the search knows (data: JSON, YAML, translation catalogues, HTTP
    recordings, a LICENSE), where a bare word has no program around it."""
    kind = family(path)
    return kind == "prose" or (kind is None and not path.lower().endswith(JS_SUFFIXES))


#: The search's own contexts of English in a program: a comment, a docstring,
#: a documentation line (:func:`~dbnamelint.impact.classify.classify`).
_ENGLISH = frozenset({"comment", "docstring", "prose"})


def _one_word(name: str) -> bool:
    """Whether ``name`` is spelled as one word of prose (``to``, ``Order``,
    ``STATUS``): no ``_``, digit or inner capital, which only an identifier
    has (``full_name``, ``createdAt``: a documentation's mention of the column)."""
    return name.isalpha() and (name.islower() or name.isupper() or name[1:].islower())


def _candidate(ref: Reference) -> bool:
    """A one-word column's plain place in prose, data or a program's English."""
    target = ref.target
    if ref.confidence != PLAIN or target.kind != "column" or not target.tables:
        return False
    if not _one_word(ref.name):
        return False
    return _not_code(ref.path) or ref.context in _ENGLISH


def _names(text: str, table: str) -> bool:
    """Whether ``text`` names ``table`` (its bare name) as a word, in any case."""
    word = _bare(table)
    if not word or word not in text.casefold():
        return False
    pattern = r"(?<![\w$])" + re.escape(word) + r"(?![\w$])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def split_loose(
    references: list[Reference], text_of: Callable[[str], str | None]
) -> tuple[list[Reference], list[Reference]]:
    """(references kept, one-word columns' plain places in prose, data or a
    program's English, of files naming none of the column's tables);
    ``text_of``: a path's text (None: unread, its places kept). Files are
    read only for such places, once each."""
    texts: dict[str, str | None] = {}
    named: dict[tuple[str, str], bool] = {}
    kept: list[Reference] = []
    loose: list[Reference] = []
    for ref in references:
        if not _candidate(ref):
            kept.append(ref)
            continue
        if ref.path not in texts:
            texts[ref.path] = text_of(ref.path)
        text = texts[ref.path]
        if text is None:
            kept.append(ref)
            continue
        seen = False
        for table in ref.target.tables:
            key = (ref.path, table)
            if key not in named:
                named[key] = _names(text, table)
            seen = seen or named[key]
        (kept if seen else loose).append(ref)
    return kept, loose


def loose_notes(loose: list[Reference]) -> list[str]:
    """A note per column: how many plain-text places were not counted, and where most are."""
    by_target: dict[str, list[Reference]] = {}
    for ref in loose:
        by_target.setdefault(ref.target.name, []).append(ref)
    notes: list[str] = []
    for name, refs in sorted(by_target.items()):
        files: dict[str, int] = {}
        for ref in refs:
            files[ref.path] = files.get(ref.path, 0) + 1
        words = ", ".join(sorted({f"`{r.name}`" for r in refs}))
        tables = ", ".join(refs[0].target.tables)
        most = sorted(files.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        shown = ", ".join(f"{p} ({n})" for p, n in most)
        more = f" and {len(files) - 3} more" if len(files) > 3 else ""
        places = "place" if len(refs) == 1 else "places"
        noun = "file" if len(files) == 1 else "files"
        notes.append(
            f"column {name}: {len(refs)} plain-text {places} of the bare word {words} in "
            f"{len(files)} {noun} that never name {tables} (prose, data, comments) not counted: "
            f"{shown}{more}"
        )
    return notes
