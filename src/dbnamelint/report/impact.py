"""The impact report as text, JSON, Markdown or SARIF 2.1.0."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

from dbnamelint import __version__
from dbnamelint.dialects.names import other_database_word
from dbnamelint.impact.classify import HIGH, PLAIN, Confidence
from dbnamelint.impact.result import Impact, ObjectImpact, counted, places, totals_text
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.sharedcode import holding
from dbnamelint.impact.targets import Target
from dbnamelint.report import impact_plain
from dbnamelint.report.common import INFORMATION_URI
from dbnamelint.report.markdown import code, escape
from dbnamelint.report.sarif import SARIF_SCHEMA, artifact_location

FORMATS = ("text", "json", "markdown", "sarif")
RULE_ID = "old-name-reference"


def _qualified(t: Target, name: str) -> str:
    """``table.name`` for a column, index or constraint (the same column name
    on several tables is several lines), else ``name``."""
    return f"{t.tables[0]}.{name}" if t.attached and t.tables else name


def _same_places(
    objects: Sequence[ObjectImpact], chosen: dict[int, list[Reference]]
) -> list[list[ObjectImpact]]:
    """``objects`` in order, those with the same old and new names and the very
    same places (a column renamed alike on many tables) grouped together."""
    groups: dict[tuple[object, ...], list[ObjectImpact]] = {}
    for obj in objects:
        t = obj.target
        places_key = tuple((r.path, r.line, r.column) for r in chosen[id(obj)])
        key = (t.kind, t.old_names, t.target, t.renamed, t.stale_entry, places_key)
        groups.setdefault(key, []).append(obj)
    return list(groups.values())


def _object_line(
    obj: ObjectImpact, refs: Sequence[Reference], alike: Sequence[Target] = (), copies: str = ""
) -> str:
    t = obj.target
    # The names as the database stores them: an unquoted LANGUAGE is PostgreSQL's language.
    shown = t.stored if len(t.stored) == len(t.old_names) else t.old_names
    olds = ", ".join(_qualified(t, n) for n in shown)
    if len(alike) > 1:  # one column name on several tables, used at the same places
        tables = ", ".join(a.tables[0] if a.tables else a.name for a in alike)
        olds = f"{', '.join(shown)} on {len(alike)} tables ({tables})"
    arrow = f" -> {t.target}" if t.target else ""
    state = " (already renamed in the schema)" if t.renamed else ""
    if t.stale_entry:
        state = " (already renamed in the schema; whitelist entry stale: whitelist prune)"
    high = sum(1 for r in refs if r.confidence == "high")
    return f"{t.kind} {olds}{arrow}{copies}{state}: {totals_text(refs)} ({high} high confidence)"


def copies_label(impact: Impact, obj: ObjectImpact) -> str:
    """`` [mysql]``: the databases whose copies ``obj`` stands for, when
    another entry of the report holds other copies of the same object (a
    whitelist entry matching one copy, the others renamed without a phase),
    so the two are told apart; "" otherwise."""
    if not obj.dialects:
        return ""
    t = obj.target
    split = any(
        o is not obj and _one_object(o.target, t) and o.dialects != obj.dialects
        for o in impact.objects
    )
    if not split:
        return ""
    # An entry's target is one copy's; every copy still holding the old name waits.
    waiting = (
        () if t.renamed or not t.old_names else holding(t, t.old_names[0], impact.current_names)
    )
    return f" [{', '.join(waiting or obj.dialects)}]"


def _one_object(a: Target, b: Target) -> bool:
    """Whether two targets are copies of one object: one name, or one rename
    (an entry's copies waiting beside those renamed already, ``rollouts.pos``
    and ``rollouts.rollout_pos``: the same old name, table and target)."""
    if a.kind != b.kind:
        return False
    if a.name == b.name:
        return True
    return (
        a.target is not None
        and a.target == b.target
        and a.tables[:1] == b.tables[:1]
        and bool(set(a.old_names) & set(b.old_names))
    )


def _selected(
    impact: Impact, min_confidence: Confidence
) -> list[tuple[ObjectImpact, list[Reference]]]:
    return [(o, counted(o.references, min_confidence)) for o in impact.objects]


def render_text(impact: Impact, min_confidence: Confidence | None = None) -> str:
    """Per phase, per object, per file; one ``path:line:col`` line per reference.

    ``min_confidence`` None (the default) lists the high-confidence places
    and counts the plain-text ones per object and per file, most first
    (:mod:`dbnamelint.report.impact_plain`); "plain" lists each.
    """
    summarise = min_confidence is None
    lines: list[str] = []
    if impact.database is not None:
        lines.append(f"Database {impact.database} (config `databases:`): {_DATABASE_SCOPE}")
    chosen = {id(o): refs for o, refs in _selected(impact, min_confidence or PLAIN)}
    everything: list[Reference] = []
    for phase, objects in impact.phase_groups():
        refs_here = [r for o in objects for r in chosen[id(o)]]
        everything += refs_here
        lines.append(f"{impact.phase_title(phase)}: {totals_text(refs_here)}")
        for same in _same_places([o for o in objects if chosen[id(o)]], chosen):
            obj, refs = same[0], chosen[id(same[0])]
            label = copies_label(impact, obj)
            lines.append("  " + _object_line(obj, refs, [o.target for o in same], label))
            # A statement the view will refuse is listed whatever its confidence.
            # So is a medium one (a row read by the column's old name), with its reason.
            listed = (
                [r for r in refs if r.confidence == HIGH or r.refused or r.keyed]
                if summarise
                else refs
            )
            for path, in_file in _group(listed):
                lines.append(f"    {path} ({len(in_file)})")
                for r in in_file:
                    lines.append(
                        f"      {r.path}:{r.line}:{r.column}: {_confidence(r)} [{_context(r)}] "
                        + r.text.strip()
                    )
                    if r.keyed:
                        lines.append(f"        ? {r.keyed}")
                    if r.refused:
                        lines.append(f"        ! {r.refused}")
                    if r.ddl:
                        lines.append(f"        ! {r.ddl}")
            summary = impact_plain.object_line(refs) if summarise else None
            if summary:
                lines.append(f"    {summary}")
        hidden = _left_out([o for o in objects if not chosen[id(o)]])
        if hidden:
            names = ", ".join(f"{_short(o)} ({n} plain)" for o, n in hidden)
            lines.append(f"  no high-confidence reference, plain text left out: {names}")
        quiet = [o for o in objects if not o.references]
        if quiet:
            names = ", ".join(_qualified(o.target, o.target.old_names[0]) for o in quiet)
            lines.append(f"  not referenced: {names}")
        lines.append("")
    shown = sum(len(places(chosen[id(o)])) for o in impact.objects)
    everything = places(everything)
    high = sum(1 for r in everything if r.confidence == "high")
    keyed = [r for r in everything if _confidence(r) == MEDIUM]
    medium = f"{len(keyed)} medium, " if keyed else ""
    # A place several objects' lists show (a column and a table of one
    # name) is one place to change: said, so the total matches the lists.
    once = "; a place listed for several objects counted once" if shown > len(everything) else ""
    lines.append(
        f"Total: {totals_text(everything)} ({high} high confidence, {medium}"
        f"{len(everything) - high - len(keyed)} plain text{once}); "
        f"{impact.files_searched} file{'s' * (impact.files_searched != 1)} matched the pre-filter"
    )
    refused = [r for r in everything if r.refused]
    refused += [r for r in places(impact.generated) if r.refused]  # built code sends them
    if refused:
        lines.append(f"{_REFUSED_TITLE}: {totals_text(refused)} ({_REFUSED_ADVICE})")
    ddl = [r for r in everything if r.ddl]
    if ddl:
        lines.append(f"{_DDL_TITLE}: {totals_text(ddl)} ({_DDL_ADVICE})")
    if summarise:
        lines += impact_plain.report_lines(everything)
    lines += _unattributed_text(impact)
    lines += _history_text(impact)
    lines += [f"note: {n}" for n in impact.notes]
    return "\n".join(lines) + "\n"


_DDL_TITLE = "DDL in code"
_DDL_ADVICE = "marked !: impact --diff leaves it as written; rename it by hand"
_REFUSED_TITLE = "Statements the compatibility view will refuse or answer wrongly"
_REFUSED_ADVICE = (
    "marked !: the database refuses that form of statement on a view, or answers it "
    "differently from the table, as soon as the forward script makes the old name a view; "
    "use the new name first"
)


_HISTORY_TITLE = "Migration history and release notes (past names: never counted or patched)"
_HISTORY_ADVICE = (
    "a copy of the schema for another database renames with its own migration "
    "(dbnamelint migrate with that copy's paths and dialect)"
)


_GENERATED_TITLE = "Generated files (a tool's output: never counted or patched)"
_GENERATED_ADVICE = (
    "regenerate with its tool after the migration, as its mark says; do not edit by hand"
)


_OTHER_TITLE = "Another database's code (never counted or patched)"
_OTHER_ADVICE = (
    "its database keeps the old names until its own migration renames them "
    "(dbnamelint migrate with that copy's paths and dialect, then impact there)"
)


_DATABASE_SCOPE = (
    "its objects' old names, in all code; code another database's folders or packages "
    "hold is listed apart"
)
_UNATTRIBUTED_TITLE = "Code no database is known for (counted here, may run on others too)"
_UNATTRIBUTED_ADVICE = (
    "no `databases:` entry lists it, and its package holds no migrations or several "
    "databases'; impact --diff leaves it while another database has the old name: list "
    "its folder under its database"
)
#: For files all in packages that run several databases' migrations (one folder per
#: backend): no `databases:` entry can set their code apart.
_PACKAGED_ADVICE = (
    "its package runs the migrations of the databases listed beside it, and it may run on "
    "any of them: impact --diff leaves it while one of them has the old name, until each "
    "renames it"
)
_SEPARATE_ADVICE = (
    "a separate database keeps its own names (dbnamelint impact --database NAME for its renames)"
)


_ENGINE_ADVICE = "code for a database that speaks no SQL (CQL...) names that database's own tables"


def _other_advice(impact: Impact) -> str:
    paths = [p for p, _n in impact.other_database_files()]
    if all(p in impact.engines for p in paths):
        return _ENGINE_ADVICE
    separate = any(p in impact.code_databases for p in paths)
    return _SEPARATE_ADVICE if separate else _OTHER_ADVICE


def _other_count(path: str, count: int, impact: Impact) -> str:
    """``(2)``, ``(2, database todos)`` for a separate database's code, or
    ``(2, Cassandra, not SQL)`` for a non-SQL engine's."""
    engine = impact.engines.get(path)
    if engine is not None:
        return f"({count}, {engine}, not SQL)"
    owner = impact.code_databases.get(path)
    if owner is not None:
        return f"({count}, database {owner})"
    candidates = impact.code_candidates.get(path)
    return f"({count}, database {' or '.join(candidates)})" if candidates else f"({count})"


