"""Stage 1, intake: what was handed in, as text and who it is. ``submission.py``
reads one submission (.py, .ipynb, .zip); ``layouts/`` reads a whole download (Canvas,
Moodle, GitHub Classroom, nbgrader, a plain folder) as one submission per person."""
