CREATE TABLE kb_bases (
    id uuid PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE chat_session_kb (
    session_id uuid NOT NULL,
    kb_id uuid NOT NULL REFERENCES kb_bases(id),
    PRIMARY KEY (session_id, kb_id)
);
