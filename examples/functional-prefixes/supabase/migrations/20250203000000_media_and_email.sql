-- Presentations, media playback and email.

CREATE TABLE presentations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    video_source_id uuid REFERENCES sources_google (id),
    title text,
    duration_seconds integer
);

CREATE TABLE presentation_assets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    presentation_id uuid NOT NULL REFERENCES presentations (id) ON DELETE CASCADE,
    asset_source_id uuid REFERENCES sources_google (id),
    asset_role text
);

CREATE TABLE media_sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid REFERENCES auth.users (id) ON DELETE CASCADE,
    presentation_id uuid REFERENCES presentations (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE media_playback_events (
    id bigserial PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES media_sessions (id) ON DELETE CASCADE,
    event_type text NOT NULL,
    position_seconds integer NOT NULL
);

CREATE TABLE media_topic_segments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    presentation_id uuid NOT NULL REFERENCES presentations (id) ON DELETE CASCADE,
    topic text NOT NULL,
    start_seconds integer NOT NULL,
    end_seconds integer NOT NULL
);

CREATE TABLE media_bookmarks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    presentation_id uuid NOT NULL REFERENCES presentations (id) ON DELETE CASCADE,
    position_seconds integer NOT NULL,
    note text
);

CREATE TABLE emails (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    subject text,
    sender text,
    sent_at timestamptz,
    body text
);

CREATE TABLE email_addresses (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email_address text NOT NULL UNIQUE,
    expert_id uuid REFERENCES experts (id)
);
