"""Throughput of the statement splitter on ~50,000 generated lines per dialect.

Prints statements/second; there are no assertions (speed is watched, not
asserted). Run: ``PYTHONPATH=src python benchmarks/bench_splitting.py``.
"""

from __future__ import annotations

import time

from dbnamelint.frontends.sql.splitting import split_statements
from dbnamelint.model import SourceFile

TARGET_LINES = 50_000


def _table(i: int, dialect: str) -> str:
    q = {"mysql": "`", "tsql": "["}.get(dialect, '"')
    close = "]" if q == "[" else q
    return (
        f"-- Table {i}: customer data\n"
        f"CREATE TABLE {q}tbl_{i}{close} (\n"
        f"    id integer NOT NULL,\n"
        f"    name varchar(120) DEFAULT 'n;a' NOT NULL,\n"
        f"    note text, /* free ; text */\n"
        f"    created_at timestamp NOT NULL,\n"
        f"    CONSTRAINT pk_tbl_{i} PRIMARY KEY (id)\n"
        f");\n"
        f"CREATE INDEX ix_tbl_{i}_name ON tbl_{i} (name);\n"
        f"ALTER TABLE tbl_{i} ADD CONSTRAINT fk_tbl_{i} FOREIGN KEY (id)\n"
        f"    REFERENCES tbl_{max(i - 1, 0)} (id);\n\n"
    )


def _extra(i: int, dialect: str) -> str:
    if dialect == "postgres":
        return (
            f"CREATE FUNCTION f_{i}() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
            f"BEGIN\n    NEW.note := E'it''s \\\\ ; done';\n    RETURN NEW;\nEND;\n$body$;\n\n"
        )
    if dialect == "mysql":
        return (
            f"CREATE TRIGGER trg_{i} BEFORE INSERT ON tbl_{i} FOR EACH ROW BEGIN\n"
            f"    SET NEW.note = 'it\\'s ; done';\nEND;\n\n"
        )
    if dialect == "tsql":
        return f"GO\nCREATE VIEW v_{i} AS\nSELECT id, name FROM tbl_{i};\nGO\n\n"
    return (
        f"CREATE TRIGGER trg_{i} AFTER INSERT ON tbl_{i}\nBEGIN\n"
        f"    UPDATE tbl_{i} SET note = 'x;y' WHERE id = new.id;\nEND;\n\n"
    )


def generate(dialect: str) -> str:
    """About TARGET_LINES lines of tables, indexes, FKs, comments and bodies."""
    parts: list[str] = []
    lines = 0
    i = 0
    while lines < TARGET_LINES:
        chunk = _table(i, dialect) + (_extra(i, dialect) if i % 4 == 0 else "")
        parts.append(chunk)
        lines += chunk.count("\n")
        i += 1
    return "".join(parts)


def main() -> None:
    for dialect in ("postgres", "mysql", "sqlite", "tsql"):
        text = generate(dialect)
        source = SourceFile("bench.sql", dialect, None)
        best = float("inf")
        count = 0
        for _ in range(5):
            start = time.perf_counter()
            statements, _diagnostics = split_statements(text, source)
            best = min(best, time.perf_counter() - start)
            count = len(statements)
        print(
            f"{dialect:9s} {text.count(chr(10)):6d} lines {count:6d} statements "
            f"{best * 1000:7.1f} ms  {count / best:10.0f} statements/s"
        )


if __name__ == "__main__":
    main()
