"""Which databases run a Django migration's SQL, and which vendor a branch of it is for.

A Django project names its databases in its settings: ``DATABASES =
{"default": {"ENGINE": "django.db.backends.sqlite3", ...}}``, often one of
several engines an environment variable picks (healthchecks'
``hc/settings.py``: SQLite by default, ``django.db.backends.postgresql`` when
``DB=postgres``, ``django.db.backends.mysql`` when ``DB=mysql``). ``manage.py
migrate`` runs every migration on whichever of them the project runs on, so a
``RunSQL`` string is SQL of each of them (trial s30 healthchecks:
``CREATE TABLE PingArchives`` passed as PostgreSQL, which folds it, while
SQLite, the default, keeps it so). :func:`settings_families` reads them: the
``ENGINE`` literals (Django's documented backends,
``django.db.backends.{postgresql,mysql,sqlite3,oracle}`` and GeoDjango's
``django.contrib.gis.db.backends.{postgis,mysql,spatialite,oracle}``) and the
URL schemes dj-database-url and django-environ take (``postgres://``,
``mysql://``, ``sqlite:///``) in the settings module ``manage.py`` sets
(``DJANGO_SETTINGS_MODULE``), the whole package when it is a ``settings/``
package (``base.py`` beside ``production.py``).

A branch on the connection's vendor (``if schema_editor.connection.vendor ==
"postgresql":``; Django's ``BaseDatabaseWrapper.vendor`` is ``postgresql``,
``mysql``, ``sqlite`` or ``oracle``, ``django/db/backends/*/base.py``; or
SQLAlchemy's ``op.get_bind().dialect.name == "postgresql"`` in an Alembic
revision, ``Dialect.name``: ``postgresql``, ``mysql``, ``mariadb``,
``sqlite``, ``oracle``, ``mssql``) runs
only on that database: :func:`vendor_guards` gives the spans of each such
branch (``==``, ``!=``, ``in``, ``not in``, SQLAlchemy's ``isinstance(bind.dialect,
MySQLDialect)``, the ``else`` branch, and the rest
of a block after ``if vendor != "postgresql": return``) with the databases
they run on, so that its SQL is read in that database's dialect only.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from dbnamelint import python_trees
from dbnamelint.core.lazyre import lazy_compile

#: ``connection.vendor`` values (Django's backends) and SQLAlchemy's
#: ``dialect.name`` values, and the database family each is.
VENDORS = {
    "postgresql": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "oracle": "oracle",
    "mssql": "tsql",
}

_ENGINE = lazy_compile(
    r"""["']django(?:\.contrib\.gis)?\.db\.backends\.(?P<engine>postgresql_psycopg2|postgresql"""
    r"""|postgis|mysql|sqlite3|spatialite|oracle)["']"""
)
_URL = lazy_compile(
    r"""["'](?P<scheme>postgres|postgresql|pgsql|postgis|mysql|mysql2|mysqlgis|mysql-connector"""
    r"""|sqlite|spatialite|oracle)://"""
)
_ENGINE_FAMILY = {
    "postgresql": "postgres",
    "postgresql_psycopg2": "postgres",
    "postgis": "postgres",
    "pgsql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mysql2": "mysql",
    "mysqlgis": "mysql",
    "mysql-connector": "mysql",
    "sqlite3": "sqlite",
    "sqlite": "sqlite",
    "spatialite": "sqlite",
    "oracle": "oracle",
}
#: ``os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")`` or
#: ``os.environ["DJANGO_SETTINGS_MODULE"] = "x.settings"``.
_SETTINGS_MODULE = lazy_compile(r"""DJANGO_SETTINGS_MODULE["']\s*(?:,|\]\s*=)\s*["']([\w.]+)["']""")
#: A Django migration's path: ``<app>/migrations/<name>.py``.
_MIGRATION = lazy_compile(r"(?:^|/)migrations/\w+\.py$")


