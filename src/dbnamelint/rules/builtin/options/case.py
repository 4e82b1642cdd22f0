"""Options model of :mod:`dbnamelint.rules.builtin.case`.

A pydantic model, imported only to validate or document a config.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from dbnamelint.rules.naming import CaseStyle
from dbnamelint.rules.options import RuleOptions


class CaseOptions(RuleOptions):
    """Options shared by every identifier-case rule."""

    style: CaseStyle = Field(CaseStyle.SNAKE_CASE, description="required spelling")
    allow_quoted_lowercase: bool = Field(
        True, description="accept quoted names that are already lower case"
    )
    exceptions: tuple[str, ...] = Field((), description="name globs never flagged")
    skip_implicit: bool = Field(True, description="skip names the dialect chose")
    skip_compatibility_views: bool = Field(
        True, description="skip views that stand in for a renamed table"
    )
    judge: Literal["written", "catalog"] = Field(
        "written",
        description="written: also flag an unquoted camelCase/PascalCase name whose words the "
        "database's case folding hides (PostgreSQL stores apiTokens as apitokens; "
        "suggests api_tokens); catalog: judge only the name the catalog stores",
    )
