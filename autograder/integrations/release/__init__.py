"""What students get: ``package.py`` (`make release`), ``public_checks.py`` (writes
check_public.py), ``classroom.py`` (the GitHub Classroom workflow), ``pins.py`` (runtime pins
and fixed zip timestamps) and ``scaffold.py`` (`new`: a new assignment's skeleton)."""
