"""The installed release of a distribution, read cheaply when pip laid it out.

``importlib.metadata.version`` imports its package (about 10 ms) and scans
every distribution on ``sys.path``; the rules ask it on the way to their
first word. pip, uv and wheel installers write ``<name>-<version>.dist-info``
beside the package they install (the Python Packaging User Guide's
"Recording installed projects"), so one listing of that folder answers;
any other layout (eggs, editable installs, zip imports) asks
``importlib.metadata``.
"""

from __future__ import annotations

import os


def installed_version(distribution: str, package_dir: str) -> str | None:
    """The version of ``distribution`` whose package folder is ``package_dir``,
    or None when it is not installed.

    ``distribution`` is the project name as its dist-info folder spells it
    (``lemminflect``, ``inflect``); ``package_dir`` the package's folder (from
    ``importlib.util.find_spec``). Raises nothing: an unreadable folder falls
    back to ``importlib.metadata``.
    """
    prefix = distribution.replace("-", "_") + "-"
    try:
        beside = os.listdir(os.path.dirname(package_dir))  # noqa: PTH120, PTH208 - names only
    except OSError:
        beside = []
    found = [
        name[len(prefix) : -len(".dist-info")]
        for name in beside
        if name.startswith(prefix) and name.endswith(".dist-info")
    ]
    if len(found) == 1:
        return found[0]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None
