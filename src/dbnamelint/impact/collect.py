"""From settings to an :class:`Impact`: read the schema and whitelist, search the code."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import cache, partial
from pathlib import Path

from dbnamelint.config import Settings
from dbnamelint.dumped_views import rename_plan, with_dumped_views
from dbnamelint.impact import (
    dieselrust,
    eloquent,
    eloquent_columns,
    eloquent_models,
    goconsts,
    kyselycamel,
    lockfiles,
    springint,
    vendored,
)
from dbnamelint.impact.assets import is_asset, skipped_note
from dbnamelint.impact.beego import BeegoModels, registered_types
from dbnamelint.impact.codedialect import assumed_notes, code_families, sqlite_code
from dbnamelint.impact.codeowners import CodeOwners
from dbnamelint.impact.copies import merge_copies
from dbnamelint.impact.django import DjangoModels
from dbnamelint.impact.django import is_model_file as is_django_model_file
from dbnamelint.impact.djangomigs import is_migration_file
from dbnamelint.impact.generated import GENERATED_HEAD_CHARS, generated_marker
from dbnamelint.impact.gorm import go_orms
from dbnamelint.impact.gormfields import GormFields, model_tables
from dbnamelint.impact.gormmodels import GormModels
from dbnamelint.impact.gotableparams import table_parameters
from dbnamelint.impact.helperwrites import through_helpers
from dbnamelint.impact.history import SQL_HEAD_CHARS, head_chars, is_migration, schema_dump_marker
from dbnamelint.impact.historyglobs import (
    configured_excluded,
    configured_history,
    unmatched_notes,
)
from dbnamelint.impact.indexes import names_index
from dbnamelint.impact.jpa import JpaEntities, is_entity_file
from dbnamelint.impact.keys import key_names
from dbnamelint.impact.languages import SQL_SUFFIXES
from dbnamelint.impact.loose import loose_notes, split_loose
from dbnamelint.impact.mappingowners import MappingOwners
from dbnamelint.impact.nonsql import engine_of
from dbnamelint.impact.ormdatabase import orm_database
from dbnamelint.impact.otherdb import database_family, database_of, other_database_files
from dbnamelint.impact.planned import dependent_targets, planned_keys
from dbnamelint.impact.pop import requires_pop
from dbnamelint.impact.prefixed import PrefixMatcher, schema_prefix
from dbnamelint.impact.rails import RailsModels, is_model_file
from dbnamelint.impact.railsquery import mark_primary_keys
from dbnamelint.impact.railsquery import settle as settle_rails
from dbnamelint.impact.result import Impact, ObjectImpact
from dbnamelint.impact.scan import Matcher, Reference, candidate_files
from dbnamelint.impact.seqts import SequelizeModels
from dbnamelint.impact.sharedcode import current_names
from dbnamelint.impact.targets import Target, targets_for
from dbnamelint.manifests import nearest_manifest
from dbnamelint.migration_text import NOT_REPLAYED_CODE as NOT_REPLAYED
from dbnamelint.model import ObjectKind, Schema, SchemaObject
from dbnamelint.runner.pipeline import load_paths
from dbnamelint.services.databases import choose_database, in_database, listing_database
from dbnamelint.services.lint import default_paths, source_settings, whitelist_display
from dbnamelint.services.migrate.replayed_after import reapplied_files
from dbnamelint.whitelist import Whitelist, load_whitelist

#: How ``diesel print-schema`` marks the ``schema.rs`` it writes.
_DIESEL_MARK = "@generated automatically by Diesel CLI"


def _norm(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def search(
    cwd: Path,
    targets: Sequence[Target],
    *,
    pathspecs: Sequence[str] = (),
    exclude: Callable[[str], bool] = lambda _p: False,
    untracked: bool = False,
    tables: Iterable[str] = (),
    columns: Mapping[str, Collection[str]] | None = None,
    live_columns: Mapping[str, Collection[str]] | None = None,
) -> tuple[list[Reference], int, list[str]]:
    """References to ``targets`` in the files below ``cwd`` (or ``pathspecs``).

    ``tables`` are the schema's table and view names, ``columns`` each
    table's column names, ``live_columns`` its current ones (see :class:`Matcher`).
    Returns (references in file order, files read, notes). Paths are
    relative to ``cwd``. Raises :class:`~dbnamelint.impact.scan.ScanError`
    when git cannot run the search.
    """
    tables = tuple(tables)
    # Go files naming an ORM, a TableName method or Beego's RegisterModel: models
    # by convention, and the tables their types give GORM chains (read first:
    # the matcher needs them).
    go_words = {"gorm", "TableName", "RegisterModel", "beego", "xorm", "gobuffalo/pop", "ory/pop"}
    go_files = _other_files(cwd, go_words, pathspecs or ("*.go",), untracked, exclude)
    go_texts = {
        _norm(f): text
        for f in sorted(go_files)
        if f.lower().endswith(".go") and (text := _read(cwd, f, [])) is not None
    }
    gorm_models = GormModels(go_texts.items())
    # Beego registers models by type: their structs may be declared in other files.
    wanted = registered_types(go_texts.items())
    if wanted:
        for f in sorted(_other_files(cwd, wanted, pathspecs or ("*.go",), untracked, exclude)):
            if f.lower().endswith(".go") and _norm(f) not in go_texts:
                text = _read(cwd, f, [])
                if text is not None:
                    go_texts[_norm(f)] = text
                    go_files.add(f)
    beego_models = BeegoModels(go_texts.items())
    matcher = Matcher(
        targets,
        tables,
        columns,
        live_columns=live_columns,
        go_tables=gorm_models.go_tables,
        gorm_naming=gorm_models.naming,
        go_orms=go_orms(go_texts.items()),
        pop_module=_pop_modules(cwd),
        folder_tables=gorm_models.folder_tables,
        go_constants=_go_constants(cwd),
        go_table_parameters=_go_table_parameters(cwd),
    )
    files = [
        f
        for f in candidate_files(cwd, matcher.words, pathspecs, untracked=untracked)
        if not exclude(_norm(f))
    ]
    prefixed = PrefixMatcher(targets, schema_prefix(tables))
    prefix_files = _other_files(cwd, prefixed.words, pathspecs, untracked, exclude)
    locks = springint.lock_targets(targets)
    lock_files = _other_files(
        cwd, {springint.WORD} if locks else set(), pathspecs, untracked, exclude
    )
    # Every Ruby class file: a model's base may be an abstract class of another file.
    model_files = _other_files(cwd, {"class"}, pathspecs or ("*.rb",), untracked, exclude)
    model_files = {f for f in model_files if is_model_file(_norm(f))}
    # Every Django models module and app config (apps.py names the app's label).
    django_files = _other_files(cwd, {"class"}, pathspecs or ("*.py",), untracked, exclude)
    django_files = {
        f
        for f in django_files
        if is_django_model_file(_norm(f)) or _norm(f).rpartition("/")[2] == "apps.py"
    }
    # Every Java/Kotlin file naming @Entity (JPA entities named by convention).
    # And every mapped superclass or embeddable: its column mappings are its users' too.
    jpa_words = {"@Entity", "@MappedSuperclass", "@Embeddable"}
    jpa_files = _other_files(cwd, jpa_words, pathspecs or ("*.java", "*.kt"), untracked, exclude)
    jpa_files = {f for f in jpa_files if is_entity_file(_norm(f))}
    # Every PHP file calling belongsToMany (Eloquent's implicit pivot tables).
    pivot_files = _other_files(cwd, {"belongsToMany"}, pathspecs or ("*.php",), untracked, exclude)
    pivot_files = {f for f in pivot_files if _norm(f).endswith(".php")}
    # Every PHP class with a base (Eloquent models named by convention, their bases).
    class_files = _other_files(cwd, {"extends"}, pathspecs or ("*.php",), untracked, exclude)
    class_files = {f for f in class_files if _norm(f).endswith(".php")}
    # Every sequelize-typescript model (its @Column properties name their columns).
    seqts_files = _other_files(
        cwd, {"sequelize-typescript"}, pathspecs or ("*.ts",), untracked, exclude
    )
    seqts_files = {f for f in seqts_files if _norm(f).endswith((".ts", ".mts", ".cts"))}
    references: list[Reference] = []
    notes: list[str] = []
    texts: dict[str, str] = {}
    pivots: dict[str, str] = {}
    php_classes: dict[str, str] = {}
    php_uses: dict[str, str] = {}  # PHP files naming an old name: Eloquent column uses
    assets: list[str] = []
    read = set(files) | prefix_files | model_files | django_files | jpa_files | pivot_files
    read |= class_files
    read |= seqts_files | lock_files
    seqts_texts: dict[str, str] = {}
    locks_skipped: list[str] = []
    for path in sorted(read):
        if lockfiles.is_lock_file(_norm(path)):
            locks_skipped.append(_norm(path))
            continue
        text = go_texts.get(_norm(path)) or _read(cwd, path, notes)
        if text is None:
            continue
        if is_asset(_norm(path), text):
            assets.append(_norm(path))
            continue
        if path in model_files or path in django_files or path in jpa_files:
            texts[_norm(path)] = text
        if path in pivot_files:
            pivots[_norm(path)] = text
        if path in class_files:
            php_classes[_norm(path)] = text
        if path in seqts_files:
            seqts_texts[_norm(path)] = text
        if path in files:
            references += matcher.references(_norm(path), text)
            if _norm(path).endswith(".php"):
                php_uses[_norm(path)] = text
        if path in prefix_files:
            references += prefixed.references(_norm(path), text)
        if path in lock_files:
            references += springint.references(_norm(path), text, locks)
    rails = {p: t for p, t in texts.items() if is_model_file(p)}
    models = RailsModels(rails.items(), lambda p: rails.get(p) or _read(cwd, p, []))
    references += models.references(targets)
    references += eloquent.references(
        ((p, t) for p, t in pivots.items() if eloquent.is_pivot_file(p, t)),
        targets,
        php_classes.items(),  # (a trait's belongsToMany: the classes using it)
    )
    references += eloquent_models.references(
        ((p, t) for p, t in php_classes.items() if eloquent_models.is_class_file(p, t)), targets
    )
    # A model's column strings ($fillable, Setting::where('key')...) settle the text found there.
    found = eloquent_columns.references(php_classes.items(), php_uses.items(), targets)
    references = _settled(references, list(found))
    references = mark_primary_keys(settle_rails(references, models.tables()), rails)
    references += gorm_models.references(targets)
    # Fields whose column is their name's: the place may read as text too.
    model_of = model_tables(go_texts.items(), gorm_models.folder_tables, gorm_models.naming)
    gorm_fields = GormFields(go_texts.items(), model_of)
    references = _settled(references, list(gorm_fields.references(targets, tables)))
    references = _settled(references, list(beego_models.references(targets)))
    sequelize = SequelizeModels(seqts_texts.items())
    references = _settled(references, list(sequelize.references(targets)))
    references = _with_django(references, texts, targets, lambda: _migrations(cwd, untracked))
    entities = JpaEntities((p, t) for p, t in texts.items() if is_entity_file(p))
    references = entities.settle_shared(references, targets)
    references += entities.references(targets)
    references = _settled(references, _kysely_camel(cwd, targets, pathspecs, untracked, exclude))
    # A column mapping names its struct's or class's table's column, no other's.
    owners = MappingOwners(
        lambda p: go_texts.get(p) or texts.get(p) or _read(cwd, p, []),
        tables,
        matcher.renamed_alike,
        folder_tables=gorm_models.folder_tables,
        beego_tables=beego_models.tables(),
        gorm_tables=model_of,
        renamed_tables=[
            (t.target, t.old_names)
            for t in targets
            if t.kind in {"table", "view", "materialized_view"} and t.target
        ],
    )
    references = owners.settle(references)
    if dieselrust.needs_mappings(references):
        # A model's table_name names the table! item, which a crate's #[sql_name] may map.
        rust = _other_files(cwd, {dieselrust.WORD}, ("*.rs",), untracked, exclude)
        schemas = ((_norm(f), t) for f in sorted(rust) if (t := _read(cwd, f, [])) is not None)
        references = dieselrust.settle(references, cwd, schemas)
    # Last, once every settling step has raised what it can: a column's
    # bare word as plain text where its table is nowhere in the file.
    references, loose = split_loose(references, lambda p: texts.get(p) or _read(cwd, p, []))
    notes += loose_notes(loose)
    if assets:
        notes.append(skipped_note(assets))
    if locks_skipped:
        notes.append(lockfiles.skipped_note(locks_skipped))
    return references, len(read | {f for f in go_files if _norm(f) in go_texts}), notes


def _pop_modules(cwd: Path) -> Callable[[str], bool]:
    """Whether a Go file (its path below ``cwd``) is of a module whose ``go.mod``
    requires pop (:mod:`dbnamelint.impact.pop`), read once per folder."""
    known: dict[str, bool] = {}

    def requires(path: str) -> bool:
        folder = path.rpartition("/")[0]
        if folder not in known:
            manifest = nearest_manifest(cwd / path, "go.mod")
            known[folder] = manifest is not None and requires_pop(manifest)
        return known[folder]

    return requires


def _go_files(cwd: Path, folder: str) -> list[tuple[str, str]]:
    """The ``.go`` files of ``folder`` (below ``cwd``) that could be read, as
    (path below ``cwd``, text), in name order; symbolic links not followed."""
    try:
        entries = sorted(os.scandir(cwd / folder), key=lambda e: e.name)
    except OSError:
        return []
    out: list[tuple[str, str]] = []
    for entry in entries:
        if not entry.name.endswith(".go") or not entry.is_file(follow_symlinks=False):
            continue
        name = f"{folder}/{entry.name}" if folder else entry.name
        found = _read(cwd, name, [])
        if found is not None:
            out.append((name, found))
    return out


def _go_constants(cwd: Path) -> Callable[[str, str], Mapping[str, str | None]]:
    """Per Go file (its path below ``cwd``, its text), the strings the
    constants of its package stand for: those of the ``.go`` files of its
    folder of the same ``package`` (:mod:`dbnamelint.impact.goconsts`), read
    once per folder."""
    known: dict[str, dict[str, list[dict[str, str | None]]]] = {}

    def constants(path: str, text: str) -> Mapping[str, str | None]:
        folder = path.rpartition("/")[0]
        if folder not in known:
            known[folder] = {}
            for _name, found in _go_files(cwd, folder):
                package = goconsts.package_name(found)
                if package is not None:
                    known[folder].setdefault(package, []).append(goconsts.string_constants(found))
        return goconsts.merged(known[folder].get(goconsts.package_name(text) or "", []))

    return constants


def _go_table_parameters(cwd: Path) -> Callable[[str, str], Mapping[str, Sequence[int]]]:
    """Per Go file (its path below ``cwd``, its text), the functions of its
    package that splice a parameter into SQL as the table: those of the other
    ``.go`` files of its folder of the same ``package``
    (:func:`~dbnamelint.impact.gotableparams.table_parameters`), read once per
    folder."""
    known: dict[str, list[tuple[str, str | None, dict[str, list[int]]]]] = {}

    def parameters(path: str, text: str) -> Mapping[str, Sequence[int]]:
        folder = path.rpartition("/")[0]
        if folder not in known:
            known[folder] = []
            for name, found in _go_files(cwd, folder):
                if "func" in found:
                    own = table_parameters(name, found)
                    if own:
                        known[folder].append((name, goconsts.package_name(found), own))
        package = goconsts.package_name(text)
        out: dict[str, Sequence[int]] = {}
        for name, its_package, own in known[folder]:
            if name != path and its_package == package:
                out = {**own, **out}
        return out

    return parameters


def _settled(references: list[Reference], found: list[Reference]) -> list[Reference]:
    """``references`` with ``found``, which settle their places: a Beego model's
    type may be spelled as its table (``type schedule struct``), a word the
    search judged as text."""
    settled = {(r.path, r.line, r.column) for r in found}
    return [r for r in references if (r.path, r.line, r.column) not in settled] + found


def _kysely_camel(
    cwd: Path,
    targets: Sequence[Target],
    pathspecs: Sequence[str],
    untracked: bool,
    exclude: Callable[[str], bool],
) -> list[Reference]:
    """The Kysely strings a project's ``CamelCasePlugin`` sends as old names
    (:mod:`~dbnamelint.impact.kyselycamel`). The plugin is looked for in the
    whole project whatever the pathspecs: the file making the Kysely instance
    is seldom among the files searched."""
    words = kyselycamel.words(targets)
    if not words:
        return []
    options = None
    for f in sorted(
        candidate_files(cwd, {kyselycamel.WORD}, kyselycamel.GLOBS, untracked=untracked)
    ):
        text = _read(cwd, f, [])
        options = kyselycamel.plugin_options(text) if text is not None else None
        if options is not None:
            break
    if options is None:
        return []
    out: list[Reference] = []
    for f in sorted(_other_files(cwd, words, pathspecs or kyselycamel.GLOBS, untracked, exclude)):
        text = _read(cwd, f, [])
        if text is not None:
            out += kyselycamel.references(_norm(f), text, targets, options)
    return out


def _migrations(cwd: Path, untracked: bool) -> list[tuple[str, str]]:
    """(path, text) of each Django migration creating or renaming a model.

    Read whatever the search excludes or pathspecs leave out: the migrations
    are mostly the schema's own files, and what they create is a fact about
    the schema, not a place to report."""
    words = {"CreateModel", "RenameModel"}
    out: list[tuple[str, str]] = []
    for f in sorted(candidate_files(cwd, words, ("*.py",), untracked=untracked)):
        if is_migration_file(_norm(f)) and (text := _read(cwd, f, [])) is not None:
            out.append((_norm(f), text))
    return out


def _with_django(
    references: list[Reference],
    texts: dict[str, str],
    targets: Sequence[Target],
    migrations: Callable[[], list[tuple[str, str]]],
) -> list[Reference]:
    """``references`` with Django's convention models, whose places they settle:
    a word the search judged at a field declaration is the field's column."""
    if not any(t.kind in {"table", "view", "materialized_view", "column"} for t in targets):
        return references
    model_files = [(p, t) for p, t in texts.items() if is_django_model_file(p)]
    if not model_files:
        return references
    django = DjangoModels(
        model_files,
        [(p, t) for p, t in texts.items() if p.rpartition("/")[2] == "apps.py"],
        migrations(),
    )
    return _settled(references, list(django.references(targets)))


