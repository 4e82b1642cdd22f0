-- Email delivery and Stripe billing.

CREATE TABLE email_logs (
    id bigserial PRIMARY KEY,
    user_id uuid REFERENCES profiles (id) ON DELETE SET NULL,
    template text NOT NULL,
    provider_message_id text,
    sent_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE email_preferences (
    user_id uuid PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    marketing_opt_in boolean NOT NULL DEFAULT false,
    digest_frequency text NOT NULL DEFAULT 'weekly'
);

CREATE TABLE email_change_history (
    id bigserial PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    old_email text NOT NULL,
    new_email text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stripe_customers (
    user_id uuid PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    stripe_customer_id text NOT NULL UNIQUE
);

CREATE TABLE stripe_products (
    id text PRIMARY KEY,
    product_name text NOT NULL,
    is_active boolean NOT NULL DEFAULT true
);

CREATE TABLE subscription_events (
    id bigserial PRIMARY KEY,
    stripe_event_id text NOT NULL UNIQUE,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE subscription_notifications (
    id bigserial PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    notification_type text NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now()
);
