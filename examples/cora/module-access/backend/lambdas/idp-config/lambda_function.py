"""IdP configuration Lambda (module-access): reads and audits the OIDC settings."""

import json

from org_common import db


def get_config(org_id):
    row = db.fetch_one("SELECT provider, issuer, client_id FROM sys_idp_config WHERE org_id = %s", [org_id])
    return row


def save_config(org_id, body):
    db.execute(
        "UPDATE sys_idp_config SET issuer = %s, client_id = %s WHERE org_id = %s",
        [body["issuer"], body["client_id"], org_id],
    )
    db.execute(
        "INSERT INTO sys_idp_audit_log (org_id, action, detail) VALUES (%s, 'update', %s)",
        [org_id, json.dumps(body)],
    )


def handler(event, context):
    # sys_idp_config moves to access_cfg_sys_idp with the Cognito/OIDC work.
    org_id = event["pathParameters"]["orgId"]
    if event["httpMethod"] == "PUT":
        save_config(org_id, json.loads(event["body"]))
    return {"statusCode": 200, "body": json.dumps(get_config(org_id))}
