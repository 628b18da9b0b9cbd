"""Grades back to an LMS: export files keyed by the platform's own ids (``export.py``,
``moodle.py``; ``rows.py`` reads a run's grades.csv and intake.json) and LTI 1.3 passback
(``lti/``)."""
