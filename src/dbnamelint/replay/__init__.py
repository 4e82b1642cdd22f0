"""Replay naming events, file after file, into the schema the database ends with.

A naming standard judges what the database *holds*, not what one file says:
a table created as ``messages`` and renamed to ``comms_messages`` three
migrations later is compliant, its implicit ``messages_pkey`` is not, and a
view called ``messages`` reading it is a compatibility view rather than a
new legacy name. So events are applied in order to a small mutable model
(private to this package) and only the end state leaves it, as frozen
:class:`~dbnamelint.model.SchemaObject` values.

Each dialect replays into its own namespace because one tree often holds the
same schema for several databases (sakila, kratos, guacamole); name matching
follows the dialect (PostgreSQL folds unquoted names to lower case, MySQL,
SQLite and T-SQL compare case-insensitively).

The entry point is :func:`dbnamelint.replay.engine.replay`; each step is a
class of its own module (state, implicit names, renaming, the columns views
read, attached objects, dropping, compatibility views), each building on the
one before, and the engine's replayer is the last of them;
:mod:`dbnamelint.replay.freeze` turns the end state into frozen values.
"""