def _other_files(
    cwd: Path,
    words: Collection[str],
    pathspecs: Sequence[str],
    untracked: bool,
    exclude: Callable[[str], bool],
) -> set[str]:
    """Files with any of ``words`` the main search does not already read."""
    if not words:
        return set()
    found = candidate_files(cwd, words, pathspecs, untracked=untracked)
    return {f for f in found if not exclude(_norm(f))}


def _read(cwd: Path, path: str, notes: list[str]) -> str | None:
    """A file's text (undecodable bytes replaced, with a note), or None."""
    try:
        data = (cwd / path).read_bytes()
    except OSError as exc:
        if notes is not None:
            notes.append(f"{path}: not read ({exc.strerror})")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notes.append(f"{path}: not UTF-8; searched with undecodable bytes replaced")
        return data.decode("utf-8", "replace")


def _table_names(schema: Schema) -> set[str]:
    """Every table and view name, current and earlier (code may use either)."""
    kinds = {ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW}
    return {
        name
        for obj in schema.objects
        if obj.kind in kinds
        for name in (obj.name, *obj.previous_names)
    }


def _table_columns(schema: Schema) -> dict[str, set[str]]:
    """Each table's and view's column names, current and earlier, under each of
    the table's names (code may use either) that no other table holds now."""
    kinds = (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
    relations = [o for o in schema.objects if o.kind in kinds]
    now = {o.name.casefold() for o in relations}
    tables: dict[str, tuple[str, ...]] = {}
    for obj in relations:
        earlier = (n for n in obj.previous_names if n.casefold() not in now)
        tables[obj.name] = (obj.name, *earlier)
    out: dict[str, set[str]] = {}
    for obj in schema.objects:
        if obj.kind is ObjectKind.COLUMN and obj.table:
            for table in tables.get(obj.table, (obj.table,)):
                out.setdefault(table, set()).update((obj.name, *obj.previous_names))
    return out


def _live_columns(schema: Schema) -> dict[str, set[str]]:
    """Each table's and view's column names as they are now (no earlier names):
    the columns a query reads under those names today."""
    out: dict[str, set[str]] = {}
    for obj in schema.objects:
        if obj.kind is ObjectKind.COLUMN and obj.table:
            out.setdefault(obj.table, set()).add(obj.name)
    return out


def collect_impact(
    settings: Settings,
    cwd: Path,
    *,
    paths: Sequence[str] = (),
    phase: str | None = None,
    schema: Schema | None = None,
    whitelist: Whitelist | None = None,
    phase_of_rename: Callable[[SchemaObject], str | None] | None = None,
    untracked: bool = False,
    names: Collection[str] | None = None,
    plan_keys: bool = False,
    database: str | None = None,
    every_database: Schema | None = None,
) -> Impact:
    """Every reference to a whitelisted or renamed object's old name.

    ``plan_keys``: also the key and index names after the renames
    ``migrate`` plans for ``phase`` (``Impact.planned_keys``, for
    ``impact --diff``).

    ``names`` (case-folded): only objects with one of these old names are
    searched for (``migrate --cleanup`` asks about the views it drops only).

    ``paths`` limit the search (git pathspecs, relative to ``cwd``);
    ``phase`` keeps one phase's objects; ``untracked`` also searches new
    files git does not ignore. The schema files (the configured
    paths' SQL files) and the whitelist are never searched; references in
    other migration files (:func:`~dbnamelint.impact.history.is_migration`:
    other databases' copies, ORM migrations; the config's ``impact_history``
    and ``impact_code`` decide first, :func:`_history`) are kept apart in
    ``Impact.history``, out of every count and patch, and so are those in
    a tool's output (a schema dump, a file marked generated:
    :mod:`~dbnamelint.impact.generated`), in ``Impact.generated``, and in
    another database's code (:mod:`~dbnamelint.impact.otherdb`), in
    ``Impact.other_database``.

    ``database``: which separate database of the tree (config ``databases:``)
    is searched for, as ``migrate --database`` plans it: its objects' names
    only, read from the tree unless ``schema`` is given (then ``schema`` is
    that database's). Code is searched wherever it is; a file another
    database's folder or glob lists is that database's code, kept apart in
    ``Impact.other_database`` (:func:`_database_code`). ``every_database``: with
    ``schema`` one database's, the whole tree's model, whose other databases'
    code (by package, :mod:`~dbnamelint.impact.codeowners`) and names are
    then set apart as ``impact --database`` sets them (``migrate --database
    X --cleanup`` searched as if the tree held X alone). Raises
    DatabaseChoiceError when the tree holds several databases and none is
    named, the named one has no file, or the config lists a file under two
    (:func:`~dbnamelint.services.databases.choose_database`), WhitelistError
    for a bad whitelist and ScanError when git cannot search.
    """
    tree = default_paths(settings, cwd)
    several = False  # the tree read here holds several separate databases
    never_run: set[str] = set()  # SQL files of the tree no migration tool runs
    reapplied: frozenset[str] = frozenset()  # re-run after the migrations: live code
    if schema is None:
        loaded = load_paths(tree, source_settings(settings))
        # a file the run reads is the schema, though a note leaves a part of it out
        # (a Liquibase changeset of another database: trial s40 traccar I2)
        read_paths = {_norm(f.path) for f in loaded.files}
        never_run = {
            _norm(d.location.path) for d in loaded.diagnostics if d.code == NOT_REPLAYED
        } - read_paths
        # lemmy's replaceable_schema (trial s36 F3): rebuilt on every start, so a
        # use of an old name there breaks as code does (services.migrate.replayed_after)
        reapplied = frozenset(
            _norm(p) for p in reapplied_files([f.path for f in loaded.files], cwd)
        )
        chosen = choose_database(loaded, database)
        read = {f.database for f in loaded.files}
        several = len(read) > 1
        if database is None and len(read) == 1:
            (database,) = read
        whole, schema = loaded.schema, chosen.schema
        if whitelist is None:
            whitelist = in_database(_whitelist(settings, cwd), chosen)
    else:
        whole = schema
        if every_database is not None and len({f.database for f in every_database.files}) > 1:
            whole, several = every_database, True
    if whitelist is None:
        whitelist = _whitelist(settings, cwd)
    # A dump the forward script ran before keeps the compatibility views, not the renames.
    plan = rename_plan(settings, whitelist)
    same = whole is schema
    schema = with_dumped_views(schema, plan, cwd)
    whole = schema if same else with_dumped_views(whole, plan, cwd)
    targets = targets_for(whitelist, schema, phase_of_rename=phase_of_rename)
    if names is None:
        # What migrate renames with the tables (task_lock_pkey): no view keeps those names.
        targets += dependent_targets(
            schema,
            whitelist,
            targets,
            phase=phase,
            dialect=settings.dialect,
            rules=[rule for rule, _ in settings.rules],
        )
    if phase is not None:
        targets = tuple(t for t in targets if t.phase == phase)
    if names is not None:
        targets = tuple(t for t in targets if any(n.casefold() in names for n in t.old_names))
    schema_files = {_norm(f.path) for f in whole.files}  # every database's
    roots = tuple(_norm(p) for p in tree if p not in {".", ""})
    own = {_norm(whitelist_display(settings, cwd))}
    if settings.config_path is not None:
        own.add(_norm(os.path.relpath(settings.config_path, cwd)))

    # Other projects' code is searched only when a path given names it.
    skip_vendored = not vendored.asked_for(paths)
    vendored_left: set[str] = set()

    # Below the configured paths, SQL files are the schema tree itself.
    everywhere = not roots or any(p in {".", ""} for p in tree)

    def excluded(path: str) -> bool:
        if path in never_run or path in reapplied:
            # no tool runs it (a sqitch tree's queries/, seed/): searched, and
            # history or code as its name and first lines say (_history)
            return False
        sql = path.lower().endswith(SQL_SUFFIXES)
        if sql and configured_history(settings, cwd, path) is False:
            # impact_code: live code "whatever their name, folder or text
            # says" (README), read as the schema too or not (a query file
            # below the paths: trial s30 listmonk's queries/*.sql)
            return False
        if path in schema_files or path in own:
            return True
        if skip_vendored and vendored.is_vendored(path):
            vendored_left.add(path)
            return True
        if not sql:
            return False
        if configured_excluded(settings, cwd, path):
            # the config's exclude: not the schema (an application's query
            # files, init's `exclude: [queries]`), so code to search
            return False
        return everywhere or any(path == r or path.startswith(r + "/") for r in roots)

    references, searched, notes = search(
        cwd,
        targets,
        pathspecs=paths,
        exclude=excluded,
        untracked=untracked,
        tables=_table_names(schema),
        columns=_table_columns(schema),
        live_columns=_live_columns(schema),
    )
    references = _index_uses(references, _column_names(schema))
    references = through_helpers(cwd, references)  # a Go helper's TRUNCATE TABLE %s
    kinds = {path: _history(settings, cwd, path) for path in {r.path for r in references}}
    # A tool's output (sqlc's queries.sql.go, a dump make gen rewrites): regenerated, not edited.
    generated_markers = {p: kind for p, kind in kinds.items() if isinstance(kind, str)}
    generated = tuple(r for r in references if r.path in generated_markers)
    history_files = {p for p, kind in kinds.items() if kind is True} | set(generated_markers)
    # A Go migration list's strings are history inside a live file.
    history = tuple(
        r
        for r in references
        if r.path not in generated_markers and (r.path in history_files or r.step)
    )
    code_paths = {r.path for r in references} - history_files
    code_databases = _database_code(settings, cwd, code_paths)
    # Code no entry lists: the databases its package runs (impact.codeowners).
    code_candidates: dict[str, tuple[str, ...]] = {}
    if several:
        owners = CodeOwners(cwd, [(_norm(f.path), f.database) for f in whole.files])
        for path in sorted(code_paths - set(code_databases)):
            found = owners.databases(path, _text(cwd / path))
            if len(found) == 1:
                code_databases[path] = found[0]
            elif found:
                code_candidates[path] = found
    # Another database's backend (repository/postgresql/ beside the configured mysql copy);
    # with `databases:` and no `dialect:`, beside the searched database's own dialect.
    own_dialect = settings.dialect
    own_files = schema_files
    if own_dialect is None and database is not None and several:
        own_dialect = _one_family({f.dialect for f in schema.files})
        own_files = {_norm(f.path) for f in schema.files}
    other_files = other_database_files(code_paths, own_dialect, roots, own_files)
    if database is not None:  # another separate database's code (config `databases:`)
        # Code its entry or package gives the searched database is its own, named or not.
        other_files -= {p for p, owner in code_databases.items() if owner == database}
        other_files |= {p for p, owner in code_databases.items() if owner != database}
        other_files |= {p for p, found in code_candidates.items() if database not in found}
        if several:  # code named for a database family runs on that family's databases only
            code_candidates.update(
                _named_candidates(code_paths - other_files - set(code_databases), whole, database)
            )
    # CQL and other non-SQL engines' code: never an SQL database's use.
    engines = {
        path: engine
        for path in {r.path for r in references} - history_files
        if (engine := engine_of(path, _text(cwd / path))) is not None
    }
    other_files |= set(engines)
    if own_dialect is not None and database_family(own_dialect) != "sqlite":
        # A Dart or Rust file running SQLite (its driver, its package's): the
        # device's or the CLI's own database, not the schema's (trial s43 ente's
        # sqflite `trash` table): never counted or patched for the schema's renames.
        manifest = cache(partial(_text_at, cwd))  # one read per manifest path
        other_files |= {
            path
            for path in code_paths - other_files
            if (text := _text(cwd / path)) is not None and sqlite_code(path, text, manifest)
        }
    other = tuple(r for r in references if r.path in other_files and not r.step)
    families = code_families((_norm(f.path), f.dialect) for f in whole.files)
    by_target: dict[int, list[Reference]] = {}
    for ref in references:
        if ref.path not in history_files and ref.path not in other_files and not ref.step:
            by_target.setdefault(id(ref.target), []).append(ref)
    # A dependent no code names is no news: the whitelist does not list it either.
    objects = merge_copies(
        [
            ObjectImpact(t, tuple(by_target.get(id(t), ())))
            for t in targets
            if not t.dependent or id(t) in by_target
        ],
        settings.dialect,
        families,
    )
    notes = [*notes, *assumed_notes(objects, families), *unmatched_notes(settings)]
    if vendored_left:
        notes.append(vendored.skipped_note(sorted(vendored_left)))
    return Impact(
        objects=objects,
        phases=whitelist.phases,
        files_searched=searched,
        excluded=tuple(sorted(schema_files | own)),
        notes=tuple(notes),
        history=history,
        generated=generated,
        generated_markers=generated_markers,
        # Generated SQL is a schema as a tool wrote it (a dump, coder's dump.sql under
        # Go's mark): no code runs it.
        schema_dumps=tuple(
            sorted(p for p in generated_markers if p.lower().endswith(SQL_SUFFIXES))
        ),
        other_database=other,
        keys=key_names(schema),
        planned_keys=planned_keys(
            schema,
            whitelist,
            phase=phase,
            dialect=settings.dialect,
            rules=[rule for rule, _ in settings.rules],
        )
        # Only a Prisma model's or field's patch reads them: no plan for a tree without one.
        if plan_keys and any(r.context in ("Prisma model", "Prisma field") for r in references)
        else None,
        current_names=current_names(schema),
        database=database if settings.database_names else None,
        code_databases=code_databases,
        code_candidates=code_candidates,
        unattributed=tuple(
            sorted(p for p in code_paths - other_files - set(code_databases) if several)
        ),
        engines=engines,
        other_databases_names=_other_databases_names(whole, database) if several else {},
    )


def _named_candidates(
    paths: Iterable[str], whole: Schema, database: str
) -> dict[str, tuple[str, ...]]:
    """Each of ``paths`` named for a database family (``sqlite.rs``,
    :func:`~dbnamelint.impact.otherdb.database_of`) -> the separate databases
    of the tree of that family, when ``database`` is one of them."""
    dialects: dict[str, set[str]] = {}
    for f in whole.files:
        if f.database is not None:
            dialects.setdefault(f.database, set()).add(f.dialect)
    families = {
        name: family
        for name, found in dialects.items()
        if (one := _one_family(found)) is not None
        for family in (database_family(one),)
    }
    out: dict[str, tuple[str, ...]] = {}
    for path in paths:
        named = database_of(path)
        alike = tuple(sorted(n for n, f in families.items() if f == named))
        if named is not None and database in alike:
            out[path] = alike
    return out


def _one_family(dialects: Iterable[str]) -> str | None:
    """The dialect of ``dialects`` when all are of one family, else None."""
    found = sorted(dialects)
    families = {database_family(d) for d in found}
    return found[0] if len(families) == 1 else None


def _whitelist(settings: Settings, cwd: Path) -> Whitelist:
    return load_whitelist(
        settings.whitelist_path,
        display=whitelist_display(settings, cwd),
        known_rules=settings.registry,
        known_databases=settings.database_names,
    )


def _text(path: Path) -> str | None:
    """A code file's text (bad bytes replaced), or None when unreadable."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _text_at(cwd: Path, path: str) -> str | None:
    """The text of the file at ``path`` (relative to ``cwd``), or None when there is none."""
    return _text(cwd / path) if (cwd / path).is_file() else None


def _database_code(settings: Settings, cwd: Path, paths: Iterable[str]) -> dict[str, str]:
    """Each of ``paths`` (relative to ``cwd``) that a folder or glob of the
    config's ``databases:`` lists -> that database (the first listing it).

    An app's folder listed whole (``billing: [apps/billing]``) holds its code
    as well as its migrations: code there runs on that database only. Code
    no entry lists (``todos: [apps/todos/migrations]`` leaves
    ``apps/todos/src`` out, a library both apps use) may run on any, save
    an ORM's schema file, bound to the database of its migrations folder
    (``prisma/schema.prisma`` beside ``prisma/migrations``, Diesel's
    ``print_schema`` file: :mod:`dbnamelint.impact.ormdatabase`).
    """
    if not settings.database_names:
        return {}
    out: dict[str, str] = {}
    root = settings.root.absolute()

    def listing(path: Path) -> str | None:
        return listing_database(settings, path)

    for path in paths:
        owner = listing_database(settings, cwd / path)
        if owner is None:  # an ORM's schema file beside its listed migrations
            owner = orm_database(root, (cwd / path).absolute(), listing)
        if owner is not None:
            out[path] = owner
    return out


def _other_databases_names(
    whole: Schema, database: str | None
) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """Who holds each name now among the tree's separate databases other than
    ``database``: (kind, name folded) -> ((table folded or "", database), ...)."""
    out: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for obj in whole.objects:
        owner = obj.source.database
        if owner == database:
            continue
        key = (obj.kind.value, obj.name.casefold())
        out.setdefault(key, set()).add(((obj.table or "").casefold(), owner or "(none)"))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _history(settings: Settings, cwd: Path, path: str) -> str | bool:
    """Whether the file at ``path`` (relative to ``cwd``) is migration history
    (True), a tool's output (the mark that shows it, a str) or code (False):
    as the config's ``impact_history``/``impact_code`` list it, else by its
    name, folder and first characters (a tool's migration; a schema dump
    or a file marked generated, :mod:`~dbnamelint.impact.generated`)."""
    configured = configured_history(settings, cwd, path)
    if configured is not None:
        return configured
    head = _head(cwd / path, max(head_chars(path), GENERATED_HEAD_CHARS))
    # A dump is rewritten from the database: its tool regenerates it (pg_dump's
    # header also marks history for is_migration, which would keep it unnamed).
    dump = schema_dump_marker(path, head[:SQL_HEAD_CHARS], _tail(cwd / path))
    if dump is not None:
        return dump
    if is_migration(path, head[: head_chars(path)]):
        return True  # applied migrations keep their names, marked generated or not
    marker = generated_marker(head)
    if marker is not None and _DIESEL_MARK in marker:
        # Diesel's schema.rs maps the renames (#[sql_name], kept on regeneration
        # by diesel.toml's print_schema patch_file): impact --diff patches it.
        return False
    return marker or False


def _head(path: Path, size: int) -> str:
    """The first ``size`` characters of a file (where migration tools mark theirs)."""
    if size <= 0:
        return ""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(size)
    except OSError:
        return ""


def _tail(path: Path) -> str:
    """The last 2,000 characters of a SQL file (where dbmate marks its dump)."""
    if not path.name.lower().endswith(SQL_SUFFIXES):
        return ""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 2000))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _column_names(schema: Schema) -> frozenset[str]:
    """Every column name of the schema, case-folded."""
    return frozenset(
        name.casefold()
        for obj in schema.objects
        if obj.kind is ObjectKind.COLUMN
        for name in (obj.name, *obj.previous_names)
    )


def _index_uses(references: list[Reference], columns: frozenset[str]) -> list[Reference]:
    """``references`` without index names that are only their column's word.

    An index named as a column (``KEY customer_id (customer_id)``) is
    referenced only where the context names an index
    (:func:`~dbnamelint.impact.indexes.names_index`).
    """
    return [
        r
        for r in references
        if r.target.kind != "index"
        or r.name.casefold() not in columns
        or names_index(r.text, r.column - 1)
    ]
