"""Grading engine for the gradient-descent exercise kit.

The package's tree is its pipeline, one package per stage: intake (find and read
submissions) -> sandbox (run student code in another process, plain numbers back) ->
checks (compare with the reference in the grader) -> scoring (pure) -> writers (the only
code that touches disk); orchestration runs a class through them, and integrations
connect the kit to LMSs, Gradescope, nbgrader and the student release. The modules at
the top are the shared vocabulary (model, errors, messages, config, assignment, secret,
relations) and the command line (cli, console, grade_command); public/ holds what also
ships to students. tests/test_layers.py fails on any import that reaches a later stage.
"""

__version__ = "0.1.0"
