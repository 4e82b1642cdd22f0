"""The text of the starter ``dbnamelint.yaml`` that ``dbnamelint init`` writes.

Each key gets a comment saying what it does and why it has this value, so
the file explains itself to the team that commits it. Only keys the
config model knows are written (:class:`~dbnamelint.config.model.ConfigModel`);
the rest are comments.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.services.project_scan import Folder, ProjectScan
from dbnamelint.services.tool_databases import APART_DIALECTS, OWN_DATABASE_TOOLS
from dbnamelint.textsafe import visible

#: A path YAML reads back as the same string when written bare.
_PLAIN = lazy_compile(r"[A-Za-z0-9_][A-Za-z0-9_./\-]*")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"})


def _scalar(text: str) -> str:
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML flow scalar


def describe_folder(folder: Folder) -> str:
    """``db/migrations (12 files, golang-migrate)``; a folder of Authelia's
    ``V0001.Name.up.sql`` files by its label (:attr:`Folder.label`)."""
    files = f"{folder.files} file{'s' * (folder.files != 1)}"
    tool = f", {folder.shown_layout()}" if folder.layout else ""
    return f"{folder.path} ({files}{tool})"


def describe_dialects(found: ProjectScan) -> str:
    """What the dialect line of the config (or its absence) rests on, in words."""
    if not found.dialects:
        return "no SQL file found"
    if found.single_dialect is None:
        shared = (
            f", {found.shared} file{'s' * (found.shared != 1)} naming none shared by all"
            if found.shared
            else ""
        )
        several = f"several dialects ({', '.join(found.dialects)}){shared}"
        if found.liquibase_dialect is not None:
            dialect, most, others = found.liquibase_dialect
            several += (
                f"; {dialect} set, as {most} Liquibase changeset{'s' * (most != 1)} say "
                f"dbms={dialect} ({others} another)"
            )
        return several
    if not found.shown:
        return f"{found.single_dialect} (nothing here shows one: the default, left unset)"
    if found.guessed:
        return f"{found.single_dialect} (no file name or folder names one: read from the text)"
    if found.told_by is not None:
        return f"{found.single_dialect} (named by {found.told_by})"
    return found.single_dialect


def _comment(lines: Iterable[str]) -> list[str]:
    # visible(): a folder name holding a line break must not end the comment
    return [f"# {visible(line)}".rstrip() for line in lines]


def dumps_left_out(dumps: Sequence[str]) -> str:
    """Why ``init`` left the schema dumps ``dumps`` out of ``paths`` (one sentence)."""
    which = ", ".join(dumps)
    return (
        f"Left out: {which}, a dump of the database (pg_dump, mysqldump), not the schema's "
        "source: the migrations create the same tables, so reading both would give every "
        "table twice"
    )


def unembedded_left_out(folders: Sequence[str]) -> str:
    """Why ``init`` left the migration folders ``folders`` out of ``paths``:
    the Go program embeds a sibling's files, not theirs (one sentence)."""
    return (
        f"Left out: {', '.join(folders)}, migration folders beside one the Go program "
        "embeds (`//go:embed` names the sibling, not these): not what it runs"
    )


def fixtures_left_out(folders: Sequence[str]) -> str:
    """Why ``init`` left the test folders ``folders`` out of ``paths`` (one sentence)."""
    return (
        f"Left out: {', '.join(folders)}, test folders (named as the gate tells a test's "
        "path: test, tests, testdata, fixtures, ...): their SQL builds fixtures, not the schema"
    )


#: How a dialect is written in a sentence.
_SHOWN = {"clickhouse": "ClickHouse"}


