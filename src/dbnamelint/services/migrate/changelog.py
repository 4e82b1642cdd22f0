"""Where a new Liquibase changeset goes so that Liquibase runs it, and runs it last.

Liquibase runs only what the changelog it is started with reaches: files
named by ``include`` (in that order), every file of an ``includeAll`` folder
(its subfolders too, sorted by path as plain text), a changeset's
``sqlFile``, in the order the changelog lists them, nested changelogs in
place (Liquibase manual, "include", "includeAll"; ``DatabaseChangeLog``).
So a rename changeset:

- goes into the ``includeAll`` folder that holds the last file touching the
  renamed tables when that folder is the last thing the root changelog runs
  (a name that sorts last there, nothing to edit);
- otherwise gets a file of its own and an ``include`` of it appended after
  the last entry of the root changelog (the one no other changelog of the
  tree reaches), so it runs after everything Liquibase runs, ``includeAll``
  folders and changesets of the changelog itself included. The file goes
  beside that last file, else beside the last formatted-SQL file the root
  changelog includes one by one, else beside the root changelog (an include
  of a file in that folder is the model of the new one: same path style),
  never into a folder an ``includeAll`` takes in (Liquibase would run it
  there too, before the entries after that ``includeAll``);
- a formatted-SQL file that no changelog of the tree reaches and that is a
  changelog itself (``liquibase --changelog-file=databaseChangeLog.sql``: its
  name says changelog) gets the changeset appended at its end; another one
  (``001_init.sql``) gets a new file after it, as in an ``includeAll``
  folder, with a note that a changelog listing files one by one needs an
  include of it.

Root changelogs are looked for in the folders of the anchor and above (up
to the tree's root), by name (``db.changelog-master.yaml``) or content
(JHipster's ``master.xml``). YAML and XML changelogs are edited as text,
every other byte kept; a JSON changelog is left for a hand edit (the plan
says what to add).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import liquibase_entries
from dbnamelint.liquibase_sql import (
    CHANGELOG_SUFFIXES,
    is_changelog_text,
    is_formatted_sql,
    read_head,
)

#: Names Liquibase changelogs go by (``db.changelog-master.yaml``, ``changelog.xml``).
_MASTER = lazy_compile(r"changelog.*\.(?:ya?ml|xml|json)$", re.IGNORECASE)
_XML_INCLUDE = lazy_compile(r"<include\b[^>]*?/>|<include\b[^>]*?>.*?</include\s*>", re.DOTALL)
_XML_COMMENT = lazy_compile(r"<!--.*?-->", re.DOTALL)
_XML_END = lazy_compile(r"</(?:\w+:)?databaseChangeLog\s*>")
_YAML_ITEM = lazy_compile(r"^(?P<indent>[ \t]*)-[ \t]*(?P<key>[A-Za-z]\w*)[ \t]*:")
_MAX_BYTES = 1_000_000


class ChangelogEdit(Struct, frozen=True):
    """A changelog (or formatted-SQL file) and its text with the new entry."""

    path: Path
    before: str
    after: str


class Changelog(Struct, frozen=True):
    """A changelog of the tree: where, its text, and what it runs, in order
    (``(kind, value, dbms)`` as :func:`~dbnamelint.frontends.sql.sources.liquibase_entries`)."""

    path: Path
    text: str
    entries: tuple[tuple[str, str, str], ...]

    def reaches(self, kind: str, value: str, target: Path) -> bool:
        """Whether the entry ``(kind, value)`` of this changelog names ``target``
        (a file, or a file under the folder of an ``includeAll``)."""
        wanted = _normal(value)
        if not wanted:
            return False
        resolved = target.resolve()
        text = "/" + resolved.as_posix()
        if kind == "all":
            folder = (self.path.parent / wanted).resolve()
            if folder in resolved.parents:
                return True
            return ("/" + wanted.rstrip("/") + "/") in text[: len(text) - len(resolved.name)]
        return (self.path.parent / wanted).resolve() == resolved or text.endswith("/" + wanted)

    def covers(self, folder: Path) -> bool:
        """Whether an ``includeAll`` of this changelog takes in ``folder``'s files."""
        probe = folder / "x.sql"
        return any(k == "all" and self.reaches(k, v, probe) for k, v, _d in self.entries)


