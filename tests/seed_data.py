"""The seed documents' renaming plans, written down once.

Two suites hold the packs to the seeds: ``test_seeds`` lints minimal schemas
built from these names with each pack, ``test_examples`` runs the CLI on the
bundled examples that are midway through the same plans. They must agree on
what a seed says, so its old -> new tables live here, copied from the seed
documents (never from the tool's output). Read-only mappings: one test that
edits a table in place would change what every later test compares with.
"""

from __future__ import annotations

from types import MappingProxyType

# --- seed 000: CORA ADR-011 Rule 8 (pack "cora") -----------------------------

#: Every rename of the seed's migration plan.
CORA_RENAMES = MappingProxyType(
    {
        "sys_idp_config": "access_cfg_sys_idp",
        "sys_idp_audit_log": "access_log_idp_audit",
        "user_auth_log": "user_log_auth",
        "sys_lambda_config": "mgmt_cfg_sys_lambda",
        "sys_module_registry": "mgmt_cfg_sys_modules",
        "sys_module_usage": "mgmt_usage_modules",
        "sys_module_usage_daily": "mgmt_usage_modules_daily",
        "ws_configs": "ws_cfg_sys",
        "ws_org_settings": "ws_cfg_org",
        "ws_activity_log": "ws_log_activity",
        "ai_model_validation_history": "ai_hist_model_validation",
        "ai_model_validation_progress": "ai_state_validation",
        "org_prompt_engineering": "ai_cfg_org_prompts",
        "sys_rag": "ai_cfg_sys_rag",
        "chat_session_kb": "chat_session_kbs",
    }
)

#: Phases 1, 3 and 5, still open in the bundled example.
CORA_PENDING = MappingProxyType(
    {
        name: CORA_RENAMES[name]
        for name in (
            "sys_idp_config",
            "sys_idp_audit_log",
            "ws_configs",
            "ws_org_settings",
            "ws_activity_log",
            "user_auth_log",
            "ai_model_validation_history",
            "ai_model_validation_progress",
        )
    }
)

# --- seed 001: DBA domain prefixes (pack "dba-domains", Zone E) ---------------

#: Phase 1 (19 tables), deployed in the bundled example.
DBA_PHASE_1 = MappingProxyType(
    {
        "feature_flags": "system_feature_flags",
        "rate_limits": "system_rate_limits",
        "usage_logs": "system_usage_logs",
        "feature_usage_stats": "analytics_feature_usage_stats",
        "scheduled_deletions": "system_scheduled_deletions",
        "mfa_pending_setup": "user_mfa_pending_setup",
        "mfa_recovery_codes": "user_mfa_recovery_codes",
        "reset_tokens": "security_reset_tokens",
        "onboarding_status": "user_onboarding_status",
        "onboarding_steps": "user_onboarding_steps",
        "onboarding_surveys": "user_onboarding_surveys",
        "reminder_states": "user_reminder_states",
        "workspace": "workspaces",
        "messages": "comms_messages",
        "scheduled_messages": "comms_scheduled_messages",
        "calls": "call_logs",
        "transcripts": "call_transcripts",
        "transcript_segments": "call_transcript_segments",
        "ai_jobs": "assistant_jobs",
    }
)

#: Phase 2, pending in the bundled example.
DBA_PHASE_2 = MappingProxyType(
    {
        "profiles": "user_profiles",
        "leads": "crm_leads",
        "contacts": "crm_contacts",
        "lead_contacts": "crm_lead_contacts",
        "lead_notes": "crm_lead_notes",
        "oauth_tokens": "security_oauth_tokens",
        "api_keys": "security_api_keys",
        "user_mfa": "user_mfa_settings",
        "email_logs": "comms_email_logs",
        "email_preferences": "user_email_preferences",
        "email_change_history": "security_email_change_history",
        "stripe_customers": "billing_stripe_customers",
        "stripe_products": "billing_stripe_products",
        "subscription_notifications": "billing_subscription_notifications",
        "subscription_events": "billing_subscription_events",
        "reminder_logs": "user_reminder_logs",
    }
)

DBA_RENAMES = MappingProxyType({**DBA_PHASE_1, **DBA_PHASE_2})

#: The renames the pack's rules derive (DBN103's prefix replacements such as
#: stripe_ -> billing_stripe_, DBN105's plurals); the other 22 need a human
#: choice of domain (rate_limits -> system_, calls -> call_logs).
DBA_DERIVED = frozenset(
    {
        "ai_jobs",
        "mfa_pending_setup",
        "mfa_recovery_codes",
        "onboarding_status",
        "onboarding_steps",
        "onboarding_surveys",
        "reminder_states",
        "reminder_logs",
        "stripe_customers",
        "stripe_products",
        "subscription_notifications",
        "subscription_events",
        "workspace",
    }
)

# --- seed 002: canonical core (pack "canonical-core") -------------------------

