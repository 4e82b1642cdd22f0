"""The SQL files a Go migration list's steps name: file steps.

shiori keeps its migrations as a Go list whose steps are either SQL files
or Go functions, run in the list's order (``internal/database/pg.go``)::

    var postgresMigrations = []migration{
        newFileMigration("0.0.0", "0.1.0", "postgres/0000_system"),
        newFuncMigration("0.1.0", "0.2.0", func(db *sql.DB) error {...}),
    }

``newFileMigration`` reads ``path.Join("migrations", name+".up.sql")``. A
step's string literal that names an existing SQL file is a file step,
whatever the constructor (or struct field) is called: relative to the Go
file's folder, to one of its subfolders (shiori's embedded
``migrations/``) or to the project root, as written or with ``.sql`` or
``.up.sql`` added, and ending in ``.sql``. Nothing is guessed beyond that:
a string that names no existing file is no file step. A rollback file
(``.down.sql``, ``.rollback.sql``, or the value of a ``Down:`` field) is not
run forward and is no file step. Reads the text and asks the file system
whether a file is there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

from msgspec import Struct

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile

#: Go comments (skipped: a commented-out step runs nothing) and string literals.
_TOKEN = lazy_compile(
    r'//[^\n]*|/\*.*?\*/|(?P<string>"(?:\\.|[^"\\\n])*"|`[^`]*`)',
    re.DOTALL,
)
#: A string that may be a file's path: no blanks, no format verbs, no SQL.
_PATHLIKE = lazy_compile(r"[\w.@+-]+(?:/[\w.@+-]+)*")
#: What a runner adds to the name (shiori: ``filename+".up.sql"``).
_SUFFIXES = ("", ".sql", ".up.sql")
#: Blanks and Go comments before a step.
_LEADING = lazy_compile(r"(?:\s|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
#: A rollback's file, never run forward.
_ROLLBACK = lazy_compile(r"[._-](?:down|rollback|undo|revert)\.sql\Z", re.IGNORECASE)
#: A keyed field holding the rollback (``Down: "1_x.down.sql"``).
_DOWN_KEY = lazy_compile(r"\b(?:[Dd]own|DOWN|[Rr]ollback)\w*\s*:\s*\Z")


class FileStep(Struct, frozen=True):
    """One SQL file a step of a Go migration list runs."""

    #: Offset of the string literal naming it in the Go text.
    offset: int
    #: The file, ``/``-separated, relative to the Go file's folder.
    target: str
    #: The string as written, without its quotes (``postgres/0000_system``).
    written: str


def may_name_files(text: str) -> bool:
    """A cheap test before :func:`file_steps`: the text names a migration list."""
    return "igrat" in text.lower()


def file_steps(path: str, text: str, folder: str, root: str | None = None) -> list[FileStep]:
    """The file steps of the migration lists of Go file ``text`` at ``path``,
    in list order. ``folder`` is the Go file's folder on disk (``root``, the
    project's, is the last base a name is tried against)."""
    if not may_name_files(text):
        return []
    from dbnamelint.impact.migration_lists import list_steps, migration_lists

    lists = migration_lists(path, text)
    if not lists:
        return []
    bases = _bases(folder, root)
    out: list[FileStep] = []
    for span in lists:
        for a, b in list_steps(text, span):
            for m in _TOKEN.finditer(text, a, b):
                if m.group("string") is None:
                    continue
                written = m.group()[1:-1]
                if not _PATHLIKE.fullmatch(written) or _DOWN_KEY.search(text, a, m.start()):
                    continue
                target = _resolve(written, bases, folder)
                if target is not None:
                    out.append(FileStep(m.start(), target, written))
    return out


def _bases(folder: str, root: str | None) -> list[str]:
    """Where a step's name is looked up: the Go file's folder, each of its
    subfolders (sorted, hidden ones aside), then the project root."""
    out = [folder]
    try:
        subs = sorted(
            e.name for e in os.scandir(folder) if e.is_dir() and not e.name.startswith(".")
        )
    except OSError:
        subs = []
    out += [os.path.join(folder, s) for s in subs]  # noqa: PTH118
    if root is not None and os.path.realpath(root) != os.path.realpath(folder):
        out.append(root)
    return out


