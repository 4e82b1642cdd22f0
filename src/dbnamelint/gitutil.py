"""The few git questions dbnamelint asks, answered by the real ``git`` binary.

Only plumbing commands are used (``rev-parse``, ``ls-tree``, ``cat-file``,
``log``, ``show``) because their output is stable across git versions and
they never touch the working tree or the index: the CI gate and the
burn-down report must be safe to run in a checkout with uncommitted work,
and inside a pre-commit hook where git holds the index lock.

Each git process costs about 2 ms of CPU, and a pre-commit run on an
edited file started 23 of them, many asking what another had asked; it
starts 10 now (``tests/test_git_processes.py``). Two memos answer the
repeats without changing an answer:

* for the process, what a full commit or object id names, which never
  changes: the tree of a commit (one ``ls-tree -r -t`` answers which paths
  it has, their blobs, and what a narrower ``ls-tree`` or ``show
  COMMIT:path`` of a missing file would say), the bytes of a blob, and the
  commit a full id peels to; bounded, the oldest dropped first;
* for one command run (:mod:`dbnamelint.runner.gitmemo`), what depends on
  ``HEAD``, the index or the working tree: the commit a ref names, the run
  cache's state of the repository, and ``git diff --name-status`` since a
  commit (staged or not), from which every narrower ``--name-only
  --diff-filter`` question is answered.

A path or option the memo cannot answer exactly as git would (pathspec
magic, ``.``/``..`` parts, a pathspec environment variable, a symbolic ref
outside a run) is asked of git as before.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath

from msgspec import Struct, field

from dbnamelint.runner import gitmemo

#: Environment variables a hook or a parent git process may set that would
#: point our commands at another index or repository than the one asked for.
_GIT_ENV_OVERRIDES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")
_BLOB_MODES = frozenset({"100644", "100755"})


class GitError(Exception):
    """git is missing, the directory is not a repository, or a ref is unknown.

    Bad user input, never a bug: the CLI prints the message and exits 2.
    """


class Revision(Struct, frozen=True):
    """One commit that changed a followed file, with the file's path there."""

    commit: str
    date: str  # committer date, ISO 8601 with offset
    path: str  # repository-relative path of the file in this commit
    blob: str = ""  # object id of the file's content there; "" when the commit deleted it


def _environment(index: bool = False) -> dict[str, str]:
    """The environment for git: without the hook's overrides, except (``index``)
    the index a running ``git commit`` hands its hooks (``GIT_INDEX_FILE``:
    ``git commit -a`` and ``git commit PATH`` commit a temporary index), made
    absolute because our commands run with ``-C repo``."""
    env = {k: v for k, v in os.environ.items() if k not in _GIT_ENV_OVERRIDES}
    given = os.environ.get("GIT_INDEX_FILE")
    if index and given:
        env["GIT_INDEX_FILE"] = str(Path(given).resolve())
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    return env


def run_git(repo: Path, *args: str, stdin: bytes | None = None, index: bool = False) -> bytes:
    """Run ``git -C repo args``; a failure becomes :class:`GitError` with git's words.

    ``index``: honour the ``GIT_INDEX_FILE`` a running commit gives its hooks
    (for commands that read the index being committed).
    """
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "-c", "core.quotepath=off", *args],
            input=stdin,
            capture_output=True,
            check=False,
            env=_environment(index),
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repository_root(cwd: Path) -> Path:
    """The top of the working tree containing ``cwd``.

    Asked of git once per folder and process (a hook run asked six times),
    or learnt from the run cache's ``rev-parse`` (:func:`ref_state`); a
    folder outside any repository is asked again each time.
    """
    return _toplevel(os.path.abspath(cwd))  # noqa: PTH100 - a key: relative paths move with chdir


#: Folder (absolute) -> the top of its working tree; at most 64 kept.
_toplevels: OrderedDict[str, Path] = OrderedDict()


def _keep_toplevel(cwd: str, top: Path) -> None:
    _toplevels[cwd] = top
    while len(_toplevels) > 64:
        _toplevels.popitem(last=False)


def _toplevel(cwd: str) -> Path:
    found = _toplevels.get(cwd)
    if found is not None:
        return found
    try:
        out = run_git(Path(cwd), "rev-parse", "--show-toplevel")
    except GitError as exc:
        raise GitError(f"{cwd} is not inside a git repository ({exc})") from None
    top = _top_from(out)
    _keep_toplevel(cwd, top)
    return top


