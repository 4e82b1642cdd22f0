"""Django models that name their tables and columns by convention.

``class Channel(models.Model)`` in the app ``api`` reads the table
``api_channel`` without spelling it: Django's ``Options.contribute_to_class``
takes ``"%s_%s" % (app_label, model_name)``, the model name being the class
name in lower case, unless ``Meta.db_table`` names it (Django docs, "Model
Meta options: db_table"). The app label is its ``AppConfig``'s ``label``,
else the last part of its ``name`` (``"hc.api"`` -> ``api``), else the app
package's folder name ("Applications: AppConfig.label"); ``Meta.app_label``
overrides it. A field's column is its attribute name, ``<name>_id`` for a
``ForeignKey``/``OneToOneField``, unless ``db_column=`` says otherwise
("Model field reference: db_column"); a ``ManyToManyField`` makes the join
table ``<table>_<field>`` unless ``db_table=`` or ``through=`` names one
(``ManyToManyField._get_m2m_db_table``).

Counted: a class in an app's ``models.py`` or ``models/`` package whose
base is ``models.Model``, ``django.db.models.Model`` (``Model`` imported
from there) or another model class of these files, or with any base when
the app's migrations create a model of its name (a third-party abstract
base: :mod:`dbnamelint.impact.djangomigs`); ``Meta.abstract = True``
makes no table (its fields are columns of each concrete subclass's),
``Meta.proxy = True`` reads its base's table (no reference of its own), and
``Meta.managed = False`` still names a table. A concrete model's concrete
subclass (multi-table inheritance) has a table of its own. Not followed:
names Django cuts to the backend's identifier limit (``truncate_name``),
the fields of bases outside the project (third-party abstract models; such
a class without a migration creating it is counted only where the
schema's targets hold its conventional table, trial s38), the implicit
``id`` and ``<parent>_ptr_id`` columns, and apps registered under another
label in ``INSTALLED_APPS`` only.

Files are read with :mod:`ast`; a file Python cannot parse is skipped.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator

from msgspec import Struct, field
from msgspec.structs import replace

from dbnamelint.impact.classify import HIGH, PLAIN, Confidence
from dbnamelint.impact.djangomigs import created_models
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target

#: Context of a model's class line; a patch adds ``db_table`` to its ``Meta``.
LABEL = "Django model (convention)"
#: Context of a field whose column is its name; a patch adds ``db_column=``.
FIELD_LABEL = "Django model field (convention)"
#: Context of a many-to-many field naming its join table; a patch adds ``db_table=``.
M2M_LABEL = "Django many-to-many table (convention)"
#: A field of an abstract model whose column other concrete models share
#: without a rename: patching it would rename theirs too.
SHARED_LABEL = "Django abstract model field (column of other tables too)"
LABELS = frozenset({LABEL, FIELD_LABEL, M2M_LABEL})

_TABLE_KINDS = frozenset({"table", "view", "materialized_view"})
_DJANGO_MODULES = frozenset({"django.db.models", "django.contrib.gis.db.models"})
_KEY_FIELDS = ("ForeignKey", "OneToOneField", "ParentalKey")
_M2M_FIELDS = ("ManyToManyField", "ParentalManyToManyField")
_NO_COLUMN = frozenset({"GenericRelation", "GenericForeignKey"})


def is_model_file(path: str) -> bool:
    """Whether ``path`` is a Django app's ``models.py`` or a module of its ``models/`` package."""
    if not path.endswith(".py"):
        return False
    parts = path.split("/")
    return parts[-1] == "models.py" or "models" in parts[:-1]


def app_folder(path: str) -> str:
    """The app package holding the model file ``path`` ("" for the top)."""
    parts = path.split("/")
    if parts[-1] == "models.py":
        return "/".join(parts[:-1])
    last = len(parts) - 2 - parts[-2::-1].index("models")
    return "/".join(parts[:last])


