"""What also ships to students and runs without the kit (standard library and numpy only):
``runtime.py``, the shared runtime of every assignments/<name>/check_public.py (written in
by integrations/release/public_checks.py, with ``student_file.py``'s text), and
``stubgen.py``, which makes the student stub and notebook from solutions/. The grader's
intake imports ``student_file.py`` too, so a notebook is read one way everywhere."""
