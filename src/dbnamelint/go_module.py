"""Whether a file belongs to a Go module that requires a given module (its ``go.mod``),
and whether that module runs its migrations with pop."""

from __future__ import annotations

import re
from pathlib import Path

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

    Go's module reference: a ``require`` line (or block entry) names the
    module path, ``/v4`` and later versions as a suffix; a plain substring
    test of the path followed by ``/`` or a space covers both.
    """
    text = nearest_manifest(anchor, "go.mod")
    if text is None:
        return None
    return any(f"{module}{end}" in text for end in ("/", " ", "\t", "\n"))


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
