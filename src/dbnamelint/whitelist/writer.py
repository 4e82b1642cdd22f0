"""Writing the whitelist: ``init`` makes one, ``prune`` shrinks one, atomically.

Every write goes to a temporary file in the same folder, is flushed to disk
and then renamed over the old file, so a crash, a full disk or a kill
leaves either the old file or the new one, never half of one. A prune
edits the entries' line ranges instead of re-dumping, so comments and
formatting survive; it refuses to write when the file changed since it was
read (another prune, an editor), and it checks that the pruned text loads
and means the same for every kept entry (YAML anchors and aliases can make
a line edit change another entry's meaning), falling back to a plain
re-dump of the kept entries when it does not.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from msgspec import Struct
from msgspec.structs import replace

from dbnamelint import atomicfile
from dbnamelint.config import ConfigError, parse_located_yaml, regular, yamlsafe
from dbnamelint.core.identity import ObjectRef, display_name, ref_of, stored_name
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.findings import Finding, Rename, StaleEntry
from dbnamelint.model import Location, SchemaObject, SourceFile
from dbnamelint.whitelist.entries import DEFAULT_PHASE, Phase, WhitelistError
from dbnamelint.whitelist.phase_status import emptied_phases, mark_done

_PLAIN = lazy_compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
#: Characters a double-quoted YAML scalar cannot hold as they are.
_RAW_UNSAFE = lazy_compile(f"{yaml.reader.Reader.NON_PRINTABLE.pattern}|[\x85\u2028\u2029]")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "all"})

HEADER = (
    "# dbnamelint whitelist: legacy names allowed to break rules until their phase is done.\n"
    "# Entries match objects by kind and qualified name, never by line. Delete an entry\n"
    "# when its object is renamed; an entry that excuses nothing fails the run.\n"
)


def _quoted(value: str) -> str:
    """A double-quoted YAML scalar holding the text as written (non-ASCII letters too).

    Only what YAML may not hold raw is escaped: JSON's escapes, the
    characters a YAML reader refuses (C1 controls, surrogates, U+FFFE...)
    and the line breaks YAML would fold (NEL, U+2028, U+2029).
    """
    text = json.dumps(value, ensure_ascii=False)
    return _RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _scalar(value: str) -> str:
    """A YAML scalar: plain when unambiguous, else double quoted (see :func:`_quoted`)."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return _quoted(value)


def yaml_scalar(value: str, *, quoted: bool = False) -> str:
    """A YAML scalar holding ``value`` as written: plain where that reads back the
    same, else double-quoted (always with ``quoted``)."""
    return _quoted(value) if quoted else _scalar(value)


def init_whitelist(
    findings: Iterable[Finding],
    phases: Sequence[Phase] | None = None,
    phase_of: Callable[[Sequence[Finding]], str] | None = None,
    kept: Sequence[Phase] = (),
) -> str:
    """YAML text excusing every given finding (suppressed ones need no entry).

    One entry per object listing all rules it breaks; ``target`` is the
    name a legacy-name rule (DBN107/DBN202) maps the object to, since that
    mapping is the team's own decision; otherwise the suggestion every
    finding agrees on, if they agree. ``phase_of`` picks an entry's phase
    from its object's findings (see :mod:`.phasing`); by default every
    entry is in the first phase. ``kept``: phases of the file this one
    replaces, written first as they were (its done phases: the burn-down's history).
    """
    phase_list = list(phases) if phases else [Phase(DEFAULT_PHASE, "Legacy names", "open")]
    first_phase = phase_list[0].id
    groups = entry_groups(findings)
    lines = [HEADER.rstrip("\n"), "phases:"]
    for phase in (*kept, *phase_list):
        lines += [
            f"  - id: {_quoted(phase.id)}",
            f"    title: {_scalar(phase.title)}",
            f"    status: {_scalar(phase.status)}",
        ]
        if phase.owner:
            lines.append(f"    owner: {_scalar(phase.owner)}")
        if phase.due:
            lines.append(f"    due: {phase.due.isoformat()}")
    lines.append("entries:" if groups else "entries: []")
    for group, name in zip(groups, entry_names(groups), strict=True):
        lines += entry_lines(group, phase_of(group) if phase_of else first_phase, name)
    return "\n".join(lines) + "\n"