class Placement(Struct, frozen=True):
    """Where a new changeset goes.

    ``folder``: the new file's folder; ``by_name``: the folder is an
    ``includeAll`` folder run last, so the name must sort last there;
    ``master``: the root changelog an include of the new file is appended
    to (None: nothing to edit); ``append_to``: a formatted-SQL changelog the
    changeset is appended to instead of a new file; ``note``: what the user
    must do by hand, when nothing here can make Liquibase run it.
    """

    folder: Path
    by_name: bool = False
    master: Changelog | None = None
    append_to: Path | None = None
    note: str | None = None
    #: Why ``--write`` must not write: the root changelog runs in tests only.
    refused: str | None = None


def _normal(value: str) -> str:
    """A changelog path as Liquibase normalises it (``DatabaseChangeLog.normalizePath``)."""
    value = value.removeprefix("classpath:").replace("\\", "/")
    while "//" in value:
        value = value.replace("//", "/")
    value = value.replace("/./", "/")
    return value.removeprefix("./").lstrip("/")


def _is_changelog(path: Path) -> bool:
    """A changelog by its name (``db.changelog-master.yaml``) or, whatever its name
    (JHipster's ``master.xml``), by its first characters (``<databaseChangeLog``)."""
    if not path.name.lower().endswith(CHANGELOG_SUFFIXES) or not path.is_file():
        return False
    return bool(_MASTER.search(path.name)) or is_changelog_text(read_head(str(path)))


def _read(path: Path) -> str | None:
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()  # line endings kept: the edit keeps them
    except (OSError, UnicodeDecodeError):
        return None


def changelogs_above(anchor: Path, stop: Path) -> list[Changelog]:
    """The changelogs in ``anchor``'s folder and every folder above it, up to ``stop``."""
    out: list[Changelog] = []
    folder = anchor.parent
    stop = stop.resolve()
    while True:
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            if _is_changelog(path):
                text = _read(path)
                if text is not None:
                    out.append(Changelog(path, text, tuple(liquibase_entries(path))))
        if folder.resolve() == stop or folder.parent == folder:
            return out
        folder = folder.parent


def _reaching(changelog: Changelog, target: Path, found: list[Changelog], seen: set[Path]) -> bool:
    """Whether ``changelog`` runs ``target``, itself or through a nested changelog."""
    seen.add(changelog.path)
    for kind, value, _dbms in changelog.entries:
        if changelog.reaches(kind, value, target):
            return True
        for other in found:
            if (
                other.path not in seen
                and changelog.reaches(kind, value, other.path)
                and _reaching(other, target, found, seen)
            ):
                return True
    return False


def root_changelogs(anchor: Path, stop: Path) -> tuple[list[Changelog], list[Changelog]]:
    """The changelogs Liquibase may be started with that run ``anchor`` (ones that
    run it and that no other changelog found runs), the shallowest first (the
    master above per-release changelogs; at one depth, one named ``*master*``),
    and every changelog found."""
    found = changelogs_above(anchor, stop)
    running = [c for c in found if _reaching(c, anchor, found, set())]
    roots = [
        c
        for c in running
        if not any(o is not c and _reaching(o, c.path, found, set()) for o in found)
    ]
    key = lambda c: (len(c.path.parts), "master" not in c.path.name.lower())  # noqa: E731
    return sorted(roots, key=key), found


def root_changelog(anchor: Path, stop: Path) -> tuple[Changelog, list[Changelog]] | None:
    """The first of :func:`root_changelogs` with every changelog found; None
    when no changelog of the tree runs ``anchor``."""
    roots, found = root_changelogs(anchor, stop)
    return (roots[0], found) if roots else None