#: "Legacy names still drive runtime behavior" (section 2) with the canonical
#: names of the priority matrix; None: "Exists with path-based / wrong
#: fields", no replacement named.
CORE_LEGACY = MappingProxyType(
    {
        "users": "app_users",
        "run_job_candidates": "run_candidates",
        "projects.user_id": "owner_user_id",
        "assets.asset_kind": "kind",
        "assets.rel_path": "storage_uri",
        "project_exports.export_path": None,
        "project_api_secrets.key_ref": "kms_key_ref",
        "provider_accounts.api_key": None,
        "provider_accounts.meta_json": None,
        "reference_sets.title": None,
        "reference_sets.notes": None,
    }
)

#: The target tables/columns of the matrix that do not exist yet.
CORE_MISSING = (
    "app_users",
    "run_candidates",
    "projects.owner_user_id",
    "assets.kind",
    "assets.storage_uri",
    "assets.metadata_json",
    "runs.run_mode",
    "runs.model_name",
    "runs.settings_snapshot_json",
    "project_api_secrets.kms_key_ref",
    "style_guides.rules_json",
    "style_guides.is_default",
    "characters.identity_constraints_json",
    "reference_sets.kind",
    "reference_sets.metadata_json",
    "reference_items.weight",
)

# --- seed 003: PascalCase -> snake_case (pack "prisma-map") -------------------

#: "Tables to be Renamed".
SNAKE_RENAMES = MappingProxyType(
    {
        "User": "users",
        "AssistantFolder": "chat_folders",
        "AssistantChatSession": "chat_sessions",
        "AssistantChatMessage": "chat_messages",
        "AssistantConversation": "chat_sessions_temp",
        "AssistantMessage": "chat_messages_temp",
    }
)

#: ...and the column renames of the data migration map's transformations.
SNAKE_PENDING = MappingProxyType(
    {
        **SNAKE_RENAMES,
        "AssistantChatSession.sessionName": "title",
        "AssistantChatSession.lastActiveAt": "lastMessageAt",
    }
)

# --- seed 004: functional prefixes (pack "functional-prefixes") ---------------

#: Every "(from ...)" of the 13 groups whose name changes. The seed says
#: "56 existing tables" but lists 54; the 8 of FUNCTIONAL_UNCHANGED keep
#: their names.
FUNCTIONAL_RENAMES = MappingProxyType(
    {
        "allowed_emails": "auth_allowed_emails",
        "user_profiles_v2": "auth_user_profiles",
        "cli_auth_tokens": "auth_cli_tokens",
        "document_types": "doc_types",
        "document_types_original": "doc_types_original",
        "document_type_aliases": "doc_type_aliases",
        "document_concepts": "doc_concepts",
        "documentation_files": "doc_files",
        "documentation_files_missing_doc_ids": "doc_files_missing_ids",
        "documentation_processing_queue": "doc_processing_queue",
        "documentation_sections": "doc_sections",
        "experts": "expert_profiles",
        "citation_expert_aliases": "expert_citation_aliases",
        "sources_google": "google_sources",
        "sources_google_experts": "google_sources_experts",
        "sync_history": "google_sync_history",
        "sync_statistics": "google_sync_statistics",
        "sources": "google_sources_legacy",
        "emails": "email_messages",
        "presentations": "media_presentations",
        "presentation_assets": "media_presentation_assets",
        "scripts": "script_registry",
        "cli_command_tracking": "cmd_tracking",
        "command_categories": "cmd_categories",
        "command_patterns": "cmd_patterns",
        "prompts": "ai_prompts",
        "prompt_categories": "ai_prompt_categories",
        "prompt_output_templates": "ai_prompt_output_templates",
        "prompt_relationships": "ai_prompt_relationships",
        "prompt_template_associations": "ai_prompt_template_associations",
        "learning_topics": "learn_topics",
        "user_subject_interests": "learn_user_interests",
        "user_content_scores": "learn_user_scores",
        "user_learning_analytics": "learn_user_analytics",
        "subject_classifications": "learn_subject_classifications",
        "processing_batches": "batch_processing",
        "table_classifications": "batch_table_classifications",
        "function_registry": "sys_function_registry",
        "function_relationships": "sys_function_relationships",
        "sql_query_history": "sys_sql_query_history",
        "domains": "sys_domains",
        "app_pages": "sys_app_pages",
        "asset_types": "sys_asset_types",
        "mime_types": "sys_mime_types",
        "user_filter_profiles": "filter_user_profiles",
        "user_filter_profile_drives": "filter_user_profile_drives",
    }
)
FUNCTIONAL_UNCHANGED = (
    "auth_audit_log",
    "expert_documents",
    "expert_preferences",
    "email_addresses",
    "media_sessions",
    "media_playback_events",
    "media_topic_segments",
    "media_bookmarks",
)

#: The renames DBN103's prefix replacements derive (document_ -> doc_,
#: prompt_ -> ai_prompt_, ...); test_seeds says why the others are missed.
FUNCTIONAL_DERIVED = frozenset(
    {
        "document_types",
        "document_types_original",
        "document_type_aliases",
        "document_concepts",
        "documentation_files",
        "documentation_processing_queue",
        "documentation_sections",
        "command_categories",
        "command_patterns",
        "prompt_categories",
        "prompt_output_templates",
        "prompt_relationships",
        "prompt_template_associations",
        "learning_topics",
        "function_registry",
        "function_relationships",
    }
)
