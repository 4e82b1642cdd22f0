"""The few git questions dbnamelint asks, answered by the real ``git`` binary.

Only plumbing commands are used (``rev-parse``, ``ls-tree``, ``cat-file``,
``log``, ``show``) because their output is stable across git versions and
they never touch the working tree or the index: the CI gate and the
burn-down report must be safe to run in a checkout with uncommitted work,
and inside a pre-commit hook where git holds the index lock.
"""

from __future__ import annotations

import functools
import os
import posixpath
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath

from msgspec import Struct, field

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

    Asked of git once per folder and process (a hook run asked six times);
    a folder outside any repository is asked again each time.
    """
    return _toplevel(os.path.abspath(cwd))  # noqa: PTH100 - a key: relative paths move with chdir


@functools.lru_cache(maxsize=64)
def _toplevel(cwd: str) -> Path:
    try:
        out = run_git(Path(cwd), "rev-parse", "--show-toplevel")
    except GitError as exc:
        raise GitError(f"{cwd} is not inside a git repository ({exc})") from None
    return Path(out.decode("utf-8").strip()).resolve()


def ref_state(cwd: Path, ref: str) -> str:
    """What git says of ``ref`` in ``cwd``, as one string: the working tree's
    top folder and the commit ``ref`` names, or git's exit status when either
    is missing (no repository, no commit yet, unknown ref).

    One ``git rev-parse --show-toplevel REF^{commit}`` process, never an
    error: the run cache keys a gate run by it (the tree at a commit never
    changes). ``"no git"`` when git is not on PATH.
    """
    if not ref or ref.startswith("-"):
        return f"refused {ref!r}"
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd), "rev-parse", "--show-toplevel", f"{ref}^{{commit}}"],
            capture_output=True,
            check=False,
            env=_environment(),
        )
    except FileNotFoundError:
        return "no git"
    return f"{done.returncode}\n{done.stdout.decode('utf-8', 'replace')}"


def resolve_commit(repo: Path, ref: str) -> str:
    """The full commit id ``ref`` names; an unknown ref is a :class:`GitError`."""
    if not ref or ref.startswith("-"):
        raise GitError(f"not a git revision: {ref!r}")
    try:
        out = run_git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(
            f"unknown git revision {ref!r} (in CI, fetch it first, e.g. "
            "'git fetch origin main' with enough depth to reach it)"
        ) from None
    return out.decode("ascii").strip()


_LINK_MODE = "120000"


def _entries(repo: Path, commit: str) -> Iterator[tuple[str, str, str]]:
    """(mode, object id, repository-relative path) of each blob at ``commit``:
    regular files and symbolic links (submodules are another repository)."""
    out = run_git(repo, "ls-tree", "-r", "-z", "--full-tree", commit)
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        if kind == "blob" and (mode in _BLOB_MODES or mode == _LINK_MODE):
            yield mode, oid, raw_path.decode("utf-8", "surrogateescape")


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
    hide schema files. Returns the number of files written.
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
    for _, path in blobs:
        header_end = out.index(b"\n", position)
        _oid, _kind, size = out[position:header_end].decode("ascii").split(" ")
        start = header_end + 1
        end = start + int(size)
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
        target.write_bytes(out[start:end])
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
        spec = [":(top)."]
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
        listed = run_git(
            repo, "ls-files", "-s", "-z", "--", *(f":(top,literal){d}" for d in dirty), index=True
        )
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


def index_state(cwd: Path) -> str:
    """The index a commit would record (``git ls-files -s``), as one string;
    git's failure as text, never an error (the run cache keys the hook by it)."""
    try:
        return run_git(cwd, "ls-files", "-s", "-z", index=True).decode("utf-8", "replace")
    except GitError as exc:
        return f"no index: {exc}"


def is_shallow(repo: Path) -> bool:
    """True in a shallow clone (CI checkouts default to depth 1): history is cut off."""
    out = run_git(repo, "rev-parse", "--is-shallow-repository")
    return out.decode("ascii").strip() == "true"


def show_file(repo: Path, commit: str, path: str) -> str | None:
    """The text of ``path`` at ``commit``, or None when the file is not there."""
    try:
        data = run_git(repo, "show", f"{commit}:{path}")
    except GitError:
        return None
    return data.decode("utf-8-sig", "replace")


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
