"""How to install one of dbnamelint's optional extras, as the README's "Installing" says.

There is no release on a package index yet: the README installs from a
checkout (``pip install '.[postgres]'``) or straight from git
(``pip install "dbnamelint[postgres] @ git+https://github.com/dbnamelint/dbnamelint@main"``).
A message naming the driver's own package (``pip install 'psycopg[binary]>=3.1'``)
said something else than the README, and pinned what pyproject.toml already pins.
"""

from __future__ import annotations

#: Where the README installs dbnamelint from when not from a checkout.
REPOSITORY = "git+https://github.com/dbnamelint/dbnamelint@main"


def install_hint(extra: str) -> str:
    """``pip install`` of the extra ``extra`` (``postgres``, ``mysql``, ``chart``),
    from a checkout and from git, as the README writes both."""
    return (
        f"pip install '.[{extra}]' in a checkout of dbnamelint, or "
        f'pip install "dbnamelint[{extra}] @ {REPOSITORY}"'
    )
