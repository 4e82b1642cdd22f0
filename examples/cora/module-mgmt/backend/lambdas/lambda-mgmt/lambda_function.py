"""Lambda management (module-mgmt): Phase 2 is done, this Lambda uses the new name."""

from org_common import db


def lambda_settings(name):
    return db.fetch_one("SELECT * FROM mgmt_cfg_sys_lambda WHERE name = %s", [name])


def legacy_report():
    # Still reads through the sys_lambda_config compatibility view; move it over.
    return db.fetch_all("SELECT name, schedule FROM sys_lambda_config ORDER BY name")
