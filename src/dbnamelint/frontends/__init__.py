"""Front ends: what turns an input (SQL files, a live database) into naming events.

The SQL front end still lives in ``sources``/``splitting``/``parsing``;
``live`` reads a database's catalog. Both produce the same
:class:`~dbnamelint.model.Event` values, so replay, rules, the whitelist and
every report work on either.
"""
