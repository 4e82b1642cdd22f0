"""The names Rails gives what ``db/schema.rb`` leaves unnamed.

The dumper leaves a name out when Rails would make the same one on load
(``export_name_on_schema_dump?``: the name does not match
``fk_ignore_pattern`` ``/^fk_rails_[0-9a-f]{10}$/``, ``chk_ignore_pattern``,
``excl_ignore_pattern``, ``unique_ignore_pattern``), so ``db:schema:load``
names them again, as ActiveRecord does (abstract/schema_statements.rb
``foreign_key_name``, ``check_constraint_name``; postgresql/schema_statements.rb
``exclusion_constraint_name``, ``unique_constraint_name``): a prefix and the
first 10 hex digits of the SHA-256 of an identifier.

A foreign key whose ``column:`` is left out is on the column
``foreign_key_column_for(to_table, "id")``: ``"#{to_table.singularize}_id"``,
singularized with ActiveSupport's English inflections (activesupport/lib/
active_support/inflections.rb), which :func:`singularize` follows.
"""

from __future__ import annotations

import hashlib
import re

__all__ = [
    "MAX_INDEX_NAME_SIZE",
    "check_name",
    "exclusion_name",
    "foreign_key_column",
    "foreign_key_name",
    "index_name",
    "pluralize",
    "singularize",
    "unique_name",
]


def _hashed(prefix: str, identifier: str) -> str:
    return prefix + hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:10]


def foreign_key_name(table: str, columns: list[str]) -> str:
    """``fk_rails_`` + SHA-256 of ``"#{table}_#{columns * '_and_'}_fk"`` (first 10 hex)."""
    return _hashed("fk_rails_", f"{table}_{'_and_'.join(columns)}_fk")


#: ActiveRecord's ``max_index_name_size`` (abstract/schema_statements.rb): 62 bytes.
MAX_INDEX_NAME_SIZE = 62


def index_name(table: str, columns: list[str]) -> str:
    """The name Rails gives an index without ``name:`` (``generate_index_name``,
    abstract/schema_statements.rb, Rails 7.1+): ``index_<table>_on_<columns
    joined by _and_>``; past 62 bytes ``idx_on_<columns joined by _>`` cut to
    51 bytes (``truncate_bytes``: no character split) + ``_`` + the first 10
    hex digits of the SHA-256 of the long name."""
    name = f"index_{table}_on_{'_and_'.join(columns)}"
    if len(name.encode("utf-8")) <= MAX_INDEX_NAME_SIZE:
        return name
    hashed = "_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    short = f"idx_on_{'_'.join(columns)}".encode()[: MAX_INDEX_NAME_SIZE - len(hashed)]
    return short.decode("utf-8", errors="ignore") + hashed


def check_name(table: str, expression: str) -> str:
    """``chk_rails_`` + SHA-256 of ``"#{table}_#{expression}_chk"``."""
    return _hashed("chk_rails_", f"{table}_{expression}_chk")


def exclusion_name(table: str, expression: str) -> str:
    """``excl_rails_`` + SHA-256 of ``"#{table}_#{expression}_excl"``."""
    return _hashed("excl_rails_", f"{table}_{expression}_excl")


def unique_name(table: str, columns: list[str]) -> str:
    """``uniq_rails_`` + SHA-256 of ``"#{table}_#{columns * '_and_'}_unique"``."""
    return _hashed("uniq_rails_", f"{table}_{'_and_'.join(columns)}_unique")