def _top_from(line: bytes) -> Path:
    """The top folder from ``rev-parse --show-toplevel``'s line."""
    return Path(line.decode("utf-8").strip()).resolve()


_HEX = frozenset("0123456789abcdef")


def _full_id(name: str) -> bool:
    """Whether ``name`` is a full object id (SHA-1 or SHA-256): git reads it
    as that object before any ref, so what it names never changes."""
    return len(name) in (40, 64) and _HEX.issuperset(name)


def _repo_key(repo: Path) -> tuple[str, ...]:
    """The start of a process-wide memo's key for ``repo``: with the
    ``GIT_*`` variables git sees (replace refs and object folders can be
    set there)."""
    seen = sorted(
        f"{k}={v}"
        for k, v in os.environ.items()
        if k.startswith("GIT_") and k not in _GIT_ENV_OVERRIDES
    )
    return (str(repo), *seen)


def _object_key(repo: Path, name: str) -> tuple[str, ...]:
    """A process-wide memo's key for object ``name`` in ``repo``."""
    return (*_repo_key(repo), name)


def ref_state(cwd: Path, ref: str) -> str:
    """What git says of ``ref`` in ``cwd``, as one string: the working tree's
    top folder and the commit ``ref`` names, or git's exit status when either
    is missing (no repository, no commit yet, unknown ref).

    One ``git rev-parse --show-toplevel REF^{commit}`` process, never an
    error: the run cache keys a gate run by it (the tree at a commit never
    changes). ``"no git"`` when git is not on PATH.

    Asked once per command run (:mod:`dbnamelint.runner.gitmemo`): the run
    cache's store gets its lookup's answer. The run then takes the top
    folder and the commit from it (:func:`repository_root`,
    :func:`resolve_commit`), so the gate compares with the very commit the
    entry is keyed by.
    """
    if not ref or ref.startswith("-"):
        return f"refused {ref!r}"
    key = ("ref_state", str(cwd), ref)
    kept = gitmemo.recall(key)
    if isinstance(kept, str):
        return kept
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd), "rev-parse", "--show-toplevel", f"{ref}^{{commit}}"],
            capture_output=True,
            check=False,
            env=_environment(),
        )
    except FileNotFoundError:
        return "no git"
    state = f"{done.returncode}\n{done.stdout.decode('utf-8', 'replace')}"
    if gitmemo.active():
        gitmemo.remember(key, state)
        if done.returncode == 0:
            _learn(cwd, ref, done.stdout)
    return state


def _learn(cwd: Path, ref: str, out: bytes) -> None:
    """Keep the top folder and the commit of ``rev-parse --show-toplevel
    REF^{commit}`` (exactly two lines, the second a full id) as
    :func:`repository_root` and :func:`resolve_commit` would have found them."""
    lines = out.split(b"\n")
    if len(lines) != 3 or lines[2] or not lines[0]:
        return  # a range (A..B) gives more lines; a path with a newline too
    commit = lines[1].decode("ascii", "replace")
    if not _full_id(commit):
        return
    try:
        top = _top_from(lines[0])
    except (UnicodeDecodeError, OSError):
        return  # asked again where needed, failing there as it did
    where = os.path.abspath(cwd)  # noqa: PTH100 - repository_root's key
    if where not in _toplevels:
        _keep_toplevel(where, top)
    # HEAD of a folder is HEAD of its working tree's top; --verify asks no more
    # of a single ref than this answer already gave.
    gitmemo.remember(("commit", str(_toplevel(where)), ref), commit)


def resolve_commit(repo: Path, ref: str) -> str:
    """The full commit id ``ref`` names; an unknown ref is a :class:`GitError`.

    A full id is asked once per process (what it peels to never changes),
    any other ref once per command run.
    """
    if not ref or ref.startswith("-"):
        raise GitError(f"not a git revision: {ref!r}")
    known = _known_commit(repo, ref)
    if known is not None:
        return known
    try:
        out = run_git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(
            f"unknown git revision {ref!r} (in CI, fetch it first, e.g. "
            "'git fetch origin main' with enough depth to reach it)"
        ) from None
    commit = out.decode("ascii").strip()
    if _full_id(ref):
        _verified[_object_key(repo, ref)] = commit
        while len(_verified) > 64:
            _verified.popitem(last=False)
    else:
        gitmemo.remember(("commit", str(repo), ref), commit)
    return commit


