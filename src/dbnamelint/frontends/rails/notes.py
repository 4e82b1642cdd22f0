"""The words of schema.rb's notes that the gate tells apart (:mod:`.reader`
writes them, :mod:`dbnamelint.services.gate` reads them).

A module of their own: the gate runs on every pre-commit hook, and importing
the reader for two strings loaded the Ruby reader, its SQL generator and
ActiveSupport's inflection rules on every commit (issue 12).
"""

from __future__ import annotations

#: The Liquibase front end's "not read" note, reused for what schema.rb holds unread.
NOT_READ_CODE = "DBN917"
#: What the note of an unread statement holding DDL says: the gate refuses a
#: new one (``services.gate.unread_ddl``), as it refuses new dynamic SQL (DBN013).
RUNS_DDL = "it holds DDL no rule reads"
#: What the note of such a statement accepted by its comment ends with: the
#: gate does not refuse it, and tells it from the same note without (a key
#: of the statement without this), as ``db:schema:dump`` drops the comment.
ACCEPTED_DDL = "; accepted by the `# dbnamelint: ignore[DBN917]` comment above it"
