"""The engine's core values: object identity and the catalog index."""
