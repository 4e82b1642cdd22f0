"""Options models of the built-in rules, one module per rule module.

They are pydantic models, kept apart from the rules so that running a rule
whose options came from the settings cache never imports pydantic (see
:class:`dbnamelint.rules.base.OptionsModel`).
"""
