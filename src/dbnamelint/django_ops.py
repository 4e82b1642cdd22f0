"""A Django migration's operations as the DDL Django's schema editor emits (trial s30 healthchecks).

makemigrations writes no SQL: ``CreateModel``, ``AddField``, ``RenameField``,
``AlterField`` (``db_column``), ``AlterModelTable``, ``RenameModel``,
``AddIndex``, ``RenameIndex``, ``AddConstraint``, ``RemoveField`` and
``DeleteModel`` (drops: what a later operation of the change names)
become DDL only when ``manage.py migrate`` runs them (``manage.py
sqlmigrate app 0125`` prints it). The names that DDL gives are Django's:

- a model's table is ``Meta.db_table`` (``options={"db_table": ...}``,
  ``AlterModelTable``), else ``<app_label>_<model name lowercased>`` (Django
  docs, "Models", "Table names"); the app label is the ``label`` of the
  app's ``AppConfig`` (``apps.py``), else the folder holding ``migrations/``;
- a field's column is ``db_column=``, else the field's name, with ``_id``
  for a ``ForeignKey`` or ``OneToOneField`` (Django docs, "Model field
  reference": ``ForeignKey`` "Database Representation");
- a ``ManyToManyField`` is a table ``db_table=``, else
  ``<model's table>_<field name>``;
- an index or constraint is the ``name=`` given; those Django names itself
  (a foreign key's constraint and index, a ``db_index`` field's index, the
  ``_like``, ``_uniq`` and ``_idx`` ones, a many-to-many table's columns
  and theirs) as its schema editor does
  (:func:`own_names`, :func:`index_name`), for the databases that make
  them, laid past the end of the operation's last line.

:func:`operation_sql` gives each operation of the migration ``text`` as
a :class:`~dbnamelint.code_ddl_text.DdlString` laid over the operation's
call (its line breaks kept, each name at the literal that gives it where it
can be, else the nearest free place after): the gate reads and judges it
as the DDL strings of other code. A model's table made by an earlier
migration of the same folder is found in those files (their
operations, ``state_operations`` included, read in name order), and so is
a field's column (a ``RenameField`` of a field with a ``db_column``
renames nothing; of a foreign key, ``owner_id`` to ``ownerCheck_id``).
The column types are not Django's (every column is ``text``): the names
are what is judged.

Third-party and derived kinds (trial s32 netbox, Django 6.0's ``migrate``
on PostgreSQL the oracle): a ``UniqueConstraint`` with ``condition=`` or
expressions is a unique index (:mod:`dbnamelint.django_unique`); a proxy model has no
table; django-mptt's tree fields are Django's relation fields, django-taggit's
``TaggableManager`` no column; a contrib model's table is its own
(:data:`CONTRIB_TABLES`); ``Positive*Field`` has PostgreSQL's ``_check``;
``AlterUniqueTogether``/``AlterIndexTogether`` drop what they no longer
list, by the name it was made with (:attr:`_Tables.together_made`, trial
s42); a renamed foreign key's constraint is made again, and the
many-to-many tables follow ``AlterModelTable``/``RenameModel``/``RenameField``
(:func:`own_names`).

What an operation does to the fields pointing at a model (session 33,
Django's ``migrate`` on PostgreSQL and MariaDB the oracle:
tests/test_django_repointed.py): a ``SeparateDatabaseAndState``'s
``database_operations`` run before its ``state_operations`` are learnt
(:func:`_calls`); a ``RenameModel`` makes the foreign keys to the model
again and renames the many-to-many columns named after it
(:meth:`_Tables._repoint`), another app's too
(:meth:`_Tables.repoint_elsewhere`, session 34), but a foreign key whose
reverse relation is hidden; a many-to-many ``AlterField`` to another model
renames the target's column, and an ``AlterField`` of a foreign key makes
its constraint again (:func:`_remade`), each dropped by the name it was made
with (:attr:`_Tables.fk_made`, :attr:`_Tables.many_fk`); a ``RemoveField``
of a many-to-many field and a ``DeleteModel`` drop the tables Django made
for them (:func:`own_names`). On SQLite, an operation that rebuilds the
table makes its indexes again under the table's and columns' names now
(:func:`sqlite_remade`, :func:`_lite_remake`; session 34).
"""

from __future__ import annotations

import ast
import bisect
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal, NamedTuple

from dbnamelint import python_trees
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.default_names import make_object_name
from dbnamelint.django_condition import index_tail
from dbnamelint.django_reverse import _argument, _callee, _Offsets, in_spans, reverse_spans
from dbnamelint.django_unique import unique_made, unique_options
from dbnamelint.django_vendor import DEFAULT_MODELS, defines_migration, model_settings

#: The operations read (see the module docstring).
OPERATIONS = frozenset(
    {
        "CreateModel",
        "AddField",
        "RenameField",
        "AlterModelTable",
        "RenameModel",
        "AddIndex",
        "AddConstraint",
        "AlterField",
        "RenameIndex",
        "RemoveField",
        "DeleteModel",
        "AlterUniqueTogether",
        "AlterIndexTogether",
    }
)
#: Relation fields holding a column ``<name>_id``: Django's, and django-mptt's
#: ``TreeForeignKey``/``TreeOneToOneField`` (``mptt/fields.py``: subclasses
#: of ``ForeignKey``/``OneToOneField`` that change only the form field).
_FOREIGN = frozenset({"ForeignKey", "OneToOneField", "TreeForeignKey", "TreeOneToOneField"})
_ONE_TO_ONE = frozenset({"OneToOneField", "TreeOneToOneField"})
#: Many-to-many fields: a table of their own, no column (mptt's
#: ``TreeManyToManyField`` subclasses ``ManyToManyField``).
_MANY = frozenset({"ManyToManyField", "TreeManyToManyField"})
#: Fields with no column and no table of their own: django-taggit's
#: ``TaggableManager`` is a ``RelatedField`` ``many_to_many`` through its
#: ``through=`` model (``taggit.TaggedItem`` by default, a model of its own:
#: ``taggit/managers.py`` ``TaggableManager.__init__``), so migrate makes
#: nothing for it.
_NO_COLUMN = frozenset({"TaggableManager"})
#: Fields whose ``db_check`` is ``"<column>" >= 0`` on PostgreSQL
#: (``postgresql/base.py`` ``data_type_check_constraints``), written inline in
#: the column's definition (``schema.py`` ``table_sql``/``add_field``:
#: ``CHECK (...)`` unnamed), so PostgreSQL names it ``<table>_<column>_check``.
_POSITIVE = frozenset(
    {"PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField"}
)
#: The tables of Django's contrib apps whose ``db_table`` is not
#: ``<app>_<model>`` (``django/contrib/*/models.py`` ``Meta.db_table``): a
#: foreign key to ``contenttypes.ContentType`` references ``django_content_type``.
CONTRIB_TABLES = {
    "contenttypes.contenttype": "django_content_type",
    "sites.site": "django_site",
    "admin.logentry": "django_admin_log",
    "sessions.session": "django_session",
    "flatpages.flatpage": "django_flatpage",
    "redirects.redirect": "django_redirect",
}
#: ``django.contrib.postgres.operations``' subclasses of an operation read,
#: which make the same names (Django 5.2: ``AddIndexConcurrently(AddIndex)``
#: runs ``CREATE INDEX CONCURRENTLY``, ``AddConstraintNotValid(AddConstraint)``
#: ``ALTER TABLE ... ADD CONSTRAINT ... NOT VALID``).
ALIASES = {
    "AddIndexConcurrently": "AddIndex",
    "RemoveIndexConcurrently": "RemoveIndex",
    "AddConstraintNotValid": "AddConstraint",
}


def operation_of(call: ast.Call) -> str:
    """The operation ``call`` runs (a ``contrib.postgres`` subclass as the
    operation it extends: :data:`ALIASES`)."""
    name = _callee(call.func)
    return ALIASES.get(name, name)


