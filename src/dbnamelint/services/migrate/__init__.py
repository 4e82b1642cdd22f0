"""The rename migration of a phase: plan, SQL per dialect, files in the project's layout.

``plan`` decides what is renamed (tables and columns to their targets, then
every dependent name built on the old one), ``sql`` renders the forward,
rollback and cleanup scripts for one dialect, ``layout`` finds where the
project keeps its migrations and names the new files as its tool expects,
``exports`` writes the rename map for other tools, ``bodies`` finds function
and trigger bodies that still spell an old name.
"""
