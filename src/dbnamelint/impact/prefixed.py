"""Table names code builds from the application's table prefix (PHP).

OpenCart, WordPress, CodeIgniter and Joomla never spell a stored table
name: the code writes the name's rest after a prefix it reads at run time,
``"SELECT * FROM " . DB_PREFIX . "setting"``, ``$wpdb->prefix . 'posts'``,
``"... FROM {$wpdb->prefix}posts"``, ``$this->db->dbprefix('setting')``,
``#__content`` (Joomla's placeholder), and in other languages
``s.tablePrefix + "sharing"`` (focalboard's Go, beside its
``{{.prefix}}sharing`` migrations). The prefix's value is not in the
code, so the schema supplies it: the first word and underscore most of its
table names share (``oc_`` when the tables are ``oc_setting``,
``oc_product``...). ``setting`` after a prefix expression is then the table
``oc_setting``. High confidence when the expression continues a SQL
statement's table position (``FROM " . DB_PREFIX``, ``JOIN `{$p}x```),
and for ``dbprefix('x')`` (a table name by definition); plain otherwise.

A rewrite changes only the rest (``"setting"`` -> ``"config_setting"``),
and only when the new name keeps the prefix (:func:`new_rest`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import HIGH, PLAIN, Confidence, comment_start
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target

#: Context labels of references found here (a patch rewrites only the rest).
SQL_LABEL = "table prefix (SQL)"
PLAIN_LABEL = "table prefix"
CALL_LABEL = "CodeIgniter dbprefix()"
LABELS = frozenset({SQL_LABEL, PLAIN_LABEL, CALL_LABEL})

_TABLE_KINDS = frozenset({"table", "view", "materialized_view"})
#: A placeholder's underscores opening a name (``migration_text``'s runs).
_PLACEHOLDER_RUN = lazy_compile(r"^_{4,}(?=[^_])")
_LEAD = lazy_compile(
    # DB_PREFIX . "x", $wpdb->prefix . 'x', $this->prefix() . "x"
    r"(?:(?P<concat>(?:\b[A-Z][A-Z0-9_]*PREFIX[A-Z0-9_]*\b|\$\w+(?:->\w+)*(?:\(\s*\))?)"
    r"\s*\.\s*[\"'])"
    # "... {$wpdb->prefix}x ..."
    r"|(?P<interp>\{\$\w+(?:->\w+)*\})"
    # s.tablePrefix + "x", cfg.Prefix() + 'x' (Go, JavaScript, Python...)
    r"|(?P<plus>\b[A-Za-z_]\w*(?:\.\w+)*(?:\(\s*\))?\s*\+\s*[\"'`])"
    # $this->db->dbprefix('x')
    r"|(?P<call>\bdbprefix\(\s*[\"'])"
    # Joomla: "#__x"
    r"|(?P<joomla>#__))"
    r"(?P<rest>[A-Za-z0-9_]+)(?![A-Za-z0-9_$])"
)
_KEYWORD = r"\b(?i:from|join|into|update|table|exists|truncate|references|using|only)\s+[`\[\"]?"
#: The SQL before a concatenation: ``FROM " . `` (its string closed, then ``.``).
_SQL_BEFORE_CONCAT = lazy_compile(_KEYWORD + r"[\"']\s*\.\s*$")
#: ... or ``FROM " + `` (Go, JavaScript, Python).
_SQL_BEFORE_PLUS = lazy_compile(_KEYWORD + r"[\"'`]\s*\+\s*$")
#: A query builder's table argument right before it: squirrel's
#: ``.From(``, ``sq.Insert(``, ``.Update(``, ``.Delete(``, ``.Into(``, ``.Join(``.
_BUILDER_CALL = lazy_compile(
    r"\b(?i:from|insert|into|update|delete|join|leftjoin|innerjoin|table)\(\s*$"
)
#: The SQL before an interpolation or placeholder inside the same string.
_SQL_BEFORE_INLINE = lazy_compile(_KEYWORD + r"$")


def schema_prefix(tables: Iterable[str]) -> str | None:
    """The table prefix most of ``tables`` share (``oc_``), folded, or None.

    A prefix is a name's first word and its underscore; it must start at
    least half of the (distinct, case-folded) names.
    """
    names = {t.casefold() for t in tables}
    # A template placeholder's run (focalboard's {{.prefix}}sharing, read
    # ___________sharing): the prefix the code adds at run time.
    runs = Counter(m.group() for n in names if (m := _PLACEHOLDER_RUN.match(n)) is not None)
    if runs:
        run, count = runs.most_common(1)[0]
        if count * 2 >= len(names):
            return run
    counts = Counter(n[: n.index("_") + 1] for n in names if 0 < n.find("_") < len(n) - 1)
    if not counts:
        return None
    prefix, count = counts.most_common(1)[0]
    return prefix if count * 2 >= len(names) else None


class PrefixMatcher:
    """Finds ``<prefix expression><rest>`` naming a target table ``<prefix><rest>``."""

    def __init__(self, targets: Iterable[Target], prefix: str | None) -> None:
        self.prefix = prefix
        by_rest: dict[str, list[Target]] = {}
        for target in targets if prefix else ():
            if target.kind not in _TABLE_KINDS:
                continue
            for old in dict.fromkeys((*target.old_names, *target.stored)):
                folded = old.casefold()
                if prefix and folded.startswith(prefix) and len(folded) > len(prefix):
                    by_rest.setdefault(folded[len(prefix) :], []).append(target)
        self._by_rest = {k: list(dict.fromkeys(v)) for k, v in by_rest.items()}

    @property
    def words(self) -> frozenset[str]:
        """The rests (``setting``) a file must contain to be worth reading."""
        return frozenset(self._by_rest)

    def references(self, path: str, text: str) -> Iterator[Reference]:
        """Every prefixed table name in ``text`` that names a target, in order."""
        if not self._by_rest or not any(m in text for m in ("PREFIX", "prefix", "Prefix", "#__")):
            return
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for found in _LEAD.finditer(text):
            rest = found.group("rest")
            candidates = self._by_rest.get(rest.casefold())
            if not candidates:
                continue
            kind = next(k for k in ("concat", "interp", "plus", "call", "joomla") if found.group(k))
            if kind in ("concat", "interp", "plus") and "prefix" not in found.group(kind).lower():
                continue
            index = bisect.bisect_right(starts, found.start("rest")) - 1
            line_start = starts[index]
            line_end = text.find("\n", line_start)
            line = text[line_start : len(text) if line_end < 0 else line_end].rstrip("\r")
            start = found.start("rest") - line_start
            confidence, label = _judge(text[max(0, found.start() - 300) : found.start()], kind)
            if found.start() - line_start >= comment_start(line, hash_comments=False):
                confidence, label = PLAIN, "comment"
            for target in candidates:
                yield Reference(
                    path,
                    index + 1,
                    start + 1,
                    start + len(rest) + 1,
                    line,
                    rest,
                    target,
                    confidence,
                    label,
                )


def _judge(before: str, kind: str) -> tuple[Confidence, str]:
    if kind == "call":
        return HIGH, CALL_LABEL
    if kind == "plus":
        sql = _SQL_BEFORE_PLUS.search(before) or _BUILDER_CALL.search(before)
        return (HIGH, SQL_LABEL) if sql else (PLAIN, PLAIN_LABEL)
    pattern = _SQL_BEFORE_CONCAT if kind == "concat" else _SQL_BEFORE_INLINE
    return (HIGH, SQL_LABEL) if pattern.search(before) else (PLAIN, PLAIN_LABEL)


def new_rest(ref: Reference) -> str | None:
    """What replaces ``ref``'s rest (``setting``) for its target's new name.

    None when the new name does not keep the prefix the old one had
    (``oc_setting`` -> ``config_setting``): the prefix expression cannot
    build it, so the code needs a person.
    """
    new = ref.target.target
    if not new:
        return None
    for old in (*ref.target.old_names, *ref.target.stored):
        if old.casefold().endswith(ref.name.casefold()) and len(old) > len(ref.name):
            prefix = old[: len(old) - len(ref.name)]
            if new.casefold().startswith(prefix.casefold()) and len(new) > len(prefix):
                return new[len(prefix) :]
            return None
    return None