def _string(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


#: ``label = "x"`` in an app's ``apps.py`` (its ``AppConfig``).
_LABEL = lazy_compile(r"^\s+label\s*=\s*[\"']([A-Za-z_]\w*)[\"']", re.MULTILINE)


def app_label(path: str) -> str | None:
    """The app label of the migration at ``path``: the ``label`` its app's
    ``apps.py`` sets, else the folder holding ``migrations/`` (Django docs,
    "Applications": ``AppConfig.label`` "Defaults to the last component of name")."""
    parts = path.replace("\\", "/").split("/")
    if len(parts) < 3 or parts[-2] != "migrations":
        return None
    try:
        apps = (Path(path).parent.parent / "apps.py").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return parts[-3]
    found = _LABEL.search(apps)
    return found.group(1) if found else parts[-3]


class _Tables:
    """Each model's table, and its fields' columns, as the migrations so far leave them."""

    def __init__(self, app: str) -> None:
        self.app = app
        self.named: dict[str, str] = {}
        #: (model, field) -> (column, a foreign key, db_column given)
        self.columns: dict[tuple[str, str], tuple[str, bool, bool]] = {}
        #: model -> its primary key's column, when not ``id``
        self.keys: dict[str, str] = {}
        #: (model, field) -> the field's definition (``models.CharField(...)``)
        self.fields: dict[tuple[str, str], ast.expr] = {}
        #: (model, "unique_together"/"index_together") -> its field-name tuples
        self.together: dict[tuple[str, str], set[tuple[str, ...]]] = {}
        #: the project's model settings (``AUTH_USER_MODEL`` -> ``"auth.User"``,
        #: :func:`~dbnamelint.django_vendor.model_settings`)
        self.settings: dict[str, str | None] = dict(DEFAULT_MODELS)
        #: (model, field) -> how its ``UNIQUE`` was made (``"key"``: with the
        #: field, named by the database; ``"uniq"``: by an ``AlterField``,
        #: ``_uniq``), and the table and column it was made on (a later
        #: rename keeps its name)
        self.uniques: dict[tuple[str, str], tuple[str, str, str]] = {}
        #: (model, field) -> a many-to-many field whose table Django makes
        #: (no ``through=``, no ``db_table=``) and that table's name as made
        #: (``<table>_<field>`` before :func:`truncate_name`): its columns'
        #: constraints keep the names they were made with
        self.many: dict[tuple[str, str], tuple[ast.Call, str]] = {}
        #: proxy models (``options={"proxy": True}``): no table of their own
        self.proxies: set[str] = set()
        #: (model, field) of the fields with no column (many-to-many, TaggableManager)
        self.tableless: set[tuple[str, str]] = set()
        #: "app.model" of another app -> its table as that app's migrations
        #: this one depends on leave it (:func:`_other_apps`)
        self.elsewhere: dict[str, str] = {}
        #: the (app, migration) dependencies of the migrations read so far
        #: (a migration runs after its folder's earlier ones, and so after theirs)
        self.depends: set[tuple[str, str]] = set()
        #: (model, field) -> a foreign key's constraint as made: (table,
        #: column, target table, target column), its name's parts
        #: (:func:`index_name`); a table renamed since keeps the name
        self.fk_made: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        #: (model, field, side) -> a column of a many-to-many table Django
        #: makes (side 0: to the model, 1: to the target) and its foreign key
        #: as made: (column, that table's name then, before
        #: :func:`truncate_name`, target table, target column)
        self.many_fk: dict[tuple[str, str, int], tuple[str, str, str, str]] = {}
        #: (model, field) -> the table and column a field's own indexes (its
        #: ``db_index`` one, ``_like``) were made on: a rename keeps their
        #: names, and ``_alter_field`` drops them by the names the database lists
        self.index_made: dict[tuple[str, str], tuple[str, str]] = {}
        #: (model, ``"u:a,b"``/``"i:a,b"``) -> the table and columns a
        #: ``unique_together``/``index_together`` entry was made on: a later
        #: ``AlterModelTable``, ``RenameModel`` or ``RenameField`` keeps its
        #: name, and ``_delete_composed_index`` drops it by the name the
        #: database lists for its columns (trial s42 plane: ``workspace_..._uniq``
        #: after ``workspace`` became ``workspaces``)
        self.together_made: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
        #: old model -> new model (lowercased) of this app's ``RenameModel``s:
        #: Django repoints the fields to it (``ProjectState.rename_model``)
        self.moved: dict[str, str] = {}
        #: "app.model" of another app -> "app.model" it was renamed to by that
        #: app's ``RenameModel`` (``ProjectState.rename_model`` repoints every
        #: field, of every app, to the new model)
        self.moved_elsewhere: dict[str, str] = {}
        #: another app -> its state as this migration sees it (:func:`_other_states`)
        self.others: dict[str, _Tables] = {}
        #: (model, constraint name) -> its class and, a ``UniqueConstraint``'s,
        #: options (:func:`~dbnamelint.django_unique.unique_options`): how it
        #: is dropped (an index or a constraint, :func:`constraint_made`) and
        #: whether SQLite rebuilds the table for it (:func:`_rebuilds_table`)
        self.constraints: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
        #: (model, index key, :func:`_lite_indexes`) -> the name SQLite's
        #: rebuild of the table last gave an index Django names itself
        #: (``_remake_table``: under the table's and columns' names then)
        self.lite: dict[tuple[str, str], str] = {}

    def of(self, model: str) -> str:
        lower = model.lower()
        return self.named.get(lower, f"{self.app}_{lower}")

    def column(self, model: str, field: str) -> str:
        """Field ``field``'s column (its name when no migration read defines it)."""
        return self.columns.get((model.lower(), field), (field, False, False))[0]

    def copy(self) -> _Tables:
        out = _Tables(self.app)
        out.named = dict(self.named)
        out.columns = dict(self.columns)
        out.keys = dict(self.keys)
        out.fields = dict(self.fields)
        out.together = dict(self.together)
        out.settings = self.settings
        out.uniques = dict(self.uniques)
        out.many = dict(self.many)
        out.proxies = set(self.proxies)
        out.tableless = set(self.tableless)
        out.elsewhere = self.elsewhere
        out.depends = set(self.depends)
        out.fk_made = dict(self.fk_made)
        out.many_fk = dict(self.many_fk)
        out.moved = dict(self.moved)
        out.index_made = dict(self.index_made)
        out.together_made = dict(self.together_made)
        out.lite = dict(self.lite)
        out.moved_elsewhere = dict(self.moved_elsewhere)
        out.constraints = dict(self.constraints)
        out.others = self.others
        return out

    def many_columns(self, model: str, field: ast.Call) -> list[tuple[str, tuple[str, str]]]:
        """A many-to-many field's table's columns and each one's target
        (table, column): ``<model>_id`` to the model's table, ``<target>_id``
        to the target's (``from_``/``to_`` when it is the model itself;
        ``fields/related.py`` ``create_many_to_many_intermediary_model``)."""
        target = _target(field, self, model)
        to = related_model(field, self)
        if target is None or to is None:
            return []
        own = model.lower()
        to_model = self.current((model if to == "self" else to).rpartition(".")[2].lower())
        if own == to_model:
            columns = [f"from_{own}_id", f"to_{to_model}_id"]
        else:
            columns = [f"{own}_id", f"{to_model}_id"]
        return list(zip(columns, [(self.of(model), self.keys.get(own, "id")), target], strict=True))

    def through(self, model: str, field: str, family: str) -> str:
        """The table of a many-to-many field Django makes: its ``db_table``,
        else ``<table>_<field>`` (:func:`m2m_table`)."""
        had = self.many.get((model.lower(), field))
        given = _string(_keyword(had[0], "db_table")) if had is not None else None
        return given or m2m_table(self.of(model), field, family)

    def current(self, model: str) -> str:
        """A model of this app as its ``RenameModel``s left it (lowercased)."""
        seen = 0
        model = model.lower()
        while model in self.moved and seen < 32:
            model, seen = self.moved[model], seen + 1
        return model

    def _many_made(
        self, model: str, name: str, field: ast.Call, sides: tuple[int, ...] = (0, 1)
    ) -> None:
        """The columns of a many-to-many table (of ``sides``) and their
        foreign keys as made now."""
        key = (model.lower(), name)
        given = _string(_keyword(field, "db_table"))
        through = given or f"{self.of(model)}_{name}"
        for side, (column, (to_table, to_column)) in enumerate(self.many_columns(model, field)):
            if side in sides:
                self.many_fk[(key[0], key[1], side)] = (column, through, to_table, to_column)

    def _fk_made(self, model: str, name: str, field: ast.expr | None) -> None:
        """A foreign key field's constraint as made now (none: forgotten)."""
        key = (model.lower(), name)
        self.fk_made.pop(key, None)
        if not isinstance(field, ast.Call) or _callee(field.func) not in _FOREIGN:
            return
        if not _flag(field, "db_constraint", True):
            return
        target = _target(field, self, model)
        if target is not None and target[0]:
            self.fk_made[key] = (self.of(model), self.column(model, name), *target)

    def _field(self, model: str, name: str, field: ast.expr | None, altered: bool = False) -> None:
        column, many = _column(name, field)
        if many:
            self.tableless.add((model.lower(), name))
            if (
                isinstance(field, ast.Call)
                and _callee(field.func) in _MANY
                and _keyword(field, "through") is None
            ):
                # db_table= names the table Django still makes (auto_created)
                had = self.many.get((model.lower(), name))
                db_table = _string(_keyword(field, "db_table"))
                made = had[1] if altered and had is not None else f"{self.of(model)}_{name}"
                made = db_table or made
                self.many[(model.lower(), name)] = (field, made)
                old = had[0] if had is not None else None
                if not altered or old is None:
                    self._many_made(model, name, field)
                elif _repointed(old, field, self):
                    # _alter_many_to_many: the target's column made again
                    self._many_made(model, name, field, (1,))
            return
        key = (model.lower(), name)
        if not _unique(field):
            self.uniques.pop(key, None)
        elif not altered:
            self.uniques[key] = ("key", self.of(model), column)
        elif not _unique(self.fields.get(key)):
            self.uniques[key] = ("uniq", self.of(model), column)
        kind = _callee(field.func) if isinstance(field, ast.Call) else ""
        given = isinstance(field, ast.Call) and _keyword(field, "db_column") is not None
        self.columns[(model.lower(), name)] = (column, kind in _FOREIGN, given)
        old_field = self.fields.get((model.lower(), name))
        if not altered or not _indexed(old_field):
            self.index_made[key] = (self.of(model), column)
        if field is not None:
            self.fields[(model.lower(), name)] = field
        if isinstance(field, ast.Call) and _flag(field, "primary_key", False):
            self.keys[model.lower()] = column
        if not altered or _fk_remade(old_field, field):
            self._fk_made(model, name, field)

    def learn(self, call: ast.Call) -> None:
        """What operation ``call`` does to the tables' and columns' names
        (and, on SQLite, to the indexes of a table it rebuilds)."""
        remade = sqlite_remade(call, self)
        before = _Keys(dict(self.fk_made), dict(self.many_fk))
        self._learn(call)
        if _callee(call.func) in ("CreateModel", "AlterUniqueTogether", "AlterIndexTogether"):
            self._together_made(_string(_argument(call, 0, "name")) or "")
            self._together_named(_string(_argument(call, 0, "name")) or "")
        self._constraint(call)
        models, throughs = _rebuilt(before, self, _renamed_by(call))
        renamed_many = _many_renamed(call, self)
        if renamed_many is not None:
            throughs.add((renamed_many[0], renamed_many[2]))
        self._lite_note(models | ({remade.lower()} if remade else set()), throughs)

    def _constraint(self, call: ast.Call) -> None:
        """The constraints a ``CreateModel`` (``options["constraints"]``),
        ``AddConstraint`` or ``RemoveConstraint`` leaves, and how SQLite drops each."""
        operation = operation_of(call)
        if operation == "CreateModel":
            model = (_string(_argument(call, 0, "name")) or "").lower()
            options = _argument(call, 3, "options")
            listed: list[ast.expr] = []
            for key, value in zip(
                options.keys if isinstance(options, ast.Dict) else [],
                options.values if isinstance(options, ast.Dict) else [],
                strict=False,
            ):
                if _string(key) == "constraints" and isinstance(value, (ast.List, ast.Tuple)):
                    listed += value.elts
        elif operation == "AddConstraint":
            model = (_string(_argument(call, 0, "model_name")) or "").lower()
            listed = [_argument(call, 1, "constraint") or ast.Constant(None)]
        elif operation == "RemoveConstraint":
            model = (_string(_argument(call, 0, "model_name")) or "").lower()
            self.constraints.pop((model, _string(_argument(call, 1, "name")) or ""), None)
            return
        elif operation == "RenameModel" and (renamed := _renamed_by(call)) is not None:
            for moved in [k for k in self.constraints if k[0] == renamed[0]]:
                self.constraints[(renamed[1], moved[1])] = self.constraints.pop(moved)
            return
        else:
            return
        for constraint in listed:
            name = (
                _string(_keyword(constraint, "name")) if isinstance(constraint, ast.Call) else None
            )
            if isinstance(constraint, ast.Call) and name is not None:
                self.constraints[(model, name)] = _constraint_kind(constraint)

    def _lite_note(self, models: set[str], throughs: set[tuple[str, str]]) -> None:
        """SQLite rebuilt the tables of ``models`` and of the many-to-many
        fields ``throughs``: their indexes' names now."""
        for model in sorted(models):
            self._lite_rebuilt(model)
        for model, field in sorted(throughs):
            for key, (name, _kind, _columns) in _lite_through(self, model, field).items():
                self.lite[(model, key)] = name

    def _lite_rebuilt(self, model: str) -> None:
        """SQLite rebuilt ``model``'s table: its indexes' names now."""
        lower = model.lower()
        for gone in [k for k in self.lite if k[0] == lower and not k[1].startswith("m:")]:
            del self.lite[gone]
        for key, (name, _kind, _columns) in _lite_indexes(self, model).items():
            # an index_together's index is not made again (rebuilt=True): gone ("")
            self.lite[(lower, key)] = "" if key.startswith("i:") else name

    def _together_renamed(self, model: str, old: str, new: str) -> None:
        """``RenameField`` of ``model``'s ``old`` to ``new``: its
        ``unique_together``/``index_together`` tuples name ``new`` since
        (``ProjectState.rename_field``: "Fix index/unique_together to refer
        to the new field"), their names as made kept."""

        def renamed(together: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(new if f == old else f for f in together)

        def renamed_key(key: str) -> str:  # "u:a,b"
            kind, _, fields = key.partition(":")
            return f"{kind}:{','.join(renamed(tuple(fields.split(','))))}"

        for option in [k for k in self.together if k[0] == model]:
            self.together[option] = {renamed(t) for t in self.together[option]}
        for made in [k for k in self.together_made if k[0] == model]:
            self.together_made[(model, renamed_key(made[1]))] = self.together_made.pop(made)
        for lk in [k for k in self.lite if k[0] == model and k[1][:2] in ("u:", "i:")]:
            self.lite[(model, renamed_key(lk[1]))] = self.lite.pop(lk)

    def _together_named(self, model: str) -> None:
        """Note the table and columns each ``unique_together``/``index_together``
        entry of ``model`` new since the last note is made on (its name's
        parts); forget the entries no longer listed."""
        lower = model.lower()
        listed: dict[str, tuple[str, ...]] = {}
        for option in ("unique_together", "index_together"):
            for together in self.together.get((lower, option), set()):
                listed[f"{option[0]}:{','.join(together)}"] = together
        for had in [k for k in self.together_made if k[0] == lower and k[1] not in listed]:
            del self.together_made[had]
        for key, together in listed.items():
            columns = tuple(self.column(model, f) for f in together)
            self.together_made.setdefault((lower, key), (self.of(model), columns))

    def _together_made(self, model: str) -> None:
        """The names of ``model``'s ``unique_together``/``index_together``
        indexes as made now: a later ``AlterModelTable`` keeps them."""
        now = _lite_indexes(self, model, fields=False)
        together = ("u:", "i:")
        for had in [k for k in self.lite if k[0] == model.lower() and k[1][:2] in together]:
            if had[1] not in now:
                del self.lite[had]
        for key, (name, _kind, _columns) in now.items():
            if key[:2] in together:
                self.lite.setdefault((model.lower(), key), name)

    def _learn(self, call: ast.Call) -> None:
        operation = _callee(call.func)
        if operation == "CreateModel":
            name = _string(_argument(call, 0, "name"))
            if name is None:
                return
            options = _argument(call, 3, "options")
            if _option(options, "proxy"):
                # a proxy model's table is its concrete base's (Django docs,
                # "Proxy models"): bases=("app.model",)
                self.proxies.add(name.lower())
                bases = _argument(call, 4, "bases")
                for base in bases.elts if isinstance(bases, (ast.Tuple, ast.List)) else []:
                    app, _, base_model = (_string(base) or "").rpartition(".")
                    if base_model and app == self.app:
                        self.named[name.lower()] = self.of(base_model)
                    elif base_model and app:
                        self.named[name.lower()] = _foreign_table(app, base_model)
                    if base_model:
                        break
                return
            if isinstance(options, ast.Dict):
                for key, value in zip(options.keys, options.values, strict=False):
                    table = _string(value)
                    if _string(key) == "db_table" and table is not None:
                        self.named[name.lower()] = table
                    if _string(key) in ("unique_together", "index_together"):
                        self.together[(name.lower(), _string(key) or "")] = {
                            tuple(t) for t in _together(value)
                        }
            fields = _argument(call, 1, "fields")
            for item in fields.elts if isinstance(fields, (ast.List, ast.Tuple)) else []:
                if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                    field_name = _string(item.elts[0])
                    if field_name is not None:
                        self._field(name, field_name, item.elts[1])
        elif operation in ("AddField", "AlterField"):
            model = _string(_argument(call, 0, "model_name"))
            name = _string(_argument(call, 1, "name"))
            if model is not None and name is not None:
                altered = operation == "AlterField"
                self._field(model, name, _argument(call, 2, "field"), altered)
        elif operation == "RenameField":
            model = _string(_argument(call, 0, "model_name"))
            old = _string(_argument(call, 1, "old_name"))
            new = _string(_argument(call, 2, "new_name"))
            if model is not None and old is not None and new is not None:
                self._together_renamed(model.lower(), old, new)
                lite = self.lite.pop((model.lower(), f"f:{old}"), None)
                if lite is not None:
                    self.lite[(model.lower(), f"f:{new}")] = lite
                many = self.many.pop((model.lower(), old), None)
                if many is not None:
                    self.many[(model.lower(), new)] = many
                for side in (0, 1):
                    kept_many = self.many_fk.pop((model.lower(), old, side), None)
                    if kept_many is not None:
                        self.many_fk[(model.lower(), new, side)] = kept_many
                if (model.lower(), old) in self.tableless:
                    self.tableless.discard((model.lower(), old))
                    self.tableless.add((model.lower(), new))
                    return
                was = self.columns.get((model.lower(), old), (old, False, False))[0]
                column, foreign, given = self.columns.pop((model.lower(), old), (old, False, False))
                if not given:
                    column = f"{new}_id" if foreign else new
                self.columns[(model.lower(), new)] = (column, foreign, given)
                moved = self.fields.pop((model.lower(), old), None)
                if moved is not None:
                    self.fields[(model.lower(), new)] = moved
                made = self.uniques.pop((model.lower(), old), None)
                if made is not None:
                    self.uniques[(model.lower(), new)] = made
                at = self.index_made.pop((model.lower(), old), None)
                if at is not None:
                    self.index_made[(model.lower(), new)] = at
                kept = self.fk_made.pop((model.lower(), old), None)
                if column != was:
                    # a foreign key whose column is renamed: made again (_refk)
                    self._fk_made(model, new, moved)
                elif kept is not None:
                    self.fk_made[(model.lower(), new)] = kept
        elif operation == "RemoveField":
            model = _string(_argument(call, 0, "model_name"))
            name = _string(_argument(call, 1, "name"))
            if model is not None and name is not None:
                self.columns.pop((model.lower(), name), None)
                self.fields.pop((model.lower(), name), None)
                self.uniques.pop((model.lower(), name), None)
                self.many.pop((model.lower(), name), None)
                self.fk_made.pop((model.lower(), name), None)
                self.index_made.pop((model.lower(), name), None)
                for side in (0, 1):
                    self.many_fk.pop((model.lower(), name, side), None)
        elif operation == "DeleteModel":
            name = _string(_argument(call, 0, "name"))
            if name is not None:
                self.named.pop(name.lower(), None)
                for gone in [k for k in self.columns if k[0] == name.lower()]:
                    del self.columns[gone]
                for gone in [k for k in self.fields if k[0] == name.lower()]:
                    del self.fields[gone]
                for gone in [k for k in self.uniques if k[0] == name.lower()]:
                    del self.uniques[gone]
                for gone in [k for k in self.many if k[0] == name.lower()]:
                    del self.many[gone]
                for gone in [k for k in self.fk_made if k[0] == name.lower()]:
                    del self.fk_made[gone]
                for gone in [k for k in self.index_made if k[0] == name.lower()]:
                    del self.index_made[gone]
                for gone in [k for k in self.together_made if k[0] == name.lower()]:
                    del self.together_made[gone]
                for gone in [k for k in self.together if k[0] == name.lower()]:
                    del self.together[gone]
                for dropped in [k for k in self.many_fk if k[0] == name.lower()]:
                    del self.many_fk[dropped]
                self.proxies.discard(name.lower())
        elif operation in ("AlterUniqueTogether", "AlterIndexTogether"):
            name = _string(_argument(call, 0, "name"))
            option = "unique_together" if operation == "AlterUniqueTogether" else "index_together"
            if name is not None:
                self.together[(name.lower(), option)] = {
                    tuple(t) for t in _together(_argument(call, 1, option))
                }
        elif operation == "AlterModelTable":
            name = _string(_argument(call, 0, "name"))
            table_node = _argument(call, 1, "table")
            table = _string(table_node)
            if name is not None and table is not None:
                self.named[name.lower()] = table
            elif name is not None and _is_none(table_node):
                # table=None: back to <app>_<model> (Meta.db_table unset)
                self.named.pop(name.lower(), None)
        elif operation == "RenameModel":
            old = _string(_argument(call, 0, "old_name"))
            new = _string(_argument(call, 1, "new_name"))
            if old is not None and new is not None:
                if old.lower() in self.named:
                    self.named[new.lower()] = self.named.pop(old.lower())
                for model, field in list(self.columns):
                    if model == old.lower():
                        self.columns[(new.lower(), field)] = self.columns.pop((model, field))
                for model, field in list(self.fields):
                    if model == old.lower():
                        self.fields[(new.lower(), field)] = self.fields.pop((model, field))
                for model, field in list(self.uniques):
                    if model == old.lower():
                        self.uniques[(new.lower(), field)] = self.uniques.pop((model, field))
                for model, field in list(self.many):
                    if model == old.lower():
                        self.many[(new.lower(), field)] = self.many.pop((model, field))
                for fk in [k for k in self.fk_made if k[0] == old.lower()]:
                    self.fk_made[(new.lower(), fk[1])] = self.fk_made.pop(fk)
                for ik in [k for k in self.index_made if k[0] == old.lower()]:
                    self.index_made[(new.lower(), ik[1])] = self.index_made.pop(ik)
                for tk in [k for k in self.together_made if k[0] == old.lower()]:
                    self.together_made[(new.lower(), tk[1])] = self.together_made.pop(tk)
                # ProjectState.rename_model keeps the options: unique_together too
                for ok in [k for k in self.together if k[0] == old.lower()]:
                    self.together[(new.lower(), ok[1])] = self.together.pop(ok)
                for lk in [k for k in self.lite if k[0] == old.lower()]:
                    self.lite[(new.lower(), lk[1])] = self.lite.pop(lk)
                for mk in [k for k in self.many_fk if k[0] == old.lower()]:
                    self.many_fk[(new.lower(), mk[1], mk[2])] = self.many_fk.pop(mk)
                for tk in [k for k in self.tableless if k[0] == old.lower()]:
                    self.tableless.discard(tk)
                    self.tableless.add((new.lower(), tk[1]))
                if old.lower() in self.keys:
                    self.keys[new.lower()] = self.keys.pop(old.lower())
                self._repoint(old.lower(), new.lower())

    def _repoint(self, old: str, new: str) -> None:
        """``RenameModel`` of ``old`` to ``new``: the fields pointing to it
        are altered to point to ``new`` (``RenameModel.database_forwards``:
        "Alter the fields pointing to us"): a foreign key's constraint made
        again under the new target table; a many-to-many table's column
        ``<old>_id`` renamed ``<new>_id`` with its foreign key made again
        (``_alter_many_to_many``), ``from_``/``to_`` of the model's own; and
        the model's own many-to-many tables' column to it
        (``_alter_many_to_many``: "Rename columns and the M2M table")."""
        if old == new:
            return
        for model, was in list(self.moved.items()):
            if was == old:
                self.moved[model] = new
        self.moved[old] = new

        def points_here(field: ast.expr | None, model: str) -> bool:
            if not isinstance(field, ast.Call):
                return False
            to = related_model(field, self)
            if to is None:
                return False
            app, _, target = (model if to == "self" else to).rpartition(".")
            return (not app or app.lower() == self.app.lower()) and self.current(target) == new

        for (model, name), field in list(self.fields.items()):
            if points_here(field, model) and not _hidden(field):
                self._fk_made(model, name, field)
        for (model, name), (field, _made) in list(self.many.items()):
            sides = tuple(
                side for side, hit in ((0, model == new), (1, points_here(field, model))) if hit
            )
            if sides:
                self._many_made(model, name, field, sides)

    def repoint_elsewhere(self, old: str, new: str, table: str) -> None:
        """Another app's ``RenameModel`` of ``old`` to ``new`` (``"app.model"``,
        its table now ``table``): this app's fields pointing to it are
        altered as :meth:`_repoint` alters the app's own (its foreign keys'
        constraints made again under the new table's name, a many-to-many
        table's column ``<old>_id`` renamed ``<new>_id``)."""
        old, new = old.lower(), new.lower()
        if old == new:
            return
        for was, now in list(self.moved_elsewhere.items()):
            if now == old:
                self.moved_elsewhere[was] = new
        self.moved_elsewhere[old] = new
        self.elsewhere = {**self.elsewhere, new: table}

        def points_here(field: ast.expr | None) -> bool:
            to = related_model(field, self) if isinstance(field, ast.Call) else None
            return (to or "").lower() == new

        before = _Keys(dict(self.fk_made), dict(self.many_fk))
        for (model, name), field in list(self.fields.items()):
            if points_here(field) and not _hidden(field):
                self._fk_made(model, name, field)
        for (model, name), (field, _made) in list(self.many.items()):
            if points_here(field):
                self._many_made(model, name, field, (1,))
        self._lite_note(*_rebuilt(before, self))


def _hidden(field: ast.expr | None) -> bool:
    """Whether a foreign key's reverse relation is hidden (``related_name``
    ending in ``+``): not among the target's ``_meta.related_objects``
    (which keeps hidden many-to-many ones only), so a ``RenameModel`` of the
    target leaves its constraint as it is ("Alter the fields pointing to us"
    walks ``related_objects``)."""
    if not isinstance(field, ast.Call) or _callee(field.func) in _MANY:
        return False
    return (_string(_keyword(field, "related_name")) or "").endswith("+")


#: ``Field.non_db_attrs`` (Django 5.2 ``db/models/fields/__init__.py``): an
#: ``AlterField`` changing only these alters nothing
#: (``BaseDatabaseSchemaEditor._field_should_be_altered``).
_NON_DB = frozenset(
    {
        "blank",
        "choices",
        "db_column",
        "editable",
        "error_messages",
        "help_text",
        "limit_choices_to",
        "on_delete",
        "related_name",
        "related_query_name",
        "validators",
        "verbose_name",
        "db_comment",
    }
)


def _db_shape(field: ast.Call) -> tuple[object, ...]:
    """A field definition as ``_field_should_be_altered`` compares it: its
    class, arguments and keywords but :data:`_NON_DB`, ``to`` lowercased
    (``deconstruct`` writes the model's label lowercased)."""
    to = _argument(field, 0, "to")
    target = (_string(to) or (ast.dump(to) if to is not None else "")).lower()
    args = tuple(ast.dump(a) for a in field.args if a is not to)
    kwargs = tuple(
        sorted(
            (k.arg or "", ast.dump(k.value))
            for k in field.keywords
            if k.arg not in _NON_DB and k.arg != "to"
        )
    )
    return (_callee(field.func), target, args, kwargs)


def _fk_remade(old: ast.expr | None, new: ast.expr | None) -> bool:
    """Whether an ``AlterField`` from ``old`` to ``new`` makes a foreign key's
    constraint again: Django's ``_alter_field`` drops it when the field is
    altered at all ("Drop any FK constraints, we'll remake them later") and
    makes it for the new field (``_create_fk_sql``, under the names the
    tables have now), or makes one for a field that had none."""
    if not isinstance(new, ast.Call):
        return False
    if not isinstance(old, ast.Call):
        return True
    return _db_shape(old) != _db_shape(new)


def _indexed(field: ast.expr | None) -> bool:
    """Whether a field definition has an index or unique of its own (a
    foreign key's, a slug's, ``db_index=True``, ``unique=True``)."""
    if not isinstance(field, ast.Call):
        return False
    kind = _callee(field.func)
    default = kind in _FOREIGN or kind == "SlugField"
    return _flag(field, "db_index", default) or _unique(field)


def _repointed(old: ast.Call, new: ast.Call, tables: _Tables) -> bool:
    """Whether a many-to-many ``AlterField`` points the field at another
    model (``_alter_many_to_many``: "Alter M2Ms to repoint their to= endpoints")."""
    before, after = related_model(old, tables), related_model(new, tables)
    return (before or "").lower() != (after or "").lower()


def _option(options: ast.expr | None, name: str) -> bool:
    """Whether ``options={name: True}``."""
    if not isinstance(options, ast.Dict):
        return False
    return any(
        _string(k) == name and isinstance(v, ast.Constant) and v.value is True
        for k, v in zip(options.keys, options.values, strict=False)
    )


def _is_none(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _foreign_table(app: str, model: str) -> str:
    """Another app's model's table: a contrib app's own (:data:`CONTRIB_TABLES`),
    else ``<app>_<model>`` (its migrations are not read here)."""
    return CONTRIB_TABLES.get(f"{app}.{model}".lower(), f"{app}_{model.lower()}")


def _calls(tree: ast.AST) -> list[ast.Call]:
    """The calls of ``tree`` in the order Django runs them: the text's, but a
    ``SeparateDatabaseAndState``'s ``state_operations`` after its
    ``database_operations`` (``SeparateDatabaseAndState.database_forwards``
    runs each database operation from the state before the operation, whose
    ``state_forwards`` then applies the state operations: an
    ``AlterModelTable`` or ``RenameField`` of ``database_operations`` acts on
    the model that ``state_operations`` delete, netbox's ``ipam/0068`` and
    ``tenancy/0020``)."""
    later: dict[int, tuple[int, int]] = {}
    for node in python_trees.walk(tree):
        if (
            isinstance(node, ast.Call)
            and _callee(node.func) == "SeparateDatabaseAndState"
            and node.end_lineno is not None
            and node.end_col_offset is not None
        ):
            state = _argument(node, 1, "state_operations")
            for inner in python_trees.walk(state) if state is not None else ():
                if isinstance(inner, ast.Call):
                    later[id(inner)] = (node.end_lineno, node.end_col_offset)
    calls = [n for n in python_trees.walk(tree) if isinstance(n, ast.Call)]
    return sorted(
        calls,
        key=lambda c: (*later.get(id(c), (c.lineno, c.col_offset)), c.lineno, c.col_offset),
    )


def _earlier_tables(path: str, app: str) -> _Tables:
    """The tables the migrations before ``path`` in its folder leave."""
    folder = Path(path).parent
    try:
        names = sorted(os.listdir(folder))  # noqa: PTH208 - names only, no Path each
    except OSError:
        return _Tables(app)
    files = [n for n in names if n.endswith(".py") and n[:1].isdigit()]
    own = Path(path).name
    before = bisect.bisect_left(files, own)  # the files named before it
    return _folder_states(folder, app, tuple(files))[before].copy()


def app_state(folder: Path, app: str) -> _Tables:
    """The models' tables and fields as every migration of the app ``app``
    in ``folder`` (its ``migrations/``, name order) leaves them: what a new
    migration after them starts from (:mod:`dbnamelint.services.migrate.django_state`)."""
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:
        return _Tables(app)
    files = tuple(n for n in names if n.endswith(".py") and n[:1].isdigit())
    return _folder_states(folder, app, files)[-1]


#: The folders read by :func:`_folder_states` (folder -> its key, its states):
#: a migration's own and the other apps' it depends on.
_STATES: dict[str, tuple[tuple[object, ...], list[_Tables]]] = {}


def _folder_states(folder: Path, app: str, files: tuple[str, ...]) -> list[_Tables]:
    """The tables before each of ``files`` (name order) of ``folder`` and
    after the last, read once while the files are unchanged: reading every
    migration of a folder as SQL asks for each one's (once, not once per file
    before it)."""
    stats: list[tuple[str, int, int]] = []
    base = str(folder)
    for name in files:
        try:
            # os.stat of a joined string: asked for every file on each call
            # (a folder's migrations each ask), a Path per file cost 4x
            st = os.stat(os.path.join(base, name))  # noqa: PTH116,PTH118
        except OSError:
            continue
        stats.append((name, st.st_mtime_ns, st.st_size))
    key: tuple[object, ...] = (str(folder), app, tuple(stats))
    cached = _STATES.get(str(folder))
    if cached is not None and cached[0] == key:
        return cached[1]
    tables = _Tables(app)
    states = [tables.copy()]
    busy = str(folder) in _BUSY
    _BUSY.add(str(folder))
    try:
        if files:
            tables.settings = model_settings(folder / files[0])
        for name in files:
            try:
                tree = python_trees.module_tree(
                    (folder / name).read_text(encoding="utf-8", errors="replace")
                )
            except (OSError, SyntaxError, ValueError):
                states.append(tables.copy())
                continue
            # the other apps' tables as this migration sees them, so a
            # foreign key's constraint is known by the name it was made with
            # (:attr:`_Tables.fk_made`); not while one of those apps' states
            # is being read (apps depending on each other)
            if busy:
                tables.elsewhere, tables.others = {}, {}
            else:
                _see_others(tables, str(folder / name), tree, app)
            for call in _calls(tree):
                tables.learn(call)
            tables.depends.update(_dependencies(tree, {}))
            states.append(tables.copy())
    finally:
        if not busy:
            _BUSY.discard(str(folder))
    if len(_STATES) > 32:
        _STATES.clear()
    _STATES[str(folder)] = (key, states)
    return states


#: The folders whose states :func:`_folder_states` is reading.
_BUSY: set[str] = set()


def migration_dependencies(text: str, path: Path) -> list[tuple[str, str]]:
    """The ``dependencies`` of the Django migration ``text`` at ``path``
    (:func:`_dependencies`, a swappable one by the settings its project's
    ``manage.py`` names); none when it does not parse."""
    try:
        tree = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return []
    # the settings are read only for a swappable dependency (a walk up to manage.py)
    return _dependencies(tree, model_settings(path) if "swappable_dependency" in text else {})


def migration_replaces(text: str) -> list[tuple[str, str]]:
    """The ``replaces`` of the Django migration ``text``: the ``("app",
    "0001_x")`` migrations a squashed migration stands for (Django manual,
    "Squashing migrations"); none when it has none or does not parse."""
    try:
        tree = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return []
    out: list[tuple[str, str]] = []
    for node in python_trees.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "replaces" for t in node.targets)
            and isinstance(node.value, (ast.List, ast.Tuple))
        ):
            for item in node.value.elts:
                if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                    app, name = _string(item.elts[0]), _string(item.elts[1])
                    if app and name:
                        out.append((app, name))
    return out


def _dependencies(tree: ast.AST, settings: dict[str, str | None]) -> list[tuple[str, str]]:
    """A migration's ``dependencies``: ``("app", "0001_x")`` tuples, and
    ``migrations.swappable_dependency(settings.AUTH_USER_MODEL)``, which is
    the setting's app's ``"__first__"`` (``django/db/migrations/migration.py``)."""
    out: list[tuple[str, str]] = []
    for node in python_trees.walk(tree):
        if not (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "dependencies" for t in node.targets)
            and isinstance(node.value, (ast.List, ast.Tuple))
        ):
            continue
        for item in node.value.elts:
            if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                app, name = _string(item.elts[0]), _string(item.elts[1])
                if app and name:
                    out.append((app, name))
            elif isinstance(item, ast.Call) and _callee(item.func) == "swappable_dependency":
                setting = item.args[0] if item.args else None
                if isinstance(setting, ast.Attribute):
                    model = settings.get(setting.attr) or ""
                    if "." in model:
                        out.append((model.split(".")[0], "__first__"))
    return out