def entry_names(groups: Sequence[Sequence[Finding]]) -> list[str]:
    """The name each group's entry writes (:func:`entry_name`), with one
    exception: two objects whose names differ only in case (``"UserAccount"``
    created quoted beside ``useraccount`` in PostgreSQL) would get entries an
    unquoted name matches alike, so the one created quoted is written quoted
    (a quoted name compares exactly)."""
    names = [entry_name([f.object for f in group]) for group in groups]
    folded: dict[tuple[str, str, str | None], int] = {}
    bare: dict[tuple[str, str, str | None], int] = {}
    for group, name in zip(groups, names, strict=True):
        obj = group[0].object
        key = (obj.kind.value, name.casefold(), obj.source.database)
        folded[key] = folded.get(key, 0) + 1
        if not obj.quoted and '"' not in name:
            bare[key] = bare.get(key, 0) + 1
    out = []
    for group, name in zip(groups, names, strict=True):
        obj = group[0].object
        key = (obj.kind.value, name.casefold(), obj.source.database)
        prefix, dot, last = name.rpartition(".")
        # Two tables of one MySQL database created unquoted as ``Users`` and
        # ``users`` (MySQL keeps a table name's case): unquoted entries would
        # be a duplicate to the loader, quoted ones compare exactly with the
        # name each stores.
        exact = bare.get(key, 0) > 1 and all(stored_name(f.object) == last for f in group)
        if folded[key] > 1 and (obj.quoted or exact) and '"' not in name:
            out.append(f'{prefix}{dot}"{last}"')
        else:
            out.append(name)
    return out


def entry_groups(findings: Iterable[Finding]) -> list[list[Finding]]:
    """The findings of each entry ``init`` writes (suppressed ones need none), in file order.

    One entry per object: the copies of one table kept for several
    databases share a reference (:func:`~dbnamelint.core.identity.ref_of`),
    and copies whose entry would be written alike (a quoted ``"Users"`` in
    PostgreSQL, ``Users`` in SQLite) share it too.
    """
    return object_groups(f for f in findings if not f.suppressed)


def object_groups(findings: Iterable[Finding]) -> list[list[Finding]]:
    """The findings grouped by the entry that would excuse them (see :func:`entry_groups`)."""
    by_ref: dict[ObjectRef, list[Finding]] = {}
    for finding in findings:
        by_ref.setdefault(ref_of(finding.object), []).append(finding)
    grouped: dict[tuple[str, str, str], list[Finding]] = {}
    for group in by_ref.values():
        first = group[0].object
        name = entry_name([f.object for f in group])
        grouped.setdefault((first.kind.value, name, first.source.database or ""), []).extend(group)
    return [group for _, group in sorted(_case_copies(grouped).items(), key=_entry_order)]


def _case_copies(
    grouped: dict[tuple[str, str, str], list[Finding]],
) -> dict[tuple[str, str, str], list[Finding]]:
    """``grouped`` with the copies of one object that differ only in the case
    their databases store the name in merged into one group.

    A table written ``SP_LOCK`` in a MySQL copy and in a PostgreSQL copy is
    stored ``SP_LOCK`` by MySQL (which keeps the case of a table name) and
    ``sp_lock`` by PostgreSQL (which folds an unquoted name to lower case), so
    the two copies have different references. An unquoted entry name matches
    without case (:func:`~dbnamelint.core.identity.matches_parts`), so one
    entry ``SP_LOCK`` excuses both, and two unquoted entries ``SP_LOCK`` and
    ``sp_lock`` with a rule in common are a duplicate the loader refuses (trial
    s33 hawkbit: ``whitelist init`` wrote no file). Merged only when no name
    or object is quoted (a quoted part compares exactly) and the groups come
    from different dialects (two tables of one database stay two entries).
    """
    merged: dict[tuple[str, str, str], list[Finding]] = {}
    loose: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for key, group in grouped.items():
        kind, name, database = key
        objects = [f.object for f in group]
        if '"' in name or any(o.quoted or o.table_quoted for o in objects):
            merged[key] = group
            continue
        folded = (kind, name.casefold(), database)
        into = loose.get(folded)
        if into is not None:
            theirs = {f.object.source.dialect for f in merged[into]}
            if theirs.isdisjoint(o.source.dialect for o in objects):
                merged[into].extend(group)
                continue
        loose.setdefault(folded, key)
        merged[key] = group
    return merged


def _entry_order(item: tuple[tuple[str, str, str], list[Finding]]) -> tuple[str, str, str]:
    (kind, name, database), _ = item
    return kind, name.casefold(), database


