"""Whether a change relaxes the dbnamelint hook of ``.pre-commit-config.yaml`` (``DBN909``).

pre-commit runs a hook with the arguments of the configuration being
committed: a commit that adds ``args: [--ignore, DBN101]`` (or ``--select
DBN9``, ``--exit-zero``, ``--fail-on error``...) to the dbnamelint hook runs
the hook relaxed on that very commit, and a bad name passed (trial s18
goatmisc #3; CI's ``check --base`` still caught it: it does not read the
hook's arguments). The hook compares its arguments as the commit records
them (the index) with ``HEAD``'s and refuses the relaxation
(:func:`hook_relaxations`); ``check --base`` says which arguments differ
from REF's, as a warning (its own verdict does not depend on them).

What relaxes: ``--ignore`` codes added; ``--select`` added or narrowed;
``--exit-zero``, ``--allow-whitelist-growth``, ``--no-whitelist`` added;
``--fail-on`` raised above what it was (the config's ``fail_on`` when not
given); ``--config`` or ``--extends`` changed (another config or pack may
turn rules off: the hook cannot tell). The arguments are the hook's
``args`` after those its ``entry`` passes after ``check`` (a local hook's
``entry: dbnamelint check --pre-commit --exit-zero``). What a hook cannot
see of itself: its removal, an ``entry`` that no longer runs dbnamelint,
``stages`` without ``pre-commit``, ``SKIP=dbnamelint`` or ``git commit
--no-verify`` (it does not run); only ``check --base`` can say those, and it
does for the first three. Only the file at the repository's top is read
(``pre-commit -c other.yaml`` is not followed).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from dbnamelint.gitutil import GitError, repository_root, resolve_commit, show_file, staged_bytes
from dbnamelint.model import Diagnostic, Location, Severity

if TYPE_CHECKING:
    from dbnamelint.config.located import LocatedDocument

HOOK_CONFIG = ".pre-commit-config.yaml"
CONFIG_RELAXED_CODE = "DBN909"
_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class _Args(Struct):
    """The options of ``check`` that decide what fails, as a hook passes them."""

    ignore: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    exit_zero: bool = False
    allow_growth: bool = False
    no_whitelist: bool = False
    fail_on: str | None = None
    config: str | None = None
    extends: list[str] = field(default_factory=list)
    #: Where each option was written: its token's index in the argument list.
    at: dict[str, int] = field(default_factory=dict)


class HookChange(Struct, frozen=True):
    """One way the hook is relaxed: what, and where the new config writes it."""

    hook: str  # the hook's id
    what: str  # "adds --ignore DBN101"
    location: Location


def _split(value: str) -> list[str]:
    return [v.strip().casefold() for v in value.split(",") if v.strip()]


def _parse(tokens: Sequence[str]) -> _Args:
    out = _Args()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        name, _, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        valued = name in ("--ignore", "--select", "--fail-on", "--config", "--extends")
        value = inline if inline else (tokens[i + 1] if valued and i + 1 < len(tokens) else "")
        if valued and not inline:
            i += 1
        if name == "--ignore":
            out.ignore += _split(value)
        elif name == "--select":
            out.select += _split(value)
        elif name == "--fail-on":
            out.fail_on = value.casefold()
        elif name == "--config":
            out.config = value
        elif name == "--extends":
            out.extends.append(value)
        elif name == "--exit-zero":
            out.exit_zero = True
        elif name == "--allow-whitelist-growth":
            out.allow_growth = True
        elif name == "--no-whitelist":
            out.no_whitelist = True
        out.at.setdefault(name, i - 1 if valued and not inline else i)
        i += 1
    return out


def _covered(code: str, by: Sequence[str]) -> bool:
    """Whether selector ``code`` is one of ``by`` or under one of their prefixes."""
    return any(code.startswith(b) for b in by)


def _relaxations(old: _Args, new: _Args, fail_on: Severity) -> list[tuple[str, str]]:
    """(option, what) for each way ``new`` fails less than ``old``."""
    out: list[tuple[str, str]] = []
    added = [c for c in new.ignore if not _covered(c, old.ignore)]
    if added:
        out.append(("--ignore", f"adds --ignore {','.join(c.upper() for c in added)}"))
    if new.select and (not old.select or not all(_covered(c, new.select) for c in old.select)):
        was = ",".join(c.upper() for c in old.select) if old.select else "every code"
        now = ",".join(c.upper() for c in new.select)
        out.append(("--select", f"narrows --select to {now} (was {was})"))
    for option, before, after in (
        ("--exit-zero", old.exit_zero, new.exit_zero),
        ("--allow-whitelist-growth", old.allow_growth, new.allow_growth),
        ("--no-whitelist", old.no_whitelist, new.no_whitelist),
    ):
        if after and not before:
            out.append((option, f"adds {option}"))
    was_rank = _SEVERITY_RANK.get(old.fail_on or fail_on.value, 2)
    if new.fail_on is not None and _SEVERITY_RANK.get(new.fail_on, 2) > was_rank:
        out.append(
            ("--fail-on", f"raises --fail-on to {new.fail_on} (was {old.fail_on or fail_on.value})")
        )
    if new.config != old.config:
        out.append(("--config", f"changes --config to {new.config or 'the default'}"))
    if [e for e in new.extends if e not in old.extends]:
        out.append(("--extends", f"adds --extends {','.join(new.extends)}"))
    return out


def _hooks(data: Any) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """(key path, hook) of each dbnamelint hook of a pre-commit config."""
    out: list[tuple[tuple[str | int, ...], dict[str, Any]]] = []
    repos = data.get("repos") if isinstance(data, dict) else None
    for i, repo in enumerate(repos if isinstance(repos, list) else ()):
        hooks = repo.get("hooks") if isinstance(repo, dict) else None
        for j, hook in enumerate(hooks if isinstance(hooks, list) else ()):
            if isinstance(hook, dict) and str(hook.get("id", "")).startswith("dbnamelint"):
                out.append((("repos", i, "hooks", j), hook))
    return out


def _tokens(hook: dict[str, Any]) -> tuple[list[str], int] | None:
    """The hook's ``check`` arguments (its entry's after ``check``, then its ``args``)
    and how many came from the entry; None when its entry runs no ``dbnamelint check``."""
    entry = hook.get("entry")
    head: list[str] = []
    if isinstance(entry, str):
        try:
            words = shlex.split(entry)
        except ValueError:
            return None
        if not any("dbnamelint" in w for w in words) or "check" not in words:
            return None
        head = words[words.index("check") + 1 :]
    args = hook.get("args")
    listed = [str(a) for a in args] if isinstance(args, list) else []
    return head + listed, len(head)


def _document(text: str | None) -> LocatedDocument | None:
    if text is None:
        return None
    # Here, not at the top: PyYAML is imported only when a hook config changed.
    from dbnamelint.config.located import parse_located_yaml

    try:
        return parse_located_yaml(text, HOOK_CONFIG)
    except Exception:  # a config pre-commit cannot read either: pre-commit says so
        return None


def hook_changes(old_text: str | None, new_text: str | None, fail_on: Severity) -> list[HookChange]:
    """How the dbnamelint hooks of ``new_text`` (a ``.pre-commit-config.yaml``)
    are relaxed against ``old_text``'s, hook by hook (matched by id, in order);
    a hook that ``old_text`` lacks is new, no relaxation. Also the hooks of
    ``old_text`` that ``new_text`` removed or no longer runs dbnamelint with
    (reported at the new config's top or the hook)."""
    if old_text == new_text:
        return []  # the same hooks: nothing relaxed (and no YAML read)
    old, new = _document(old_text), _document(new_text)
    if old is None:
        return []
    from dbnamelint.config.located import LocatedDocument

    top = LocatedDocument(HOOK_CONFIG, {})
    locate = (new or top).locate
    before: dict[str, list[dict[str, Any]]] = {}
    for _, hook in _hooks(old.data):
        before.setdefault(str(hook["id"]), []).append(hook)
    seen: dict[str, int] = {}
    out: list[HookChange] = []
    for path, hook in _hooks(new.data) if new is not None else ():
        hook_id = str(hook["id"])
        k = seen[hook_id] = seen.get(hook_id, -1) + 1
        earlier = before.get(hook_id, [])
        if k >= len(earlier):
            continue  # a hook added by the change
        now, was = _tokens(hook), _tokens(earlier[k])
        if was is None:
            continue
        if now is None:
            where = locate((*path, "entry"))
            out.append(HookChange(hook_id, "its entry no longer runs dbnamelint check", where))
            continue
        tokens, from_entry = now
        parsed = _parse(tokens)
        for option, what in _relaxations(_parse(was[0]), parsed, fail_on):
            at = parsed.at.get(option)
            if at is None or at < from_entry:
                where = locate((*path, "entry" if at is not None else "args"))
            else:
                where = locate((*path, "args", at - from_entry))
            out.append(HookChange(hook_id, what, where))
    remaining = {i: len(v) for i, v in before.items()}
    for hook_id, count in seen.items():
        remaining[hook_id] = max(0, remaining.get(hook_id, 0) - (count + 1))
    for hook_id, count in sorted(remaining.items()):
        if count:
            where = locate(("repos",))
            out.append(HookChange(hook_id, "removes the hook", where))
    return out


def _staged_text(repo: Path) -> str | None:
    # From the run's index listing and blob reads: no git process of its own
    # when the repository has no hook config.
    try:
        data = staged_bytes(repo, HOOK_CONFIG)
    except GitError:
        return None
    return None if data is None else data.decode("utf-8-sig", "replace")


def _message(change: HookChange, ref: str, hook: bool) -> str:
    head = f"the change relaxes the {change.hook} pre-commit hook since {ref}: it {change.what}"
    if hook:
        return (
            f"{head}; the hook runs with the arguments being committed, so this commit "
            "would pass what the hook refused before. Revert the hook change, or, when the "
            f"relaxation is agreed, commit it with SKIP={change.hook} (check --base in CI "
            "judges every name whatever the hook's arguments)"
        )
    return (
        f"{head}; this gate does not read the hook's arguments and judged every finding, "
        "but commits made with the relaxed hook are checked only here"
    )


def _diagnostic(change: HookChange, ref: str, *, hook: bool, shown: str) -> Diagnostic:
    at = change.location
    return Diagnostic(
        Location(shown, at.line, at.column),
        Severity.ERROR if hook else Severity.WARNING,
        _message(change, ref, hook),
        CONFIG_RELAXED_CODE,
    )


def hook_relaxations(cwd: Path, ref: str, fail_on: Severity) -> list[Diagnostic]:
    """``DBN909`` errors for the pre-commit hook: the dbnamelint hook as the
    index being committed has it, relaxed against ``ref``'s (``HEAD``)."""
    try:
        repo = repository_root(cwd)
        # The commit's full id: its tree listing, which the run has, says
        # whether the file is there (no ``git show`` when it is not).
        old = show_file(repo, resolve_commit(repo, ref), HOOK_CONFIG)
    except GitError:
        return []
    shown = _shown(repo, cwd)
    changes = hook_changes(old, _staged_text(repo), fail_on)
    return [_diagnostic(c, ref, hook=True, shown=shown) for c in changes]


def hook_differences(cwd: Path, ref: str, fail_on: Severity) -> list[Diagnostic]:
    """``DBN909`` warnings for ``check --base``: how the working tree's dbnamelint
    hook is relaxed against ``ref``'s, hook removal included."""
    try:
        repo = repository_root(cwd)
        old = show_file(repo, ref, HOOK_CONFIG)
    except GitError:
        return []
    path = repo / HOOK_CONFIG
    try:
        new = path.read_text(encoding="utf-8-sig") if path.is_file() else None
    except OSError:
        return []
    shown = _shown(repo, cwd)
    return [_diagnostic(c, ref, hook=False, shown=shown) for c in hook_changes(old, new, fail_on)]


def hook_config_path(cwd: Path) -> Path | None:
    """The ``.pre-commit-config.yaml`` a gate run compares (the run cache checks
    its bytes), or None outside a repository."""
    try:
        return repository_root(cwd) / HOOK_CONFIG
    except GitError:
        return None


def _shown(repo: Path, cwd: Path) -> str:
    """The config's path as the report shows paths: relative to the current folder."""
    return Path(os.path.relpath(repo / HOOK_CONFIG, cwd)).as_posix()