def _resolve(written: str, bases: list[str], folder: str) -> str | None:
    """The SQL file ``written`` names (relative to ``folder``), or None."""
    for base in bases:
        for suffix in _SUFFIXES:
            name = written + suffix
            if not name.lower().endswith(".sql") or _ROLLBACK.search(name):
                continue
            candidate = os.path.normpath(os.path.join(base, name))  # noqa: PTH118
            # the run cache's: the step's file appearing changes what the run reads
            readlog.note_side(os.path.abspath(candidate))  # noqa: PTH100
            if os.path.isfile(candidate):  # noqa: PTH113
                return os.path.relpath(candidate, folder).replace(os.sep, "/")
    return None


class FolderLists(Struct, frozen=True):
    """The Go migration lists whose file steps run the files of one folder."""

    #: Each Go file holding such a list (absolute), with its file steps into the folder.
    lists: tuple[tuple[str, tuple[FileStep, ...]], ...]
    #: Real paths of the folder's files some list names.
    named: frozenset[str]


#: Per folder (real path), its Go files' file steps (:func:`_lists_in`).
ListMemo = dict[str, list[tuple[str, list["FileStep"]]]]


def package_files(folder: str) -> list[str]:
    """The names of ``folder``'s Go files the Go tool builds into its package
    (``*.go``, not ``*_test.go``), sorted; ``[]`` when it cannot be listed."""
    try:
        return sorted(
            e.name
            for e in os.scandir(folder)
            if e.name.endswith(".go") and not e.name.endswith("_test.go") and e.is_file()
        )
    except OSError:
        return []


def _lists_in(folder: str, root: str | None, memo: ListMemo) -> list[tuple[str, list[FileStep]]]:
    """The Go files of ``folder`` (tests aside) whose migration lists have
    file steps, with those steps (kept in ``memo``: one walk reads a
    folder's Go files once, for every folder below it)."""
    if folder in memo:
        return memo[folder]
    out: list[tuple[str, list[FileStep]]] = []
    memo[folder] = out
    names = package_files(folder)
    if names:  # a list may be added beside Go code: the listing is the run cache's
        readlog.note_side(os.path.abspath(folder))  # noqa: PTH100
    for name in names:
        path = os.path.join(folder, name)  # noqa: PTH118
        try:
            text = readlog.read_noting(path).decode("utf-8", "replace")
        except OSError:
            continue
        if may_name_files(text):
            steps = file_steps(path, text, folder, root)
            if steps:
                out.append((path, steps))
    return out


def folder_lists(
    folder: str,
    root: str | None,
    memo: ListMemo | None = None,
    realpath: Callable[[str], str] = os.path.realpath,
) -> FolderLists | None:
    """The Go migration lists (in ``folder`` or a folder above it, up to
    ``root``) with a file step naming a file of ``folder``; None when none
    does: the folder's files are then no list's. ``memo``: kept by the
    caller for one run (a Go file edited between two runs is read again);
    ``realpath``: ``os.path.realpath`` or one that remembers folders (a
    walk asks for every folder of a Diesel tree)."""
    memo = {} if memo is None else memo
    real = realpath(folder)
    top = realpath(root) if root is not None else None
    found: list[tuple[str, tuple[FileStep, ...]]] = []
    named: set[str] = set()
    for here in _climb(real, top):
        for go, steps in _lists_in(here, root, memo):
            into = tuple(
                s
                for s in steps
                if os.path.dirname(os.path.realpath(os.path.join(here, s.target))) == real  # noqa: PTH118, PTH120
            )
            if into:
                found.append((go, into))
                named.update(os.path.realpath(os.path.join(here, s.target)) for s in into)  # noqa: PTH118
    if not found:
        return None
    return FolderLists(tuple(found), frozenset(named))


def lists_above(
    folder: str,
    root: str | None,
    memo: ListMemo | None = None,
    realpath: Callable[[str], str] = os.path.realpath,
) -> bool:
    """Whether a Go file in ``folder`` or a folder above it, up to ``root``
    (the folders :func:`folder_lists` looks in), has a migration list with
    file steps into any folder. When none has, no list runs the files of
    ``folder`` nor of a real (not linked) subfolder holding no Go file: the
    folders above such a subfolder are ``folder`` and those above it."""
    memo = {} if memo is None else memo
    top = realpath(root) if root is not None else None
    return any(_lists_in(here, root, memo) for here in _climb(realpath(folder), top))


def _climb(real: str, top: str | None) -> Iterator[str]:
    """``real`` and the folders above it, up to ``top`` (none above a folder outside it)."""
    here = real
    while True:
        yield here
        parent = os.path.dirname(here)  # noqa: PTH120
        if here in (top, parent) or (top is not None and not here.startswith(top)):
            return
        here = parent