#: A ``class Migration`` of the module, whatever it derives from: Django's
#: loader (``MigrationLoader.load_disk``) takes the ``Migration`` attribute of
#: every module of an app's ``migrations`` package but ``_``/``~`` ones, so
#: ``class Migration(m.Migration)`` (``from django.db import migrations as m``)
#: and ``class Migration(Base)`` (``from django.db.migrations import
#: Migration as Base``, a project's base) are migrations too (trial s40
#: paperless: both passed the gate unread).
_MIGRATION_CLASS = lazy_compile(r"^[ \t]*class[ \t]+Migration\b", re.MULTILINE)


def defines_migration(text: str) -> bool:
    """Whether Python ``text`` defines Django's ``Migration`` class (see
    :data:`_MIGRATION_CLASS`; ``migrations.Migration`` named anywhere too)."""
    return "migrations.Migration" in text or _MIGRATION_CLASS.search(text) is not None


def is_django_migration(path: str, text: str) -> bool:
    """Whether code file ``path`` (``/``-separated) holding ``text`` is a Django
    migration: a module of a ``migrations`` folder defining ``Migration``."""
    name = path.rpartition("/")[2]
    if name.startswith(("_", "~")) or _MIGRATION.search(path) is None:
        return False
    return defines_migration(text)


def settings_families(path: Path, root: Path) -> tuple[str, ...]:
    """The database families the Django project of the file at ``path``
    names in its settings (see the module docstring), in the order written;
    empty when no ``manage.py`` between ``path`` and ``root`` names a
    settings module whose files name one."""
    return tuple(named.family for named in settings_engines(path, root))


class NamedEngine(Struct, frozen=True):
    """A database family the Django settings name, where they first name it."""

    family: str
    file: Path
    #: The offset of the ``ENGINE`` literal (or URL) in ``file``'s text.
    offset: int


def settings_engines(path: Path, root: Path) -> tuple[NamedEngine, ...]:
    """:func:`settings_families`, each with the file and offset of the
    ``ENGINE`` literal (or URL) that first names it."""
    folder = path.parent
    root = root.resolve()
    while True:
        manage = folder / "manage.py"
        if manage.is_file():
            return _families_of(folder, manage)
        if folder.resolve() == root or folder.parent == folder:
            return ()
        folder = folder.parent


