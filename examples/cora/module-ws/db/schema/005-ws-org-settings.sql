-- Phase 3 (open): becomes ws_cfg_org.
CREATE TABLE ws_org_settings (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb
);
