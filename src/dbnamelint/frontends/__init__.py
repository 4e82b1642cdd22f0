"""Front ends: what turns an input (SQL files, a live database) into naming events.

``sql`` reads SQL files (``sources``, ``splitting``, ``parsing``);
``live`` reads a database's catalog. Both produce the same
:class:`~dbnamelint.model.Event` values, so replay, rules, the whitelist and
every report work on either.
"""