def place(anchor: Path, stop: Path) -> Placement:
    """Where a changeset that must run after ``anchor`` (and after everything
    Liquibase runs) goes. Raises nothing."""
    roots, found = root_changelogs(anchor, stop)
    if not roots:
        return _unreached(anchor)
    tested = {c.path: t for c in roots if (t := tests_only(c.path, stop)) is not None}
    if len(tested) == len(roots):
        master = roots[0]
        return replace(
            _placed(anchor, master, found),
            refused=(
                f"{master.path.name}, the changelog that runs {anchor.name}, is named only by "
                f"tests ({tested[master.path]}), not by the application's code or "
                "configuration: the application chooses the changelogs it runs some other "
                "way (OpenMRS's ChangeLogVersionFinder runs the current version's "
                "updates/liquibase-update-to-latest-<version>.xml), so an include appended "
                f"there would never run; add the changeset to the changelog the application "
                "runs by hand (the SQL above)"
            ),
        )
    roots = [c for c in roots if c.path not in tested]
    master = roots[0]
    if len(roots) > 1:  # two masters (a test one, a second app) run the same files
        others = ", ".join(c.path.name for c in roots[1:])
        return replace(
            _placed(anchor, master, found),
            note=(
                f"{others} also run{'s' if len(roots) == 2 else ''} {anchor.name}: the new "
                f"file is placed for {master.path.name} only; add an include of it after the "
                f"last entry of {others} too"
            ),
        )
    return _placed(anchor, master, found)


#: Files that name a changelog without running it: documentation.
_DOC_SUFFIXES = (".md", ".txt", ".rst", ".adoc", ".html")


def tests_only(changelog: Path, stop: Path) -> str | None:
    """A test file naming ``changelog`` (its file name) when only tests name it,
    else None: no file names it, or another does (code, configuration, a
    build file; changelogs and documentation aside). Liquibase runs the
    changelog it is started with (``--changelog-file``, Spring's
    ``spring.liquibase.change-log``, code's ``new Liquibase("...")``), so a
    root changelog only tests start is no application's (trial s33 openmrs:
    ``liquibase-update-to-latest-from-1.9.x.xml``, run by
    ``Database1_9_7UpgradeIT`` alone, got the include while OpenMRS runs
    ``updates/liquibase-update-to-latest-<version>.xml``, chosen in Java).
    Facts from ``git grep`` in the repository holding ``stop`` (None outside git)."""
    from dbnamelint.fixture_paths import outer_test_folder
    from dbnamelint.gitutil import GitError, repository_root, run_git
    from dbnamelint.liquibase_sql import CHANGELOG_SUFFIXES, is_changelog_text, read_head

    try:
        repo = repository_root(stop)
        out = run_git(repo, "grep", "-I", "-l", "-F", "--untracked", changelog.name)
    except GitError:
        return None
    tests: list[str] = []
    for rel in out.decode("utf-8", "surrogateescape").splitlines():
        lowered = rel.lower()
        if lowered.endswith(_DOC_SUFFIXES):
            continue
        if lowered.endswith(CHANGELOG_SUFFIXES) and is_changelog_text(read_head(str(repo / rel))):
            continue
        if outer_test_folder(rel) is None:
            return None  # the application's code or configuration names it
        tests.append(rel)
    return tests[0] if tests else None


def _placed(anchor: Path, master: Changelog, found: list[Changelog]) -> Placement:
    """:func:`place` once the root changelog ``master`` is known."""
    tail = _tail_folder(master, found, set())
    if tail is not None and tail.resolve() == anchor.parent.resolve():
        return Placement(anchor.parent, by_name=True)
    covered = [c for c in found if any(k == "all" for k, _v, _d in c.entries)]
    listed = _last_listed_folder(master) or anchor.parent
    for candidate in (anchor.parent, listed, master.path.parent):
        if not any(c.covers(candidate) for c in covered):
            return Placement(candidate, master=master)
    return Placement(
        anchor.parent,
        by_name=True,
        note=(
            f"{master.path.name} runs {anchor.parent.name}/ with includeAll before other "
            "entries, and every folder a new file could go to is taken in by an includeAll: "
            f"add an include of the new file after the last entry of {master.path.name} by "
            "hand, in a folder no includeAll takes in"
        ),
    )


