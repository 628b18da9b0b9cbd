"""The public checks students run (assignments/<name>/check_public.py): one shared runtime
(runtime.py), each assignment's worked examples (examples.py), and the generator that
writes the file from them and the suite's public cases (generate.py)."""
