"""goose's rule for which files of a folder are migrations, and their versions.

goose (github.com/pressly/goose, ``migration.go`` ``NumericComponent`` and
``provider_collect.go`` ``collectFilesystemSources``) globs ``*.sql`` and
``*.go``, skips ``_test.go`` files, and takes as the version the text before
the first ``_`` parsed by ``strconv.ParseInt(before, 10, 64)``, which must be
at least 1. Nothing after that ``_`` is looked at: ``2020_add_real-path.go``
(a hyphen) and ``2020_defaults.go.go`` (``filepath.Ext`` is the last ``.go``)
are migrations goose runs.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile

#: What ``strconv.ParseInt(s, 10, 64)`` takes: an optional sign, then ASCII
#: digits only (base 10 allows no ``_``); Python's ``int`` takes more.
_PARSE_INT = lazy_compile(r"[+-]?[0-9]+")

_INT64_MAX = 2**63 - 1

#: goose's extensions (``filepath.Ext``, which is case-sensitive).
GOOSE_EXTENSIONS = (".sql", ".go")


def goose_version(name: str) -> int | None:
    """The version goose gives file ``name`` (a base name or a ``/`` path), or
    None when goose does not collect it as a migration: not ``.sql``/``.go``,
    a ``_test.go``, no ``_``, or no positive int64 before the first ``_``."""
    base = name.rpartition("/")[2]
    if not base.endswith(GOOSE_EXTENSIONS) or base.endswith("_test.go"):
        return None
    before, sep, _ = base.partition("_")
    if not sep or _PARSE_INT.fullmatch(before) is None:
        return None
    version = int(before)
    return version if 1 <= version <= _INT64_MAX else None


def is_goose_go_migration(name: str) -> bool:
    """Whether goose runs ``name`` as a Go migration (``00002_merge.go``,
    ``20201128100726_add_real-path_option.go``, ``x_columns.go.go``)."""
    return name.endswith(".go") and goose_version(name) is not None
