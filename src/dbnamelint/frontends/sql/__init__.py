"""The SQL front end: files found and decoded (``sources``), cut into statements
(``splitting``) and read into naming events (``parsing``)."""
