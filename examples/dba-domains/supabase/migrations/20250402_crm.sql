-- CRM: leads, contacts and deals.

CREATE TABLE leads (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    source text,
    stage text NOT NULL DEFAULT 'new',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_leads_workspace_id ON leads (workspace_id);

CREATE TABLE contacts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    email text,
    phone text,
    full_name text
);

CREATE TABLE lead_contacts (
    lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    contact_role text,
    PRIMARY KEY (lead_id, contact_id)
);

CREATE TABLE lead_notes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    author_id uuid REFERENCES profiles (id),
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- GROUP 6: kept as is ("Entity name is already clear").
CREATE TABLE deals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id uuid REFERENCES leads (id) ON DELETE SET NULL,
    amount_cents bigint,
    stage text NOT NULL DEFAULT 'open',
    closed_at timestamptz
);

CREATE TABLE deal_events (
    id bigserial PRIMARY KEY,
    deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    event_type text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
