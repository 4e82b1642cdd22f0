"""Where the project keeps its migrations, and how its tool names a new one.

The layout is read from the file that defines the first renamed table (so a
tree with one folder per module gets the migration in the right module):

- flyway (``V<n>__x.sql``): ``V<n+1>__slug.sql`` + undo ``U<n+1>__slug.sql``;
- golang-migrate (``*.up.sql``): ``<next>_slug.up.sql`` + ``.down.sql``;
- diesel (``<ts>_x/up.sql``): ``<YYYY-MM-DD-HHMMSS>_slug/up.sql`` + ``down.sql``;
- prisma (``<ts>_x/migration.sql``): ``<ts>_slug/migration.sql`` + ``down.sql``
  (Prisma's down-migration recipe);
- goose (``-- +goose Up``), dbmate (``-- migrate:up``): one file with both sections;
- liquibase (``--liquibase formatted sql``): ``--changeset`` + ``--rollback`` lines;
- timestamped (Supabase ``supabase/migrations``, sqlx ``<14 digits>_x.sql``):
  ``<ts>_slug.sql`` + ``../rollbacks/<ts>_slug.sql`` (not applied by the tool);
- numbered (``001-x.sql``, ``001_x.sql``): the next number, same width and
  separator, + ``<same>.down.sql``.

Files are written atomically (temporary file + rename in the same folder)
and never overwrite an existing file.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path


class Layout(str, Enum):
    """Migration tools whose file naming we follow."""

    FLYWAY = "flyway"
    GOLANG_MIGRATE = "golang-migrate"
    DIESEL = "diesel"
    PRISMA = "prisma"
    GOOSE = "goose"
    DBMATE = "dbmate"
    LIQUIBASE = "liquibase"
    TIMESTAMPED = "timestamped"
    NUMBERED = "numbered"

    @property
    def own_transaction(self) -> bool:
        """Whether the tool runs each migration in a transaction of its own.

        Flyway, Liquibase, goose, dbmate and Diesel do (their manuals); a
        BEGIN/COMMIT in the script would end the tool's transaction early.
        """
        return self in _OWN_TRANSACTION


_OWN_TRANSACTION = frozenset(
    {Layout.FLYWAY, Layout.LIQUIBASE, Layout.GOOSE, Layout.DBMATE, Layout.DIESEL}
)


class LayoutError(Exception):
    """The layout cannot be told, or a file to write already exists."""


@dataclass(frozen=True, slots=True)
class NewFile:
    """One file to write: where, and its whole text."""

    path: Path
    text: str
    role: str  # "forward", "rollback", "forward+rollback", "cleanup"


_FLYWAY = re.compile(r"^V(\d+)(?:[._]\d+)*__.+\.sql$", re.IGNORECASE)
_TS14 = re.compile(r"^(\d{14})_")
_NUMBER = re.compile(r"^(\d+)([-_])")
_DIESEL_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}-\d{6}_")


def _head(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(2000)
    except OSError:
        return ""


def detect(anchor: Path) -> Layout:
    """The layout of the migration file ``anchor`` (an existing file of the tree).

    Raises :class:`LayoutError` when the name follows no known tool.
    """
    name = anchor.name
    head = _head(anchor).lower()
    if _FLYWAY.match(name):
        return Layout.FLYWAY
    if name == "migration.sql":
        return Layout.PRISMA
    if name == "up.sql":
        return Layout.DIESEL
    if name.endswith(".up.sql"):
        return Layout.GOLANG_MIGRATE
    if "-- +goose up" in head:
        return Layout.GOOSE
    if "-- migrate:up" in head:
        return Layout.DBMATE
    if "--liquibase formatted sql" in head.replace("-- liquibase", "--liquibase"):
        return Layout.LIQUIBASE
    if _TS14.match(name) or "supabase/migrations" in anchor.as_posix():
        return Layout.TIMESTAMPED
    if _NUMBER.match(name):
        return Layout.NUMBERED
    raise LayoutError(
        f"{anchor}: cannot tell which migration tool names this file; "
        "pass --layout (flyway, golang-migrate, diesel, prisma, goose, dbmate, liquibase, "
        "timestamped, numbered)"
    )


def slugify(text: str) -> str:
    """``Phase 3: Workspace tables`` -> ``phase_3_workspace_tables`` (file-name safe)."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug[:60].rstrip("_") or "rename"


def _next_number(folder: Path, pattern: re.Pattern[str]) -> tuple[int, int]:
    """(next number, width) from the names in ``folder`` that ``pattern`` numbers."""
    numbers = []
    width = 3
    for entry in folder.iterdir() if folder.is_dir() else ():
        found = pattern.match(entry.name)
        if found:
            numbers.append(int(found.group(1)))
            width = len(found.group(1))
    return (max(numbers) + 1 if numbers else 1), width


def _ts(now: datetime, dashed: bool = False) -> str:
    return now.strftime("%Y-%m-%d-%H%M%S" if dashed else "%Y%m%d%H%M%S")


def _later_ts(folder: Path, now: datetime, pattern: re.Pattern[str]) -> str:
    """A timestamp after every existing one (a clock behind the tree still sorts last)."""
    stamp = _ts(now)
    existing = [m.group(1) for e in folder.iterdir() if (m := pattern.match(e.name))]
    if existing and max(existing) >= stamp:
        stamp = str(int(max(existing)) + 1)
    return stamp