def _other_json(path: str, count: int, impact: Impact) -> dict[str, object]:
    """An ``other_database[]`` item; a separate database's code names it
    (``database``), a non-SQL engine's its engine (``engine``)."""
    owner = impact.code_databases.get(path)
    engine = impact.engines.get(path)
    return {
        "path": path,
        "references": count,
        **({"database": owner} if owner else {}),
        **({"engine": engine} if engine else {}),
        **_candidates_json(path, impact),
    }


def _candidates_json(path: str, impact: Impact) -> dict[str, object]:
    """``{"databases": [...]}`` for a file of a package holding several
    databases' migrations (it runs on one of them), else nothing."""
    found = impact.code_candidates.get(path)
    return {"databases": list(found)} if found else {}


def _unattributed_advice(impact: Impact, paths: Iterable[str]) -> str:
    """What to do about unattributed code: list its folder under its database,
    unless every file is in a package that runs several databases' migrations."""
    if all(impact.code_candidates.get(p) for p in paths):
        return _PACKAGED_ADVICE
    return _UNATTRIBUTED_ADVICE


def _unattributed_text(impact: Impact) -> list[str]:
    files = impact.unattributed_files()
    if not files:
        return []
    listed = {p for p, _n in files}
    refs = [r for r in impact.references if r.path in listed]
    advice = _unattributed_advice(impact, listed)
    lines = [f"{_UNATTRIBUTED_TITLE}: {totals_text(refs)}; {advice}"]
    return lines + [f"  {path} {_other_count(path, count, impact)}" for path, count in files]


