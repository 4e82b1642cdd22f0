"""temporal-sql-tool trees for the tests: a version folder's manifest."""

from __future__ import annotations

import json


def manifest(version: str, name: str) -> str:
    """A ``manifest.json`` of version ``version`` listing the one file
    ``name`` (compact JSON, ``MinCompatibleVersion`` 0.1, ``name`` as the
    description)."""
    return json.dumps(
        {
            "CurrVersion": version,
            "MinCompatibleVersion": "0.1",
            "Description": name,
            "SchemaUpdateCqlFiles": [name],
        }
    )
