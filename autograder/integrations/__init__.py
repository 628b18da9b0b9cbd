"""Stage 7, integrations: the kit and the outside world. ``lms/`` (Canvas, Moodle and CSV
exports, LTI 1.3), ``gradescope/`` (the autograder bundle), ``nbgrader/`` (the course and
its gradebook), ``release/`` (what students get: the released folders, public checks,
GitHub Classroom, new assignments)."""
