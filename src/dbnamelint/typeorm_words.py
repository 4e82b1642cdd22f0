"""The words that show a JS/TS migration is TypeORM's, shared by its readers.

``MigrationInterface``; an import of ``typeorm`` or of a scoped fork of it
(n8n's ``@n8n/typeorm``); a JavaScript one's ``up(queryRunner)``; and an
``up`` taking a context object that hands the runner over, as n8n's
``up({ queryRunner, tablePrefix }: MigrationContext)`` (its wrapper calls
``up`` so from TypeORM's own ``up(queryRunner)``: trial s39 n8n, whose
``queryRunner.renameTable``/``addColumn`` in such a class passed the gate
unread), or ``up(context)`` destructuring it in its body (``const {
queryRunner } = context``).
"""

from __future__ import annotations

__all__ = ["TYPEORM_WORDS"]

#: A regular expression source matching any of those words.
TYPEORM_WORDS = (
    r"\bMigrationInterface\b|['\"](?:@[\w.-]+/)?typeorm['\"]"
    r"|\bup\s*\(\s*(?:queryRunner\b|\{[^(){}]*\bqueryRunner\b)"
    # up(context) { const { queryRunner } = context; ... }
    r"|\b(?:const|let|var)\s*\{[^(){}]*\bqueryRunner\b[^(){}]*\}\s*="
)
