"""Countable nouns of database schemas that lemminflect's lexicon lacks.

lemminflect's word classes come from SPECIALIST, the U.S. National Library
of Medicine's lexicon of medical and general English. Words of software
schemas are missing from it: openfga's ``tuple`` and ``changelog`` tables,
Mattermost's ``emoji``, web.py's ``todo``, Apollo's ``App``, Gitea's ``language_stat`` are no
word to it, so DBN105 never judged them; ``log``, ``commit``, ``invite``,
``redirect`` and ``template`` it files only as verbs, and harbor's ``accessory``
(``artifact_accessory``) only as an adjective. This list supplies them as nouns, each
with its plural, so :mod:`dbnamelint.rules.words` answers for them as for a
lexicon noun (also as a compound's part: ``changelog`` is ``change`` +
``log``). Only countable nouns belong here: mass nouns (``metadata``,
``info``) stay unknown, or go in DBN105's ``uncountables``.

``tests/test_lexicon_gaps.py`` holds every entry to be missing from the
lexicon as a noun and its plural to be inflect's or lemminflect's.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: Singular -> plural.
NOUNS: Mapping[str, str] = MappingProxyType(
    {
        "accessory": "accessories",
        "acct": "accts",
        "addon": "addons",
        "addr": "addrs",
        "admin": "admins",
        "app": "apps",
        "attr": "attrs",
        "blog": "blogs",
        "captcha": "captchas",
        "chatbot": "chatbots",
        "commit": "commits",
        "conf": "confs",
        "config": "configs",
        "cronjob": "cronjobs",
        "diff": "diffs",
        "doc": "docs",
        "downvote": "downvotes",
        "emoji": "emojis",
        "emoticon": "emoticons",
        "geofence": "geofences",
        "gif": "gifs",
        "img": "imgs",
        "inbox": "inboxes",
        "invite": "invites",
        "invitee": "invitees",
        "log": "logs",
        "microservice": "microservices",
        "msg": "msgs",
        "navbar": "navbars",
        "param": "params",
        "permalink": "permalinks",
        "pkg": "pkgs",
        "plugin": "plugins",
        "popup": "popups",
        "pref": "prefs",
        "redirect": "redirects",
        "referrer": "referrers",
        "repo": "repos",
        "repost": "reposts",
        "req": "reqs",
        "retweet": "retweets",
        "signup": "signups",
        "spec": "specs",
        "stat": "stats",
        "sysadmin": "sysadmins",
        "template": "templates",
        "todo": "todos",
        "tuple": "tuples",
        "txn": "txns",
        "upvote": "upvotes",
        "vlog": "vlogs",
        "widget": "widgets",
        "wiki": "wikis",
    }
)

_SINGULARS: Mapping[str, str] = MappingProxyType({p: s for s, p in NOUNS.items()})


def noun_lemmas(word: str) -> tuple[str, ...]:
    """The singular of lower-case ``word`` as one of these nouns (``tuples`` ->
    ``("tuple",)``), or empty."""
    if word in NOUNS:
        return (word,)
    singular = _SINGULARS.get(word)
    return (singular,) if singular is not None else ()