#: Rules whose suggestion is an explicit old -> new mapping from the config.
_MAPPING_RULES = ("DBN107", "DBN202")


def entry_lines(group: Sequence[Finding], phase: str, name: str | None = None) -> list[str]:
    """The YAML lines of one entry (in ``entries:``) excusing one object's findings
    (``name``: as :func:`entry_names` spells it, else :func:`entry_name`)."""
    first = group[0].object
    codes = sorted({f.code for f in group})
    written = name if name is not None else entry_name([f.object for f in group])
    lines = [
        f"  - kind: {first.kind.value}",
        f"    name: {_scalar(written)}",
        f"    rules: [{', '.join(_scalar(c) for c in codes)}]",
        f"    phase: {_quoted(phase)}",
    ]
    if first.source.database is not None:
        lines.append(f"    database: {_scalar(first.source.database)}")
    target = suggested_target(group)
    if target is not None:
        lines.append(f"    target: {target_scalar(target)}")
    return lines


def entry_name(objects: Sequence[SchemaObject]) -> str:
    """The name an entry writes for one object (all of ``objects`` share one reference).

    Usually that is the object's qualified name as the files write it, without
    the dialect's default schema (``public.Chart`` is written ``Chart``). The
    copies of one table kept for several databases (``public.users`` in the
    PostgreSQL files, ``users`` in the SQLite ones) get a name every copy
    answers to: without the default schema, and spelled as a copy created
    quoted spells it (a quoted name compares exactly).
    """
    names = list(dict.fromkeys(display_name(_without_default_schema(o)) for o in objects))
    if len(names) == 1:
        return _as_written(names[0], objects[0])
    chosen = next((o for o in objects if o.quoted), objects[0])
    return _as_written(display_name(_without_default_schema(chosen)), chosen)


def _as_written(name: str, obj: SchemaObject) -> str:
    """``name`` with each placeholder's run (``___________boards.archivedBy``)
    spelled as ``obj``'s file writes the placeholder (``{{.prefix}}boards.archivedBy``:
    the entry reads as the files do, and is read back masked,
    :attr:`~dbnamelint.whitelist.entries.WhitelistEntry.parts`); as it is when
    the file cannot be read or two placeholders leave runs of that length."""
    if "____" not in name:
        return name
    from dbnamelint.placeholder_runs import spelled

    try:
        stat = Path(obj.source.path).stat()
    except OSError:
        return name
    runs = _file_runs(obj.source, stat.st_mtime_ns, stat.st_size)
    return spelled(name, runs) or name


@functools.lru_cache(maxsize=64)
def _file_runs(source: SourceFile, _mtime: int, _size: int) -> dict[int, str]:
    """:func:`~dbnamelint.placeholder_runs.file_run_texts` of ``source``, once
    per version of the file (entries of one big file read it once)."""
    from dbnamelint.frontends.sql.sources import read_source
    from dbnamelint.placeholder_runs import file_run_texts

    text = read_source(source)
    if not isinstance(text, str):
        return {}
    return file_run_texts(text, source.path, source.dialect)


def _without_default_schema(obj: SchemaObject) -> SchemaObject:
    """``obj`` without its schema when that is the dialect's default (``public``):
    ``CREATE TABLE "public"."Chart"`` and ``CREATE TABLE "Account"`` get entries
    spelled alike (``Chart``, ``Account``), as the reference folds the default
    schema away (:func:`~dbnamelint.core.identity.ref_of`); an entry written
    ``public.Chart`` still matches."""
    if ref_of(obj).schema is None and (obj.schema or obj.table_schema):
        return replace(obj, schema=None, table_schema=None)
    return obj


def suggested_target(group: Sequence[Finding]) -> Rename | None:
    """The target rename for one whitelisted object (its findings), if one can be told."""
    for finding in group:
        if finding.code in _MAPPING_RULES and finding.fix and finding.fix.new_name:
            return finding.fix
    fixes = {f.fix if f.fix and f.fix.new_name else None for f in group}
    (only,) = fixes if len(fixes) == 1 else (None,)
    return only


def target_text(fix: Rename) -> str:
    """The target as SQL writes it: quoted exactly when the dialect needs quotes.

    ``fix.quoted`` comes from the merged fix
    (:func:`dbnamelint.rules.stored.needs_quotes`): PostgreSQL folds an
    unquoted ``accessToken`` to ``accesstoken``, so that target is written
    ``"accessToken"``, and ``migrate`` and ``check`` read it back as the
    name to store (a quoted part compares exactly, an unquoted one as SQL
    folds it).
    """
    if not fix.quoted:
        return fix.new_name
    return '"' + fix.new_name.replace('"', '""') + '"'


