"""Layer-free building blocks shared by every layer (identity, diagnostics registry)."""
