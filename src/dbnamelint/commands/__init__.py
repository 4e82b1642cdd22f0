"""One module per command; each is a function returning an exit code.

The click layer in :mod:`dbnamelint.cli` only parses options and
dispatches, as pre-commit's ``main.py`` does, so commands stay testable as
plain functions.
"""
