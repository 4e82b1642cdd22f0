"""Active Record queries and models naming a table or a column in Ruby.

Active Record writes the SQL itself, so a word the search judged as text
may be a name in that SQL (Rails guides, "Active Record Query Interface"):

- A table: a hash condition's key whose value is a hash (``where(:gpx_files
  => {...})``, ``where(gpx_files: {...})``: "2.3.1 Hash Conditions" and
  "12.1.1 Specifying Conditions on the Joined Tables" build ``WHERE
  "gpx_files"."visibility" IN (...)``), a string naming ``table.column``
  in a query method (``where("gpx_files.visibility" => ...)``,
  ``order("gpx_files.id")``, ``pluck("gpx_files.id")``), and
  ``references(:gpx_files)`` ("13.2.4 Specifying Conditions on Eager Loaded
  Associations"; no mark: it only makes the JOIN). The joined model's table is named by the model
  (``INNER JOIN "gps_traces"`` once it reads the new name), so a condition
  still naming the old table fails even with the compatibility view:
  PostgreSQL says ``missing FROM-clause entry for table "gpx_files"``,
  MySQL ``Unknown column 'gpx_files.id'``, SQLite ``no such column:
  gpx_files.id`` (the mark quotes the run's dialect's).
  A key that is the name of an association the same query joins
  (``joins(:tags).where(tags: {...})``) is the association's: Active Record
  resolves it to the associated model's table (``TableMetadata#associated_table``),
  so it stays plain.
- A column of a model's table: in the model's own file every use of the
  word in code is the attribute (``validates :pass_crypt``,
  ``self.pass_crypt =``); elsewhere a symbol, label or string in a query
  method called on the model (``User.where(pass_crypt: ...)``,
  ``User.pluck(:pass_crypt)``). A column rename has no view to bridge it:
  that code breaks when the forward script runs.

Other places stay plain (``current_user.pass_crypt``: whose attribute is
for a person to judge).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import profile_for
from dbnamelint.impact.classify import HIGH, PLAIN
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target

#: Context label of a table named in an Active Record condition or ordering.
TABLE_LABEL = "Active Record table key"
#: Context label of a column used in its model's own file.
ATTRIBUTE_LABEL = "Rails model attribute"
#: Context label of a column named in a query method called on its model.
QUERY_COLUMN_LABEL = "Active Record column key"

#: Context label of a column a strong-parameters list permits for its model.
PERMITTED_LABEL = "Rails strong parameters"

#: Files whose Ruby calls Active Record: code, rake tasks, view templates.
RUBY_SUFFIXES = (".rb", ".rake", ".erb", ".builder", ".jbuilder", ".haml", ".slim", ".rabl")

_METHODS = (
    r"where|rewhere|not|or|and|having|order|reorder|in_order_of|pluck|pick|select|reselect"
    r"|group|regroup|references|joins|left_joins|left_outer_joins|includes|eager_load|preload"
    r"|find_by!?|find_or_create_by!?|find_or_initialize_by|create_with|exists\?|sum|average"
    r"|minimum|maximum|count|calculate|distinct|unscope|update_all|delete_by|destroy_by"
    r"|find_each|where_not"
)
#: A query method's call open before the name (its argument list not closed).
_OPEN_QUERY = lazy_compile(r"\.(?:" + _METHODS + r")(?:\(|\s+)[^()]*(?:\([^()]*\)[^()]*)*$")
#: A query method called bare where a scope's body opens, the model's own
#: query (huginn's ``has_many :logs, -> { order("agent_logs.id desc") }``,
#: ``scope :recent, -> { where(...) }``, ``default_scope do order(...) end``).
_SCOPE_QUERY = lazy_compile(
    r"(?:^|[{;]|\bdo\b(?:\s*\|[^|]*\|)?)\s*(?:"
    + _METHODS.replace("|not|or|and|", "|")
    + r")\([^()]*(?:\([^()]*\)[^()]*)*$"
)
#: ``Model.<chain>.where(`` open before the name: the model's class in group 1.
_MODEL_QUERY = lazy_compile(
    r"(?<![\w.:])(?:::)?(?:[A-Z]\w*::)*([A-Z]\w*)(?:\.[a-z_]\w*[!?]?(?:\([^()]*\))?)*"
    r"\.(?:" + _METHODS + r"|update|create!?|new|find_or_create_by)"
    r"(?:\(|\s+)[^()]*(?:\([^()]*\)[^()]*)*$"
)
#: ``family.tags.new(color: ...)``: a query or a builder on an association
#: (its name in group 1), which Rails names after the model's table by
#: convention (``has_many :tags``).
_ASSOCIATION_QUERY = lazy_compile(
    r"(?<=[\w)\]])\.([a-z_]\w*)\.(?:" + _METHODS + r"|update|create!?|new|build"
    r"|find_or_create_by|find_or_initialize_by)(?:\(|\s+)[^()]*(?:\([^()]*\)[^()]*)*$"
)
#: Strong parameters: ``params.require(:tag).permit(:name, :color)``, Rails
#: 8's ``params.expect(tag: [:name, :color])``: the attributes a form posts
#: for the model whose param key (group 1) is ``tag``.
_PERMITTED = lazy_compile(
    r"\.require\(\s*[:\"']?(\w+)[\"']?\s*\)\s*\.permit\([^()]*$"
    r"|\.expect\(\s*:?[\"']?(\w+)[\"']?(?::|\s*=>)\s*\[[^\[\]()]*$"
)
_REFERENCES = lazy_compile(r"\.references\(\s*(?:[:\"']?\w+[\"']?\s*,\s*)*[:\"']$")
_SYMBOL_KEY = lazy_compile(r"^\s*=>\s*\{")
_LABEL_KEY = lazy_compile(r"^:(?!:)\s*\{")
_STRING_KEY = lazy_compile(r"^[\"']\s*=>\s*\{")
_QUALIFIED = lazy_compile(r"^\.[A-Za-z_]\w*")
#: The name opens a string or follows a separator inside one (``"a, gpx_files.id"``).
_IN_STRING = lazy_compile(r"(?:[\"']|[\"'][^\"']*[\s,(])$")
_SYMBOL_BEFORE = lazy_compile(r"(?<!:):$")
_LABEL_AFTER = lazy_compile(r"^:(?!:)")
_COMMENT_CONTEXTS = frozenset({"comment"})


def is_ruby(path: str) -> bool:
    """Whether ``path`` is a file whose Ruby may call Active Record."""
    return path.lower().endswith(RUBY_SUFFIXES)


def references_form(text: str, start: int) -> bool:
    """Whether the table name at ``text[start:]`` is an argument of
    ``references(...)``: a table, which makes Active Record join it eagerly."""
    return _REFERENCES.search(text[:start]) is not None


def table_form(text: str, start: int, end: int) -> bool:
    """Whether the table name at ``text[start:end]`` (a line) is a table in the
    SQL an Active Record query method builds (see the module docstring)."""
    before, after = text[:start], text[end:]
    if not (_OPEN_QUERY.search(before) or _SCOPE_QUERY.search(before)):
        return False
    if _SYMBOL_BEFORE.search(before) and _SYMBOL_KEY.match(after):
        return True  # :gpx_files => { ... }
    if before[-1:] in "\"'" and _STRING_KEY.match(after):
        return True  # "gpx_files" => { ... }
    if before[-1:] not in ":\"'" and _LABEL_KEY.match(after):
        return True  # gpx_files: { ... }
    return bool(_IN_STRING.search(before) and _QUALIFIED.match(after))  # "gpx_files.id"


#: A query method joining associations by name: ``joins(:tags, :owner)``.
_JOINS = lazy_compile(
    r"\.(?:joins|left_joins|left_outer_joins|includes|eager_load|preload)\(([^()]*)\)"
)


def _joined_association(text: str, name: str) -> bool:
    """Whether the line ``text`` joins an association called ``name`` directly
    (``joins(:tags)``: only an association of the queried model can be
    joined so). A hash key of that name in the same query is the
    association's, which Active Record resolves to its model's table."""
    return any(
        arg.strip() in (f":{name}", f'"{name}"', f"'{name}'")
        for found in _JOINS.finditer(text)
        for arg in found.group(1).split(",")
    )


def _query_column(text: str, start: int, end: int) -> str | None:
    """The model class a query method's column argument at ``text[start:end]``
    is called on (``User.where(pass_crypt: 1)`` -> ``User``), or None."""
    before, after = text[:start], text[end:]
    found = _MODEL_QUERY.search(before)
    if found is None:
        return None
    if _SYMBOL_BEFORE.search(before) or before[-1:] in "\"'":
        return found.group(1)
    if _LABEL_AFTER.match(after):
        return found.group(1)
    return None


def _keyed(before: str, after: str) -> bool:
    """Whether the name between ``before`` and ``after`` is written as a key:
    a symbol, a string or a label."""
    return bool(_SYMBOL_BEFORE.search(before) or before[-1:] in "\"'" or _LABEL_AFTER.match(after))


def _association_column(text: str, start: int, end: int) -> str | None:
    """The association a query or builder's column key at ``text[start:end]``
    is called on (``family.tags.new(color: 1)`` -> ``tags``), or None."""
    before, after = text[:start], text[end:]
    found = _ASSOCIATION_QUERY.search(before)
    return found.group(1) if found is not None and _keyed(before, after) else None


def _permitted_for(text: str, start: int, end: int) -> str | None:
    """The param key whose attributes a strong-parameters list naming the
    column at ``text[start:end]`` permits (``require(:tag).permit(:color)``
    -> ``tag``), or None."""
    before, after = text[:start], text[end:]
    found = _PERMITTED.search(before)
    if found is None or not _keyed(before, after):
        return None
    return found.group(1) or found.group(2)


def param_key(model: str) -> str:
    """ActiveModel's ``param_key`` of the class ``model`` (``Admin::UserTag`` ->
    ``admin_user_tag``): the key its form's parameters are posted under."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", model)
    return words.replace("::", "_").lower()


