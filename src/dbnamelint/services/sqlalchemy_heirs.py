"""The tables other modules' SQLAlchemy models give a mixin's columns.

redash keeps ``TimestampMixin`` in ``redash/models/mixins.py`` and
``GFKBase`` in ``redash/models/base.py``; the models inheriting them live in
``redash/models/__init__.py`` and ``users.py``. ``create_all`` gives each of
those tables the mixin's columns, but a file is read alone
(:func:`dbnamelint.sqlalchemy_models.shadow_text`), so a column added to
the mixin (``deletedAt = Column(...)``) passed the gate (trial s41 redash).
:func:`mixin_heirs` finds the modules naming the file's mixins (one
``git grep`` over the change's Python files: the index for a pre-commit run,
else the working tree) and reads their models' tables.
"""

from __future__ import annotations

from pathlib import Path

from dbnamelint.fixture_paths import is_test_file
from dbnamelint.gitutil import GitError, now_bytes, run_git
from dbnamelint.services.code_text import code_text
from dbnamelint.sqlalchemy_models import heir_tables, mixins

__all__ = ["mixin_heirs"]


def mixin_heirs(repo: Path, rel: str, text: str, staged: bool) -> dict[str, list[str]]:
    """Mixin class name -> the tables of the models in the repository's
    other Python files (tests aside) that inherit it, for the mixins of
    Python file ``text`` at ``rel`` (:func:`~dbnamelint.sqlalchemy_models.mixins`);
    the change's files as ``staged`` says (the index, else the working tree
    and its untracked files). {} when the file has no such mixin or git
    cannot search (a mixin's columns are then not judged, as before)."""
    names = mixins(text)
    if not names:
        return {}
    where = ("--cached",) if staged else ("--untracked",)
    patterns = [a for name in names for a in ("-e", name)]
    try:
        out = run_git(
            repo, "grep", "-l", "-I", "-w", "-F", *where, *patterns, "--", "*.py", index=staged
        )
    except GitError:  # git grep exits 1 when nothing matches
        return {}
    found: dict[str, list[str]] = {}
    for other in sorted(out.decode("utf-8", "surrogateescape").splitlines()):
        if other == rel or is_test_file(other):
            continue
        data = now_bytes(repo, other, staged)
        if data is None:
            continue
        for name, tables in heir_tables(code_text(data), names).items():
            found.setdefault(name, []).extend(tables)
    return {name: list(dict.fromkeys(tables)) for name, tables in found.items()}
