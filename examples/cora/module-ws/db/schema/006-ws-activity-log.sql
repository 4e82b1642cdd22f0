-- Phase 3 (open): becomes ws_log_activity (Rule 8 infix pattern).
CREATE TABLE ws_activity_log (
    id uuid PRIMARY KEY,
    ws_id uuid NOT NULL REFERENCES ws_workspaces(id),
    action text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_ws_activity_log_ws_id ON ws_activity_log (ws_id);
