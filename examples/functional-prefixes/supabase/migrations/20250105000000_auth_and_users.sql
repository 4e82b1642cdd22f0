-- Authentication & user management, as first written.

CREATE TABLE allowed_emails (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL UNIQUE,
    added_by uuid REFERENCES auth.users (id),
    added_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_profiles_v2 (
    id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    display_name text,
    profession text,
    onboarding_completed boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE auth_audit_log (
    id bigserial PRIMARY KEY,
    user_id uuid REFERENCES auth.users (id) ON DELETE SET NULL,
    event_type text NOT NULL,
    metadata jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cli_auth_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz
);

CREATE TABLE user_filter_profiles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    profile_name text NOT NULL,
    is_active boolean NOT NULL DEFAULT false
);

CREATE TABLE user_filter_profile_drives (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    profile_id uuid NOT NULL REFERENCES user_filter_profiles (id) ON DELETE CASCADE,
    root_drive_id text NOT NULL
);
