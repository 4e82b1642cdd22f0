"""What one config file or pack may say: pydantic models and located errors.

Each layer (a pack, an ``extends`` file, the config itself) is validated on
its own against :class:`ConfigModel`; unknown keys are errors. A pydantic
error becomes a :class:`~dbnamelint.config.errors.ConfigError` naming the
key path as the user wrote it, at its line.
"""

from __future__ import annotations

import difflib
import json
from collections import abc
from collections.abc import Iterable, Mapping
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from dbnamelint.config.errors import ConfigError, KeyPath, dotted
from dbnamelint.config.located import LocatedDocument
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import ObjectKind, Severity


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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
    search_path: str | list[str] | None = None
    database: str | None = None


class FlywayInstanceModel(_Strict):
    """One ``flyway_locations`` item written as a mapping: the folders one
    Flyway instance runs, and its history table when not Flyway's default
    (``Flyway.configure().table(...)``, ``spring.flyway.table``)."""

    locations: list[str]
    table: str | None = None


_ENV_NAME = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ConfigModel(_Strict):
    """One config file or pack. ``None`` means "this layer does not set it"."""

    description: str | None = None
    extends: str | list[str] | None = None
    paths: list[str] | None = None
    exclude: list[str] | None = None
    dialect: str | None = None
    #: PostgreSQL: the search_path each file starts with, as the project's
    #: migration runner sets it (``storage, public``); see :mod:`config.load`.
    search_path: str | list[str] | None = None
    module_pattern: str | None = None
    modules: dict[str, list[str] | ModuleModel] | None = None
    per_path: list[PerPathModel] | None = None
    #: Separate databases kept in one tree (a monorepo's services, sqlx's
    #: examples): name -> the folders or globs holding its files.
    databases: dict[str, list[str]] | None = None
    #: Flyway instances: each the folders one Flyway runs as its ``locations``
    #: (one version order, one history table), relative to the config's folder.
    #: A mapping item also names the instance's history table.
    flyway_locations: list[list[str] | FlywayInstanceModel] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    rules: dict[str, bool | RuleSettingModel] | None = None
    whitelist: str | None = None
    local_rules: list[str] | None = None
    include_down_migrations: bool | None = None
    #: ``migrate``: wrap the scripts in BEGIN/COMMIT (true) or not (false),
    #: as ``--transaction``/``--no-transaction`` do; unset: as the migration
    #: tool runs files, else as the folder's migrations do.
    migrate_transaction: bool | None = None
    #: The quietest rule severity whose new findings fail ``check`` (default error).
    fail_on: Severity | None = None
    #: The NAME of the environment variable holding the database URL that
    #: ``--db``/``drift`` read (a URL holds a password; configs are committed).
    database: str | None = None
    #: Tables a live database holds that no file creates and that ``drift``,
    #: ``check --db`` and ``inspect --db`` leave out: ``name``, ``schema.name``
    #: or ``schema.*`` (migration tools' own tables are left out already).
    database_ignore: list[str] | None = None
    #: PostgreSQL schemas ``drift``, ``check --db`` and ``inspect --db`` read when
    #: no ``--schema`` is given (a templated schema the files write as a
    #: placeholder, such as supabase/auth's ``auth``).
    database_schemas: list[str] | None = None
    #: ``impact`` (and ``migrate``'s search for code uses): files, folders or
    #: globs that are migration history (never counted or patched) or live
    #: code (counted and patched) whatever their name or folder says.
    impact_history: list[str] | None = None
    impact_code: list[str] | None = None

    @field_validator("migrate_transaction", mode="before")
    @classmethod
    def _true_or_false(cls, value: object) -> object:
        # strict: a quoted "no" or a 1 would be read as a choice nobody wrote
        if value is not None and not isinstance(value, bool):
            raise ValueError(
                "expected true (BEGIN/COMMIT in migrate's scripts) or false (none); "
                "leave the key out to follow the migration tool or the folder"
            )
        return value

    @field_validator("database")
    @classmethod
    def _environment_variable(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_NAME.fullmatch(value):
            raise ValueError(
                "must name the environment variable that holds the database URL "
                "(e.g. DATABASE_URL), not the URL: a URL may hold a password"
            )
        return value


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


#: An item written unquoted in a flow list reads back as the same string.
_PLAIN_ITEM = lazy_compile(r"[A-Za-z0-9_][A-Za-z0-9_./\-]*")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"})
#: pydantic error types of a value that should have been a list.
_SEQUENCE_ERRORS = frozenset({"list_type", "tuple_type", "set_type", "frozen_set_type"})


def _list_expected(path: KeyPath, value: Any) -> str:
    """``expected a list: write paths: [db]`` for a single value given instead of a list."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return "expected a list (items in [ ], or one '- item' per line)"
    text = str(value)
    plain = _PLAIN_ITEM.fullmatch(text) and (text.lower() not in _YAML_WORDS or text != value)
    item = text if plain else json.dumps(text, ensure_ascii=False)
    key = path[-1] if path and isinstance(path[-1], str) else None
    example = f"{key}: [{item}]" if key is not None else f"[{item}]"
    return f"expected a list, not a single value: write {example}"


def _step(annotation: Any, part: str | int) -> Any:
    """The type found at key ``part`` inside a value of type ``annotation``, or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType):
        found = [t for t in (_step(a, part) for a in args) if t is not None]
        return found[0] if len(found) == 1 else None
    if origin in (dict, Mapping, abc.Mapping) and len(args) == 2:
        return args[1]
    if origin in (list, tuple, abc.Sequence) and args and isinstance(part, int):
        return args[0]
    return None


