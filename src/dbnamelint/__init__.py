"""dbnamelint: keep database names on standard while legacy names are renamed in phases."""

__version__ = "0.1.0"
