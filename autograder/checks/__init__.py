"""Stage 3, checks: what a hidden check compares and how. ``compare.py`` (check_close and
its messages), ``expectations.py`` (what a check declares before it calls the student),
``recording.py`` (the suite run once against the reference, as typed records),
``examples.py`` (the types of a public check's worked examples) and ``naming.py`` (which
diagnosis a student's results name)."""