def _short(obj: ObjectImpact) -> str:
    """The old name, with its table for a column (two tables' ``_user`` differ)."""
    t = obj.target
    return _qualified(t, t.old_names[0])


def _left_out(objects: Sequence[ObjectImpact]) -> list[tuple[ObjectImpact, int]]:
    """Objects a confidence filter hid every reference of, with how many places it hid.

    "Not referenced" would be wrong for them: a table-name constant or a
    query built from pieces may be all the code has.
    """
    return [(o, len(places(o.references))) for o in objects if o.references]


def _history_advice(files: Sequence[tuple[str, int]]) -> str:
    """:data:`_HISTORY_ADVICE`, and, when some of ``files`` are a copy for a
    database dbnamelint has no dialect for (kestra's ``jdbc-h2/``), that
    ``migrate`` cannot write its migration (trial s36 kestra)."""
    words = sorted(
        {w for p, _n in files for part in p.split("/") if (w := other_database_word(part))}
    )
    if not words:
        return _HISTORY_ADVICE
    return (
        f"{_HISTORY_ADVICE}; dbnamelint has no dialect for {', '.join(words)}, so write "
        "the renames of that copy by hand, as a new migration of its folder"
    )


def _history_text(impact: Impact) -> list[str]:
    lines: list[str] = []
    files = impact.history_files()
    if files:
        lines += [f"{_HISTORY_TITLE}: {totals_text(impact.history)}; {_history_advice(files)}"]
        # A live file's migration list: its steps keep the old name, its other code does not.
        steps = {r.path for r in impact.history if r.step}
        lines += [
            f"  {path} ({count}{', in a migration list' if path in steps else ''})"
            for path, count in files
        ]
    generated = impact.generated_files()
    if generated:
        lines += [f"{_GENERATED_TITLE}: {totals_text(impact.generated)}; {_GENERATED_ADVICE}"]
        for path, count in generated:
            lines.append(f"  {path} ({count}; {impact.generated_markers.get(path, 'generated')})")
            # Until regenerated, the built code still sends it: the view refuses it.
            lines += [
                f"    {r.path}:{r.line}:{r.column}: ! {r.refused}"
                for r in _refused_in(impact, path)
            ]
    others = impact.other_database_files()
    if others:
        advice = _other_advice(impact)
        lines += [f"{_OTHER_TITLE}: {totals_text(impact.other_database)}; {advice}"]
        lines += [f"  {path} {_other_count(path, count, impact)}" for path, count in others]
    return lines


