"""Stage 6, orchestration: a class run. ``engine.py`` calls the stages of ``stages/`` in
order; ``plugin.py`` is the pytest plugin the hidden suites run under; workers
(``parallel.py``, ``distributed.py``, ``worker.py``, ``jobs.py``), the result cache and its
serialisation."""
