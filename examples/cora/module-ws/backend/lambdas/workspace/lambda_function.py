"""Workspace Lambda (module-ws): settings, org overrides and the activity log."""

from org_common import db


def workspace_settings(ws_id):
    return db.fetch_one("SELECT * FROM ws_configs WHERE ws_id = %s", [ws_id])


def org_overrides(org_id):
    return db.fetch_all("SELECT key, value FROM ws_org_settings WHERE org_id = %s", [org_id])


def log_activity(ws_id, actor, action):
    db.execute(
        "INSERT INTO ws_activity_log (ws_id, actor_id, action) VALUES (%s, %s, %s)",
        [ws_id, actor, action],
    )


def recent_activity(ws_id, ws_activity_log_limit=50):
    return db.fetch_all(
        "SELECT a.* FROM ws_activity_log a JOIN ws_configs c ON c.ws_id = a.ws_id "
        "WHERE a.ws_id = %s ORDER BY a.created_at DESC LIMIT %s",
        [ws_id, ws_activity_log_limit],
    )