def _refused_in(impact: Impact, path: str) -> list[Reference]:
    """The places of a generated file that the compatibility view refuses."""
    return [r for r in places(impact.generated) if r.path == path and r.refused]


def _context(r: Reference) -> str:
    """The context label; a place several objects may own says so (counted once)."""
    if not r.shared:
        return r.context
    return f"{r.context}; or {len(r.shared)} other {'object' if len(r.shared) == 1 else 'objects'}"


def _confidence(r: Reference) -> str:
    """``high``, ``plain``, or ``medium`` for a plain place with a reason to be a use."""
    return MEDIUM if r.keyed and r.confidence != HIGH else r.confidence


#: A plain place that is probably a use, for a reason the report gives (:attr:`Reference.keyed`).
MEDIUM = "medium"


def _group(refs: Sequence[Reference]) -> list[tuple[str, list[Reference]]]:
    out: dict[str, list[Reference]] = {}
    for ref in refs:
        out.setdefault(ref.path, []).append(ref)
    return list(out.items())


def _reference_json(r: Reference) -> dict[str, object]:
    return {
        "path": r.path,
        "line": r.line,
        "column": r.column,
        "end_column": r.end_column,
        "name": r.name,
        "confidence": _confidence(r),
        "context": r.context,
        **({"reason": r.keyed} if r.keyed else {}),
        "text": r.text,
        "shared_with": list(r.shared),
        "refused": r.refused or None,
        "ddl": r.ddl or None,
    }