def _tail_folder(changelog: Changelog, found: list[Changelog], seen: set[Path]) -> Path | None:
    """The ``includeAll`` folder Liquibase runs last, when the changelog's last
    entry is one (or a nested changelog whose last entry is one); else None."""
    seen.add(changelog.path)
    last = _last_entry(changelog)
    if last is None:
        return None
    kind, value = last
    wanted = _normal(value)
    if kind == "includeAll":
        # relative to the changelog, else to a classpath root above it
        for folder in (changelog.path.parent, *changelog.path.parent.parents):
            if wanted and (folder / wanted).is_dir():
                return (folder / wanted).resolve()
        return None
    if kind == "include":
        for other in found:
            if other.path not in seen and changelog.reaches("file", value, other.path):
                return _tail_folder(other, found, seen)
    return None


def _last_entry(changelog: Changelog) -> tuple[str, str] | None:
    """The kind (``include``, ``includeAll``, ``changeSet``...) and path of the
    last top-level entry of a changelog, or None (unreadable, empty)."""
    if changelog.path.suffix.lower() == ".xml":
        return _xml_last(changelog.text)
    try:
        if changelog.path.suffix.lower() == ".json":
            import json

            data = json.loads(changelog.text)
        else:
            from dbnamelint.config.yamlsafe import SafeYamlError, safe_load

            try:
                data = safe_load(changelog.text)
            except SafeYamlError:
                return None
    except ValueError:
        return None
    items = data.get("databaseChangeLog") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items or not isinstance(items[-1], dict):
        return None
    ((key, value),) = list(items[-1].items())[:1] or [("", None)]
    attr = "path" if key == "includeAll" else "file"
    path = value.get(attr) if isinstance(value, dict) else None
    return str(key), path if isinstance(path, str) else ""


