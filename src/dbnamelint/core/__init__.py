"""The engine's core values: object identity, the catalog index, the diagnostics registry."""
