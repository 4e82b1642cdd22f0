"""Whether a file belongs to a Go module that requires a given module (its ``go.mod``)."""

from __future__ import annotations

from pathlib import Path

from dbnamelint.manifests import nearest_manifest

#: golang-migrate's module path (any major version: ``/v4`` follows it).
GOLANG_MIGRATE = "github.com/golang-migrate/migrate"
#: The MySQL driver of ``database/sql`` most Go projects use.
GO_SQL_DRIVER_MYSQL = "github.com/go-sql-driver/mysql"


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
