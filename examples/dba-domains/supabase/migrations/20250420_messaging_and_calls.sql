-- Messaging, calls and the AI assistant.

CREATE TABLE messages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    contact_id uuid REFERENCES contacts (id) ON DELETE SET NULL,
    channel text NOT NULL,
    body text NOT NULL,
    sent_at timestamptz
);

CREATE INDEX idx_messages_workspace_id ON messages (workspace_id);

CREATE TABLE scheduled_messages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    send_at timestamptz NOT NULL
);

CREATE TABLE calls (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    contact_id uuid REFERENCES contacts (id) ON DELETE SET NULL,
    direction text NOT NULL,
    started_at timestamptz NOT NULL,
    duration_seconds integer
);

CREATE TABLE transcripts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    call_id uuid NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    language_code text NOT NULL DEFAULT 'en',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE transcript_segments (
    id bigserial PRIMARY KEY,
    transcript_id uuid NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
    speaker text NOT NULL,
    start_ms integer NOT NULL,
    content text NOT NULL
);

CREATE INDEX idx_transcript_segments_transcript_id ON transcript_segments (transcript_id);

CREATE TABLE assistant_sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ai_jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id uuid REFERENCES assistant_sessions (id) ON DELETE SET NULL,
    job_type text NOT NULL,
    job_status text NOT NULL DEFAULT 'queued',
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_ai_jobs_status ON ai_jobs (job_status);
