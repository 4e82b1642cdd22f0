-- DDL of scripts/backend.py:init_schema(), part 3: event tables. They exist
-- but hold the wrong columns and nothing writes them yet (Phase 2).

CREATE TABLE IF NOT EXISTS quality_reports (
    id bigserial PRIMARY KEY,
    run_id bigint REFERENCES runs (id) ON DELETE CASCADE,
    report_text text
);

CREATE TABLE IF NOT EXISTS cost_events (
    id bigserial PRIMARY KEY,
    run_id bigint REFERENCES runs (id) ON DELETE CASCADE,
    amount numeric(12, 4),
    note text
);

CREATE TABLE IF NOT EXISTS audit_events (
    id bigserial PRIMARY KEY,
    actor text,
    action text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
