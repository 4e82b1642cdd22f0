"""Data files: JSON, YAML, ``.properties``/``.ini`` and gettext catalogues.

Their strings are values, not code: a value is SQL only as a whole statement
(``"q": "SELECT id FROM team"``), never because a SQL word opens it
(``"join-team": "Join team"``), and a mapping key (``"subscribers.attribs":``,
``subscribers.attribs:`` in an OpenAPI schema, ``subscribers.attribs=Attributes``)
is a key, never SQL. A message catalogue (a gettext ``.po``/``.pot`` file,
Flutter's ``.arb``, or a data file in a folder such as ``i18n``, ``locales``,
``messages`` or ``translations``) holds the text a user interface shows: there
a statement needs its keywords in upper case, as in an error message. Reads
text only.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import string_span
from dbnamelint.impact.languages import YAML_SUFFIXES

_JSON_SUFFIXES = (".json", ".json5", ".jsonc", ".arb")
_CONFIG_SUFFIXES = (".properties", ".ini")
_CATALOGUE_SUFFIXES = (".po", ".pot", ".arb")
DATA_SUFFIXES = (*_JSON_SUFFIXES, *YAML_SUFFIXES, *_CONFIG_SUFFIXES, ".po", ".pot")

#: Folders that hold an application's translations (Angular's ``i18n``,
#: i18next's ``locales``, Rails' ``config/locales``, Symfony's ``translations``,
#: FormatJS's ``intl``/``messages``, Java's ``nls``).
_CATALOGUE_FOLDERS = frozenset(
    {
        *("i18n", "l10n", "locale", "locales", "lang", "langs", "language", "languages"),
        *("translation", "translations", "messages", "intl", "nls"),
    }
)

#: A YAML block mapping's key, plain or quoted, before ``: `` or the line's end
#: (after sequence dashes or an explicit ``? `` key indicator).
_YAML_KEY = lazy_compile(
    r"[ \t]*(?:-[ \t]+)*(?:\?[ \t]+)?"
    r"(?P<key>\"(?:\\.|[^\"\\])*\"|'(?:[^']|'')*'|[^\s#'\"{}\[\],&*!|>%@`][^#]*?)"
    r"[ \t]*:(?:[ \t]|$)"
)
#: A plain key of a YAML flow mapping: ``{subscribers.attribs: x, ...}``.
_FLOW_KEY = lazy_compile(r"[{,][ \t]*(?P<key>[^\s,{}\[\]:'\"#][^,{}\[\]#]*?)[ \t]*:(?:[ \t]|$)")
#: What follows a quoted key: its ``:``.
_AFTER_KEY = lazy_compile(r"[ \t]*:")


def is_data_file(path: str) -> bool:
    """Whether the file at ``path`` (any case) is a data file whose strings are values."""
    return path.lower().endswith(DATA_SUFFIXES)


def is_catalogue(path: str) -> bool:
    """Whether the data file at ``path`` is a message catalogue: by its format,
    or by a folder on its path named for translations."""
    lowered = path.lower()
    if lowered.endswith(_CATALOGUE_SUFFIXES):
        return True
    folders = lowered.replace("\\", "/").split("/")[:-1]
    return is_data_file(path) and not _CATALOGUE_FOLDERS.isdisjoint(folders)


def in_key(path: str, line: str, start: int, end: int) -> bool:
    """Whether ``line[start:end]`` is (in) a mapping key of a JSON or YAML line.

    A quoted string followed by ``:`` is a key (JSON; YAML's quoted keys); in
    YAML so is a block mapping's plain key and a flow mapping's. Keys of
    ``.properties``/``.ini`` entries are what their values are not
    (:mod:`~dbnamelint.impact.configvalues`).
    """
    lowered = path.lower()
    yaml = lowered.endswith(YAML_SUFFIXES)
    if not (yaml or lowered.endswith(_JSON_SUFFIXES)):
        return False
    quoted = string_span(line, start)
    if quoted is not None and quoted[1] >= end:
        return _AFTER_KEY.match(line, quoted[1] + 1) is not None
    if not yaml:
        return False
    found = _YAML_KEY.match(line)
    if found is not None and found.start("key") <= start and end <= found.end("key"):
        return True
    return any(m.start("key") <= start and end <= m.end("key") for m in _FLOW_KEY.finditer(line))
