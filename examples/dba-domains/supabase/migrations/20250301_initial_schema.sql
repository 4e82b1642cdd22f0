-- Initial schema, as the app was first built on Supabase (auth.users is
-- Supabase's own table). Names here predate the DBA naming standard.

CREATE TABLE profiles (
    id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    full_name text,
    avatar_url text,
    phone text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workspace (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL REFERENCES profiles (id),
    display_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feature_flags (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    flag_key text NOT NULL UNIQUE,
    is_enabled boolean NOT NULL DEFAULT false,
    rollout_percent integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rate_limits (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    endpoint text NOT NULL,
    window_start timestamptz NOT NULL,
    request_count integer NOT NULL DEFAULT 0
);

CREATE INDEX idx_rate_limits_user_endpoint ON rate_limits (user_id, endpoint);

CREATE TABLE usage_logs (
    id bigserial PRIMARY KEY,
    user_id uuid REFERENCES auth.users (id) ON DELETE SET NULL,
    action text NOT NULL,
    units integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_usage_logs_created_at ON usage_logs (created_at);

CREATE TABLE feature_usage_stats (
    feature text NOT NULL,
    stat_date date NOT NULL,
    use_count integer NOT NULL DEFAULT 0,
    PRIMARY KEY (feature, stat_date)
);

CREATE TABLE scheduled_deletions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    scheduled_for timestamptz NOT NULL,
    reason text
);
