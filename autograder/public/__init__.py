"""The public checks students run (assignments/<name>/check_public.py): one shared runtime
(runtime.py, with student_file.py written in), the types of an assignment's worked examples
(examples.py; the examples live in suites/<name>/public_examples.py), and the generator that
writes the file from them and the recorded suite's public checks (generate.py)."""
