-- DDL of scripts/backend.py:init_schema(), part 4: creative knowledge tables.

CREATE TABLE IF NOT EXISTS style_guides (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    guide_name text NOT NULL,
    body text
);

CREATE TABLE IF NOT EXISTS characters (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    character_name text NOT NULL,
    description text
);

CREATE TABLE IF NOT EXISTS reference_sets (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title text NOT NULL,
    notes text
);

CREATE TABLE IF NOT EXISTS reference_items (
    id bigserial PRIMARY KEY,
    reference_set_id bigint NOT NULL REFERENCES reference_sets (id) ON DELETE CASCADE,
    asset_id bigint REFERENCES assets (id) ON DELETE SET NULL,
    caption text
);

-- Prompts still live in the manifest; prompt versioning can wait.
CREATE TABLE IF NOT EXISTS prompt_templates (
    id bigserial PRIMARY KEY,
    template_name text NOT NULL UNIQUE,
    body text NOT NULL
);
