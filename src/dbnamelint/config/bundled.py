"""The default settings, shipped ready-made: a run with no config file skips
validating dbnamelint's own ``recommended`` pack with pydantic.

With no config file, the settings are a function of dbnamelint's code and
packs alone, yet building them imports pydantic, builds the config's and
every rule's options models and validates the pack: about 0.3 s of CPU on a
2-core machine, a third of a first ``check`` of a 300-file tree. This module
keeps those settings as a pickle in the package
(``default-settings.pickle``, written by ``python -m
dbnamelint.config.bundled``), as the tokenizer snapshots are kept
(:mod:`dbnamelint.frontends.sql.parsing.bundled`).

The bundle is used only when it is exactly what validation would give:

* no config file is found, and neither ``--config`` nor ``--extends`` is given
  (the caller checks);
* its recorded digest equals the digest of what it was built from: every
  module of the ``config`` and ``rules`` packages, the model and diagnostics
  modules, and every shipped pack's bytes (an edit of any of them, in a
  checkout or an installed copy, makes it a miss);
* the rules discovered now (built-ins and plugins' entry points) are the
  classes it holds (an installed plugin makes it a miss);
* ``$DBNAMELINT_NO_BUNDLED_SETTINGS`` is empty or unset.

Anything else, or an unreadable bundle, is a miss: the caller validates as
always. ``tests/test_bundled_settings.py`` holds the bundle to a fresh
validation and to the current digest. Nothing here imports pydantic.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec.structs import replace

from dbnamelint.config.files import DEFAULT_WHITELIST

if TYPE_CHECKING:
    from dbnamelint.config.settings import Settings

#: The shipped file, beside this module.
BUNDLE = Path(__file__).with_name("default-settings.pickle")
#: Environment: any non-empty value turns the bundle off.
OFF_ENV = "DBNAMELINT_NO_BUNDLED_SETTINGS"
#: Bumped when the bundle's shape changes.
FORMAT = 1
#: Where the bundle is built (any folder: the folder-dependent fields are
#: replaced on use, see :func:`default_settings`).
_BUILT_IN = Path("/dbnamelint-default-root")

#: Modules outside ``config`` and ``rules`` whose code the settings hold values of.
_ALSO = ("__init__.py", "model.py", "kinds.py", "globs.py", "core/diagnostics.py")


def inputs_digest() -> str:
    """A digest of every file the default settings are built from (see the module doc).

    Reads about 60 files (under half a megabyte); raises ``OSError`` when one
    cannot be read.
    """
    from dbnamelint.rules.pack_files import PACK_SUFFIX, pack_dirs

    package = Path(__file__).resolve().parents[1]
    files: list[tuple[str, Path]] = []
    for folder in ("config", "rules"):
        for dirpath, dirnames, filenames in os.walk(package / folder):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith(".py"):
                    path = Path(dirpath, name)
                    files.append((path.relative_to(package).as_posix(), path))
    files += [(name, package / name) for name in _ALSO]
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}\0{sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    packs: dict[str, bytes] = {}
    for pack_dir in pack_dirs():  # installed first: the first of a name is the one read
        for entry in sorted(pack_dir.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(PACK_SUFFIX) and entry.name not in packs:
                packs[entry.name] = entry.read_bytes()
    for name in sorted(packs):
        digest.update(b"pack:" + name.encode() + b"\0" + packs[name] + b"\0")
    return digest.hexdigest()


def _rebased(settings: Settings, cwd: Path) -> Settings:
    """``settings`` as validation in ``cwd`` gives them: with no config file,
    the root is the current folder and the whitelist ``whitelist.yaml`` in it."""
    root = cwd.resolve()
    return replace(settings, root=root, whitelist_path=root / DEFAULT_WHITELIST)


def default_settings(cwd: Path) -> Settings | None:
    """The shipped default settings for a run in ``cwd``, or None (a miss: see the module doc).

    The caller has established that no config file applies. Never raises.
    """
    if os.environ.get(OFF_ENV):
        return None
    try:
        from dbnamelint.config.settings import Settings
        from dbnamelint.rules.registry import discover_rules
        from dbnamelint.runner import pickled

        stored = pickled.loads(BUNDLE.read_bytes())
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            return None
        settings = stored.get("settings")
        if not isinstance(settings, Settings) or stored.get("digest") != inputs_digest():
            return None
        registry = discover_rules(())
        if dict(registry) != dict(settings.registry):
            return None  # a plugin's rules are installed (or one was removed)
    except Exception:  # absent, unreadable or foreign: validate as always
        return None
    return _rebased(settings, cwd)


def build() -> bytes:
    """The bundle's bytes, from validating the default configuration now.

    Raises ``ValueError`` when the rules found are not all dbnamelint's own
    (a plugin is installed: its rules must not be shipped) or a config file
    applies where the bundle is built.
    """
    from dbnamelint.config.load import load_settings
    from dbnamelint.runner import pickled

    settings = load_settings(_BUILT_IN)
    if settings.config_path is not None:  # a config found above the build folder
        raise ValueError(f"a config file applies at {_BUILT_IN}: {settings.config_path}")
    foreign = sorted(
        code
        for code, cls in settings.registry.items()
        if not cls.__module__.startswith("dbnamelint.")
    )
    if foreign:
        raise ValueError(f"rules from outside dbnamelint are installed: {', '.join(foreign)}")
    return pickled.dumps({"format": FORMAT, "digest": inputs_digest(), "settings": settings})


def _current() -> bool:
    """Whether :data:`BUNDLE` reads back and was built from today's inputs."""
    from dbnamelint.runner import pickled

    try:
        stored = pickled.loads(BUNDLE.read_bytes())
        return isinstance(stored, dict) and stored.get("digest") == inputs_digest()
    except Exception:  # absent or unreadable: not current
        return False


def main(argv: list[str] | None = None) -> None:
    """``python -m dbnamelint.config.bundled [--force]``: write :data:`BUNDLE`
    anew when its inputs changed (pickling a set is not byte-stable between
    runs, so an unchanged bundle is left alone), or always with ``--force``."""
    from dbnamelint import atomicfile

    force = "--force" in (sys.argv[1:] if argv is None else argv)
    if not force and _current():
        print(f"{BUNDLE} is current")
        return
    atomicfile.write_bytes(BUNDLE, build(), durable=True)
    print(f"wrote {BUNDLE}")


if __name__ == "__main__":
    main()
