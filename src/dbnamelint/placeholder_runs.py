"""Names holding a placeholder's run, spelled with the placeholder as the files write it.

The reader leaves ``{{.prefix}}`` as ``___________`` (a run of as many
underscores, :func:`~dbnamelint.migration_text.prepare_text`), and names made
from such a name hold the run too: PostgreSQL names the key of
``{{.prefix}}sharing`` ``<prefix>sharing_pkey``, which the model holds as
``___________sharing_pkey``. Written into a script quoted, that name exists in
no database (trial s24 focalboard: ``RENAME CONSTRAINT "___________sharing_pkey"``);
written as ``{{.prefix}}sharing_pkey`` it is what the tool renders. The
runs' texts come from migrate's ``Plan.written``: each (masked, written)
pair shows what a run of its length stands for; or from a file's text
(:func:`file_run_texts`), for a whitelist entry written as the files write
the table (``{{.prefix}}boards.archivedBy``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dbnamelint.core.lazyre import lazy_compile

#: What a placeholder leaves in a name (``migration_text._RUN``), whole.
_RUN = lazy_compile(r"_{4,}")
#: A name that needs no quotes when its runs are underscores: a plain word.
_PLAIN = lazy_compile(r"[a-z_][a-z0-9_]*")


def run_texts(pairs: Iterable[tuple[str, str]]) -> dict[int, str]:
    """Length of a run -> the placeholder text it stands for, from (masked,
    written) pairs; a length two texts share is left out (which one a name
    holds cannot be told)."""
    found: dict[int, set[str]] = {}
    for masked, written in pairs:
        if len(masked) != len(written):
            continue
        for match in _RUN.finditer(masked):
            text = written[match.start() : match.end()]
            if text != match.group():
                found.setdefault(len(text), set()).add(text)
    return {size: next(iter(texts)) for size, texts in found.items() if len(texts) == 1}


def spelled(name: str, runs: dict[int, str]) -> str | None:
    """``name`` with each run whose length ``runs`` knows written as its
    placeholder (``___________sharing_pkey`` -> ``{{.prefix}}sharing_pkey``);
    None when it holds none."""
    if not runs or "____" not in name:
        return None
    changed = False

    def one(match: re.Match[str]) -> str:
        nonlocal changed
        run = match.group()
        text = runs.get(len(run))
        if text is None:
            return run
        changed = True
        return text

    out = _RUN.sub(one, name)
    return out if changed else None


def is_plain(name: str) -> bool:
    """Whether ``name`` (its runs still underscores) reads the same unquoted
    in every dialect: lower-case letters, digits and underscores. Such a name
    is written with its placeholder unquoted, as the files write the table's,
    so the database folds the rendered text as it folded theirs."""
    return _PLAIN.fullmatch(name) is not None


def file_run_texts(text: str, path: str, dialect: str | None) -> dict[int, str]:
    """Length of a run -> the placeholder text it stands for in the file
    ``text`` (as :func:`run_texts`), from what the reader makes of it
    (:func:`~dbnamelint.migration_text.prepare_text`, which keeps every position)."""
    from dbnamelint.migration_text import prepare_text

    prepared, _notes = prepare_text(text, path, dialect)
    if len(prepared) != len(text):
        return {}
    return run_texts([(prepared, text)])
