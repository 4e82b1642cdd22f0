"""Names as the database stores them, and when a name needs quotes.

Rules judge the stored name, not the spelling in the file: PostgreSQL folds
an unquoted ``CREATE TABLE NotifyAdmins`` to ``notifyadmins`` (manual
§4.1.1), so calling it PascalCase, or suggesting a name that keeps the
capitals, is wrong. The folding itself is a dialect fact and comes from
:func:`dbnamelint.dialects.profile_for`.
"""

from __future__ import annotations

from itertools import pairwise

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import DialectProfile, Folding, profile_for
from dbnamelint.model import SchemaObject
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.naming import case_word_starts

#: An identifier every supported dialect accepts without quotes (besides
#: reserved words and case folding, checked separately).
_BARE = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Read once, not per name: on Python 3.11 reading ``Folding.UPPER`` goes
# through ``EnumType.__getattr__``'s slow path (about five times a global's
# cost; 3.12 removed it).
_UPPER = Folding.UPPER


def profile_of(obj: SchemaObject, ctx: RuleContext) -> DialectProfile:
    """The dialect profile of the file where ``obj`` got its name."""
    return profile_for(obj.source.dialect or ctx.default_dialect)


def stored_object(obj: SchemaObject, ctx: RuleContext) -> SchemaObject:
    """``obj`` with its name as stored in the catalog (unchanged when equal)."""
    stored = profile_of(obj, ctx).fold(obj.name, obj.quoted)
    return obj if stored == obj.name else replace(obj, name=stored)


def stored_words(name: str, quoted: bool, profile: DialectProfile) -> str:
    """``name`` as stored, with ``_`` where the author's capitals started a word.

    Folding loses the words of an unquoted ``InvoiceLine``: PostgreSQL keeps
    ``invoiceline``, and a fix built on that (``invoicelines``) drops the
    boundary the author wrote; this gives ``invoice_line`` (Oracle:
    ``INVOICE_LINE``), a start that keeps it. Words split as every rule
    splits them (:func:`~dbnamelint.rules.naming.case_word_starts`:
    ``HTTPServer`` -> ``http_server``, ``userIDs`` -> ``user_ids``). A name
    the dialect keeps as written (quoted, MySQL, SQLite) is returned as is.
    """
    stored = profile.fold(name, quoted)
    if stored == name or len(stored) != len(name):
        return stored  # nothing folded (or a fold that moved characters: no map)
    starts = case_word_starts(name)
    if not starts:
        return stored
    bounds = [0, *starts, len(stored)]
    return "_".join(stored[a:b] for a, b in pairwise(bounds))


def object_words(obj: SchemaObject, ctx: RuleContext) -> str:
    """:func:`stored_words` of ``obj``'s name as the file wrote it (in full,
    where the database cut it): where its fixes start from."""
    return stored_words(obj.written_name or obj.name, obj.quoted, profile_of(obj, ctx))


def needs_quotes(name: str, profile: DialectProfile) -> bool:
    """Whether DDL must quote ``name`` to create exactly that stored name.

    True for characters outside ``[A-Za-z0-9_]`` (or a leading digit), for
    a name that unquoted folding would change (``Users`` in PostgreSQL), and
    for reserved words of the dialect.
    """
    if not _BARE.fullmatch(name):
        return True
    if profile.folding is _UPPER:
        # Oracle/Snowflake: a one-case bare name is written without quotes
        # (the catalog upper-cases it); mixed case needs them.
        if name not in (name.upper(), name.lower()):
            return True
    elif profile.fold(name, False) != name:
        return True
    return name.lower() in profile.reserved_words