def plan_files(
    layout: Layout,
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool = False,
) -> list[NewFile]:
    """The files that hold ``forward``/``rollback`` in ``layout``, beside ``anchor``.

    ``cleanup``: ``forward`` is a cleanup script with no rollback (it
    drops views); only the forward file is written.
    """
    files = _files(layout, anchor, slug, forward, rollback, now=now, cleanup=cleanup)
    if cleanup:
        files = [
            NewFile(f.path, f.text, "cleanup" if f.role == "forward" else f.role) for f in files
        ]
    return files


def _files(
    layout: Layout,
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool,
) -> list[NewFile]:
    folder = anchor.parent
    if layout is Layout.FLYWAY:
        number, _ = _next_number(folder, re.compile(r"^V(\d+)", re.IGNORECASE))
        files = [NewFile(folder / f"V{number}__{slug}.sql", forward, "forward")]
        if not cleanup:
            files.append(NewFile(folder / f"U{number}__{slug}.sql", rollback, "rollback"))
        return files
    if layout is Layout.GOLANG_MIGRATE:
        prefix = _prefix(folder, now)
        files = [NewFile(folder / f"{prefix}_{slug}.up.sql", forward, "forward")]
        files.append(
            NewFile(
                folder / f"{prefix}_{slug}.down.sql",
                rollback
                if not cleanup
                else "-- the dropped compatibility views are not re-created\n",
                "rollback",
            )
        )
        return files
    if layout in (Layout.DIESEL, Layout.PRISMA):
        root = folder.parent
        if layout is Layout.DIESEL:
            target = root / f"{_ts(now, dashed=True)}_{slug}"
            first = "up.sql"
        else:
            target = root / f"{_later_ts(root, now, _TS14)}_{slug}"
            first = "migration.sql"
        files = [NewFile(target / first, forward, "forward")]
        if not cleanup or layout is Layout.DIESEL:
            files.append(
                NewFile(
                    target / "down.sql",
                    rollback
                    if not cleanup
                    else "-- the dropped compatibility views are not re-created\n",
                    "rollback",
                )
            )
        return files
    if layout is Layout.GOOSE:
        text = f"-- +goose Up\n-- +goose StatementBegin\n{forward}-- +goose StatementEnd\n"
        text += f"\n-- +goose Down\n-- +goose StatementBegin\n{rollback if not cleanup else ''}"
        text += "-- +goose StatementEnd\n"
        return [NewFile(folder / f"{_prefix(folder, now)}_{slug}.sql", text, "forward+rollback")]
    if layout is Layout.DBMATE:
        text = f"-- migrate:up\n{forward}\n-- migrate:down\n{rollback if not cleanup else ''}"
        return [
            NewFile(
                folder / f"{_later_ts(folder, now, _TS14)}_{slug}.sql", text, "forward+rollback"
            )
        ]
    if layout is Layout.LIQUIBASE:
        rollback_lines = (
            [
                f"--rollback {line}"
                for line in rollback.splitlines()
                if line.strip() and not line.startswith("--")
            ]
            if not cleanup
            else ["--rollback empty"]
        )
        text = (
            f"--liquibase formatted sql\n\n--changeset dbnamelint:{slug}\n{forward}"
            + "\n".join(rollback_lines)
            + "\n"
        )
        return [NewFile(folder / f"{_prefix(folder, now)}_{slug}.sql", text, "forward+rollback")]
    if layout is Layout.TIMESTAMPED:
        stamp = _later_ts(folder, now, re.compile(r"^(\d{8,14})_"))
        files = [NewFile(folder / f"{stamp}_{slug}.sql", forward, "forward")]
        if not cleanup:
            files.append(
                NewFile(folder.parent / "rollbacks" / f"{stamp}_{slug}.sql", rollback, "rollback")
            )
        return files
    number, width = _next_number(folder, _NUMBER)
    sep = next((m.group(2) for e in sorted(folder.iterdir()) if (m := _NUMBER.match(e.name))), "-")
    stem = f"{number:0{width}d}{sep}{slug.replace('_', sep)}"
    files = [NewFile(folder / f"{stem}.sql", forward, "forward")]
    if not cleanup:
        files.append(NewFile(folder / f"{stem}.down.sql", rollback, "rollback"))
    return files


def _prefix(folder: Path, now: datetime) -> str:
    """golang-migrate/goose version: a timestamp if the folder uses them, else the next number."""
    names = [e.name for e in folder.iterdir()] if folder.is_dir() else []
    if any(_TS14.match(n) for n in names):
        return _later_ts(folder, now, _TS14)
    number, width = _next_number(folder, _NUMBER)
    return f"{number:0{width}d}"


def write_files(files: Sequence[NewFile], *, overwrite: bool = False) -> None:
    """Write every file atomically; unless ``overwrite``, refuse (before writing
    any) if one exists. Raises :class:`LayoutError`; ``OSError`` passes through."""
    paths = [new.path.resolve() for new in files]
    if len(set(paths)) != len(paths):
        raise LayoutError("two migrations would be written to the same file; pass --name")
    for new in files:
        if new.path.exists() and not overwrite:
            raise LayoutError(f"{new.path} already exists; not overwritten")
    for new in files:
        new.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=new.path.parent, prefix=".dbnamelint-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(new.text)
            Path(temp).replace(new.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
