-- MFA, password resets, onboarding and reminders.

CREATE TABLE user_mfa (
    user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    totp_secret_encrypted text NOT NULL,
    is_enabled boolean NOT NULL DEFAULT false,
    enabled_at timestamptz
);

CREATE TABLE mfa_pending_setup (
    user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    totp_secret_encrypted text NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE TABLE mfa_recovery_codes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at timestamptz
);

CREATE TABLE reset_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL
);

CREATE TABLE onboarding_status (
    user_id uuid PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    current_step text NOT NULL,
    completed_at timestamptz
);

CREATE TABLE onboarding_steps (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    step_key text NOT NULL,
    completed_at timestamptz,
    UNIQUE (user_id, step_key)
);

CREATE TABLE onboarding_surveys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    answers jsonb NOT NULL DEFAULT '{}'::jsonb,
    submitted_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reminder_states (
    user_id uuid PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    next_reminder_at timestamptz,
    snoozed_until timestamptz
);

CREATE TABLE reminder_logs (
    id bigserial PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    channel text NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE oauth_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    provider text NOT NULL,
    access_token_encrypted text NOT NULL,
    refresh_token_encrypted text,
    expires_at timestamptz,
    UNIQUE (user_id, provider)
);

CREATE TABLE api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    key_prefix text NOT NULL,
    key_hash text NOT NULL UNIQUE,
    revoked_at timestamptz
);