#: Full ids -> the commit each peels to (a commit's own id, a tag's commit).
_verified: OrderedDict[tuple[str, ...], str] = OrderedDict()


def _known_commit(repo: Path, ref: str) -> str | None:
    """The commit ``ref`` names when it was asked already (a full id in this
    process, another ref in this command run), else None."""
    if _full_id(ref):
        return _verified.get(_object_key(repo, ref))
    kept = gitmemo.recall(("commit", str(repo), ref))
    return kept if isinstance(kept, str) else None


_LINK_MODE = "120000"


class _Listing(Struct, frozen=True):
    """``git ls-tree -r -t -z --full-tree COMMIT``: every entry of the
    commit's tree (blobs, submodules and the trees themselves), in git's order."""

    #: (mode, kind, object id, path as git wrote it, path as text)
    records: tuple[tuple[str, str, str, bytes, str], ...]
    #: path as text -> (mode, kind, object id)
    paths: dict[str, tuple[str, str, str]]


#: Listings of full commit ids, the most recent last; at most 4 kept.
_listings: OrderedDict[tuple[str, ...], _Listing] = OrderedDict()
_LISTINGS_KEPT = 4


def _listing(repo: Path, commit: str) -> _Listing:
    """The tree at ``commit``, asked of git once per full id and process."""
    key = _object_key(repo, commit) if _full_id(commit) else None
    if key is not None and (found := _listings.get(key)) is not None:
        _listings.move_to_end(key)
        return found
    out = run_git(repo, "ls-tree", "-r", "-t", "-z", "--full-tree", commit)
    records = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        records.append((mode, kind, oid, raw_path, raw_path.decode("utf-8", "surrogateescape")))
    listing = _Listing(tuple(records), {r[4]: (r[0], r[1], r[2]) for r in records})
    if key is not None:
        _listings[key] = listing
        while len(_listings) > _LISTINGS_KEPT:
            _listings.popitem(last=False)
    return listing


def _entries(repo: Path, commit: str) -> Iterator[tuple[str, str, str]]:
    """(mode, object id, repository-relative path) of each blob at ``commit``:
    regular files and symbolic links (submodules are another repository)."""
    for mode, kind, oid, _raw, path in _listing(repo, commit).records:
        if kind == "blob" and (mode in _BLOB_MODES or mode == _LINK_MODE):
            yield mode, oid, path


#: Not in the tree (as :func:`_entry_at` answers).
_ABSENT = ("", "", "")


def _plain_path(path: str) -> bool:
    """Whether git reads ``path`` (after ``COMMIT:`` or as a pathspec) as the
    repository path it spells: no empty, ``.`` or ``..`` part (git would
    normalise them), no ``:`` first (pathspec magic), no backslash."""
    if not path or path[0] == ":" or "\\" in path:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def _entry_at(repo: Path, commit: str, path: str) -> tuple[str, str, str] | None:
    """(mode, kind, object id) of ``path`` in the tree at ``commit``;
    :data:`_ABSENT` when the tree has no such path; None when the listing
    cannot say as git would (not a full id, a path git reads otherwise, git
    failing: the caller's own command then answers, or fails, as before)."""
    if not _full_id(commit) or not _plain_path(path):
        return None
    try:
        listing = _listing(repo, commit)
    except GitError:
        return None
    return listing.paths.get(path, _ABSENT)


class _Blobs:
    """Blob id -> bytes, read once per process; bounded by :data:`BUDGET`
    bytes, the oldest dropped first (a blob's bytes never change)."""

    BUDGET = 16_000_000
    kept: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
    size = 0

    @classmethod
    def get(cls, key: tuple[str, ...]) -> bytes | None:
        return cls.kept.get(key)

    @classmethod
    def keep(cls, key: tuple[str, ...], data: bytes) -> None:
        if key in cls.kept or len(data) > cls.BUDGET // 4:
            return
        while cls.kept and cls.size + len(data) > cls.BUDGET:
            _, old = cls.kept.popitem(last=False)
            cls.size -= len(old)
        cls.kept[key] = data
        cls.size += len(data)


