"""Project configuration: find it, validate it, merge its packs, build Settings.

A config is a stack of layers (packs in ``extends`` order, then the file
itself), merged once into a frozen :class:`Settings`. Every layer keeps the
line of every key it set, so an error found after merging (a bad rule
option from a pack, an unknown rule name) still points at the file and line
that wrote it: users fix configs by going to a line, not by guessing which
of three files is wrong.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from dbnamelint import yamlsafe
from dbnamelint.config_files import find_config, project_root
from dbnamelint.core.diagnostics import (
    DiagnosticSelection,
    expand_diagnostic_selector,
    selection_from,
)
from dbnamelint.findings import Finding
from dbnamelint.globs import PathGlob
from dbnamelint.model import Location, Severity
from dbnamelint.rules.base import ModuleInfo, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

#: File names looked for in each directory, in order, before pyproject.toml.
DEFAULT_MODULE_PATTERN = "module-{module}/"
DEFAULT_EXTENDS = ("recommended",)
DEFAULT_WHITELIST = "whitelist.yaml"
#: Longest ``extends`` chain followed; real ones are 2-4 deep.
MAX_EXTENDS_DEPTH = 32

KeyPath = tuple[str | int, ...]


class ConfigError(Exception):
    """Bad user input in a config, pack or whitelist; the CLI exits with 2.

    ``location`` is ``None`` only for errors in command-line options, which
    have no file to point at.
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


# --------------------------------------------------------------------------
# Documents that remember where each key was written
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LocatedDocument:
    """Parsed data plus the (line, column) of every key and list item.

    pydantic reports errors as key paths; this turns a key path back into a
    place in the file. A path that was never written (a missing required
    key) falls back to its nearest written parent.
    """

    path: str
    data: Any
    marks: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, key_path: Sequence[str | int] = ()) -> Location:
        """Location of ``key_path`` or of its closest ancestor that was written."""
        parts = tuple(key_path)
        for n in range(len(parts), -1, -1):
            mark = self.marks.get(parts[:n])
            if mark is not None:
                return Location(self.path, mark[0], mark[1])
        return Location(self.path, 1, 1)