def databases_why(found: ProjectScan) -> list[str]:
    """The comment above the ``databases:`` ``init`` writes: why each folder is one."""
    by_tool = [d for d in found.databases if not d.dialects and d.tool != "rails"]
    rails = sorted({d.name for d in found.databases if d.tool == "rails"})
    own = sorted({d.tool for d in by_tool if d.tool in OWN_DATABASE_TOOLS})
    shown = sorted({d.tool for d in by_tool if d.tool not in OWN_DATABASE_TOOLS})
    apart = [d for d in found.databases if d.dialects and set(d.dialects) <= APART_DIALECTS]
    out = []
    if apart:
        words = " / ".join(sorted({_SHOWN.get(w, w) for d in apart for w in d.dialects}))
        names = ", ".join(sorted({d.name for d in apart}))
        out += [
            f"Separate databases: the {words} folders ({names}) are a {words} server's",
            "database, kept beside the application's: its DDL runs on no other",
            "database and theirs not on it, so each is replayed as its own catalog,",
            "with its own whitelist entries and `migrate --database NAME`.",
        ]
    if own:
        out += [
            f"Separate databases: each {' / '.join(own)} migrations folder here is run by",
            'a migrator of its own on a database of its own (sqlx::migrate!("./x")',
            "per folder, Diesel per crate, Prisma per schema.prisma), so each is",
            "replayed as its own catalog.",
        ]
    if shown:
        out += [
            f"Separate databases: these {' / '.join(shown)} folders each create a table",
            "another one creates, and CREATE TABLE of a table that exists fails, so",
            "no database ran two of them: each is replayed as its own catalog (the",
            "other folders stay one database, each dialect a catalog of its own).",
        ]
    if rails:
        out += [
            f"Separate databases: this Rails app's databases ({', '.join(rails)}) are",
            "dumped each to a file of its own in db/ (config/database.yml: the",
            "primary to schema.rb or structure.sql, each other one to",
            "<name>_schema.rb or <name>_structure.sql), each replayed as its own",
            "catalog; unlisted, the other databases' dumps are not read.",
        ]
    return [
        *out,
        "Read as one, a table two folders create would be one table (DBN023",
        "warnings). Rename or merge entries to match your deployment",
        '(docs/reading.md: "Several separate databases in one tree").',
    ]


def others_left_out(paths: Sequence[str]) -> str:
    """Why ``init`` left ``paths``, named for another database, out (one sentence)."""
    return (
        f"Left out: {', '.join(paths)}, named for a database dbnamelint has no dialect for "
        "(H2, HSQLDB, Derby, Oracle, DB2, ...): another database's copy of the schema, "
        "which read as PostgreSQL or MySQL would be misread"
    )


def sqlc_left_out(paths: Sequence[str]) -> str:
    """Why ``init`` left out what sqlc reads, ``paths`` (one sentence)."""
    return (
        f"Left out: {', '.join(paths)}, what sqlc reads (the schema copy and the queries "
        "its sqlc.yaml names): no migration tool runs them, and read with the migrations "
        "the copy creates every table again (DBN023)"
    )


def queries_left_out(paths: Sequence[str]) -> str:
    """Why ``init`` left out the application query files ``paths`` (one sentence)."""
    return (
        f"Left out: {', '.join(paths)}, the application's named queries (`-- name: x`, "
        "`-- :name x`), generated query files or files code embeds (`include_str!`) "
        "holding no DDL: no migration tool runs them, "
        "and read as the schema "
        "they would replay before it; `impact` still searches them as code"
    )


def upgrades_left_out(paths: Sequence[str]) -> str:
    """Why ``init`` left the upgrade folders ``paths`` out (one sentence)."""
    return (
        f"Left out: {', '.join(paths)}, upgrade scripts below a full schema that create its "
        "tables again (or their columns or indexes, or are other releases of such a "
        "folder): a new database runs the full schema, an old one the upgrades, never both "
        "(read together, DBN023, or the upgrades' older definitions replace the full schema's)"
    )


def full_schemas_left_out(paths: Sequence[str]) -> str:
    """Why ``init`` left temporal's full schemas ``paths`` out (one sentence)."""
    return (
        f"Left out: {', '.join(paths)}, temporal's full schema above its versioned/ folder, "
        "whose versions create every table it creates: temporal-sql-tool builds a new "
        "database from the versions (setup-schema -v 0.0, then update-schema -d "
        ".../versioned), so the full schema is a copy (read together, DBN023)"
    )


