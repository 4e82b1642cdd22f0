"""Standard-error helpers shared by the ``impact --diff`` tests."""

from __future__ import annotations


def without_ahead_note(stderr: str) -> str:
    """``stderr`` without the note naming objects the patch renames before the
    schema does (``impact --diff`` prints it whenever a target is not renamed yet)."""
    return "".join(
        line for line in stderr.splitlines(keepends=True) if "has not renamed yet" not in line
    )
