"""Liquibase changelogs written with change types (``createTable``,
``addColumn``...) in XML, YAML or JSON: read as the SQL Liquibase runs for
them (:mod:`.reader`)."""