def render_json(impact: Impact, min_confidence: Confidence = "plain") -> str:
    """One document: phases -> objects -> references, with totals."""
    chosen = {id(o): refs for o, refs in _selected(impact, min_confidence)}
    phases = []
    for phase, objects in impact.phase_groups():
        items = []
        for obj in objects:
            refs = chosen[id(obj)]
            t = obj.target
            dialects = {"dialects": list(obj.dialects)} if copies_label(impact, obj) else {}
            items.append(
                {
                    "kind": t.kind,
                    "name": t.name,
                    **dialects,
                    "old_names": list(t.old_names),
                    "target": t.target,
                    "renamed": t.renamed,
                    "stale_entry": t.stale_entry,
                    "references": len(refs),
                    "high": sum(1 for r in refs if r.confidence == "high"),
                    "left_out": len(obj.references) - len(refs),
                    "files": list(dict.fromkeys(r.path for r in refs)),
                    "items": [_reference_json(r) for r in refs],
                }
            )
        refs_here = places(r for o in objects for r in chosen[id(o)])
        phases.append(
            {
                "phase": phase,
                "title": impact.phase_title(phase),
                "references": len(refs_here),
                "files": len({r.path for r in refs_here}),
                "objects": items,
            }
        )
    every = places(r for o in impact.objects for r in chosen[id(o)])
    document = {
        "database": impact.database,
        "summary": {
            "text": totals_text(every),
            "references": len(every),
            "files": len({r.path for r in every}),
            "high": sum(1 for r in every if r.confidence == "high"),
            "refused": sum(1 for r in every if r.refused),
            "ddl": sum(1 for r in every if r.ddl),
            "files_searched": impact.files_searched,
        },
        "phases": phases,
        "history": [{"path": p, "references": n} for p, n in impact.history_files()],
        "generated": [
            {
                "path": p,
                "references": n,
                "marker": impact.generated_markers.get(p, ""),
                "refused": [
                    {"line": r.line, "column": r.column, "name": r.name, "refused": r.refused}
                    for r in _refused_in(impact, p)
                ],
            }
            for p, n in impact.generated_files()
        ],
        "other_database": [_other_json(p, n, impact) for p, n in impact.other_database_files()],
        "unattributed": [
            {"path": p, "references": n, **_candidates_json(p, impact)}
            for p, n in impact.unattributed_files()
        ],
        "notes": list(impact.notes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(impact: Impact, min_confidence: Confidence | None = None) -> str:
    """A pull-request comment: totals per phase and object, then each reference.

    ``min_confidence`` None (the default) lists the high-confidence places
    and counts the plain-text ones per file, as the text report does (GitHub
    keeps at most 65,536 characters of a comment); "plain" lists each.
    """
    summarise = min_confidence is None
    chosen = {id(o): refs for o, refs in _selected(impact, min_confidence or PLAIN)}
    every = [r for o in impact.objects for r in chosen[id(o)]]
    mine = f" (database {code(impact.database)})" if impact.database is not None else ""
    lines = [f"## Old names still in code{mine}: {escape(totals_text(every))}", ""]
    for phase, objects in impact.phase_groups():
        refs_here = [r for o in objects for r in chosen[id(o)]]
        lines += [f"### {escape(impact.phase_title(phase))}: {escape(totals_text(refs_here))}", ""]
        lines += ["| Object | New name | References | High | Files |", "|---|---|---|---|---|"]
        for obj in objects:
            refs = chosen[id(obj)]
            t = obj.target
            lines.append(
                f"| {escape(t.kind)} {code(', '.join(t.old_names))} | "
                f"{code(t.target) if t.target else '-'} | {len(refs)} | "
                f"{sum(1 for r in refs if r.confidence == 'high')} | "
                f"{len({r.path for r in refs})} |"
            )
        lines.append("")
        hidden = _left_out([o for o in objects if not chosen[id(o)]])
        if hidden:
            names = ", ".join(f"{code(_short(o))} ({n})" for o, n in hidden)
            lines += [f"No high-confidence reference, plain text left out: {names}", ""]
        detail = places(refs_here)
        plain = impact_plain.plain_places(refs_here) if summarise else []
        if plain:
            detail = [r for r in detail if r.confidence == HIGH or r.refused or r.keyed]
        if detail:
            lines += ["| Where | Confidence | Line |", "|---|---|---|"]
            lines += [
                f"| {code(f'{r.path}:{r.line}:{r.column}')} | {escape(_confidence(r))} "
                f"({escape(_context(r))}) | {code(r.text.strip())}"
                + (f"<br>{escape(r.keyed)}" if r.keyed else "")
                + (f"<br>**{escape(r.refused)}**" if r.refused else "")
                + (f"<br>**{escape(r.ddl)}**" if r.ddl else "")
                + " |"
                for r in detail
            ]
            lines.append("")
        if plain:
            counts = impact_plain.per_file(plain)
            shown = impact_plain.files_text(
                [(code(path), n) for path, n in counts], impact_plain.REPORT_FILES
            )
            lines += [f"Plain text, not listed: {escape(totals_text(plain))}: {shown}", ""]
    history = impact.history_files()
    if history:
        lines += [f"{escape(_HISTORY_TITLE)}: {escape(totals_text(impact.history))}", ""]
        lines += [f"- {code(path)} ({count})" for path, count in history]
        lines.append("")
    generated = impact.generated_files()
    if generated:
        title = f"{_GENERATED_TITLE}: {totals_text(impact.generated)}; {_GENERATED_ADVICE}"
        lines += [escape(title), ""]
        for path, count in generated:
            marker = code(impact.generated_markers.get(path, "generated"))
            lines.append(f"- {code(path)} ({count}; {marker})")
            lines += [
                f"  - {code(f'{r.path}:{r.line}:{r.column}')}: **{escape(r.refused)}**"
                for r in _refused_in(impact, path)
            ]
        lines.append("")
    others = impact.other_database_files()
    if others:
        lines += [f"{escape(_OTHER_TITLE)}: {escape(totals_text(impact.other_database))}", ""]
        lines += [f"- {code(path)} {_other_count(path, count, impact)}" for path, count in others]
        lines.append("")
    unattributed = impact.unattributed_files()
    if unattributed:
        advice = _unattributed_advice(impact, (p for p, _n in unattributed))
        lines += [f"{escape(_UNATTRIBUTED_TITLE)}: {escape(advice)}", ""]
        lines += [
            f"- {code(path)} {_other_count(path, count, impact)}" for path, count in unattributed
        ]
        lines.append("")
    refused = places(r for r in every if r.refused)
    if refused:
        lines.append(
            f"- **{escape(_REFUSED_TITLE)}: {escape(totals_text(refused))}** "
            f"({escape(_REFUSED_ADVICE.replace('marked !', 'in bold'))})"
        )
    lines += [f"- {escape(n)}" for n in impact.notes]
    if summarise and any(impact_plain.plain_places(chosen[id(o)]) for o in impact.objects):
        lines.append(f"- {escape(impact_plain.HINT)}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _fingerprint(r: Reference) -> str:
    """Stable across line moves: object identity, file, and the line's text."""
    key = "\0".join((r.target.kind, r.target.name, r.path, r.text.strip()))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def render_sarif(impact: Impact, min_confidence: Confidence = "plain") -> str:
    """SARIF 2.1.0: high-confidence references are warnings, plain text notes."""
    results = []
    for obj in impact.objects:
        t = obj.target
        for r in counted(obj.references, min_confidence):
            new = f"; rename to {t.target}" if t.target else ""
            phase = f" (phase {t.phase})" if t.phase else ""
            results.append(
                {
                    "ruleId": RULE_ID,
                    "ruleIndex": 0,
                    # A statement the view refuses breaks at the forward script: an error.
                    "level": "error"
                    if r.refused
                    else "warning"
                    if r.confidence == "high"
                    else "note",
                    "message": {
                        "text": f"{t.kind} {t.name}{phase} is still referenced as "
                        f"'{r.name}' ({_context(r)}){new}"
                        + (f"; {r.keyed}" if r.keyed else "")
                        + (f"; {r.refused}" if r.refused else "")
                    },
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": artifact_location(r.path),
                                "region": {
                                    "startLine": r.line,
                                    "startColumn": r.column,
                                    "endColumn": r.end_column,
                                    "snippet": {"text": r.text},
                                },
                            }
                        }
                    ],
                    "partialFingerprints": {"dbnamelint-impact/v1": _fingerprint(r)},
                    "properties": {
                        "confidence": _confidence(r),
                        "context": r.context,
                        **({"reason": r.keyed} if r.keyed else {}),
                        **({"refused": r.refused} if r.refused else {}),
                        **({"ddl": r.ddl} if r.ddl else {}),
                    },
                }
            )
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dbnamelint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            {
                                "id": RULE_ID,
                                "name": "OldNameReference",
                                "shortDescription": {
                                    "text": "Code still uses a legacy or renamed "
                                    "database object's old name"
                                },
                                "defaultConfiguration": {"level": "warning"},
                            }
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(impact: Impact, fmt: str, min_confidence: Confidence | None = None) -> str:
    """The report in one of :data:`FORMATS`.

    ``min_confidence`` None (not asked for) counts every place; the text and
    Markdown reports then summarise the plain-text ones instead of listing them.
    """
    if fmt == "text":
        return render_text(impact, min_confidence)
    if fmt == "markdown":
        return render_markdown(impact, min_confidence)
    renderers = {
        "json": render_json,
        "markdown": render_markdown,
        "sarif": render_sarif,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown impact format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return renderers[fmt](impact, min_confidence or PLAIN)
