"""Why a Rails app keeping ``db/schema.rb`` shows no compatibility view.

Rails' Ruby schema dumper writes tables, never views (scenic adds them):
once a rename phase's forward ran and ``bin/rails db:migrate`` wrote the
dump again, the compatibility views it made are in the database only, and
``migrate --cleanup`` finds none in the files (trial s40 maybe-finance:
"no compatibility view to drop in the files", and no word why).
"""

from __future__ import annotations

from pathlib import Path

from dbnamelint.rails_dump import is_schema_rb
from dbnamelint.runner.pipeline import Loaded
from dbnamelint.services.rails_ruby_dump import dump_kinds

__all__ = ["viewless_dump_note"]


def viewless_dump_note(loaded: Loaded) -> str:
    """``: <why>`` when the files read hold a Rails Ruby dump that cannot hold
    views, else ""."""
    for source in loaded.files:
        if not is_schema_rb(source.path):
            continue
        path = Path(source.path)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if dump_kinds(path.absolute().parent.parent, text).views:
            continue
        return (
            f": {source.path} is Rails' Ruby dump, whose dumper writes no views (scenic "
            "would), so the compatibility views a phase's forward made are in the "
            "database only: `dbnamelint drift --db URL` lists them (compatibility_view), "
            "and their cleanup is the one printed with the phase's forward (`DROP VIEW` "
            "each in a Rails migration)"
        )
    return ""
