"""The permission bits a file we write atomically should get.

An atomic write goes through a temporary file from :func:`tempfile.mkstemp`,
which is created ``0600`` whatever the umask; renamed onto the target as it
is, every migration, whitelist and report we write would be readable by
its owner only (a migration runner running as another user, a web server
serving a report, could not read it). So the temporary file is given the
mode the target has, or, for a new file, what ``open()`` would have made:
``0666`` minus the process's umask (POSIX ``open(2)``, ``umask(2)``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def _umask() -> int:
    # os.umask is the only portable way to read it (os.getumask is not in
    # 3.10-3.12); set and restored at once, in a single-threaded CLI.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def mode_for(target: Path) -> int:
    """Permission bits for ``target``: its own when it exists, else ``0o666 & ~umask``."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def give_mode(temp: Path, target: Path) -> None:
    """Set ``temp``'s permission bits to what ``target`` should have (see :func:`mode_for`).

    Raises OSError as :func:`os.chmod` does.
    """
    temp.chmod(mode_for(target))
