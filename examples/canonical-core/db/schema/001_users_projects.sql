-- DDL of scripts/backend.py:init_schema(), part 1: users and projects.
-- Legacy names still drive runtime behaviour: `users` and `projects.user_id`.

CREATE TABLE IF NOT EXISTS users (
    id bigserial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    display_name text,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS projects (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slug text NOT NULL,
    title text NOT NULL,
    -- Storage policy still lives here, not in project_storage.
    settings_json jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, slug)
);

-- Exists with the wrong, quota-like fields.
CREATE TABLE IF NOT EXISTS project_storage (
    project_id bigint PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    quota_bytes bigint NOT NULL DEFAULT 0,
    used_bytes bigint NOT NULL DEFAULT 0
);

-- Intentional extension table: kept unless explicitly deprecated.
CREATE TABLE IF NOT EXISTS project_snapshots (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    snapshot_json jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS project_api_secrets (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    provider text NOT NULL,
    key_ref text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, provider)
);

CREATE TABLE IF NOT EXISTS provider_accounts (
    id bigserial PRIMARY KEY,
    provider text NOT NULL UNIQUE,
    api_key text,
    meta_json jsonb
);
