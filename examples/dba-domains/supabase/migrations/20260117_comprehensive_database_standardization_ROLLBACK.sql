-- Rollback of 20260117_comprehensive_database_standardization.sql (~5 seconds).
-- Not a forward migration: dbnamelint.yaml excludes it from the replay.
BEGIN;

-- Drop compatibility views first
DROP VIEW IF EXISTS ai_jobs;
DROP VIEW IF EXISTS transcript_segments;
DROP VIEW IF EXISTS transcripts;
DROP VIEW IF EXISTS calls;
DROP VIEW IF EXISTS scheduled_messages;
DROP VIEW IF EXISTS messages;

-- Reverse all renames (GROUP 7 -> GROUP 1); index and constraint names are
-- restored by scripts/standardize-database-references.sh --rollback.
ALTER TABLE assistant_jobs RENAME TO ai_jobs;
ALTER TABLE call_transcript_segments RENAME TO transcript_segments;
ALTER TABLE call_transcripts RENAME TO transcripts;
ALTER TABLE call_logs RENAME TO calls;
ALTER TABLE comms_scheduled_messages RENAME TO scheduled_messages;
ALTER TABLE comms_messages RENAME TO messages;
ALTER TABLE workspaces RENAME TO workspace;
ALTER TABLE user_reminder_states RENAME TO reminder_states;
ALTER TABLE user_onboarding_surveys RENAME TO onboarding_surveys;
ALTER TABLE user_onboarding_steps RENAME TO onboarding_steps;
ALTER TABLE user_onboarding_status RENAME TO onboarding_status;
ALTER TABLE security_reset_tokens RENAME TO reset_tokens;
ALTER TABLE user_mfa_recovery_codes RENAME TO mfa_recovery_codes;
ALTER TABLE user_mfa_pending_setup RENAME TO mfa_pending_setup;
ALTER TABLE system_scheduled_deletions RENAME TO scheduled_deletions;
ALTER TABLE analytics_feature_usage_stats RENAME TO feature_usage_stats;
ALTER TABLE system_usage_logs RENAME TO usage_logs;
ALTER TABLE system_rate_limits RENAME TO rate_limits;
ALTER TABLE system_feature_flags RENAME TO feature_flags;

COMMIT;
