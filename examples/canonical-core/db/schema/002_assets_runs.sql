-- DDL of scripts/backend.py:init_schema(), part 2: assets, runs and exports.

CREATE TABLE IF NOT EXISTS assets (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    asset_kind text NOT NULL,
    rel_path text NOT NULL,
    checksum text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_assets_project_id ON assets (project_id);

-- Mostly aligned with the spec; underused.
CREATE TABLE IF NOT EXISTS asset_links (
    id bigserial PRIMARY KEY,
    parent_asset_id bigint NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    child_asset_id bigint NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    link_kind text NOT NULL
);

-- Exists, but without run_mode, model_name and settings_snapshot_json.
CREATE TABLE IF NOT EXISTS runs (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    log_path text
);

CREATE INDEX IF NOT EXISTS idx_runs_project_id ON runs (project_id);

-- Selected/final outputs are paths, not assets.id foreign keys yet.
CREATE TABLE IF NOT EXISTS run_jobs (
    id bigserial PRIMARY KEY,
    run_id bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    job_index integer NOT NULL,
    job_status text NOT NULL DEFAULT 'pending',
    selected_output text,
    final_output text
);

CREATE TABLE IF NOT EXISTS run_job_candidates (
    id bigserial PRIMARY KEY,
    run_job_id bigint NOT NULL REFERENCES run_jobs (id) ON DELETE CASCADE,
    candidate_path text NOT NULL,
    score real
);

CREATE INDEX IF NOT EXISTS idx_run_job_candidates_run_job_id ON run_job_candidates (run_job_id);

CREATE TABLE IF NOT EXISTS project_exports (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    export_path text NOT NULL,
    export_format text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
