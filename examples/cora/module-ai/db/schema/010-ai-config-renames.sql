-- Phase 4, done as module-kb Phase 0: both tables used by ai-config-handler.
ALTER TABLE org_prompt_engineering RENAME TO ai_cfg_org_prompts;
ALTER TABLE sys_rag RENAME TO ai_cfg_sys_rag;
ALTER TABLE ai_cfg_org_prompts RENAME CONSTRAINT org_prompt_engineering_pkey TO ai_cfg_org_prompts_pkey;
ALTER TABLE ai_cfg_sys_rag RENAME CONSTRAINT sys_rag_pkey TO ai_cfg_sys_rag_pkey;