def _blobs(repo: Path, commit: str) -> Iterator[tuple[str, str]]:
    """(object id, repository-relative path) of each regular file at ``commit``."""
    for mode, oid, path in _entries(repo, commit):
        if mode in _BLOB_MODES:
            yield oid, path


def _link_targets(repo: Path, links: dict[str, str]) -> dict[str, str]:
    """Link path -> its target, repository-relative, for the links (path -> blob
    id) whose target stays inside the repository; links to links followed."""
    texts = read_blobs(repo, list(links.values()))
    direct: dict[str, str] = {}
    for path, oid in links.items():
        raw = texts.get(oid, b"").decode("utf-8", "surrogateescape")
        if not raw or raw.startswith("/"):
            continue  # absolute: outside the tree
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), raw))
        if target != ".." and not target.startswith("../"):
            direct[path] = target

    def resolve(path: str, depth: int = 0) -> str:
        # The target, or a folder above it, may be a link itself (db -> cur -> db_a).
        parts = path.split("/")
        for i in range(len(parts), 0, -1):
            head = "/".join(parts[:i])
            if head in direct and depth < 8:
                return resolve("/".join([direct[head], *parts[i:]]), depth + 1)
        return path

    return {path: resolve(target) for path, target in direct.items()}


def extract_tree(
    repo: Path, commit: str, dest: Path, wanted: Callable[[str], bool] | None = None
) -> int:
    """Write the files of ``commit`` (those ``wanted`` accepts) below ``dest``.

    Reads objects straight from the object store with one ``cat-file
    --batch`` process, so neither the working tree nor the index is touched
    and ``export-ignore`` attributes (which ``git archive`` honours) cannot
    hide schema files. Returns the number of files written. Raises
    :class:`GitError` when git fails or a wanted blob is missing from the
    object store (``cat-file --batch`` answers ``<oid> missing``).
    """
    entries = list(_entries(repo, commit))
    links = _link_targets(repo, {p: o for m, o, p in entries if m == _LINK_MODE})
    through = _Through(links, wanted)
    blobs = [
        (oid, path)
        for mode, oid, path in entries
        if mode in _BLOB_MODES and (wanted is None or wanted(path) or through(path))
    ]
    if not blobs:
        return 0
    out = run_git(repo, "cat-file", "--batch", stdin="".join(f"{o}\n" for o, _ in blobs).encode())
    position = 0
    root = dest.resolve()
    made: set[Path] = set()
    repo_key = _repo_key(repo)
    for oid, path in blobs:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].decode("ascii", "replace").split(" ")
        if len(header) != 3:  # "<oid> missing": a blob absent from the object store
            raise GitError(
                f"cannot read {path} at {commit}: object {oid} is missing from the "
                "repository (a partial or damaged clone: `git fetch` it, or leave the file "
                "out of the configured paths)"
            )
        start = header_end + 1
        end = start + int(header[2])
        data = out[start:end]
        # Kept: the gate asks for a few of these files again (``show_file``).
        _Blobs.keep((*repo_key, oid), data)
        parts = PurePosixPath(path).parts
        # A crafted tree must not escape dest. Only this function writes below
        # it, and it makes links only after the last file is written (each
        # checked to resolve below dest), so checking the path's own parts is
        # enough: no per-file resolve(), which costs a system call per level.
        if not parts or path.startswith("/") or any(p in ("..", ".", "") for p in parts):
            raise GitError(f"refusing to extract {path!r} outside the temporary tree")
        target = root.joinpath(*parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
        position = end + 1  # the newline after each object
    _make_links(root, through)
    return len(blobs)


class _Through:
    """Whether a file is wanted as seen through a link (``db_real/V1.sql`` when
    ``db`` links to ``db_real`` and ``db/V1.sql`` is wanted), keeping the
    links that were needed so."""

    def __init__(self, links: dict[str, str], wanted: Callable[[str], bool] | None) -> None:
        self.links = links
        self.wanted = wanted
        self.used: set[str] = set()

    def __call__(self, path: str) -> bool:
        if self.wanted is None:
            return False
        for link, target in self.links.items():
            if path.startswith(target + "/") and self.wanted(link + path[len(target) :]):
                self.used.add(link)
                return True
        return False


def _make_links(root: Path, through: _Through) -> None:
    """Make the links a wanted path goes through (or that are wanted
    themselves), after every file is written so that no write follows one,
    each pointing at its target's place below ``root``; one that would
    resolve outside ``root`` is removed again."""
    wanted = through.wanted
    for link, target in sorted(through.links.items()):
        if wanted is not None and link not in through.used and not wanted(link):
            continue
        place = root.joinpath(*PurePosixPath(link).parts)
        if os.path.lexists(place):
            continue
        place.parent.mkdir(parents=True, exist_ok=True)
        relative = os.path.relpath(root.joinpath(*PurePosixPath(target).parts), place.parent)
        place.symlink_to(relative)
        if not Path(os.path.realpath(place)).is_relative_to(root):
            place.unlink()


def file_history(repo: Path, path: str, *, follow: bool = True) -> tuple[Revision, ...]:
    """Commits that changed ``path`` (following renames unless not ``follow``), oldest first.

    Each revision carries the file's path and blob id in that commit (after
    a rename ``git show COMMIT:current/path`` no longer finds older
    versions), so :func:`read_blobs` can fetch every version in one process.
    """
    out = run_git(
        repo,
        "log",
        *(("--follow",) if follow else ()),
        "--raw",
        "--no-abbrev",
        "--format=%x01%H%x00%cI",
        "--",
        path,
    ).decode("utf-8", "surrogateescape")
    revisions: list[Revision] = []
    for record in out.split("\x01"):
        if not record.strip():
            continue
        head, _, body = record.partition("\n")
        commit, _, date = head.partition("\x00")
        blob, where = "", path
        for line in body.splitlines():
            if not line.startswith(":"):
                continue
            meta, *paths = line.split("\t")
            fields = meta.split()
            if len(fields) >= 5 and paths:
                after = fields[3]
                blob = "" if fields[4].startswith("D") or set(after) == {"0"} else after
                where = paths[-1]
        revisions.append(Revision(commit.strip(), date.strip(), where, blob))
    revisions.reverse()
    return tuple(revisions)


def read_blobs(repo: Path, oids: Sequence[str]) -> dict[str, bytes]:
    """The content of each blob, read with one ``git cat-file --batch`` process."""
    wanted = list(dict.fromkeys(o for o in oids if o))
    if not wanted:
        return {}
    out = run_git(repo, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in wanted).encode())
    contents: dict[str, bytes] = {}
    position = 0
    for oid in wanted:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].decode("ascii").split(" ")
        if len(header) < 3:  # "<oid> missing"
            position = header_end + 1
            continue
        start = header_end + 1
        end = start + int(header[2])
        contents[oid] = out[start:end]
        position = end + 1
    return contents


