"""Whether a file belongs to a Go module that requires a given module (its ``go.mod``),
and whether that module runs its migrations with pop."""

from __future__ import annotations

import os
import re
from pathlib import Path

from dbnamelint.core import readlog
from dbnamelint.manifests import nearest_manifest

#: golang-migrate's module path (any major version: ``/v4`` follows it).
GOLANG_MIGRATE = "github.com/golang-migrate/migrate"
#: The MySQL driver of ``database/sql`` most Go projects use.
GO_SQL_DRIVER_MYSQL = "github.com/go-sql-driver/mysql"
#: pop (``soda``), and Ory's fork of it, which Ory's popx (``github.com/ory/x/popx``) runs on.
POP_MODULES = ("github.com/gobuffalo/pop", "github.com/ory/pop")
#: Ory's utility module, home of popx.
ORY_X = "github.com/ory/x"


def go_module_requires(anchor: Path, module: str) -> bool | None:
    """Whether the Go module holding ``anchor`` requires ``module``
    (``github.com/golang-migrate/migrate``, any major version); None when no
    ``go.mod`` is in ``anchor``'s folders, upwards, or it cannot be read.

    A file outside every Go module (harbor's ``make/migrations/postgresql``,
    its ``go.mod`` in ``src/``: trial s33) is the repository's Go code's when
    a ``go.mod`` elsewhere in the repository requires ``module``
    (:func:`repository_requires`): True then, else None.

    Go's module reference: a ``require`` line (or block entry) names the
    module path, ``/v4`` and later versions as a suffix; a plain substring
    test of the path followed by ``/`` or a space covers both.
    """
    text = nearest_manifest(anchor, "go.mod")
    if text is None:
        return True if repository_requires(anchor, module) else None
    return _names(text, module)


def _names(text: str, module: str) -> bool:
    return any(f"{module}{end}" in text for end in ("/", " ", "\t", "\n"))


#: How deep below the repository's root a ``go.mod`` is looked for (``src/go.mod``,
#: ``services/api/go.mod``); folders no module lives in are not entered.
_MODULE_DEPTH = 3
_NOT_MODULES = frozenset({"node_modules", "vendor", "testdata", "third_party"})


def repository_requires(anchor: Path, module: str) -> bool:
    """Whether a ``go.mod`` of the git repository holding ``anchor`` (its top
    :data:`_MODULE_DEPTH` folders, hidden ones, ``vendor`` and ``node_modules``
    aside) requires ``module``; False outside a repository."""
    root = next((p for p in anchor.parents if (p / ".git").exists()), None)
    if root is None:
        return False
    return any(_names(text, module) for text in _repository_modules(str(root)))


#: Per repository root: the ``(path, stamp)`` of every folder listed and
#: ``go.mod`` read, and the texts read; reused while none of them changed.
_MODULES: dict[str, tuple[tuple[tuple[str, tuple[int, ...]], ...], tuple[str, ...]]] = {}


def _mtime(path: str) -> tuple[int, ...]:
    """``path``'s modification and change times and size (empty: not there)."""
    try:
        st = os.stat(path)  # noqa: PTH116 - str paths
    except OSError:
        return ()
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size)


def _repository_modules(root: str) -> tuple[str, ...]:
    """The texts of the ``go.mod`` files below ``root`` (see :func:`repository_requires`)."""
    known = _MODULES.get(root)
    if known is not None and all(_mtime(path) == stamp for path, stamp in known[0]):
        for path, _stamp in known[0]:
            readlog.note_side(path)
        return known[1]
    found: list[str] = []
    stamps: list[tuple[str, tuple[int, ...]]] = []
    level = [root]
    for _ in range(_MODULE_DEPTH + 1):
        below: list[str] = []
        for folder in level:
            readlog.note_side(folder)  # a go.mod added there changes the answer
            stamps.append((folder, _mtime(folder)))
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name == "go.mod" and entry.is_file():
                    readlog.note_side(entry.path)
                    stamps.append((entry.path, _mtime(entry.path)))
                    try:
                        with open(entry.path, encoding="utf-8", errors="replace") as handle:  # noqa: PTH123
                            found.append(handle.read())
                    except OSError:
                        continue
                elif (
                    entry.is_dir(follow_symlinks=False)
                    and not entry.name.startswith(".")
                    and entry.name not in _NOT_MODULES
                ):
                    below.append(entry.path)
        level = sorted(below)
    _MODULES[root] = (tuple(stamps), tuple(found))
    return tuple(found)


def requirements(text: str) -> dict[str, bool]:
    """Module path -> whether it is a direct requirement, for each module the
    ``require`` lines and blocks of the ``go.mod`` ``text`` name (Go's module
    reference: an ``// indirect`` comment marks a module no package of the
    main module imports; ``replace`` and ``exclude`` lines require nothing)."""
    out: dict[str, bool] = {}
    block = False
    for raw in text.splitlines():
        line, _, comment = raw.partition("//")
        words = line.split()
        if block:
            if words[:1] == [")"]:
                block = False
                continue
            entry = words
        elif words[:1] == ["require"]:
            if words[1:2] == ["("]:
                block = True
                continue
            entry = words[1:]
        else:
            continue
        if len(entry) >= 2:
            out[entry[0].strip('"`')] = not comment.strip().startswith("indirect")
    return out


def _is(path: str, module: str) -> bool:
    """Whether ``path`` is ``module`` at any major version (``/v6`` after it)."""
    return path == module or re.fullmatch(re.escape(module) + r"/v\d+", path) is not None


def runs_pop(anchor: Path) -> bool:
    """Whether the Go module holding ``anchor`` runs its migrations with pop.

    Its ``go.mod`` requires pop (``github.com/gobuffalo/pop``, or Ory's fork
    ``github.com/ory/pop``, any major version) directly, or indirectly beside
    a direct ``github.com/ory/x`` (popx, which kratos, hydra and keto run
    their migrations with, brings pop in; ory/x alone is a utility library
    many modules use without pop), and does not require golang-migrate (a
    module with both may use pop as its ORM only: the files' names are
    golang-migrate's too, and that tool is the one named). False without a
    readable ``go.mod``.
    """
    text = nearest_manifest(anchor, "go.mod")
    if text is None:
        return False
    required = requirements(text)
    if any(_is(path, GOLANG_MIGRATE) for path in required):
        return False
    pop = [direct for path, direct in required.items() if any(_is(path, m) for m in POP_MODULES)]
    popx = any(direct for path, direct in required.items() if _is(path, ORY_X))
    return any(pop) or (bool(pop) and popx)