def _see_others(tables: _Tables, path: str, tree: ast.AST, app: str) -> None:
    """The other apps as the migration at ``path`` (``tree``) sees them
    (:func:`_other_states`): their tables, and their ``RenameModel``s of a
    model this app's fields point to, which Django has run before it
    (:meth:`_Tables.repoint_elsewhere`, once each)."""
    tables.others = _other_states(path, tree, app, tables.settings, set(tables.depends))
    tables.elsewhere = {
        f"{other}.{model}": table
        for other, state in tables.others.items()
        for model, table in state.named.items()
    }
    for other, state in sorted(tables.others.items()):
        for old in sorted(state.moved):
            if f"{other}.{old}" not in tables.moved_elsewhere:
                new = state.current(old)
                tables.repoint_elsewhere(f"{other}.{old}", f"{other}.{new}", state.of(new))


def _other_apps(
    path: str,
    tree: ast.AST,
    app: str,
    settings: dict[str, str | None],
    earlier: set[tuple[str, str]],
) -> dict[str, str]:
    """Each table another app's migrations give its models (``"app.model"``
    -> table) as :func:`_other_states` leave them."""
    out: dict[str, str] = {}
    for other, state in _other_states(path, tree, app, settings, earlier).items():
        for model, table in state.named.items():
            out[f"{other}.{model}"] = table
    return out


