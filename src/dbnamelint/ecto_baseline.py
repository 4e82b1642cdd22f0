"""Whether an Ecto app loads its schema dump before migrating: the dump is then
a baseline, and a migration newer than its version list runs on top of it.

``mix ecto.load`` loads ``priv/<repo>/structure.sql`` (versions included) into
an empty database and ``mix ecto.migrate`` then runs every migration whose
version ``schema_migrations`` lacks (ecto_sql's ``Mix.Tasks.Ecto.Load`` and
``Mix.Tasks.Ecto.Migrate``). An app whose ``mix.exs`` aliases run the two in
that order (hexpm's ``"ecto.reset": ["ecto.drop", "ecto.create", "ecto.load",
"ecto.migrate"]``, a ``test:`` alias with ``"ecto.load --skip-if-loaded"``)
builds its database that way, so it commits new migrations without
regenerating the dump (trial s42: 45 of hexpm's 45 since 2023).
"""

from __future__ import annotations

import re
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.rails_dump import ECTO_MIGRATION_NAME, recorded_versions

#: One alias of ``aliases()``: ``name: [...]``, ``"ecto.reset": [...]`` or a
#: ``~w(...)`` word list; nested brackets are not aliases of tasks.
_ALIAS = lazy_compile(
    r"(?:\"(?P<quoted>[\w.:-]+)\"|(?P<bare>[a-z_][\w.]*))\s*:\s*"
    r"(?:\[(?P<list>[^\[\]]*)\]|~w(?:\((?P<paren>[^()]*)\)|\[(?P<square>[^\[\]]*)\]))"
)
_STRING = lazy_compile(r"\"([^\"\\\n]*)\"")
#: ``-r Repo``/``--repo Repo``/``--repo=Repo`` of a task's command line.
_REPO = lazy_compile(r"(?:^|\s)(?:-r|--repo)(?:\s+|=)([\w.]+)")
_UNDERSCORE = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def loading_alias(mix_exs: str, repo_folder: str) -> str | None:
    """The name of the first alias of ``mix_exs`` (the app's ``mix.exs``
    text) that runs ``ecto.load`` and after it ``ecto.migrate`` for the repo
    whose folder under ``priv/`` is ``repo_folder`` (``repo``,
    ``ingest_repo``): either task without ``-r``, or with a repo module whose
    last part underscored is that folder (Ecto's default ``priv`` path,
    ``Plausible.IngestRepo`` → ``priv/ingest_repo``); an alias another one
    names is run in its place. None when there is none."""
    text = "\n".join(line for line in mix_exs.splitlines() if not line.lstrip().startswith("#"))
    aliases: dict[str, list[str]] = {}
    seen: set[str] = set()
    for found in _ALIAS.finditer(text):
        name = found.group("quoted") or found.group("bare") or ""
        listed = found.group("list")
        if listed is not None:
            tasks = [s.strip() for s in _STRING.findall(listed)]
        else:
            words = found.group("paren") or found.group("square") or ""
            tasks = words.split()
        aliases.setdefault(name, tasks)
    # an alias running both itself first (hexpm's ecto.reset, not setup naming it)
    for name in [*aliases, *aliases]:
        steps = aliases[name] if name not in seen else _expanded(name, aliases, frozenset())
        seen.add(name)
        loaded = False
        for step in steps:
            task = step.partition(" ")[0]
            if not _for_repo(step, repo_folder):
                continue
            if task == "ecto.load":
                loaded = True
            elif task == "ecto.migrate" and loaded:
                return name
    return None


def _expanded(name: str, aliases: dict[str, list[str]], seen: frozenset[str]) -> list[str]:
    """The task command lines alias ``name`` runs, the aliases it names
    replaced by theirs (an alias naming itself runs the task of that name)."""
    out: list[str] = []
    for step in aliases.get(name, []):
        task = step.partition(" ")[0]
        if task in aliases and task not in seen and task != name:
            out.extend(_expanded(task, aliases, seen | {name}))
        else:
            out.append(step)
    return out


def _for_repo(step: str, repo_folder: str) -> bool:
    repos = _REPO.findall(step)
    return not repos or any(
        _UNDERSCORE.sub("_", r.rpartition(".")[2]).lower() == repo_folder for r in repos
    )