class StagedTree(Struct, frozen=True):
    """How the tree a commit records differs from the working tree, under some folders.

    Paths are repository-relative with ``/``. ``untracked``: files git does
    not track and does not ignore (``git ls-files --others
    --exclude-standard``), absent from the commit; ``ignored``: what it
    ignores (``--ignored --directory``: a folder as ``dir/``); ``unstaged``: tracked
    files whose working copy differs from the index, with the staged bytes;
    ``missing``: files in the index deleted from the working tree.
    """

    untracked: tuple[str, ...] = ()
    unstaged: dict[str, bytes] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    #: Files and folders (``dir/``) git ignores (``.gitignore``, ``info/exclude``).
    ignored: tuple[str, ...] = ()
    #: Files ``HEAD`` has that the index deletes while the working tree keeps
    #: them (``git rm --cached``): untracked or ignored now, and gone from the commit.
    deleted: tuple[str, ...] = ()


def _names(out: bytes) -> list[str]:
    return [n.decode("utf-8", "surrogateescape") for n in out.split(b"\0") if n]


def _staged_entries(repo: Path, paths: Sequence[str]) -> bytes:
    """What ``git ls-files -s -z -- :(top,literal)PATH...`` prints in ``repo``
    (the top folder): the index's entries at or below ``paths``, in the
    index's order. From the run's :func:`index_state` of ``repo`` when the
    run cache asked it (the hook's run does, at the top folder)."""
    kept = gitmemo.recall(_index_key(repo))
    if isinstance(kept, bytes) and not any(os.environ.get(v) for v in _PATHSPEC_VARIABLES):
        wanted = {os.fsencode(p) for p in paths}
        below = tuple(w + b"/" for w in wanted)
        out: list[bytes] = []
        for record in kept.split(b"\0"):
            name = record.partition(b"\t")[2]
            if name in wanted or name.startswith(below):
                out.append(record + b"\0")
        return b"".join(out)
    return run_git(
        repo, "ls-files", "-s", "-z", "--", *(f":(top,literal){p}" for p in paths), index=True
    )


