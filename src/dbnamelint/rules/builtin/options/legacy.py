"""Options models of :mod:`dbnamelint.rules.builtin.legacy`.

Pydantic models, imported only to validate or document a config.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from dbnamelint.rules.options import RuleOptions


def _checked_keys(mapping: dict[str, str | None], shapes: tuple[str, ...]) -> dict[str, str | None]:
    """``mapping``, once every key has one of the dotted ``shapes`` (by part count)."""
    allowed = {shape.count(".") + 1 for shape in shapes}
    for key in mapping:
        parts = key.split(".")
        if len(parts) not in allowed or any(not p for p in parts):
            raise ValueError(
                f"key {key!r}: expected {' or '.join(shapes)} (globs allowed in each part)"
            )
    return mapping


class LegacyTableOptions(RuleOptions):
    """Options of DBN107."""

    names: dict[str, str | None] = Field(
        default_factory=dict,
        description="legacy table name (or schema.name) -> canonical name "
        "(null: no replacement decided yet)",
    )

    @field_validator("names")
    @classmethod
    def _keys(cls, value: dict[str, str | None]) -> dict[str, str | None]:
        return _checked_keys(value, ("name", "schema.name"))


class LegacyColumnOptions(RuleOptions):
    """Options of DBN202."""

    columns: dict[str, str | None] = Field(
        default_factory=dict,
        description="'table.column' or 'schema.table.column' (globs allowed) -> "
        "canonical column name, or null",
    )

    @field_validator("columns")
    @classmethod
    def _keys(cls, value: dict[str, str | None]) -> dict[str, str | None]:
        return _checked_keys(value, ("table.column", "schema.table.column"))
