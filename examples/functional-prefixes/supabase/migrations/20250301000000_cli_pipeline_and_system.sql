-- CLI pipeline tracking, batch processing and system registries.

CREATE TABLE scripts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    file_path text NOT NULL UNIQUE,
    language text,
    summary jsonb,
    last_run_at timestamptz
);

CREATE TABLE command_categories (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    category_name text NOT NULL UNIQUE,
    color text
);

CREATE TABLE cli_command_tracking (
    id bigserial PRIMARY KEY,
    pipeline_name text NOT NULL,
    command_name text NOT NULL,
    category_id uuid REFERENCES command_categories (id),
    execution_time timestamptz NOT NULL DEFAULT now(),
    duration_ms integer,
    succeeded boolean
);

CREATE INDEX idx_cli_command_tracking_pipeline_name ON cli_command_tracking (pipeline_name);

CREATE TABLE command_patterns (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    category_id uuid REFERENCES command_categories (id),
    pattern text NOT NULL
);

CREATE TABLE processing_batches (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    batch_type text NOT NULL,
    batch_status text NOT NULL DEFAULT 'queued',
    total_items integer NOT NULL DEFAULT 0,
    processed_items integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE table_classifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    table_name text NOT NULL UNIQUE,
    functional_group text
);

CREATE TABLE function_registry (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    function_name text NOT NULL,
    file_path text NOT NULL,
    UNIQUE (function_name, file_path)
);

CREATE TABLE function_relationships (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    source_function_id uuid NOT NULL REFERENCES function_registry (id) ON DELETE CASCADE,
    target_function_id uuid NOT NULL REFERENCES function_registry (id) ON DELETE CASCADE,
    relationship_type text NOT NULL
);

CREATE TABLE sql_query_history (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    query_text text NOT NULL,
    executed_by uuid REFERENCES auth.users (id),
    executed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE domains (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    domain_name text NOT NULL UNIQUE
);

CREATE TABLE app_pages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_name text NOT NULL,
    page_path text NOT NULL,
    UNIQUE (app_name, page_path)
);

CREATE TABLE asset_types (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    type_name text NOT NULL UNIQUE
);

CREATE TABLE mime_types (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    mime_type text NOT NULL UNIQUE,
    file_extension text
);