def new_step_line(go_text: str, steps: tuple[FileStep, ...], new_file: str) -> str:
    """The element to add at the list's end for ``new_file`` (relative to
    the Go file's folder, ``/``-separated): the last file step's element
    with the file written as that step writes its own (``postgres/0003_x``
    for ``postgres/0002_y`` naming ``migrations/postgres/0002_y.up.sql``),
    and its version strings continued from the list's last step."""
    last = steps[-1]
    element = _element_at(go_text, last.offset)
    if element is None:
        return ""
    a, b = element
    text = go_text[a:b]
    written = _written_like(last, new_file)
    at = last.offset - a
    text = text[:at] + f'"{written}"' + text[at + len(last.written) + 2 :]
    # versions: the list's last step (any kind) gives where the new one starts
    tail = _last_element(go_text, last.offset)
    versions = _VERSION.findall(_without_comments(go_text[tail[0] : tail[1]])) if tail else []
    mine = list(_VERSION.finditer(text))
    if len(versions) >= 2 and len(mine) >= 2:
        start = versions[1]
        bumped = _bump(versions[0], versions[1])
        text = (
            text[: mine[0].start()]
            + f'"{start}"'
            + text[mine[0].end() : mine[1].start()]
            + f'"{bumped}"'
            + text[mine[1].end() :]
        )
    return " ".join(text.split()) if "\n" not in text else text


#: A version string literal (``"0.4.0"``, ``"v1.2"``).
_VERSION_TEXT = r'"(v?\d+(?:\.\d+)+)"'
_VERSION = lazy_compile(_VERSION_TEXT)


def _without_comments(code: str) -> str:
    """Go ``code`` with its comments blanked (strings kept)."""
    return _TOKEN.sub(lambda m: m.group() if m.group("string") else " ", code)


def _bump(before: str, after: str) -> str:
    """``after`` raised as ``before`` was raised to it (the first number that
    differs; the ones after it reset to 0), else its last number."""
    lead = "v" if after.startswith("v") else ""
    old = [int(n) for n in before.lstrip("v").split(".")]
    new = [int(n) for n in after.lstrip("v").split(".")]
    at = next((i for i, (x, y) in enumerate(zip(old, new, strict=False)) if x != y), len(new) - 1)
    at = min(at, len(new) - 1)
    raised = [*new[:at], new[at] + 1, *([0] * (len(new) - at - 1))]
    return lead + ".".join(str(n) for n in raised)


def _written_like(step: FileStep, new_file: str) -> str:
    """``new_file`` written as ``step`` writes its file (the same folders
    left off the front and the same suffix left off the end)."""
    name = step.target.rsplit("/", 1)[-1]
    written_name = step.written.rsplit("/", 1)[-1]
    dropped = name[len(written_name) :] if name.startswith(written_name) else ""
    if not step.target.endswith(step.written + dropped):
        return new_file  # written with ./ or ../: the path as it stands
    head = step.target[: len(step.target) - len(step.written) - len(dropped)]
    new = new_file[len(head) :] if new_file.startswith(head) else new_file
    if dropped and new.endswith(dropped):
        new = new[: -len(dropped)]
    return new


def _element_at(text: str, offset: int) -> tuple[int, int] | None:
    """The list element (step) holding ``offset``."""
    from dbnamelint.impact.migration_lists import list_steps, migration_lists

    for span in migration_lists("x.go", text):
        for a, b in list_steps(text, span):
            if a <= offset < b:
                lead = _LEADING.match(text, a, b)  # comments above the step are not it
                return (lead.end() if lead else a), b
    return None


def _last_element(text: str, offset: int) -> tuple[int, int] | None:
    """The last element of the list holding ``offset``."""
    from dbnamelint.impact.migration_lists import list_steps, migration_lists

    for span in migration_lists("x.go", text):
        if span[0] <= offset < span[1]:
            steps = list_steps(text, span)
            return steps[-1] if steps else None
    return None


def step_advice(go: str, new_file: str, root: str | None) -> str:
    """What to do so the Go migration list in ``go`` runs ``new_file``:
    ``add this line at the end of its list: <element>,`` (:func:`new_step_line`)."""
    folder = os.path.dirname(go)  # noqa: PTH120
    target = os.path.relpath(new_file, folder).replace(os.sep, "/")
    steps = file_steps(go, _read(go), folder, root)
    line = new_step_line(_read(go), tuple(steps), target) if steps else ""
    if not line:
        return f"add a step naming {target} at the end of its list"
    return f"add this line at the end of its list: {line},"


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:  # noqa: PTH123
            return handle.read()
    except OSError:
        return ""
