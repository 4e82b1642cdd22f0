-- Phase 5 (deferred): ai_hist_model_validation and ai_state_validation.
CREATE TABLE ai_model_validation_history (
    id bigserial PRIMARY KEY,
    model_id uuid NOT NULL REFERENCES ai_models(id),
    passed boolean NOT NULL,
    validated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ai_model_validation_progress (
    model_id uuid PRIMARY KEY REFERENCES ai_models(id),
    step text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