def settings_files(project: Path, manage: Path) -> list[Path]:
    """The files of the settings module ``manage.py`` (in folder ``project``)
    names (``DJANGO_SETTINGS_MODULE``): its ``.py`` file, with the other
    files of a ``settings/`` package beside it, or the package's files; none
    when ``manage.py`` cannot be read or names none."""
    try:
        found = _SETTINGS_MODULE.search(manage.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []
    if found is None:
        return []
    parts = found.group(1).split(".")
    module = project.joinpath(*parts)
    files: list[Path] = []
    if module.with_suffix(".py").is_file():
        files.append(module.with_suffix(".py"))
        if module.parent.name == "settings":  # proj/settings/production.py: base.py beside
            files += sorted(module.parent.glob("*.py"))
    elif module.is_dir():
        files += sorted(module.glob("*.py"))
    return list(dict.fromkeys(files))


def _settings_texts(project: Path, manage: Path) -> list[tuple[Path, str]]:
    """The files of the settings module ``manage.py`` names and their texts
    (see the module docstring)."""
    from dbnamelint.core import readlog

    readlog.note_side(str(manage.absolute()))  # the run cache: a settings edit is seen
    texts = []
    for file in settings_files(project, manage):
        readlog.note_side(str(file.absolute()))
        try:
            texts.append((file, file.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    return texts


#: ``AUTH_USER_MODEL = "accounts.User"``: a setting naming a model (a line of its own).
_MODEL_SETTING = lazy_compile(
    r"^[ \t]*(?P<name>[A-Z][A-Z0-9_]*_MODEL)[ \t]*=[ \t]*(?P<value>[^\n#]*)", re.M
)
_MODEL_LABEL = lazy_compile(r"""^(["'])(\w+\.\w+)\1\s*$""")
#: The model settings Django's ``conf/global_settings.py`` defines (a swappable
#: ``ForeignKey(to=settings.AUTH_USER_MODEL)`` points at it when the project's
#: settings do not set it).
DEFAULT_MODELS = {"AUTH_USER_MODEL": "auth.User"}


def model_settings(path: Path) -> dict[str, str | None]:
    """The model settings (``AUTH_USER_MODEL``...) of the Django project of
    the migration at ``path``: the ``app_label.ModelName`` literal its settings
    module sets (the nearest ``manage.py`` above ``path`` names it), else
    Django's default (:data:`DEFAULT_MODELS`); None for one the settings set
    to anything else (``os.environ[...]``: not known). A swappable foreign
    key, ``to=settings.AUTH_USER_MODEL``, points at that model: Django's
    ``sqlmigrate`` names its constraint ``..._fk_auth_user_id``."""
    out: dict[str, str | None] = dict(DEFAULT_MODELS)
    folder = path.parent
    while True:
        manage = folder / "manage.py"
        if manage.is_file():
            texts = _settings_texts(folder, manage)
            break
        if folder.parent == folder:
            return out
        folder = folder.parent
    set_here: dict[str, str | None] = {}
    for _file, text in texts:
        for match in _MODEL_SETTING.finditer(text):
            label = _MODEL_LABEL.match(match.group("value").strip())
            value = label.group(2) if label else None
            name = match.group("name")
            if name in set_here and set_here[name] != value:
                value = None  # two values in the settings' files: which runs is not known
            set_here[name] = value
    out.update(set_here)
    return out


def _families_of(project: Path, manage: Path) -> tuple[NamedEngine, ...]:
    """The engines the settings name, the default ones first: those written
    outside the body of an ``if`` (unconditionally, or in its ``else``),
    then the ones an ``if`` picks (``if os.environ.get("USE_SQLITE"):
    DATABASES = {...sqlite3...} else: DATABASES = {...postgresql...}`` runs
    PostgreSQL unless told otherwise; confirmation s32: SQLite, written
    first, was taken for the project's database); else in the order written."""
    found: list[tuple[bool, int, NamedEngine]] = []
    for number, (file, text) in enumerate(_settings_texts(project, manage)):
        matches = sorted([*_ENGINE.finditer(text), *_URL.finditer(text)], key=lambda m: m.start())
        if not matches:
            continue
        picked = _if_bodies(text)
        for match in matches:
            family = _ENGINE_FAMILY[match.group(match.lastgroup or 0)]
            at = match.start()
            chosen = any(a <= at < b for a, b in picked)
            found.append((chosen, number, NamedEngine(family, file, at)))
    out: dict[str, NamedEngine] = {}
    for _chosen, _number, named in sorted(found, key=lambda f: (f[0], f[1], f[2].offset)):
        out.setdefault(named.family, named)
    return tuple(out.values())


def _if_bodies(text: str) -> list[tuple[int, int]]:
    """The spans (offsets) of the bodies of Python ``text``'s ``if``
    statements (not their ``else``); empty when it does not parse."""
    if "if " not in text:
        return []
    try:
        tree = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return []
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    spans = []
    for node in python_trees.walk(tree):
        if isinstance(node, ast.If) and node.body:
            first, last = node.body[0], node.body[-1]
            end = last.end_lineno or last.lineno
            spans.append((starts[first.lineno - 1], starts[min(end, len(starts) - 1)]))
    return spans


class Guard(Struct, frozen=True):
    """A span of a file (offsets) that runs only on some databases: those of
    ``only`` (when not None), never those of ``never``."""

    start: int
    end: int
    only: frozenset[str] | None
    never: frozenset[str] = frozenset()

    def allows(self, family: str) -> bool:
        return (self.only is None or family in self.only) and family not in self.never


def vendor_guards(text: str) -> list[Guard]:
    """The branches of Python ``text`` that test the connection's vendor
    (see the module docstring); empty when the text tests none or is not Python."""
    if not any(word in text for word in _VENDOR_WORDS):
        return []
    try:
        tree = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return []
    urls = _url_names(tree)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    lines = text.splitlines(keepends=True)

    def offset(line: int, col: int) -> int:
        raw = lines[line - 1].encode("utf-8")[:col].decode("utf-8", errors="ignore")
        return starts[line - 1] + len(raw)

    def span(stmts: Sequence[ast.stmt]) -> tuple[int, int]:
        first, last = stmts[0], stmts[-1]
        end_line = last.end_lineno or last.lineno
        end_col = last.end_col_offset or 0
        return offset(first.lineno, first.col_offset), offset(end_line, end_col)

    out: list[Guard] = []
    for node in python_trees.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for at, stmt in enumerate(block):
                if not isinstance(stmt, ast.If):
                    continue
                test = _vendor_test(stmt.test, urls)
                if test is None:
                    continue
                only, never = test
                a, b = span(stmt.body)
                out.append(Guard(a, b, only, never))
                opposite = (None, only) if only is not None else (never, frozenset())
                if stmt.orelse:
                    a, b = span(stmt.orelse)
                    out.append(Guard(a, b, opposite[0], opposite[1] or frozenset()))
                elif _leaves(stmt.body) and at + 1 < len(block):
                    # if vendor != "postgresql": return  -> the rest runs on PostgreSQL only
                    a, b = span(block[at + 1 :])
                    out.append(Guard(a, b, opposite[0], opposite[1] or frozenset()))
    return out


def _leaves(body: Sequence[ast.stmt]) -> bool:
    """Whether a block always leaves its function (``return``, ``raise``)."""
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise))


#: Words a file testing its database holds (a quick "no" for the rest).
_VENDOR_WORDS = (".vendor", "dialect.name", "Dialect", "startswith", "drivername", "backend_name")
#: A database URL's scheme (``postgresql+psycopg2://``: its part before ``+``,
#: SQLAlchemy's ``URL.get_backend_name()``) and the database family it is.
_SCHEMES = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "oracle": "oracle",
    "mssql": "tsql",
}


