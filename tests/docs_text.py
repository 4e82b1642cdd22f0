"""The user documentation: README.md (the guide) and docs/*.md (its reference files)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def doc_text(name: str) -> str:
    """Text of ``README.md`` or of ``docs/<name>`` (``"targets.md"``)."""
    path = README if name == "README.md" else DOCS / name
    return path.read_text(encoding="utf-8")