def _xml_last(text: str) -> tuple[str, str] | None:
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    depth = 0
    last: list[tuple[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth == 2:
            local = name.rsplit(":", 1)[-1]
            last.append((local, attrs.get("path") or attrs.get("file") or ""))

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError:
        return None
    return last[-1] if last else None


def _last_listed_folder(master: Changelog) -> Path | None:
    """The folder of the last formatted-SQL file the changelog includes one by one."""
    for kind, value, _dbms in reversed(master.entries):
        found = _resolve(master, value) if kind == "file" else None
        if found is not None and is_formatted_sql(read_head(str(found)).lstrip("\ufeff")):
            return found.parent
    return None


def _unreached(anchor: Path) -> Placement:
    """No changelog of the tree runs ``anchor``: a formatted-SQL changelog run
    directly (its name says so) gets the changeset appended; else a new file
    after it, with a note."""
    if "changelog" in anchor.name.lower():
        return Placement(anchor.parent, append_to=anchor)
    return Placement(
        anchor.parent,
        by_name=True,
        note=(
            f"no Liquibase changelog in {anchor.parent.name}/ or above runs "
            f"{anchor.name}: Liquibase runs the new file only if the changelog it is "
            f"started with takes in {anchor.parent.name}/ by includeAll; otherwise add "
            "an include of it after that changelog's last entry"
        ),
    )


def include_at_end(master: Changelog, new: Path) -> ChangelogEdit | None:
    """The changelog's text with an include of ``new`` after its last entry, or
    None (a JSON changelog, or a text this cannot edit: the caller says what
    to add). The include copies the one of a file in ``new``'s folder (same
    path style), else names ``new`` relative to the changelog."""
    suffix = master.path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        after = _yaml(master, new)
    elif suffix == ".xml":
        after = _xml(master, new)
    else:
        after = None
    return ChangelogEdit(master.path, master.text, after) if after is not None else None


def _relative(master: Changelog, new: Path) -> str:
    return Path(os.path.relpath(new, master.path.parent)).as_posix()


def _resolve(master: Changelog, value: str) -> Path | None:
    """The file an entry of the changelog names: relative to the changelog, else
    to a folder above it (a classpath root such as ``src/main/resources``)."""
    wanted = _normal(value)
    if not wanted:
        return None
    for folder in (master.path.parent, *master.path.parent.parents):
        if (folder / wanted).is_file():
            return folder / wanted
    return None


def _model_value(master: Changelog, new: Path) -> str | None:
    """The include value of a file in ``new``'s folder, as the changelog spells it."""
    for kind, value, _dbms in reversed(master.entries):
        found = _resolve(master, value) if kind == "file" else None
        if found is not None and found.parent.resolve() == new.parent.resolve():
            return value
    return None


def _xml(master: Changelog, new: Path) -> str | None:
    text = master.text
    ends = list(_XML_END.finditer(text))
    if not ends:
        return None
    end = ends[-1]
    eol = "\r\n" if "\r\n" in text else "\n"
    plain = _XML_COMMENT.sub(lambda m: " " * len(m.group()), text)
    includes = list(_XML_INCLUDE.finditer(plain))
    model = _model_value(master, new)
    element = None
    if model is not None:
        for match in reversed(includes):
            if model in match.group(0):
                element = _rename(
                    text[match.start() : match.end()], model.rsplit("/", 1)[-1], new.name
                )
                break
    if element is None:
        filters = _run_filters(master, includes, text, new)
        element = (
            f'<include file="{_relative(master, new)}" relativeToChangelogFile="true"{filters}/>'
        )
    indent = "    "
    first = re.search(
        r"^([ \t]*)<(?!\?|!|/)(?!(?:\w+:)?databaseChangeLog\b)", plain[: end.start()], re.MULTILINE
    )
    if first is not None:
        indent = first.group(1)
    line_start = text.rfind("\n", 0, end.start()) + 1
    if text[line_start : end.start()].strip():
        return text[: end.start()] + eol + indent + element + eol + text[end.start() :]
    return text[:line_start] + indent + element + eol + text[line_start:]


def _entry_end(lines: list[str], start: int, indent: int) -> int:
    """Index after the YAML list entry starting at ``start`` (deeper lines belong to it)."""
    end = start + 1
    while end < len(lines):
        line = lines[end]
        content = line.strip() and not line.lstrip().startswith("#")
        if content and len(line) - len(line.lstrip()) <= indent:
            break
        end += 1
    while end > start + 1 and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1
    return end


def _yaml(master: Changelog, new: Path) -> str | None:
    text = master.text
    lines = text.splitlines(keepends=True)
    top = next((i for i, line in enumerate(lines) if line.startswith("databaseChangeLog")), None)
    if top is None:
        return None
    items: list[tuple[int, int]] = []
    indent: int | None = None
    for i in range(top + 1, len(lines)):
        line = lines[i]
        if line.strip() and not line.startswith((" ", "\t", "-", "#")):
            break  # the next top-level key
        found = _YAML_ITEM.match(line)
        if found is None:
            continue
        width = len(found.group("indent"))
        if indent is None:
            indent = width
        if width == indent:
            items.append((i, _entry_end(lines, i, width)))
    if not items or indent is None:
        return None
    eol = "\r\n" if "\r\n" in text else "\n"
    model = _model_value(master, new)
    block = None
    if model is not None:
        for start, stop in reversed(items):
            chunk = "".join(lines[start:stop])
            if re.match(r"[ \t]*-[ \t]*include[ \t]*:", chunk) and model in chunk:
                block = _rename(chunk, model.rsplit("/", 1)[-1], new.name)
                break
    if block is None:
        pad = " " * indent
        filters = _yaml_filters(master, ["".join(lines[a:b]) for a, b in items], new)
        block = (
            f"{pad}- include:{eol}{pad}    file: {_relative(master, new)}{eol}"
            f"{pad}    relativeToChangelogFile: true{eol}"
            + "".join(f"{pad}    {key}: {value}{eol}" for key, value in filters)
        )
    if not block.endswith("\n"):
        block += eol
    last_end = items[-1][1]
    head = "".join(lines[:last_end])
    if not head.endswith("\n"):
        head += eol
    tail = "".join(lines[last_end:])
    if not tail and not text.endswith("\n"):
        block = block[: -len(eol)]  # the file ended without a line break: so does the edit
    return head + block + tail


_YAML_FILE = lazy_compile(r"""\bfile[ \t]*:[ \t]*("[^"]*"|'[^']*'|[^\s,}]+)""")
_YAML_FILTER = lazy_compile(
    r"""\b(context|contextFilter|labels|dbms)[ \t]*:[ \t]*("[^"]*"|'[^']*'|[^,}\r\n]+)"""
)


def _yaml_filters(master: Changelog, chunks: list[str], new: Path) -> list[tuple[str, str]]:
    """``(key, value)`` of the ``context``/``labels``/``dbms`` of the last
    ``include`` item (``chunks``: the root's items) naming a changelog that
    includes a file of ``new``'s folder, as :func:`_run_filters` for XML."""
    for chunk in reversed(chunks):
        if re.match(r"[ \t]*-[ \t]*include[ \t]*:", chunk) is None:
            continue
        value = _YAML_FILE.search(chunk)
        nested = _resolve(master, value.group(1).strip("\"'")) if value is not None else None
        if nested is not None and _is_changelog(nested) and _runs_folder(nested, new):
            return [(m.group(1), m.group(2).strip()) for m in _YAML_FILTER.finditer(chunk)]
    return []


def _runs_folder(nested: Path, new: Path) -> bool:
    """Whether changelog ``nested`` includes a file of ``new``'s folder."""
    return any(
        kind == "file" and (nested.parent / _normal(entry)).parent.resolve() == new.parent.resolve()
        for kind, entry, _dbms in liquibase_entries(nested)
    )


_XML_FILTER = lazy_compile(r"""\s(context|contextFilter|labels|dbms)\s*=\s*("[^"]*"|'[^']*')""")


def _run_filters(master: Changelog, includes: list[re.Match[str]], text: str, new: Path) -> str:
    """The ``context``/``labels``/``dbms`` attributes (`` context="..."``) of the
    last include of ``master`` naming a changelog that includes a file of
    ``new``'s folder: the new file runs in the runs its neighbours run in.
    Fineract's ``tenant/changelog-tenant.xml`` runs under ``context="tenant_db
    AND !initial_switch"``; an include without it ran the rename in the
    ``initial_switch`` pass too, before the table was made, and the update
    stopped (trial s37 fineract)."""
    for match in reversed(includes):
        element = text[match.start() : match.end()]
        value = re.search(r"""\bfile\s*=\s*["']([^"']*)["']""", element)
        nested = _resolve(master, value.group(1)) if value is not None else None
        if nested is not None and _is_changelog(nested) and _runs_folder(nested, new):
            return "".join(f" {m.group(1)}={m.group(2)}" for m in _XML_FILTER.finditer(element))
    return ""


def _rename(entry: str, anchor: str, new: str) -> str:
    """``entry`` with the file name ``anchor`` (a whole path segment) replaced by ``new``."""
    pattern = re.compile(r"(?<![^/\s\"':=])" + re.escape(anchor) + r"(?=[\"'\s,}]|$)")
    return pattern.sub(lambda _: new, entry, count=1)


def append_changeset(path: Path, changeset: str) -> ChangelogEdit | None:
    """A formatted-SQL changelog's text with ``changeset`` (``-- changeset`` line
    first) appended after a blank line, its line endings kept; None when the
    file cannot be read."""
    text = _read(path)
    if text is None:
        return None
    eol = "\r\n" if "\r\n" in text else "\n"
    body = changeset.replace("\n", eol)
    if not text.endswith("\n"):
        text_sep = eol + eol
    else:
        text_sep = "" if text.endswith(eol + eol) or not text.strip() else eol
    return ChangelogEdit(path, text, text + text_sep + body)