#: ActiveSupport's singular rules, in the order written (the last that matches wins).
_SINGULAR: list[tuple[str, str]] = [
    (r"s$", ""),
    (r"(ss)$", r"\1"),
    (r"(n)ews$", r"\1ews"),
    (r"([ti])a$", r"\1um"),
    (r"((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)(sis|ses)$", r"\1sis"),
    (r"(^analy)(sis|ses)$", r"\1sis"),
    (r"([^f])ves$", r"\1fe"),
    (r"(hive)s$", r"\1"),
    (r"(tive)s$", r"\1"),
    (r"([lr])ves$", r"\1f"),
    (r"([^aeiouy]|qu)ies$", r"\1y"),
    (r"(s)eries$", r"\1eries"),
    (r"(m)ovies$", r"\1ovie"),
    (r"(x|ch|ss|sh)es$", r"\1"),
    (r"^(m|l)ice$", r"\1ouse"),
    (r"(bus)(es)?$", r"\1"),
    (r"(o)es$", r"\1"),
    (r"(shoe)s$", r"\1"),
    (r"(cris|test)(is|es)$", r"\1is"),
    (r"^(a)x[ie]s$", r"\1xis"),
    (r"(octop|vir)(us|i)$", r"\1us"),
    (r"(alias|status)(es)?$", r"\1"),
    (r"^(ox)en", r"\1"),
    (r"(vert|ind)ices$", r"\1ex"),
    (r"(matr)ices$", r"\1ix"),
    (r"(quiz)zes$", r"\1"),
    (r"(database)s$", r"\1"),
]
#: ``inflect.irregular(singular, plural)``: each adds singular rules for the
#: plural (and the singular) ending a word, after the rules above.
_IRREGULAR = [
    ("person", "people"),
    ("man", "men"),
    ("child", "children"),
    ("sex", "sexes"),
    ("move", "moves"),
    ("zombie", "zombies"),
]
_UNCOUNTABLE = (
    *("equipment", "information", "rice", "money", "species", "series", "fish"),
    *("sheep", "jeans", "police"),
)


#: ActiveSupport's plural rules, in the order written (the last that matches wins).
_PLURAL: list[tuple[str, str]] = [
    (r"$", "s"),
    (r"s$", "s"),
    (r"^(ax|test)is$", r"\1es"),
    (r"(octop|vir)us$", r"\1i"),
    (r"(octop|vir)i$", r"\1i"),
    (r"(alias|status)$", r"\1es"),
    (r"(bu)s$", r"\1ses"),
    (r"(buffal|tomat)o$", r"\1oes"),
    (r"([ti])um$", r"\1a"),
    (r"([ti])a$", r"\1a"),
    (r"sis$", "ses"),
    (r"(?:([^f])fe|([lr])f)$", r"\1\2ves"),
    (r"(hive)$", r"\1s"),
    (r"([^aeiouy]|qu)y$", r"\1ies"),
    (r"(x|ch|ss|sh)$", r"\1es"),
    (r"(matr|vert|ind)(?:ix|ex)$", r"\1ices"),
    (r"^(m|l)ouse$", r"\1ice"),
    (r"^(m|l)ice$", r"\1ice"),
    (r"^(ox)$", r"\1en"),
    (r"^(oxen)$", r"\1"),
    (r"(quiz)$", r"\1zes"),
]


def _compiled(written: list[tuple[str, str]], target: int) -> list[tuple[re.Pattern[str], str]]:
    """``written`` rules, then ``Inflections#irregular``'s for each pair
    (``target`` 0: the singular's rules, 1: the plural's): a rule for either
    word of the pair ending a word, ``/(w)ord_rest$/i`` -> ``'\\1' +
    target_rest``; last added first, as ``apply_inflections`` tries them."""
    rules = [(re.compile(p, re.IGNORECASE), r) for p, r in written]
    for pair in _IRREGULAR:
        wanted = pair[target]
        for word in (pair[1 - target], wanted):
            rules.append(
                (
                    re.compile(f"({word[0]}){re.escape(word[1:])}$", re.IGNORECASE),
                    r"\1" + wanted[1:],
                )
            )
    return rules[::-1]


_SINGULAR_RULES = _compiled(_SINGULAR, 0)
_PLURAL_RULES = _compiled(_PLURAL, 1)


def _inflected(word: str, rules: list[tuple[re.Pattern[str], str]]) -> str:
    """``Inflector#apply_inflections``: an uncountable word ending ``word``
    keeps it, else the first of ``rules`` (the last added) that matches applies."""
    lowered = word.lower()
    if any(re.search(rf"\b{u}\Z", lowered) for u in _UNCOUNTABLE):
        return word
    for pattern, replacement in rules:
        if pattern.search(word):
            return pattern.sub(replacement, word, count=1)
    return word


def singularize(word: str) -> str:
    """``word.singularize`` as ActiveSupport's English inflections make it."""
    return _inflected(word, _SINGULAR_RULES)


def pluralize(word: str) -> str:
    """``word.pluralize`` as ActiveSupport's English inflections make it
    (``t.references :user, foreign_key: true`` refers to ``users``)."""
    return _inflected(word, _PLURAL_RULES)


def foreign_key_column(to_table: str) -> str:
    """The column of a foreign key written without ``column:``:
    ``"#{to_table.singularize}_id"`` (the table's name without a schema)."""
    return f"{singularize(to_table.rpartition('.')[2])}_id"