def _other_states(
    path: str,
    tree: ast.AST,
    app: str,
    settings: dict[str, str | None],
    earlier: set[tuple[str, str]],
) -> dict[str, _Tables]:
    """Each other app's state (app -> :class:`_Tables`: the tables its
    migrations give its models, its fields), as they stand after the
    migration of that app this one depends on (``__first__``: its first;
    ``__latest__``: its last), so a foreign key to it is named after that
    table, as Django names it when the migration runs (netbox's
    ``users.User``, ``db_table="auth_user"`` until ``users/0005``:
    ``..._fk_auth_user_id``). An app is a sibling folder of this
    migration's app holding ``migrations/`` (its ``apps.py`` label, else
    its name); an app not found there is not read. Of several dependencies
    on one app (this migration's and its folder's ``earlier`` ones'), the
    latest: the migration runs after each."""
    out: dict[str, _Tables] = {}
    wanted = [(a, n) for a, n in {*_dependencies(tree, settings), *earlier} if a != app]
    if not wanted:
        return out
    apps = Path(path).parent.parent.parent
    found: dict[str, Path] = {}
    try:
        for child in sorted(apps.iterdir()):
            if (child / "migrations").is_dir():
                label = app_label(str(child / "migrations" / "0001_x.py"))
                found.setdefault(label or child.name, child / "migrations")
    except OSError:
        return out
    latest: dict[str, tuple[int, tuple[str, ...]]] = {}
    for other, name in sorted(wanted):
        folder = found.get(other)
        if folder is None:
            continue
        try:
            names = sorted(p.name for p in folder.iterdir())
        except OSError:
            continue
        files = tuple(n for n in names if n.endswith(".py") and n[:1].isdigit())
        if not files:
            continue
        if name == "__first__":
            at = 1
        elif name == "__latest__":
            at = len(files)
        elif f"{name}.py" in files:
            at = files.index(f"{name}.py") + 1
        else:
            continue
        if at > latest.get(other, (0, ()))[0]:
            latest[other] = (at, files)
    # Django runs the migration in the state every migration before it in
    # its plan leaves, of every app: past the one depended on when the plan
    # runs more of that app first (trial s42 plane: license/0001 after all of db)
    plan = _plan(apps, found, settings)
    mine = plan.get((app, Path(path).stem))
    for other, (depended, files) in sorted(latest.items()):
        ran = [
            i + 1
            for i, f in enumerate(files)
            if mine is not None and plan.get((other, f[:-3]), mine) < mine
        ]
        at = max([depended, *ran])
        out[other] = _folder_states(found[other], other, files)[at]
    return out


#: apps folder -> (its migrations' stat key, :func:`_plan`'s answer).
_PLANS: dict[str, tuple[tuple[object, ...], dict[tuple[str, str], int]]] = {}


def _plan(
    apps: Path, found: dict[str, Path], settings: dict[str, str | None]
) -> dict[tuple[str, str], int]:
    """Each migration ``(app, name)`` of the apps ``found`` (label -> its
    migrations folder) -> its position in the order ``migrate`` runs them
    (:func:`dbnamelint.django_plan.migrate_plan`), read once while the files
    are unchanged."""
    from dbnamelint.django_plan import migrate_plan, resolved

    # str paths and os calls: every migration read asks (a Path per file cost 4x)
    listed: list[tuple[str, str]] = []
    stats: list[tuple[str, int, int]] = []
    for label, folder in sorted(found.items()):
        base = str(folder)
        try:
            names = sorted(os.listdir(base))  # noqa: PTH208
        except OSError:
            continue
        for name in names:
            if name.endswith(".py") and name[:1].isdigit():
                full = os.path.join(base, name)  # noqa: PTH118
                try:
                    st = os.stat(full)  # noqa: PTH116
                except OSError:
                    continue
                listed.append((label, full))
                stats.append((full, st.st_mtime_ns, st.st_size))
    key: tuple[object, ...] = (tuple(stats), tuple(sorted(settings.items())))
    cached = _PLANS.get(str(apps))
    if cached is not None and cached[0] == key:
        return cached[1]
    keys = [(label, Path(file).stem) for label, file in listed]
    by_app: dict[str, list[str]] = {}
    for label, name in keys:
        by_app.setdefault(label, []).append(name)
    where = {k: i for i, k in enumerate(keys)}
    parents: list[set[int]] = [set() for _ in keys]
    for i, (_label, file) in enumerate(listed):
        try:
            tree = python_trees.module_tree(
                Path(file).read_text(encoding="utf-8", errors="replace")
            )
        except (OSError, SyntaxError, ValueError):
            continue
        for dep in resolved(_dependencies(tree, settings), by_app):
            if dep in where and where[dep] != i:
                parents[i].add(where[dep])
    plan = {keys[n]: at for at, n in enumerate(migrate_plan(keys, parents))}
    if len(_PLANS) > 8:
        _PLANS.clear()
    _PLANS[str(apps)] = (key, plan)
    return plan


class _Layout:
    """SQL tokens laid over a call's span, line breaks kept."""

    def __init__(self, text: str, start: int, end: int, anchored: bool) -> None:
        self.start = start
        self.anchored = anchored
        self.chars = ["\n" if c == "\n" else " " for c in text[start:end]]
        self.cursor = 0
        self.ok = True
        #: the SQL did not fit the call's span (not: nothing to write)
        self.full = False

    def put(self, token: str, anchor: int | None = None) -> None:
        """``token`` after the last one: at ``anchor`` (a file offset) when
        it can go there, else word by word where each fits before a line break."""
        if not self.ok:
            return
        if self.anchored and anchor is not None and anchor - self.start >= self.cursor:
            at = anchor - self.start
            if "\n" in self.chars[at : at + len(token)]:
                # longer than the rest of the literal's line ("api_check" at
                # name='Check'): ending at that line's end, on the literal's line
                line_end = self.chars.index("\n", at)
                line_start = at
                while line_start > 0 and self.chars[line_start - 1] != "\n":
                    line_start -= 1
                at = max(line_end - len(token), line_start)
            if at >= self.cursor and "\n" not in self.chars[at : at + len(token)]:
                self.chars[at : at + len(token)] = token
                self.cursor = at + len(token) + 1
                return
        for word in token.split(" ") if anchor is None else [token]:
            self._word(word)

    def _word(self, word: str) -> None:
        width = len(word) + 1
        at = self.cursor
        while "\n" in self.chars[at : at + width]:
            at = self.chars.index("\n", at) + 1
        if at + width > len(self.chars):
            self.ok = False
            self.full = True
            return
        self.chars[at : at + len(word)] = word
        self.cursor = at + width


def _m2m_cut(table: str, field: str) -> bool:
    """Whether a many-to-many table's default name is cut on some database
    (:func:`m2m_table`): its ``CREATE TABLE`` is then each database's, in
    :func:`own_names`, not laid over the call."""
    return len(f"{table}_{field}") > min(MAX_NAME_LENGTH.values())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal_at(node: ast.expr | None, offsets: _Offsets) -> int | None:
    """Where the literal ``node`` starts (its quote), when it is a plain one."""
    if _string(node) is None or node is None:
        return None
    start, end = offsets.span(node)
    return start if end - start == len(_quoted(_string(node) or "")) else None


def _column(name: str, field: ast.expr | None) -> tuple[str, bool]:
    """(The column of field ``name`` defined by ``field``, whether it is a
    many-to-many field: a table, not a column)."""
    if isinstance(field, ast.Call):
        kind = _callee(field.func)
        if kind in _MANY or kind in _NO_COLUMN:
            return name, True
        column = _string(_keyword(field, "db_column"))
        if column is not None:
            return column, False
        if kind in _FOREIGN:
            return f"{name}_id", False
    return name, False


def _field_anchor(
    name: str, field: ast.expr | None, node: ast.expr | None, offsets: _Offsets
) -> int | None:
    """The literal a field's column name is located at: ``db_column=``'s, else the field's name."""
    if isinstance(field, ast.Call):
        column = _keyword(field, "db_column")
        if column is not None:
            return _literal_at(column, offsets)
        if _callee(field.func) in _FOREIGN:
            return None
    return _literal_at(node, offsets)


def _columns(fields: ast.expr | None) -> list[str]:
    if not isinstance(fields, (ast.List, ast.Tuple)):
        return []
    return [s for s in (_string(e) for e in fields.elts) if s is not None]


#: ``django.contrib.postgres.indexes``' index classes and the method each
#: one's ``CREATE INDEX ... USING <suffix>`` names (``PostgresIndex.create_sql``:
#: ``using=f" USING {self.suffix}"``).
POSTGRES_INDEXES = {
    "BloomIndex": "bloom",
    "BrinIndex": "brin",
    "BTreeIndex": "btree",
    "GinIndex": "gin",
    "GistIndex": "gist",
    "HashIndex": "hash",
    "SpGistIndex": "spgist",
}
#: The index and constraint classes read (:func:`_index_or_constraint`).
INDEX_CLASSES = frozenset({"Index", *POSTGRES_INDEXES})
CONSTRAINT_CLASSES = frozenset({"UniqueConstraint", "CheckConstraint", "ExclusionConstraint"})


def index_unread(thing: ast.expr | None, constraint: bool) -> str | None:
    """What of the index (``constraint``: constraint) ``thing`` of an
    ``AddIndex``/``AddConstraint`` or a model's ``indexes``/``constraints``
    option is not read, None when it is: a class not in
    :data:`INDEX_CLASSES`/:data:`CONSTRAINT_CLASSES` (a third-party index, a
    subclass), a value that is no call (a variable), a ``name=`` no literal."""
    what = "constraint" if constraint else "index"
    if not isinstance(thing, ast.Call):
        return f"the {what} (no {what} class call written in the migration)"
    kind = _callee(thing.func)
    if kind not in (CONSTRAINT_CLASSES if constraint else INDEX_CLASSES):
        return f"the {what} {kind}(...) (a class dbnamelint does not know)"
    if _string(_keyword(thing, "name")) is None:
        return f"the {what} {kind}(...) (its name= is no string literal)"
    return None


