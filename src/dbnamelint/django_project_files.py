"""The files outside a Django migrations folder that say how its migrations are read.

Reading a Django app's migrations takes more than the folder: the settings
module the project's ``manage.py`` names (``AUTH_USER_MODEL``, which a
``ForeignKey(to=settings.AUTH_USER_MODEL)`` points at, and the engines:
:mod:`dbnamelint.django_vendor`), each app's ``apps.py`` (its label:
:func:`dbnamelint.django_ops.app_label`) and the other apps' migrations
beside it (the tables a foreign key to their models is named after:
``django_ops._other_states``). The gate reads the base commit from a tree
it extracts; without these files there, the base's model differed from the
working tree's one unchanged (trial s42 plane: ``AUTH_USER_MODEL =
"db.User"`` read as Django's default ``auth.User``, so every foreign key to
the user was ``..._fk_auth_user_id`` at the base and 26 legacy names were
refused as new, DBN901, on a change that changed nothing).
"""

from __future__ import annotations

from pathlib import Path

from dbnamelint.django_vendor import settings_files

__all__ = ["project_files"]


def project_files(place: Path, top: Path) -> list[Path]:
    """The files (and folders) beside ``place``, a path read (a folder or a
    file), that reading its Django migrations takes: the nearest
    ``manage.py`` above it (up to ``top``, the repository) and the settings
    files it names; when ``place`` is, or is in, an app's ``migrations``
    folder, every app's ``apps.py`` and ``migrations`` folder beside that
    app. Empty for a place of no Django project (no ``manage.py`` above)."""
    out: list[Path] = []
    folder = place if place.is_dir() else place.parent
    top = top.resolve()
    for up in [folder, *folder.parents]:
        manage = up / "manage.py"
        if manage.is_file():
            out += [manage, *settings_files(up, manage)]
            break
        if up.resolve() == top:
            return []
    else:
        return []
    migrations = next((p for p in [folder, *folder.parents] if p.name == "migrations"), None)
    if migrations is not None:
        try:
            siblings = sorted(migrations.parent.parent.iterdir())
        except OSError:
            siblings = []
        for app in siblings:
            if (app / "migrations").is_dir():
                out += [app / "apps.py", app / "migrations"]
    return out