def keys_at(model: type[BaseModel], parents: KeyPath) -> list[str] | None:
    """The keys the mapping at ``parents`` inside ``model`` allows (field names
    or aliases), or None when the path does not lead to exactly one model."""
    current: Any = model
    for part in parents:
        current = _step(current, part)
        if current is None:
            return None
    if get_origin(current) in (Union, UnionType):
        models = [a for a in get_args(current) if isinstance(a, type) and issubclass(a, BaseModel)]
        current = models[0] if len(models) == 1 else None
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        return None
    return [field.alias or name for name, field in current.model_fields.items()]


def validation_error(
    exc: ValidationError,
    data: Any,
    doc: LocatedDocument,
    prefix: KeyPath = (),
    known_keys: Iterable[str] = (),
    model: type[BaseModel] | None = None,
) -> ConfigError:
    """A pydantic error as a ConfigError naming the key path, at its line.

    An unknown key gets a "did you mean" of the keys its mapping allows, or,
    when none is close, the list of them: from ``model`` (the pydantic model
    ``data`` was validated against) at the key's parent path, else
    ``known_keys`` for a top-level key.
    """
    error, path, more = best_error(exc, data)
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        message = "unknown key"
        keys = keys_at(model, path[:-1]) if model is not None else None
        if keys is None and len(path) == 1:
            keys = list(known_keys)
        kinds = {kind.value for kind in ObjectKind}
        if keys and path and str(path[-1]) in kinds and {"kind", "name"} <= set(keys):
            # `table: users` written for `kind: table` and `name: users` (confirmation
            # s39: "did you mean database?" pointed the wrong way)
            value = _value_at(data, path)
            named = f"name: {value}" if isinstance(value, str) else "name: ..."
            message += f" (an entry names its object as `kind: {path[-1]}` and `{named}`)"
        elif keys and path:
            close = difflib.get_close_matches(str(path[-1]), keys, n=3)
            if close:
                message += f" (did you mean {', '.join(close)}?)"
            else:
                message += f" (expected one of: {', '.join(sorted(keys))})"
    elif error["type"] == "missing":
        message = "required key missing"
    elif error["type"] in _SEQUENCE_ERRORS:
        message = _list_expected(path, error.get("input"))
    full = (*prefix, *path)
    suffix = f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else ""
    return ConfigError(f"{dotted(full)}: {message}{suffix}", doc.locate(full))


def _value_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path`` in ``data`` (mappings and lists), or None."""
    for key in path:
        listed = isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data)
        if not (listed or (isinstance(data, Mapping) and key in data)):
            return None
        data = data[key]
    return data


def validate_layer(doc: LocatedDocument) -> ConfigModel:
    """Validate one config file or pack."""
    data = {} if doc.data is None else doc.data
    if not isinstance(data, Mapping):
        raise ConfigError("expected a mapping of settings at the top level", doc.locate())
    try:
        return ConfigModel.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, doc, model=ConfigModel) from None