def dump_coverage(migrations: Path) -> tuple[int, list[str], str | None] | None:
    """For an Ecto migrations folder ``migrations`` (``priv/<repo>/migrations``)
    beside the dump ``mix ecto.dump`` writes (``priv/<repo>/structure.sql``)
    whose ``schema_migrations`` inserts list versions: (how many migrations
    ``<version>_x.exs`` it holds, the names of those whose version the dump
    does not list, the :func:`loading_alias` of the app's ``mix.exs`` two
    folders up); None for another folder or a dump without that list."""
    dump = migrations.parent / "structure.sql"
    if migrations.parent.parent.name != "priv" or not dump.is_file():
        return None
    try:
        listed = recorded_versions(dump.read_text(encoding="utf-8", errors="replace"))
        names = sorted(
            p.name
            for p in migrations.iterdir()
            if ECTO_MIGRATION_NAME.match(p.name) and p.is_file()
        )
    except OSError:
        return None
    if not listed:
        return None
    unlisted = [
        n for n in names if (m := ECTO_MIGRATION_NAME.match(n)) and m.group("version") not in listed
    ]
    try:
        mix = (migrations.parent.parent.parent / "mix.exs").read_text(
            encoding="utf-8", errors="replace"
        )
    except OSError:
        mix = ""
    return len(names), unlisted, loading_alias(mix, migrations.parent.name)


#: A table an Ecto migration's forward step drops or renames away:
#: ``drop table(:t)``, ``drop_if_exists(table("t"))``, ``rename table(:t), to:
#: ...`` (``lib/ecto/migration.ex``); a ``prefix:`` table is another schema's.
_GONE = lazy_compile(
    r"\b(?P<verb>drop|drop_if_exists|rename)\s*\(?\s*table\s*\(\s*"
    r"(?::\"(?P<qa>[^\"]+)\"|:(?P<atom>\w+)|\"(?P<str>[^\"]+)\")\s*(?P<more>,[^)]*)?\)"
    r"(?P<to>\s*,\s*to:)?"
)
#: ``execute("DROP TABLE [IF EXISTS] t")``: a plain or double-quoted name.
_DROP_SQL = lazy_compile(
    r"\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:public\.)?(?:\"(?P<q>[^\"]+)\"|(?P<bare>\w+))",
    re.IGNORECASE,
)


def dropped_before(dump: Path, version: str) -> frozenset[str]:
    """The tables that the Ecto migrations beside ``dump`` (a
    ``priv/<repo>/structure.sql`` with a version list) whose versions it does
    not list and that run before ``version`` drop or rename away in their
    forward step (``change``/``up``; ``down`` and ``execute/2``'s rollback
    left out), bare names unquoted ones folded to lower case: ``mix
    ecto.migrate`` ran them after the dump, so a later migration making such
    a table again makes no second one (trial s42 hexpm:
    ``20260810120000_drop_package_reports.exs`` then
    ``20260810130000_create_package_reports.exs``). Empty for another file."""
    from dbnamelint.code_builders import ecto_backward_spans

    folder = dump.parent / "migrations"
    try:
        listed = recorded_versions(dump.read_text(encoding="utf-8", errors="replace"))
        files = sorted(p for p in folder.iterdir() if ECTO_MIGRATION_NAME.match(p.name))
    except OSError:
        return frozenset()
    gone: set[str] = set()
    for path in files:
        found = ECTO_MIGRATION_NAME.match(path.name)
        run = found.group("version") if found else ""
        if not listed or run in listed or int(run) >= int(version):
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        back = ecto_backward_spans(text)
        for m in _GONE.finditer(text):
            if (
                (m.group("verb") != "rename" or m.group("to"))  # not a column's rename
                and "prefix" not in (m.group("more") or "")
                and not any(a <= m.start() < b for a, b in back)
            ):
                gone.add(m.group("qa") or m.group("atom") or m.group("str") or "")
        for m in _DROP_SQL.finditer(text):
            if not any(a <= m.start() < b for a, b in back):
                gone.add(m.group("q") or (m.group("bare") or "").lower())
    return frozenset(gone)
