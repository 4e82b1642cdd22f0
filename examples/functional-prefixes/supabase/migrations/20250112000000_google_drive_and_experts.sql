-- Google Drive sync and the expert system.

CREATE TABLE sources (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title text NOT NULL,
    url text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sources_google (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    drive_id text NOT NULL UNIQUE,
    file_name text NOT NULL,
    mime_type text,
    parent_folder_id text,
    root_drive_id text,
    is_deleted boolean NOT NULL DEFAULT false,
    modified_at timestamptz
);

CREATE INDEX idx_sources_google_parent_folder_id ON sources_google (parent_folder_id);

CREATE TABLE experts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    expert_name text NOT NULL,
    full_name text,
    bio text,
    is_in_core_group boolean NOT NULL DEFAULT false
);

CREATE TABLE sources_google_experts (
    source_id uuid NOT NULL REFERENCES sources_google (id) ON DELETE CASCADE,
    expert_id uuid NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    is_primary boolean NOT NULL DEFAULT false,
    PRIMARY KEY (source_id, expert_id)
);

CREATE TABLE expert_documents (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    expert_id uuid REFERENCES experts (id) ON DELETE SET NULL,
    source_id uuid REFERENCES sources_google (id) ON DELETE CASCADE,
    raw_content text,
    processed_content jsonb,
    processing_status text NOT NULL DEFAULT 'pending'
);

CREATE TABLE expert_preferences (
    expert_id uuid PRIMARY KEY REFERENCES experts (id) ON DELETE CASCADE,
    preferences jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE citation_expert_aliases (
    id serial PRIMARY KEY,
    expert_id uuid NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    alias text NOT NULL UNIQUE
);

CREATE TABLE sync_history (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    folder_id text NOT NULL,
    sync_status text NOT NULL,
    files_processed integer NOT NULL DEFAULT 0,
    started_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
);

CREATE TABLE sync_statistics (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    folder_id text NOT NULL,
    total_files integer NOT NULL DEFAULT 0,
    total_size_bytes bigint NOT NULL DEFAULT 0,
    computed_at timestamptz NOT NULL DEFAULT now()
);
