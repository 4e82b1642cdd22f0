-- module-access: identity provider configuration.
-- Phase 1 (open): moves to access_cfg_sys_idp / access_log_idp_audit with
-- the Cognito/OIDC migration.
CREATE TABLE sys_idp_config (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    provider_type text NOT NULL,
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    is_active boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sys_idp_audit_log (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    idp_config_id uuid REFERENCES sys_idp_config(id),
    action text NOT NULL,
    performed_by uuid,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_sys_idp_audit_log_created_at ON sys_idp_audit_log (created_at);
