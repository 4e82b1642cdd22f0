CREATE TABLE ai_models (
    id uuid PRIMARY KEY,
    vendor text NOT NULL,
    model_name text NOT NULL
);

-- Fixed on 2026-01-28: the template was already correct.
CREATE INDEX idx_ai_models_vendor ON ai_models (vendor);

-- AI configuration, as first written; renamed in Phase 4 (module-kb Phase 0).
CREATE TABLE org_prompt_engineering (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL,
    prompt text NOT NULL
);

CREATE TABLE sys_rag (
    id uuid PRIMARY KEY,
    chunk_size integer NOT NULL DEFAULT 1000
);