class _Field(Struct):
    name: str
    line: int  # 1-based line of the attribute name
    column: int  # 0-based character column of the attribute name
    source: str
    kind: str  # "column", "key" (adds _id), "m2m"
    explicit: bool  # db_column= (or db_table=/through= for m2m) names it
    call: ast.Call


class _Model(Struct):
    path: str
    node: ast.ClassDef
    line: int  # 1-based class line
    column: int  # 0-based character column of the class name
    source: str
    bases: tuple[str, ...]  # as written, dotted
    django_base: bool  # derives from django's Model directly
    app_label: str
    abstract: bool = False
    proxy: bool = False
    db_table: str | None = None
    explicit: bool = False  # Meta says db_table (a literal or not)
    meta: ast.ClassDef | None = None
    fields: list[_Field] = field(default_factory=list)


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def _char_column(line: str, byte_offset: int) -> int:
    """``ast``'s UTF-8 byte offset in ``line`` as a character offset."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))


def _literal(node: ast.expr | None) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _django_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names bound to django's ``models`` module, names bound to its ``Model`` class)."""
    modules: set[str] = set()
    classes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in _DJANGO_MODULES:
                    modules.add(alias.asname or alias.name)
                if node.module in _DJANGO_MODULES and alias.name == "Model":
                    classes.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in _DJANGO_MODULES and alias.asname:
                    modules.add(alias.asname)
    return modules, classes


def _is_django_model(base: str, modules: set[str], classes: set[str]) -> bool:
    if base in classes or base in {f"{m}.Model" for m in _DJANGO_MODULES}:
        return True
    head, _, tail = base.rpartition(".")
    return tail == "Model" and head in modules


def _read_meta(model: _Model, meta: ast.ClassDef) -> None:
    model.meta = meta
    for stmt in meta.body:
        if not isinstance(stmt, ast.Assign):
            continue
        for target in stmt.targets:
            if not isinstance(target, ast.Name):
                continue
            value = _literal(stmt.value)
            if target.id == "abstract":
                model.abstract = value is True
            elif target.id == "proxy":
                model.proxy = value is True
            elif target.id == "db_table":
                model.explicit = True
                model.db_table = value if isinstance(value, str) else None
            elif target.id == "app_label" and isinstance(value, str):
                model.app_label = value


def _field(stmt: ast.stmt, lines: list[str]) -> _Field | None:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        target, value = stmt.target, stmt.value
    else:
        return None
    if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
        return None
    called = (_dotted(value.func) or "").rpartition(".")[2]
    if called in _NO_COLUMN or not called.endswith(("Field", "Key")):
        return None
    keywords = {k.arg: k.value for k in value.keywords if k.arg}
    if called.endswith(_M2M_FIELDS):
        kind, explicit = "m2m", "db_table" in keywords or "through" in keywords
    else:
        kind = "key" if called.endswith(_KEY_FIELDS) else "column"
        explicit = "db_column" in keywords
    source = lines[target.lineno - 1]
    return _Field(
        target.id,
        target.lineno,
        _char_column(source, target.col_offset),
        source,
        kind,
        explicit,
        value,
    )