def _index_or_constraint(
    layout: _Layout,
    table: str,
    thing: ast.expr | None,
    offsets: _Offsets,
    columns_of: dict[str, str] | None = None,
) -> None:
    if not isinstance(thing, ast.Call):
        return
    name_node = _keyword(thing, "name")
    name = _string(name_node)
    if name is None:
        return
    kind = _callee(thing.func)
    of = columns_of or {}
    fields = _columns(_keyword(thing, "fields"))
    columns = ", ".join(_quoted(of.get(f.lstrip("-"), f.lstrip("-"))) for f in fields) or '"id"'
    # "-field" is DESC, condition= a WHERE (django_condition): the definition
    # a SQLite rename re-creates the index from
    items, tail = index_tail(thing, of)
    listed = ", ".join(items) or columns
    if kind in INDEX_CLASSES:
        using = f" USING {POSTGRES_INDEXES[kind]}" if kind in POSTGRES_INDEXES else ""
        layout.put("CREATE INDEX")
        layout.put(_quoted(name), _literal_at(name_node, offsets))
        layout.put(f"ON {_quoted(table)}{using} ({listed}){tail};")
    elif kind == "UniqueConstraint":
        # a unique index or a constraint, on the databases that make it
        # (django_unique: MySQL no partial one, SQLite no covering one...)
        options = unique_options(thing)
        made = {f: unique_made(options, f) for f in _ALL}
        on = [f for f in _ALL if made[f] is not None]
        if not on:
            return
        only = "" if len(on) == len(_ALL) else f"/*only:{','.join(on)}*/"
        if "index" in made.values():
            layout.put(f"{only}CREATE UNIQUE INDEX")
            layout.put(_quoted(name), _literal_at(name_node, offsets))
            layout.put(f"ON {_quoted(table)} ({listed}){tail};")
        else:
            layout.put(f"{only}ALTER TABLE {_quoted(table)} ADD CONSTRAINT")
            layout.put(_quoted(name), _literal_at(name_node, offsets))
            layout.put(f"UNIQUE ({columns});")
    elif kind == "ExclusionConstraint":
        # django.contrib.postgres.constraints: ALTER TABLE ... ADD CONSTRAINT
        # <name> EXCLUDE USING <index_type, default GIST> (...)
        layout.put(f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT")
        layout.put(_quoted(name), _literal_at(name_node, offsets))
        layout.put('EXCLUDE USING gist ("id" WITH =);')
    elif kind == "CheckConstraint":
        layout.put(f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT")
        layout.put(_quoted(name), _literal_at(name_node, offsets))
        layout.put("CHECK (true);")


def _auto_many(field: ast.expr | None) -> bool:
    """Whether a many-to-many field's table is one Django makes (no ``through=``;
    not a ``TaggableManager``)."""
    return (
        isinstance(field, ast.Call)
        and _callee(field.func) in _MANY
        and _keyword(field, "through") is None
    )


def _lay(layout: _Layout, call: ast.Call, tables: _Tables, offsets: _Offsets) -> None:
    """``call``'s DDL laid over its span (see the module docstring)."""
    operation = operation_of(call)
    if operation == "CreateModel":
        name = _string(_argument(call, 0, "name"))
        if name is None:
            layout.ok = False
            return
        tables.learn(call)
        if name.lower() in tables.proxies:
            layout.ok = False  # a proxy model: no table (Django docs, "Proxy models")
            return
        table = tables.of(name)
        options = _argument(call, 3, "options")
        # The table's name stands at the literal giving it: db_table's comes
        # after the fields, so the table is created under the name Django
        # would give it (<app>_<model>) and renamed there, the model holding
        # only the db_table name; else the model's name= literal.
        given = (
            next(
                (
                    v
                    for k, v in zip(options.keys, options.values, strict=False)
                    if _string(k) == "db_table" and _string(v) is not None
                ),
                None,
            )
            if isinstance(options, ast.Dict)
            else None
        )
        first_name = f"{tables.app}_{name.lower()}" if given is not None else table
        layout.put("CREATE TABLE")
        layout.put(_quoted(first_name), _literal_at(_argument(call, 0, "name"), offsets))
        layout.put("(")
        fields = _argument(call, 1, "fields")
        many: list[tuple[str, ast.expr | None]] = []
        columns_of: dict[str, str] = {}
        first = True
        for item in fields.elts if isinstance(fields, (ast.List, ast.Tuple)) else []:
            if not (isinstance(item, ast.Tuple) and len(item.elts) == 2):
                continue
            field_name = _string(item.elts[0])
            if field_name is None:
                continue
            column, is_many = _column(field_name, item.elts[1])
            columns_of[field_name] = column
            if is_many:
                if _auto_many(item.elts[1]):
                    many.append((field_name, item.elts[1]))
                continue
            if not first:
                layout.put(",")
            layout.put(
                _quoted(column), _field_anchor(field_name, item.elts[1], item.elts[0], offsets)
            )
            layout.put("text")
            first = False
        layout.put(");")
        for field_name, field in many:
            through = _string(_keyword(field, "db_table")) if isinstance(field, ast.Call) else None
            if through is None and _m2m_cut(table, field_name):
                continue  # each database's name: own_names
            layout.put(f'CREATE TABLE {_quoted(through or f"{table}_{field_name}")} ("id" text);')
        if isinstance(options, ast.Dict):
            for key, value in zip(options.keys, options.values, strict=False):
                if value is given and first_name != table:
                    layout.put(f"ALTER TABLE {_quoted(first_name)} RENAME TO")
                    layout.put(_quoted(table), _literal_at(value, offsets))
                    layout.put(";")
                if _string(key) in ("indexes", "constraints") and isinstance(
                    value, (ast.List, ast.Tuple)
                ):
                    for thing in value.elts:
                        _index_or_constraint(layout, table, thing, offsets, columns_of)
    elif operation == "AddField":
        model = _string(_argument(call, 0, "model_name"))
        name_node = _argument(call, 1, "name")
        name = _string(name_node)
        field = _argument(call, 2, "field")
        if model is None or name is None:
            layout.ok = False
            return
        table = tables.of(model)
        column, is_many = _column(name, field)
        if is_many:
            if not _auto_many(field):
                layout.ok = False  # through= a model of its own, or TaggableManager
                return
            through = _string(_keyword(field, "db_table")) if isinstance(field, ast.Call) else None
            if through is None and _m2m_cut(table, name):
                return  # each database's name: own_names
            layout.put("CREATE TABLE")
            layout.put(_quoted(through or f"{table}_{name}"))
            layout.put('("id" text);')
            return
        layout.put(f"ALTER TABLE {_quoted(table)} ADD COLUMN")
        layout.put(_quoted(column), _field_anchor(name, field, name_node, offsets))
        layout.put("text;")
    elif operation in ("RenameField", "AlterField"):
        model = _string(_argument(call, 0, "model_name"))
        old = _string(_argument(call, 1, "old_name" if operation == "RenameField" else "name"))
        if model is None or old is None:
            layout.ok = False
            return
        if (model.lower(), old) in tables.tableless:
            layout.ok = False  # a many-to-many field: its table, in own_names
            return
        before = tables.column(model, old)
        after_tables = tables.copy()
        after_tables.learn(call)
        if operation == "RenameField":
            new_node: ast.expr | None = _argument(call, 2, "new_name")
            new = _string(new_node)
            if new is None:
                layout.ok = False
                return
            after = after_tables.column(model, new)
        else:
            field = _argument(call, 2, "field")
            new_node = _keyword(field, "db_column") if isinstance(field, ast.Call) else None
            after = after_tables.column(model, old)
        if after == before:
            layout.ok = False  # Django renames no column (db_column kept)
            return
        layout.put(f"ALTER TABLE {_quoted(tables.of(model))} RENAME COLUMN {_quoted(before)} TO")
        anchor = _literal_at(new_node, offsets) if _string(new_node) == after else None
        layout.put(_quoted(after), anchor)
        layout.put(";")
    elif operation == "RenameIndex":
        old_index = _string(_keyword(call, "old_name"))
        new_node = _argument(call, 1, "new_name")
        if old_index is None or _string(new_node) is None:
            layout.ok = False  # old_fields: an index Django named
            return
        layout.put(f"ALTER INDEX {_quoted(old_index)} RENAME TO")
        layout.put(_quoted(_string(new_node) or ""), _literal_at(new_node, offsets))
        layout.put(";")
    elif operation in ("AlterModelTable", "RenameModel"):
        if operation == "AlterModelTable":
            model = _string(_argument(call, 0, "name"))
            new_node = _argument(call, 1, "table")
        else:
            model = _string(_argument(call, 0, "old_name"))
            new_node = _argument(call, 1, "new_name")
        back = operation == "AlterModelTable" and _is_none(new_node)
        if model is None or (_string(new_node) is None and not back):
            layout.ok = False
            return
        old_table = tables.of(model)
        renamed = model.lower() in tables.named
        tables.learn(call)
        if operation == "RenameModel" and renamed:
            layout.ok = False  # db_table set: Django renames no table
            return
        new_table = tables.of(model if operation == "AlterModelTable" else _string(new_node) or "")
        if new_table == old_table or back:
            # table=None: the default name Django gives, in own_names (no
            # literal to lay it at, and the call may have no room for it)
            layout.ok = False
            return
        layout.put(f"ALTER TABLE {_quoted(old_table)} RENAME TO")
        literal = operation == "AlterModelTable" and not back
        anchor = _literal_at(new_node, offsets) if literal else None
        layout.put(_quoted(new_table), anchor)
        layout.put(";")
    elif operation == "DeleteModel":
        model = _string(_argument(call, 0, "name"))
        if model is None:
            layout.ok = False
            return
        if model.lower() in tables.proxies:
            layout.ok = False  # a proxy model: no table to drop
            return
        # Django's base schema editor: DROP TABLE ... CASCADE (SQLite's: no CASCADE).
        layout.put(f"DROP TABLE {_quoted(tables.of(model))} CASCADE;")
    elif operation == "RemoveField":
        model = _string(_argument(call, 0, "model_name"))
        name = _string(_argument(call, 1, "name"))
        if model is None or name is None:
            layout.ok = False
            return
        if (model.lower(), name) not in tables.columns:
            layout.ok = False  # a many-to-many field, or one no migration read defines
            return
        column = tables.column(model, name)
        layout.put(f"ALTER TABLE {_quoted(tables.of(model))} DROP COLUMN {_quoted(column)};")
    elif operation in ("AddIndex", "AddConstraint"):
        model = _string(_argument(call, 0, "model_name"))
        added = _argument(call, 1, "index" if operation == "AddIndex" else "constraint")
        if model is None:
            layout.ok = False
            return
        fields = _keyword(added, "fields") if isinstance(added, ast.Call) else None
        columns_of = {f: tables.column(model, f) for f in _columns(fields)}
        _index_or_constraint(layout, tables.of(model), added, offsets, columns_of)


def read_migration(
    path: str, text: str
) -> tuple[ast.Module, _Offsets, list[tuple[int, int]], _Tables] | None:
    """The Django migration ``text`` at ``path`` parsed, its offsets, the
    spans that run only when it is unapplied (or never: ``state_operations``,
    :func:`~dbnamelint.django_reverse.reverse_spans`) and the tables the
    migrations before it leave; None for a file that is no migration of an app."""
    if not defines_migration(text):
        return None
    app = app_label(path)
    if app is None:
        return None
    try:
        tree = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return None
    tables = _earlier_tables(path, app)
    tables.settings = model_settings(Path(path))
    _see_others(tables, path, tree, app)
    return tree, _Offsets(text), reverse_spans(text), tables


def operation_sql(path: str, text: str) -> list[tuple[int, int, str, bool]]:
    """``(start, end, sql, laid)`` for each operation of the Django migration
    ``text`` at ``path`` read (see the module docstring): ``sql`` is laid
    over ``text[start:end]``, of its length; then, ``laid``, the statements
    of the names Django makes itself (:func:`own_names`), past the end of
    the call's last line."""
    read = read_migration(path, text)
    if read is None:
        return []
    tree, offsets, skipped, tables = read
    out = []
    for call in _calls(tree):
        operation = operation_of(call)
        if operation not in OPERATIONS and operation != "RemoveConstraint":
            continue  # (RemoveConstraint: its SQL is implicit_sql's, a rebuild's here)
        start, end = offsets.span(call)
        if in_spans(skipped, start):
            tables.learn(call)  # state_operations: run nothing, name the state
            continue
        # Each name at its literal; where the call has no room left after one
        # for what follows, all of it from the call's start.
        known = tables.copy()
        prior = tables.copy()
        layout = _Layout(text, start, end - 1, anchored=True)
        _lay(layout, call, tables, offsets)
        if not layout.ok:
            tables = known.copy()
            layout = _Layout(text, start, end - 1, anchored=False)
            _lay(layout, call, tables, offsets)
        # past the end of the call's last line (a line that grows:
        # DdlString.laid), so the operation's own SQL keeps its room
        line_end = text.find("\n", end - 1)
        line_end = len(text) if line_end < 0 else line_end
        if not layout.ok and layout.full:
            # SQL longer than the call's text (a one-line RenameModel of a
            # long app label): never dropped for its layout, it goes past
            # the call's last line as its own names do (trial s32 netbox A4)
            tables = known.copy()
            free = _Layout(" " * (4 * len(text) + 4096), 0, 4 * len(text) + 4096, anchored=False)
            _lay(free, call, tables, offsets)
            laid = " ".join("".join(free.chars).split())
            if free.ok and laid:
                out.append((line_end, line_end, laid, True))
        if operation not in ("CreateModel", "AlterModelTable", "RenameModel"):
            tables = known
            tables.learn(call)  # what the operation leaves, laid or not
        sql = "".join(layout.chars)
        if layout.ok and sql.strip():
            out.append((start, end - 1, sql, False))
        own = own_names(call, tables, prior)
        if own:
            out.append((line_end, line_end, own, True))
    return out


# -- SQLite's rebuild of a table (``_remake_table``) ------------------------


def _constraint_kind(constraint: ast.Call) -> tuple[str, frozenset[str]]:
    """A constraint's class and, a ``UniqueConstraint``'s, options that change
    what Django makes (:func:`~dbnamelint.django_unique.unique_options`)."""
    kind = _callee(constraint.func)
    return kind, unique_options(constraint) if kind == "UniqueConstraint" else frozenset()


def constraint_made(
    known: tuple[str, frozenset[str]] | None, family: str
) -> Literal["index", "constraint"] | None:
    """What a constraint of :attr:`_Tables.constraints` is on a database of
    ``family`` (:func:`~dbnamelint.django_unique.unique_made`): a unique
    index, a constraint (also one not known), or nothing."""
    if known is None or known[0] != "UniqueConstraint":
        return "constraint"
    return unique_made(known[1], family)


def _rebuilds_table(known: tuple[str, frozenset[str]]) -> bool:
    """Whether SQLite's schema editor rebuilds the table to add or remove a
    constraint (``add_constraint``/``remove_constraint``): all but a
    ``UniqueConstraint`` with a condition, expressions, ``include=`` or
    ``deferrable=``, which it makes (or, lacking the feature, skips) in place."""
    in_place = known[1] & {"condition", "expressions", "include", "deferrable"}
    return not (known[0] == "UniqueConstraint" and in_place)


def sqlite_remade(call: ast.Call, before: _Tables) -> str | None:
    """The model whose table SQLite's schema editor rebuilds for operation
    ``call`` (``before``: the state before it), else None. Django 5.2's
    ``sqlite3/schema.py``: ``add_field`` of a primary key, unique, ``NOT
    NULL`` or defaulted field; ``remove_field`` of a primary key, unique,
    indexed or foreign key field; ``_alter_field`` of anything but a
    column's rename alone (a foreign key's renamed too, ``RenameField``);
    ``add_constraint`` of anything but a ``UniqueConstraint`` with a
    condition, expressions, ``include=`` or ``deferrable=``. The rebuilt
    table's indexes are made again under the names of the table and columns
    now (:func:`_lite_remake`)."""
    operation = operation_of(call)
    model = _string(_argument(call, 0, "model_name"))
    if model is None:
        return None
    if operation == "AddConstraint":
        constraint = _argument(call, 1, "constraint")
        rebuilds = isinstance(constraint, ast.Call) and _rebuilds_table(
            _constraint_kind(constraint)
        )
        return model if rebuilds else None
    if operation == "RemoveConstraint":
        dropped = _string(_argument(call, 1, "name")) or ""
        known = before.constraints.get((model.lower(), dropped))
        return model if known is not None and _rebuilds_table(known) else None
    if operation == "RenameField":
        # a foreign key's column renamed: _alter_field rebuilds the table
        # ("old_field.remote_field and old_field.db_constraint")
        was = before.fields.get((model.lower(), _string(_argument(call, 1, "old_name")) or ""))
        if not isinstance(was, ast.Call) or _callee(was.func) not in _FOREIGN:
            return None
        given = _keyword(was, "db_column") is not None
        return model if _flag(was, "db_constraint", True) and not given else None
    if operation not in ("AddField", "RemoveField", "AlterField"):
        return None
    name = _string(_argument(call, 1, "name"))
    if name is None:
        return None
    old = before.fields.get((model.lower(), name))
    new = _argument(call, 2, "field") if operation != "RemoveField" else None

    def columned(field: ast.expr | None) -> bool:
        return isinstance(field, ast.Call) and _callee(field.func) not in _MANY | _NO_COLUMN

    if operation == "AddField":
        if not isinstance(new, ast.Call) or not columned(new):
            return None
        default = _keyword(new, "default")
        remakes = (
            _flag(new, "primary_key", False)
            or _unique(new)
            or not _flag(new, "null", False)
            or (default is not None and not _is_none(default))
            or _flag(new, "auto_now", False)
            or _flag(new, "auto_now_add", False)
            or _keyword(new, "db_default") is not None
        )
        return model if remakes else None
    if not isinstance(old, ast.Call) or not columned(old):
        return None
    foreign = _callee(old.func) in _FOREIGN and _flag(old, "db_constraint", True)
    if operation == "RemoveField":
        keyed = _flag(old, "primary_key", False) or _unique(old) or _indexed(old)
        return model if keyed or foreign else None
    if not isinstance(new, ast.Call) or not columned(new):
        return None
    if _db_shape(old) != _db_shape(new):
        return model
    renamed = _column(name, old)[0] != _column(name, new)[0]
    new_foreign = _callee(new.func) in _FOREIGN and _flag(new, "db_constraint", True)
    # a column renamed alone is ALTER TABLE ... RENAME COLUMN, but not a
    # foreign key's (``_alter_field``: "old_field.remote_field and old_field.db_constraint")
    return model if renamed and (foreign or new_foreign) else None


def _plain_indexed(field: ast.expr) -> bool:
    """Whether a field has a ``db_index`` index of its own (not unique, not
    the primary key, a column: :func:`_state`'s, without its target)."""
    if not isinstance(field, ast.Call):
        return False
    kind = _callee(field.func)
    if kind in _MANY or kind in _NO_COLUMN or _flag(field, "primary_key", False):
        return False
    unique = _flag(field, "unique", kind in _ONE_TO_ONE)
    return not unique and _flag(field, "db_index", kind in _FOREIGN or kind == "SlugField")


def _lite_indexes(
    tables: _Tables, model: str, rebuilt: bool = False, fields: bool = True
) -> dict[str, tuple[str, str, list[str]]]:
    """The indexes Django names itself of ``model``'s table on SQLite as a
    rebuild makes them now: key (``f:<field>``, ``u:``/``i:<fields>``) ->
    (name, ``INDEX`` or ``UNIQUE INDEX``, columns): each ``db_index`` field's
    (not unique: its ``UNIQUE`` is internal), ``unique_together``'s
    ``_uniq`` and ``index_together``'s ``_idx`` (``_remake_table`` runs
    ``create_model`` of the new table, whose deferred statements are renamed
    to the table's name: ``rename_table_references``)."""
    lower = model.lower()
    table = tables.of(model)
    out: dict[str, tuple[str, str, list[str]]] = {}
    own = sorted((k, f) for k, f in tables.fields.items() if k[0] == lower) if fields else []
    for (_owner, name), field in own:
        if _plain_indexed(field):
            column = tables.column(model, name)
            out[f"f:{name}"] = (index_name(table, [column], "", "sqlite"), "INDEX", [column])
    for (owner, option), tuples in sorted(tables.together.items()):
        if owner != lower or (rebuilt and option == "index_together"):
            continue
        unique = option == "unique_together"
        for together in sorted(tuples):
            columns = [tables.column(model, f) for f in together]
            suffix = "_uniq" if unique else "_idx"
            kind = "UNIQUE INDEX" if unique else "INDEX"
            out[f"{option[0]}:{','.join(together)}"] = (
                index_name(table, columns, suffix, "sqlite"),
                kind,
                columns,
            )
    return out


def _lite_made(tables: _Tables, model: str) -> dict[str, str]:
    """The names SQLite's indexes of :func:`_lite_indexes` have: the last
    rebuild's (:attr:`_Tables.lite`), else a field's index's by the table
    and column it was made on (:attr:`_Tables.index_made`)."""
    lower = model.lower()
    out: dict[str, str] = {}
    for key, (name, _kind, _columns) in _lite_indexes(tables, model).items():
        made = tables.lite.get((lower, key))
        at = tables.index_made.get((lower, key[2:])) if key.startswith("f:") else None
        if made == "":
            continue  # gone with a rebuild
        if made is not None:
            out[key] = made
        elif at is not None:
            out[key] = index_name(at[0], [at[1]], "", "sqlite")
        else:
            out[key] = name
    return out


def _lite_remake(
    named: _Named, model: str, before: _Tables, tables: _Tables, was: str | None = None
) -> None:
    """SQLite's rebuild of ``model``'s table: its indexes named by the
    table and columns they were made on go with the old table, and are made
    again under the names of the table and columns now (a table renamed by
    ``AlterModelTable``, a column by ``RenameField``, since)."""
    old = _lite_made(before, was or model)
    new = _lite_indexes(tables, model, rebuilt=True)
    _lite_reindex(named, old, new, tables.of(model))


def _lite_reindex(
    named: _Named,
    old: dict[str, str],
    new: dict[str, tuple[str, str, list[str]]],
    table: str,
) -> None:
    """The statements of a rebuilt table's indexes on SQLite: each ``old``
    name (by key) not made again under it is dropped, each ``new`` index
    whose name is not the old one's is made on ``table``."""
    quoted = _quoted(table)
    statements = [
        f"DROP INDEX IF EXISTS {_quoted(name)}"
        for key, name in old.items()
        if key not in new or new[key][0] != name
    ]
    statements += [
        f"CREATE {kind} {_quoted(name)} ON {quoted} ({', '.join(_quoted(c) for c in columns)})"
        for key, (name, kind, columns) in new.items()
        if old.get(key) != name
    ]
    for statement in statements:
        named.add(("sqlite",), _constant(statement))


def _constant(statement: str) -> Callable[[str], str]:
    return lambda _family: statement


def _renamed_by(call: ast.Call) -> tuple[str, str] | None:
    """A ``RenameModel``'s (old, new) model, lowercased."""
    if _callee(call.func) != "RenameModel":
        return None
    old = _string(_argument(call, 0, "old_name"))
    new = _string(_argument(call, 1, "new_name"))
    return (old.lower(), new.lower()) if old and new else None


class _Keys(NamedTuple):
    """The foreign keys of a state (:attr:`_Tables.fk_made`, :attr:`_Tables.many_fk`)."""

    fk_made: dict[tuple[str, str], tuple[str, str, str, str]]
    many_fk: dict[tuple[str, str, int], tuple[str, str, str, str]]


def _many_renamed(call: ast.Call, after: _Tables) -> tuple[str, str, str] | None:
    """A ``RenameField`` of a many-to-many field whose table Django makes:
    (model, old name, new name). SQLite's ``_alter_many_to_many`` makes that
    table anew under its new name ("Make a new through table"), its indexes
    named after it."""
    if _callee(call.func) != "RenameField":
        return None
    model = _string(_argument(call, 0, "model_name"))
    old = _string(_argument(call, 1, "old_name"))
    new = _string(_argument(call, 2, "new_name"))
    if model is None or old is None or new is None or (model.lower(), new) not in after.many:
        return None
    if _keyword(after.many[(model.lower(), new)][0], "db_table") is not None:
        return None  # the same table: rebuilt under its name
    return model.lower(), old, new


def _rebuilt(
    before: _Tables | _Keys, after: _Tables, renamed: tuple[str, str] | None = None
) -> tuple[set[str], set[tuple[str, str]]]:
    """The tables SQLite rebuilds for the foreign keys an operation alters
    (a ``RenameModel`` repointing them, a many-to-many ``AlterField``):
    the models whose foreign key's constraint is made again
    (:attr:`_Tables.fk_made` changed: ``_alter_field`` rebuilds the table),
    and the many-to-many fields whose table's keys are
    (:attr:`_Tables.many_fk`: ``_alter_many_to_many`` makes the table anew)."""
    old_model, new_model = renamed or ("", "")

    def was(model: str) -> str:
        return old_model if renamed and model == new_model else model

    # the entries new or changed (set difference: most operations change none)
    models = set()
    for key, made in after.fk_made.items() - before.fk_made.items():
        then = before.fk_made.get((was(key[0]), key[1]))
        if then is not None and then != made:
            models.add(key[0])
    throughs = set()
    for many_key, many_made in after.many_fk.items() - before.many_fk.items():
        many_then = before.many_fk.get((was(many_key[0]), many_key[1], many_key[2]))
        if many_then is not None and many_then != many_made:
            throughs.add((many_key[0], many_key[1]))
    return models, throughs


def _lite_through(tables: _Tables, model: str, field: str) -> dict[str, tuple[str, str, list[str]]]:
    """The indexes of a many-to-many field's table on SQLite as made now
    (key ``m:<field>:0``/``1``: each column's, ``m:<field>:u``: their
    ``_uniq``; ``create_model`` of the through model): by the table's name
    and its columns now."""
    lower = model.lower()
    made = tables.many.get((lower, field))
    sides = [tables.many_fk.get((lower, field, side)) for side in (0, 1)]
    if made is None or sides[0] is None or sides[1] is None:
        return {}
    through = tables.through(model, field, "sqlite")
    columns = [sides[0][0], sides[1][0]]
    out = {
        f"m:{field}:{side}": (index_name(through, [column], "", "sqlite"), "INDEX", [column])
        for side, column in enumerate(columns)
    }
    out[f"m:{field}:u"] = (index_name(through, columns, "_uniq", "sqlite"), "UNIQUE INDEX", columns)
    return out


def _lite_through_made(tables: _Tables, model: str, field: str) -> dict[str, str]:
    """The names a many-to-many field's table's indexes have on SQLite: the
    last rebuild's, else as made with the table (its name and columns then)."""
    lower = model.lower()
    made = tables.many.get((lower, field))
    sides = [tables.many_fk.get((lower, field, side)) for side in (0, 1)]
    if made is None or sides[0] is None or sides[1] is None:
        return {}
    through = made[1]  # SQLite does not cut it (truncate_name)
    columns = [sides[0][0], sides[1][0]]
    first = {
        f"m:{field}:{side}": index_name(through, [column], "", "sqlite")
        for side, column in enumerate(columns)
    }
    first[f"m:{field}:u"] = index_name(through, columns, "_uniq", "sqlite")
    return {key: tables.lite.get((lower, key), name) for key, name in first.items()}


def _lite_rebuilds(
    named: _Named,
    before: _Tables,
    after: _Tables,
    renamed: tuple[str, str] | None = None,
    also: str | None = None,
    many: tuple[str, str, str] | None = None,
) -> None:
    """SQLite's statements for the tables an operation rebuilds
    (:func:`_rebuilt`, ``also``: :func:`sqlite_remade`'s, ``many``:
    :func:`_many_renamed`'s), each once."""
    models, throughs = _rebuilt(before, after, renamed)
    old_model, new_model = renamed or ("", "")
    for model in sorted(models | ({also.lower()} if also else set())):
        _lite_remake(named, model, before, after, old_model if model == new_model else model)
    moved = [(m, f, f) for m, f in sorted(throughs)] + ([many] if many is not None else [])
    for model, old_field, field in moved:
        was = old_model if renamed and model == new_model else model
        old = _lite_through_made(before, was, old_field)
        new = _lite_through(after, model, field)
        _lite_reindex(named, old, new, after.through(model, field, "sqlite"))


# -- The names Django gives of its own accord -------------------------------

#: ``max_name_length()`` of Django's backends (``db/backends/*/operations.py``):
#: PostgreSQL 63, MySQL 64, SQLite none (``_create_index_name``: 200).
MAX_NAME = {"postgres": 63, "mysql": 64, "sqlite": 200}
#: The same, as ``truncate_name`` takes it (SQLite: none, no cut).
MAX_NAME_LENGTH = {"postgres": 63, "mysql": 64}
#: Fields whose column is ``varchar`` or ``text`` on PostgreSQL: an index or
#: unique of one gets a second, ``_like``, index (``postgresql/schema.py``
#: ``_create_like_index_sql``).
_VARCHAR = frozenset(
    {
        "CharField",
        "SlugField",
        "EmailField",
        "URLField",
        "FileField",
        "ImageField",
        "FilePathField",
        "TextField",
    }
)


def names_digest(*args: str, length: int) -> str:
    """Django's ``db/backends/utils.py`` ``names_digest``: md5 of the names, hex, cut."""
    digest = hashlib.md5(usedforsecurity=False)
    for arg in args:
        digest.update(arg.encode())
    return digest.hexdigest()[:length]


def index_name(table: str, columns: list[str], suffix: str, family: str) -> str:
    """The name Django's schema editor gives an index or constraint of
    ``table`` on ``columns`` (``BaseDatabaseSchemaEditor._create_index_name``:
    ``<table>_<columns>_<8 hex digits of md5(table, *columns)><suffix>``, cut
    to the backend's name length)."""
    hash_suffix = names_digest(table, *columns, length=8) + suffix
    limit = MAX_NAME.get(family, 200)
    name = f"{table}_{'_'.join(columns)}_{hash_suffix}"
    if len(name) <= limit:
        return name
    if len(hash_suffix) > limit / 3:
        hash_suffix = hash_suffix[: limit // 3]
    other = (limit - len(hash_suffix)) // 2 - 1
    name = f"{table[:other]}_{'_'.join(columns)[:other]}_{hash_suffix}"
    if name[0] == "_" or name[0].isdigit():
        name = f"D{name[:-1]}"
    return name


def _unique(field: ast.expr | None) -> bool:
    """Whether a field (not the primary key) is ``unique`` (a ``OneToOneField`` is)."""
    if not isinstance(field, ast.Call) or _flag(field, "primary_key", False):
        return False
    return _flag(field, "unique", _callee(field.func) in _ONE_TO_ONE)


def _flag(field: ast.expr | None, name: str, default: bool) -> bool:
    value = _keyword(field, name) if isinstance(field, ast.Call) else None
    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
        return value.value
    return default


class _Named:
    """Statements of names Django makes itself, each for the databases
    (``families``) that run it, marked ``/*only:postgres,mysql*/``
    (:func:`~dbnamelint.code_ddl_text.for_database` keeps a statement for
    its databases only)."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        #: databases whose statements are not added (SQLite's, for an
        #: operation rebuilding the table: :func:`_lite_remake` says them)
        self.skip: frozenset[str] = frozenset()

    def add(self, families: tuple[str, ...], make: Callable[[str], str]) -> None:
        """``make(family)`` for each of ``families``; one statement when the
        families' names agree (they differ past PostgreSQL's 63 characters)."""
        made: dict[str, list[str]] = {}
        for family in families:
            if family in self.skip:
                continue
            made.setdefault(make(family), []).append(family)
        for sql, owners in made.items():
            self.statements.append(f"/*only:{','.join(owners)}*/{sql};")


_ALL = ("postgres", "mysql", "sqlite")


def _target(field: ast.Call, tables: _Tables, model: str = "") -> tuple[str, str] | None:
    """A foreign key's target (table, column): ``to="api.check"`` in this
    app is that model's table, in another ``<app>_<model>``, ``"self"``
    ``model``'s own; its column ``to_field=``'s, else the model's primary
    key (``id``)."""
    to = related_model(field, tables)
    if to is None:
        return None
    if to == "self" and model:
        to = model
    app, _, model = to.rpartition(".")
    if app and app != tables.app:
        # another app's model: its default table and primary key (its own
        # migrations, db_table or a custom key, are not read here)
        table = tables.elsewhere.get(f"{app}.{model}".lower()) or _foreign_table(app, model)
        return table, _string(_keyword(field, "to_field")) or "id"
    model = tables.current(model)
    column = _string(_keyword(field, "to_field")) or tables.keys.get(model.lower(), "id")
    return tables.of(model), column


def related_model(field: ast.Call, tables: _Tables) -> str | None:
    """The model a relation field points at: its ``to=`` literal
    (``"api.check"``, ``"self"``), or the model a setting names
    (``to=settings.AUTH_USER_MODEL``: a swappable model, ``"auth.User"``
    unless the project's settings set it, Django's
    ``conf/global_settings.py``); None when not known."""
    to = _argument(field, 0, "to")
    if (
        isinstance(to, ast.Attribute)
        and isinstance(to.value, ast.Name)
        and to.value.id == "settings"
    ):
        named = tables.settings.get(to.attr)
    else:
        named = _string(to)
    # another app's model renamed since (repoint_elsewhere)
    return tables.moved_elsewhere.get((named or "").lower(), named)


def _state(
    name: str, field: ast.expr | None, tables: _Tables, model: str = ""
) -> tuple[str, str, bool, bool, tuple[str, str] | None] | None:
    """(column, field class, unique, ``db_index``, foreign key target) of a
    field; None for a many-to-many field or one not written as a call."""
    if not isinstance(field, ast.Call):
        return None
    kind = _callee(field.func)
    if kind in _MANY or kind in _NO_COLUMN:
        return None
    column, _many = _column(name, field)
    foreign = kind in _FOREIGN
    unique = _flag(field, "unique", kind in _ONE_TO_ONE) or _flag(field, "primary_key", False)
    indexed = _flag(field, "db_index", foreign or kind == "SlugField")
    target = None
    if foreign and _flag(field, "db_constraint", True):
        # ("", ""): a constraint to a model not named here (settings.AUTH_USER_MODEL)
        target = _target(field, tables, model) or ("", "")
    return column, kind, unique, indexed, target


def _typed_as(kind: str, field: ast.expr | None, tables: _Tables, model: str = "") -> str:
    """The field class whose column type a field of class ``kind`` has: its
    own, but a foreign key's is its target field's (``ForeignKey.db_type``
    is the target's ``rel_db_type``), so a key to a ``CharField`` primary
    key is ``varchar`` and gets PostgreSQL's ``_like`` index (trial s42
    plane: ``device_sessions_session_id_5382b02b_like``, a key to Django's
    sessions model, ``session_key`` its primary key). The target's field as
    the migrations read so far define it (another app's, as
    :func:`_other_states` leaves it); ``kind`` when not known."""
    if kind not in _FOREIGN or not isinstance(field, ast.Call):
        return kind
    to = related_model(field, tables)
    if to is None:
        return kind
    app, _, target = (model if to == "self" else to).rpartition(".")
    state = tables if not app or app.lower() == tables.app.lower() else tables.others.get(app)
    if state is None:
        return kind
    target = state.current(target)
    to_field = _string(_keyword(field, "to_field"))
    for (owner, name), definition in state.fields.items():
        if owner != target or not isinstance(definition, ast.Call):
            continue
        if name == to_field or (to_field is None and _flag(definition, "primary_key", False)):
            return _callee(definition.func)
    return kind


def _index_families(kind: str, target: tuple[str, str] | None) -> tuple[str, ...]:
    """The databases making a ``db_index`` field's index: not MySQL for a
    foreign key (InnoDB's index of the constraint) nor a TEXT/BLOB/JSON
    column (``mysql/schema.py`` ``_field_should_be_indexed``)."""
    limited = target is not None or kind in ("TextField", "BinaryField", "JSONField")
    return ("postgres", "sqlite") if limited else _ALL


def _altered_names(
    named: _Named,
    table: str,
    name: str,
    old: ast.expr,
    new: ast.expr | None,
    tables: _Tables,
    made: tuple[str, str, str] | None = None,
    index_at: tuple[str, str] | None = None,
    fk_at: tuple[str, str, str, str] | None = None,
) -> None:
    """An ``AlterField``'s own names (``BaseDatabaseSchemaEditor._alter_field``):
    the index of a field no longer ``db_index`` (or now unique) dropped, of one
    becoming ``db_index`` created, ``<table>_<column>_<hash>_uniq`` for one
    becoming unique (``_create_unique_sql``; SQLite remakes the table: its
    ``UNIQUE`` is internal), and on PostgreSQL the ``_like`` index dropped or
    created with them (``postgresql/schema.py`` ``_alter_field``), and the
    ``UNIQUE`` of a field no longer unique dropped (``_alter_field``: "Has
    unique been removed?", every unique constraint of the column the
    database lists): ``made`` says how it was made (:attr:`_Tables.uniques`),
    so its name is PostgreSQL's ``<table>_<column>_key`` or MySQL's column
    for one made with the field, ``..._uniq`` for one an ``AlterField`` made
    (SQLite remakes the table). An index dropped is named by the table and
    column it was made on (``index_at``: a renamed column keeps its index's
    name, and ``_alter_field`` drops the ones the database lists); one made
    is named by the column now (a ``RenameField`` then an ``AlterField`` of
    netbox's ``circuits/0051``: the foreign key ``circuit`` made a
    ``PositiveBigIntegerField`` ``member_id`` drops
    ``..._circuit_id_ab429133`` and adds ``..._member_id_0c42fe52_check``)."""
    before = _state(name, old, tables)
    after = _state(name, new, tables)
    if before is None or after is None:
        return
    column = after[0]
    at_table, at_column = index_at or (table, before[0])
    _c, old_kind, old_unique, old_indexed, old_target = before
    _c, kind, unique, indexed, _target = after
    was_plain, is_plain = old_indexed and not old_unique, indexed and not unique
    was_like = (old_indexed or old_unique) and _typed_as(old_kind, old, tables) in _VARCHAR
    is_like = (indexed or unique) and _typed_as(kind, new, tables) in _VARCHAR
    q_table = _quoted(table)

    def drop(families: tuple[str, ...], suffix: str) -> None:
        named.add(
            tuple(f for f in families if f != "mysql"),
            lambda f: f"DROP INDEX {_quoted(index_name(at_table, [at_column], suffix, f))}",
        )
        if "mysql" in families:
            named.add(
                ("mysql",),
                lambda f: (
                    f"DROP INDEX {_quoted(index_name(at_table, [at_column], suffix, f))}"
                    f" ON {q_table}"
                ),
            )

    if old_unique and not unique and made is not None:
        how, made_table, made_column = made
        on_pg = (
            make_object_name(made_table, made_column, "key")
            if how == "key"
            else index_name(made_table, [made_column], "_uniq", "postgres")
        )
        on_my = (
            made_column if how == "key" else index_name(made_table, [made_column], "_uniq", "mysql")
        )
        named.add(
            ("postgres",), lambda f: f"ALTER TABLE {q_table} DROP CONSTRAINT {_quoted(on_pg)}"
        )
        named.add(("mysql",), lambda f: f"ALTER TABLE {q_table} DROP INDEX {_quoted(on_my)}")
    checked = old_kind in _POSITIVE or old_kind == "JSONField" or kind == "JSONField"
    null_changed = _flag(old, "null", False) != _flag(new, "null", False)
    if checked and (kind != old_kind or null_changed):
        # MySQL's MODIFY of the column's type or null (_alter_column_type_sql,
        # sql_alter_column_null) drops MariaDB's column check, which Django
        # does not make again for a Positive*Field still one; json makes its
        # json_valid check again (trial s40 paperless: 0002 of paperless_mail)
        named.add(
            ("mysql",),
            lambda f: (
                f"ALTER TABLE {q_table} MODIFY {_quoted(column)} "
                + ("json" if kind == "JSONField" else "integer")
            ),
        )
    if old_kind in _POSITIVE and kind not in _POSITIVE:
        # "Has check been removed?": the column's check dropped (PostgreSQL's
        # name for one made with the column, <table>_<column>_check)
        named.add(
            ("postgres",),
            lambda f: (
                f"ALTER TABLE {q_table} DROP CONSTRAINT "
                + _quoted(make_object_name(at_table, at_column, "check"))
            ),
        )
    if kind in _POSITIVE and old_kind not in _POSITIVE:
        # "Does it have check constraints we need to add?": _create_index_name(..., "_check");
        # MySQL's too (data_type_check_constraints, MariaDB 10.2+, MySQL 8.0.16+)
        named.add(
            ("postgres", "mysql"),
            lambda f: (
                f"ALTER TABLE {q_table} ADD CONSTRAINT "
                f"{_quoted(index_name(table, [column], '_check', f))}"
                f" CHECK ({_quoted(column)} >= 0)"
            ),
        )
    if was_plain and not is_plain:
        drop(_index_families(old_kind, old_target), "")
        if old_target is not None and fk_at is not None:
            # MySQL: InnoDB's index of the foreign key, named as the key, is
            # the column's index "_alter_field" finds and drops
            fk_index = fk_at
            named.add(
                ("mysql",),
                lambda f: (
                    "DROP INDEX "
                    + _quoted(
                        index_name(
                            fk_index[0], [fk_index[1]], f"_fk_{fk_index[2]}_{fk_index[3]}", f
                        )
                    )
                    + f" ON {q_table}"
                ),
            )
    if was_like and not is_like:
        drop(("postgres",), "_like")
    if unique and not old_unique and not _flag(new, "primary_key", False):
        named.add(
            ("postgres", "mysql"),
            lambda f: (
                f"ALTER TABLE {q_table} ADD CONSTRAINT "
                f"{_quoted(index_name(table, [column], '_uniq', f))} UNIQUE ({_quoted(column)})"
            ),
        )
    if is_plain and not was_plain:
        # "Added an index?": _create_index_sql whatever the backend's
        # _field_should_be_indexed says, so on MySQL a foreign key's too
        # (a OneToOneField made a ForeignKey: MariaDB 10.11 holds it)
        named.add(
            _index_families(kind, None),
            lambda f: (
                f"CREATE INDEX {_quoted(index_name(table, [column], '', f))}"
                f" ON {q_table} ({_quoted(column)})"
            ),
        )
    if is_like and not was_like:
        named.add(
            ("postgres",),
            lambda f: (
                f"CREATE INDEX {_quoted(index_name(table, [column], '_like', f))}"
                f" ON {q_table} ({_quoted(column)})"
            ),
        )


def _field_names(
    named: _Named, table: str, name: str, field: ast.expr | None, tables: _Tables, model: str = ""
) -> None:
    """What Django creates for a field besides its column
    (``BaseDatabaseSchemaEditor.create_model``/``add_field``): a foreign
    key's constraint ``<table>_<column>_<hash>_fk_<to table>_<to column>``
    (PostgreSQL, MySQL; SQLite writes ``REFERENCES`` unnamed), the index of
    ``db_index`` (foreign keys and slugs by default) ``<table>_<column>_<hash>``
    unless the field is unique (and, on MySQL's InnoDB, for a foreign key:
    its constraint's index), a ``unique`` field's ``UNIQUE`` (named by the
    database), and on PostgreSQL the ``<...>_like`` index of a ``varchar``
    or ``text`` field that is indexed or unique."""
    state = _state(name, field, tables, model)
    if state is None:
        return
    column, kind, unique, indexed, target = state
    if kind in _POSITIVE:
        named.add(
            ("postgres",),
            lambda f: (
                f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT "
                f"{_quoted(make_object_name(table, column, 'check'))}"
                f" CHECK ({_quoted(column)} >= 0)"
            ),
        )
    if target is not None and target[0]:
        to_table, to_column = target
        named.add(
            ("postgres", "mysql"),
            lambda f: (
                f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT "
                + _quoted(index_name(table, [column], f"_fk_{to_table}_{to_column}", f))
                + f" FOREIGN KEY ({_quoted(column)})"
                + f" REFERENCES {_quoted(to_table)} ({_quoted(to_column)})"
            ),
        )
    if unique and not _flag(field, "primary_key", False):
        # the column's UNIQUE: the database names it (<table>_<column>_key on
        # PostgreSQL, the column on MySQL; SQLite's sqlite_autoindex_ is internal)
        named.add(
            ("postgres", "mysql"),
            lambda f: f"ALTER TABLE {_quoted(table)} ADD UNIQUE ({_quoted(column)})",
        )
    if kind in _POSITIVE or kind == "JSONField":
        # MySQL's too (data_type_check_constraints: `col` >= 0 in the column's
        # definition) and its type json, which MariaDB makes longtext with a
        # CHECK (json_valid(col)): each an unnamed column check, MariaDB's
        # named as the column, MySQL 8's <table>_chk_<n> (trial s40
        # paperless: 31 checks of MariaDB the model lacked)
        named.add(
            ("mysql",),
            lambda f: (
                f"ALTER TABLE {_quoted(table)} MODIFY {_quoted(column)} "
                + ("json" if kind == "JSONField" else f"integer CHECK ({_quoted(column)} >= 0)")
            ),
        )
    if indexed and not unique:
        named.add(
            _index_families(kind, target),
            lambda f: (
                f"CREATE INDEX {_quoted(index_name(table, [column], '', f))}"
                f" ON {_quoted(table)} ({_quoted(column)})"
            ),
        )
    if (indexed or unique) and _typed_as(kind, field, tables, model) in _VARCHAR:
        named.add(
            ("postgres",),
            lambda f: (
                f"CREATE INDEX {_quoted(index_name(table, [column], '_like', f))}"
                f" ON {_quoted(table)} ({_quoted(column)})"
            ),
        )


def _many_names(
    named: _Named, table: str, model: str, name: str, field: ast.expr | None, tables: _Tables
) -> None:
    """A ``ManyToManyField``'s table Django makes itself (``fields/related.py``
    ``create_many_to_many_intermediary_model``): ``db_table``, else
    ``<table>_<field>``, its columns ``<model>_id`` and ``<target>_id``
    (``from_<model>_id``, ``to_<model>_id`` when it points at its own model),
    each a foreign key with its index, and their ``unique_together`` (``_uniq``);
    none with ``through=`` (a model of its own)."""
    if not isinstance(field, ast.Call) or _callee(field.func) not in _MANY:
        return
    if _keyword(field, "through") is not None:
        return
    target = _target(field, tables, model)
    to = related_model(field, tables)
    if target is None or to is None:
        return
    to_model = (model if to == "self" else to).rpartition(".")[2].lower()
    given = _string(_keyword(field, "db_table"))

    def through(family: str) -> str:
        return given or m2m_table(table, name, family)

    if given is None and _m2m_cut(table, name):
        # not laid over the call (:func:`_lay`): its name is each database's
        named.add(_ALL, lambda f: f'CREATE TABLE {_quoted(through(f))} ("id" text)')
    own = model.lower()
    if own == to_model:
        columns = [f"from_{own}_id", f"to_{to_model}_id"]
    else:
        columns = [f"{own}_id", f"{to_model}_id"]
    targets = [(table, tables.keys.get(own, "id")), target]
    for column, (to_table, to_column) in zip(columns, targets, strict=True):
        _many_column(named, through, column, to_table, to_column)
    _unique_together(named, through, columns)


def _many_column(
    named: _Named, through: Callable[[str], str], column: str, to_table: str, to_column: str
) -> None:
    """A column of a many-to-many table (``through(family)``: its name on that
    database), its foreign key and the key's index."""
    q_column = _quoted(column)
    named.add(_ALL, lambda f: f"ALTER TABLE {_quoted(through(f))} ADD COLUMN {q_column} text")
    named.add(
        ("postgres", "mysql"),
        lambda f: (
            f"ALTER TABLE {_quoted(through(f))} ADD CONSTRAINT "
            + _quoted(index_name(through(f), [column], f"_fk_{to_table}_{to_column}", f))
            + f" FOREIGN KEY ({q_column}) REFERENCES {_quoted(to_table)} ({_quoted(to_column)})"
        ),
    )
    named.add(
        ("postgres", "sqlite"),
        lambda f: (
            f"CREATE INDEX {_quoted(index_name(through(f), [column], '', f))}"
            f" ON {_quoted(through(f))} ({q_column})"
        ),
    )


def _unique_together(named: _Named, table: str | Callable[[str], str], columns: list[str]) -> None:
    """``unique_together``'s ``<table>_<columns>_<hash>_uniq``: a constraint on
    PostgreSQL and MySQL, a unique index on SQLite (``_create_unique_sql``);
    ``table`` may be each database's name (``table(family)``)."""
    cols = ", ".join(_quoted(c) for c in columns)

    def on(family: str) -> str:
        return table if isinstance(table, str) else table(family)

    named.add(
        ("postgres", "mysql"),
        lambda f: (
            f"ALTER TABLE {_quoted(on(f))} ADD CONSTRAINT "
            f"{_quoted(index_name(on(f), columns, '_uniq', f))} UNIQUE ({cols})"
        ),
    )
    named.add(
        ("sqlite",),
        lambda f: (
            f"CREATE UNIQUE INDEX {_quoted(index_name(on(f), columns, '_uniq', f))}"
            f" ON {_quoted(on(f))} ({cols})"
        ),
    )


def truncate_name(identifier: str, family: str) -> str:
    """Django's ``db/backends/utils.py`` ``truncate_name`` with the backend's
    ``max_name_length()`` (PostgreSQL 63, MySQL 64, SQLite none): a longer
    name is cut to that length less 4 and ends in 4 hex digits of its md5."""
    length = MAX_NAME_LENGTH.get(family)
    if length is None or len(identifier) <= length:
        return identifier
    return identifier[: length - 4] + names_digest(identifier, length=4)


def m2m_table(table: str, field: str, family: str) -> str:
    """A ``ManyToManyField``'s table without ``db_table`` on a database of
    ``family``: ``<table>_<field>``, :func:`truncate_name`'d
    (``fields/related.py`` ``_get_m2m_db_table``)."""
    return truncate_name(f"{table}_{field}", family)


def _index_together(named: _Named, table: str, columns: list[str]) -> None:
    """``index_together``'s ``<table>_<columns>_<hash>_idx`` (``alter_index_together``)."""
    cols = ", ".join(_quoted(c) for c in columns)
    named.add(
        _ALL,
        lambda f: (
            f"CREATE INDEX {_quoted(index_name(table, columns, '_idx', f))}"
            f" ON {_quoted(table)} ({cols})"
        ),
    )


def _together(value: ast.expr | None) -> list[list[str]]:
    """``{("a", "b")}`` / ``[("a", "b")]`` / ``("a", "b")``: the field-name tuples."""
    if not isinstance(value, (ast.Set, ast.List, ast.Tuple)):
        return []
    if value.elts and all(_string(e) is not None for e in value.elts):
        return [[_string(e) or "" for e in value.elts]]
    return [
        [_string(e) or "" for e in item.elts]
        for item in value.elts
        if isinstance(item, (ast.Tuple, ast.List)) and all(_string(e) for e in item.elts)
    ]


def _drop_together(
    named: _Named,
    table: str,
    columns: list[str],
    suffix: str,
    lite: str | None = None,
    made: tuple[str, tuple[str, ...]] | None = None,
) -> None:
    """Drop a ``unique_together`` (``_uniq``: a constraint on PostgreSQL and
    MySQL, a unique index on SQLite) or ``index_together`` (``_idx``) entry
    of ``table`` on ``columns`` (``lite``: its name on SQLite since a rebuild
    of the table; ``made``: the table and columns its name was made from,
    when a rename changed them since)."""
    q_table = _quoted(table)
    at, on = made if made is not None else (table, tuple(columns))

    def name(f: str) -> str:
        if f == "sqlite" and lite is not None:
            return _quoted(lite)
        return _quoted(index_name(at, list(on), suffix, f))

    # "": gone on SQLite with a rebuild of the table, nothing to drop there
    lite_too: tuple[str, ...] = () if lite == "" else ("sqlite",)
    if suffix == "_uniq":
        named.add(("postgres",), lambda f: f"ALTER TABLE {q_table} DROP CONSTRAINT {name(f)}")
        named.add(("mysql",), lambda f: f"ALTER TABLE {q_table} DROP INDEX {name(f)}")
        named.add(lite_too, lambda f: f"DROP INDEX {name(f)}")
    else:
        named.add(("postgres", *lite_too), lambda f: f"DROP INDEX {name(f)}")
        named.add(("mysql",), lambda f: f"DROP INDEX {name(f)} ON {q_table}")


def _refk(
    named: _Named,
    table: Callable[[str], str],
    old_table: Callable[[str], str],
    old: str,
    new: str,
    target: tuple[str, str],
    old_target: tuple[str, str] | None = None,
) -> None:
    """A foreign key whose column is renamed: Django's ``_alter_field`` drops
    its constraint ("Drop any FK constraints, we'll remake them later") and
    makes it again for the new column (``_create_fk_sql``: a name of the new
    column's); the column's index keeps its name (PostgreSQL, MySQL)."""
    to_table, to_column = target
    suffix = f"_fk_{to_table}_{to_column}"
    old_suffix = "_fk_{}_{}".format(*(old_target or target))
    named.add(
        ("postgres", "mysql"),
        lambda f: (
            f"ALTER TABLE {_quoted(table(f))} DROP "
            + ("FOREIGN KEY " if f == "mysql" else "CONSTRAINT ")
            + _quoted(index_name(old_table(f), [old], old_suffix, f))
        ),
    )
    named.add(
        ("postgres", "mysql"),
        lambda f: (
            f"ALTER TABLE {_quoted(table(f))} ADD CONSTRAINT "
            + _quoted(index_name(table(f), [new], suffix, f))
            + f" FOREIGN KEY ({_quoted(new)}) REFERENCES {_quoted(to_table)} ({_quoted(to_column)})"
        ),
    )


def _renamed_field_names(named: _Named, call: ast.Call, tables: _Tables, before: _Tables) -> None:
    """A ``RenameField``'s own statements: a foreign key's constraint made
    again under its new column (:func:`_refk`); a many-to-many field's table
    renamed ``<table>_<new name>`` (``_alter_many_to_many``: "Rename the
    through table")."""
    model = _string(_argument(call, 0, "model_name"))
    old = _string(_argument(call, 1, "old_name"))
    new = _string(_argument(call, 2, "new_name"))
    if model is None or old is None or new is None:
        return
    table = tables.of(model)
    if (model.lower(), old) in before.many:
        if _keyword(before.many[(model.lower(), old)][0], "db_table") is not None:
            return  # its db_table: the same table
        named.add(
            _ALL,
            lambda f: (
                f"ALTER TABLE {_quoted(m2m_table(table, old, f))}"
                f" RENAME TO {_quoted(m2m_table(table, new, f))}"
            ),
        )
        return
    field = before.fields.get((model.lower(), old))
    old_column, new_column = before.column(model, old), tables.column(model, new)
    if not isinstance(field, ast.Call) or old_column == new_column:
        return
    state = _state(old, field, before, model)
    if state is None or state[4] is None or not state[4][0]:
        return
    made = before.fk_made.get((model.lower(), old))
    if made is None:
        _refk(named, lambda f: table, lambda f: table, old_column, new_column, state[4])
        return
    # the constraint's name as it was made (a table renamed since keeps it)
    _refk(
        named,
        lambda f: table,
        lambda f: made[0],
        made[1],
        new_column,
        state[4],
        (made[2], made[3]),
    )


def _moved_model_names(named: _Named, call: ast.Call, tables: _Tables, before: _Tables) -> None:
    """``AlterModelTable``/``RenameModel``: the model's many-to-many tables
    renamed after its table ("Rename M2M fields whose name is based on this
    model's db_table"), and for ``RenameModel`` their column
    ``<old model>_id`` renamed ``<new model>_id`` with its foreign key made
    again (:func:`_refk`; Django's ``RenameModel.database_forwards``)."""
    operation = _callee(call.func)
    if operation == "AlterModelTable":
        old_model = new_model = _string(_argument(call, 0, "name")) or ""
    else:
        old_model = _string(_argument(call, 0, "old_name")) or ""
        new_model = _string(_argument(call, 1, "new_name")) or ""
    if not old_model or not new_model:
        return
    old_table, new_table = before.of(old_model), tables.of(new_model)
    back = operation == "AlterModelTable" and _is_none(_argument(call, 1, "table"))
    if back and old_table != new_table:
        named.add(
            _ALL, lambda f: f"ALTER TABLE {_quoted(old_table)} RENAME TO {_quoted(new_table)}"
        )
    for model, field in sorted(before.many):
        given = _keyword(before.many[(model, field)][0], "db_table") is not None
        if model == old_model.lower() and old_table != new_table and not given:
            _renamed_many(named, old_table, new_table, field)
    if operation == "RenameModel":
        _remade(named, before, tables, (old_model.lower(), new_model.lower()))
        # "Alter the fields pointing to us" of the other apps' models too
        # (related_objects holds every app's): as their migrations this one
        # depends on leave them
        was, now = f"{tables.app}.{old_model}".lower(), f"{tables.app}.{new_model}".lower()
        for _other, state in sorted(before.others.items()):
            if was in state.moved_elsewhere:
                continue
            after = state.copy()
            after.repoint_elsewhere(was, now, new_table)
            _remade(named, state, after)
            _lite_rebuilds(named, state, after)


def _remade(
    named: _Named, before: _Tables, after: _Tables, renamed: tuple[str, str] | None = None
) -> None:
    """The foreign keys an operation makes again (:attr:`_Tables.fk_made`,
    :attr:`_Tables.many_fk` changed; ``renamed``: a ``RenameModel``'s old and
    new model): each dropped under the name it was made with and made under
    the tables' names now (``_create_fk_sql``), a many-to-many table's
    column renamed first when its target's model name changed
    (``_alter_many_to_many``); a foreign key made for a field that had none,
    one dropped for a field that has none now."""
    old_model, new_model = renamed or ("", "")

    def was(model: str) -> str:
        return old_model if renamed and model == new_model else model

    def fk_name(made: tuple[str, str, str, str], f: str) -> str:
        return index_name(made[0], [made[1]], f"_fk_{made[2]}_{made[3]}", f)

    for key in sorted(set(after.fk_made) | {k for k in before.fk_made if not renamed}):
        made = after.fk_made.get(key)
        old = before.fk_made.get((was(key[0]), key[1]))
        if made == old or (made is None and renamed):
            continue
        if old is None and (was(key[0]), key[1]) not in before.fields:
            continue  # a field no migration read made: its constraint not known
        table = after.of(key[0])
        if old is not None:
            named.add(("postgres", "mysql"), _dropping(table, fk_name, old))
        if made is not None:
            named.add(("postgres", "mysql"), _making(table, fk_name, made))
    for many_key, now in sorted(after.many_fk.items()):
        model, field, side = many_key
        then = before.many_fk.get((was(model), field, side))
        if then is None or then == now:
            continue
        column, _through, to_table, to_column = now
        old_column, old_through, old_to, old_to_column = then

        def current(f: str, model: str = model, field: str = field) -> str:
            return after.through(model, field, f)

        if old_column != column:
            _renamed_many_column(named, current, old_column, column)
        _refk(
            named,
            current,
            _truncated(old_through),
            old_column,
            column,
            (to_table, to_column),
            (old_to, old_to_column),
        )


def _dropping(
    table: str, fk_name: Callable[[tuple[str, str, str, str], str], str], made: tuple[str, ...]
) -> Callable[[str], str]:
    def drop(f: str) -> str:
        how = "FOREIGN KEY " if f == "mysql" else "CONSTRAINT "
        return f"ALTER TABLE {_quoted(table)} DROP {how}{_quoted(fk_name(_four(made), f))}"

    return drop


def _making(
    table: str, fk_name: Callable[[tuple[str, str, str, str], str], str], made: tuple[str, ...]
) -> Callable[[str], str]:
    def make(f: str) -> str:
        return (
            f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT {_quoted(fk_name(_four(made), f))}"
            f" FOREIGN KEY ({_quoted(made[1])}) REFERENCES {_quoted(made[2])} ({_quoted(made[3])})"
        )

    return make


def _four(made: tuple[str, ...]) -> tuple[str, str, str, str]:
    return (made[0], made[1], made[2], made[3])


def _dropped_many(tables: _Tables, model: str, field: str) -> Callable[[str], str]:
    def drop(f: str) -> str:
        return f"DROP TABLE {_quoted(tables.through(model, field, f))}" + (
            "" if f == "sqlite" else " CASCADE"
        )

    return drop


def _truncated(name: str) -> Callable[[str], str]:
    def cut(f: str) -> str:
        return truncate_name(name, f)

    return cut


def _renamed_many(named: _Named, old_table: str, new_table: str, field: str) -> None:
    named.add(
        _ALL,
        lambda f: (
            f"ALTER TABLE {_quoted(m2m_table(old_table, field, f))}"
            f" RENAME TO {_quoted(m2m_table(new_table, field, f))}"
        ),
    )


def _renamed_many_column(named: _Named, through: Callable[[str], str], old: str, new: str) -> None:
    named.add(
        _ALL,
        lambda f: (
            f"ALTER TABLE {_quoted(through(f))} RENAME COLUMN {_quoted(old)} TO {_quoted(new)}"
        ),
    )


def own_names(call: ast.Call, tables: _Tables, before: _Tables | None = None) -> str:
    """The statements of the names Django gives of its own accord for
    operation ``call`` (``tables``: the names as it leaves them, ``before``:
    as the migrations before it leave them), marked for the databases that
    make them (:class:`_Named`)."""
    named = _Named()
    remade = sqlite_remade(call, before) if before is not None else None
    if remade is not None:
        # SQLite rebuilds the table: its indexes are what the rebuild makes
        named.skip = frozenset({"sqlite"})
    _own_names(named, call, tables, before)
    named.skip = frozenset()
    if before is not None:
        many = _many_renamed(call, tables)
        _lite_rebuilds(named, before, tables, _renamed_by(call), remade, many)
    return " ".join(named.statements)


def _own_names(named: _Named, call: ast.Call, tables: _Tables, before: _Tables | None) -> None:
    operation = _callee(call.func)
    if operation == "CreateModel":
        model = _string(_argument(call, 0, "name"))
        if model is None or model.lower() in tables.proxies:
            return
        table = tables.of(model)
        fields = _argument(call, 1, "fields")
        for item in fields.elts if isinstance(fields, (ast.List, ast.Tuple)) else []:
            if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                name = _string(item.elts[0])
                if name is not None:
                    _field_names(named, table, name, item.elts[1], tables, model)
                    _many_names(named, table, model, name, item.elts[1], tables)
        options = _argument(call, 3, "options")
        if isinstance(options, ast.Dict):
            for key, value in zip(options.keys, options.values, strict=False):
                if _string(key) in ("unique_together", "index_together"):
                    for together in _together(value):
                        cols = [tables.column(model, f) for f in together]
                        if _string(key) == "unique_together":
                            _unique_together(named, table, cols)
                        else:
                            _index_together(named, table, cols)
    elif operation == "AddField":
        model = _string(_argument(call, 0, "model_name"))
        name = _string(_argument(call, 1, "name"))
        if model is None or name is None:
            return
        field = _argument(call, 2, "field")
        _field_names(named, tables.of(model), name, field, tables, model)
        _many_names(named, tables.of(model), model, name, field, tables)
    elif operation == "AlterField":
        model = _string(_argument(call, 0, "model_name"))
        name = _string(_argument(call, 1, "name"))
        old = before.fields.get((model.lower(), name)) if before and model and name else None
        if before is not None:
            _remade(named, before, tables)
        if model is None or name is None or old is None:
            return
        made = before.uniques.get((model.lower(), name)) if before else None
        field = _argument(call, 2, "field")
        at = before.index_made.get((model.lower(), name)) if before else None
        fk_at = before.fk_made.get((model.lower(), name)) if before else None
        _altered_names(named, tables.of(model), name, old, field, tables, made, at, fk_at)
    elif operation in ("AlterUniqueTogether", "AlterIndexTogether"):
        model = _string(_argument(call, 0, "name"))
        if model is None:
            return
        unique = operation == "AlterUniqueTogether"
        option = "unique_together" if unique else "index_together"
        had = before.together.get((model.lower(), option), set()) if before else set()
        now = {tuple(t) for t in _together(_argument(call, 1, option))}
        for gone in sorted(had - now):
            # alter_unique_together/alter_index_together: _delete_composed_index
            # of each tuple no longer listed, by the name the database lists for
            # its columns: the one it was made with (Tables.together_made)
            cols = [tables.column(model, f) for f in gone]
            entry = (model.lower(), f"{option[0]}:{','.join(gone)}")
            lite = before.lite.get(entry) if before else None
            made_on = before.together_made.get(entry) if before else None
            suffix = "_uniq" if unique else "_idx"
            _drop_together(named, tables.of(model), cols, suffix, lite, made_on)
        for together in _together(_argument(call, 1, option)):
            if tuple(together) in had:
                continue  # Django creates only the new ones (alter_unique_together)
            cols = [tables.column(model, f) for f in together]
            if unique:
                _unique_together(named, tables.of(model), cols)
            else:
                _index_together(named, tables.of(model), cols)
    elif operation in ("RemoveField", "DeleteModel") and before is not None:
        # BaseDatabaseSchemaEditor.remove_field / delete_model: a
        # many-to-many field's table Django made is dropped with it
        # ("Special-case implicit M2M tables", "Handle auto-created
        # intermediary models"), under the name it has now
        model = _string(_argument(call, 0, "model_name" if operation == "RemoveField" else "name"))
        name = _string(_argument(call, 1, "name")) if operation == "RemoveField" else None
        for owner, many_field in sorted(before.many):
            if model is not None and owner == model.lower() and name in (None, many_field):
                named.add(_ALL, _dropped_many(before, model, many_field))
    elif operation == "RenameField" and before is not None:
        _renamed_field_names(named, call, tables, before)
    elif operation in ("AlterModelTable", "RenameModel") and before is not None:
        _moved_model_names(named, call, tables, before)
    elif operation == "RenameIndex":
        model = _string(_argument(call, 0, "model_name"))
        new = _string(_argument(call, 1, "new_name"))
        old_fields = _keyword(call, "old_fields")
        if model is None or new is None or old_fields is None:
            return
        renamed = _together(old_fields)
        if not renamed:
            return
        table = tables.of(model)
        cols = [tables.column(model, f) for f in renamed[0]]
        # the index_together index Django named <table>_<columns>_<hash>_idx
        # (alter_index_together: _create_index_sql(..., suffix="_idx"))
        named.add(
            _ALL,
            lambda f: (
                f"ALTER INDEX {_quoted(index_name(table, cols, '_idx', f))}"
                f" RENAME TO {_quoted(new)}"
            ),
        )