def _url_names(tree: ast.Module) -> set[str]:
    """Names the file binds to its connection's URL or its scheme (CTFd's
    ``url = str(bind.engine.url)``)."""
    out: set[str] = set()
    for node in python_trees.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and _is_url(node.value, out)
        ):
            out.add(node.targets[0].id)
    return out


def _is_url(node: ast.expr, names: set[str]) -> bool:
    """``str(<x>.url)``, ``<x>.url.drivername``, ``<x>.url.get_backend_name()``
    or a name bound to one."""
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id == "str" and len(node.args) == 1:
            return _is_url(node.args[0], names)
        return isinstance(node.func, ast.Attribute) and node.func.attr == "get_backend_name"
    if isinstance(node, ast.Attribute):
        return node.attr in ("url", "drivername")
    return isinstance(node, ast.Name) and node.id in names


def _scheme_test(test: ast.expr, urls: set[str]) -> frozenset[str] | None:
    """The databases ``<url>.startswith("mysql")`` (or a tuple of prefixes)
    keeps (trial s40 CTFd: ``if url.startswith("mysql"): ... elif
    url.startswith("postgres"):``); None for another test."""
    if not (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Attribute)
        and test.func.attr == "startswith"
        and len(test.args) == 1
        and _is_url(test.func.value, urls)
    ):
        return None
    prefixes = _strings(test.args[0])
    if not prefixes or not all(prefixes):
        return None
    return (
        frozenset(
            family
            for prefix in prefixes
            for scheme, family in _SCHEMES.items()
            if scheme.startswith(prefix)
        )
        or None
    )


