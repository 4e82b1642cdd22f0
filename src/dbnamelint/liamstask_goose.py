"""The old goose, ``bitbucket.org/liamstask/goose``: which trees run it, and
what of a SQL migration it runs.

liamstask's goose reads a migration otherwise than pressly's goose (v3),
whose rules the rest of dbnamelint follows. Its ``splitSQLStatements``
(``lib/goose/migration_sql.go`` lines 42-119; read in pressly/goose's
history at f3e80f67, the code pressly forked, its error still pointing at
``bitbucket.org/liamstask/goose``):

* a line is an annotation only when it starts, at column 0, with exactly
  ``-- +goose `` (``strings.HasPrefix(line, sqlCmdPrefix)``, line 61) and
  the rest, trimmed, is exactly ``Up``, ``Down``, ``StatementBegin`` or
  ``StatementEnd`` (``switch cmd``, lines 63-86). ``-- +goose down``, an
  indented ``-- +goose Down`` or ``--+goose Down`` is a comment: the
  statements after it run as part of the section before it.
* nothing before the first ``Up`` runs (``directionIsActive`` starts false);
* a statement ends at a line whose last word before a ``--`` word ends with
  ``;`` (``endsWithSemicolon``, lines 16-31), or at ``StatementEnd``; what is
  still buffered when the file ends never runs, without a word (the buffer
  is dropped after the loop, lines 104-118);
* a file with no ``Up`` and no ``Down`` annotation stops goose
  (``log.Fatalf``, lines 113-116: "no Up/Down annotations found, so no
  statements were executed").

:func:`read_as_liamstask` keeps, in place, exactly the text liamstask runs
going up; :func:`tree_goose` tells which goose runs a file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_module import requirements
from dbnamelint.go_scanning import blank, ends_with_semicolon, keep_only, scanned_lines
from dbnamelint.goose_names import goose_version
from dbnamelint.manifests import nearest_manifest
from dbnamelint.model import Diagnostic, Location, Severity

#: The module path of liamstask's goose (go.mod ``require``).
LIAMSTASK_MODULE = "bitbucket.org/liamstask/goose"
#: pressly's goose (any major version).
PRESSLY_MODULE = "github.com/pressly/goose"
#: :func:`tree_goose`'s answers.
LIAMSTASK = "liamstask"
PRESSLY = "pressly"

#: liamstask's ``sqlCmdPrefix``.
_PREFIX = "-- +goose "
#: The code of the warning on a statement liamstask never runs (no ``;``):
#: the splitter's own for unterminated input.
UNTERMINATED_CODE = "DBN001"
#: The code of the error on a file liamstask refuses (no annotation).
REFUSED_CODE = "DBN004"
#: The code of the warning on a file the two gooses read otherwise.
DIFFERS_CODE = "DBN000"

#: Any goose annotation, as pressly reads one (blanks before it, any case).
_ANY_GOOSE = lazy_compile(r"^[ \t]*--[ \t]*\+goose\b", re.IGNORECASE | re.MULTILINE)


def tree_goose(path: Path) -> str | None:
    """Which goose runs the migration file ``path`` (absolute): ``"liamstask"``
    or ``"pressly"``, None when the tree does not say (or ``path`` is no goose
    migration by its name, :func:`~dbnamelint.goose_names.goose_version`).

    The nearest ``go.mod`` requiring ``bitbucket.org/liamstask/goose`` or
    ``github.com/pressly/goose`` says it (both: pressly's, the one still
    maintained); else a ``dbconf.yml`` beside the migrations folder (liamstask's
    layout: ``DBConf`` reads ``<dir>/dbconf.yml`` and runs ``<dir>/migrations``)
    says liamstask's. Reads the files; each place looked at is a side input of
    the run cache.
    """
    if not path.name.endswith(".sql") or goose_version(path.name) is None:
        return None
    return folder_goose(path.parent)


def folder_goose(folder: Path) -> str | None:
    """:func:`tree_goose` for the migrations of ``folder`` (absolute)."""
    text = nearest_manifest(folder / "_", "go.mod")
    if text is not None:
        required = requirements(text)
        if any(m == PRESSLY_MODULE or m.startswith(PRESSLY_MODULE + "/") for m in required):
            return PRESSLY
        if LIAMSTASK_MODULE in required:
            return LIAMSTASK
    conf = folder.parent / "dbconf.yml"
    readlog.note_side(os.path.abspath(conf))  # noqa: PTH100 - the log keeps str paths
    return LIAMSTASK if conf.is_file() else None


def read_as_liamstask(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """``text`` (a migration of a liamstask tree) with everything liamstask's
    goose does not run going up blanked (spaces, line breaks kept), and its
    diagnostics: a ``DBN001`` warning where the statement it drops unrun
    starts, a ``DBN004`` error (and all of ``text`` blanked) when it has no
    ``Up``/``Down`` annotation."""
    kept: list[tuple[int, int]] = []  # spans of lines that reach the database
    buffered: list[tuple[int, int, str]] = []
    up = down = 0
    ended = ignore = active = False
    for start, end, line in scanned_lines(text):
        if line.startswith(_PREFIX):
            cmd = line[len(_PREFIX) :].strip()
            if cmd == "Up":
                active = True
                up += 1
            elif cmd == "Down":
                active = False
                down += 1
            elif cmd == "StatementBegin":
                ignore = ignore or active
            elif cmd == "StatementEnd" and active:
                ended, ignore = ignore, False
        if not active:
            continue
        buffered.append((start, end, line))
        if not ignore and (ended or ends_with_semicolon(line)):
            ended = False
            kept.extend((s, e) for s, e, _ in buffered)
            buffered = []
    if up == 0 and down == 0:
        return blank(text), [
            Diagnostic(
                Location(path, 1, 1),
                Severity.ERROR,
                "no '-- +goose Up' or '-- +goose Down' annotation as liamstask's goose "
                "(bitbucket.org/liamstask/goose, which this tree runs) takes one: at column "
                "0, spelled exactly so; it stops there ('no Up/Down annotations found, so no "
                "statements were executed') and runs no statement of this file or any later "
                "one; nothing of it is read",
                REFUSED_CODE,
            )
        ]
    notes: list[Diagnostic] = []
    left = [(s, e, line) for s, e, line in buffered if line.strip() and not _is_comment(line)]
    if left:
        number = text.count("\n", 0, left[0][0]) + 1
        notes.append(
            Diagnostic(
                Location(path, number, 1),
                Severity.WARNING,
                "statement without a ';' ending its last line: liamstask's goose never runs it "
                "(it drops what is left unended when the file ends), so it is not read; end it "
                "with ';'",
                UNTERMINATED_CODE,
            )
        )
    return keep_only(text, kept), notes


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("--")


def goose_readings_differ(text: str, path: str, pressly_text: str) -> Diagnostic | None:
    """A ``DBN000`` warning when liamstask's goose would run other lines of
    ``text`` than pressly's reading of it (``pressly_text``, Down sections
    blanked) and the tree does not say which goose runs it; None when both run
    the same statements or ``text`` has no goose annotation. Located at the
    first line one runs and the other does not."""
    if _ANY_GOOSE.search(text) is None:
        return None
    liam, _ = read_as_liamstask(text, path)
    for number, (a, b) in enumerate(
        zip(liam.split("\n"), pressly_text.split("\n"), strict=False), start=1
    ):
        a_runs = bool(a.strip()) and not _is_comment(a)
        b_runs = bool(b.strip()) and not _is_comment(b)
        if a_runs != b_runs:
            return Diagnostic(
                Location(path, number, 1),
                Severity.WARNING,
                "liamstask's goose (bitbucket.org/liamstask/goose) and pressly's read this file "
                f"otherwise: {_which(a_runs)} (liamstask takes an annotation "
                "only at column 0 spelled exactly '-- +goose Up'/'-- +goose Down', and drops a "
                "last statement without ';'); the tree does not say which goose runs it (no "
                "go.mod requiring either, no dbconf.yml beside the migrations folder), so it is "
                "read as pressly's",
                DIFFERS_CODE,
            )
    return None


def _which(liamstask_runs: bool) -> str:
    if liamstask_runs:
        return "liamstask's goose runs this line, pressly's does not"
    return "dbnamelint reads this line as pressly's goose does; liamstask's never runs it"
