"""Package managers' lock files: package names and versions, never a table's use.

A lock file pins a project's dependencies: Cargo's ``Cargo.lock`` lists
``name = "concurrent-queue"``, npm's ``package-lock.json``
``"node_modules/p-queue"``, Dart's ``pubspec.lock``, CocoaPods'
``Podfile.lock``... Its words are package names, versions, URLs and hashes,
written by the tool: ``queue`` in ``concurrent-queue`` is no use of the table
``queue``, and regenerating the file after a migration changes nothing
(trial s43, ente: ``rust/Cargo.lock`` listed as a generated file to
regenerate, its lock files' package names among the plain places the cleanup
asks to check). impact skips them by name and says so. Reads names only.
"""

from __future__ import annotations

#: The lock files package managers write, by file name (each tool's own name
#: for it: Cargo, npm, Yarn, pnpm, Bun, Deno, Dart/Flutter pub, CocoaPods,
#: Swift Package Manager, Bundler, Composer, Poetry, Pipenv, uv, PDM, Mix,
#: NuGet, Gradle, Nix flakes, Go's checksums).
LOCK_FILE_NAMES = frozenset(
    {
        "Cargo.lock",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
        "deno.lock",
        "pubspec.lock",
        "Podfile.lock",
        "Package.resolved",
        "Gemfile.lock",
        "composer.lock",
        "poetry.lock",
        "Pipfile.lock",
        "uv.lock",
        "pdm.lock",
        "mix.lock",
        "packages.lock.json",
        "gradle.lockfile",
        "flake.lock",
        "go.sum",
    }
)


def is_lock_file(path: str) -> bool:
    """Whether ``path`` (relative, ``/``-separated) names a package manager's lock file."""
    return path.rpartition("/")[2] in LOCK_FILE_NAMES


def skipped_note(paths: list[str]) -> str:
    """The summary note for the skipped lock files (the first three named)."""
    noun = "file" if len(paths) == 1 else "files"
    shown = ", ".join(paths[:3]) + (", ..." if len(paths) > 3 else "")
    return f"{len(paths)} dependency lock {noun} skipped (package names, not code): {shown}"
