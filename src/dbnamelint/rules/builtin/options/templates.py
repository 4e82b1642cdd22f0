"""Options models of :mod:`dbnamelint.rules.builtin.templates`.

Pydantic models, imported only to validate or document a config.
"""

from __future__ import annotations

import string

from pydantic import Field, field_validator

from dbnamelint.rules.builtin.templates import PLACEHOLDERS
from dbnamelint.rules.options import RuleOptions


def _check_template(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
    except ValueError as exc:
        raise ValueError(f"template {value!r}: {exc}") from exc
    unknown = fields - PLACEHOLDERS
    if unknown:
        allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
        raise ValueError(f"template {value!r} uses {sorted(unknown)}; allowed: {allowed}")
    return value


class IndexTemplateOptions(RuleOptions):
    """Options of DBN302."""

    template: str = Field("idx_{table}_{columns}", description="name of a plain index")
    unique_template: str | None = Field(
        None, description="name of a unique index (null: use template)"
    )
    columns_separator: str = Field("_", min_length=1, description="joins {columns} (Rails: _and_)")
    skip_implicit: bool = Field(True, description="skip names the dialect chose")
    exceptions: tuple[str, ...] = Field((), description="index name globs never flagged")

    @field_validator("template", "unique_template")
    @classmethod
    def known_placeholders(cls, value: str | None) -> str | None:
        """Reject templates with placeholders no object can fill."""
        return _check_template(value)


class ConstraintTemplateOptions(RuleOptions):
    """Options of DBN402; a null template leaves that constraint type unchecked."""

    primary_key: str | None = Field("{table}_pkey", description="primary key name")
    foreign_key: str | None = Field("{table}_{columns}_fkey", description="foreign key name")
    unique: str | None = Field("{table}_{columns}_key", description="unique constraint name")
    check: str | None = Field(None, description="check constraint name")
    exclusion: str | None = Field(None, description="exclusion constraint name")
    columns_separator: str = Field("_", min_length=1, description="joins {columns} (Rails: _and_)")
    skip_implicit: bool = Field(True, description="skip names the dialect chose")
    exceptions: tuple[str, ...] = Field((), description="constraint name globs never flagged")

    @field_validator("primary_key", "foreign_key", "unique", "check", "exclusion")
    @classmethod
    def known_placeholders(cls, value: str | None) -> str | None:
        """Reject templates with placeholders no object can fill."""
        return _check_template(value)
