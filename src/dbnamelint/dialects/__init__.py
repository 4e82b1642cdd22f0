"""Dialects: canonical names and aliases, hints in paths, and one profile per family.

``names`` turns what users write (``postgresql``, ``mssql``) and what file
names announce into sqlglot's dialect names; ``profile`` holds every fact
about a database that the other layers need (:func:`profile_for`).
"""

from dbnamelint.dialects.names import (
    ALIASES,
    DEFAULT_DIALECT,
    DIALECTS,
    EXTENSION_DIALECTS,
    OTHER_DATABASE_FOLDERS,
    OWN_DIALECTS,
    UNREADABLE_DATABASE_FOLDERS,
    dialect_from_folder_names,
    dialect_from_path_words,
    dialect_from_suffix,
    dump_dialect,
    extension_dialect,
    flyway_vendor_folder,
    has_dialect_extension,
    merged_flyway_locations,
    migration_extension_dialect,
    normalize_dialect,
    section_dialects,
    sniff_dialect,
    sniff_signal,
    sqlglot_dialect,
)
from dbnamelint.dialects.profile import DialectProfile, Family, Folding, copy_of, profile_for

__all__ = [
    "ALIASES",
    "DEFAULT_DIALECT",
    "DIALECTS",
    "EXTENSION_DIALECTS",
    "OTHER_DATABASE_FOLDERS",
    "OWN_DIALECTS",
    "UNREADABLE_DATABASE_FOLDERS",
    "DialectProfile",
    "Family",
    "Folding",
    "copy_of",
    "dialect_from_folder_names",
    "dialect_from_path_words",
    "dialect_from_suffix",
    "dump_dialect",
    "extension_dialect",
    "flyway_vendor_folder",
    "has_dialect_extension",
    "merged_flyway_locations",
    "migration_extension_dialect",
    "normalize_dialect",
    "profile_for",
    "section_dialects",
    "sniff_dialect",
    "sniff_signal",
    "sqlglot_dialect",
]
