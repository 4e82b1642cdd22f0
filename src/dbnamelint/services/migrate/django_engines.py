"""Which databases a written Django migration runs on, against the one its SQL is for.

``manage.py migrate`` runs a migration on whichever database the project's
settings pick (``DATABASES["default"]["ENGINE"]``); many self-hosted apps pick
one of several by an environment variable (healthchecks' ``hc/settings.py``:
SQLite by default, ``django.db.backends.postgresql`` when ``DB=postgres``,
``django.db.backends.mysql`` when ``DB=mysql``). ``migrate --write`` writes the
SQL of one dialect, the plan's: SQLite's compatibility-view triggers
(``CREATE TRIGGER ... BEGIN ... END``) fail on PostgreSQL (``syntax error at or
near "BEGIN"``, Django 5.2's ``migrate``), MySQL's backquotes everywhere else.
So a Django migration is written only when the settings name the plan's
database alone (:func:`engines_refusal`), and the plan says so when no
settings are found (:func:`engines_note`). The engines are read by
:func:`dbnamelint.django_vendor.settings_engines` (the settings module the
nearest ``manage.py`` above the app names), as the reader's ``DBN000`` reads them.
"""

from __future__ import annotations

from pathlib import Path

from dbnamelint.django_vendor import NamedEngine, settings_engines


def _engines(anchor: Path) -> tuple[NamedEngine, ...]:
    path = anchor.resolve()
    return settings_engines(path, Path(path.anchor))


def _where(named: NamedEngine) -> str:
    """``file:line`` of the ENGINE literal (or database URL) of ``named``."""
    try:
        text = named.file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return str(named.file)
    return f"{named.file}:{text.count(chr(10), 0, named.offset) + 1}"


def engines_refusal(anchor: Path, family: str, dialect: str) -> str | None:
    """Why a Django migration holding ``family``'s SQL (``dialect``: the
    plan's dialect, as given) cannot be written after the migration
    ``anchor``, or None: the project's settings name another database
    (besides ``family``, or instead of it), located at the ``ENGINE`` literal
    first naming it."""
    engines = _engines(anchor)
    others = [e for e in engines if e.family != family]
    if not others:
        return None
    named = ", ".join(e.family for e in engines)
    alone = len(engines) == len(others)
    why = (
        f"the Django settings name {named} only, not {family}"
        if alone
        else f"the Django settings name several databases ({named})"
    )
    flags = " / ".join(f"`--dialect {e.family}`" for e in engines)
    return (
        f"{_where(others[0])}: {why}, and `manage.py migrate` runs the migration on "
        f"whichever the project runs on, but --write would write {dialect}'s SQL only, "
        f"which fails on {', '.join(e.family for e in others)}; nothing written: "
        + (
            "set `dialect:` in the config to the database the project runs on"
            if alone
            else f"print each database's SQL without --write ({flags}) and write one "
            "migration that runs each database's statements by "
            "`schema_editor.connection.vendor` (RunPython), or set `dialect:` and drop the "
            "other engines from the settings if the project runs on one"
        )
    )


def engines_note(anchor: Path, label: str, dialect: str) -> str | None:
    """What the plan says when no settings naming a database are found for
    the app ``label`` of ``anchor``: the migration holds ``dialect``'s SQL
    only, so a project running another database needs its own. None when the
    settings name one (:func:`engines_refusal` judged them)."""
    if _engines(anchor):
        return None
    return (
        f"no `manage.py` above app {label} names a settings module whose DATABASES name an "
        f"ENGINE, so which databases run the migration is not known: it holds {dialect}'s "
        "SQL only (SQLite's view triggers fail on PostgreSQL, MySQL's backquotes elsewhere); "
        "if the project also runs on another database, print that one's SQL with "
        "`--dialect` and run it by `schema_editor.connection.vendor`"
    )
