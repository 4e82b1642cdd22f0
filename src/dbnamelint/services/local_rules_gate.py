"""Local rule code a change adds or edits is not run by the gate (``DBN909``).

``local_rules:`` names project Python modules that the run imports. The
gate (``check --base REF``, the pre-commit hook against ``HEAD``) judges a
change with the change's own config, so a change adding a rule module, or
editing one, had its new code run while judging it: a module patching a
built-in rule, or calling ``os._exit(0)``, passed the gate silently (trial
s36 lemmy F2). Rule code is like a config change that relaxes the rules:
the gate reports it, located at the config's ``local_rules``, and judges
the change with REF's local rules (imported from REF's tree, code already
accepted), never the new code. Accepting it (``--allow-whitelist-growth``,
then a warning) still does not run it in that gate; the next change is
judged with it.

"Changed": an entry REF's config does not list, or a module whose files
differ from REF's (a ``.py`` path: that file; a dotted module: its
top-level package's ``.py`` files, or its file). Other project files the
module imports are not compared (README, local rules).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from msgspec import Struct

from dbnamelint.config.errors import ConfigError
from dbnamelint.config.load import merged_config
from dbnamelint.config.selectors import RuleRegistry
from dbnamelint.gitutil import extract_tree, relative_to_repo, repository_root, resolve_commit
from dbnamelint.model import Diagnostic, Location, Severity

CODE = "DBN909"
#: How a gate run accepts it (as for the other DBN909 relaxations).
ACCEPT = (
    "review the rule code, then pass --allow-whitelist-growth (the pre-commit hook: "
    "`SKIP=dbnamelint git commit ...`, CI's `check --base` judges it again) when it is agreed"
)


class LocalRulesChange(Struct, frozen=True):
    """Rule code the change adds or edits, and the rules to judge it with."""

    changed: tuple[str, ...]  # the entries as the config writes them
    where: Location
    registry: RuleRegistry  # built-ins, entry points and REF's local rules

    def diagnostic(self, ref: str, *, allowed: bool) -> Diagnostic:
        listed = ", ".join(repr(c) for c in self.changed)
        return Diagnostic(
            self.where,
            Severity.WARNING if allowed else Severity.ERROR,
            f"local_rules: the change adds or edits rule code since {ref} ({listed}); "
            f"the gate does not run it: the change is judged with the local rules of {ref}"
            + ("" if allowed else f"; {ACCEPT}"),
            CODE,
        )


def local_rules_change(
    cwd: Path, config: Path | None, extends: tuple[str, ...], ref: str
) -> LocalRulesChange | None:
    """What rule code the working tree's config runs that ``ref``'s does not
    (None: none, or no ``local_rules``). Raises ConfigError (the config is
    unusable: the run reports it as always) and GitError."""
    now = merged_config(cwd, config, extends)
    if not now.merged.local_rules or now.found is None:
        return None
    repo = repository_root(cwd)
    commit = resolve_commit(repo, ref)
    with tempfile.TemporaryDirectory(prefix="dbnamelint-rules-") as scratch:
        base_top = Path(scratch).resolve()
        config_files = [now.found]
        config_files += [Path(y.doc.path) for y in now.layers if not y.doc.path.startswith("<")]
        wanted = {r for p in config_files if (r := _repo_path(repo, cwd / p)) is not None}
        extract_tree(repo, commit, base_top, lambda p: p in wanted)
        base_cwd = _in_base(repo, base_top, cwd)
        base_specs: tuple[str, ...] = ()
        base_root = base_cwd
        found = _in_base(repo, base_top, now.found)
        if found.is_file():
            base_cwd.mkdir(parents=True, exist_ok=True)
            try:
                base = merged_config(base_cwd, found, extends)
                base_specs, base_root = tuple(base.merged.local_rules), base.root
            except (ConfigError, OSError):
                pass  # no usable config at REF: every local rule is new
        now_keys = {_key(s, now.root, repo): s for s in now.merged.local_rules}
        base_keys = {_key(s, base_root, base_top): s for s in base_specs}
        prefixes = [p for k in {*now_keys, *base_keys} for p in _files_of(k)]
        extract_tree(repo, commit, base_top, lambda p: any(_under(p, x) for x in prefixes))
        changed = tuple(
            _written(spec, now.root)
            for key, spec in now_keys.items()
            if key not in base_keys or _texts(repo, key) != _texts(base_top, key)
        )
        if not changed:
            return None
        where = now.merged.where("local_rules") or Location(str(config or "dbnamelint.yaml"), 1, 1)
        return LocalRulesChange(changed, where, _registry(base_specs, base_root))


def _registry(specs: tuple[str, ...], root: Path) -> RuleRegistry:
    """The rules REF's config would run; built-ins alone when REF's modules
    do not load (the base run reports that)."""
    from dbnamelint.rules.registry import RuleLoadError, discover_rules

    try:
        return discover_rules(specs, root)
    except RuleLoadError:
        return discover_rules(())


def _repo_path(repo: Path, path: Path) -> str | None:
    return relative_to_repo(repo, Path(os.path.normpath(path)))


def _in_base(repo: Path, base_top: Path, path: Path) -> Path:
    rel = _repo_path(repo, path)
    return base_top if rel in (None, ".", "") else base_top / str(rel)


def _key(spec: str, root: Path, top: Path) -> str:
    """A local rule entry as a path from the repository top (``a/b.py``, or
    ``a/b`` for the dotted module ``a.b``), the same in both trees."""
    if spec.endswith(".py") or "/" in spec or "\\" in spec:
        target = Path(os.path.normpath(root / spec))
    else:
        target = root / spec.split(".", maxsplit=1)[0]  # the top-level package or module
    try:
        return target.relative_to(top).as_posix()
    except ValueError:
        return target.as_posix()


def _files_of(key: str) -> tuple[str, ...]:
    """Repository paths (or folder prefixes) holding an entry's code."""
    return (key,) if key.endswith(".py") else (key, f"{key}.py")


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def _texts(top: Path, key: str) -> dict[str, bytes]:
    """The ``.py`` files of an entry below ``top``, by path."""
    return {
        p.relative_to(top).as_posix(): p.read_bytes()
        for name in _files_of(key)
        for p in _python_files(top / name)
    }


def _python_files(place: Path) -> Iterator[Path]:
    if place.is_file():
        yield place
    elif place.is_dir():
        yield from (p for p in sorted(place.rglob("*.py")) if "__pycache__" not in p.parts)


def _written(spec: str, root: Path) -> str:
    """An entry as the config writes it (a path entry is stored absolute)."""
    path = Path(spec)
    if path.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return spec
    return spec
