-- Phase 1 of the DBA-approved naming standard (Zone E): 19 system and
-- infrastructure tables move to their owning domain prefix. Transaction-safe;
-- the compatibility views below keep old code working until the code update
-- (scripts/standardize-database-references.sh) is deployed.
--
-- PostgreSQL keeps index and constraint names on a table rename, so each
-- table's indexes and constraints are renamed with it: otherwise they would
-- keep spelling the old table name.
BEGIN;

-- GROUP 1: System & Infrastructure
ALTER TABLE feature_flags RENAME TO system_feature_flags;
ALTER TABLE system_feature_flags RENAME CONSTRAINT feature_flags_pkey TO system_feature_flags_pkey;
ALTER TABLE system_feature_flags RENAME CONSTRAINT feature_flags_flag_key_key
    TO system_feature_flags_flag_key_key;
ALTER TABLE rate_limits RENAME TO system_rate_limits;
ALTER TABLE system_rate_limits RENAME CONSTRAINT rate_limits_pkey TO system_rate_limits_pkey;
ALTER TABLE system_rate_limits RENAME CONSTRAINT rate_limits_user_id_fkey
    TO system_rate_limits_user_id_fkey;
ALTER INDEX idx_rate_limits_user_endpoint RENAME TO idx_system_rate_limits_user_endpoint;
ALTER TABLE usage_logs RENAME TO system_usage_logs;
ALTER TABLE system_usage_logs RENAME CONSTRAINT usage_logs_pkey TO system_usage_logs_pkey;
ALTER TABLE system_usage_logs RENAME CONSTRAINT usage_logs_user_id_fkey
    TO system_usage_logs_user_id_fkey;
ALTER INDEX idx_usage_logs_created_at RENAME TO idx_system_usage_logs_created_at;
ALTER SEQUENCE usage_logs_id_seq RENAME TO system_usage_logs_id_seq;
ALTER TABLE feature_usage_stats RENAME TO analytics_feature_usage_stats;
ALTER TABLE analytics_feature_usage_stats RENAME CONSTRAINT feature_usage_stats_pkey
    TO analytics_feature_usage_stats_pkey;
ALTER TABLE scheduled_deletions RENAME TO system_scheduled_deletions;
ALTER TABLE system_scheduled_deletions RENAME CONSTRAINT scheduled_deletions_pkey
    TO system_scheduled_deletions_pkey;
ALTER TABLE system_scheduled_deletions RENAME CONSTRAINT scheduled_deletions_user_id_fkey
    TO system_scheduled_deletions_user_id_fkey;

-- GROUP 2: User & Auth Domain
ALTER TABLE mfa_pending_setup RENAME TO user_mfa_pending_setup;
ALTER TABLE user_mfa_pending_setup RENAME CONSTRAINT mfa_pending_setup_pkey
    TO user_mfa_pending_setup_pkey;
ALTER TABLE user_mfa_pending_setup RENAME CONSTRAINT mfa_pending_setup_user_id_fkey
    TO user_mfa_pending_setup_user_id_fkey;
ALTER TABLE mfa_recovery_codes RENAME TO user_mfa_recovery_codes;
ALTER TABLE user_mfa_recovery_codes RENAME CONSTRAINT mfa_recovery_codes_pkey
    TO user_mfa_recovery_codes_pkey;
ALTER TABLE user_mfa_recovery_codes RENAME CONSTRAINT mfa_recovery_codes_user_id_fkey
    TO user_mfa_recovery_codes_user_id_fkey;
ALTER TABLE reset_tokens RENAME TO security_reset_tokens;
ALTER TABLE security_reset_tokens RENAME CONSTRAINT reset_tokens_pkey TO security_reset_tokens_pkey;
ALTER TABLE security_reset_tokens RENAME CONSTRAINT reset_tokens_user_id_fkey
    TO security_reset_tokens_user_id_fkey;
ALTER TABLE security_reset_tokens RENAME CONSTRAINT reset_tokens_token_hash_key
    TO security_reset_tokens_token_hash_key;
ALTER TABLE onboarding_status RENAME TO user_onboarding_status;
ALTER TABLE user_onboarding_status RENAME CONSTRAINT onboarding_status_pkey
    TO user_onboarding_status_pkey;
ALTER TABLE user_onboarding_status RENAME CONSTRAINT onboarding_status_user_id_fkey
    TO user_onboarding_status_user_id_fkey;
ALTER TABLE onboarding_steps RENAME TO user_onboarding_steps;
ALTER TABLE user_onboarding_steps RENAME CONSTRAINT onboarding_steps_pkey
    TO user_onboarding_steps_pkey;
ALTER TABLE user_onboarding_steps RENAME CONSTRAINT onboarding_steps_user_id_fkey
    TO user_onboarding_steps_user_id_fkey;
