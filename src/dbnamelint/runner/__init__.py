"""Running the pipeline: the one-way wiring of the layers (``pipeline``), the
per-file and whole-run caches (``readcache``, ``runcache``), the progress bar
and the collector pause."""
