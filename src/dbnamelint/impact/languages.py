"""Which language a file is written in, as far as finding names in it needs.

Only the file name's suffix is read. A family says how comments and string
literals are written: ``c`` (``//``, ``/* */``; ``#`` opens an attribute or
a preprocessor line, never a comment), ``rs`` (Rust: as ``c``, plus raw
strings ``r#"..."#``), ``py``, ``hash`` (``#`` comments; heredocs),
``php`` (as ``c``, but strings may span lines, heredocs and nowdocs;
``#[...]`` is an attribute), ``lisp`` (Clojure: ``;`` comments, strings
over lines; a ``-`` joins words), ``sql`` and
``prose`` (Markdown and MDX, reStructuredText, AsciiDoc, plain text, HTML: English
with code only in fenced or literal blocks, or HTML ``<pre>``). Other files have no family and are
read line by line with every comment style known.
"""

from __future__ import annotations

from typing import Literal

Family = Literal["c", "rs", "py", "hash", "php", "lisp", "sql", "prose"]

SQL_SUFFIXES = (".sql", ".ddl", ".psql", ".pgsql", ".mysql", ".sqlite")
#: JavaScript and TypeScript (without the component files): the C-like
#: languages' start, and Knex's and Kysely's home (JS_SUFFIXES below).
_JS_TS = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")
_C_LIKE = (
    ".go",
    *_JS_TS,
    ".java",
    ".kt",
    ".kts",
    ".scala",
    ".swift",
    ".c",
    ".h",
    ".cc",
    ".cpp",
    ".hpp",
    ".cs",
    ".dart",
    ".groovy",
)
#: Clojure and the other Lisps: ``;`` comments, ``"..."`` strings over lines, and
#: words joined by ``-`` (``collection-before-update``), never SQL outside a string.
_LISP = (".clj", ".cljs", ".cljc", ".edn", ".lisp", ".lsp", ".el", ".scm", ".rkt", ".fnl")
_HASH = (".rb", ".rake", ".sh", ".bash", ".pl", ".pm", ".ex", ".exs", ".r", ".jl", ".cr")
PROSE_SUFFIXES = (
    ".md",
    ".markdown",
    ".mdown",
    ".mdx",
    ".rst",
    ".txt",
    ".text",
    ".adoc",
    ".asciidoc",
    ".html",
    ".htm",
    ".xhtml",
)

#: JavaScript and TypeScript, and the component files that hold them: where
#: Knex's and Kysely's query builders live.
JS_SUFFIXES = (
    *_JS_TS,
    ".vue",
    ".svelte",
    ".astro",
)

#: YAML: no family (its comments are ``#``); a data file (:mod:`~dbnamelint.impact.datafiles`).
YAML_SUFFIXES = (".yaml", ".yml")


def family(path: str) -> Family | None:
    """The family of the file at ``path`` (any case), or None when unknown."""
    lowered = path.lower()
    if lowered.endswith(".rs"):
        return "rs"
    if lowered.endswith(_C_LIKE):
        return "c"
    if lowered.endswith(".php"):
        return "php"
    if lowered.endswith((".py", ".pyi")):
        return "py"
    name = lowered.rsplit("/", 1)[-1]
    if lowered.endswith(_HASH) or name == "rakefile" or _container_file(name):
        return "hash"
    if lowered.endswith(_LISP):
        return "lisp"
    if lowered.endswith(SQL_SUFFIXES):
        return "sql"
    if lowered.endswith(PROSE_SUFFIXES):
        return "prose"
    return None


def _container_file(name: str) -> bool:
    """A Dockerfile (``Dockerfile``, ``Dockerfile.dev``, ``app.dockerfile``,
    Podman's ``Containerfile``): ``#`` comments, its ``RUN`` lines shell
    whose quoted strings an image build runs (``RUN echo 'CREATE TABLE ...'
    > /docker-entrypoint-initdb.d/01.sql``: trial s35 atuin H3)."""
    return (
        name in ("dockerfile", "containerfile")
        or name.startswith(("dockerfile.", "containerfile."))
        or name.endswith((".dockerfile", ".containerfile"))
    )


def hash_comments(path: str) -> bool:
    """Whether ``#`` may open a comment in the file at ``path`` (not in C-like languages)."""
    return family(path) not in ("c", "rs", "php", "lisp")