def table_key_refusal(target: Target) -> str:
    """The mark of a table named in an Active Record condition."""
    old, new = target.old_names[0], target.target or target.name
    family = profile_for(target.dialect).family.value
    # each database's own words for a table the FROM clause lacks
    says = {
        "postgres": f'PostgreSQL says missing FROM-clause entry for table "{old}"',
        "mysql": f"MySQL says Unknown column '{old}.<column>'",
        "sqlite": f"SQLite says no such column: {old}.<column>",
    }.get(family, f"the database refuses {old}.<column>: no table of the query is {old}")
    return (
        f"will fail even with the compatibility view: Active Record joins the model's table "
        f"by the model's name for it ({new} once the model reads the new name) and names {old} "
        f"here, so {says}; rename both together (impact --diff does)"
    )


def column_refusal(target: Target) -> str:
    """The mark of a model attribute whose column is renamed."""
    old, new = target.old_names[0], target.target or target.name
    return (
        f"breaks when the forward script runs: a column rename has no compatibility view, and "
        f"Active Record's attribute {old} is the column's name (and so are its methods "
        f"{old}_changed?, {old}_was...); rename it to {new} with the column (or "
        f"alias_attribute :{old}, :{new} in the model)"
    )


def permitted_refusal(target: Target) -> str:
    """The mark of a column a strong-parameters list permits: the form posts
    the field by the old name, so renaming the key alone drops it."""
    old, new = target.old_names[0], target.target or target.name
    return (
        f"breaks when the forward script runs: the form posts {old} and Active Record has "
        f"no attribute {old} once the column is {new}; alias_attribute :{old}, :{new} in the "
        f"model keeps both working, or rename the form's field with this key (impact --diff "
        "leaves it: renaming the key alone drops the field)"
    )