def snapshots_left_out(paths: Sequence[str]) -> str:
    """Why ``init`` left out the full schemas ``paths``: snapshots of the numbered history below."""
    return (
        f"Left out: {', '.join(paths)}, a full schema whose every table the numbered migrations "
        "below its folder create from an empty database: a snapshot of what they build (read "
        "together, DBN023); the migrations stay read, as the history"
    )


def left_out(found: ProjectScan) -> list[tuple[tuple[str, ...], str]]:
    """What ``init`` left out of ``paths`` (the config's ``exclude:``), each group with why."""
    groups = [
        (found.fixtures, fixtures_left_out),
        (found.other_databases, others_left_out),
        (found.dumps, dumps_left_out),
        (found.sqlc, sqlc_left_out),
        (found.queries, queries_left_out),
        (found.upgrades, upgrades_left_out),
        (found.full_schemas, full_schemas_left_out),
        (found.snapshots, snapshots_left_out),
        (found.unembedded, unembedded_left_out),
    ]
    return [(paths, why(paths)) for paths, why in groups if paths]


def starter_config(found: ProjectScan, packs: Iterable[str]) -> str:
    """The YAML text: ``paths``, ``dialect`` when the tree has one, comments for the rest."""
    out = _comment(
        [
            "dbnamelint.yaml, written by `dbnamelint init` from what it found here.",
            'Every key is described in the README, "Configuration".',
            "",
        ]
    )
    if found.paths:
        where = "; ".join(describe_folder(f) for f in found.folders)
        out += _comment(
            [
                "The files and folders `dbnamelint check` (and whitelist, migrate,",
                "impact) read when given none, in this order (the replay order).",
                f"Found: {where}.",
            ]
        )
        folder_paths = {f.path for f in found.folders}
        first = [p for p in found.paths if p not in folder_paths and p not in found.call_ordered]
        if found.call_ordered:
            out += _comment(
                [
                    f"{', '.join(found.call_ordered)}: one by one, in this order: a file",
                    "calls a procedure another file of its folder creates, and files of one",
                    "folder replay in name order (the database refuses the call first). A",
                    "file added to that folder is not read until listed here (the gate",
                    "says so: DBN032 for new DDL in it, else DBN008).",
                ]
            )
        if first:
            out += _comment(
                [
                    f"{', '.join(first)} first: it creates the tables, and files of its",
                    "folder replay in name order, so one added later (an upgrade script,",
                    "a query file with DDL) runs after it, as it does on the database.",
                ]
            )
        out.append("paths:")
        out += [f"  - {_scalar(p)}" for p in found.paths]
        groups = left_out(found)
        for _paths, reason in groups:
            out += _comment(["", reason + "."])
        if groups:
            out.append("exclude:")
            out += [f"  - {_scalar(p)}" for paths, _why in groups for p in paths]
    elif found.fixtures:
        # tests' fixtures only (the schema is made by code): kept out of the walk
        out += _comment(
            [
                "Only tests' fixtures hold SQL below this folder: name the folders",
                "that hold your schema or migrations (without paths, the whole folder).",
                "paths: [db/migrations]",
            ]
        )
        for _paths, reason in left_out(found):
            out += _comment(["", reason + "."])
        out.append("exclude:")
        out += [f"  - {_scalar(p)}" for p in found.fixtures]
    else:
        out += _comment(
            [
                "No .sql or .ddl file was found below this folder: name the folders",
                "that hold your schema or migrations (without paths, the whole folder).",
                "paths: [db/migrations]",
            ]
        )
    out.append("")
    single = found.single_dialect
    if single is not None and not found.shown:
        # A written `dialect: postgres` would turn a later file of another
        # database into unreadable SQL (DBN004) instead of being read as such.
        out += _comment(
            [
                "No file name, folder or text here shows which database the files",
                "are for: each is read as PostgreSQL until its text shows another",
                "(a later MySQL or SQLite file is read as that). Set it to fix one:",
                f"dialect: {_scalar(single)}",
            ]
        )
    elif single is not None:
        why = (
            [
                "No file name or folder here names a dialect: this one is what the",
                "files' text shows. Change it if wrong.",
            ]
            if found.guessed
            else [f"Every file here reads as {single}."]
        )
        out += _comment(
            [
                "The dialect of files whose suffix (x.mysql.sql) or folder (mysql/)",
                "does not name theirs: quoting, case folding, reserved words.",
                *why,
            ]
        )
        out.append(f"dialect: {_scalar(single)}")
    elif found.liquibase_dialect is not None:
        dialect, most, others = found.liquibase_dialect
        out += _comment(
            [
                f"The files are of several dialects ({', '.join(found.dialects)}), but",
                f'{most} Liquibase changeset{"s" * (most != 1)} say dbms="{dialect}" '
                f"and {others} another database:",
                "the changelog's main database. Its plain change types are read as",
                "SQL for it (implicit names, quoting), and changesets for another",
                "database are judged in the gate as that database runs them.",
                "A file whose suffix (x.pg.sql) or folder (postgres/) names a dialect keeps it.",
            ]
        )
        out.append(f"dialect: {_scalar(dialect)}")
    elif found.dialects:
        shared = (
            [
                f"{found.shared} file{'s' * (found.shared != 1)} naming no dialect "
                f"{'are' if found.shared != 1 else 'is'} read in each of them, as the",
                "migration tool runs them on every database. A `dialect:` line would",
                "make such files that dialect's only: the other copies would lose",
                "the tables they create (DBN011 notes), and file names such as",
                "x-sqlite.sql would no longer say their dialect.",
            ]
            if found.shared
            else [
                "A `dialect:` line would be the dialect of every file whose suffix or",
                "folder does not name one: file names such as x-sqlite.sql would no",
                "longer say theirs.",
            ]
        )
        out += _comment(
            [
                f"No `dialect:`: the files are of several dialects ({', '.join(found.dialects)}),",
                "each as its suffix, folder, tool (a crate's sqlx driver), file name",
                "or text shows.",
                *shared,
            ]
        )
    else:
        out += _comment(["dialect: postgres    # the dialect of files that do not name one"])
    if found.databases:
        out.append("")
        out += _comment(databases_why(found))
        out.append("databases:")
        listed: dict[str, list[str]] = {}
        for d in found.databases:
            listed.setdefault(d.name, []).append(_scalar(d.folder))
        out += [f"  {_scalar(name)}: [{', '.join(folders)}]" for name, folders in listed.items()]
    tools = [f for f in found.folders if f.layout]
    if tools and all(f.layout == "Go migration list" for f in tools):
        out.append("")
        out += _comment(
            [
                "Migration layout: " + "; ".join(f"{f.path}: {f.layout}" for f in tools) + ".",
                "`dbnamelint migrate --write` does not add a step to Go code: print the",
                "scripts (`dbnamelint migrate --phase 1 --no-transaction`) and add the",
                "forward script's statements as a new step at the list's end.",
            ]
        )
    elif tools:
        out.append("")
        out += _comment(
            [
                "Migration layout: "
                + "; ".join(f"{f.path}: {f.shown_layout()}" for f in tools)
                + ".",
                "`dbnamelint migrate --write` names new files in it (told again on each",
                "run; --layout overrides). `migrate_transaction: true` or `false` would",
                "settle BEGIN/COMMIT in its scripts (default: as the tool or folder does).",
            ]
        )
    names = sorted(packs)
    out.append("")
    out += _comment(
        [
            "The rules: without `extends`, each rule's default, the `recommended`",
            "pack's set. Rule packs: " + ", ".join(names[:4]) + ",",
            ", ".join(names[4:]) + ".",
            '(`dbnamelint rules` lists the rules; README "Rule packs" the packs.)',
            "extends: recommended",
        ]
    )
    return "\n".join(out) + "\n"
