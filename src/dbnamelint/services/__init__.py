"""Services: lint, the CI gate, history; they return typed results and never print."""
