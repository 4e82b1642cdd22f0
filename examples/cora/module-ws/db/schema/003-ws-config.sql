-- Phase 3 (open): becomes ws_cfg_sys.
CREATE TABLE ws_configs (
    id uuid PRIMARY KEY,
    max_members integer NOT NULL DEFAULT 50,
    updated_at timestamptz NOT NULL DEFAULT now()
);