def staged_bytes(repo: Path, path: str) -> bytes | None:
    """The bytes the index stages for ``path`` (repository-relative), or None
    when it stages none. Without a process when the run's index listing says
    the path is absent (:func:`_staged_entries`); a staged blob is read once.
    Raises :class:`GitError`."""
    entries = [e for e in _staged_entries(repo, [path]).split(b"\0") if e]
    found = [e for e in entries if e.partition(b"\t")[2] == os.fsencode(path)]
    if not found:
        return None
    oid = found[0].split(b" ")[1].decode("ascii")
    key = _object_key(repo, oid)
    data = _Blobs.get(key)
    if data is None:
        data = read_blobs(repo, [oid]).get(oid)
        if data is None:
            return None
        _Blobs.keep(key, data)
    return data


def now_bytes(repo: Path, rel: str, staged: bool) -> bytes | None:
    """File ``rel``'s bytes as the change has them: staged (``staged``; None
    when the index stages none: a deletion) or in the working tree (None when
    it is not there). A working-tree file is noted as read for the run cache
    (:func:`dbnamelint.core.readlog.note_side`): an edit of it changes the
    result. Raises :class:`GitError`."""
    if staged:
        return staged_bytes(repo, rel)
    from dbnamelint.core import readlog

    path = repo / rel
    readlog.note_side(str(path))
    try:
        return path.read_bytes()
    except OSError:
        return None


def staged_tree(repo: Path, prefixes: Sequence[str]) -> StagedTree:
    """What ``git commit`` would record under ``prefixes`` (repository-relative
    folders or files; empty: the whole repository), against the working tree.

    Plumbing only (``ls-files``, ``diff-files``, ``cat-file``), reading the
    index a running commit names (``GIT_INDEX_FILE``), so it is safe inside a
    pre-commit hook. ``diff-files`` trusts file stat data, so every file it
    names is compared byte for byte with its staged blob. Raises
    :class:`GitError`.
    """
    spec = [f":(top,literal){p.strip('/')}" for p in prefixes if p.strip("/") not in ("", ".")]
    if not spec or len(spec) < len(prefixes):
        spec = [":/"]  # the whole tree (":(top)." lists no untracked file, git 2.39)
    others = run_git(
        repo, "ls-files", "-z", "--others", "--exclude-standard", "--", *spec, index=True
    )
    # Ignored files are not committed either; an ignored folder is one "dir/" entry.
    ignored = run_git(
        repo,
        "ls-files",
        "-z",
        "--others",
        "--ignored",
        "--exclude-standard",
        "--directory",
        "--",
        *spec,
        index=True,
    )
    dirty = _names(run_git(repo, "diff-files", "--name-only", "-z", "--", *spec, index=True))
    unstaged: dict[str, bytes] = {}
    missing: list[str] = []
    if dirty:
        listed = _staged_entries(repo, dirty)
        blobs: dict[str, str] = {}
        for record in listed.split(b"\0"):
            meta, _, raw = record.partition(b"\t")
            fields = meta.decode("ascii").split(" ")
            if len(fields) == 3 and fields[0] in _BLOB_MODES:
                blobs[raw.decode("utf-8", "surrogateescape")] = fields[1]
        staged = read_blobs(repo, list(blobs.values()))
        for path, oid in blobs.items():
            try:
                current: bytes | None = (repo / path).read_bytes()
            except FileNotFoundError:
                current = None
            except OSError:
                continue
            if current is None:
                missing.append(path)
            elif oid in staged and staged[oid] != current:
                unstaged[path] = staged[oid]
    untracked, left_alone = _names(others), _names(ignored)
    deleted: list[str] = []
    if untracked or left_alone:  # only a file git does not track can be one the index deleted
        try:
            gone = run_git(
                repo,
                "diff",
                "--cached",
                "--name-only",
                "-z",
                "--no-renames",
                "--diff-filter=D",
                "HEAD",
                "--",
                *spec,
                index=True,
            )
        except GitError:  # no commit yet: nothing to delete
            gone = b""
        deleted = [name for name in _names(gone) if (repo / name).is_file()]
    return StagedTree(tuple(untracked), unstaged, tuple(missing), tuple(left_alone), tuple(deleted))


