-- Session 151: plural table names.
ALTER TABLE chat_session_kb RENAME TO chat_session_kbs;
ALTER TABLE chat_session_kbs RENAME CONSTRAINT chat_session_kb_pkey TO chat_session_kbs_pkey;
ALTER TABLE chat_session_kbs RENAME CONSTRAINT chat_session_kb_kb_id_fkey TO chat_session_kbs_kb_id_fkey;
