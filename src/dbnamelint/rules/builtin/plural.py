"""Plural (or singular) table names, judged only where the last word is a noun.

Word class and number come from the lemminflect lexicon
(:mod:`dbnamelint.rules.words`): pluralising whatever the last word is gives
``receipts_linearizeds``, ``presence_toes`` and ``*_jsons``. A last word the
lexicon does not know as a noun (participles, adverbs, acronyms such as
``json`` or ``kb``) is left alone unless the team lists it in ``nouns``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, cast

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules import words
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation
from dbnamelint.rules.builtin._common import module_prefixes
from dbnamelint.rules.naming import matches_any, split_words, word_spans

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.plural import PluralOptions
    from dbnamelint.rules.frozenoptions import FrozenOptions
    from dbnamelint.rules.options import RuleOptions

DEFAULT_UNCOUNTABLES = (
    "data",
    "metadata",
    "history",
    "info",
    "information",
    "staff",
    "media",
    "multimedia",
    "feedback",
    "analytics",
    "settings",
    "usage",
    "progress",
    "equipment",
    "news",
    "series",
    "species",
    "software",
    "knowledge",
    "evidence",
    "inventory",
    "access",
    "traffic",
    # mass nouns the lexicon files with no plural but themselves and that
    # inflect does not know as uncountable (it gives trash -> trashes);
    # ``transport`` or ``syntax``, which have a countable sense, are not here
    "trash",
    "garbage",
    "rubbish",
    "junk",
    "spam",
    "luggage",
    "baggage",
    "hardware",
    "firmware",
    "middleware",
    "research",
    "music",
    "homework",
    "weather",
    "stuff",
    "advice",
    "documentation",
    "money",
    # mass nouns of schemas the lexicon files with a plural too (privacies,
    # healths, telemetries): a table user_privacy or device_telemetry holds
    # no list of privacies (trial s14 words; securities, storages stay
    # accepted as plurals)
    "health",
    "privacy",
    "storage",
    "security",
    "telemetry",
    "compliance",
    "maintenance",
)
DEFAULT_TYPE_INFIXES = ("cfg", "log", "hist", "usage", "state", "queue")
#: Countable nouns of schemas that the lexicon lacks (``config``) or files
#: only as a verb (``log``).
DEFAULT_NOUNS = ("log", "config", "admin", "webhook")

#: Words that end a table name after its noun, saying which copy or period it
#: holds (``user_old``, ``website_event_stats_hourly``, ``orders_backup``):
#: not the noun whose number counts.
DEFAULT_MODIFIERS = (
    "old",
    "new",
    "tmp",
    "temp",
    "bak",
    "bkp",
    "backup",
    "archive",
    "archived",
    "legacy",
    "prev",
    "previous",
    "orig",
    "original",
    "hourly",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
    "annual",
)

#: Endings of singular words that end in "s" (status, analysis, alias, class):
#: any other final "s" reads as a plural without consulting the lexicon.
_SINGULAR_S = ("ss", "us", "is", "as", "os")

#: Prefixes that make a verb of a verb (re-try, over-ride, un-lock), whose
#: noun the base's noun is too (:meth:`TableNameSingular._prefixed_noun`).
_NOUN_PREFIXES = ("re", "over", "under", "out", "up", "un", "pre", "co", "sub", "cross", "back")

_PART = lazy_compile(r"[^_]+")
#: Shortest first part of a closed compound, as the lexicon's splitting has
#: it (:func:`dbnamelint.rules.words.compound_head`).
_MIN_PART = 3
#: Longer words are no compound worth trying every cut of.
_LONGEST_WORD = 64
_TRAILING_DIGITS = lazy_compile(r"[0-9]+$")


def last_word_span(name: str, modifiers: Collection[str] = ()) -> tuple[int, int] | None:
    """Start and end of the word that decides the number, or None.

    The last word with letters, as :func:`~dbnamelint.rules.naming.word_spans`
    splits words, without the digits glued to it: ``order_item2`` is judged
    by ``item`` (suggestion ``order_items2``). A version or date word is
    skipped: a number alone (``_2024``) or one letter before digits
    (``_v2``, ``ItemV2``), so ``user_profiles_v2`` is judged by ``profiles``.
    So are trailing ``modifiers`` (lower case) while a word comes before
    them: ``user_old`` is judged by ``user`` (``users_old``),
    ``website_event_stats_hourly_old`` by ``stats``.
    """
    spans = _word_spans(name)
    for index in range(len(spans) - 1, -1, -1):
        start, end = spans[index]
        if index and name[start:end].lower() in modifiers:
            continue
        return start, end
    return None


def _word_spans(name: str) -> list[tuple[int, int]]:
    """The words of ``name`` that can carry its number, in order: digits
    glued to a word and version words (``2024``, ``v2``, the ``V2`` of
    ``ItemV2``) left out."""
    out: list[tuple[int, int]] = []
    for part in _PART.finditer(name):
        text = part.group()
        digits = _TRAILING_DIGITS.search(text)
        letters = text[: digits.start()] if digits else text
        if not letters.isalpha():
            continue
        if letters.islower() or letters.isupper():
            if digits and len(letters) == 1:
                continue  # v2: a version, not a word
            out.append((part.start(), part.start() + len(letters)))
            continue
        spans = word_spans(letters)  # the words split_words reads: PTR|ignore, user|IDs
        if digits and spans[-1][1] - spans[-1][0] == 1:  # ItemV2: the V2 is a version
            spans = spans[:-1]
        out += [(part.start() + start, part.start() + end) for start, end in spans]
    return out


def _spelt_like(other: str, word: str) -> str:
    """``other`` in the capitals of ``word``: ``USERS``, ``Users``, ``IDs`` (acronym plural)."""
    if word.isupper():
        return other.upper()
    if len(word) > 2 and word[:-1].isupper() and word.endswith("s"):  # IDs <-> ID
        return other[:-1].upper() + "s" if other.endswith("s") else other.upper()
    return other[:1].upper() + other[1:]


class TableNameSingular(Rule):
    """Table names must end in a plural noun (or, with `number: singular`, a singular one).

    ## What it does
    Takes the last word of a table name that has letters, without the
    digits glued to it (`order_item2` is judged by `item`: `order_items2`),
    skipping version suffixes such as `_v2` and `_2024`, and judges it only
    if it is a noun: word class and number come
    from the lemminflect lexicon, so `receipts_linearized` (a participle),
    `presence_to` (not a noun), `DynBadMy` (a pronoun or determiner),
    `sync_now` (an adverb whose noun has no plural), `plan_a` (a letter),
    `data_json` and `chat_session_kb` (acronyms) are left alone, and
    `meeting_analysis` -> `meeting_analyses`,
    `user_onboarding_status` -> `user_onboarding_statuses`, `criteria` and
    `people` (plurals) come out right. Countable nouns of software schemas
    the lexicon lacks are supplied (`tuple`, `todo`, `emoji`, `invite`,
    `accessory`...), a verb that is a prefix and a countable noun is that
    noun's derivative (`job_retry` -> `job_retries`, `price_override` ->
    `price_overrides`; not `define` or `resend`),
    a closed compound is judged by its last part (`changelog` ->
    `changelogs`; `loginhistory` passes), and an `-ing` word the lexicon
    files as a countable noun only is one (`user_setting` ->
    `user_settings`). A noun the lexicon also knows as a
    mass noun gets its countable plural (`app_transport` -> `app_transports`,
    `bad_syntax` -> `bad_syntaxes`); a word that is its own plural (`sheep`)
    or both a singular and a plural (`taxis`) passes. Words in `uncountables` (data, news,
    series, history, settings...) pass, and so, by default, do typed tables
    such as `ws_cfg_sys` when the standard has type infixes (DBN104 runs):
    the word right after the module prefix (without a module, the second
    word) is a type infix. Without DBN104, `internal_queue_item` is judged
    like any table (`internal_queue_items`). An adjective
    after a plural noun (`doc_types_original`) is not the noun that counts,
    nor is a trailing word in `modifiers` (a copy or a period: `old`, `new`,
    `tmp`, `bak`, `backup`, `archive`, `hourly`, `daily`...): the noun before
    it is judged (`user_old` -> `users_old`; `event_data_old` and
    `website_event_stats_hourly_old` pass).
    Abbreviations a team treats as nouns go in `nouns` (`kb` ->
    `chat_session_kbs`). With `number: singular` the rule asks for singular
    names instead (`users` -> `user`).

    Partitions (`CREATE TABLE ... PARTITION OF`, `ATTACH PARTITION`) are
    skipped: their names are the parent's plus a range or list suffix
    (`payment_p2022_01`, `enriched_events_default`), so the parent is judged.

    ## Why is this bad?
    A table holds many rows; mixing `user` and `orders` in one schema makes
    every join a guess, and ORMs map plural table names to singular models.

    ## Example
    ```sql
    CREATE TABLE workspace (id bigint PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE workspaces (id bigint PRIMARY KEY);
    ```

    ## Options
    `number` (plural or singular), `nouns` (countable nouns the lexicon
    lacks, default log, config, admin, webhook) and `extra_nouns`,
    `uncountables` (replaces the default list), `extra_uncountables` (adds
    to it), `modifiers` (replaces the default list) and `extra_modifiers`,
    `exceptions` (globs such as `*_temp`), `skip_type_infix_tables`,
    `type_infixes`, `type_words`.
    """

    code = "DBN105"
    name = "table-name-singular"
    fix_order = 30
    kinds = frozenset({ObjectKind.TABLE})
    options_model = OptionsModel("dbnamelint.rules.builtin.options.plural", "PluralOptions")

    def __init__(self, options: RuleOptions | FrozenOptions | None = None) -> None:
        super().__init__(options)
        opts = cast("PluralOptions", self.options)
        self._uncountables = frozenset(
            w.lower() for w in (*opts.uncountables, *opts.extra_uncountables)
        )
        self._nouns = frozenset(w.lower() for w in (*opts.nouns, *opts.extra_nouns))
        self._type_infixes = frozenset(i.lower() for i in opts.type_infixes)
        self._type_words = frozenset(w.lower() for w in opts.type_words)
        self._modifiers = frozenset(w.lower() for w in (*opts.modifiers, *opts.extra_modifiers))

    def number_of(self, word: str, previous: str | None = None) -> tuple[str, str] | None:
        """("plural" | "singular", the other form) of a final noun, or None.

        None means the word is not judged: uncountable, not a noun, a
        participle or gerund with a verb reading (``combined``,
        ``processing``), or an adjective after a plural noun
        (``types_original``). ``previous`` is the word before it, if any.
        """
        low = word.lower()
        if len(low) < 2 or low in self._uncountables:
            return None  # one letter (plan_a, point_x) is no noun to pluralise
        if low in self._nouns:
            return self._singular(low)
        if low.endswith("s") and low[:-1] in self._nouns:
            return "plural", low[:-1]
        opts = cast("PluralOptions", self.options)
        if opts.number == "plural" and self._looks_plural(low):
            return "plural", low  # fast path: no lexicon needed to accept it
        split = self._compound(low)
        if split is not None:
            return self._compound_number(*split)
        classes = words.classes(low)
        if not classes:
            agent = _agent_noun(low)  # matcher, fetcher: a gap of the lexicon
            if agent is not None:
                return agent
        if "NOUN" not in classes:
            derived = self._prefixed_noun(low, classes)  # retry of try, override of ride
            if derived is not None:
                return derived
            for stem in dict.fromkeys((low[:-1], low[:-2], low[:-3] + "y")):
                if not low.endswith("s"):
                    break
                found = self._prefixed_noun(stem, words.classes(stem))
                if found is not None and found[1] == low:
                    return "plural", stem  # retries: a verb form to the lexicon
            singular = words.singular_of(low)  # transports: a verb form to the lexicon
            return None if singular is None else ("plural", singular)
        if (
            low.endswith(("ing", "ed"))
            and "VERB" in classes
            and words.verb_form(low)
            and not words.count_noun_only(low)
        ):
            return None  # a participle or gerund (combined, processing), not booking or feed
        adjective = "ADJ" in classes and "VERB" not in classes
        if adjective and previous is not None and self._plural_noun(previous):
            return None
        lemmas = words.noun_lemmas(low)
        if not lemmas:
            return None
        if "ADV" in classes and low in lemmas and words.no_listed_plural(low):
            return None  # an adverb whose noun sense has no plural: now, once, above (not nows)
        if low not in lemmas:
            return "plural", lemmas[0]
        if any(words.plural_of(lemma) == low for lemma in lemmas if lemma != low):
            return None  # a singular and a plural both (taxis: of taxi, and its own)
        singular = words.irregular_singular(low)
        if singular is not None:
            return "plural", singular
        return self._singular(low)

    def _compound(self, low: str) -> tuple[str, str] | None:
        """(first part, head) of a closed compound that ends in one of the
        rule's own words, or None.

        The lexicon splits compounds at its own nouns (``workspace``); the
        rule's ``nouns`` and ``uncountables`` are words it lacks or that
        count otherwise, so ``notifyadmin`` ends in ``admin`` and
        ``userhistory`` in the uncountable ``history``. The first part is a
        known word or one of ``nouns``, three letters or more; the longest
        head wins, and a longer lexicon head (``productcatalog``: ``catalog``,
        not ``log``) is left to the lexicon.
        """
        if len(low) > _LONGEST_WORD or words.known(low):
            return None
        for cut in range(_MIN_PART, len(low) - 1):
            first, head = low[:cut], low[cut:]
            if not (
                head in self._uncountables
                or head in self._nouns
                or (head.endswith("s") and head[:-1] in self._nouns)
            ):
                continue
            if first in self._nouns or words.known(first):
                lexical = words.compound_head(low)
                if lexical is not None and len(lexical[1]) > len(head):
                    return None
                return first, head
        return None

    def _compound_number(self, first: str, head: str) -> tuple[str, str] | None:
        """:meth:`number_of` of ``first + head`` from its head's number."""
        if head in self._uncountables:
            return None
        if head in self._nouns:
            found = self._singular(head)
            return None if found is None else ("singular", first + found[1])
        return "plural", first + head[:-1]

    def _prefixed_noun(self, low: str, classes: Collection[str]) -> tuple[str, str] | None:
        """("singular", plural) of a verb the lexicon files as no noun that is
        a productive prefix and a countable noun of its own (``retry``: re- +
        the noun ``try``, ``override``: over- + ``ride``), else None.

        English makes nouns of such verbs as of their bases ("a retry", "an
        override"; the lexicon files ``rerun``, ``redo`` and ``reissue`` as
        nouns, ``retry`` and ``override`` as verbs only: trial s33 harbor's
        ``job_retry`` passed). Only a verb's base form counts (not
        ``retried``), and only the prefixes that keep the base's meaning;
        ``de-``, ``in-``, ``ex-``, ``com-`` and ``en-`` are Latin parts of
        words such as ``define`` and ``include``, no prefix of a noun.
        """
        if classes != {"VERB"} or words.verb_form(low):
            return None
        for prefix in _NOUN_PREFIXES:
            base = low[len(prefix) :]
            if not low.startswith(prefix) or len(base) < _MIN_PART:
                continue
            if base in self._uncountables or base not in words.noun_lemmas(base):
                continue
            plural = words.plural_of(base)
            if plural != base:
                return "singular", prefix + plural
        return None

    @staticmethod
    def _singular(low: str) -> tuple[str, str] | None:
        """("singular", its plural), or None for a word that is its own plural (sheep)."""
        plural = words.plural_of(low)
        return None if plural == low else ("singular", plural)

    @staticmethod
    def _looks_plural(low: str) -> bool:
        return len(low) > 2 and low.endswith("s") and not low.endswith(_SINGULAR_S)

    def _plural_noun(self, word: str) -> bool:
        low = word.lower()
        if self._looks_plural(low):
            return True
        lemmas = words.noun_lemmas(low)
        return bool(lemmas) and low not in lemmas

    def _typed(self, obj: SchemaObject, ctx: RuleContext) -> bool:
        """``<prefix>_<infix>_<name>`` (``ws_log_activity``, ``WsLogActivity``):
        the word in the infix position is a type infix, and a word follows it.

        The infix position is where DBN104 (the standard that has infixes)
        puts it: right after the owning module's prefix (``user_log_auth``
        in module access, prefixes ``access_``, ``user_``), or without a
        module after the first word. A table of no module prefix, or with
        the word elsewhere (``v1_retry_queue_item``), is not typed. Words
        split as every rule splits them, so both spellings get one verdict;
        a type word at the end (``audit_log``, ``AuditLog``) is the table's noun.
        """
        parts = split_words(obj.name)
        prefixes = module_prefixes(obj, ctx)
        if prefixes is None:
            return len(parts) >= 3 and parts[1] in self._type_infixes
        for prefix in prefixes:
            words_of_prefix = split_words(prefix)
            if words_of_prefix and list(parts[: len(words_of_prefix)]) == list(words_of_prefix):
                rest = parts[len(words_of_prefix) :]
                return len(rest) >= 2 and rest[0] in self._type_infixes
        return False

    @staticmethod
    def _infix_standard(ctx: RuleContext) -> bool:
        """Whether the run's standard has type infixes: DBN104 runs (or, with
        the run's rules unknown, may run). Without it no position is an infix
        position, so ``internal_queue_item`` is judged like any table."""
        return ctx.active_rules is None or "DBN104" in ctx.active_rules

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("PluralOptions", self.options)
        if obj.partition_of is not None or matches_any(obj.name, opts.exceptions):
            return
        infix_rule_runs = self._infix_standard(ctx)
        if opts.skip_type_infix_tables and infix_rule_runs and self._typed(obj, ctx):
            return
        span = last_word_span(obj.name, self._modifiers)
        if span is None:
            return
        start, end = span
        word = obj.name[start:end]
        if infix_rule_runs and word.lower() in self._type_words:
            return
        before = [w for w in re.split(r"[^A-Za-z]+", obj.name[:start]) if w]
        found = self.number_of(word, before[-1] if before else None)
        if found is None or found[0] == opts.number:
            return
        other = found[1]
        if word[:1].isupper():
            other = _spelt_like(other, word)
        yield Violation(
            f"table name {obj.name!r} does not end in a {opts.number} noun",
            obj.name[:start] + other + obj.name[end:],
        )


def _agent_noun(low: str) -> tuple[str, str] | None:
    """("singular", plural) or ("plural", singular) of an agent noun the
    lexicon lacks, a verb and ``-er`` (``matcher`` of match, ``fetcher``,
    ``poller``, ``notifier`` of notify; lemminflect 0.2.3 files none of them:
    trial s26 semaphore's ``project__integration_matcher`` passed), else None."""
    plural = low.endswith("ers")
    word = low[:-1] if plural else low
    if len(word) < 5 or not word.endswith("er"):
        return None
    stem = word[:-2]
    stems = [stem, word[:-1]]  # match-er, schedule-r
    if len(stem) > 2 and stem[-1] == stem[-2]:
        stems.append(stem[:-1])  # poll-er is there; emit-t-er
    if stem.endswith("i"):
        stems.append(stem[:-1] + "y")  # notifi-er
    if not any("VERB" in words.classes(s) for s in stems):
        return None
    return ("plural", word) if plural else ("singular", word + "s")