def _settled(
    ref: Reference, models: Mapping[str, tuple[str, str]], model_files: Mapping[str, set[str]]
) -> Reference:
    """``ref`` as Active Record reads it (see :func:`settle`)."""
    if ref.confidence != PLAIN or ref.context in _COMMENT_CONTEXTS or not is_ruby(ref.path):
        return ref
    start, end = ref.column - 1, ref.end_column - 1
    target = ref.target
    if target.kind == "table" and references_form(ref.text, start):
        # Names the table, yet forces only the JOIN Active Record makes anyway.
        return replace(ref, confidence=HIGH, context=TABLE_LABEL)
    if target.kind == "table" and table_form(ref.text, start, end):
        if _joined_association(ref.text, ref.name):
            # an association's name, not a table's: Active Record resolves the
            # key through the association (TableMetadata#associated_table) to
            # the associated model's table, renamed with it
            return ref
        return replace(ref, confidence=HIGH, context=TABLE_LABEL, refused=table_key_refusal(target))
    if target.kind != "column":
        return ref
    tables = {t.casefold() for t in target.tables}
    if model_files.get(ref.path, set()) & tables:
        return replace(
            ref, confidence=HIGH, context=ATTRIBUTE_LABEL, refused=column_refusal(target)
        )
    model = _query_column(ref.text, start, end)
    if model is not None and model in models and models[model][0].casefold() in tables:
        return replace(
            ref, confidence=HIGH, context=QUERY_COLUMN_LABEL, refused=column_refusal(target)
        )
    # the model's attribute reached through an association named after its
    # table, or posted by a form for it (trial s40 maybe: plain text before)
    association = _association_column(ref.text, start, end)
    if association is not None and association.casefold() in tables:
        return replace(
            ref, confidence=HIGH, context=QUERY_COLUMN_LABEL, refused=column_refusal(target)
        )
    key = _permitted_for(ref.text, start, end)
    if key is not None and any(
        param_key(name) == key and table.casefold() in tables
        for name, (table, _path) in models.items()
    ):
        return replace(
            ref, confidence=HIGH, context=PERMITTED_LABEL, refused=permitted_refusal(target)
        )
    return ref


