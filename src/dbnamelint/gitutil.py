"""The few git questions dbnamelint asks, answered by the real ``git`` binary.

Only plumbing commands are used (``rev-parse``, ``ls-tree``, ``cat-file``,
``log``, ``show``) because their output is stable across git versions and
they never touch the working tree or the index: the CI gate and the
burn-down report must be safe to run in a checkout with uncommitted work,
and inside a pre-commit hook where git holds the index lock.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: Environment variables a hook or a parent git process may set that would
#: point our commands at another index or repository than the one asked for.
_GIT_ENV_OVERRIDES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")
_BLOB_MODES = frozenset({"100644", "100755"})


class GitError(Exception):
    """git is missing, the directory is not a repository, or a ref is unknown.

    Bad user input, never a bug: the CLI prints the message and exits 2.
    """


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit that changed a followed file, with the file's path there."""

    commit: str
    date: str  # committer date, ISO 8601 with offset
    path: str  # repository-relative path of the file in this commit
    blob: str = ""  # object id of the file's content there; "" when the commit deleted it


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_ENV_OVERRIDES}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    return env


def run_git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run ``git -C repo args``; a failure becomes :class:`GitError` with git's words."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "-c", "core.quotepath=off", *args],
            input=stdin,
            capture_output=True,
            check=False,
            env=_environment(),
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repository_root(cwd: Path) -> Path:
    """The top of the working tree containing ``cwd``."""
    try:
        out = run_git(cwd, "rev-parse", "--show-toplevel")
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


def _blobs(repo: Path, commit: str) -> Iterator[tuple[str, str]]:
    """(object id, repository-relative path) of each regular file at ``commit``."""
    out = run_git(repo, "ls-tree", "-r", "-z", "--full-tree", commit)
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        # Symlinks and submodules are skipped: a symlink may point outside
        # the tree and a submodule's content is another repository.
        if kind == "blob" and mode in _BLOB_MODES:
            yield oid, raw_path.decode("utf-8", "surrogateescape")


def extract_tree(
    repo: Path, commit: str, dest: Path, wanted: Callable[[str], bool] | None = None
) -> int:
    """Write the files of ``commit`` (those ``wanted`` accepts) below ``dest``.

    Reads objects straight from the object store with one ``cat-file
    --batch`` process, so neither the working tree nor the index is touched
    and ``export-ignore`` attributes (which ``git archive`` honours) cannot
    hide schema files. Returns the number of files written.
    """
    blobs = [(oid, path) for oid, path in _blobs(repo, commit) if wanted is None or wanted(path)]
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
        # it, and it writes no links (a symlink blob becomes a file holding
        # its target), so checking the path's own parts is enough: no
        # per-file resolve(), which costs a system call per folder level.
        if not parts or path.startswith("/") or any(p in ("..", ".", "") for p in parts):
            raise GitError(f"refusing to extract {path!r} outside the temporary tree")
        target = root.joinpath(*parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(out[start:end])
        position = end + 1  # the newline after each object
    return len(blobs)


def file_history(repo: Path, path: str) -> tuple[Revision, ...]:
    """Commits that changed ``path`` (following renames), oldest first.

    Each revision carries the file's path and blob id in that commit (after
    a rename ``git show COMMIT:current/path`` no longer finds older
    versions), so :func:`read_blobs` can fetch every version in one process.
    """
    out = run_git(
        repo, "log", "--follow", "--raw", "--no-abbrev", "--format=%x01%H%x00%cI", "--", path
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
