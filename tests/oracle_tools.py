"""Where the migration tools the oracle tests run are: a Python with Django
installed (``manage.py migrate``, model introspection).

CI installs Django and Alembic in a venv of their own (``.ci/run``) and names
it in ``DBNAMELINT_TEST_DJANGO``; a developer may install Django in the test
venv instead. Without either, the tests that need Django skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def django_python() -> str | None:
    """A Python that imports ``django``: ``DBNAMELINT_TEST_DJANGO`` (or
    ``DBNAMELINT_TEST_DJANGO_PYTHON``), else this Python when it has Django;
    None when neither."""
    given = os.environ.get("DBNAMELINT_TEST_DJANGO") or os.environ.get(
        "DBNAMELINT_TEST_DJANGO_PYTHON"
    )
    if given:
        return given
    found = subprocess.run(
        [sys.executable, "-c", "import django"], capture_output=True, check=False
    )
    return sys.executable if found.returncode == 0 else None


def ruby_requires(*libraries: str) -> bool:
    """Whether a ``ruby`` on PATH loads every one of ``libraries``
    (``ruby_requires("active_record", "pg")``: the ActiveRecord oracle of the
    Rails tests); False where there is no ruby at all (a test skips then,
    rather than failing on ``FileNotFoundError``)."""
    if shutil.which("ruby") is None:
        return False
    script = "; ".join(f'require "{library}"' for library in libraries)
    found = subprocess.run(["ruby", "-e", script], capture_output=True, check=False)
    return found.returncode == 0