def _collect_marks(
    node: yaml.Node,
    path: KeyPath,
    marks: dict[KeyPath, tuple[int, int]],
    display: str,
) -> None:
    """Record each key's and item's position; refuse duplicate keys.

    PyYAML silently keeps the last of two equal keys, which hides typos such
    as a rule configured twice; we make it an error instead.
    """
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child: KeyPath = (*path, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                where = Location(display, line, key_node.start_mark.column + 1)
                raise ConfigError(
                    f"{_dotted(child)}: duplicate key (first written at line {seen[key]})",
                    where,
                )
            seen[key] = line
            marks[child] = (line, key_node.start_mark.column + 1)
            _collect_marks(value_node, child, marks, display)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path: KeyPath = (*path, index)
            marks[item_path] = (item.start_mark.line + 1, item.start_mark.column + 1)
            _collect_marks(item, item_path, marks, display)


def parse_located_yaml(text: str, display: str) -> LocatedDocument:
    """Parse YAML text, keeping key positions; YAML errors become ConfigError.

    Goes through :mod:`dbnamelint.yamlsafe`, so aliases that expand without
    bound, recursive aliases, deep nesting and control characters are
    located errors before anything walks the document.
    """
    try:
        node, loader = yamlsafe.compose(text)
    except yamlsafe.SafeYamlError as exc:
        raise ConfigError(exc.message, Location(display, exc.line, exc.column)) from None
    try:
        if node is None:
            return LocatedDocument(display, None, {})
        marks: dict[KeyPath, tuple[int, int]] = {(): (1, 1)}
        _collect_marks(node, (), marks, display)
        data = yamlsafe.construct(loader, node)
    except yamlsafe.SafeYamlError as exc:
        raise ConfigError(exc.message, Location(display, exc.line, exc.column)) from None
    finally:
        loader.dispose()
    return LocatedDocument(display, data, marks)


def read_text(path: Path, display: str) -> str:
    """Read a config-like file: regular files only, bounded, UTF-8.

    OS and decoding errors, FIFOs and devices become a located ConfigError.
    """
    try:
        return yamlsafe.read_regular_text(path)
    except FileNotFoundError:
        raise ConfigError("no such file", Location(display, 1, 1)) from None
    except yamlsafe.SafeYamlError as exc:
        raise ConfigError(exc.message, Location(display, exc.line, exc.column)) from None


def load_located_yaml(path: Path, display: str | None = None) -> LocatedDocument:
    """Read and parse a YAML file with key positions."""
    shown = display or str(path)
    return parse_located_yaml(read_text(path, shown), shown)


_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(
    r"^\s*((?:[A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)
_TOML_LINE_COLUMN = re.compile(r"at line (\d+), column (\d+)")
_TOOL_SECTION = ("tool", "dbnamelint")


def _toml_key_parts(text: str) -> tuple[str, ...]:
    parts = re.findall(r"\"[^\"]*\"|'[^']*'|[^.\s]+", text)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def _toml_marks(text: str) -> dict[KeyPath, tuple[int, int]]:
    """Approximate key lines of ``[tool.dbnamelint]`` by scanning the text.

    tomllib keeps no positions. A line scan of table headers and ``key =``
    lines is exact for the usual layouts and only falls back to a parent's
    line for keys inside inline tables, which is good enough for an error.
    """
    marks: dict[KeyPath, tuple[int, int]] = {}
    table: tuple[str, ...] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header:
            parts = _toml_key_parts(header.group(1))
            if parts[:2] == _TOOL_SECTION:
                table = parts[2:]
                marks.setdefault(table, (number, 1))
            else:
                table = None
            continue
        key = _TOML_KEY.match(line)
        if key and table is not None:
            column = len(line) - len(line.lstrip()) + 1
            marks.setdefault((*table, *_toml_key_parts(key.group(1))), (number, column))
    return marks


def load_pyproject(path: Path, display: str | None = None) -> LocatedDocument | None:
    """The ``[tool.dbnamelint]`` table of a pyproject.toml, or None when absent."""
    shown = display or str(path)
    text = read_text(path, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE_COLUMN.search(str(exc))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
        message = str(exc).split(" (at line")[0]
        raise ConfigError(f"invalid TOML: {message}", Location(shown, line, column)) from None
    section = data.get("tool", {}).get("dbnamelint")
    if section is None:
        return None
    return LocatedDocument(shown, section, _toml_marks(text))


# --------------------------------------------------------------------------
# Validation of one layer
# --------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleSettingModel(_Strict):
    """``rules.<code or name>: {severity?, options?}``."""

    severity: Severity | None = None
    options: dict[str, Any] = Field(default_factory=dict)


class ModuleModel(_Strict):
    """``modules.<name>: {prefixes: [...]}`` (the long form)."""

    prefixes: list[str]


class PerPathModel(_Strict):
    """One ``per_path`` item: settings for files matching some globs."""

    paths: list[str] = Field(min_length=1)
    dialect: str | None = None
    module: str | None = None
    ignore: list[str] = Field(default_factory=list)


_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ConfigModel(_Strict):
    """One config file or pack. ``None`` means "this layer does not set it"."""

    description: str | None = None
    extends: str | list[str] | None = None
    paths: list[str] | None = None
    exclude: list[str] | None = None
    dialect: str | None = None
    module_pattern: str | None = None
    modules: dict[str, list[str] | ModuleModel] | None = None
    per_path: list[PerPathModel] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    rules: dict[str, bool | RuleSettingModel] | None = None
    whitelist: str | None = None
    local_rules: list[str] | None = None
    include_down_migrations: bool | None = None
    #: The NAME of the environment variable holding the database URL that
    #: ``--db``/``drift`` read (a URL holds a password; configs are committed).
    database: str | None = None

    @field_validator("database")
    @classmethod
    def _environment_variable(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_NAME.fullmatch(value):
            raise ValueError(
                "must name the environment variable that holds the database URL "
                "(e.g. DATABASE_URL), not the URL: a URL may hold a password"
            )
        return value


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _error_path(data: Any, error: ErrorDetails) -> KeyPath:
    """The key path a pydantic error is about, without union member tags.

    pydantic puts the failing union member (``bool``, ``ModuleModel``,
    ``literal['all']``) into ``loc``; an element that is not a key or index
    of the data at that point is such a tag, unless it is the field that a
    "missing" error names. Keeping tags would print paths users never wrote.
    """
    loc = error["loc"]
    out: list[str | int] = []
    current = data
    for position, part in enumerate(loc):
        if isinstance(current, Mapping) and part in current:
            out.append(str(part))
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
        elif (
            isinstance(current, Mapping) and error["type"] == "missing" and position == len(loc) - 1
        ):
            out.append(part)
    return tuple(out)


def best_error(exc: ValidationError, data: Any) -> tuple[ErrorDetails, KeyPath, int]:
    """The most specific error, its key path, and how many other places failed.

    Unions report one error per member; the deepest one is the member the
    user meant (a mapping given for ``bool | RuleSettingModel`` is wrong
    inside the mapping, not "not a boolean").
    """
    located = [(e, _error_path(data, e)) for e in exc.errors()]
    # deepest first; on a tie an unknown key explains a "missing" one (a typo)
    error, path = max(
        located, key=lambda pair: (len(pair[1]), pair[0]["type"] == "extra_forbidden")
    )
    others = {p for _, p in located if p != path[: len(p)]}
    return error, path, len(others)


def validation_error(
    exc: ValidationError,
    data: Any,
    doc: LocatedDocument,
    prefix: KeyPath = (),
    known_keys: Iterable[str] = (),
) -> ConfigError:
    """A pydantic error as a ConfigError naming the key path, at its line."""
    error, path, more = best_error(exc, data)
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        message = "unknown key"
        if len(path) == 1:
            close = difflib.get_close_matches(str(path[0]), list(known_keys), n=3)
            if close:
                message += f" (did you mean {', '.join(close)}?)"
    elif error["type"] == "missing":
        message = "required key missing"
    full = (*prefix, *path)
    suffix = f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else ""
    return ConfigError(f"{_dotted(full)}: {message}{suffix}", doc.locate(full))


def validate_layer(doc: LocatedDocument) -> ConfigModel:
    """Validate one config file or pack."""
    data = {} if doc.data is None else doc.data
    if not isinstance(data, Mapping):
        raise ConfigError("expected a mapping of settings at the top level", doc.locate())
    try:
        return ConfigModel.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, doc, known_keys=ConfigModel.model_fields) from None


# --------------------------------------------------------------------------
# Finding and loading layers
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layer:
    doc: LocatedDocument
    model: ConfigModel
    base_dir: Path  # relative paths written in this layer start here


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def _load_file_doc(path: Path, cwd: Path) -> LocatedDocument:
    shown = _display(path, cwd)
    if path.suffix == ".toml":
        doc = load_pyproject(path, shown)
        if doc is None:
            raise ConfigError("no [tool.dbnamelint] table", Location(shown, 1, 1))
        return doc
    return load_located_yaml(path, shown)


def _absolute(path: Path) -> Path:
    """``path`` with links resolved where possible; a symlink loop stays as
    written (``Path.resolve`` raises RuntimeError on 3.10-3.12) so that
    reading it reports the loop as a located error."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return Path(os.path.normpath(path.absolute()))


def _is_path_reference(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml"))


def _pack_document(name: str) -> tuple[LocatedDocument, Path]:
    """A built-in pack by name, with key positions when it is a plain file."""
    from dbnamelint.rules.pack_loader import find_pack, load_pack

    found = find_pack(name)
    if found is not None:
        return load_located_yaml(found, f"<pack {name}>"), found.parent
    # a zipped install has no file path: no positions, but still usable
    return LocatedDocument(f"<pack {name}>", load_pack(name), {}), Path.cwd()


def _collect_layers(
    doc: LocatedDocument,
    base_dir: Path,
    identity: str,
    *,
    cwd: Path,
    stack: tuple[str, ...],
    seen: set[str],
    extra_extends: Sequence[str] = (),
) -> list[_Layer]:
    """Layers of ``doc`` in application order: its packs first, then itself.

    A pack reached twice (two packs both extending ``recommended``) is
    applied once, at its first place, so it cannot undo what came between.
    """
    model = validate_layer(doc)
    if len(stack) >= MAX_EXTENDS_DEPTH:
        chain = " -> ".join([*_names(stack[:3]), "...", _name(identity)])
        raise ConfigError(
            f"extends: chain deeper than {MAX_EXTENDS_DEPTH} files ({chain})", doc.locate()
        )
    extends = [model.extends] if isinstance(model.extends, str) else list(model.extends or [])
    refs = [
        (ref, doc.locate(("extends", i) if not isinstance(model.extends, str) else ("extends",)))
        for i, ref in enumerate(extends)
    ]
    refs += [(ref, doc.locate(("extends",))) for ref in extra_extends]
    layers: list[_Layer] = []
    for ref, where in refs:
        if _is_path_reference(ref):
            target = _absolute(base_dir / ref)
            child_id = str(target)
        else:
            target = None
            child_id = f"pack:{ref}"
        if child_id in stack or child_id == identity:
            chain = " -> ".join([*_names(stack), _name(identity), _name(child_id)])
            raise ConfigError(f"extends cycle: {chain}", where)
        if child_id in seen:
            continue
        seen.add(child_id)
        if target is not None:
            if not os.path.lexists(target):
                raise ConfigError(f"extends: no such file {ref!r}", where)
            child_doc, child_dir = _load_file_doc(target, cwd), target.parent
        else:
            child_doc, child_dir = _load_pack_or_fail(ref, where)
        layers += _collect_layers(
            child_doc, child_dir, child_id, cwd=cwd, stack=(*stack, identity), seen=seen
        )
    layers.append(_Layer(doc, model, base_dir))
    return layers


def _load_pack_or_fail(name: str, where: Location) -> tuple[LocatedDocument, Path]:
    try:
        return _pack_document(name)
    except ConfigError:
        raise
    except (LookupError, ValueError, OSError, ImportError) as exc:
        raise ConfigError(f"extends: unknown pack {name!r} ({exc})", where) from None


def _name(identity: str) -> str:
    return identity.removeprefix("pack:")


def _names(stack: Iterable[str]) -> list[str]:
    return [_name(s) for s in stack]


# --------------------------------------------------------------------------
# Rule selectors
# --------------------------------------------------------------------------

RuleRegistry = Mapping[str, type[Rule]]


def expand_selector(
    selector: str, registry: RuleRegistry, *, prefixes: bool = True
) -> frozenset[str]:
    """Codes a selector stands for: ``ALL``, a code, a name or a code prefix.

    Raises ``LookupError`` with close matches when it stands for nothing,
    because a typo in ``ignore`` would otherwise silently ignore nothing.
    """
    key = selector.strip()
    upper = key.upper()
    by_code = {code.upper(): code for code in registry}
    if prefixes and upper == "ALL":
        return frozenset(registry)
    if upper in by_code:
        return frozenset({by_code[upper]})
    named = frozenset(code for code, cls in registry.items() if cls.name == key.lower())
    if named:
        return named
    if prefixes and re.fullmatch(r"[A-Za-z]+[0-9]*", key):
        matched = frozenset(code for up, code in by_code.items() if up.startswith(upper))
        if matched:
            return matched
    candidates = [*registry, *(cls.name for cls in registry.values())]
    close = difflib.get_close_matches(key, candidates, n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise LookupError(f"unknown rule {selector!r}{hint}")


def _expand_all(
    selectors: Iterable[str],
    registry: RuleRegistry,
    doc: LocatedDocument | None,
    key_path: KeyPath,
    *,
    diagnostics: bool = False,
) -> frozenset[str]:
    """Expand a list of selectors; an unknown one is an error at its item.

    With ``diagnostics``, a selector naming only diagnostic codes (DBN011)
    is not an error: :func:`diagnostic_selectors` picks it up.
    """
    codes: set[str] = set()
    for index, selector in enumerate(selectors):
        try:
            codes |= expand_selector(selector, registry)
        except LookupError as exc:
            if diagnostics and expand_diagnostic_selector(selector):
                continue
            where = doc.locate((*key_path, index)) if doc is not None else None
            raise ConfigError(f"{_dotted(key_path)}: {exc.args[0]}", where) from None
    return frozenset(codes)


# --------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PerPathSettings:
    """Overrides for files whose path (relative to the root) matches a glob.

    The sources layer reads the same globs for ``dialect`` and ``module``
    (:class:`~dbnamelint.globs.PathGlob` both times), so an override's
    ``ignore`` covers exactly the files its dialect does.
    """

    paths: tuple[str, ...]
    dialect: str | None = None
    module: str | None = None
    ignore: frozenset[str] = frozenset()  # rule codes

    def matches(self, relative_path: str) -> bool:
        """Whether a root-relative, ``/``-separated path is covered."""
        return any(PathGlob.compile(p).matches(relative_path) for p in self.paths)


@dataclass(frozen=True, slots=True, eq=False)
class Settings:
    """Everything a check run needs from configuration, merged and validated."""

    config_path: Path | None
    root: Path
    paths: tuple[str, ...]
    exclude: tuple[str, ...]
    dialect: str | None
    module_pattern: str
    modules: Mapping[str, tuple[str, ...]]
    per_path: tuple[PerPathSettings, ...]
    rules: tuple[tuple[Rule, Severity], ...]
    whitelist_path: Path
    local_rules: tuple[str, ...]
    include_down: bool
    #: Every rule that could run (for validating whitelist and suppression keys).
    registry: RuleRegistry = field(default_factory=lambda: MappingProxyType({}))
    #: Name of the environment variable holding the database URL (``database:``).
    database_env: str | None = None
    #: Which diagnostics (DBN0xx/DBN9xx) are listed; set from the command line.
    diagnostic_selection: DiagnosticSelection = field(default_factory=DiagnosticSelection)
    #: The config layers applied, in order: ``pack:NAME`` or a file path (for --verbose).
    layers: tuple[str, ...] = ()
    #: --select/--ignore narrowed the configured rules: entries cannot be judged stale.
    narrowed: bool = False

    def module_infos(self) -> Mapping[str, ModuleInfo]:
        """Configured modules as the rules' :class:`ModuleInfo` values."""
        return MappingProxyType(
            {name: ModuleInfo(name, prefixes) for name, prefixes in self.modules.items()}
        )

    @property
    def active_rules(self) -> frozenset[str]:
        """Codes and names of the rules that run (for stale/unused checks)."""
        return frozenset(k for rule, _ in self.rules for k in (rule.code, rule.name))

    def ignored_codes(self, path: str | Path) -> frozenset[str]:
        """Codes ``per_path`` ignores for a file (absolute or root-relative)."""
        candidate = Path(path)
        if candidate.is_absolute():
            try:
                candidate = candidate.relative_to(self.root)
            except ValueError:
                return frozenset()
        relative = candidate.as_posix()
        codes: frozenset[str] = frozenset()
        for override in self.per_path:
            if override.matches(relative):
                codes |= override.ignore
        return codes


def drop_per_path_ignored(
    findings: Iterable[Finding], settings: Settings, cwd: Path
) -> tuple[Finding, ...]:
    """Findings minus those ``per_path.ignore`` switches off for their file.

    Finding paths are shown relative to ``cwd``; globs are relative to the
    config's root, so each path is re-anchored once per file.
    """
    base = cwd.resolve()
    ignored: dict[str, frozenset[str]] = {}
    out: list[Finding] = []
    for finding in findings:
        shown = finding.location.path
        if shown not in ignored:
            ignored[shown] = settings.ignored_codes(base / shown)
        if finding.code not in ignored[shown]:
            out.append(finding)
    return tuple(out)


@dataclass(slots=True)
class _RuleState:
    """What the layers said about one rule so far (merge scratchpad)."""

    enabled: bool | None = None
    severity: Severity | None = None
    options: dict[str, Any] = field(default_factory=dict)
    option_origin: dict[str, tuple[LocatedDocument, KeyPath]] = field(default_factory=dict)
    origin: tuple[LocatedDocument, KeyPath] | None = None


@dataclass(slots=True)
class _Merged:
    """Non-rule settings after merging, with where each was last set."""

    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, tuple[_Layer, Location]] = field(default_factory=dict)
    modules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    local_rules: list[str] = field(default_factory=list)

    def where(self, key: str) -> Location | None:
        found = self.origin.get(key)
        return found[1] if found else None


_SCALARS = (
    "paths",
    "exclude",
    "dialect",
    "module_pattern",
    "per_path",
    "include_down_migrations",
    "database",
)


def _merge_plain(layers: Sequence[_Layer], project: Path) -> _Merged:
    merged = _Merged()
    for layer in layers:
        model = layer.model
        for key in _SCALARS:
            value = getattr(model, key)
            if value is not None:
                merged.values[key] = value
                merged.origin[key] = (layer, layer.doc.locate((key,)))
        if model.whitelist is not None:
            merged.values["whitelist"] = layer.base_dir / model.whitelist
            merged.origin["whitelist"] = (layer, layer.doc.locate(("whitelist",)))
        for name, spec in (model.modules or {}).items():
            prefixes = spec if isinstance(spec, list) else spec.prefixes
            merged.modules[name] = tuple(prefixes)
        if model.local_rules is not None:
            merged.local_rules = _local_rule_refs(layer, model.local_rules, project)
            merged.origin["local_rules"] = (layer, layer.doc.locate(("local_rules",)))
    return merged


def _inside(path: Path, folder: Path) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(folder)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _local_rule_refs(layer: _Layer, refs: Sequence[str], project: Path) -> list[str]:
    """``local_rules`` of one layer, refused unless the code is the project's own.

    ``local_rules`` runs Python, so only a config file inside the project
    (the repository holding the root config) may set it, and a rule file
    must itself be inside the project: an ``extends`` of a shared or
    downloaded YAML, or a ``../`` path, must not run code nobody reviewed
    in this repository. Built-in packs are ours and allowed.
    """
    builtin = layer.doc.path.startswith("<pack ")
    if not builtin and not _inside(layer.base_dir, project):
        raise ConfigError(
            f"local_rules: refused: {layer.doc.path} is outside the project ({project}); "
            "only the project's own config files may load rule code",
            layer.doc.locate(("local_rules",)),
        )
    out: list[str] = []
    for index, ref in enumerate(refs):
        if ref.endswith(".py") or "/" in ref or "\\" in ref:
            target = layer.base_dir / ref
            if not builtin and not _inside(target, project):
                raise ConfigError(
                    f"local_rules[{index}]: refused: {ref!r} is outside the project ({project})",
                    layer.doc.locate(("local_rules", index)),
                )
            out.append(str(target))
        else:
            out.append(ref)
    return out


def _normalize_dialect(name: str, where: Location | None) -> str:
    try:
        from dbnamelint.dialects import normalize_dialect
    except ImportError:  # pragma: no cover - until the sources layer lands
        return name.lower()
    try:
        return normalize_dialect(name)
    except ValueError as exc:
        raise ConfigError(f"dialect: {exc}", where) from None


def _discover(merged: _Merged, root: Path) -> RuleRegistry:
    from dbnamelint.rules.registry import RuleLoadError, discover_rules

    try:
        return discover_rules(tuple(merged.local_rules), root)
    except RuleLoadError as exc:
        raise ConfigError(f"local_rules: {exc}", merged.where("local_rules")) from None


def diagnostic_selectors(layers: Sequence[_Layer]) -> DiagnosticSelection:
    """The config's ``select``/``ignore`` items that name diagnostics, merged as rules'
    are (a later ``select`` starts over)."""
    select: list[str] = []
    ignore: list[str] = []
    for layer in layers:
        if layer.model.select is not None:
            select = [s for s in layer.model.select if expand_diagnostic_selector(s)]
            ignore = []
        if layer.model.ignore is not None:
            ignore = [s for s in layer.model.ignore if expand_diagnostic_selector(s)]
    return selection_from(select, ignore)


def _merge_rules(
    layers: Sequence[_Layer], registry: RuleRegistry
) -> tuple[dict[str, _RuleState], frozenset[str] | None, frozenset[str]]:
    states: dict[str, _RuleState] = {}
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    for layer in layers:
        doc, model = layer.doc, layer.model
        if model.select is not None:
            select = _expand_all(model.select, registry, doc, ("select",), diagnostics=True)
            ignore = frozenset()  # a later select starts over, as in ruff
        if model.ignore is not None:
            ignore = _expand_all(model.ignore, registry, doc, ("ignore",), diagnostics=True)
        written: dict[str, str] = {}  # code -> the key this layer wrote it as
        for key, value in (model.rules or {}).items():
            where = doc.locate(("rules", key))
            try:
                (code,) = expand_selector(key, registry, prefixes=False)
            except LookupError as exc:
                raise ConfigError(f"rules: {exc.args[0]}", where) from None
            if code in written:
                first = doc.locate(("rules", written[code]))
                raise ConfigError(
                    f"rules.{key}: {code} is already configured as rules.{written[code]} "
                    f"(line {first.line}); keep one",
                    where,
                )
            written[code] = key
            state = states.setdefault(code, _RuleState())
            state.origin = (doc, ("rules", key))
            if isinstance(value, bool):
                state.enabled = value
                continue
            state.enabled = True
            if value.severity is not None:
                state.severity = value.severity
            for option, option_value in value.options.items():
                state.options[option] = option_value
                state.option_origin[option] = (doc, ("rules", key, "options"))
    return states, select, ignore


def _instantiate(
    code: str, cls: type[Rule], state: _RuleState | None, fallback: LocatedDocument
) -> Rule:
    """Build a rule with its merged options, validated by its options model.

    An error is blamed on the layer that last set the offending option, or,
    for a missing required option, on the last layer that mentioned the rule
    (the config itself when none did).
    """
    options = state.options if state is not None else {}
    try:
        validated = cls.options_model.model_validate(options)
    except ValidationError as exc:
        _, path, _ = best_error(exc, options)
        origin = state.option_origin.get(str(path[0])) if state and path else None
        if origin is None:
            doc, prefix = state.origin if state and state.origin else (fallback, ("rules", code))
            origin = (doc, (*prefix, "options"))
        raise validation_error(
            exc, options, origin[0], prefix=origin[1], known_keys=cls.options_model.model_fields
        ) from None
    try:
        return cls(validated)
    except (ValueError, TypeError) as exc:
        doc, prefix = state.origin if state and state.origin else (fallback, ("rules", code))
        raise ConfigError(f"{_dotted(prefix)}: {exc}", doc.locate(prefix)) from None


def _select_codes(
    registry: RuleRegistry,
    states: Mapping[str, _RuleState],
    *,
    config_select: frozenset[str] | None,
    config_ignore: frozenset[str],
    cli_select: frozenset[str],
    cli_ignore: frozenset[str],
) -> frozenset[str]:
    """Which rules run: config selection, then the command line, as in ruff.

    Configuring a rule with a mapping enables it (a pack that sets options
    wants it to run); ``false`` disables it; ``ignore`` beats both. A
    ``--select`` on the command line starts over from exactly what it names.
    """
    if cli_select:
        return cli_select - cli_ignore
    if config_select is not None:
        codes = set(config_select)
    else:
        codes = {code for code, cls in registry.items() if cls.default_enabled}
    codes |= {code for code, state in states.items() if state.enabled is True}
    codes -= {code for code, state in states.items() if state.enabled is False}
    return frozenset(codes) - config_ignore - cli_ignore


def load_settings(
    cwd: Path,
    config_path: Path | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    extra_extends: Sequence[str] = (),
    *,
    registry: RuleRegistry | None = None,
) -> Settings:
    """Find, read, merge and validate the configuration for a run in ``cwd``.

    ``extra_extends`` (packs named on the command line) are appended to the
    config's own ``extends``, so the config file still has the last word.
    ``registry`` replaces rule discovery (tests, embedding).
    """
    cwd = cwd.resolve()
    found: Path | None
    if config_path is not None:
        found = _absolute(cwd / config_path)
        if not os.path.lexists(found):
            raise ConfigError("no such config file", Location(_display(found, cwd), 1, 1))
    else:
        found = find_config(cwd)
    if found is None:
        root = cwd
        doc = LocatedDocument("<default config>", {"extends": list(DEFAULT_EXTENDS)})
        identity = "<default config>"
    else:
        root = found.parent
        doc = _load_file_doc(found, cwd)
        identity = str(found)
    layers = _collect_layers(
        doc, root, identity, cwd=cwd, stack=(), seen={identity}, extra_extends=extra_extends
    )
    merged = _merge_plain(layers, project_root(root))

    pattern = merged.values.get("module_pattern", DEFAULT_MODULE_PATTERN)
    if pattern.count("{module}") != 1:
        raise ConfigError(
            "module_pattern: must contain {module} exactly once, e.g. 'module-{module}/'",
            merged.where("module_pattern"),
        )
    dialect = merged.values.get("dialect")
    if dialect is not None:
        dialect = _normalize_dialect(dialect, merged.where("dialect"))

    rules_registry = registry if registry is not None else _discover(merged, root)
    states, config_select, config_ignore = _merge_rules(layers, rules_registry)
    cli_select = _expand_all(select, rules_registry, None, ("--select",))
    cli_ignore = _expand_all(ignore, rules_registry, None, ("--ignore",))
    per_path = _per_path(merged, rules_registry)

    # Configured rules are validated even when disabled, so a typo in the
    # options of a rule switched off today does not wait for the day it is on.
    instances = {
        code: _instantiate(code, rules_registry[code], states[code], doc) for code in sorted(states)
    }
    chosen = _select_codes(
        rules_registry,
        states,
        config_select=config_select,
        config_ignore=config_ignore,
        cli_select=cli_select,
        cli_ignore=cli_ignore,
    )
    rules: list[tuple[Rule, Severity]] = []
    for code in sorted(chosen):
        cls = rules_registry[code]
        state = states.get(code)
        rule = instances.get(code) or _instantiate(code, cls, None, doc)
        severity = state.severity if state and state.severity else cls.default_severity
        rules.append((rule, severity))

    return Settings(
        config_path=found,
        root=root,
        paths=tuple(merged.values.get("paths", ())),
        exclude=tuple(merged.values.get("exclude", ())),
        dialect=dialect,
        module_pattern=pattern,
        modules=MappingProxyType(dict(merged.modules)),
        per_path=per_path,
        rules=tuple(rules),
        whitelist_path=merged.values.get("whitelist", root / DEFAULT_WHITELIST),
        local_rules=tuple(merged.local_rules),
        include_down=bool(merged.values.get("include_down_migrations", False)),
        registry=rules_registry,
        database_env=merged.values.get("database"),
        layers=tuple(layer.doc.path for layer in layers),
        diagnostic_selection=diagnostic_selectors(layers),
        narrowed=bool(cli_select or cli_ignore),
    )


def _per_path(merged: _Merged, registry: RuleRegistry) -> tuple[PerPathSettings, ...]:
    items: list[PerPathModel] = merged.values.get("per_path", [])
    if not items:
        return ()
    layer, _ = merged.origin["per_path"]
    out: list[PerPathSettings] = []
    for index, item in enumerate(items):
        dialect = item.dialect
        if dialect is not None:
            dialect = _normalize_dialect(dialect, layer.doc.locate(("per_path", index, "dialect")))
        ignore = _expand_all(item.ignore, registry, layer.doc, ("per_path", index, "ignore"))
        paths = _checked_globs(item.paths, layer.doc, ("per_path", index, "paths"))
        out.append(PerPathSettings(paths, dialect, item.module, ignore))
    return tuple(out)


def _checked_globs(
    patterns: Sequence[str], doc: LocatedDocument, key_path: KeyPath
) -> tuple[str, ...]:
    """The globs, once each is known to compile: matching happens per finding,
    long after the config's lines are at hand to point at."""
    for number, pattern in enumerate(patterns):
        try:
            PathGlob.compile(pattern)
        except ValueError as exc:
            where = (*key_path, number)
            raise ConfigError(f"{_dotted(where)}: {exc}", doc.locate(where)) from None
    return tuple(patterns)