ALTER TABLE user_onboarding_steps RENAME CONSTRAINT onboarding_steps_user_id_step_key_key
    TO user_onboarding_steps_user_id_step_key_key;
ALTER TABLE onboarding_surveys RENAME TO user_onboarding_surveys;
ALTER TABLE user_onboarding_surveys RENAME CONSTRAINT onboarding_surveys_pkey
    TO user_onboarding_surveys_pkey;
ALTER TABLE user_onboarding_surveys RENAME CONSTRAINT onboarding_surveys_user_id_fkey
    TO user_onboarding_surveys_user_id_fkey;
ALTER TABLE reminder_states RENAME TO user_reminder_states;
ALTER TABLE user_reminder_states RENAME CONSTRAINT reminder_states_pkey
    TO user_reminder_states_pkey;
ALTER TABLE user_reminder_states RENAME CONSTRAINT reminder_states_user_id_fkey
    TO user_reminder_states_user_id_fkey;

-- GROUP 3: Workspace
ALTER TABLE workspace RENAME TO workspaces;
ALTER TABLE workspaces RENAME CONSTRAINT workspace_pkey TO workspaces_pkey;
ALTER TABLE workspaces RENAME CONSTRAINT workspace_owner_id_fkey TO workspaces_owner_id_fkey;

-- GROUP 4: Communications Domain
ALTER TABLE messages RENAME TO comms_messages;
ALTER TABLE comms_messages RENAME CONSTRAINT messages_pkey TO comms_messages_pkey;
ALTER TABLE comms_messages RENAME CONSTRAINT messages_workspace_id_fkey
    TO comms_messages_workspace_id_fkey;
ALTER TABLE comms_messages RENAME CONSTRAINT messages_contact_id_fkey
    TO comms_messages_contact_id_fkey;
ALTER INDEX idx_messages_workspace_id RENAME TO idx_comms_messages_workspace_id;
ALTER TABLE scheduled_messages RENAME TO comms_scheduled_messages;
ALTER TABLE comms_scheduled_messages RENAME CONSTRAINT scheduled_messages_pkey
    TO comms_scheduled_messages_pkey;
ALTER TABLE comms_scheduled_messages RENAME CONSTRAINT scheduled_messages_message_id_fkey
    TO comms_scheduled_messages_message_id_fkey;

-- GROUP 5: Call/Voice Domain
ALTER TABLE calls RENAME TO call_logs;
ALTER TABLE call_logs RENAME CONSTRAINT calls_pkey TO call_logs_pkey;
ALTER TABLE call_logs RENAME CONSTRAINT calls_workspace_id_fkey TO call_logs_workspace_id_fkey;
ALTER TABLE call_logs RENAME CONSTRAINT calls_contact_id_fkey TO call_logs_contact_id_fkey;
ALTER TABLE transcripts RENAME TO call_transcripts;
ALTER TABLE call_transcripts RENAME CONSTRAINT transcripts_pkey TO call_transcripts_pkey;
ALTER TABLE call_transcripts RENAME CONSTRAINT transcripts_call_id_fkey
    TO call_transcripts_call_id_fkey;
ALTER TABLE transcript_segments RENAME TO call_transcript_segments;
ALTER TABLE call_transcript_segments RENAME CONSTRAINT transcript_segments_pkey
    TO call_transcript_segments_pkey;
ALTER TABLE call_transcript_segments RENAME CONSTRAINT transcript_segments_transcript_id_fkey
    TO call_transcript_segments_transcript_id_fkey;
ALTER INDEX idx_transcript_segments_transcript_id RENAME TO idx_call_transcript_segments_transcript_id;
ALTER SEQUENCE transcript_segments_id_seq RENAME TO call_transcript_segments_id_seq;

-- GROUP 7: AI/Assistant
ALTER TABLE ai_jobs RENAME TO assistant_jobs;
ALTER TABLE assistant_jobs RENAME CONSTRAINT ai_jobs_pkey TO assistant_jobs_pkey;
ALTER TABLE assistant_jobs RENAME CONSTRAINT ai_jobs_session_id_fkey
    TO assistant_jobs_session_id_fkey;
ALTER INDEX idx_ai_jobs_status RENAME TO idx_assistant_jobs_status;

-- GROUP 6: deals is kept as is (DBA decision: no semantic drift).

-- Compatibility views for the 6 tables with code references; dropped by the
-- cleanup migration 24-48 hours after the code update.
CREATE VIEW messages AS SELECT * FROM comms_messages;
CREATE VIEW scheduled_messages AS SELECT * FROM comms_scheduled_messages;
CREATE VIEW calls AS SELECT * FROM call_logs;
CREATE VIEW transcripts AS SELECT * FROM call_transcripts;
CREATE VIEW transcript_segments AS SELECT * FROM call_transcript_segments;
CREATE VIEW ai_jobs AS SELECT * FROM assistant_jobs;

COMMIT;