def _models(path: str, text: str, labels: dict[str, str]) -> list[_Model]:
    """The classes of one model file (top-level ones: Django models are)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    modules, classes = _django_names(tree)
    lines = text.split("\n")
    folder = app_folder(path)
    label = labels.get(folder) or folder.rpartition("/")[2]
    out: list[_Model] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = tuple(b for b in (_dotted(n) for n in node.bases) if b is not None)
        source = lines[node.lineno - 1]
        at = source.find(node.name, _char_column(source, node.col_offset))
        model = _Model(
            path,
            node,
            node.lineno,
            max(at, 0),
            source.rstrip("\r"),
            bases,
            any(_is_django_model(b, modules, classes) for b in bases),
            label,
        )
        for stmt in node.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
                _read_meta(model, stmt)
            else:
                found = _field(stmt, lines)
                if found is not None:
                    model.fields.append(found)
        out.append(model)
    return out


def app_labels(configs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """App folder -> label, from each ``apps.py``'s AppConfig (``label``, else
    the last part of ``name``); ``configs`` are (path, text) of ``apps.py`` files."""
    out: dict[str, str] = {}
    for path, text in configs:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        chosen: dict[str, object] | None = None
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            if not any((_dotted(b) or "").endswith("AppConfig") for b in node.bases):
                continue
            values: dict[str, object] = {}
            for stmt in node.body:
                if isinstance(stmt, ast.Assign):
                    for target in stmt.targets:
                        if isinstance(target, ast.Name):
                            values[target.id] = _literal(stmt.value)
            if chosen is None or values.get("default") is True:
                chosen = values
        if chosen is None:
            continue
        label = chosen.get("label")
        name = chosen.get("name")
        if isinstance(label, str):
            out[path.rpartition("/")[0]] = label
        elif isinstance(name, str):
            out[path.rpartition("/")[0]] = name.rpartition(".")[2]
    return out


class DjangoModels:
    """The models of a repository's Django apps, as Django names their tables."""

    def __init__(
        self,
        files: Iterable[tuple[str, str]],
        configs: Iterable[tuple[str, str]] = (),
        migrations: Iterable[tuple[str, str]] = (),
    ) -> None:
        """``files``: (path, text) of each model file; ``configs``: of each
        ``apps.py``; ``migrations``: of each migration module."""
        labels = app_labels(configs)
        self._created = created_models(migrations)
        self._models = [m for path, text in files for m in _models(path, text, labels)]
        self._by_name: dict[str, list[_Model]] = {}
        for model in self._models:
            self._by_name.setdefault(model.node.name, []).append(model)

    def _base(self, model: _Model, written: str) -> _Model | None:
        """The model class ``written`` names: one of the same file, app, else any."""
        found = [m for m in self._by_name.get(written.rpartition(".")[2], ()) if m is not model]
        for same in (
            lambda m: m.path == model.path,
            lambda m: app_folder(m.path) == app_folder(model.path),
            lambda _m: True,
        ):
            chosen = [m for m in found if same(m)]
            if chosen:
                return chosen[0]
        return None

    def _is_model(self, model: _Model, seen: frozenset[int] = frozenset()) -> bool:
        if model.django_base:
            return True
        # A base from outside the project (a third-party abstract model):
        # the app's migrations creating a model of the class's name tell it one.
        if model.bases and model.node.name.casefold() in self._created.get(
            app_folder(model.path), ()
        ):
            return True
        if id(model) in seen:
            return False
        for written in model.bases:
            base = self._base(model, written)
            if base is not None and self._is_model(base, seen | {id(model)}):
                return True
        return False

    def table(self, model: _Model, seen: frozenset[int] = frozenset()) -> str | None:
        """The model's table (None: abstract, or not to be told)."""
        if model.abstract or not self._is_model(model):
            return None
        if model.proxy and id(model) not in seen:
            for written in model.bases:
                base = self._base(model, written)
                if base is not None and not base.abstract:
                    return self.table(base, seen | {id(model)})
            return None
        if model.explicit:
            return model.db_table
        return f"{model.app_label}_{model.node.name.lower()}"

    def _outside_model(self, model: _Model) -> str | None:
        """The conventional table of a class whose base is none of the
        project's model files' classes (``class Note(SoftDeleteModel)``,
        ``SoftDeleteModel`` from django-softdelete: trial s38 paperless-ngx),
        to be counted when the schema has that table as a target's; None for
        an abstract class or one without such a base."""
        if model.abstract or not any(self._base(model, b) is None for b in model.bases):
            return None
        if model.explicit:
            return model.db_table
        return f"{model.app_label}_{model.node.name.lower()}"

    def _concrete_users(self, model: _Model, seen: frozenset[int] = frozenset()) -> list[str]:
        """Tables holding an abstract ``model``'s fields: its concrete subclasses'."""
        out: list[str] = []
        for other in self._models:
            if id(other) in seen or not any(self._base(other, b) is model for b in other.bases):
                continue
            if other.abstract:
                out += self._concrete_users(other, seen | {id(model)})
            elif not other.proxy:
                table = self.table(other)
                if table is not None:
                    out.append(table)
        return out

    def references(self, targets: Iterable[Target]) -> Iterator[Reference]:
        """References per model whose table, field column or join table is a target's old name."""
        tables: dict[str, list[Target]] = {}
        columns: dict[tuple[str, str], list[Target]] = {}
        for target in targets:
            for old in dict.fromkeys((*target.old_names, *target.stored)):
                if target.kind in _TABLE_KINDS:
                    tables.setdefault(old.casefold(), []).append(target)
                elif target.kind == "column":
                    for owner in target.tables:
                        columns.setdefault((owner.casefold(), old.casefold()), []).append(target)
        if not tables and not columns:
            return
        owners = set(tables) | {owner for owner, _column in columns}
        for model in self._models:
            if model.proxy:
                continue
            if self._is_model(model):
                table = self.table(model)
            else:
                table = self._outside_model(model)
                if table is None or table.casefold() not in owners:
                    continue
            if table is not None and not model.explicit:
                for target in dict.fromkeys(tables.get(table.casefold(), ())):
                    yield self._ref(
                        model.path,
                        model.line,
                        model.column,
                        model.source,
                        model.node.name,
                        target,
                        HIGH,
                        LABEL,
                    )
            users = [table] if table is not None else self._concrete_users(model)
            for f in model.fields:
                if f.explicit:
                    continue  # db_column= / db_table= literals are found as any mapping
                if f.kind == "m2m":
                    for user in users:
                        for target in dict.fromkeys(tables.get(f"{user}_{f.name}".casefold(), ())):
                            confidence = HIGH if len(users) == 1 else PLAIN
                            label = M2M_LABEL if len(users) == 1 else SHARED_LABEL
                            yield self._ref(
                                model.path,
                                f.line,
                                f.column,
                                f.source,
                                f.name,
                                target,
                                confidence,
                                label,
                            )
                    continue
                column = f"{f.name}_id" if f.kind == "key" else f.name
                found = {u: columns.get((u.casefold(), column.casefold()), []) for u in users}
                news = {t.target for ts in found.values() for t in ts}
                # An abstract field is every subclass's column: one db_column= renames them all.
                whole = all(found.values()) and len(news) == 1
                for user in users:
                    for target in dict.fromkeys(found[user]):
                        yield self._ref(
                            model.path,
                            f.line,
                            f.column,
                            f.source,
                            f.name,
                            target,
                            HIGH if whole else PLAIN,
                            FIELD_LABEL if whole else SHARED_LABEL,
                        )

    @staticmethod
    def _ref(
        path: str,
        line: int,
        column: int,
        source: str,
        name: str,
        target: Target,
        confidence: Confidence,
        label: str,
    ) -> Reference:
        return Reference(
            path,
            line,
            column + 1,
            column + len(name) + 1,
            source.rstrip("\r"),
            name,
            target,
            confidence,
            label,
        )


