-- Phases 2 and 6 (WS-Plugin S3 Phase 0): Rule 8 names for module-mgmt.
BEGIN;

ALTER TABLE sys_lambda_config RENAME TO mgmt_cfg_sys_lambda;
ALTER TABLE sys_module_registry RENAME TO mgmt_cfg_sys_modules;
ALTER TABLE sys_module_usage RENAME TO mgmt_usage_modules;
ALTER TABLE sys_module_usage_daily RENAME TO mgmt_usage_modules_daily;

-- PostgreSQL keeps constraint names when a table is renamed: rename them too,
-- or they keep the legacy table name forever.
ALTER TABLE mgmt_cfg_sys_lambda RENAME CONSTRAINT sys_lambda_config_pkey TO mgmt_cfg_sys_lambda_pkey;
ALTER TABLE mgmt_cfg_sys_lambda
    RENAME CONSTRAINT sys_lambda_config_function_name_key TO mgmt_cfg_sys_lambda_function_name_key;
ALTER TABLE mgmt_cfg_sys_modules RENAME CONSTRAINT sys_module_registry_pkey TO mgmt_cfg_sys_modules_pkey;
ALTER TABLE mgmt_cfg_sys_modules
    RENAME CONSTRAINT sys_module_registry_module_name_key TO mgmt_cfg_sys_modules_module_name_key;
ALTER TABLE mgmt_usage_modules RENAME CONSTRAINT sys_module_usage_pkey TO mgmt_usage_modules_pkey;
ALTER TABLE mgmt_usage_modules
    RENAME CONSTRAINT sys_module_usage_module_id_fkey TO mgmt_usage_modules_module_id_fkey;
ALTER TABLE mgmt_usage_modules_daily
    RENAME CONSTRAINT sys_module_usage_daily_pkey TO mgmt_usage_modules_daily_pkey;
ALTER TABLE mgmt_usage_modules_daily
    RENAME CONSTRAINT sys_module_usage_daily_module_id_fkey TO mgmt_usage_modules_daily_module_id_fkey;
-- The bigserial column's sequence keeps the old table name too.
ALTER SEQUENCE sys_module_usage_id_seq RENAME TO mgmt_usage_modules_id_seq;

-- Backward-compatible views, dropped once every Lambda reads the new names.
CREATE VIEW sys_lambda_config AS SELECT * FROM mgmt_cfg_sys_lambda;
CREATE VIEW sys_module_registry AS SELECT * FROM mgmt_cfg_sys_modules;

COMMIT;
