-- DDL of scripts/backend.py:init_schema(), part 5: chat, agents and voice.
-- Functionally close to the spec; their foreign keys move with the users ->
-- app_users migration.

CREATE TABLE IF NOT EXISTS chat_sessions (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id bigint REFERENCES projects (id) ON DELETE SET NULL,
    title text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS chat_messages (
    id bigserial PRIMARY KEY,
    session_id bigint NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    sender_role text NOT NULL,
    content text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS agent_tasks (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    instruction text NOT NULL,
    task_status text NOT NULL DEFAULT 'queued',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS agent_steps (
    id bigserial PRIMARY KEY,
    task_id bigint NOT NULL REFERENCES agent_tasks (id) ON DELETE CASCADE,
    step_index integer NOT NULL,
    output text
);

CREATE TABLE IF NOT EXISTS voice_requests (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    transcript text,
    created_at timestamptz NOT NULL DEFAULT now()
);