def settle(
    references: Iterable[Reference], models: Mapping[str, tuple[str, str]]
) -> list[Reference]:
    """``references`` with the plain places in Ruby that Active Record reads as
    a table or as a model's column made high confidence and marked (see the
    module docstring). ``models``: each model's table and file by class name
    (:meth:`~dbnamelint.impact.rails.RailsModels.tables`)."""
    model_files: dict[str, set[str]] = {}
    for table, path in models.values():
        model_files.setdefault(path, set()).add(table.casefold())
    return [_settled(ref, models, model_files) for ref in references]


#: The places that bind a model to its table: its class line (by convention)
#: and its ``self.table_name = "..."``.
MODEL_LABELS = frozenset({"Rails model (convention)", "Rails self.table_name"})
_PRIMARY_KEY = lazy_compile(r"\bself\.primary_keys?\s*=")


#: Where each database's Active Record adapter finds a table's primary key.
_KEY_SOURCES = {
    "postgres": "pg_index's indisprimary rows",
    "mysql": "information_schema.statistics' PRIMARY index",
    "sqlite": "PRAGMA table_info's pk",
}


def primary_key_refusal(target: Target) -> str:
    """The mark of a model still bound to a table name that becomes a view."""
    old, new = target.old_names[0], target.target or target.name
    family = profile_for(target.dialect).family.value
    source = _KEY_SOURCES.get(family, "the table's primary key index")
    return (
        f"while the model reads {old}, the compatibility view, it has no primary key "
        f"(Active Record reads it from {source}, and a view has none): "
        f"find, update and destroy by id fail; point the model at {new} (impact --diff does) "
        'or set self.primary_key = "id"'
    )


def mark_primary_keys(references: Iterable[Reference], texts: Mapping[str, str]) -> list[Reference]:
    """``references`` with each model class line or ``self.table_name`` naming a
    table's old name marked (:func:`primary_key_refusal`), unless its file
    (``texts``: model files' text by path) sets ``self.primary_key``."""
    return [
        replace(ref, refused=primary_key_refusal(ref.target))
        if ref.context in MODEL_LABELS
        and ref.target.kind == "table"
        and not ref.refused
        and not _PRIMARY_KEY.search(texts.get(ref.path, ""))
        else ref
        for ref in references
    ]