def target_scalar(fix: Rename) -> str:
    """The YAML scalar of a target (:func:`target_text`): ``'"accessToken"'`` when quoted."""
    text = target_text(fix)
    if fix.quoted and "'" not in text and not _RAW_UNSAFE.search(text) and text.isprintable():
        return f"'{text}'"  # single-quoted YAML keeps the double quotes as they are
    return _scalar(text)


class Pruned(Struct, frozen=True):
    """A pruned whitelist: the new text, and a fingerprint of the text it was made from."""

    text: str
    original_digest: str
    changed: bool
    rewritten: bool = False  # True when anchors forced a plain re-dump
    #: Phases left with no entry, now marked ``status: done``.
    done_phases: tuple[str, ...] = ()
    #: Phases left with no entry whose declaration could not be edited in place.
    unmarked_phases: tuple[str, ...] = ()


def digest(data: bytes) -> str:
    """Content fingerprint used to detect a file changed under our feet."""
    return hashlib.sha256(data).hexdigest()


def prune(
    path: Path,
    stale: Iterable[StaleEntry],
    finished: Callable[[str], Collection[str]] = lambda _text: (),
) -> Pruned:
    """The whitelist text without the stale entries; all else stays as written.

    The file is edited by the entries' line ranges rather than re-dumped, so
    comments, order and formatting survive. A comment on its own line above
    an entry is kept (it may head a group); comments on the entry's lines go
    with it. A phase this prune leaves with no entry is marked ``status:
    done`` (:mod:`dbnamelint.whitelist.phase_status`), and so is each phase
    ``finished`` names given the pruned text (the ones the whitelist's
    history shows emptied, by a merge or a hand edit, that this prune could
    not see). Raises :class:`WhitelistError` for a file that cannot be pruned.
    """
    display = str(path)
    raw, text = read_whitelist_file(path, display)
    pruned = remove_entries(text, {s.location.line for s in stale}, display, digest(raw))
    wanted = {*emptied_phases(text, pruned.text), *finished(pruned.text)}
    if not wanted:
        return pruned
    marked, done = mark_done(pruned.text, wanted)
    unmarked = tuple(sorted(wanted.difference(done)))
    return replace(
        pruned,
        text=marked,
        changed=pruned.changed or bool(done),
        done_phases=tuple(done),
        unmarked_phases=unmarked,
    )


def read_whitelist_file(path: Path, display: str) -> tuple[bytes, str]:
    """The file's bytes (to fingerprint) and text, read as every whitelist is.

    Regular files only, size-bounded, UTF-8 (:mod:`dbnamelint.config.yamlsafe`);
    anything else is a :class:`WhitelistError` located in ``display``.
    """
    try:
        raw = regular.read_regular_bytes(path)
        return raw, regular.decode_text(raw)
    except FileNotFoundError:
        raise WhitelistError("no such file", Location(display, 1, 1)) from None
    except yamlsafe.SafeYamlError as exc:
        raise WhitelistError(exc.message, Location(display, exc.line, exc.column)) from None


def _checked_root(text: str, display: str) -> yaml.Node | None:
    """The text's root node, composed by the one bounded loader.

    The text is first read as every whitelist is read
    (:func:`~dbnamelint.config.parse_located_yaml`): an alias bomb, a
    recursive alias, deep nesting, a control character or a duplicate key is
    a located :class:`WhitelistError` here as in ``check``.
    """
    try:
        parse_located_yaml(text, display)
    except ConfigError as exc:
        raise WhitelistError(exc.message, exc.location) from None
    node, loader = yamlsafe.compose(text)  # cannot fail where the parse above did not
    loader.dispose()
    return node