def _index_key(cwd: Path) -> tuple[str, ...]:
    given = os.environ.get("GIT_INDEX_FILE")
    return ("ls-files -s", str(cwd), str(Path(given).resolve()) if given else "")


def index_state(cwd: Path) -> str:
    """The index a commit would record (``git ls-files -s``), as one string;
    git's failure as text, never an error (the run cache keys the hook by it).

    Asked once per command run (:mod:`dbnamelint.runner.gitmemo`): the run
    cache's store gets its lookup's answer, and :func:`staged_tree` reads
    the staged blobs' ids from it.
    """
    key = _index_key(cwd)
    kept = gitmemo.recall(key)
    if isinstance(kept, str):
        return kept
    if isinstance(kept, bytes):
        return kept.decode("utf-8", "replace")
    try:
        out = run_git(cwd, "ls-files", "-s", "-z", index=True)
    except GitError as exc:
        state = f"no index: {exc}"
        gitmemo.remember(key, state)
        return state
    gitmemo.remember(key, out)
    return out.decode("utf-8", "replace")


def is_shallow(repo: Path) -> bool:
    """True in a shallow clone (CI checkouts default to depth 1): history is cut off."""
    out = run_git(repo, "rev-parse", "--is-shallow-repository")
    return out.decode("ascii").strip() == "true"


def show_file(repo: Path, commit: str, path: str) -> str | None:
    """The text of ``path`` at ``commit``, or None when the file is not there.

    What ``git show COMMIT:PATH`` prints, decoded as UTF-8 (a BOM dropped);
    see :func:`show_bytes`.
    """
    data = show_bytes(repo, commit, path)
    return None if data is None else data.decode("utf-8-sig", "replace")


def show_bytes(repo: Path, commit: str, path: str) -> bytes | None:
    """The bytes of ``path`` at ``commit``, or None when the file is not there.

    What ``git show COMMIT:PATH`` prints. For a full commit id the tree's
    listing says when the path is missing, and a blob read before (the
    gate's extraction) is not read again.
    """
    entry = _entry_at(repo, commit, path)
    if entry is _ABSENT:
        return None
    key = _object_key(repo, entry[2]) if entry is not None and entry[1] == "blob" else None
    data = _Blobs.get(key) if key is not None else None
    if data is None:
        try:  # a tree or submodule shows as git shows it
            data = run_git(repo, "show", f"{commit}:{path}")
        except GitError:
            return None
        if key is not None:  # a blob: ``show`` prints its bytes
            _Blobs.keep(key, data)
    return data


def read_ahead(repo: Path, commit: str, paths: Iterable[str]) -> None:
    """Read the blobs of ``paths`` at ``commit`` (a full id) with one ``cat-file
    --batch`` process, so :func:`show_bytes` answers them without a process
    each (a change deleting many files, each read to know what it was)."""
    keys: dict[str, tuple[str, ...]] = {}
    for path in paths:
        entry = _entry_at(repo, commit, path)
        if entry is None or entry[1] != "blob":
            continue
        key = _object_key(repo, entry[2])
        if _Blobs.get(key) is None:
            keys[entry[2]] = key
    if len(keys) < 2:
        return  # one file: show_bytes's own process is as cheap
    for oid, data in read_blobs(repo, list(keys)).items():
        _Blobs.keep(keys[oid], data)


def exists_at(repo: Path, commit: str, path: str) -> bool:
    """Whether ``show_file(repo, commit, path)`` finds something (a file or a
    folder), without reading it when the tree's listing can tell."""
    entry = _entry_at(repo, commit, path)
    if entry is _ABSENT:
        return False
    if entry is not None and entry[1] in ("blob", "tree"):
        return True
    return show_file(repo, commit, path) is not None


_PATHSPEC_VARIABLES = (
    "GIT_GLOB_PATHSPECS",
    "GIT_NOGLOB_PATHSPECS",
    "GIT_ICASE_PATHSPECS",
    "GIT_LITERAL_PATHSPECS",
)


def _plain_pathspecs(paths: Sequence[str]) -> bool:
    """Whether each of ``paths`` matches, as a pathspec, exactly the path it
    spells and what lies below it (no magic, no wildcard, no variable
    changing how pathspecs read)."""
    if any(os.environ.get(name) for name in _PATHSPEC_VARIABLES):
        return False
    return all(_plain_path(p) and not any(c in p for c in "*?[") for p in paths)