# --------------------------------------------------------------------------
# impact --diff
# --------------------------------------------------------------------------


def _insert_at(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """(0-based line, character column) of ``ast``'s (1-based line, byte column)."""
    return line - 1, _char_column(lines[line - 1], column)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _is_abstract(node: ast.ClassDef) -> bool:
    for stmt in node.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            return any(
                isinstance(a, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "abstract" for t in a.targets)
                and _literal(a.value) is True
                for a in stmt.body
            )
    return False


def _module_files(path: str, module: str, level: int) -> list[str]:
    """Files that may hold ``module`` imported from ``path`` (repository-relative):
    relative imports from the file's package, absolute ones from each folder above it."""
    parts = path.split("/")[:-1]
    dotted = module.replace(".", "/") if module else ""
    if level:
        base = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
        roots = ["/".join(base)]
    else:
        roots = ["/".join(parts[:i]) for i in range(len(parts), -1, -1)]
    out: list[str] = []
    for root in roots:
        stem = "/".join(p for p in (root, dotted) if p)
        out += [f"{stem}.py", f"{stem}/__init__.py"] if stem else ["__init__.py"]
    return out


def _base_class(
    path: str, tree: ast.Module, written: str, read: Callable[[str], str | None]
) -> ast.ClassDef | None:
    """The class ``written`` (a base) names: defined in the file or imported from one."""
    name = written.rpartition(".")[2]
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name and "." not in written:
            return node
    for imported in ast.walk(tree):
        if not isinstance(imported, ast.ImportFrom):
            continue
        for alias in imported.names:
            if (alias.asname or alias.name) != written:
                continue
            for candidate in _module_files(path, imported.module or "", imported.level):
                text = read(candidate)
                if text is None:
                    continue
                try:
                    other = ast.parse(text)
                except (SyntaxError, ValueError):
                    return None
                for found in other.body:
                    if isinstance(found, ast.ClassDef) and found.name == alias.name:
                        return found
    return None


def _meta_header(
    path: str, tree: ast.Module, node: ast.ClassDef, read: Callable[[str], str | None]
) -> tuple[str, bool]:
    """(``class Meta...:`` for a model without one, whether every base was found).

    A model inherits an abstract base's ``Meta`` (its ordering, indexes,
    constraints) unless it declares its own, which then extends it only by
    subclassing (Django docs, "Abstract base classes: Meta inheritance").
    """
    modules, classes = _django_names(tree)
    known = True
    for base in node.bases:
        written = _dotted(base)
        if written is None or _is_django_model(written, modules, classes):
            continue
        found = _base_class(path, tree, written, read)
        if found is None:
            known = False
        elif _is_abstract(found):
            return f"class Meta({written}.Meta):", True
    return "class Meta:", known


def _model_edit(
    path: str,
    tree: ast.Module,
    lines: list[str],
    ref: Reference,
    read: Callable[[str], str | None],
    notes: list[str],
) -> tuple[int, int, str] | None:
    """Where and what to insert so the class at ``ref`` says ``db_table``."""
    new = ref.target.target or ref.name
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.lineno != ref.line:
            continue
        if node.body[0].lineno == node.lineno:
            return None  # class A(models.Model): pass
        body = _indent(lines[node.body[0].lineno - 1])
        step = body[len(_indent(lines[node.lineno - 1])) :] or "    "
        meta = next(
            (s for s in node.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None
        )
        if meta is not None:
            if meta.body[0].lineno == meta.lineno:
                return None  # class Meta: ordering = [...] on one line
            inner = _indent(lines[meta.body[0].lineno - 1])
            # After the Meta body's first statement's end: Meta's docstring stays first.
            first = meta.body[0]
            end = first.end_lineno or first.lineno
            return end - 1, len(lines[end - 1].rstrip("\r")), f'\n{inner}db_table = "{new}"'
        header, known = _meta_header(path, tree, node, read)
        if not known:
            notes.append(
                f"{path}:{ref.line}:{ref.column}: {ref.name} gains a class Meta; a base class "
                f"was not found in the repository: if it is an abstract model, write "
                f"class Meta(<base>.Meta) so its options stay inherited"
            )
        end = node.end_lineno or node.lineno
        text = f'\n\n{body}{header}\n{body}{step}db_table = "{new}"'
        return end - 1, len(lines[end - 1].rstrip("\r")), text
    return None


def _pinned_join_tables(
    tree: ast.Module, lines: list[str], ref: Reference, patched: list[Reference]
) -> list[tuple[int, int, str]]:
    """``db_table="<join table>"`` for each many-to-many field of the model at
    ``ref`` whose model gains a ``db_table``: Django names an unpinned join
    table after its model's table (``ManyToManyField._get_m2m_db_table``:
    ``<db_table>_<field>``), so the new ``db_table`` would move it to a table
    that does not exist. A field whose join table the patch renames itself,
    or one naming ``db_table=``/``through=``, is left alone."""
    current = ref.target.old_names[0] if ref.target.old_names else ref.name
    own = {(r.line, r.name) for r in patched if r.context == M2M_LABEL}
    edits: list[tuple[int, int, str]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.lineno != ref.line:
            continue
        for stmt in node.body:
            found = _field(stmt, lines)
            if found is None or found.kind != "m2m" or found.explicit:
                continue
            if (found.line, found.name) in own:
                continue
            join = replace(ref.target, target=f"{current}_{found.name}")
            pin = replace(ref, line=found.line, name=found.name, context=M2M_LABEL, target=join)
            edit = _field_edit(tree, lines, pin)
            if edit is not None:
                edits.append(edit)
    return edits


def _field_edit(tree: ast.Module, lines: list[str], ref: Reference) -> tuple[int, int, str] | None:
    """Where and what to insert so the field call at ``ref`` says ``db_column=``/``db_table=``."""
    new = ref.target.target or ref.name
    keyword = "db_table" if ref.context == M2M_LABEL else "db_column"
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for stmt in node.body:
            found = _field(stmt, lines)
            if found is None or found.line != ref.line or found.name != ref.name:
                continue
            call = found.call
            arguments: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
            if arguments:
                last = max(arguments, key=lambda a: (a.end_lineno or 0, a.end_col_offset or 0))
                at = _insert_at(lines, last.end_lineno or last.lineno, last.end_col_offset or 0)
                return at[0], at[1], f', {keyword}="{new}"'
            at = _insert_at(lines, call.end_lineno or call.lineno, (call.end_col_offset or 1) - 1)
            return at[0], at[1], f'{keyword}="{new}"'
    return None


def apply(
    path: str,
    text: str,
    old: list[str],
    lines: dict[int, list[Reference]],
    read: Callable[[str], str | None] = lambda _p: None,
) -> tuple[list[str], dict[int, list[Reference]], list[str]]:
    """Django's mappings inserted in a file: (its lines, the other references
    to rewrite per 1-based line, notes on places left alone).

    ``old``: the file's lines with their endings; ``lines``: the patch's
    references per line; ``read(path)``: another file's text (where a
    model's base class is), or None. An insertion goes before a line's ending and may
    hold line breaks (the line's own); the other references on a line are
    shifted past it.
    """
    django = [r for refs in lines.values() for r in refs if r.context in LABELS]
    rest = {n: [r for r in refs if r.context not in LABELS] for n, refs in lines.items()}
    new = list(old)
    if not django:
        return new, rest, []
    bodies = [line.rstrip("\r\n") for line in old]
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return new, rest, [f"{path}: Django models not mapped (Python cannot parse the file)"]
    edits: list[tuple[int, int, str]] = []
    notes: list[str] = []
    for ref in django:
        edit = (
            _model_edit(path, tree, bodies, ref, read, notes)
            if ref.context == LABEL
            else _field_edit(tree, bodies, ref)
        )
        if edit is None:
            notes.append(
                f"{path}:{ref.line}:{ref.column}: {ref.name} not mapped: written on one "
                f"line; map it to {ref.target.target} by hand"
            )
            continue
        edits.append(edit)
        if ref.context == LABEL:
            edits += _pinned_join_tables(tree, bodies, ref, django)
    for row, column, written in sorted(edits, reverse=True):
        raw = new[row]
        body = raw.rstrip("\r\n")
        ending = raw[len(body) :]
        insert = written.replace("\n", ending or "\n")
        new[row] = body[:column] + insert + body[column:] + ending
        rest[row + 1] = [
            replace(r, column=r.column + len(insert), end_column=r.end_column + len(insert))
            if r.column - 1 >= column
            else r
            for r in rest.get(row + 1, [])
        ]
    return new, {n: refs for n, refs in rest.items() if refs}, notes