def remove_entries(text: str, entry_lines: set[int], display: str, original: str = "") -> Pruned:
    """``text`` without the entries that start on ``entry_lines`` (1-based).

    Used by ``prune`` and by the merge driver; see :func:`prune`.
    """
    lines = text.splitlines(keepends=True)
    if not entry_lines:
        return Pruned(text, original, changed=False)
    entries = _entries_node(_checked_root(text, display))
    if entries is None:
        return Pruned(text, original, changed=False)
    if entries.flow_style:
        raise WhitelistError(
            "cannot edit a flow-style entries list; write one entry per block item",
            Location(display, entries.start_mark.line + 1, entries.start_mark.column + 1),
        )
    remove: set[int] = set()
    removed_items: set[int] = set()
    for position, item in enumerate(entries.value):
        if item.start_mark.line + 1 in entry_lines:
            remove.update(_item_lines(item, lines))
            removed_items.add(position)
    if not removed_items:
        return Pruned(text, original, changed=False)
    kept_lines = [line for number, line in enumerate(lines) if number not in remove]
    if len(removed_items) == len(entries.value):
        kept_lines = _empty_list_written(kept_lines)
    kept = "".join(kept_lines)
    expected = _kept_meaning(text, removed_items)
    if _meaning(kept) == expected:
        return Pruned(kept, original, changed=True)
    return Pruned(_redump(expected), original, changed=True, rewritten=True)


_ENTRIES_KEY = lazy_compile(r"^entries:[ \t]*(#.*)?(\r?\n)?$")


def _empty_list_written(lines: list[str]) -> list[str]:
    """``entries:`` left with no items reads as null: say ``entries: []``,
    keeping a comment on the line."""
    out = list(lines)
    for i, line in enumerate(out):
        match = _ENTRIES_KEY.match(line)
        if match:
            comment = f"  {match.group(1)}" if match.group(1) else ""
            out[i] = f"entries: []{comment}{match.group(2) or ''}"
            break
    return out


def _meaning(text: str) -> Any:
    """What a whitelist text means as data (None when it does not load)."""
    try:
        data = yamlsafe.safe_load(text)
    except yamlsafe.SafeYamlError:
        return None
    if isinstance(data, dict):  # an emptied list reads as null; it means the same
        data = {k: ([] if k in ("entries", "phases") and v is None else v) for k, v in data.items()}
    return data


def _kept_meaning(text: str, removed: set[int]) -> Any:
    data = _meaning(text)
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        data = dict(data)
        data["entries"] = [e for i, e in enumerate(data["entries"]) if i not in removed]
    return data


def _redump(data: Any) -> str:
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return (
        HEADER + "# Rewritten by 'whitelist prune': YAML anchors made a line edit unsafe.\n" + body
    )


def write_atomic(path: Path, text: str, *, expected_digest: str | None = None) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never half.

    ``expected_digest`` (of the bytes the edit was made from) makes the
    write refuse, with :class:`WhitelistError`, when the file changed since.
    A symlink is followed: the file it points to is replaced, never the
    link; a target that is not a regular file (``/dev/stdout``, a FIFO) is
    written in place (:mod:`dbnamelint.atomicfile`). The file's permission
    bits are kept; missing folders are made. OS errors become
    :class:`WhitelistError`.
    """
    display = str(path)
    kept = "the file was left as it was" if path.exists() else "nothing was written"

    def unchanged(target: Path) -> None:
        if (
            expected_digest is not None
            and target.exists()
            and digest(target.read_bytes()) != expected_digest
        ):
            raise WhitelistError(
                "changed since it was read (another run or an editor wrote it); "
                "nothing was written: run the command again",
                Location(display, 1, 1),
            )

    try:
        atomicfile.write_bytes(path, text.encode("utf-8"), before_replace=unchanged)
    except OSError as exc:
        raise WhitelistError(
            f"cannot write: {(exc.strerror or str(exc)).lower()}; {kept}", Location(display, 1, 1)
        ) from None


def _entries_node(root: yaml.Node | None) -> yaml.SequenceNode | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "entries":
            return value if isinstance(value, yaml.SequenceNode) else None
    return None


def _item_lines(item: yaml.Node, lines: Sequence[str]) -> range:
    """0-based line numbers an entry occupies, from its dash to its last value."""
    start = item.start_mark.line
    if "-" not in lines[start][: item.start_mark.column]:
        # "-" alone on the line above the entry's first key
        while start > 0 and not lines[start - 1].strip():
            start -= 1
        if start > 0 and lines[start - 1].strip() == "-":
            start -= 1
    return range(start, last_line(item) + 1)


def last_line(node: yaml.Node) -> int:
    """0-based last line holding the node's content (not the comments after it)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    if isinstance(node, yaml.MappingNode) and node.value:
        return max(last_line(value) for _, value in node.value)
    if isinstance(node, yaml.SequenceNode) and node.value:
        return max(last_line(value) for value in node.value)
    return node.start_mark.line
