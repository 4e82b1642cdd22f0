-- Document classification and the documentation index.

CREATE TABLE document_types (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    type_name text NOT NULL UNIQUE,
    category text,
    description text
);

-- Snapshot taken before the document type consolidation.
CREATE TABLE document_types_original (
    id uuid PRIMARY KEY,
    type_name text NOT NULL,
    category text
);

CREATE TABLE document_type_aliases (
    id serial PRIMARY KEY,
    document_type_id uuid NOT NULL REFERENCES document_types (id) ON DELETE CASCADE,
    alias_name text NOT NULL
);

CREATE TABLE document_concepts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    document_id uuid NOT NULL REFERENCES expert_documents (id) ON DELETE CASCADE,
    concept text NOT NULL,
    weight real
);

CREATE TABLE documentation_files (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    file_path text NOT NULL UNIQUE,
    title text,
    file_hash text,
    document_type_id uuid REFERENCES document_types (id),
    last_indexed_at timestamptz
);

CREATE TABLE documentation_files_missing_doc_ids (
    file_path text PRIMARY KEY,
    detected_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documentation_processing_queue (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    file_id uuid NOT NULL REFERENCES documentation_files (id) ON DELETE CASCADE,
    priority integer NOT NULL DEFAULT 0,
    queue_status text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0
);

CREATE TABLE documentation_sections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    file_id uuid NOT NULL REFERENCES documentation_files (id) ON DELETE CASCADE,
    heading text NOT NULL,
    anchor_id text,
    summary text
);

CREATE INDEX idx_documentation_sections_file_id ON documentation_sections (file_id);
