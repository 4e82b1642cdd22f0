"""Prisma's schema language (``*.prisma``): :mod:`.schema` reads it."""
