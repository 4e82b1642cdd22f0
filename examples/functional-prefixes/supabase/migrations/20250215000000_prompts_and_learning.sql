-- AI prompt management and the learning platform.

CREATE TABLE prompt_categories (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    category_name text NOT NULL UNIQUE,
    parent_category_id uuid REFERENCES prompt_categories (id)
);

CREATE TABLE prompts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prompt_name text NOT NULL UNIQUE,
    content text NOT NULL,
    category_id uuid REFERENCES prompt_categories (id),
    document_type_id uuid REFERENCES document_types (id),
    version text NOT NULL DEFAULT '1.0'
);

CREATE TABLE prompt_output_templates (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    template_name text NOT NULL UNIQUE,
    template jsonb NOT NULL
);

CREATE TABLE prompt_relationships (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prompt_id uuid NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    asset_path text NOT NULL,
    relationship_type text NOT NULL
);

CREATE TABLE prompt_template_associations (
    prompt_id uuid NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    template_id uuid NOT NULL REFERENCES prompt_output_templates (id) ON DELETE CASCADE,
    priority integer NOT NULL DEFAULT 0,
    PRIMARY KEY (prompt_id, template_id)
);

CREATE TABLE learning_topics (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    topic_name text NOT NULL UNIQUE,
    parent_topic_id uuid REFERENCES learning_topics (id)
);

CREATE TABLE subject_classifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    subject text NOT NULL UNIQUE,
    subject_character text
);

CREATE TABLE user_subject_interests (
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    subject_id uuid NOT NULL REFERENCES subject_classifications (id) ON DELETE CASCADE,
    interest_level integer NOT NULL DEFAULT 1,
    PRIMARY KEY (user_id, subject_id)
);

CREATE TABLE user_content_scores (
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    source_id uuid NOT NULL REFERENCES sources_google (id) ON DELETE CASCADE,
    relevance_score real NOT NULL,
    PRIMARY KEY (user_id, source_id)
);

CREATE TABLE user_learning_analytics (
    user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    total_minutes integer NOT NULL DEFAULT 0,
    completion_rate real,
    updated_at timestamptz NOT NULL DEFAULT now()
);
