"""The rule engine and the built-in rules."""
