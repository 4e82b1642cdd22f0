-- module-access owns the access_ and user_ prefixes.
CREATE TABLE user_profiles (
    id uuid PRIMARY KEY,
    email text NOT NULL UNIQUE,
    display_name text,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Phase 5 (deferred): becomes user_log_auth.
CREATE TABLE user_auth_log (
    id bigserial PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES user_profiles(id),
    event text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
