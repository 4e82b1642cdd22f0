-- module-mgmt: system configuration and usage metering, as first written.
-- Renamed to the Rule 8 names in 010-rule-8-renames.sql (Phases 2 and 6).
CREATE TABLE sys_lambda_config (
    id uuid PRIMARY KEY,
    function_name text NOT NULL UNIQUE,
    schedule text,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sys_module_registry (
    id uuid PRIMARY KEY,
    module_name text NOT NULL UNIQUE,
    is_enabled boolean NOT NULL DEFAULT true
);

CREATE TABLE sys_module_usage (
    id bigserial PRIMARY KEY,
    module_id uuid NOT NULL REFERENCES sys_module_registry(id),
    used_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sys_module_usage_daily (
    module_id uuid NOT NULL REFERENCES sys_module_registry(id),
    usage_date date NOT NULL,
    call_count integer NOT NULL DEFAULT 0,
    PRIMARY KEY (module_id, usage_date)
);
