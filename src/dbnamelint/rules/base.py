"""The contract every rule, built-in or third-party, implements.

A rule sees the final schema model only; it knows nothing of files, SQL or
whitelists. It says what is wrong with one object (``check``) or with the
schema as a whole (``check_schema``), and where it can, which name would be
compliant. Severity, selection and whitelisting are decided elsewhere so that
a rule stays a small, pure function of the model plus its options.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from msgspec import Struct, field
from msgspec.structs import force_setattr

from dbnamelint.findings import Fix, Rename
from dbnamelint.model import ObjectKind, Schema, SchemaObject, Severity
from dbnamelint.rules.frozenoptions import FrozenOptions

if TYPE_CHECKING:
    from dbnamelint.rules.naming import CaseStyle
    from dbnamelint.rules.options import RuleOptions as RuleOptions  # noqa: PLC0414
    from dbnamelint.rules.options import default_options as default_options  # noqa: PLC0414


def __getattr__(name: str) -> Any:
    """``RuleOptions`` and ``default_options``, where rules written for earlier
    releases import them, without importing pydantic for every other import."""
    if name in ("RuleOptions", "default_options"):
        from dbnamelint.rules import options

        return getattr(options, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class OptionsModel:
    """A rule's options model named by module and class, imported on first use.

    Built-in rules declare ``options_model = OptionsModel("module", "Class")``
    so that importing a rule does not import pydantic: the model is needed
    only to validate a config or document the rule, not to run a rule whose
    options came from the settings cache. Reading the attribute (on the class
    or an instance) returns the model class; an import error propagates.
    """

    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> type[RuleOptions]:
        model: type[RuleOptions] = getattr(importlib.import_module(self.module), self.name)
        return model


class Violation(Struct, frozen=True):
    """What a rule reports: a message and, when known, a fix as data.

    A rule may give ``suggestion`` (a compliant name) or a :class:`Rename`
    in ``fix``; either fills the other. ``object`` is only set by
    schema-wide checks that report on another object than the one being
    checked (or on a missing one).
    """

    message: str
    suggestion: str | None = None
    object: SchemaObject | None = None
    fix: Fix | None = None
    #: The name breaks the rule only by words its unquoted spelling starts
    #: with capitals that the database's case folding hides (PostgreSQL keeps
    #: ``apiTokens`` as ``apitokens``): :attr:`Finding.hidden_words`.
    hidden_words: bool = False

    def __post_init__(self) -> None:
        if self.fix is None and self.suggestion:
            force_setattr(self, "fix", Rename(self.suggestion))
        elif self.fix is not None and self.suggestion is None:
            force_setattr(self, "suggestion", self.fix.new_name)


class ModuleInfo(Struct, frozen=True):
    """A module of the project and the table-name prefixes it owns."""

    name: str
    prefixes: tuple[str, ...]  # e.g. ("access_", "user_"); default (f"{name}_",)


class RuleContext(Struct, frozen=True):
    """What every rule may consult besides the object itself."""

    schema: Schema
    modules: Mapping[str, ModuleInfo] = field(default_factory=dict)
    default_dialect: str = "postgres"
    #: Path of the config that asked for the rules; schema-wide findings about
    #: missing objects point here, since the missing name is written nowhere else.
    config_path: str | None = None
    #: Codes of the rules in this run, when known; lets a rule defer to
    #: another (DBN105 leaves log tables to DBN104 only when DBN104 runs).
    active_rules: frozenset[str] | None = None
    #: The case the run's standard spells columns in when it is not snake_case
    #: (:func:`dbnamelint.rules.dependents.column_style_of`): DBN504 builds the
    #: name a dependent follows its table to as ``migrate`` does, with it.
    column_style: CaseStyle | None = None


class Rule:
    """Base class of rules.

    Subclasses set the class variables, may declare a nested options model
    (a :class:`RuleOptions` subclass) in ``options_model``, and override
    :meth:`check` (called once per object whose kind is in ``kinds``) and/or
    :meth:`check_schema` (called once per run, for schema-wide rules such as
    required objects). The docstring of the subclass is its documentation,
    with ruff's headings: ``## What it does``, ``## Why is this bad?``,
    ``## Example``, ``## Use instead``, ``## Options``.
    """

    code: ClassVar[str]  # DBN1xx tables, 2xx columns, 3xx indexes, 4xx constraints, 5xx schema
    name: ClassVar[str]  # kebab-case, reads after "allow": table-missing-module-prefix
    kinds: ClassVar[frozenset[ObjectKind]] = frozenset()
    options_model = OptionsModel("dbnamelint.rules.options", "RuleOptions")
    default_severity: ClassVar[Severity] = Severity.ERROR
    #: Whether the rule runs when a config does not mention it.
    default_enabled: ClassVar[bool] = True
    #: True for an explicit old -> new map chosen by the team (DBN107,
    #: DBN202): its name is taken first and never changed by derived fixes.
    pins_target: ClassVar[bool] = False
    #: Where the rule's fix is applied when fixes are merged: lower first.
    #: Spelling (0) before the rules that build a name from parts (infix 10,
    #: which places the prefix itself, then prefixes 20), then the last word
    #: (plural 30), templates, and length (90) last, when the name is final.
    fix_order: ClassVar[int] = 50
    #: True for rules about how a name is written in the source; every other
    #: rule judges the name as the database stores it (PostgreSQL folds an
    #: unquoted ``NotifyAdmins`` to ``notifyadmins``).
    judges_source_spelling: ClassVar[bool] = False

    def check_literal(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        """Judge what ``obj``'s name spells besides its template placeholders
        (``{{.prefix}}BadTable``: the name the database gets is unknown, its
        written part is not). The default judges nothing: a rule about the
        whole name (a prefix, a plural, a length) cannot tell."""
        return iter(())

    def __init__(self, options: RuleOptions | FrozenOptions | None = None) -> None:
        if options is None:
            from dbnamelint.rules.options import default_options

            options = default_options(self.options_model)
        #: The validated options: a ``RuleOptions`` model instance, or after a
        #: settings-cache hit the same fields as :class:`FrozenOptions`; read
        #: them as attributes only.
        self.options: RuleOptions | FrozenOptions = options

    def __getstate__(self) -> dict[str, Any]:
        """The rule's attributes with its options as :class:`FrozenOptions`, so
        that unpickling a cached rule does not import pydantic."""
        state = dict(self.__dict__)
        options = state.get("options")
        if options is not None and not isinstance(options, FrozenOptions):
            state["options"] = FrozenOptions(options)
        return state

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        """Yield what is wrong with one object; the default finds nothing."""
        return iter(())

    def check_schema(self, ctx: RuleContext) -> Iterator[Violation]:
        """Yield schema-wide violations; the default finds nothing."""
        return iter(())

    def check_name(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        """Judge ``obj`` alone (its name may be a candidate, not yet in the schema).

        The fix merger (:mod:`dbnamelint.rules.fixes`) asks every active
        rule this about each candidate name. The default is :meth:`check`
        for the rule's kinds; a schema-wide rule that judges single objects
        overrides it.
        """
        if obj.kind in self.kinds:
            return self.check(obj, ctx)
        return iter(())

    @property
    def judges_as_check(self) -> bool:
        """True when :meth:`check_name` is the default: :meth:`check` on the
        rule's kinds, nothing on other objects (the fix merger skips the rule
        for objects of other kinds, and reuses what :meth:`check` found)."""
        return type(self).check_name is Rule.check_name

    def judges_kind(self, kind: ObjectKind) -> bool:
        """Whether :meth:`check_name` can find anything on an object of ``kind``."""
        return kind in self.kinds or not self.judges_as_check