def tree_names(repo: Path, ref: str) -> bytes:
    """What ``git ls-tree -r -z --name-only REF`` prints in ``repo`` (the top
    folder): every file and submodule at ``ref``. From the tree's listing
    when ``ref`` is a full id or a ref this run resolved already."""
    commit = ref if _full_id(ref) else _known_commit(repo, ref)
    if commit is not None:
        try:
            records = _listing(repo, commit).records
        except GitError:
            pass  # as git says it, below
        else:
            return b"".join(r[3] + b"\0" for r in records if r[1] != "tree")
    return run_git(repo, "ls-tree", "-r", "-z", "--name-only", ref)


def names_at(repo: Path, commit: str, paths: Sequence[str]) -> bytes:
    """What ``git ls-tree --name-only -z COMMIT -- PATHS`` prints in ``repo``
    (the top folder): those of ``paths`` the tree at ``commit`` has, in the
    tree's order.

    From the tree's listing when ``paths`` are plain and none is a folder
    of another (``ls-tree`` without ``-r`` then lists a folder's other
    entries too); else asked of git.
    """
    nested = any(a.startswith(b + "/") for a in paths for b in paths)
    if paths and _full_id(commit) and not nested and _plain_pathspecs(paths):
        try:
            records = _listing(repo, commit).records
        except GitError:
            pass  # as git says it, below
        else:
            wanted = set(paths)
            return b"".join(r[3] + b"\0" for r in records if r[4] in wanted)
    return run_git(repo, "ls-tree", "--name-only", "-z", commit, "--", *paths)


def diff_statuses(repo: Path, ref: str, *, cached: bool) -> bytes:
    """What ``git diff --name-status -z --no-renames [--cached] REF --`` prints
    in ``repo`` (the top folder): the index's changes since ``ref`` when
    ``cached`` (the index a running commit names), else the working tree's.

    Asked once per command run (:mod:`dbnamelint.runner.gitmemo`) and
    commit: a run that asks of ``HEAD`` and of its commit id asks once.
    """
    commit = _known_commit(repo, ref) or ref
    key = ("diff", str(repo), commit, "cached" if cached else "working tree")
    kept = gitmemo.recall(key)
    if isinstance(kept, bytes):
        return kept
    staged = ["--cached"] if cached else []
    out = run_git(
        repo, "diff", "--name-status", "-z", "--no-renames", *staged, commit, "--", index=cached
    )
    gitmemo.remember(key, out)
    return out


def diff_names(repo: Path, ref: str, *, cached: bool, only: str = "") -> bytes:
    """What ``git diff --name-only -z --no-renames [--diff-filter=ONLY]
    [--cached] REF --`` prints in ``repo`` (see :func:`diff_statuses`, which
    answers it: both print one path per change, in the same order)."""
    fields = diff_statuses(repo, ref, cached=cached).split(b"\0")
    names: list[bytes] = []
    for status, name in zip(fields[0:-1:2], fields[1::2], strict=False):
        if len(status) != 1:  # never with --no-renames; asked as written if it were
            staged = ["--cached"] if cached else []
            wanted = [f"--diff-filter={only}"] if only else []
            return run_git(
                repo,
                *("diff", "--name-only", "-z", "--no-renames", *wanted, *staged, ref, "--"),
                index=cached,
            )
        if not only or chr(status[0]) in only:
            names.append(name + b"\0")
    return b"".join(names)


def relative_to_repo(repo: Path, path: Path) -> str | None:
    """``path`` (any form) relative to the repository root with ``/``, or None outside it."""
    absolute = Path(os.path.normpath(Path.cwd() / path))
    for candidate in (absolute, absolute.resolve()):
        try:
            return candidate.relative_to(repo).as_posix()
        except ValueError:
            continue
    return None


def under_any(prefixes: Iterable[str]) -> Callable[[str], bool]:
    """A path filter accepting files equal to or below one of ``prefixes``."""
    cleaned: Sequence[str] = tuple(p.strip("/") for p in prefixes)
    if any(p in {"", "."} for p in cleaned):
        return lambda _path: True
    return lambda path: any(path == p or path.startswith(p + "/") for p in cleaned)