def _vendor_test(
    test: ast.expr, urls: set[str] | None = None
) -> tuple[frozenset[str] | None, frozenset[str]] | None:
    """(the only databases, the databases never) a test of ``.vendor`` keeps,
    or None when ``test`` is no such test (``and`` of one narrows as it does).
    ``urls``: the names bound to the connection's URL (:func:`_url_names`)."""
    urls = urls or set()
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        for value in test.values:
            found = _vendor_test(value, urls)
            if found is not None and found[0] is not None:
                return found
        return None
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        excluded = _dialect_class_test(test.operand) or _scheme_test(test.operand, urls)
        return None if excluded is None else (None, excluded)
    kept = _dialect_class_test(test) or _scheme_test(test, urls)
    if kept is not None:
        return kept, frozenset()
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return None
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if _is_vendor(right) and isinstance(op, (ast.Eq, ast.NotEq)):
        left, right = right, left
    if not _is_vendor(left):
        return None
    names = _strings(right)
    if names is None:
        return None
    families = frozenset(VENDORS.get(n, n) for n in names)
    if isinstance(op, (ast.Eq, ast.In)):
        return families, frozenset()
    if isinstance(op, (ast.NotEq, ast.NotIn)):
        return None, families
    return None


#: SQLAlchemy's dialect classes (``sqlalchemy.dialects.*.base``) and the
#: database family each is: ``isinstance(bind.dialect, MySQLDialect)`` tests
#: the database as ``dialect.name == "mysql"`` does (trial s36 superset).
DIALECT_CLASSES = {
    "MySQLDialect": "mysql",
    "MariaDBDialect": "mysql",
    "PGDialect": "postgres",
    "SQLiteDialect": "sqlite",
    "OracleDialect": "oracle",
    "MSDialect": "tsql",
}


def _dialect_class_test(test: ast.expr) -> frozenset[str] | None:
    """The databases ``isinstance(<bind>.dialect, <dialect class or tuple>)``
    keeps; None for another test."""
    if not (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "isinstance"
        and len(test.args) == 2
        and isinstance(test.args[0], ast.Attribute)
        and test.args[0].attr == "dialect"
    ):
        return None
    kinds = test.args[1]
    classes = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    out: set[str] = set()
    for node in classes:
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
        # PGDialect_psycopg2, MySQLDialect_pymysql: a driver's subclass
        family = DIALECT_CLASSES.get(name.split("_", 1)[0])
        if family is None:
            return None
        out.add(family)
    return frozenset(out)


def _is_vendor(node: ast.expr) -> bool:
    """``<connection>.vendor`` (Django), or ``<bind>.dialect.name`` (SQLAlchemy:
    Alembic's ``op.get_bind().dialect.name``)."""
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr == "vendor":
        return True
    return (
        node.attr == "name"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "dialect"
    )


def _strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        out = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        if len(out) == len(node.elts) and all(isinstance(v, str) for v in out):
            return [str(v) for v in out]
    return None


def allowed(guards: Sequence[Guard], start: int, family: str) -> bool:
    """Whether the code at offset ``start`` runs on database ``family``."""
    return all(g.allows(family) for g in guards if g.start <= start < g.end)


def other_databases(guards: Sequence[Guard], start: int, family: str) -> bool:
    """Whether the code at offset ``start`` runs only on databases named
    (``== "mysql"``, ``=== 'mysql'``), ``family`` not among them. A branch
    that only excludes ``family`` (``!= "postgresql"``, ``!== 'pg'``) names
    none to read it as: it stays ``family``'s, so its names are still judged
    (its own dialect unknown; trial s38: left out of the model, it was judged
    nowhere)."""
    return any(
        g.only is not None and family not in g.only for g in guards if g.start <= start < g.end
    )


def guarded_families(guards: Sequence[Guard], start: int) -> frozenset[str] | None:
    """The databases the branches holding offset ``start`` name with ``==``/``in``
    (their intersection), or None when none does."""
    found: frozenset[str] | None = None
    for g in guards:
        if g.start <= start < g.end and g.only is not None:
            found = g.only if found is None else found & g.only
    return found
