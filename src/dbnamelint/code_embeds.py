"""Which code embeds a file into the program: Rust ``include_str!``, Go ``//go:embed``.

A program may run SQL kept in a file of any name: atuin-like Rust code
``sqlx::raw_sql(include_str!("sql/extra_schema.txt"))`` or a Go
``//go:embed schema.ddl`` into a string it executes. A walk takes SQL files
by name (``.sql``, ``.ddl``), so such a file is never read, and DDL a change
adds to it passed the gate in silence (trial s35 atuin H2). This module
says which code line embeds a file, so the gate can treat it as a SQL file
the program runs (a ``DBN032`` error for new DDL in it).

Rust: ``include_str!``/``include_bytes!`` of a string literal (plain or raw),
relative to the including file's folder, or ``concat!(env!("CARGO_MANIFEST_DIR"),
"/x")``, relative to the crate's folder; the files of the crate (the nearest
``Cargo.toml``'s folder). Go: ``//go:embed`` patterns (``path.Match`` per
name, a folder embedding its files) of the files of the module's package
folders (the nearest ``go.mod``'s folder), relative to the Go file's folder.
Reads text only, and only when asked about a file (the gate asks about
changed files no walk reads that hold a DDL word).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_embeds import embed_words, embeds

#: ``include_str!("x")``, ``include_bytes!(r"x")``, ``include_str!(r#"x"#)``.
_RUST_INCLUDE = lazy_compile(
    r"\binclude_(?:str|bytes)!\s*\(\s*(?:r(#*)\"(?P<raw>.*?)\"\1|\"(?P<plain>(?:[^\"\\]|\\.)*)\")\s*\)",
    0,
)
#: ``include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/x"))``: from the crate's folder.
_RUST_MANIFEST_INCLUDE = lazy_compile(
    r"\binclude_(?:str|bytes)!\s*\(\s*concat!\s*\(\s*env!\s*\(\s*\"CARGO_MANIFEST_DIR\"\s*\)"
    r"\s*,\s*\"(?P<rest>[^\"\\]*)\"\s*\)\s*\)"
)
#: ``//go:embed a b "c d"`` at a line's start.
_GO_EMBED = lazy_compile(r"(?m)^[ \t]*//go:embed[ \t]+(.+)$")
#: Build, dependency and tool folders: never the program's own code.
_SKIPPED = frozenset({"target", "node_modules", "vendor", "third_party"})


def _nearest(anchor: Path, manifest: str) -> Path | None:
    for folder in anchor.parents:
        if (folder / manifest).is_file():
            return folder
    return None


def _code_files(root: Path, suffix: str) -> list[Path]:
    out: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED]
        out.extend(Path(folder, n) for n in files if n.endswith(suffix))
    return out


def _read(path: Path) -> str:
    readlog.note_side(str(path))  # the run cache: an embed added or removed
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _rust_sites(crate: Path) -> dict[str, str]:
    """Real path of each file a Rust file of ``crate`` includes -> ``file:line``."""
    out: dict[str, str] = {}
    for code in _code_files(crate, ".rs"):
        text = _read(code)
        if "include_" not in text:
            continue
        for found in _RUST_INCLUDE.finditer(text):
            literal = found.group("raw")
            if literal is None:
                literal = found.group("plain").replace('\\"', '"').replace("\\\\", "\\")
            target = code.parent / literal
            out.setdefault(os.path.realpath(target), _site(code, text, found.start()))
        for found in _RUST_MANIFEST_INCLUDE.finditer(text):
            target = crate / found.group("rest").lstrip("/")
            out.setdefault(os.path.realpath(target), _site(code, text, found.start()))
    return out


def _go_sites(module: Path) -> list[tuple[Path, PurePosixPath, str]]:
    """(Go file's folder, pattern, ``file:line``) of each ``//go:embed`` under ``module``."""
    out: list[tuple[Path, PurePosixPath, str]] = []
    for code in _code_files(module, ".go"):
        text = _read(code)
        if "go:embed" not in text:
            continue
        for line in _GO_EMBED.finditer(text):
            for pattern in embed_words(line.group(1)):
                shown = _site(code, text, line.start())
                out.append((code.parent, PurePosixPath(pattern.removeprefix("./")), shown))
    return out


def _site(code: Path, text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    shown = os.path.relpath(code)
    return f"{Path(shown).as_posix()}:{line}"


def embedding_sites(paths: Iterable[Path]) -> dict[Path, str]:
    """Where code embeds each of ``paths`` (absolute) that some code does, as
    ``file:line (form)`` with ``file`` relative to the current folder."""
    crates: dict[Path, dict[str, str]] = {}
    modules: dict[Path, list[tuple[Path, PurePosixPath, str]]] = {}
    out: dict[Path, str] = {}
    for path in paths:
        real = os.path.realpath(path)
        crate = _nearest(path, "Cargo.toml")
        if crate is not None:
            if crate not in crates:
                crates[crate] = _rust_sites(crate)
            site = crates[crate].get(real)
            if site is not None:
                out[path] = f"{site} (include_str!)"
                continue
        module = _nearest(path, "go.mod")
        if module is None:
            continue
        if module not in modules:
            modules[module] = _go_sites(module)
        for folder, pattern, site in modules[module]:
            try:
                rel = PurePosixPath(Path(real).relative_to(os.path.realpath(folder)).as_posix())
            except ValueError:
                continue
            if embeds(pattern, rel):
                out[path] = f"{site} (//go:embed)"
                break
    return out
